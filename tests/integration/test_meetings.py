"""A body that meets, on an SQLite file and on PostgreSQL: a meeting without quorum decides
nothing; a recusal lowers the count; a recused member's vote is refused; each case
decided gets its case number, which the approval or rejection carries; once the owner
has a body its decisions are taken only in meetings; the protocol is written from the
log and kept as written."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from application.service import Grants
from domain import errors
from domain.commands import Approve, Reject
from domain.round import local_date
from workloads.builders import COMMITTEE_ACTOR, NORD, FakeClock, World

MEMBERS = [("Kari Nordmann", None), ("Ola Hansen", None), ("Siri Berg", None), ("Per Olsen", None)]


@pytest.fixture
def grants(store_url: str, clock: FakeClock):  # type: ignore[no-untyped-def]
    service = Grants(store_url, clock=clock)
    yield service
    service.close()


def _body(grants: Grants) -> None:
    grants.register_body(NORD.id, name="Koordineringsutvalget i Helse Nord", kind="koordineringsutvalg",
                         members=MEMBERS, quorum=3, decides_for="Helse Nord RHF",
                         klageinstans="Helse- og omsorgsdepartementet", prefix="KU-sak", actor=COMMITTEE_ACTOR)


def test_quorum_recusals_votes_and_case_numbers(grants: Grants, clock: FakeClock) -> None:
    world = World(grants, clock, pool_amount=Decimal(3000000))
    first, second, third = (world.prioritised("1000000") for _ in range(3))
    _body(grants)
    with pytest.raises(errors.WrongStatus):  # one deciding body per owner
        _body(grants)
    with pytest.raises(errors.DecidedInMeeting):  # the owner decides in meetings now
        grants.run(Approve(first.id, amount="1000000", conditions="", decision_ref="KU-sak 99/2025"),
                   actor=COMMITTEE_ACTOR)
    with pytest.raises(errors.DecidedInMeeting):
        grants.run(Reject(first.id, reasons="Nei", decision_ref="KU-sak 99/2025"), actor=COMMITTEE_ACTOR)
    today = local_date(grants.now())
    with pytest.raises(errors.InvalidInput):  # recorded when held, not before
        grants.hold_meeting(NORD.id, held_on=today + timedelta(days=1), place="Bodø", present=["m1"],
                            actor=COMMITTEE_ACTOR)

    thin = grants.hold_meeting(NORD.id, held_on=today, place="Teams", present=["m1", "m2"],
                               actor=COMMITTEE_ACTOR).value
    before = grants.recorder.max_notification_id()
    with pytest.raises(errors.NoQuorum):  # two present, three needed: nothing is decided
        grants.decide_in_meeting(thin.id, application_id=first.id, decision="approve", amount="1000000",
                                 reasons="", actor=COMMITTEE_ACTOR)
    assert grants.recorder.max_notification_id() == before
    assert grants.get_application(first.id).status == "prioritised"

    meeting = grants.hold_meeting(NORD.id, held_on=today, place="Bodø", present=["m1", "m2", "m3"],
                                  actor=COMMITTEE_ACTOR).value
    grants.record_meeting_recusal(meeting.id, application_id=first.id, member_id="m1",
                                  reason="Gift med prosjektlederen", actor=COMMITTEE_ACTOR)
    with pytest.raises(errors.NoQuorum):  # the recusal lowers the count to two
        grants.decide_in_meeting(meeting.id, application_id=first.id, decision="approve", amount="1000000",
                                 reasons="", actor=COMMITTEE_ACTOR)
    decided = grants.decide_in_meeting(meeting.id, application_id=second.id, decision="approve", amount="800000",
                                       reasons="Rammen fordeles på flere tiltak", votes_for=["m1", "m2"],
                                       votes_against=["m3"], actor=COMMITTEE_ACTOR).value
    granted = grants.get_application(second.id)
    assert (granted.status, granted.decision_ref, granted.granted_amount) == (
        "approved", "KU-sak 1/2025", Decimal("800000.00"))
    assert decided.decisions[-1].case_number == "KU-sak 1/2025"
    assert grants.get_pool(world.pool_id).reserved == Decimal("800000.00")
    grants.decide_in_meeting(meeting.id, application_id=third.id, decision="reject", actor=COMMITTEE_ACTOR,
                             reasons="Svarer i liten grad på formålet")
    rejected = grants.get_application(third.id)
    assert (rejected.status, rejected.decision_ref) == ("rejected", "KU-sak 2/2025")

    full = grants.hold_meeting(NORD.id, held_on=today, place="Bodø", present=["m1", "m2", "m3", "m4"],
                               actor=COMMITTEE_ACTOR).value
    grants.record_meeting_recusal(full.id, application_id=first.id, member_id="m1", reason="Inhabil",
                                  actor=COMMITTEE_ACTOR)
    with pytest.raises(errors.Recused):  # a recused member's vote is refused
        grants.decide_in_meeting(full.id, application_id=first.id, decision="approve", amount="1000000",
                                 reasons="", votes_for=["m1", "m2", "m3"], actor=COMMITTEE_ACTOR)
    grants.decide_in_meeting(full.id, application_id=first.id, decision="approve", amount="1000000", reasons="",
                             actor=COMMITTEE_ACTOR)
    assert grants.get_application(first.id).decision_ref == "KU-sak 3/2025"

    protocol = grants.close_meeting(meeting.id, actor=COMMITTEE_ACTOR).value.protocol
    assert protocol is not None
    assert "Protokoll fra møte i Koordineringsutvalget i Helse Nord" in protocol
    assert "Til stede: Kari Nordmann, Ola Hansen, Siri Berg" in protocol and "Forfall: Per Olsen" in protocol
    assert "KU-sak 1/2025" in protocol and "Stemmer for: Kari Nordmann, Ola Hansen; mot: Siri Berg." in protocol
    assert "KU-sak 2/2025" in protocol and "avslått" in protocol
    with pytest.raises(errors.WrongStatus):  # closed: nothing more is recorded, the protocol stays as written
        grants.record_meeting_recusal(meeting.id, application_id=first.id, member_id="m2", reason="x",
                                      actor=COMMITTEE_ACTOR)
    assert grants.get_meeting(meeting.id, COMMITTEE_ACTOR).protocol == protocol


def test_an_owners_body_is_looked_up_with_one_query_and_found_once_another_process_registers_it(
        grants: Grants, store_url: str, clock: FakeClock) -> None:
    world = World(grants, clock, pool_amount=Decimal(3000000))
    first, second = world.prioritised("1000000"), world.prioritised("1000000")
    queries: list[object] = []
    recorders = {id(r): r for r in (grants.recorder, grants.snapshots.recorder if grants.snapshots else None) if r}
    for recorder in recorders.values():
        select = recorder.select_events

        def counting(*args: Any, _select: Any = select, **kwargs: Any) -> Any:
            queries.append(args[0] if args else kwargs.get("originator_id"))
            return _select(*args, **kwargs)

        recorder.select_events = counting  # type: ignore[method-assign]
    try:
        assert grants.deciding_body(NORD.id) is None
        assert len(queries) == 1, "an owner without a body: one look in the store, no snapshot asked for"
        grants.run(Approve(first.id, amount="1000000", conditions="", decision_ref="KU-sak 98/2025"),
                   actor=COMMITTEE_ACTOR)

        other = Grants(store_url, clock=clock)  # another process registers the owner's body
        try:
            _body(other)
        finally:
            other.close()
        with pytest.raises(errors.DecidedInMeeting):  # seen at once: absence is never remembered
            grants.run(Approve(second.id, amount="1000000", conditions="", decision_ref="KU-sak 99/2025"),
                       actor=COMMITTEE_ACTOR)
        queries.clear()
        body = grants.deciding_body(NORD.id)
        assert body is not None and body.name == "Koordineringsutvalget i Helse Nord"
        assert len(queries) == 1, "a body found before: the kept one brought up to date in one query"
    finally:
        for recorder in recorders.values():
            del recorder.select_events
    assert grants.get_application(second.id).status == "prioritised"
