"""Pages (placeholder until the pages land)."""

from flask import Flask


def register(app: Flask) -> None:
    """Add the pages to `app`."""
