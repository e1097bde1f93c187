"""After a grant (finance): disburse, reclaim, close."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import Close, Disburse, Reclaim
from domain.errors import (
    OverGranted,
    PaymentReferenceReused,
)
from domain.money import positive_money
from domain.statuses import Status
from domain.text import require_text
from domain.values import (
    FINANCE,
    Actor,
)


class Payout(ApplicationState):
    """Finance's commands after a grant and the events they record."""

    class FundsDisbursed(GrantAggregate.Event):
        amount: Decimal
        payment_reference: str
        instalment: int

        def apply(self, app: ApplicationState) -> None:
            app.disbursements[self.payment_reference] = self.amount
            if app.paid_amount == app.granted_amount:
                app.status = Status.PAID

    class FundsReclaimed(GrantAggregate.Event):
        amount: Decimal
        reason: str

        def apply(self, app: ApplicationState) -> None:
            app.reclaimed_amount += self.amount

    # A report's due date and its receipt, as an earlier release recorded them (before
    # `domain.reporting`): kept so that their events replay; nothing records them now.
    class ReportDue(GrantAggregate.Event):
        due_on: date

        def apply(self, app: ApplicationState) -> None:
            app.report_due_on = self.due_on

    class ReportReceived(GrantAggregate.Event):
        received_on: date
        document_ref: str

        def apply(self, app: ApplicationState) -> None:
            app.report_received_on = self.received_on

    class Closed(GrantAggregate.Event):
        reason: str
        released_amount: Decimal

        def apply(self, app: ApplicationState) -> None:
            app.status = Status.CLOSED

    def disburse(self, amount: object, payment_reference: str, actor: Actor, at: datetime) -> bool:
        """Pay an instalment. False (and nothing recorded) when this payment reference was
        already paid with the same amount: a repeated request pays once."""
        actor.require_role(FINANCE)
        money = positive_money(amount)
        reference = require_text(payment_reference, "payment_reference", text.PAYMENT_REFERENCE)
        if reference in self.disbursements:
            if self.disbursements[reference] == money:
                return False
            raise PaymentReferenceReused(
                f"payment reference {reference!r} already paid {self.disbursements[reference]} NOK"
            )
        self.check_may(Disburse.RULE, actor, at)
        if money > self.unpaid_amount:
            raise OverGranted(f"{money} NOK exceeds the {self.unpaid_amount} NOK left to pay")
        self.check_held_back(money)
        self._record(self.FundsDisbursed, at, actor, amount=money, payment_reference=reference,
                     instalment=len(self.disbursements) + 1)
        return True

    def reclaim(self, amount: object, reason: str, actor: Actor, at: datetime) -> Decimal:
        """Claim back money paid out (tilbakebetaling); returns the amount for the pool."""
        self.check_may(Reclaim.RULE, actor, at)
        money = positive_money(amount)
        if money > self.paid_amount - self.reclaimed_amount:
            raise OverGranted(f"{money} NOK exceeds the {self.paid_amount - self.reclaimed_amount} NOK paid")
        self._record(self.FundsReclaimed, at, actor, amount=money,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))
        return money

    def close(self, reason: str, actor: Actor, at: datetime) -> Decimal:
        """Close a granted application; returns what was granted but never paid, which the
        caller releases from the pool in the same save."""
        self.check_may(Close.RULE, actor, at)
        released = self.unpaid_amount
        self._record(self.Closed, at, actor, reason=require_text(reason, "reason", text.REASON, multiline=True),
                     released_amount=released)
        return released
