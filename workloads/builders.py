"""Builders for tests: actors, application content, and applications at any stage."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from application.service import Grants
from domain.application import Application
from domain.commands import (
    AnswerGrant,
    AnswerNotice,
    Approve,
    Disburse,
    GiveNotice,
    Prioritise,
    RegisterAgreement,
    Score,
    Submit,
)
from domain.registry import Community, RegisteredOwner, Registry
from domain.values import (
    ADMIN,
    APPLICANT,
    ASSESSOR,
    COMMITTEE,
    FINANCE,
    Actor,
    BudgetLine,
    Contact,
    Criterion,
    HealthCommunity,
    Organisation,
    Owner,
)

BODO = Organisation("972418013", "Bodø kommune", "municipality")
NLSH = Organisation("983974899", "Nordlandssykehuset HF", "hospital_trust")
TROMSO = Organisation("940101808", "Tromsø kommune", "municipality")
LVS = HealthCommunity("hf-lvs", "Helsefellesskapet Lofoten, Vesterålen og Salten")
NORD = Owner("helse-nord-rhf", "Helse Nord RHF", "rhf")
CRITERIA = [Criterion("effekt", "Forventet effekt", Decimal(3)), Criterion("samarbeid", "Samarbeid", Decimal(1))]
DEADLINE = date(2025, 3, 1)

FINANCE_ACTOR = Actor("finance-1", "Ingrid Solheim", FINANCE)
FINANCE_2 = Actor("finance-2", "Per Strand", FINANCE)
APPLICANT_ACTOR = Actor("applicant-1", "Hilde Johansen", APPLICANT, org_no=BODO.org_no)
OTHER_APPLICANT = Actor("applicant-2", "Ole Nilsen", APPLICANT, org_no=TROMSO.org_no)
ASSESSOR_ACTOR = Actor("assessor-1", "Ragnhild Eide", ASSESSOR, community_id=LVS.id)
ASSESSOR_2 = Actor("assessor-2", "Kjetil Brekke", ASSESSOR, community_id=LVS.id)
COMMITTEE_ACTOR = Actor("committee-1", "Anita Pettersen", COMMITTEE)
COMMITTEE_BODO = Actor("committee-2", "Stig Hansen", COMMITTEE, org_no=BODO.org_no)


class FakeClock:
    """A clock the test sets; each reading advances one second so events stay ordered."""

    def __init__(self, start: datetime = datetime(2025, 1, 15, 9, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def set(self, at: datetime) -> None:
        self.now = at

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def content(**overrides: Any) -> dict[str, Any]:
    """A valid application content for Bodø kommune, with `overrides` (another amount
    applied for is then budgeted in 2025, unless the budget is given too)."""
    base: dict[str, Any] = {
        "health_community": LVS, "title": "FACT-team for Salten", "summary": "Felles team for ROP-pasienter.",
        "applicant": BODO, "partners": [NLSH], "priority_groups": ["severe_mental_illness_and_substance_abuse"],
        "requested_amount": Decimal(1000000), "own_contribution": Decimal(400000),
        "budget": [BudgetLine(2025, Decimal(1000000))], "contact": Contact("Hilde Johansen", "hilde@bodo.kommune.no"),
    }
    if "requested_amount" in overrides and "budget" not in overrides:
        base["budget"] = [BudgetLine(2025, Decimal(overrides["requested_amount"]))]
    base.update(overrides)
    return base


#: The organisations the builders' applications name, as the operator registers them.
#: Another region and community, for what lies outside the builders' scope.
SOR = RegisteredOwner("helse-sor-ost-rhf", "Helse Sør-Øst RHF", "rhf", org_no="991324968")
FREDRIKSTAD = Organisation("940039541", "Fredrikstad kommune", "municipality")
OSTFOLD = Community("hf-ostfold", "Helsefellesskapet Østfold", SOR.id, (FREDRIKSTAD,))
REGISTERED_OWNERS: tuple[RegisteredOwner, ...] = (RegisteredOwner(NORD.id, NORD.name, NORD.kind), SOR)
REGISTERED_COMMUNITIES: tuple[Community, ...] = (Community(LVS.id, LVS.name, NORD.id, (BODO, NLSH, TROMSO)), OSTFOLD)
REGISTRAR = Actor("operator:test", "Testoperatør", ADMIN)
#: Three health communities of Helse Nord that own money allocated to them.
NORD_COMMUNITY_OWNERS: tuple[RegisteredOwner, ...] = (
    RegisteredOwner(LVS.id, LVS.name, "health_community", region=NORD.id),
    RegisteredOwner("hf-finnmark", "Helsefellesskapet Finnmark", "health_community", region=NORD.id),
    RegisteredOwner("hf-helgeland", "Helsefellesskapet Helgeland", "health_community", region=NORD.id),
)


def register_community_owners(grants: Grants) -> None:
    """Register the builders' organisations and Helse Nord's three money-owning communities."""
    register_organisations(grants)
    for owner in NORD_COMMUNITY_OWNERS:
        grants.register_owner(owner, REGISTRAR)


def registry() -> Registry:
    """The builders' organisations, registered in a registry of their own (not stored)."""
    at = datetime(2025, 1, 1, tzinfo=UTC)
    built = Registry.start(REGISTRAR, at)
    for owner in REGISTERED_OWNERS:
        built.register_owner(owner, REGISTRAR, at)
    for community in REGISTERED_COMMUNITIES:
        built.register_community(community, REGISTRAR, at)
    return built


