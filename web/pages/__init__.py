"""Server-rendered pages for people, in Norwegian bokmål."""
