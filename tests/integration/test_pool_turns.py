"""Commands waiting for one pool's turn are carried out in that turn and saved with the
pool at once: each gets its own outcome, a refusal is its own, and nothing overspends."""

from __future__ import annotations

import multiprocessing
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any
from uuid import UUID

from application.service import Grants
from domain.application import Application
from domain.body import Body
from domain.commands import Approve
from domain.errors import InsufficientFunds
from tests.integration.race_support import AMOUNT, count_events
from workloads.builders import COMMITTEE_ACTOR, NORD, FakeClock, World

WAITING, ROOM_FOR = 6, 4


def _queued(grants: Grants, pool_id: UUID, ids: list[UUID]) -> list[Any]:
    """Approve every application from a thread of its own while the pool's turn is held,
    release the turn once all of them wait for it, and return their outcomes in order."""
    turns = grants.pool_turns
    saves: list[int] = []
    save = grants.save

    def counting(*objs: Any, **kwargs: Any) -> Any:
        saves.append(len(objs))
        return save(*objs, **kwargs)

    grants.save = counting  # type: ignore[method-assign]

    def approve(application_id: UUID) -> Any:
        try:
            return grants.run(Approve(application_id, amount=AMOUNT, conditions="", decision_ref="KU"),
                              actor=COMMITTEE_ACTOR)
        except Exception as error:  # noqa: BLE001 - the test inspects each outcome
            return error

    with ThreadPoolExecutor(max_workers=len(ids)) as threads:
        with turns.of(pool_id):
            futures = [threads.submit(approve, application_id) for application_id in ids]
            deadline = time.monotonic() + 30
            while len(turns._waiting.get(pool_id, [])) < len(ids) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert len(turns._waiting.get(pool_id, [])) == len(ids), "every command waits for the turn"
        outcomes = [future.result() for future in futures]
    del grants.save
    return [outcomes, saves]


def test_the_commands_waiting_for_a_pool_are_decided_in_one_turn_and_one_save(racing: Grants) -> None:
    world = World(racing, racing.clock, pool_amount=AMOUNT * ROOM_FOR)  # type: ignore[arg-type]
    ids = [world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id for _ in range(WAITING)]
    outcomes, saves = _queued(racing, world.pool_id, ids)
    granted = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(granted) == ROOM_FOR  # first come (to the queue), first served
    assert len(refused) == WAITING - ROOM_FOR and all(isinstance(e, InsufficientFunds) for e in refused)
    assert saves == [ROOM_FOR + 1], "the four granted applications and the pool, in one save"
    positions = {o.position for o in granted}
    assert len(positions) == 1 and positions.pop() == racing.recorder.max_notification_id()
    pool = racing.get_pool(world.pool_id)
    assert pool.reserved == AMOUNT * ROOM_FOR and pool.remaining == Decimal("0.00")
    assert count_events(racing, Application.Approved, set(ids)) == ROOM_FOR
    kept = {o.value.id for o in granted}
    assert [racing.get_application(i).status for i in ids if i not in kept] == ["prioritised"] * (WAITING - ROOM_FOR)


def test_a_second_command_on_the_same_application_waits_for_the_next_turn(racing: Grants) -> None:
    world = World(racing, racing.clock, pool_amount=AMOUNT * ROOM_FOR)  # type: ignore[arg-type]
    first = world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id
    other = world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id
    outcomes, saves = _queued(racing, world.pool_id, [first, first, other])
    assert not isinstance(outcomes[0], Exception) and not isinstance(outcomes[2], Exception)
    assert type(outcomes[1]).__name__ == "WrongStatus", outcomes[1]  # approved already, seen in its own turn
    assert saves == [3], "the first turn saves both applications and the pool; the second saves nothing"
    assert count_events(racing, Application.Approved, {first}) == 1


def _approve_elsewhere(url: str, application_id: UUID) -> None:
    """Another process (another machine) approves an application of the pool."""
    grants = Grants(url, clock=FakeClock())
    try:
        grants.run(Approve(application_id, amount=AMOUNT, conditions="", decision_ref="KU"), actor=COMMITTEE_ACTOR)
    finally:
        grants.close()


def test_a_pool_changed_by_another_process_during_the_turn_sends_every_command_round_again(
        racing: Grants, store_url: str) -> None:
    world = World(racing, racing.clock, pool_amount=AMOUNT * ROOM_FOR)  # type: ignore[arg-type]
    ids = [world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id for _ in range(3)]
    late = world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id
    get_pool = racing.get_pool
    once = threading.Event()

    def then_another_process_approves(*args: Any, **kwargs: Any) -> Any:
        pool = get_pool(*args, **kwargs)
        if not once.is_set():  # between this turn's load of the pool and its save
            once.set()
            other = multiprocessing.get_context("spawn").Process(target=_approve_elsewhere, args=(store_url, late))
            other.start()
            other.join(timeout=120)
            assert other.exitcode == 0
        return pool

    racing.get_pool = then_another_process_approves  # type: ignore[method-assign]
    try:
        outcomes, saves = _queued(racing, world.pool_id, ids)
    finally:
        del racing.get_pool
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    # the first save met the other process's; every command ran again (in turns of their own timing)
    assert saves[0] == 3 + 1 and sum(count - 1 for count in saves[1:]) == 3, saves
    pool = racing.get_pool(world.pool_id)
    assert pool.reserved == AMOUNT * ROOM_FOR and pool.remaining == Decimal("0.00")
    assert count_events(racing, Application.Approved, {*ids, late}) == ROOM_FOR


def test_a_turn_consults_the_round_and_the_owners_body_once_for_all_its_commands(racing: Grants) -> None:
    world = World(racing, racing.clock, pool_amount=AMOUNT * ROOM_FOR)  # type: ignore[arg-type]
    ids = [world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id for _ in range(WAITING)]
    consulted = {world.round_id: "round", Body.id_for(NORD.id): "body"}
    reads: list[str] = []
    get, select_events = racing.repository.get, racing.recorder.select_events

    def counting(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        if aggregate_id in consulted:
            reads.append(consulted[aggregate_id])
        return get(aggregate_id, *args, **kwargs)

    def selecting(originator_id: UUID, *args: Any, **kwargs: Any) -> Any:  # an owner without a body: one look
        if consulted.get(originator_id) == "body":
            reads.append("body")
        return select_events(originator_id, *args, **kwargs)

    racing.repository.get = counting  # type: ignore[method-assign]
    racing.recorder.select_events = selecting  # type: ignore[method-assign]
    try:
        outcomes, saves = _queued(racing, world.pool_id, ids)
        assert sorted(reads) == ["body", "round"], "one read of each for the whole turn"
        assert saves == [ROOM_FOR + 1]
        assert sum(not isinstance(o, Exception) for o in outcomes) == ROOM_FOR
        reads.clear()  # outside a turn, every command consults them afresh
        racing.read_round(world.round_id), racing.read_round(world.round_id)
        racing.deciding_body(NORD.id), racing.deciding_body(NORD.id)
        assert sorted(reads) == ["body", "body", "round", "round"]
    finally:
        del racing.repository.get, racing.recorder.select_events
