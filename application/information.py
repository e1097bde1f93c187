"""Use cases of asking for more information: the secretariat asks, the applicant answers."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import Outcome
from application.changes import ApplicationChanges
from domain.application import Application
from domain.base import CommandKey
from domain.values import Actor


class InformationUseCases(ApplicationChanges):
    """Questions to the applicant while the application is assessed."""

    def request_information(self, application_id: UUID | str, question: str, reply_by: date, actor: Actor,
                            expected_version: int | None = None,
                            request: CommandKey | None = None) -> Outcome[Application]:
        """Ask the applicant for more information by a date; the application waits."""
        return self._change_application(
            application_id, expected_version,
            lambda app, at: app.request_information(question, reply_by, actor, at), actor, request)

    def provide_information(self, application_id: UUID | str, answer: str, actor: Actor,
                            expected_version: int | None = None, request: CommandKey | None = None,
                            attachments: tuple[str, ...] = ()) -> Outcome[Application]:
        """The applicant's answer (with files kept with the application); back to review."""
        return self._change_application(
            application_id, expected_version,
            lambda app, at: app.provide_information(answer, actor, at, attachments), actor, request)
