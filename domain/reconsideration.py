"""The complaint as a case (forvaltningsloven §§ 28–36): a party complains of a decision;
the body that decided reconsiders it (§ 33) and reverses its decision — a grant where
it refused, or more than it granted, reserved in the pool as an approval is — or keeps
it and forwards the complaint with its statement to the klageinstans, whose decision
(upheld, reversed, sent back) is recorded. A complaint after the deadline is registered
as late and may still be considered (§ 31)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import ForwardComplaint, LodgeComplaint, RecordAppealDecision, ReverseDecision
from domain.complaint import (
    APPEAL_REVERSED,
    FORWARDED,
    OUTCOMES,
    REVERSED,
    Complaint,
    deadline_for,
    open_complaint,
)
from domain.errors import InvalidInput, OverGranted
from domain.money import ZERO, positive_money
from domain.round import local_date
from domain.statuses import Status
from domain.text import optional_text, require_text
from domain.values import Actor, BudgetLine
from domain.years import committed


class Reconsideration(ApplicationState):
    """Complaints of the decision, and what became of them."""

    class ComplaintLodged(GrantAggregate.Event):
        complaint_id: str
        text: str
        received_on: date
        deadline: date
        late: bool
        lodged_by: str
        concerns: str
        attachments: tuple[str, ...] = ()

        def apply(self, app: ApplicationState) -> None:
            lodged = Complaint(self.complaint_id, self.text, self.received_on, self.deadline, self.late, self.lodged_by,
                               self.concerns, tuple(self.attachments))
            app.complaints = (*app.complaints, lodged)

    class DecisionReversed(GrantAggregate.Event):
        complaint_id: str
        by: str  # "body": the body that decided (§ 33); "appeal": the klageinstans
        amount: Decimal
        added: Decimal  # what the pool reserves besides what was granted before
        added_by_year: tuple[BudgetLine, ...]
        commitments: tuple[BudgetLine, ...]
        decision_ref: str
        reasons: str
        conditions: str

        def apply(self, app: ApplicationState) -> None:
            if app.status == Status.REJECTED:  # a new grant, which the recipient accepts
                app.acceptance_due, app.grant_answer = True, None
            app.status, app.granted_amount, app.approved_by = Status.APPROVED, self.amount, self.actor.id
            app.decision_ref, app.decided_at = self.decision_ref, self.timestamp
            app.committed_years = tuple(self.commitments)
            if self.conditions:
                app.conditions = self.conditions
            if self.amount < app.requested_amount:  # less than requested: the reasons say why (§ 25)
                app.grant_reasons = self.reasons
            settled = APPEAL_REVERSED if self.by == "appeal" else REVERSED
            app.complaints = _settle(app.complaints, self.complaint_id, settled, self.reasons, self.decision_ref)

    class ComplaintForwarded(GrantAggregate.Event):
        complaint_id: str
        statement: str

        def apply(self, app: ApplicationState) -> None:
            app.complaints = tuple(replace(c, status=FORWARDED, statement=self.statement)
                                   if c.id == self.complaint_id else c for c in app.complaints)

    class AppealDecided(GrantAggregate.Event):
        complaint_id: str
        outcome: str  # upheld or sent_back (a reversal is `DecisionReversed`)
        reasons: str
        decision_ref: str

        def apply(self, app: ApplicationState) -> None:
            app.complaints = _settle(app.complaints, self.complaint_id, OUTCOMES[self.outcome], self.reasons,
                                     self.decision_ref)
            if self.outcome == "sent_back" and app.status == Status.REJECTED:
                app.status = Status.UNDER_REVIEW

    def lodge_complaint(self, complaint_text: str, received_on: object, attachments: Sequence[str], actor: Actor,
                        at: datetime) -> str:
        """A party complains of the decision; `received_on` is the day it arrived (not
        after today, not before the decision). Returns the complaint's id."""
        self.check_may(LodgeComplaint.RULE, actor, at)
        if not isinstance(received_on, date) or isinstance(received_on, datetime):
            raise InvalidInput("received_on", "must be a date")
        decided_on = local_date(self.decided_at) if self.decided_at is not None else received_on
        if received_on > local_date(at):
            raise InvalidInput("received_on", "cannot be in the future")
        if received_on < decided_on:
            raise InvalidInput("received_on", f"cannot be before the decision of {decided_on.isoformat()}")
        missing = [sha for sha in attachments if sha not in self.attachments]
        if missing:
            raise InvalidInput("attachments", f"{missing[0]} is not kept with {self.reference}")
        deadline = deadline_for(decided_on)
        complaint_id = f"K{len(self.complaints) + 1}"
        self._record(self.ComplaintLodged, at, actor, complaint_id=complaint_id, received_on=received_on,
                     text=require_text(complaint_text, "text", text.REJECTION_REASONS, multiline=True),
                     deadline=deadline, late=received_on > deadline, lodged_by=actor.org_no or "",
                     concerns=str(self.status), attachments=tuple(attachments))
        return complaint_id

    def reverse(self, amount: object, decision_ref: str, reasons: str, conditions: str, actor: Actor, at: datetime,
                fiscal_years: Sequence[int] = ()) -> tuple[Decimal, tuple[BudgetLine, ...]]:
        """The body that decided takes the complaint: it grants `amount`, more than it
        granted before (nothing, for a refusal). Returns what the pool must reserve besides,
        in total and per year, which the caller reserves in the same save."""
        self.check_may(ReverseDecision.RULE, actor, at)
        return self._reverse("body", amount, decision_ref, reasons, conditions, actor, at, fiscal_years)

    def forward_complaint(self, statement: str, actor: Actor, at: datetime) -> None:
        """The body that decided keeps its decision and forwards the complaint, with its
        statement, to the klageinstans."""
        self.check_may(ForwardComplaint.RULE, actor, at)
        current = open_complaint(self.complaints)
        assert current is not None  # the rule's check: a complaint was received
        self._record(self.ComplaintForwarded, at, actor, complaint_id=current.id,
                     statement=require_text(statement, "statement", text.REJECTION_REASONS, multiline=True))

    def record_appeal_decision(self, outcome: str, reasons: str, decision_ref: str, amount: object, actor: Actor,
                               at: datetime, fiscal_years: Sequence[int] = ()
                               ) -> tuple[Decimal, tuple[BudgetLine, ...]]:
        """The klageinstans's decision: `upheld`, `reversed` (granting `amount`, reserved
        as an approval is) or `sent_back` (a refused application returns to review).
        Returns what the pool must reserve besides (nothing unless reversed)."""
        self.check_may(RecordAppealDecision.RULE, actor, at)
        if outcome not in OUTCOMES:
            raise InvalidInput("outcome", f"must be one of {', '.join(OUTCOMES)}")
        if outcome == "reversed":
            return self._reverse("appeal", amount, decision_ref, reasons, "", actor, at, fiscal_years)
        if amount not in (None, ""):
            raise InvalidInput("amount", f"is given only when the decision is reversed, not {outcome}")
        current = open_complaint(self.complaints)
        assert current is not None  # the rule's check: a complaint was forwarded
        self._record(self.AppealDecided, at, actor, complaint_id=current.id, outcome=outcome,
                     reasons=require_text(reasons, "reasons", text.REJECTION_REASONS, multiline=True),
                     decision_ref=require_text(decision_ref, "decision_ref", text.DECISION_REF))
        return ZERO, ()

    def _reverse(self, by: str, amount: object, decision_ref: str, reasons: str, conditions: str, actor: Actor,
                 at: datetime, fiscal_years: Sequence[int]) -> tuple[Decimal, tuple[BudgetLine, ...]]:
        granted = positive_money(amount)
        if granted > self.requested_amount:
            raise OverGranted(f"{granted} NOK exceeds the {self.requested_amount} NOK requested")
        before = self.granted_amount if self.status != Status.REJECTED and self.granted_amount else ZERO
        if granted <= before:
            raise InvalidInput("amount", f"a reversal grants more than the {before} NOK granted before")
        years = fiscal_years or sorted({line.year for line in self.budget})
        commitments = committed(granted, self.budget, years)
        earlier = {line.year: line.amount for line in self.committed_years} if before > ZERO else {}
        added_by_year = tuple(BudgetLine(line.year, line.amount - earlier.get(line.year, ZERO))
                              for line in commitments if line.amount != earlier.get(line.year, ZERO))
        current = open_complaint(self.complaints)
        assert current is not None  # the rule's check: a complaint waits on this decision
        self._record(self.DecisionReversed, at, actor, complaint_id=current.id, by=by, amount=granted,
                     added=granted - before, added_by_year=added_by_year, commitments=commitments,
                     decision_ref=require_text(decision_ref, "decision_ref", text.DECISION_REF),
                     reasons=require_text(reasons, "reasons", text.REJECTION_REASONS, multiline=True),
                     conditions=optional_text(conditions, "conditions", text.CONDITIONS))
        return granted - before, added_by_year


def _settle(complaints: tuple[Complaint, ...], complaint_id: str, status: str, reasons: str,
            decision_ref: str) -> tuple[Complaint, ...]:
    return tuple(replace(c, status=status, outcome_reasons=reasons, decision_ref=decision_ref)
                 if c.id == complaint_id else c for c in complaints)

