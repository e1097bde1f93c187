"""After a grant (finance): disburse, reclaim, ask for and receive the report, close."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.errors import (
    AgreementMissing,
    InvalidInput,
    OverGranted,
    PaymentReferenceReused,
    SeparationOfDuties,
)
from domain.money import positive_money
from domain.round import local_date
from domain.statuses import Status
from domain.text import require_text
from domain.values import (
    ASSESSOR,
    COMMITTEE,
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
        self.check_impartial(actor)
        money = positive_money(amount)
        reference = require_text(payment_reference, "payment_reference", text.PAYMENT_REFERENCE)
        if reference in self.disbursements:
            if self.disbursements[reference] == money:
                return False
            raise PaymentReferenceReused(
                f"payment reference {reference!r} already paid {self.disbursements[reference]} NOK"
            )
        self._check_status(Status.APPROVED, doing="disburse to")
        if self.agreement is None:
            raise AgreementMissing(f"{self.reference} has no registered agreement between the parties")
        if actor.id == self.approved_by:
            raise SeparationOfDuties(f"{actor.name} approved {self.reference} and may not pay it out")
        if money > self.unpaid_amount:
            raise OverGranted(f"{money} NOK exceeds the {self.unpaid_amount} NOK left to pay")
        self.check_payable(money, at)
        self._record(self.FundsDisbursed, at, actor, amount=money, payment_reference=reference,
                     instalment=len(self.disbursements) + 1)
        return True

    def reclaim(self, amount: object, reason: str, actor: Actor, at: datetime) -> Decimal:
        """Claim back money paid out (tilbakebetaling); returns the amount for the pool."""
        actor.require_role(FINANCE)
        self.check_impartial(actor)
        self._check_status(Status.APPROVED, Status.PAID, Status.CLOSED, doing="reclaim from")
        money = positive_money(amount)
        if money > self.paid_amount - self.reclaimed_amount:
            raise OverGranted(f"{money} NOK exceeds the {self.paid_amount - self.reclaimed_amount} NOK paid")
        self._record(self.FundsReclaimed, at, actor, amount=money,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))
        return money

    def set_report_due(self, due_on: date, actor: Actor, at: datetime) -> None:
        """Ask for a report on the use of the grant by `due_on`."""
        actor.require_role(FINANCE, COMMITTEE)
        self._check_status(Status.APPROVED, Status.PAID, doing="ask for a report on")
        if not isinstance(due_on, date) or isinstance(due_on, datetime):
            raise InvalidInput("due_on", "must be a date")
        self._record(self.ReportDue, at, actor, due_on=due_on)

    def receive_report(self, received_on: date, document_ref: str, actor: Actor, at: datetime) -> None:
        """Register the grant recipient's report."""
        actor.require_role(FINANCE, ASSESSOR)
        self._check_status(Status.APPROVED, Status.PAID, doing="receive a report for")
        if not isinstance(received_on, date) or isinstance(received_on, datetime) or received_on > local_date(at):
            raise InvalidInput("received_on", "must be a date, not in the future")
        self._record(self.ReportReceived, at, actor, received_on=received_on,
                     document_ref=require_text(document_ref, "document_ref", text.DOCUMENT_REF))

    def close(self, reason: str, actor: Actor, at: datetime) -> Decimal:
        """Close a granted application; returns what was granted but never paid, which the
        caller releases from the pool in the same save."""
        actor.require_role(FINANCE)
        self.check_impartial(actor)
        self._check_status(Status.APPROVED, Status.PAID, doing="close")
        released = self.unpaid_amount
        self._record(self.Closed, at, actor, reason=require_text(reason, "reason", text.REASON, multiline=True),
                     released_amount=released)
        return released
