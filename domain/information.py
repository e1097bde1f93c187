"""Asking for more information (*etterspørre opplysninger*): the secretariat asks the
applicant a question with a reply date; the application waits (status *awaiting
information*) and the clock of the assessment stands still until the applicant answers
(text and files kept with the application); it then returns to where it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import ProvideInformation, RequestInformation
from domain.errors import InvalidInput
from domain.inquiry import Inquiry
from domain.round import local_date
from domain.statuses import Status
from domain.text import require_text
from domain.values import Actor


class Inquiries(ApplicationState):
    """The secretariat's questions to the applicant and the answers."""

    class InformationRequested(GrantAggregate.Event):
        question: str
        reply_by: date

        def apply(self, app: Inquiries) -> None:
            asked = Inquiry(self.question, self.reply_by, self.timestamp, app.status)
            app.inquiries = (*app.inquiries, asked)
            app.status = Status.AWAITING_INFORMATION

    class InformationProvided(GrantAggregate.Event):
        answer: str
        attachments: tuple[str, ...]

        def apply(self, app: Inquiries) -> None:
            *earlier, open_one = app.inquiries
            answered = replace(open_one, answer=self.answer, answered_at=self.timestamp,
                               attachments=tuple(self.attachments))
            app.inquiries = (*earlier, answered)
            app.status = open_one.resume_status

    def waited(self, now: datetime) -> timedelta:
        """How long the application has waited on the applicant in all (the assessment's
        clock stands still meanwhile)."""
        return sum((inquiry.waited(now) for inquiry in self.inquiries), timedelta())

    def request_information(self, question: str, reply_by: object, actor: Actor, at: datetime) -> None:
        """Ask the applicant for more information by `reply_by` (the community's secretariat)."""
        self.check_may(RequestInformation.RULE, actor, at)
        if not isinstance(reply_by, date) or isinstance(reply_by, datetime):
            raise InvalidInput("reply_by", "must be a date")
        if reply_by < local_date(at):
            raise InvalidInput("reply_by", "lies in the past")
        self._record(self.InformationRequested, at, actor, reply_by=reply_by,
                     question=require_text(question, "question", text.COMMENT, multiline=True))

    def provide_information(self, answer: str, actor: Actor, at: datetime,
                            attachments: tuple[str, ...] = ()) -> None:
        """The applicant's answer, with files already kept with the application; the
        application returns to review."""
        self.check_may(ProvideInformation.RULE, actor, at)
        self._record(self.InformationProvided, at, actor,
                     answer=require_text(answer, "answer", text.REPORT, multiline=True),
                     attachments=self.check_attached(tuple(attachments)))
