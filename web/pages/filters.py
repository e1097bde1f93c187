"""What the pages read from a query string: text that could be in a record, and days
in Norwegian time."""

from __future__ import annotations

import re
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


#: A date as people in Norway write it: `1.10.2025`, `01.10.2025`.
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def date_text(value: str) -> str:
    """A typed date (`01.10.2025`, or `2025-10-01` as a date picker or a link sends it)
    in the API's form (`2025-10-01`); anything else as typed, for the schema to refuse
    ("må være en dato, skrevet som dd.mm.åååå")."""
    typed = value.strip()
    found = _NORWEGIAN_DATE.fullmatch(typed)
    if found is None:
        return typed
    day, month, year = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def day_bound(value: str, start: bool) -> datetime | None:
    """The first (or last) moment of a day (`dd.mm.åååå` or `åååå-mm-dd`) in Norwegian
    time; None if not a day."""
    try:
        day = date.fromisoformat(date_text(value))
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
