"""Races against real databases: nobody overspends a pool, nobody is paid twice."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from decimal import Decimal
from uuid import UUID

import pytest

from application.service import Grants
from domain.application import Application
from domain.commands import Approve, Disburse
from domain.errors import WrongStatus
from domain.pool import FundingPool
from tests.integration.race_support import AMOUNT, count_events, race
from workloads.builders import COMMITTEE_ACTOR, FINANCE_2, FINANCE_ACTOR, FakeClock, World

RACERS, ROOM_FOR, REPEATS = 50, 10, 5

pytestmark = pytest.mark.slow


def _prepare(grants: Grants, clock: FakeClock) -> tuple[World, list[UUID]]:
    """A pool with room for exactly ten approvals, and fifty prioritised applications."""
    world = World(grants, clock, pool_amount=AMOUNT * ROOM_FOR)
    ids = [world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id for _ in range(RACERS)]
    return world, ids


def _check_no_overspend(grants: Grants, world: World, ids: list[UUID], outcomes: list[object]) -> None:
    kinds = Counter(type(o).__name__ for o in outcomes)
    approved = [o.value.id for o in outcomes if not isinstance(o, Exception)]  # type: ignore[attr-defined]
    # exactly ten approved; every other racer was refused because the pool ran dry
    assert len(approved) == ROOM_FOR, kinds
    assert kinds["InsufficientFunds"] == RACERS - ROOM_FOR, kinds
    pool = grants.get_pool(world.pool_id)
    granted = sum((grants.get_application(i).granted_amount for i in approved), Decimal(0))
    assert pool.reserved == granted == AMOUNT * ROOM_FOR
    assert pool.remaining == Decimal("0.00")
    # and the store holds no other approval than those ten
    assert count_events(grants, Application.Approved, set(ids)) == ROOM_FOR
    assert sum(1 for i in ids if grants.get_application(i).status == "approved") == ROOM_FOR


@pytest.mark.parametrize("repeat", range(REPEATS))
def test_fifty_threads_never_overspend_a_pool(racing: Grants, repeat: int) -> None:
    world, ids = _prepare(racing, racing.clock)  # type: ignore[arg-type]
    outcomes = race([lambda i=i: racing.run(Approve(i, amount=AMOUNT, conditions="", decision_ref="KU"),
                                            actor=COMMITTEE_ACTOR) for i in ids])
    _check_no_overspend(racing, world, ids, outcomes)


def _approve_in_process(url: str, ids: list[str], barrier: object, results: object) -> None:
    """Run in a child process: approve a share of the applications with a thread each."""
    from tests.integration.race_support import race as thread_race

    grants = Grants(url)
    try:
        barrier.wait(timeout=60)  # type: ignore[attr-defined]
        outcomes = thread_race([lambda i=i: grants.run(Approve(i, amount=AMOUNT, conditions="", decision_ref="KU"),
                                                       actor=COMMITTEE_ACTOR)
                                for i in ids])
        results.put([(type(o).__name__, None if isinstance(o, Exception) else str(o.value.id))  # type: ignore
                     for o in outcomes])
    finally:
        grants.close()


@pytest.mark.postgres
@pytest.mark.parametrize("repeat", range(REPEATS))
def test_four_processes_never_overspend_a_pool(postgres_url: str, repeat: int) -> None:
    grants = Grants(postgres_url, clock=FakeClock())
    try:
        world, ids = _prepare(grants, grants.clock)  # type: ignore[arg-type]
        context = multiprocessing.get_context("spawn")
        barrier, results = context.Barrier(4), context.Queue()
        shares = [[str(i) for i in ids[n::4]] for n in range(4)]
        processes = [context.Process(target=_approve_in_process, args=(postgres_url, share, barrier, results))
                     for share in shares]
        for process in processes:
            process.start()
        collected = [results.get(timeout=120) for _ in processes]
        for process in processes:
            process.join(timeout=60)
            assert process.exitcode == 0
        flat = [row for rows in collected for row in rows]
        kinds = Counter(kind for kind, _ in flat)
        assert kinds["Outcome"] == ROOM_FOR and kinds["InsufficientFunds"] == RACERS - ROOM_FOR, kinds
        assert count_events(grants, Application.Approved, set(ids)) == ROOM_FOR
        assert grants.get_pool(world.pool_id).reserved == AMOUNT * ROOM_FOR
    finally:
        grants.close()


def test_twenty_payouts_with_one_reference_pay_once(racing: Grants) -> None:
    world = World(racing, racing.clock)  # type: ignore[arg-type]
    app = world.agreed()
    outcomes = race([lambda: racing.run(Disburse(app.id, amount="250000", payment_reference="UTB-77"),
                                        actor=FINANCE_ACTOR) for _ in range(20)])
    # one request paid; the nineteen repeats answered the same application, paying nothing
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert sorted(o.created for o in outcomes) == [False] * 19 + [True]  # type: ignore[union-attr]
    assert count_events(racing, Application.FundsDisbursed, {app.id}) == 1
    assert count_events(racing, FundingPool.FundsPaid) == 1
    assert racing.get_pool(world.pool_id).paid == Decimal("250000.00")
    assert racing.get_application(app.id).paid_amount == Decimal("250000.00")
    # a different reference still pays: the refusal was about the reference, not the person
    racing.run(Disburse(app.id, amount="1", payment_reference="UTB-78"), actor=FINANCE_2)


def test_twenty_approvals_of_one_application_approve_once(racing: Grants) -> None:
    world = World(racing, racing.clock)  # type: ignore[arg-type]
    app = world.prioritised()
    outcomes = race([lambda: racing.run(Approve(app.id, amount="1000000", conditions="", decision_ref="KU"),
                                        actor=COMMITTEE_ACTOR)
                     for _ in range(20)])
    kinds = Counter(type(o).__name__ for o in outcomes)
    assert kinds == Counter({"Outcome": 1, "WrongStatus": 19}), kinds
    assert all(isinstance(o, WrongStatus) for o in outcomes if isinstance(o, Exception))
    assert count_events(racing, Application.Approved, {app.id}) == 1
    assert count_events(racing, FundingPool.FundsReserved) == 1
    assert racing.get_pool(world.pool_id).reserved == Decimal("1000000.00")
