"""Races on a real database over the structure of the money: an owner withdrawing an
unspent allocation while the community approves against it (the community's pool never
goes below zero; what was taken back and what was granted add up to what was allocated),
and approvals racing for one fiscal year's money (never committed past it)."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

import pytest

from application.allocation import Part
from application.service import Grants
from domain.application import Application
from domain.commands import Approve
from domain.pool import FundingPool
from domain.values import BudgetLine
from tests.integration.race_support import AMOUNT, count_events, race
from workloads.builders import COMMITTEE_ACTOR, FINANCE_ACTOR, LVS, NORD, World, register_community_owners

ROOM_FOR, WITHDRAWN = 10, 6
pytestmark = pytest.mark.slow


def _allocated_world(grants: Grants) -> tuple[World, UUID, list[UUID]]:
    """Helse Nord's pool with room for ten grants allocated to LVS, and ten prioritised
    applications in a round of LVS's pool."""
    register_community_owners(grants)
    rhf = grants.open_pool(NORD, name="Tildeling 2025", fiscal_years=[2025], amount=AMOUNT * 20,
                           actor=FINANCE_ACTOR).value
    owner = grants.registry().owner(LVS.id).as_owner
    allocated = grants.allocate(rhf.id, parts=[Part(owner.id, AMOUNT * ROOM_FOR)], amount=None, reason="Første runde",
                                actor=FINANCE_ACTOR)
    child = UUID(next(key for key, _ in allocated.value.allocations().items()))
    world = World(grants, grants.clock)  # type: ignore[arg-type]
    world._pool_id = child
    ids = [world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id for _ in range(ROOM_FOR)]
    return world, rhf.id, ids


@pytest.mark.parametrize("repeat", range(3))
def test_a_withdrawal_racing_approvals_never_takes_the_community_below_zero(racing: Grants, repeat: int) -> None:
    world, rhf_id, ids = _allocated_world(racing)
    withdraw = lambda: racing.withdraw_allocation(  # noqa: E731 - one racer among the approvals
        rhf_id, allocation_id=world.pool_id, amount=AMOUNT * WITHDRAWN, reason="Ubrukte midler", actor=FINANCE_ACTOR)
    calls = [lambda i=i: racing.run(Approve(i, amount=AMOUNT, conditions="", decision_ref="KU"),
                                    actor=COMMITTEE_ACTOR) for i in ids]
    calls.insert(repeat * 4, withdraw)
    outcomes = race(calls)
    kinds = Counter(type(o).__name__ for o in outcomes)
    withdrawn = not isinstance(outcomes[repeat * 4], Exception)
    approved = [o for i, o in enumerate(outcomes) if i != repeat * 4 and not isinstance(o, Exception)]
    child, rhf = racing.get_pool(world.pool_id), racing.get_pool(rhf_id)
    assert child.remaining >= 0, kinds
    assert child.reserved == AMOUNT * len(approved)
    assert child.total == AMOUNT * (ROOM_FOR - (WITHDRAWN if withdrawn else 0)) == rhf.allocated
    assert child.reserved + child.remaining == child.total
    # every refusal is the pool running dry (or, for the withdrawal, the money being spent)
    assert set(kinds) <= {"Outcome", "InsufficientFunds"}, kinds
    assert len(approved) == (ROOM_FOR - WITHDRAWN if withdrawn else ROOM_FOR), kinds
    assert count_events(racing, Application.Approved, set(ids)) == len(approved)
    assert count_events(racing, FundingPool.AllocationReduced, {world.pool_id}) == int(withdrawn)


def test_approvals_racing_for_one_years_money_never_commit_more_than_it_has(racing: Grants) -> None:
    """Twenty approvals, each for 2025 only, against a pool with room for ten in 2025 (and
    as much again in 2026, so the pool's total never stops them)."""
    register_community_owners(racing)
    pool = racing.open_pool(NORD, name="Tilskudd 2025–2026", fiscal_years=[2025, 2026], amount=AMOUNT * 20,
                            actor=FINANCE_ACTOR,
                            year_amounts=[BudgetLine(2025, AMOUNT * 10), BudgetLine(2026, AMOUNT * 10)]).value
    world = World(racing, racing.clock)  # type: ignore[arg-type]
    world._pool_id = pool.id
    ids = [world.prioritised(str(AMOUNT), requested_amount=AMOUNT).id for _ in range(20)]
    outcomes = race([lambda i=i: racing.run(Approve(i, amount=AMOUNT, conditions="", decision_ref="KU"),
                                            actor=COMMITTEE_ACTOR) for i in ids])
    kinds = Counter(type(o).__name__ for o in outcomes)
    assert kinds == Counter({"Outcome": 10, "InsufficientFunds": 10}), kinds
    after = racing.get_pool(pool.id)
    assert after.committed_in(2025) == AMOUNT * 10 == after.money_of(2025)
    assert after.committed_in(2026) == 0 and after.remaining == AMOUNT * 10
