"""Use cases of reporting after a grant: require a report, move its due date, submit it
(applicant), accept or return it (finance, secretariat)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import Outcome
from application.changes import ApplicationChanges
from domain.application import Application
from domain.base import CommandKey
from domain.values import Actor


class ReportUseCases(ApplicationChanges):
    """The reports a grant recipient owes, and their handling."""

    def require_report(self, application_id: UUID | str, kind: str, due_on: date, reason: str, actor: Actor,
                       expected_version: int | None = None,
                       request: CommandKey | None = None) -> Outcome[Application]:
        """Add an interim or final reporting requirement with its due date."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.require_report(kind, due_on, reason, actor, at),
            actor, request)

    def move_report(self, application_id: UUID | str, report_id: str, due_on: date, reason: str, actor: Actor,
                    expected_version: int | None = None, request: CommandKey | None = None) -> Outcome[Application]:
        """Give a requirement a new due date, with the reason."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.move_report(report_id, due_on, reason, actor, at),
            actor, request)

    def submit_report(self, application_id: UUID | str, report_id: str, text: str, spent_amount: object,
                      actor: Actor, expected_version: int | None = None, request: CommandKey | None = None,
                      attachments: tuple[str, ...] = ()) -> Outcome[Application]:
        """The grant recipient's report: what was done, the money spent, and files kept with the application."""
        return self._change_application(
            application_id, expected_version,
            lambda app, at: app.submit_report(report_id, text, spent_amount, actor, at, attachments), actor, request)

    def accept_report(self, application_id: UUID | str, report_id: str, comment: str | None, actor: Actor,
                      expected_version: int | None = None,
                      request: CommandKey | None = None) -> Outcome[Application]:
        """Accept a received report (the final one releases the holdback)."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.accept_report(report_id, comment, actor, at),
            actor, request)

    def return_report(self, application_id: UUID | str, report_id: str, comment: str, actor: Actor,
                      expected_version: int | None = None,
                      request: CommandKey | None = None) -> Outcome[Application]:
        """Return a received report to the applicant, saying what is missing."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.return_report(report_id, comment, actor, at),
            actor, request)
