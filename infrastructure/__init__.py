"""What both sides stand on: where the store lives (`config`), the PostgreSQL store that
fails fast (`pgstore`), and the JSON transcodings of the domain's values."""
