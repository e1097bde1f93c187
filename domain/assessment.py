"""Assessment by the health community's secretariat: screen, score, prioritise, register the agreement."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import Prioritise, RegisterAgreement, Score, Screen
from domain.errors import (
    AgreementParties,
    InvalidInput,
    OverGranted,
)
from domain.money import positive_money
from domain.orgno import require_org_no
from domain.round import Round, local_date
from domain.statuses import Status
from domain.text import optional_text, require_text
from domain.values import (
    HOSPITAL_TRUST,
    MUNICIPALITY,
    Actor,
    Agreement,
    Scoring,
)


class Assessment(ApplicationState):
    """The assessors' commands and the events they record."""

    class Screened(GrantAggregate.Event):
        eligible: bool
        reason: str

        def apply(self, app: ApplicationState) -> None:
            app.status, app.screening = Status.UNDER_REVIEW, (self.eligible, self.reason)

    class Scored(GrantAggregate.Event):
        scoring: Scoring

        def apply(self, app: ApplicationState) -> None:
            app.status = Status.UNDER_REVIEW
            app.scorings[self.scoring.assessor_id] = self.scoring

    class Prioritised(GrantAggregate.Event):
        rank: int
        recommended_amount: Decimal

        def apply(self, app: ApplicationState) -> None:
            app.status, app.rank, app.recommended_amount = Status.PRIORITISED, self.rank, self.recommended_amount
            app.prioritised_by.add(self.actor.id)

    class AgreementRegistered(GrantAggregate.Event):
        agreement: Agreement

        def apply(self, app: ApplicationState) -> None:
            app.agreement = replace(self.agreement, parties=tuple(self.agreement.parties))

    def screen(self, eligible: bool, reason: str, actor: Actor, at: datetime) -> None:
        """Record whether the application is eligible, and why."""
        self.check_may(Screen.RULE, actor, at)
        if not isinstance(eligible, bool):
            raise InvalidInput("eligible", "must be true or false")
        self._record(self.Screened, at, actor, eligible=eligible,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    def score(self, round_: Round, scores: dict[str, int], comment: str, actor: Actor, at: datetime) -> None:
        """One assessor's scores, 0–5 on every criterion of the round; once per assessor."""
        self.check_may(Score.RULE, actor, at)
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
        self.check_may(Prioritise.RULE, actor, at)
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
            raise InvalidInput("rank", "must be a whole number from 1")
        amount = positive_money(recommended_amount, "recommended_amount")
        if amount > self.requested_amount:
            raise OverGranted(f"{amount} NOK exceeds the {self.requested_amount} NOK requested")
        self._record(self.Prioritised, at, actor, rank=rank, recommended_amount=amount)

    def register_agreement(
        self, signed_on: date, parties: list[str], document_ref: str, patient_responsibility: str,
        actor: Actor, at: datetime, attachment: str | None = None, open_to_other_parties: bool = False,
    ) -> None:
        """Register the signed agreement between the parties (needed before payout): the
        application's own parties, the applicant among them, and — unless the round is
        open to other parties — at least one hospital trust and one municipality. The
        signed agreement is kept with the application (`attachment`, its SHA-256) or named
        by its archive reference (`document_ref`), or both."""
        self.check_may(RegisterAgreement.RULE, actor, at)
        if not isinstance(signed_on, date) or isinstance(signed_on, datetime):
            raise InvalidInput("signed_on", "must be a date")
        if signed_on > local_date(at):
            raise InvalidInput("signed_on", "cannot be in the future")
        if not isinstance(parties, (list, tuple)) or not parties:
            raise InvalidInput("parties", "an agreement has at least two parties")
        checked = tuple(require_org_no(p, f"parties[{i}]") for i, p in enumerate(parties))
        if len(set(checked)) != len(checked):
            raise InvalidInput("parties", "lists a party twice")
        self.check_agreement_parties(checked, open_to_other_parties)
        if len(checked) < 2:
            raise InvalidInput("parties", "an agreement has at least two parties")
        if self.applicant.org_no not in checked:
            raise InvalidInput("parties", "the responsible applicant must be a party")
        files = self.check_attached(() if attachment in (None, "") else (str(attachment),))
        reference = optional_text(document_ref, "document_ref", text.DOCUMENT_REF)
        if not reference and not files:
            raise InvalidInput("document_ref", "give the agreement's archive reference, or attach the signed agreement")
        agreement = Agreement(signed_on, checked, reference,
                              optional_text(patient_responsibility, "patient_responsibility", text.REASON,
                                            multiline=True),
                              files[0] if files else None)
        self._record(self.AgreementRegistered, at, actor, agreement=agreement)

    def check_agreement_parties(self, parties: tuple[str, ...], open_to_other_parties: bool) -> None:
        """`AgreementParties` naming what is wrong: a party that is not the application's,
        or (unless the round is open to other parties) no hospital trust or no municipality."""
        by_no = {party.org_no: party for party in self.parties}
        outside = [p for p in parties if p not in by_no]
        if outside:
            raise AgreementParties(f"{', '.join(outside)} is not a party to {self.reference}: the agreement is "
                                   f"between the applicant and its partners")
        if open_to_other_parties:
            return
        kinds = {by_no[p].kind for p in parties}
        missing = [kind for kind in (HOSPITAL_TRUST, MUNICIPALITY) if kind not in kinds]
        if missing:
            words = " and no ".join(kind.replace("_", " ") for kind in missing)
            raise AgreementParties(f"the agreement for {self.reference} has no {words}: it must include at least one "
                                   "hospital trust and one municipality among the application's parties")
