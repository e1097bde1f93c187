"""*Rapporter* (finance, secretariat): the reports in scope that are overdue, oldest first,
and those received and waiting to be read; the overdue count for the work pages."""

from __future__ import annotations

from typing import Any

from flask import render_template

from domain.round import local_date
from domain.scope import community_scope, organisation_scope, owner_scope
from domain.values import ASSESSOR, FINANCE, Actor
from infrastructure.sql import reading
from readmodels.followup import overdue, overdue_count, reports_in_scope
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import query_text


def overdue_reports(actor: Actor) -> int:
    """How many reports in the person's scope are overdue (for the work pages' notice)."""
    models = fresh_models()
    with reading(models.engine) as connection:
        return overdue_count(connection, models.applications, local_date(services().grants.now()),
                             owner_scope(actor), community_scope(actor), organisation_scope(actor))


def report_lists(actor: Actor) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The overdue reports in the person's scope, and those received and not yet read."""
    models = fresh_models()
    with reading(models.engine) as connection:
        every = list(reports_in_scope(connection, models.applications, owner_scope(actor), community_scope(actor),
                                      organisation_scope(actor)))
    received = sorted((r for r in every if r["status"] == "received"), key=lambda r: r["received_at"] or "")
    return overdue(iter(every), local_date(services().grants.now())), received


@pages.route("/rapporter")
def reports() -> Any:
    actor = require_page(FINANCE, ASSESSOR)
    late, received = report_lists(actor)
    q = query_text("q")
    return render_template("reports.html", late=matching(late, q), received=matching(received, q), q=q)


def matching(rows: list[dict[str, Any]], words: str) -> list[dict[str, Any]]:
    """The rows whose reference, title or applicant holds the words (all, without words)."""
    wanted = words.casefold().strip()
    if not wanted:
        return rows
    return [r for r in rows if wanted in " ".join(
        (r["reference"], r["title"], r["applicant"] if isinstance(r["applicant"], str) else r["applicant"]["name"])
    ).casefold()]
