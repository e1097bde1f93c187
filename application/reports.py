"""Use cases of reporting after a grant: require a report, move its due date, submit it
(applicant), accept or return it (finance, secretariat)."""

from __future__ import annotations

from datetime import datetime

from application.changes import ApplicationChanges, carries_out
from domain.application import Application
from domain.commands import AcceptReport, MoveReport, RequireReport, ReturnReport, SubmitReport, WaiveReport
from domain.values import Actor


@carries_out(RequireReport)
def require_report(_: object, app: Application, command: RequireReport, actor: Actor, at: datetime) -> None:
    """Add an interim or final reporting requirement with its due date."""
    app.require_report(command.kind, command.due_on, command.reason, actor, at)


@carries_out(MoveReport)
def move_report(_: object, app: Application, command: MoveReport, actor: Actor, at: datetime) -> None:
    """Give a requirement a new due date, with the reason."""
    app.move_report(command.report_id, command.due_on, command.reason, actor, at)


@carries_out(SubmitReport)
def submit_report(service: ApplicationChanges, app: Application, command: SubmitReport, actor: Actor,
                  at: datetime) -> None:
    """The grant recipient's report: what was done, the money spent, files kept with the
    application, and the values of its round's outcome indicators."""
    app.submit_report(command.report_id, command.text, command.spent_amount, actor, at, command.attachments,
                      command.indicator_values, service.read_round(app.round_id).indicators)


@carries_out(AcceptReport)
def accept_report(_: object, app: Application, command: AcceptReport, actor: Actor, at: datetime) -> None:
    """Accept a received report (the final one releases the holdback)."""
    app.accept_report(command.report_id, command.comment, actor, at)


@carries_out(WaiveReport)
def waive_report(_: object, app: Application, command: WaiveReport, actor: Actor, at: datetime) -> None:
    """Drop a report the recipient owes, giving the reason."""
    app.waive_report(command.report_id, command.reason, actor, at)


@carries_out(ReturnReport)
def return_report(_: object, app: Application, command: ReturnReport, actor: Actor, at: datetime) -> None:
    """Return a received report to the applicant, saying what is missing."""
    app.return_report(command.report_id, command.comment, actor, at)
