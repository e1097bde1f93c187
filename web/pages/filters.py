"""What the pages read from a query string: text that could be in a record, and days
in Norwegian time."""

from __future__ import annotations

from datetime import date, datetime, time
from urllib.parse import urlparse

from flask import request

from domain.formatting import format_date
from domain.text import FILTER, text_fault
from web.pages.present import OSLO


class UnusableFilter(Exception):
    """A search field holds characters no record can contain."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def query_text(name: str) -> str:
    """A query parameter of a page, stripped; `UnusableFilter` (422) for control characters."""
    value = request.args.get(name, "")
    if len(value) > FILTER or text_fault(value) is not None:
        raise UnusableFilter(name)
    return value.strip()


def day_bound(value: str, start: bool) -> datetime | None:
    """The first (or last) moment of a `YYYY-MM-DD` day in Norwegian time; None if not a day."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return datetime.combine(day, time.min if start else time.max, tzinfo=OSLO)


def format_day(value: str | date | None) -> str:
    """`2025-03-01` (or the date) → `01.03.2025`; nothing → –."""
    if isinstance(value, date):
        return format_date(value)
    return format_date(date.fromisoformat(value)) if value else "–"


def local_target(value: str) -> str | None:
    """A path on this site to go to after logging in; None for anything else (another
    site, a protocol-relative or backslashed address, control characters)."""
    if (not value.startswith("/") or value.startswith("//") or "\\" in value or text_fault(value) is not None
            or urlparse(value).netloc):
        return None
    return value
