"""What an application knows (its state), the figures derived from it, and the guards its
commands share. The commands live by concern in `submission`, `assessment`, `decision`
and `payout`; `domain.application.Application` joins them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from domain.attachments import Attachment
from domain.base import GrantAggregate
from domain.complaint import Complaint
from domain.content import CONTENT_FIELDS, Contribution
from domain.errors import (
    ConflictOfInterest,
    InvalidInput,
    NotPermitted,
    NotYours,
    OutOfScope,
)
from domain.followup import Requirement
from domain.impartiality import Tie, tie_of
from domain.inquiry import Inquiry
from domain.money import ZERO
from domain.notice import Notice
from domain.round import Round
from domain.rules import NO_SUCH_APPLICATION as NO_SUCH_APPLICATION
from domain.rules import Circumstances, Rule, check
from domain.scope import reaches
from domain.values import (
    APPLICANT,
    Actor,
    Agreement,
    BudgetLine,
    Contact,
    HealthCommunity,
    Organisation,
    Scoring,
)


class ApplicationState(GrantAggregate):
    """The state of an application as its events have set it."""

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
    #: The person who submitted it (the submission's actor).
    submitted_by: str
    #: Each party's own contribution, and the plan for lasting operation (`domain.content`).
    contributions: tuple[Contribution, ...]
    lasting_operation: str
    #: The files kept with it, by SHA-256 (`domain.filing`).
    attachments: dict[str, Attachment]
    #: The secretariat's questions and the answers, oldest first (`domain.information`).
    inquiries: tuple[Inquiry, ...]
    #: The reporting requirements by id, and what is held back until the final report (`domain.reporting`).
    requirements: dict[str, Requirement]
    holdback: Decimal
    #: The grant per fiscal year (`domain.decision`).
    committed_years: tuple[BudgetLine, ...]
    #: Whether the grant waits on the recipient's acceptance, and its answer (`domain.acceptance`);
    #: class defaults, so that older states and snapshots read as grants needing none.
    acceptance_due: bool = False
    grant_answer: str | None = None
    grant_answered_at: datetime | None = None
    #: Why less than requested was granted (forvaltningsloven § 25), "" for a full grant.
    grant_reasons: str = ""
    #: What was repaid of what was claimed back, by repayment reference, and when the latest
    #: claim falls due (`domain.payout`); an older reclaim counts as repaid at once.
    repaid_amount: Decimal = Decimal(0)
    repayments: dict[str, Decimal] | None = None
    repayment_due_on: date | None = None
    #: Notices before a burdensome decision and the parties' answers (`domain.hearing`), and
    #: complaints of the decision (`domain.reconsideration`); none in older states.
    notices: tuple[Notice, ...] = ()
    complaints: tuple[Complaint, ...] = ()

    # -- figures -------------------------------------------------------------------------
    @property
    def content(self) -> dict[str, Any]:
        """The submitted fields as they stand after amendments."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    @property
    def paid_amount(self) -> Decimal:
        """Everything disbursed so far."""
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
        """The applicant's and every partner's organisation number."""
        return {self.applicant.org_no, *(p.org_no for p in self.partners)}

    @property
    def parties(self) -> tuple[Organisation, ...]:
        """The applicant and its partners."""
        return (self.applicant, *self.partners)

    # -- guards --------------------------------------------------------------------------
    def tie_of(self, actor: Actor) -> Tie | None:
        """What disqualifies the person from handling this application, if anything
        (`domain.impartiality`): they submitted it, or belong to one of its parties."""
        return tie_of(actor, self.reference, self.parties, self.submitted_by)

    def check_impartial(self, actor: Actor) -> None:
        """`ConflictOfInterest` naming the tie, when the person may not handle the case."""
        tie = self.tie_of(actor)
        if tie is not None:
            raise ConflictOfInterest(str(tie), tie)

    def check_visible_to(self, actor: Actor) -> None:
        """An applicant reaches only the applications its organisation applies or partners in
        (the commands let only the applicant change them), an assessor only
        on its community's; refused (`OutOfScope`) worded as for a missing one, whatever
        they tried to do. The owner's scope is the pool's to check."""
        if actor.role == APPLICANT and actor.org_no not in self.involved_org_nos:
            raise NotYours(NO_SUCH_APPLICATION)  # a partner sees it; only the applicant changes it
        if not reaches(actor, community_id=self.health_community.id):
            raise OutOfScope(NO_SUCH_APPLICATION)

    def check_attached(self, hashes: tuple[str, ...]) -> tuple[str, ...]:
        """The hashes, if every one names a file kept with this application (`domain.filing`)."""
        unknown = [h for h in hashes if h not in self.attachments]
        if unknown:
            raise InvalidInput("attachments", f"{self.reference} has no file {unknown[0]}")
        return tuple(hashes)

    def check_held_back(self, amount: Decimal) -> None:
        """Raise when `amount` would reach into what is held back (`domain.reporting`)."""

    def check_may(self, rule: Rule, actor: Actor, at: datetime, report_id: str | None = None,
                  round_: Round | None = None) -> None:
        """Raise unless `actor` may now give the command `rule` governs (`domain.rules`);
        `round_` for a command that must come while the round is open."""
        now = Circumstances(at) if round_ is None else Circumstances(at, round_.status == "open", round_.deadline)
        check(rule, self, actor, now, report_id)

    @staticmethod
    def _check_own_organisation(actor: Actor, org_no: str) -> None:
        if actor.org_no != org_no:
            raise NotPermitted(f"{actor.name} acts for organisation {actor.org_no}, not {org_no}")
