"""Reporting after a grant: the requirements of an application, its letters, and the
overdue list in scope. The commands on reports and the secretariat's questions are
endpoints of `web.api.commands`, made from `web.case_commands`, under this tag."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.round import local_date
from domain.scope import community_scope, organisation_scope, owner_scope
from domain.values import APPLICANT, ASSESSOR, AUDITOR, COMMITTEE, FINANCE
from infrastructure.sql import reading
from readmodels.followup import is_overdue, overdue, reports_in_scope
from readmodels.mail import letters_of
from web.api.applications import readable_application
from web.api.common import QUERY_ERRORS, ListArgs, blueprint, documented, paged, paged_in_order, query
from web.auth import current_actor, require
from web.context import services
from web.schemas import reports

blp = blueprint("reports", "Reporting after a grant: requirements, reports, acceptance and the overdue list.")


def with_overdue(report: dict[str, Any], today: date) -> dict[str, Any]:
    """A requirement as the API gives it: `overdue` worked out for today."""
    return {**report, "overdue": is_overdue(report, today)}


@blp.route("/applications/<uuid:application_id>/reports", methods=["GET"])
@blp.arguments(ListArgs, location="query")
@blp.response(200, reports.ReportList)
@documented(blp, *QUERY_ERRORS)
@query
def list_reports(args: dict[str, Any], application_id: UUID) -> Any:
    """The reporting requirements of a grant, oldest first (everyone in scope)."""
    row = readable_application(application_id)
    today = local_date(services().grants.now())
    return paged_in_order([with_overdue(r, today) for r in row["document"].get("reports", [])], args)


@blp.route("/applications/<uuid:application_id>/letters", methods=["GET"])
@blp.arguments(ListArgs, location="query")
@blp.response(200, reports.LetterList)
@documented(blp, *QUERY_ERRORS)
@query
def list_letters(args: dict[str, Any], application_id: UUID) -> Any:
    """The decision letters, receipts and reminders about an application, with the text as
    written, and when each was sent (everyone in scope)."""
    readable_application(application_id)
    models = services().models
    with reading(models.engine) as connection:
        letters = letters_of(connection, models.audit, str(application_id),
                             with_notices=current_actor().role != APPLICANT)
    return paged_in_order(letters, args)


@blp.route("/reports/overdue", methods=["GET"])
@blp.arguments(ListArgs, location="query")
@blp.response(200, reports.OverdueList)
@documented(blp, *QUERY_ERRORS)
@query
def list_overdue(args: dict[str, Any]) -> Any:
    """Reports past their due date and not received, in scope, oldest first (finance,
    assessor, committee, auditor)."""
    actor = require(FINANCE, ASSESSOR, COMMITTEE, AUDITOR)
    models = services().models
    with reading(models.engine) as connection:
        found = overdue(reports_in_scope(connection, models.applications, owner_scope(actor), community_scope(actor),
                                         organisation_scope(actor)), local_date(services().grants.now()))
    return paged(found, args, key=lambda r: [r["due_on"], r["reference"], r["id"]],
                 kinds=(str, str, str))
