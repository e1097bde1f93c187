"""Use cases of asking for more information: the secretariat asks, the applicant answers."""

from __future__ import annotations

from datetime import datetime

from application.changes import carries_out
from domain.application import Application
from domain.commands import ProvideInformation, RequestInformation
from domain.values import Actor


@carries_out(RequestInformation)
def request_information(_: object, app: Application, command: RequestInformation, actor: Actor,
                        at: datetime) -> None:
    """Ask the applicant for more information by a date; the application waits."""
    app.request_information(command.question, command.reply_by, actor, at)


@carries_out(ProvideInformation)
def provide_information(_: object, app: Application, command: ProvideInformation, actor: Actor,
                        at: datetime) -> None:
    """The applicant's answer (with files kept with the application); back to review."""
    app.provide_information(command.answer, actor, at, command.attachments)
