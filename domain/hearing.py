"""Notice before a burdensome decision (*forhåndsvarsel*, forvaltningsloven § 16): before
money is claimed back, or a grant is closed with less paid than granted, the party is
told what is intended and why, and given a date to comment by. The decision cannot be
made before that date unless the party has answered (`domain.rules.heard_on`); once
made, the notice is used, so a second claim needs a notice of its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import AnswerNotice, GiveNotice
from domain.errors import InvalidInput, WrongStatus
from domain.money import positive_money
from domain.notice import INTENTS, Notice, awaiting_answer, open_notice
from domain.round import local_date
from domain.text import require_text
from domain.values import Actor


class Hearing(ApplicationState):
    """Notices before a burdensome decision, and the party's answers."""

    class NoticeGiven(GrantAggregate.Event):
        notice_id: str
        intent: str
        text: str
        amount: Decimal | None
        comment_by: date

        def apply(self, app: ApplicationState) -> None:
            given = Notice(self.notice_id, self.intent, self.text, self.amount, self.comment_by, self.timestamp)
            app.notices = (*app.notices, given)

    class NoticeAnswered(GrantAggregate.Event):
        notice_id: str
        answer: str

        def apply(self, app: ApplicationState) -> None:
            app.notices = tuple(replace(n, answer=self.answer, answered_at=self.timestamp)
                                if n.id == self.notice_id else n for n in app.notices)

    def give_notice(self, intent: str, notice_text: str, comment_by: object, actor: Actor, at: datetime,
                    amount: object = None) -> str:
        """Tell the party what is intended (`intent`: reclaim, close) and why, with a date
        to comment by (after today); returns the notice's id."""
        self.check_may(GiveNotice.RULE, actor, at)
        if intent not in INTENTS:
            raise InvalidInput("intent", f"must be one of {', '.join(INTENTS)}")
        if not isinstance(comment_by, date) or isinstance(comment_by, datetime):
            raise InvalidInput("comment_by", "must be a date")
        if comment_by <= local_date(at):
            raise InvalidInput("comment_by", "must give the party time to comment: a day after today at the earliest")
        if open_notice(self.notices, intent) is not None:
            raise WrongStatus(f"a notice of {INTENTS[intent]} is already open for {self.reference}")
        notice_id = f"V{len(self.notices) + 1}"
        self._record(self.NoticeGiven, at, actor, notice_id=notice_id, intent=intent, comment_by=comment_by,
                     text=require_text(notice_text, "text", text.REJECTION_REASONS, multiline=True),
                     amount=None if amount in (None, "") else positive_money(amount))
        return notice_id

    def answer_notice(self, answer: str, actor: Actor, at: datetime) -> None:
        """The party's comment on the open notice it has not answered yet."""
        self.check_may(AnswerNotice.RULE, actor, at)
        waiting = awaiting_answer(self.notices)
        assert waiting is not None  # the rule's check: a notice awaits an answer
        self._record(self.NoticeAnswered, at, actor, notice_id=waiting.id,
                     answer=require_text(answer, "answer", text.COMMENT, multiline=True))