def register_organisations(grants: Grants) -> None:
    """Register the builders' owners and communities in the store (again: nothing)."""
    for owner in REGISTERED_OWNERS:
        grants.register_owner(owner, REGISTRAR)
    for community in REGISTERED_COMMUNITIES:
        grants.register_community(community, REGISTRAR)


@dataclass
class World:
    """A pool and a round in a store, and shortcuts to bring applications to a stage."""

    grants: Grants
    clock: FakeClock
    pool_amount: Decimal = Decimal(10000000)
    #: Whose pool: Helse Nord's, or one of its money-owning communities (`NORD_COMMUNITY_OWNERS`).
    owner: Owner = NORD

    def __post_init__(self) -> None:
        self._pool_id: UUID | None = None
        self._round_id: UUID | None = None
        self._payments = itertools.count(1)

    @property
    def pool_id(self) -> UUID:
        if self._pool_id is None:
            if self.owner == NORD:
                register_organisations(self.grants)
            else:
                register_community_owners(self.grants)
            self._pool_id = self.grants.open_pool(self.owner, name="Tilskudd 2025", fiscal_years=[2025],
                                                  amount=self.pool_amount, actor=FINANCE_ACTOR).value.id
        return self._pool_id

    @property
    def round_id(self) -> UUID:
        if self._round_id is None:
            self._round_id = self.grants.open_round(self.pool_id, title="Utlysning 2025", deadline=DEADLINE,
                                                    criteria=CRITERIA, requires_own_contribution=True,
                                                    actor=FINANCE_ACTOR).value.id
        return self._round_id

    def submitted(self, **overrides: Any) -> Application:
        return self.grants.run(Submit(self.round_id, content(**overrides)), actor=APPLICANT_ACTOR).value

    def scored(self, **overrides: Any) -> Application:
        app = self.submitted(**overrides)
        return self.grants.run(Score(app.id, scores={"effekt": 4, "samarbeid": 3}, comment="Bra"),
                               actor=ASSESSOR_ACTOR).value

    def prioritised(self, amount: str = "1000000", **overrides: Any) -> Application:
        app = self.scored(**overrides)
        return self.grants.run(Prioritise(app.id, rank=1, recommended_amount=amount), actor=ASSESSOR_ACTOR).value

    def approved(self, amount: str = "1000000", **overrides: Any) -> Application:
        app = self.prioritised(amount, **overrides)
        partial = Decimal(amount) < app.requested_amount
        return self.grants.run(Approve(app.id, amount=amount, conditions="Sluttrapport", decision_ref="KU-1/2025",
                                       reasons="Redusert etter prioriteringen" if partial else ""),
                               actor=COMMITTEE_ACTOR).value

    def accepted(self, amount: str = "1000000", **overrides: Any) -> Application:
        app = self.approved(amount, **overrides)
        return self.grants.run(AnswerGrant(app.id, accept=True), actor=APPLICANT_ACTOR).value

    def agreed(self, amount: str = "1000000", **overrides: Any) -> Application:
        app = self.accepted(amount, **overrides)
        return self.grants.run(RegisterAgreement(app.id, signed_on=date(2025, 1, 10),
                                                 parties=(BODO.org_no, NLSH.org_no), document_ref="Avtale 1",
                                                 patient_responsibility="HF under innleggelse, kommunen etterpå"),
                               actor=ASSESSOR_ACTOR).value

    def paid(self, amount: str = "1000000", **overrides: Any) -> Application:
        app = self.agreed(amount, **overrides)
        return self.grants.run(Disburse(app.id, amount=amount, payment_reference=f"UTB-{next(self._payments)}"),
                               actor=FINANCE_ACTOR).value

    def heard(self, app_id: UUID, intent: str = "reclaim") -> Application:
        """Give the parties notice of `intent` (reclaim, close) and let them answer, so the
        decision may be made now (forvaltningsloven § 16)."""
        comment_by = self.grants.now().date() + timedelta(days=14)
        self.grants.run(GiveNotice(app_id, intent=intent, text="Vi vurderer vedtaket; se begrunnelsen.",
                                   comment_by=comment_by), actor=FINANCE_ACTOR)
        return self.grants.run(AnswerNotice(app_id, answer="Vi har ingen merknader."), actor=APPLICANT_ACTOR).value


def hear(app: Application, intent: str, at: datetime) -> None:
    """On an application itself: notice of `intent` with two weeks to comment, and the
    applicant's answer, so the decision may be made at `at`."""
    app.give_notice(intent, "Vi vurderer vedtaket; se begrunnelsen.", at.date() + timedelta(days=14),
                    FINANCE_ACTOR, at)
    app.answer_notice("Vi har ingen merknader.", APPLICANT_ACTOR, at)
