"""`grants demo`: carries the demo applications through every stage, via the services.

The scenario took place in 2024–2026, so it runs on a simulated clock: each step is
stamped with the day it happened in the story, in chronological order. Everything goes
through the application services, so it produces real, guarded events.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from application.allocation import Part
from application.service import Grants
from demo.current import continue_series
from demo.data import (
    ALLOCATING_POOLS,
    ALLOCATIONS,
    APPLICATIONS,
    COMMUNITIES,
    DEMO_OPERATOR,
    EXAMPLE_NOTE,
    INDICATORS,
    MEETING_BODIES,
    POOLS,
    SECRETARIATS,
    TOP_UPS,
    YEARLY_ALLOCATIONS,
    YEARS,
    AllocationPlan,
    ApplicationPlan,
    PoolPlan,
    TopUp,
    YearPlan,
    communities,
    owners,
)
from domain.commands import (
    AcceptReport,
    Amend,
    AnswerGrant,
    AnswerNotice,
    Approve,
    CaseCommand,
    Close,
    DeclareRecusal,
    Disburse,
    ForwardComplaint,
    GiveNotice,
    LodgeComplaint,
    Prioritise,
    Reclaim,
    RecordAppealDecision,
    RecordRepayment,
    RegisterAgreement,
    Reject,
    RequireReport,
    ReverseDecision,
    Score,
    Screen,
    Submit,
    SubmitReport,
    WaiveReport,
    Withdraw,
)
from domain.content import CASH, IN_KIND, Contribution
from domain.membership import Membership
from domain.pool import FundingPool
from domain.round import OSLO, local_date
from domain.values import (
    APPLICANT,
    ASSESSOR,
    COMMITTEE,
    FINANCE,
    Actor,
    BudgetLine,
    Contact,
)

#: How far each fate carries an application: 0 submitted, 1 screened, 2 scored, 3 prioritised,
#: 4 decided, 5 agreement, 6 first instalment, 7 paid in full, 8 after the report.
_REACH = {"submitted": 0, "withdrawn": 0, "screened": 1, "ineligible": 1, "scored": 2, "prioritised": 3,
          "rejected": 4, "approved": 4, "declined": 4, "agreement": 5, "paid1": 6, "paid1_amended": 6,
          "closed_early": 6,
          "paid": 7, "paid_recused": 7, "reclaim": 8, "closed": 8}


class SimulatedClock:
    """A clock set by the scenario; each reading is one second after the previous one."""

    def __init__(self) -> None:
        self._now = datetime(2024, 1, 1, tzinfo=UTC)

    def set(self, day: date, hour: int = 9) -> None:
        """The story moves to `day` (never back, and never past the real present)."""
        at = datetime.combine(day, time(hour), tzinfo=OSLO).astimezone(UTC)
        self._now = max(min(at, datetime.now(UTC) - timedelta(minutes=10)), self._now)

    def __call__(self) -> datetime:
        self._now += timedelta(seconds=1)
        return self._now


@dataclass
class DemoResult:
    """What the demo created."""

    pools: int = 0
    allocated: int = 0
    rounds: int = 0
    applications: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    open_call: str = ""  # the call open for applications on the day the demo ran


def has_demo_data(grants: Grants) -> bool:
    """True when the store already holds a funding pool (the demo, or real data)."""
    topic = get_topic(FundingPool.Opened)
    return bool(grants.recorder.select_notifications(start=None, limit=1, topics=[topic]))


def run_demo(grants: Grants, clock: SimulatedClock, after_day: Callable[[date], object] | None = None) -> DemoResult:
    """Fill the store with the demo scenario (`grants` must read time from `clock`);
    `after_day` runs at the end of each day of the story (the mail room writes its letters)."""
    scenario = _Scenario(grants)
    clock.set(min(plan.opened for plan in POOLS) - timedelta(days=7), hour=8)
    for owner in owners():
        grants.register_owner(owner, DEMO_OPERATOR)
    for community in communities():
        grants.register_community(community, DEMO_OPERATOR)
    steps: list[tuple[date, int, Callable[[], object]]] = []
    for plan in (*ALLOCATING_POOLS, *POOLS):
        steps += scenario.pool_steps(plan)
    for top_up in TOP_UPS:
        steps.append(scenario.top_up_step(top_up))
    for year in YEARS:
        steps.append(scenario.year_step(year))
    for allocation in ALLOCATIONS:
        steps.append(scenario.allocation_step(allocation))
    for on, amount in YEARLY_ALLOCATIONS:
        steps.append(scenario.yearly_allocation_step(on, amount))
    for index, app_plan in enumerate(APPLICATIONS):
        steps += scenario.application_steps(index, app_plan)
    ordered = sorted(steps, key=lambda s: (s[0], s[1]))
    for order, (day, _, step) in enumerate(ordered):
        clock.set(day, hour=8 + order % 8)
        step()
        if after_day is not None and (order + 1 == len(ordered) or ordered[order + 1][0] != day):
            after_day(day)  # the day's letters, written on the day
    nord = next(p for p in POOLS if p.key == "nord")
    officer = _Cast(scenario, _people(nord))["finance"]

    def move_to(day: date) -> None:
        clock.set(day)
        if after_day is not None:
            after_day(day)
    today = local_date(datetime.now(UTC))
    opened = continue_series(grants, scenario.round_ids["nord:next"], officer, today, move_to)
    scenario.result.rounds += len(opened)
    scenario.result.open_call = opened[-1] if opened else ""
    for application_id in scenario.application_ids:
        status = grants.get_application(application_id).status
        scenario.result.statuses[status] = scenario.result.statuses.get(status, 0) + 1
    return scenario.result


def _people(plan: PoolPlan) -> dict[str, tuple[str, Membership]]:
    """The pool's finance officer and committee (the member from Bodø kommune, for the
    conflict-of-interest rule), each a person with their membership of the pool's owner."""
    finance = {"nord": "Ingrid Solheim, økonomi Helse Nord RHF",
               "ostfold": "Per Olav Strand, økonomi Sykehuset Østfold",
               "more": "Randi Aasen, økonomi Helsefellesskapet Møre og Romsdal",
               "trondelag-sor": "Jon Olav Haugen, økonomi St. Olavs hospital",
               "nord-trondelag": "Sigrid Storvik, økonomi Helse Nord-Trøndelag",
               "lvs": "Hege Arntzen, økonomi Nordlandssykehuset"}
    chair = {"nord": "Anita Pettersen, leder av koordineringsutvalget",
             "ostfold": "Jørn Eriksen, leder av SSU Østfold",
             "lvs": "Arne Johansen, leder av SSU i Lofoten, Vesterålen og Salten"}
    owner = plan.owner.id
    return {
        "finance": (finance.get(plan.key, "Marit Berg, økonomi Helse Midt-Norge RHF"),
                    Membership.of(FINANCE, owner_id=owner)),
        "chair": (chair.get(plan.key, "Svein Rønningen, leder av ASU"), Membership.of(COMMITTEE, owner_id=owner)),
        "member": ("Stig Hansen, Bodø kommune", Membership.of(COMMITTEE, owner_id=owner, employer_org_no="972418013")),
    }


