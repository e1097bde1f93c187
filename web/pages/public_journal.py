"""*Offentlig journal*: the journal of every case as the public may read it — anyone may
open it, without logging in (offentleglova § 10). Public titles with persons' names
screened, the parties that are organisations, and an exempt document's legal basis."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import render_template

from domain.round import local_date
from infrastructure.sql import reading
from readmodels.public_journal import public_entries
from web.context import services
from web.pages.base import fresh_models, pages
from web.pages.filters import date_text, query_text

#: The longest period the page lists at once.
MAX_DAYS = 366


def _day(name: str, default: date) -> tuple[date, str | None]:
    value = query_text(name)
    if not value:
        return default, None
    try:
        return date.fromisoformat(date_text(value)), None
    except ValueError:
        return default, f"«{value}» er ikke en dato (dd.mm.åååå)."


@pages.route("/offentlig-journal")
def public_journal() -> Any:
    today = local_date(services().grants.now())
    end, end_error = _day("til", today)
    start, start_error = _day("fra", end - timedelta(days=30))
    words = query_text("q")
    error = start_error or end_error
    if error is None and (end < start or (end - start).days > MAX_DAYS):
        error = f"Perioden må gå fra en dato til en senere, høyst {MAX_DAYS} dager."
    entries: list[dict[str, Any]] = []
    if error is None:
        models = fresh_models()
        with reading(models.engine) as connection:
            entries = public_entries(connection, models.journal, start, end, words)
    return render_template("public_journal.html", entries=entries, start=start, end=end, words=words,
                           error=error), 422 if error else 200
