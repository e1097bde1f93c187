"""The complaint as a case, through the services on an SQLite file and on PostgreSQL: a
refusal complained of in time and reversed by the body that decided (reserving money
as an approval does, and refused when the pool cannot bear it); a partial grant upheld,
forwarded and reversed by the klageinstans; a late complaint registered as late; a
refusal sent back for new review; and a reversal racing an approval for the last money."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from application.service import Grants
from domain import errors
from domain.application import Application
from domain.commands import (
    Approve,
    ForwardComplaint,
    LodgeComplaint,
    RecordAppealDecision,
    Reject,
    ReverseDecision,
)
from domain.complaint import deadline_for
from domain.round import local_date
from domain.values import APPLICANT, Actor
from tests.integration.race_support import AMOUNT, count_events, race
from workloads.builders import APPLICANT_ACTOR, COMMITTEE_ACTOR, NLSH, OTHER_APPLICANT, FakeClock, World

#: Someone acting for the hospital trust that is the applications' partner: a party too.
PARTNER = Actor("applicant-nlsh", "Nina Partner", APPLICANT, org_no=NLSH.org_no)


@pytest.fixture
def grants(store_url: str, clock: FakeClock):  # type: ignore[no-untyped-def]
    service = Grants(store_url, clock=clock)
    yield service
    service.close()


def _rejected(grants: Grants, world: World, amount: str = "1000000") -> Application:
    app = world.prioritised(amount)
    return grants.run(Reject(app.id, reasons="Lavere prioritert enn tiltakene som fikk tilskudd",
                             decision_ref="KU-sak 30/2025"), actor=COMMITTEE_ACTOR).value


def _today(grants: Grants) -> date:
    return local_date(grants.now())


def test_a_refusal_complained_of_in_time_is_reversed_by_the_body_and_reserves_money(
        grants: Grants, clock: FakeClock) -> None:
    world = World(grants, clock, pool_amount=Decimal(1500000))
    rejected = _rejected(grants, world)
    assert rejected.decision_ref == "KU-sak 30/2025"
    decided_on = local_date(rejected.decided_at)  # type: ignore[arg-type]
    with pytest.raises(errors.NoComplaint):  # nothing to reconsider before a complaint
        grants.run(ReverseDecision(rejected.id, amount="600000", decision_ref="KU-sak 41/2025", reasons="x"),
                   actor=COMMITTEE_ACTOR)
    with pytest.raises(errors.NotYours):  # only the parties complain
        grants.run(LodgeComplaint(rejected.id, text="Klage", received_on=_today(grants)), actor=OTHER_APPLICANT)
    clock.advance(days=10)
    lodged = grants.run(LodgeComplaint(rejected.id, text="Tiltaket svarer på formålet; se vedlagt plan.",
                                       received_on=_today(grants)), actor=APPLICANT_ACTOR).value
    complaint = lodged.complaints[-1]
    assert (complaint.id, complaint.late, complaint.status) == ("K1", False, "received")
    assert complaint.deadline == deadline_for(decided_on) and complaint.deadline >= decided_on + timedelta(weeks=3)
    with pytest.raises(errors.WrongStatus):  # one complaint at a time
        grants.run(LodgeComplaint(rejected.id, text="Igjen", received_on=_today(grants)), actor=PARTNER)

    before = grants.get_pool(world.pool_id).remaining
    reversed_ = grants.run(ReverseDecision(rejected.id, amount="600000", decision_ref="KU-sak 41/2025",
                                           reasons="Ny vurdering etter klagen: tiltaket oppfyller formålet"),
                           actor=COMMITTEE_ACTOR).value
    assert (reversed_.status, reversed_.granted_amount, reversed_.decision_ref) == (
        "approved", Decimal("600000.00"), "KU-sak 41/2025")
    assert reversed_.complaints[-1].status == "reversed" and reversed_.acceptance_due
    assert grants.get_pool(world.pool_id).remaining == before - Decimal(600000)
    with pytest.raises(errors.NoComplaint):  # the complaint is decided: nothing to reverse twice
        grants.run(ReverseDecision(rejected.id, amount="700000", decision_ref="KU-sak 42/2025", reasons="x"),
                   actor=COMMITTEE_ACTOR)

    # a second refusal, reversed beyond what the pool holds: refused, and nothing recorded
    other = _rejected(grants, world)
    grants.run(LodgeComplaint(other.id, text="Vi klager", received_on=_today(grants)), actor=PARTNER)
    version = grants.get_application(other.id).version
    with pytest.raises(errors.InsufficientFunds):
        grants.run(ReverseDecision(other.id, amount="1000000", decision_ref="KU-sak 43/2025", reasons="Omgjort"),
                   actor=COMMITTEE_ACTOR)
    assert grants.get_application(other.id).version == version
    assert grants.get_application(other.id).status == "rejected"
    assert grants.get_pool(world.pool_id).remaining == before - Decimal(600000)


def test_a_partial_grant_forwarded_is_reversed_by_the_klageinstans(grants: Grants, clock: FakeClock) -> None:
    world = World(grants, clock)
    granted = world.approved("500000")
    reserved = grants.get_pool(world.pool_id).reserved
    grants.run(LodgeComplaint(granted.id, text="Beløpet er for lavt til å gjennomføre tiltaket",
                              received_on=_today(grants)), actor=PARTNER)
    with pytest.raises(errors.NoComplaint):  # the body reconsiders first
        grants.run(RecordAppealDecision(granted.id, outcome="reversed", reasons="x", decision_ref="HOD 1",
                                        amount="800000"), actor=COMMITTEE_ACTOR)
    forwarded = grants.run(ForwardComplaint(granted.id, statement="Rammen ble fordelt likt; vi fastholder vedtaket"),
                           actor=COMMITTEE_ACTOR).value
    assert forwarded.complaints[-1].status == "forwarded" and forwarded.granted_amount == Decimal("500000.00")
    with pytest.raises(errors.NoComplaint):  # forwarded: the body no longer reverses it
        grants.run(ReverseDecision(granted.id, amount="800000", decision_ref="KU-sak 44/2025", reasons="x"),
                   actor=COMMITTEE_ACTOR)
    with pytest.raises(errors.InvalidInput):  # a reversal grants more than before
        grants.run(RecordAppealDecision(granted.id, outcome="reversed", reasons="Omgjort", decision_ref="RHF 2025/7",
                                        amount="400000"), actor=COMMITTEE_ACTOR)
    decided = grants.run(RecordAppealDecision(granted.id, outcome="reversed", decision_ref="RHF 2025/7",
                                              reasons="Tiltaket kan ikke gjennomføres med lavere beløp",
                                              amount="800000"), actor=COMMITTEE_ACTOR).value
    assert (decided.status, decided.granted_amount) == ("approved", Decimal("800000.00"))
    assert decided.complaints[-1].status == "appeal_reversed"
    assert sum(line.amount for line in decided.commitments) == Decimal("800000.00")
    assert grants.get_pool(world.pool_id).reserved == reserved + Decimal(300000)


def test_a_late_complaint_is_registered_as_late_and_a_refusal_sent_back_returns_to_review(
        grants: Grants, clock: FakeClock) -> None:
    world = World(grants, clock)
    rejected = _rejected(grants, world)
    clock.advance(days=40)
    with pytest.raises(errors.InvalidInput):  # the day it arrived is not in the future
        grants.run(LodgeComplaint(rejected.id, text="Klage", received_on=_today(grants) + timedelta(days=1)),
                   actor=APPLICANT_ACTOR)
    late = grants.run(LodgeComplaint(rejected.id, text="Vi fikk ikke brevet før nå", received_on=_today(grants)),
                      actor=APPLICANT_ACTOR).value.complaints[-1]
    assert late.late and late.received_on > late.deadline
    grants.run(ForwardComplaint(rejected.id, statement="Klagen kom for sent, men er vurdert (fvl. § 31)"),
               actor=COMMITTEE_ACTOR)
    with pytest.raises(errors.InvalidInput):  # an amount belongs to a reversal only
        grants.run(RecordAppealDecision(rejected.id, outcome="sent_back", reasons="x", decision_ref="RHF 2025/8",
                                        amount="100"), actor=COMMITTEE_ACTOR)
    back = grants.run(RecordAppealDecision(rejected.id, outcome="sent_back", decision_ref="RHF 2025/8",
                                           reasons="Saken er ikke godt nok opplyst"), actor=COMMITTEE_ACTOR).value
    assert (back.status, back.complaints[-1].status) == ("under_review", "sent_back")


@pytest.mark.parametrize("repeat", range(3))
def test_a_reversal_and_an_approval_racing_for_the_last_money_never_overspend(
        racing: Grants, repeat: int) -> None:
    world = World(racing, racing.clock, pool_amount=AMOUNT * 2)  # type: ignore[arg-type]
    world.approved(str(AMOUNT), requested_amount=AMOUNT)  # the pool has room for one more
    waiting = world.prioritised(str(AMOUNT), requested_amount=AMOUNT)
    refused = world.prioritised(str(AMOUNT), requested_amount=AMOUNT)
    racing.run(Reject(refused.id, reasons="Lavere prioritert", decision_ref="KU-sak 50/2025"), actor=COMMITTEE_ACTOR)
    racing.run(LodgeComplaint(refused.id, text="Klage", received_on=_today(racing)), actor=APPLICANT_ACTOR)
    outcomes = race([
        lambda: racing.run(Approve(waiting.id, amount=AMOUNT, conditions="", decision_ref="KU-sak 51/2025"),
                           actor=COMMITTEE_ACTOR),
        lambda: racing.run(ReverseDecision(refused.id, amount=AMOUNT, decision_ref="KU-sak 52/2025",
                                           reasons="Omgjort etter klage"), actor=COMMITTEE_ACTOR),
    ])
    kinds = sorted(type(o).__name__ for o in outcomes)
    assert kinds == ["InsufficientFunds", "Outcome"], kinds
    pool = racing.get_pool(world.pool_id)
    assert pool.remaining == Decimal("0.00") and pool.reserved == AMOUNT * 2
    decisions = count_events(racing, Application.Approved, {waiting.id}) + count_events(
        racing, Application.DecisionReversed, {refused.id})
    assert decisions == 1
