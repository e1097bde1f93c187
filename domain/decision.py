"""The decision of the committee: recusal, approval, rejection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import Approve, DeclareRecusal, Reject
from domain.errors import (
    InvalidInput,
    OverGranted,
)
from domain.money import positive_money
from domain.statuses import Status
from domain.text import optional_text, require_text
from domain.values import (
    Actor,
    BudgetLine,
)
from domain.years import committed, stated


class Decision(ApplicationState):
    """The committee's commands and the events they record."""

    class RecusalDeclared(GrantAggregate.Event):
        reason: str

        def apply(self, app: ApplicationState) -> None:
            app.recusals.add(self.actor.id)

    class Approved(GrantAggregate.Event):
        amount: Decimal
        conditions: str
        decision_ref: str
        commitments: tuple[BudgetLine, ...] = ()  # the grant per fiscal year (absent from older approvals)
        to_accept: bool = False  # the recipient must accept it before payment (false in older approvals)
        reasons: str = ""  # why less than requested was granted (absent from older approvals)

        def apply(self, app: ApplicationState) -> None:
            app.status, app.granted_amount, app.approved_by = Status.APPROVED, self.amount, self.actor.id
            app.conditions, app.decision_ref, app.decided_at = self.conditions, self.decision_ref, self.timestamp
            app.committed_years = tuple(self.commitments)
            if self.to_accept:  # kept out of older states otherwise
                app.acceptance_due = True
            if self.reasons:
                app.grant_reasons = self.reasons

    class Rejected(GrantAggregate.Event):
        reasons: str
        decision_ref: str = ""  # the case number (absent from older rejections)

        def apply(self, app: ApplicationState) -> None:
            app.status, app.rejection_reasons, app.decided_at = Status.REJECTED, self.reasons, self.timestamp
            app.decision_ref = self.decision_ref or None

    def declare_recusal(self, reason: str, actor: Actor, at: datetime) -> None:
        """A committee member or assessor steps aside from this application (inhabilitet)."""
        self.check_may(DeclareRecusal.RULE, actor, at)
        self._record(self.RecusalDeclared, at, actor,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    @property
    def commitments(self) -> tuple[BudgetLine, ...]:
        """The grant per fiscal year (none before approval, nor for older approvals)."""
        return tuple(self.committed_years)

    def approve(self, amount: object, conditions: str, decision_ref: str, actor: Actor, at: datetime,
                fiscal_years: Sequence[int] = (), per_year: object | None = None, reasons: str = "") -> Decimal:
        """Grant `amount` (≤ requested) to a prioritised application; returns the amount.
        Less than requested needs `reasons` (a partial refusal is reasoned, forvaltningsloven
        § 25). It is committed per year of `fiscal_years` (the round's) as `per_year` states,
        or as the budget lines scaled to the grant; the recipient must accept it before
        anything is paid. The caller reserves it in the pool in the same save."""
        self.check_may(Approve.RULE, actor, at)
        granted = positive_money(amount)
        if granted > self.requested_amount:
            raise OverGranted(f"{granted} NOK exceeds the {self.requested_amount} NOK requested")
        why = optional_text(reasons, "reasons", text.REJECTION_REASONS)
        if granted < self.requested_amount and not why:
            raise InvalidInput("reasons", f"granting {granted} NOK of the {self.requested_amount} NOK requested "
                                          "needs reasons (forvaltningsloven § 25)")
        years = fiscal_years or sorted({line.year for line in self.budget})
        commitments = committed(granted, self.budget, years) if per_year is None else stated(per_year, granted, years)
        self._record(self.Approved, at, actor, amount=granted,
                     conditions=optional_text(conditions, "conditions", text.CONDITIONS),
                     decision_ref=require_text(decision_ref, "decision_ref", text.DECISION_REF),
                     commitments=commitments, to_accept=True, reasons=why)
        return granted

    def reject(self, reasons: str, decision_ref: str, actor: Actor, at: datetime) -> None:
        """Refuse the application, giving reasons, under its case number (`decision_ref`,
        as an approval's)."""
        self.check_may(Reject.RULE, actor, at)
        self._record(self.Rejected, at, actor,
                     reasons=require_text(reasons, "reasons", text.REJECTION_REASONS, multiline=True),
                     decision_ref=require_text(decision_ref, "decision_ref", text.DECISION_REF))