def meeting_day(day: date) -> date:
    """The working day a body meets on: `day`, or the Monday after a weekend."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _assessors(community: str) -> dict[str, tuple[str, Membership]]:
    """The community's secretariat: two people of its own."""
    hc = COMMUNITIES[community]
    names = SECRETARIATS[community]
    return {f"assessor{n}": (f"{name}, sekretariatet i {hc.name}", Membership.of(ASSESSOR, community_id=hc.id))
            for n, name in enumerate(names, start=1)}


class _Cast(Mapping[str, Actor]):
    """The people of a step, registered (with their membership) the first time they act,
    on the story's clock."""

    def __init__(self, scenario: _Scenario, people: dict[str, tuple[str, Membership]]) -> None:
        self._scenario, self._people = scenario, people

    def __getitem__(self, key: str) -> Actor:
        return self._scenario.enrol(*self._people[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)


class _Scenario:
    def __init__(self, grants: Grants) -> None:
        self.grants = grants
        self.result = DemoResult()
        self.pool_ids: dict[str, Any] = {}
        self.round_ids: dict[str, Any] = {}
        self.ranks: dict[str, int] = {}
        self.payments = 0
        self.application_ids: list[Any] = []
        self.enrolled: dict[tuple[str, str], Actor] = {}
        self.meeting_ids: dict[str, Any] = {}

    def enrol(self, name: str, membership: Membership) -> Actor:
        """The person acting through `membership`, registered on first use."""
        key = (name, membership.id)
        if key not in self.enrolled:
            person = self.grants.register_person(name, None, DEMO_OPERATOR).value
            self.grants.grant_membership(person.id, membership, DEMO_OPERATOR)
            self.enrolled[key] = self.grants.get_person(person.id).acting_as(membership.id)
        return self.enrolled[key]

    def pool_steps(self, plan: PoolPlan) -> list[tuple[date, int, Callable[[], object]]]:
        people = _Cast(self, _people(plan))

        def open_pool() -> None:
            pool = self.grants.open_pool(plan.owner, name=plan.name, fiscal_years=list(plan.fiscal_years),
                                         amount=plan.amount, actor=people["finance"],
                                         year_amounts=[BudgetLine(y, a) for y, a in plan.year_amounts] or None).value
            self.pool_ids[plan.key] = pool.id
            self.result.pools += 1

        def open_round() -> None:
            self.round_ids[plan.key] = self.grants.open_round(self.pool_ids[plan.key], title=plan.round_title,
                                                              deadline=plan.deadline, criteria=list(plan.criteria),
                                                              requires_own_contribution=True, actor=people["finance"],
                                                              follow_up=plan.follow_up, series=plan.series,
                                                              budget_years=plan.fiscal_years,
                                                              indicators=INDICATORS, call_text=EXAMPLE_NOTE).value.id
            self.result.rounds += 1

        def close_round() -> None:
            self.grants.close_round(self.round_ids[plan.key], actor=people["finance"])

        def open_next_round(deadline: date, title: str) -> None:
            self.round_ids[f"{plan.key}:next"] = self.grants.open_next_round(
                self.round_ids[plan.key], deadline=deadline, title=title, actor=people["finance"]).value.id
            self.result.rounds += 1

        def close_next_round() -> None:
            self.grants.close_round(self.round_ids[f"{plan.key}:next"], actor=people["finance"])

        steps: list[tuple[date, int, Callable[[], object]]] = []
        if plan.allocated_from is None:  # an allocated pool is opened by its allocation
            steps.append((plan.opened, 0, open_pool))
        if plan.key in MEETING_BODIES:
            steps += self.meeting_steps(plan, people)
        if plan.round_title:
            steps += [(plan.round_opened or plan.opened, 1, open_round), (plan.phases["close"], 0, close_round)]
        if plan.next_round is not None:
            on, deadline, title = plan.next_round
            steps.append((on, 1, lambda: open_next_round(deadline, title)))
            if plan.next_phases is not None:
                steps.append((plan.next_phases["close"], 0, close_next_round))
        return steps

    def meeting_steps(self, plan: PoolPlan,
                      people: Mapping[str, Actor]) -> list[tuple[date, int, Callable[[], object]]]:
        """The owner's deciding body registered when its pool opens; on each round's day
        of decision it meets (all its members present), decides its cases there (the
        applications' steps), and closes the meeting with its protocol."""
        body = MEETING_BODIES[plan.key]
        members = body.members

        def register() -> None:
            self.grants.register_body(plan.owner.id, name=body.name, kind=body.kind,
                                      members=[(name, None) for name in members], quorum=body.quorum,
                                      decides_for=body.decides_for, klageinstans=body.klageinstans,
                                      prefix=body.prefix, actor=people["chair"])

        def hold(round_key: str, on: date) -> None:
            self.meeting_ids[round_key] = self.grants.hold_meeting(
                plan.owner.id, held_on=on, place=body.place, present=[f"m{n + 1}" for n in range(len(members))],
                actor=people["chair"]).value.id

        def close(round_key: str) -> None:
            self.grants.close_meeting(self.meeting_ids[round_key], actor=people["chair"])

        steps: list[tuple[date, int, Callable[[], object]]] = [(plan.opened, 2, register)]
        for round_key, phases in ((plan.key, plan.phases), (f"{plan.key}:next", plan.next_phases)):
            if phases is not None:
                on = meeting_day(phases["decide"])
                steps += [(on, -1, partial(hold, round_key, on)), (on, 10**6, partial(close, round_key))]
        return steps

    def year_step(self, plan: YearPlan) -> tuple[date, int, Callable[[], object]]:
        """A pool gains its next fiscal year with the year's money."""
        people = _Cast(self, _people(next(p for p in (*ALLOCATING_POOLS, *POOLS) if p.key == plan.pool)))
        return (plan.on, 0, lambda: self.grants.add_pool_year(
            self.pool_ids[plan.pool], year=plan.year, amount=plan.amount, reason=plan.reason, actor=people["finance"]))

    def yearly_allocation_step(self, on: date, amount: Decimal) -> tuple[date, int, Callable[[], object]]:
        """A year's money of an allocating pool goes to its communities by the same key."""
        plan = next(a for a in ALLOCATIONS if a.amount is not None)
        people = _Cast(self, _people(next(p for p in ALLOCATING_POOLS if p.key == plan.pool)))

        def allocate() -> None:
            for key, share in plan.parts:
                part = (amount * share).quantize(Decimal(1), ROUND_DOWN)
                self.grants.increase_allocation(self.pool_ids[plan.pool], allocation_id=self.pool_ids[key],
                                                amount=part, reason=f"Tilskudd {on.year}: {plan.reason.lower()}",
                                                actor=people["finance"])
        return (on, 1, allocate)

    def top_up_step(self, top_up: TopUp) -> tuple[date, int, Callable[[], object]]:
        """The revised budget's money added to a pool."""
        people = _Cast(self, _people(next(p for p in POOLS if p.key == top_up.pool)))
        return (top_up.on, 0, lambda: self.grants.increase_pool(
            self.pool_ids[top_up.pool], amount=top_up.amount, reason=top_up.reason, actor=people["finance"]))

    def allocation_step(self, plan: AllocationPlan) -> tuple[date, int, Callable[[], object]]:
        """Part of a pool allocated to health communities; their pools become the pools of
        the plans allocated from it (their owners open rounds against them)."""
        source = next(p for p in (*ALLOCATING_POOLS, *POOLS) if p.key == plan.pool)
        people = _Cast(self, _people(source))
        keys = {COMMUNITIES[key].id: key for key, _ in plan.parts}

        def allocate() -> None:
            parts = [Part(COMMUNITIES[key].id, None if plan.amount else value, value if plan.amount else None)
                     for key, value in plan.parts]
            pool = self.grants.allocate(self.pool_ids[plan.pool], parts=parts, amount=plan.amount, reason=plan.reason,
                                        actor=people["finance"]).value
            for allocated_id, _ in pool.allocations().items():
                self.pool_ids[keys[self.grants.get_pool(allocated_id).owner.id]] = UUID(allocated_id)
                self.result.allocated += 1
        return (plan.on, 0, allocate)

    def application_steps(self, index: int, a: ApplicationPlan) -> list[tuple[date, int, Callable[[], object]]]:
        plan = next(p for p in POOLS if p.key == a.pool)
        people = _Cast(self, {**_people(plan), **_assessors(a.community), "applicant": (
            f"{a.contact}, {a.applicant.name}", Membership.of(APPLICANT, org_no=a.applicant.org_no))})
        rng = random.Random(index)
        reach = _REACH[a.fate]
        requested = Decimal(a.requested)
        granted = (requested * a.share / 10000).quantize(Decimal(1), ROUND_DOWN) * 10000
        phases = plan.next_phases if a.round and plan.next_phases is not None else plan.phases
        round_key = f"{a.pool}:next" if a.round else a.pool
        years = (int(a.round),) if a.round else plan.fiscal_years
        own = (requested * Decimal("0.4")).quantize(Decimal(1))
        state: dict[str, Any] = {}
        g = self.grants
        steps: list[tuple[date, Callable[[], object]]] = []

        def day(stage: str, extra: int = 0) -> date:
            if stage == "decide":  # the body meets once, on a working day, and decides every case there
                return meeting_day(phases[stage] + timedelta(days=extra))
            spread = index % 5 if stage != "submit" else 2 * (index % 20)
            if stage == "submit" and phases["submit"] + timedelta(days=spread) >= phases["close"]:
                spread = index % 5  # a short call: everyone in its first days
            return phases[stage] + timedelta(days=extra + spread)

        def submit() -> None:
            content = {
                "health_community": COMMUNITIES[a.community], "title": a.title,
                "summary": f"{a.title}. Tiltaket er utviklet i fellesskap av {a.applicant.name} og "
                           f"{', '.join(p.name for p in a.partners)}.",
                "applicant": a.applicant, "partners": list(a.partners), "priority_groups": list(a.priority_groups),
                "requested_amount": requested, "own_contribution": own,
                "budget": _budget(requested, years),
                "contact": Contact(a.contact, _email(a.contact, a.applicant.name)),
                "contributions": _contributions(own, a),
                "lasting_operation": f"Etter prosjektperioden dekker {a.applicant.name} og "
                                     f"{a.partners[0].name} driften innenfor egne budsjetter, fordelt som i "
                                     "samarbeidsavtalen; tiltaket inngår i handlingsplanen til helsefellesskapet.",
            }
            state["id"] = g.run(Submit(self.round_ids[round_key], content), actor=people["applicant"]).value.id
            self.application_ids.append(state["id"])
            self.result.applications += 1

        steps.append((day("submit"), submit))

        def by(who: str, command: Callable[[UUID], CaseCommand]) -> Callable[[], object]:
            """A step: `who` gives the command, made for the application once it exists."""
            return lambda: g.run(command(state["id"]), actor=people[who])

        agreement = f"Samarbeidsavtale {phases['agreement'].year}/{100 + index}"
        responsibility = "Helseforetaket har ansvaret under innleggelse; kommunen etter utskrivning"
        conditions = "Midlene skal brukes i tråd med søknaden; sluttrapport innen ett år"
        if a.fate == "paid1_amended":
            steps.append((day("submit", 3), by("applicant", lambda i: Amend(
                i, changes={"requested_amount": requested, "own_contribution": requested / 2,
                            "contributions": _contributions(requested / 2, a)}))))
        if a.fate == "withdrawn":
            steps.append((day("screen", -2), by("applicant", lambda i: Withdraw(
                i, reason="Kommunen har fått finansiering gjennom statsforvalteren"))))
        if reach >= 1:
            eligible = a.fate != "ineligible"
            reason = ("Oppfyller kravene i utlysningen" if eligible
                      else "Tiltaket er ordinær drift i kommunen og mangler samarbeid med helseforetaket")
            steps.append((day("screen"), by("assessor1", lambda i: Screen(i, eligible=eligible, reason=reason))))
        decision = f"{plan.decision_prefix} {10 + index}/{phases['decide'].year}"  # every decision's case number

        def decide(kind: str, reasons: str, amount: Decimal = Decimal(0)) -> Callable[[], object]:
            """The decision: in the meeting of the owner's body (which numbers the case), or
            by the chair with the case number of the owner's own case records."""
            if plan.key in MEETING_BODIES:
                return lambda: g.decide_in_meeting(self.meeting_ids[round_key], application_id=state["id"],
                                                   decision=kind, amount=amount or None, reasons=reasons,
                                                   conditions=conditions if amount else "", actor=people["chair"])
            if kind == "reject":
                return by("chair", lambda i: Reject(i, reasons=reasons, decision_ref=decision))
            return by("chair", lambda i: Approve(i, amount=amount, conditions=conditions, decision_ref=decision,
                                                 reasons=reasons))
        if a.fate == "ineligible":
            steps.append((day("decide"), decide(
                "reject", "Ikke innenfor ordningens formål, jf. vurdering i sekretariatet")))
        if reach >= 2:
            low = 1 if a.fate == "rejected" else 2
            for assessor in ("assessor1", "assessor2"):
                scores = {c.id: rng.randint(low, 5) for c in plan.criteria}
                steps.append((day("score"), by(assessor, lambda i, scores=scores: Score(  # type: ignore[misc]
                    i, scores=scores, comment="Godt forankret i handlingsplanen"))))
        if reach >= 3 and a.fate not in ("ineligible", "rejected"):  # what is rejected was never prioritised
            def prioritise() -> None:
                self.ranks[a.community] = self.ranks.get(a.community, 0) + 1
                g.run(Prioritise(state["id"], rank=self.ranks[a.community], recommended_amount=granted),
                      actor=people["assessor1"])
            steps.append((day("prioritise"), prioritise))
        if a.fate == "rejected":
            steps.append((day("decide"), decide(
                "reject", "Søknaden fikk lav samlet poengsum på kriteriene i utlysningen og ble ikke prioritert "
                          "av helsefellesskapet: tiltaket svarer i liten grad på formålet, og samarbeidet med "
                          "helseforetaket er ikke beskrevet.")))
            steps += self.complaint_steps(a, day, by, granted, f"{plan.decision_prefix} {40 + index}/"
                                                              f"{phases['decide'].year}")
        elif reach >= 4 and a.fate != "ineligible":
            if a.fate == "paid_recused":
                steps.append((day("decide"), by("member", lambda i: DeclareRecusal(
                    i, reason="Ansatt i søkerkommunen (forvaltningsloven § 6)"))))
            if a.steps_aside and plan.key in MEETING_BODIES:  # the protocol says who stepped aside, and why
                steps.append((day("decide"), lambda: g.record_meeting_recusal(
                    self.meeting_ids[round_key], application_id=state["id"], member_id=a.steps_aside,
                    reason=f"Ansatt i {a.applicant.name} (forvaltningsloven § 6)", actor=people["chair"])))
            partial = "" if granted == requested else (
                f"Innvilget {granted:,.0f} av {requested:,.0f} kr søkt: rammen er fordelt på flere prioriterte "
                "tiltak, og alle innvilgede fikk en like stor andel av beløpet de søkte om.").replace(",", " ")
            steps.append((day("decide"), decide("approve", partial, granted)))
            if a.fate == "declined":
                steps.append((day("decide", 14), by("applicant", lambda i: AnswerGrant(
                    i, accept=False, reason="Kommunen fikk ikke rekruttert fagfolk til teamet i prosjektperioden"))))
            elif a.fate != "approved":  # an approved grant still waits for the recipient's answer
                steps.append((day("decide", 7), by("applicant", lambda i: AnswerGrant(i, accept=True))))
        if reach >= 5:
            steps.append((day("agreement"), by("assessor1", lambda i: RegisterAgreement(
                i, signed_on=day("agreement", -5), parties=(a.applicant.org_no, *(p.org_no for p in a.partners)),
                document_ref=agreement, patient_responsibility=responsibility))))
        first = (granted / 2).quantize(Decimal(1))
        if reach >= 6:
            steps.append((day("pay1"), lambda: self._pay(state["id"], first, people["finance"])))
        reclaimed = (granted / 10).quantize(Decimal(1)) if a.fate == "reclaim" else Decimal(0)
        values = {"kombinerte_stillinger": Decimal(1 + index % 4),
                  "liggedogn_utskrivningsklare": Decimal(40 + 7 * index)}
        unspent = f"; {reclaimed:,.0f} kr er ikke brukt.".replace(",", " ") if reclaimed else " som planlagt."
        report_text = f"Sluttrapport fra {a.applicant.name}: tiltaket er gjennomført{unspent}"
        if reach >= 7 and plan.follow_up is not None:  # the final report accepted releases the holdback
            steps.append((day("pay2", -10), by("applicant", lambda i: SubmitReport(
                i, report_id=_final(g, i), spent_amount=granted - reclaimed, indicator_values=values,
                text=report_text))))
            steps.append((day("pay2", -5), by("assessor1", lambda i: AcceptReport(
                i, report_id=_final(g, i), comment="Godkjent; tilbakeholdt beløp utbetales"))))
        if reach >= 7:
            steps.append((day("pay2"), lambda: self._pay(state["id"], granted - first, people["finance"])))
        if a.fate == "closed_early":  # less paid than granted: the parties are heard first (fvl. § 16)
            steps.append((day("after", -21), by("finance", lambda i: GiveNotice(
                i, intent="close", comment_by=day("after", -7),
                text="Tiltaket er avsluttet før planlagt. Vi vurderer å avslutte saken uten å utbetale resten av "
                     "tilskuddet, og å frigi restmidlene til andre tiltak."))))
            steps.append((day("after", -14), by("applicant", lambda i: AnswerNotice(
                i, answer="Vi er enige: tiltaket er avsluttet, og regnskapet for det utbetalte beløpet er sendt."))))
            steps.append((day("after", -1), by("finance", lambda i: WaiveReport(
                i, report_id=_final(g, i), reason="Tiltaket ble avsluttet før planlagt; regnskap for det utbetalte "
                                                  "beløpet er mottatt og godkjent i stedet for sluttrapport"))))
            steps.append((day("after"), by("finance", lambda i: Close(
                i, reason="Tiltaket ble avsluttet før planlagt; restmidler frigis"))))
        if a.fate == "reclaim":  # the parties may comment on the claim before it is decided (fvl. § 16)
            steps.append((day("after", -21), by("finance", lambda i: GiveNotice(
                i, intent="reclaim", amount=reclaimed, comment_by=day("after", -7),
                text="Sluttrapporten viser at en del av tilskuddet ikke er brukt. Vi vurderer å kreve det ubrukte "
                     "beløpet tilbake."))))
            steps.append((day("after"), by("finance", lambda i: Reclaim(
                i, amount=reclaimed, due_on=day("after", 30),
                reason="Ubrukte midler ifølge sluttrapporten skal betales tilbake"))))
            steps.append((day("after", 21), by("finance", lambda i: RecordRepayment(
                i, amount=reclaimed, received_on=day("after", 20), reference=f"INNB-{index:05d}"))))
        if a.fate in ("paid1", "paid1_amended"):  # a report asked for and never sent: overdue, payments stop
            steps.append((day("pay1", 1), by("finance", lambda i: RequireReport(
                i, kind="interim", due_on=day("pay1", 60), reason="Delrapport før andre utbetaling"))))
        if a.fate == "closed" and plan.follow_up is None:
            steps.append((day("report"), by("finance", lambda i: RequireReport(
                i, kind="final", due_on=day("after", -3), reason="Sluttrapport etter tilsagnsbrevet"))))
            spent = granted  # closed when all of it is spent and paid
            steps.append((day("after", -8), by("applicant", lambda i: SubmitReport(
                i, report_id="final-1", spent_amount=spent, indicator_values=values,
                text=f"Sluttrapport fra {a.applicant.name}: tiltaket er gjennomført som planlagt."))))
            steps.append((day("after", -6), by("assessor1", lambda i: AcceptReport(
                i, report_id="final-1", comment="Godkjent"))))
        if a.fate == "closed":
            steps.append((day("after"), by("finance", lambda i: Close(i, reason="Sluttrapport mottatt og godkjent"))))
        return [(when, order, step) for order, (when, step) in enumerate(steps)]

    def complaint_steps(self, a: ApplicationPlan, day: Callable[..., date], by: Callable[..., Callable[[], object]],
                        granted: Decimal, decision_ref: str) -> list[tuple[date, Callable[[], object]]]:
        """A refusal complained of in time: reversed by the body (the money reserved), or kept
        and forwarded, and the klageinstans's decision (upheld) recorded."""
        if not a.complaint:
            return []
        steps: list[tuple[date, Callable[[], object]]] = [(day("decide", 10), by("applicant", lambda i: LodgeComplaint(
            i, received_on=day("decide", 10),
            text=f"{a.applicant.name} klager på avslaget: tiltaket er nytt, svarer på de prioriterte gruppene, og "
                 "samarbeidet med helseforetaket er avtalt. Vi ber om at søknaden vurderes på nytt.")))]
        if a.complaint == "reversed":
            steps.append((day("decide", 24), by("chair", lambda i: ReverseDecision(
                i, amount=granted, decision_ref=decision_ref,
                reasons="Ved ny vurdering etter klagen er samarbeidet med helseforetaket dokumentert, og tiltaket "
                        "svarer på formålet. Det innvilges samme andel av søkt beløp som de andre innvilgede."))))
        else:
            steps.append((day("decide", 24), by("chair", lambda i: ForwardComplaint(
                i, statement="Koordineringsutvalget har vurdert klagen og finner ikke grunn til å endre vedtaket: "
                             "tiltaket er ordinær drift av legevakten og faller utenfor ordningens formål."))))
            steps.append((day("decide", 70), by("chair", lambda i: RecordAppealDecision(
                i, outcome="upheld", decision_ref=f"HOD {day('decide', 70).year}/{4100 + len(a.title)}",
                reasons="Departementet er enig med Helse Nord RHF i at tiltaket ikke er et samarbeidstiltak etter "
                        "ordningens formål. Klagen tas ikke til følge."))))
        return steps

    def _pay(self, application_id: Any, amount: Decimal, finance: Actor) -> None:
        self.payments += 1
        self.grants.run(Disburse(application_id, amount=amount, payment_reference=f"UTB-{self.payments:05d}"),
                        actor=finance)


def _final(grants: Grants, application_id: UUID) -> str:
    """The id of the application's (first) final report."""
    return next(r.id for r in grants.get_application(application_id).reports.values() if r.kind == "final")


def _contributions(own: Decimal, a: ApplicationPlan) -> list[Contribution]:
    """The own contribution shared: the applicant puts in 60 % as money, the first partner
    the rest as work (its staff's time)."""
    cash = (own * Decimal("0.6")).quantize(Decimal(1))
    return [Contribution(a.applicant.org_no, CASH, cash), Contribution(a.partners[0].org_no, IN_KIND, own - cash)]


def _budget(requested: Decimal, years: tuple[int, ...]) -> list[BudgetLine]:
    share = (requested / len(years)).quantize(Decimal(1), ROUND_DOWN)
    lines = [BudgetLine(year, share) for year in years]
    lines[-1] = BudgetLine(years[-1], requested - share * (len(years) - 1))
    return lines


def _email(person: str, organisation: str) -> str:
    local = person.lower().split()[0].translate(str.maketrans("æøåáá", "eoaaa"))
    place = organisation.split("/")[-1].split()[0].lower().translate(str.maketrans("æøåá", "eoaa"))
    return f"{local}@{place}.no" if organisation.endswith(" HF") else f"{local}@{place}.kommune.no"
