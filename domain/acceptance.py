"""The recipient's answer to a grant (*aksept av tilsagn*): a grant made from this
release on must be accepted by the applicant before anything is paid; a declined grant
ends the case and its money returns to the pool. Grants approved before acceptance
existed need none (their `Approved` event says so by its default)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import AnswerGrant
from domain.errors import InvalidInput
from domain.statuses import Status
from domain.text import optional_text, require_text
from domain.values import Actor


class Acceptance(ApplicationState):
    """The applicant's acceptance or refusal of its grant."""

    class GrantAccepted(GrantAggregate.Event):
        reason: str

        def apply(self, app: ApplicationState) -> None:
            app.grant_answer, app.grant_answered_at = "accepted", self.timestamp

    class GrantDeclined(GrantAggregate.Event):
        reason: str
        released_amount: Decimal

        def apply(self, app: ApplicationState) -> None:
            app.grant_answer, app.grant_answered_at = "declined", self.timestamp
            app.status = Status.DECLINED

    def answer_grant(self, accept: bool, reason: str, actor: Actor, at: datetime) -> Decimal:
        """The applicant accepts the grant and its terms, or declines it (giving the
        reason); returns what a refusal releases to the pool (nothing on acceptance), which
        the caller books in the same save."""
        self.check_may(AnswerGrant.RULE, actor, at)
        if not isinstance(accept, bool):
            raise InvalidInput("accept", "must be true or false")
        if accept:
            self._record(self.GrantAccepted, at, actor, reason=optional_text(reason, "reason", text.REASON))
            return Decimal(0)
        released = self.unpaid_amount
        self._record(self.GrantDeclined, at, actor, released_amount=released,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))
        return released
