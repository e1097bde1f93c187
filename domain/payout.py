"""After a grant (finance): disburse, reclaim, close."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import Close, Disburse, Reclaim, RecordRepayment
from domain.errors import (
    InvalidInput,
    OverGranted,
    PaymentReferenceReused,
)
from domain.money import ZERO, positive_money
from domain.notice import CLOSE, RECLAIM, acted_on
from domain.round import local_date
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
        due_on: date | None = None  # when it must be repaid (None: an older reclaim, returned at once)

        def apply(self, app: ApplicationState) -> None:
            app.reclaimed_amount += self.amount
            app.notices = acted_on(app.notices, RECLAIM)
            if self.due_on is None:
                app.repaid_amount += self.amount
            else:
                app.repayment_due_on = self.due_on

    class RepaymentReceived(GrantAggregate.Event):
        amount: Decimal
        received_on: date
        reference: str

        def apply(self, app: ApplicationState) -> None:
            app.repayments = {**(app.repayments or {}), self.reference: self.amount}
            app.repaid_amount += self.amount

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
            if self.released_amount > ZERO:
                app.notices = acted_on(app.notices, CLOSE)

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

    def reclaim(self, amount: object, reason: str, due_on: date, actor: Actor, at: datetime) -> Decimal:
        """Decide to claim back money paid out (tilbakekreving), to be repaid by `due_on`;
        returns the amount, which the pool notes as claimed. Nothing returns to the pool
        until the repayment is received (`record_repayment`)."""
        self.check_may(Reclaim.RULE, actor, at)
        money = positive_money(amount)
        if money > self.paid_amount - self.reclaimed_amount:
            raise OverGranted(f"{money} NOK exceeds the {self.paid_amount - self.reclaimed_amount} NOK paid")
        if not isinstance(due_on, date) or isinstance(due_on, datetime):
            raise InvalidInput("due_on", "must be a date")
        if due_on < local_date(at):
            raise InvalidInput("due_on", "cannot be in the past")
        self._record(self.FundsReclaimed, at, actor, amount=money, due_on=due_on,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))
        return money

    @property
    def repayment_outstanding(self) -> Decimal:
        """Claimed back and not yet received."""
        return self.reclaimed_amount - self.repaid_amount

    def record_repayment(self, amount: object, received_on: date, reference: str, actor: Actor,
                         at: datetime) -> Decimal:
        """Money claimed back has been received (finance); returns the amount, which the
        caller returns to the pool in the same save. The same reference again with the same
        amount records nothing and returns zero: a repeated request books once."""
        actor.require_role(FINANCE)
        money = positive_money(amount)
        ref = require_text(reference, "reference", text.PAYMENT_REFERENCE)
        earlier = (self.repayments or {}).get(ref)
        if earlier is not None:
            if earlier == money:
                return ZERO
            raise PaymentReferenceReused(f"repayment reference {ref!r} already recorded {earlier} NOK")
        self.check_may(RecordRepayment.RULE, actor, at)
        if money > self.repayment_outstanding:
            raise OverGranted(f"{money} NOK exceeds the {self.repayment_outstanding} NOK claimed and not yet repaid")
        if not isinstance(received_on, date) or isinstance(received_on, datetime):
            raise InvalidInput("received_on", "must be a date")
        if received_on > local_date(at):
            raise InvalidInput("received_on", "cannot be in the future")
        self._record(self.RepaymentReceived, at, actor, amount=money, received_on=received_on, reference=ref)
        return money

    def interest_due(self, today: date, percent_a_year: Decimal | None) -> Decimal:
        """Interest on what is claimed back and overdue at `today`, at `percent_a_year`
        (the operator's rate; none when unset), simple interest per day, to the øre."""
        if percent_a_year is None or self.repayment_due_on is None or self.repayment_outstanding <= ZERO:
            return ZERO
        days = (today - self.repayment_due_on).days
        if days <= 0:
            return ZERO
        interest = self.repayment_outstanding * percent_a_year / 100 * days / 365
        return interest.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def close(self, reason: str, actor: Actor, at: datetime) -> Decimal:
        """Close a granted application; returns what was granted but never paid, which the
        caller releases from the pool in the same save."""
        self.check_may(Close.RULE, actor, at)
        released = self.unpaid_amount
        self._record(self.Closed, at, actor, reason=require_text(reason, "reason", text.REASON, multiline=True),
                     released_amount=released)
        return released
