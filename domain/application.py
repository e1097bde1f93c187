"""Application (søknad): from submission through assessment and decision to payout."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID, uuid4

from domain import text
from domain.base import CommandKey, GrantAggregate
from domain.content import CONTENT_FIELDS, check_content, normalised
from domain.errors import (
    AgreementMissing,
    AlreadyScored,
    ConflictOfInterest,
    InvalidInput,
    NotEligible,
    NotPermitted,
    OverGranted,
    PaymentReferenceReused,
    Recused,
    SeparationOfDuties,
    WrongStatus,
)
from domain.money import ZERO, positive_money
from domain.orgno import require_org_no
from domain.round import Round, local_date
from domain.statuses import UNDECIDED, Status
from domain.text import optional_text, require_text
from domain.values import (
    APPLICANT,
    ASSESSOR,
    COMMITTEE,
    FINANCE,
    Actor,
    Agreement,
    BudgetLine,
    Contact,
    HealthCommunity,
    Organisation,
    Scoring,
)


class Application(GrantAggregate):
    """A grant application and every decision about it. Commands are guarded; a refused
    command raises a `GrantsError` and records nothing."""

    class Submitted(GrantAggregate.Created):
        reference: str
        round_id: UUID
        pool_id: UUID
        content: dict[str, Any]

        def apply(self, app: Application) -> None:
            app.reference, app.round_id, app.pool_id = self.reference, self.round_id, self.pool_id
            for name in CONTENT_FIELDS:
                setattr(app, name, normalised(name, self.content[name]))
            app.status, app.decided_at, app.screening = Status.SUBMITTED, None, None
            app.scorings, app.prioritised_by, app.recusals = {}, set(), set()
            app.rank, app.recommended_amount, app.granted_amount = None, None, None
            app.approved_by, app.conditions, app.decision_ref, app.rejection_reasons = None, None, None, None
            app.agreement, app.disbursements, app.reclaimed_amount = None, {}, ZERO
            app.report_due_on, app.report_received_on, app.withdrawal_reason = None, None, None

    class Amended(GrantAggregate.Event):
        changes: dict[str, Any]

        def apply(self, app: Application) -> None:
            for name, value in self.changes.items():
                setattr(app, name, normalised(name, value))

    class Withdrawn(GrantAggregate.Event):
        reason: str

        def apply(self, app: Application) -> None:
            app.status, app.withdrawal_reason = Status.WITHDRAWN, self.reason

    class Screened(GrantAggregate.Event):
        eligible: bool
        reason: str

        def apply(self, app: Application) -> None:
            app.status, app.screening = Status.UNDER_REVIEW, (self.eligible, self.reason)

    class Scored(GrantAggregate.Event):
        scoring: Scoring

        def apply(self, app: Application) -> None:
            app.status = Status.UNDER_REVIEW
            app.scorings[self.scoring.assessor_id] = self.scoring

    class Prioritised(GrantAggregate.Event):
        rank: int
        recommended_amount: Decimal

        def apply(self, app: Application) -> None:
            app.status, app.rank, app.recommended_amount = Status.PRIORITISED, self.rank, self.recommended_amount
            app.prioritised_by.add(self.actor.id)

    class RecusalDeclared(GrantAggregate.Event):
        reason: str

        def apply(self, app: Application) -> None:
            app.recusals.add(self.actor.id)

    class Approved(GrantAggregate.Event):
        amount: Decimal
        conditions: str
        decision_ref: str

        def apply(self, app: Application) -> None:
            app.status, app.granted_amount, app.approved_by = Status.APPROVED, self.amount, self.actor.id
            app.conditions, app.decision_ref, app.decided_at = self.conditions, self.decision_ref, self.timestamp

    class Rejected(GrantAggregate.Event):
        reasons: str

        def apply(self, app: Application) -> None:
            app.status, app.rejection_reasons, app.decided_at = Status.REJECTED, self.reasons, self.timestamp

    class AgreementRegistered(GrantAggregate.Event):
        agreement: Agreement

        def apply(self, app: Application) -> None:
            app.agreement = Agreement(**{**self.agreement.__dict__, "parties": tuple(self.agreement.parties)})

    class FundsDisbursed(GrantAggregate.Event):
        amount: Decimal
        payment_reference: str
        instalment: int

        def apply(self, app: Application) -> None:
            app.disbursements[self.payment_reference] = self.amount
            if app.paid_amount == app.granted_amount:
                app.status = Status.PAID

    class FundsReclaimed(GrantAggregate.Event):
        amount: Decimal
        reason: str

        def apply(self, app: Application) -> None:
            app.reclaimed_amount += self.amount

    class ReportDue(GrantAggregate.Event):
        due_on: date

        def apply(self, app: Application) -> None:
            app.report_due_on = self.due_on

    class ReportReceived(GrantAggregate.Event):
        received_on: date
        document_ref: str

        def apply(self, app: Application) -> None:
            app.report_received_on = self.received_on

    class Closed(GrantAggregate.Event):
        reason: str
        released_amount: Decimal

        def apply(self, app: Application) -> None:
            app.status = Status.CLOSED

    reference: str
    round_id: UUID
    pool_id: UUID
    health_community: HealthCommunity
    title: str
    summary: str
    applicant: Organisation
    partners: tuple[Organisation, ...]
    priority_groups: tuple[str, ...]
    requested_amount: Decimal
    own_contribution: Decimal
    budget: tuple[BudgetLine, ...]
    contact: Contact | None
    status: str
    screening: tuple[bool, str] | None
    scorings: dict[str, Scoring]
    prioritised_by: set[str]
    recusals: set[str]
    rank: int | None
    recommended_amount: Decimal | None
    granted_amount: Decimal | None
    approved_by: str | None
    conditions: str | None
    decision_ref: str | None
    decided_at: datetime | None
    rejection_reasons: str | None
    withdrawal_reason: str | None
    agreement: Agreement | None
    disbursements: dict[str, Decimal]
    reclaimed_amount: Decimal
    report_due_on: date | None
    report_received_on: date | None

    # -- submission ----------------------------------------------------------------------
    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @classmethod
    def submit(cls, round_: Round, reference: str, content: dict[str, Any], actor: Actor, at: datetime,
               application_id: UUID | None = None, request: CommandKey | None = None) -> Application:
        """Submit an application to an open round before its deadline (applicant of its own org).
        `application_id`: the id a request key decided (else a new random one)."""
        actor.require_role(APPLICANT)
        round_.check_accepts_submissions(at)
        checked = check_content(content, round_.requires_own_contribution)
        _check_own_organisation(actor, checked["applicant"].org_no)
        return cls._create(
            cls.Submitted, id=application_id or uuid4(), timestamp=at, actor=actor, reference=reference,
            round_id=round_.id, pool_id=round_.pool_id, content=checked, request=request,
        )

    def amend(self, round_: Round, changes: dict[str, Any], actor: Actor, at: datetime) -> None:
        """Change submitted fields while the round is open, before its deadline and
        before prioritisation."""
        actor.require_role(APPLICANT)
        _check_own_organisation(actor, self.applicant.org_no)
        self._check_status(Status.SUBMITTED, Status.UNDER_REVIEW, doing="amend")
        round_.check_accepts_submissions(at)
        if not changes:
            raise InvalidInput("body", "no field to change")
        merged = check_content({**self.content, **changes}, round_.requires_own_contribution)
        _check_own_organisation(actor, merged["applicant"].org_no)
        changed = {name: merged[name] for name in changes if merged[name] != getattr(self, name)}
        if not changed:
            raise InvalidInput("body", "nothing differs from the application as it stands")
        self._record(self.Amended, at, actor, changes=changed)

    def withdraw(self, reason: str, actor: Actor, at: datetime) -> None:
        """Withdraw the application before a decision (applicant of its own org)."""
        actor.require_role(APPLICANT)
        _check_own_organisation(actor, self.applicant.org_no)
        self._check_status(*UNDECIDED, doing="withdraw")
        self._record(self.Withdrawn, at, actor, reason=require_text(reason, "reason", text.REASON, multiline=True))

    # -- assessment (health community secretariat) ---------------------------------------
    def screen(self, eligible: bool, reason: str, actor: Actor, at: datetime) -> None:
        """Record whether the application is eligible, and why."""
        self._check_assessor(actor)
        self._check_status(Status.SUBMITTED, Status.UNDER_REVIEW, doing="screen")
        if not isinstance(eligible, bool):
            raise InvalidInput("eligible", "must be true or false")
        self._record(self.Screened, at, actor, eligible=eligible,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    def score(self, round_: Round, scores: dict[str, int], comment: str, actor: Actor, at: datetime) -> None:
        """One assessor's scores, 0–5 on every criterion of the round; once per assessor."""
        self._check_assessor(actor)
        self._check_status(Status.SUBMITTED, Status.UNDER_REVIEW, doing="score")
        if actor.id in self.scorings:
            raise AlreadyScored(f"{actor.name} has already scored {self.reference}")
        weights = {c.id: c.weight for c in round_.criteria}
        if not isinstance(scores, dict) or set(scores) != set(weights):
            raise InvalidInput("scores", f"must score exactly the criteria {', '.join(sorted(weights))}")
        for criterion, value in scores.items():
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
                raise InvalidInput(f"scores.{criterion}", "must be a whole number from 0 to 5")
        scoring = Scoring(actor.id, dict(scores), weights, optional_text(comment, "comment", text.COMMENT))
        self._record(self.Scored, at, actor, scoring=scoring)

    def prioritise(self, rank: int, recommended_amount: object, actor: Actor, at: datetime) -> None:
        """Rank the scored application within its community and recommend an amount."""
        self._check_assessor(actor)
        self._check_status(Status.UNDER_REVIEW, Status.PRIORITISED, doing="prioritise")
        if self.screening is not None and not self.screening[0]:
            raise NotEligible(f"{self.reference} was screened as not eligible: {self.screening[1]}")
        if not self.scorings:
            raise WrongStatus(f"{self.reference} must be scored before it is prioritised")
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
            raise InvalidInput("rank", "must be a whole number from 1")
        amount = positive_money(recommended_amount, "recommended_amount")
        if amount > self.requested_amount:
            raise OverGranted(f"{amount} NOK exceeds the {self.requested_amount} NOK requested")
        self._record(self.Prioritised, at, actor, rank=rank, recommended_amount=amount)

    def register_agreement(
        self, signed_on: date, parties: list[str], document_ref: str, patient_responsibility: str,
        actor: Actor, at: datetime,
    ) -> None:
        """Register the signed agreement between the parties (needed before payout)."""
        actor.require_role(ASSESSOR, COMMITTEE)
        if actor.role == ASSESSOR:
            self._check_assessor(actor)
        self._check_status(Status.APPROVED, Status.PAID, doing="register an agreement for")
        if not isinstance(signed_on, date) or isinstance(signed_on, datetime):
            raise InvalidInput("signed_on", "must be a date")
        if signed_on > local_date(at):
            raise InvalidInput("signed_on", "cannot be in the future")
        if not isinstance(parties, (list, tuple)) or len(parties) < 2:
            raise InvalidInput("parties", "an agreement has at least two parties")
        checked = tuple(require_org_no(p, f"parties[{i}]") for i, p in enumerate(parties))
        if len(set(checked)) != len(checked):
            raise InvalidInput("parties", "lists a party twice")
        if self.applicant.org_no not in checked:
            raise InvalidInput("parties", "the responsible applicant must be a party")
        agreement = Agreement(signed_on, checked, require_text(document_ref, "document_ref", text.DOCUMENT_REF),
                              require_text(patient_responsibility, "patient_responsibility", text.REASON,
                                           multiline=True))
        self._record(self.AgreementRegistered, at, actor, agreement=agreement)

    # -- decision (committee) ------------------------------------------------------------
    def declare_recusal(self, reason: str, actor: Actor, at: datetime) -> None:
        """A committee member or assessor steps aside from this application (inhabilitet)."""
        actor.require_role(COMMITTEE, ASSESSOR)
        self._check_status(*UNDECIDED, doing="declare recusal for")
        if actor.id in self.recusals:
            raise Recused(f"{actor.name} has already declared recusal for {self.reference}")
        self._record(self.RecusalDeclared, at, actor,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    def approve(self, amount: object, conditions: str, decision_ref: str, actor: Actor, at: datetime) -> Decimal:
        """Grant `amount` (≤ requested) to a prioritised application; returns the amount.
        The caller reserves it in the pool in the same save."""
        self._check_decider(actor)
        self._check_status(Status.PRIORITISED, doing="approve")
        granted = positive_money(amount)
        if granted > self.requested_amount:
            raise OverGranted(f"{granted} NOK exceeds the {self.requested_amount} NOK requested")
        self._record(self.Approved, at, actor, amount=granted,
                     conditions=optional_text(conditions, "conditions", text.CONDITIONS),
                     decision_ref=require_text(decision_ref, "decision_ref", text.DECISION_REF))
        return granted

    def reject(self, reasons: str, actor: Actor, at: datetime) -> None:
        """Refuse the application, giving reasons."""
        self._check_decider(actor)
        self._check_status(*UNDECIDED, doing="reject")
        self._record(self.Rejected, at, actor,
                     reasons=require_text(reasons, "reasons", text.REJECTION_REASONS, multiline=True))

    # -- payout (finance) ----------------------------------------------------------------
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
        self._check_status(Status.APPROVED, doing="disburse to")
        if self.agreement is None:
            raise AgreementMissing(f"{self.reference} has no registered agreement between the parties")
        if actor.id == self.approved_by:
            raise SeparationOfDuties(f"{actor.name} approved {self.reference} and may not pay it out")
        if money > self.unpaid_amount:
            raise OverGranted(f"{money} NOK exceeds the {self.unpaid_amount} NOK left to pay")
        self._record(self.FundsDisbursed, at, actor, amount=money, payment_reference=reference,
                     instalment=len(self.disbursements) + 1)
        return True

    def reclaim(self, amount: object, reason: str, actor: Actor, at: datetime) -> Decimal:
        """Claim back money paid out (tilbakebetaling); returns the amount for the pool."""
        actor.require_role(FINANCE)
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
        self._check_status(Status.APPROVED, Status.PAID, doing="close")
        released = self.unpaid_amount
        self._record(self.Closed, at, actor, reason=require_text(reason, "reason", text.REASON, multiline=True),
                     released_amount=released)
        return released

    # -- figures -------------------------------------------------------------------------
    @property
    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    @property
    def paid_amount(self) -> Decimal:
        return sum(self.disbursements.values(), ZERO)

    @property
    def unpaid_amount(self) -> Decimal:
        """Granted and not yet paid (zero before a grant)."""
        return (self.granted_amount or ZERO) - self.paid_amount

    @property
    def total_score(self) -> Decimal | None:
        """Each assessor's weighted mean, averaged over assessors, to two decimals."""
        if not self.scorings:
            return None
        mean = sum((s.weighted_mean() for s in self.scorings.values()), Decimal(0)) / len(self.scorings)
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def involved_org_nos(self) -> set[str]:
        return {self.applicant.org_no, *(p.org_no for p in self.partners)}

    # -- guards --------------------------------------------------------------------------
    def _check_status(self, *allowed: str, doing: str) -> None:
        if self.status not in allowed:
            raise WrongStatus(f"cannot {doing} {self.reference}: it is {self.status}")

    def _check_assessor(self, actor: Actor) -> None:
        actor.require_role(ASSESSOR)
        if actor.community_id != self.health_community.id:
            raise NotPermitted(f"{actor.name} assesses for another health community than {self.health_community.name}")
        if actor.org_no in self.involved_org_nos:
            raise ConflictOfInterest(f"{actor.name}'s organisation applies or partners in {self.reference}")
        if actor.id in self.recusals:
            raise Recused(f"{actor.name} has declared recusal for {self.reference}")

    def _check_decider(self, actor: Actor) -> None:
        actor.require_role(COMMITTEE)
        if actor.id in self.recusals:
            raise Recused(f"{actor.name} has declared recusal for {self.reference}")
        if actor.org_no is not None and actor.org_no in self.involved_org_nos:
            raise ConflictOfInterest(
                f"{actor.name}'s organisation applies or partners in {self.reference}: declare recusal"
            )
        if actor.id in self.scorings or actor.id in self.prioritised_by:
            raise SeparationOfDuties(f"{actor.name} assessed {self.reference} and may not decide it")


def _check_own_organisation(actor: Actor, org_no: str) -> None:
    if actor.org_no != org_no:
        raise NotPermitted(f"{actor.name} acts for organisation {actor.org_no}, not {org_no}")
