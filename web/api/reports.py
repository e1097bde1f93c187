"""Reporting after a grant: the requirements of an application, the applicant's report,
acceptance or return (finance, secretariat), and the overdue list in scope; and, before
the decision, the secretariat's questions to the applicant and the answers.

Commands answer the application as it now stands, like every command on it; `If-Match`
and `Idempotency-Key` work as there."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.round import local_date
from domain.scope import community_scope, organisation_scope, owner_scope
from domain.values import APPLICANT, ASSESSOR, AUDITOR, COMMITTEE, FINANCE
from infrastructure.sql import reading
from readmodels.documents import application_document
from readmodels.followup import is_overdue, overdue, reports_in_scope
from readmodels.mail import letters_of
from web.api.applications import readable_application
from web.api.common import COMMAND_ERRORS, QUERY_ERRORS, NoArgs, answered, blueprint, documented, query
from web.auth import require
from web.context import services
from web.freshness import expected_version
from web.idempotency import command_key
from web.schemas import reports, resources
from web.schemas.information import InformationIn, InformationRequestIn

blp = blueprint("reports", "Reporting after a grant: requirements, reports, acceptance and the overdue list.")
ON_REPORT = "/applications/<uuid:application_id>/reports/<report_id>"
HANDLERS = (FINANCE, ASSESSOR)


def with_overdue(report: dict[str, Any], today: date) -> dict[str, Any]:
    """A requirement as the API gives it: `overdue` worked out for today."""
    return {**report, "overdue": is_overdue(report, today)}


def _command(application_id: UUID, roles: tuple[str, ...], use_case: Any, *args: Any, status: int = 200) -> Any:
    actor = require(*roles, APPLICANT)  # an applicant goes on to the use case's fence (404 if not its own)
    outcome = use_case(application_id, *args, actor, expected_version(), command_key())
    return answered(application_document(outcome.value), outcome.position, status, outcome.replayed)


def _respond(path: str, schema: Any, success: int = 200) -> Any:
    """A command endpoint on a report; a body whose every field may be left out may be
    left out itself (the document says so)."""
    def decorate(func: Any) -> Any:
        func = documented(blp, *COMMAND_ERRORS)(func)
        func = blp.response(success, resources.Application)(func)
        func = blp.arguments(schema, required=any(f.required for f in schema().fields.values()))(func)
        return blp.route(path, methods=["POST"])(func)
    return decorate


@blp.route("/applications/<uuid:application_id>/reports", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, reports.ReportList)
@documented(blp, *QUERY_ERRORS)
@query
def list_reports(_: dict[str, Any], application_id: UUID) -> Any:
    """The reporting requirements of a grant, oldest first (everyone in scope)."""
    row = readable_application(application_id)
    today = local_date(services().grants.now())
    return {"items": [with_overdue(r, today) for r in row["document"].get("reports", [])]}


@_respond("/applications/<uuid:application_id>/reports", reports.ReportRequirementIn, 201)
def require_report(body: dict[str, Any], application_id: UUID) -> Any:
    """Add an interim or final reporting requirement with its due date (finance, assessor)."""
    return _command(application_id, HANDLERS, services().grants.require_report, body["kind"], body["due_on"],
                    body["reason"] or "Rapportering etter tilsagnet", status=201)


@_respond(ON_REPORT + "/due-date", reports.ReportMoveIn)
def move_report(body: dict[str, Any], application_id: UUID, report_id: str) -> Any:
    """Give a requirement a new due date, with the reason (finance, assessor)."""
    return _command(application_id, HANDLERS, services().grants.move_report, report_id, body["due_on"],
                    body["reason"])


@_respond(ON_REPORT + "/submission", reports.ReportSubmissionIn)
def submit_report(body: dict[str, Any], application_id: UUID, report_id: str) -> Any:
    """The grant recipient's report: what was done and the money spent (applicant)."""
    actor = require(APPLICANT)
    outcome = services().grants.submit_report(application_id, report_id, body["text"], body["spent_amount"], actor,
                                              expected_version(), command_key(), tuple(body["attachments"]))
    return answered(application_document(outcome.value), outcome.position, 200, outcome.replayed)


@_respond(ON_REPORT + "/acceptance", reports.ReportCommentIn)
def accept_report(body: dict[str, Any], application_id: UUID, report_id: str) -> Any:
    """Accept a received report; the final one releases the holdback (finance, assessor)."""
    return _command(application_id, HANDLERS, services().grants.accept_report, report_id, body["comment"] or None)


@_respond(ON_REPORT + "/return", reports.ReportReturnIn)
def return_report(body: dict[str, Any], application_id: UUID, report_id: str) -> Any:
    """Send a received report back, saying what is missing (finance, assessor)."""
    return _command(application_id, HANDLERS, services().grants.return_report, report_id, body["comment"])


@blp.route("/applications/<uuid:application_id>/letters", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, reports.LetterList)
@documented(blp, *QUERY_ERRORS)
@query
def list_letters(_: dict[str, Any], application_id: UUID) -> Any:
    """The decision letters, receipts and reminders about an application, with the text as
    written, and when each was sent (everyone in scope)."""
    readable_application(application_id)
    models = services().models
    with reading(models.engine) as connection:
        return {"items": letters_of(connection, models.audit, str(application_id))}


@blp.route("/reports/overdue", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, reports.OverdueList)
@documented(blp, *QUERY_ERRORS)
@query
def list_overdue(_: dict[str, Any]) -> Any:
    """Reports past their due date and not received, in scope, oldest first (finance,
    assessor, committee, auditor)."""
    actor = require(FINANCE, ASSESSOR, COMMITTEE, AUDITOR)
    models = services().models
    with reading(models.engine) as connection:
        found = overdue(reports_in_scope(connection, models.applications, owner_scope(actor), community_scope(actor),
                                         organisation_scope(actor)), local_date(services().grants.now()))
    return {"items": found}


@_respond("/applications/<uuid:application_id>/information-request", InformationRequestIn)
def request_information(body: dict[str, Any], application_id: UUID) -> Any:
    """Ask the applicant for more information by `reply_by` (the community's secretariat):
    the application waits (`awaiting_information`) and its age stands still."""
    return _command(application_id, (ASSESSOR,), services().grants.request_information, body["question"],
                    body["reply_by"])


@_respond("/applications/<uuid:application_id>/information", InformationIn)
def provide_information(body: dict[str, Any], application_id: UUID) -> Any:
    """Answer the secretariat's question, with files already kept with the application
    (applicant); the application returns to review."""
    actor = require(APPLICANT)
    outcome = services().grants.provide_information(application_id, body["answer"], actor, expected_version(),
                                                    command_key(), tuple(body["attachments"]))
    return answered(application_document(outcome.value), outcome.position, 200, outcome.replayed)
