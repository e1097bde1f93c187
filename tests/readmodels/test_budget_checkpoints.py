"""The budget view's checkpoints: the budget as of a moment starts from the pools' rows at
the last checkpoint before it and must equal a replay from the first event — also when
a writer's clock ran ahead, and whatever batches the live view was fed in."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from application.service import Grants
from infrastructure.sql import reading
from readmodels.asof import budget_as_of, replay_as_of, stop_position
from readmodels.budget import BudgetView
from readmodels.rebuild import verify
from readmodels.service import ReadModels
from workloads.builders import FINANCE_ACTOR, NORD, FakeClock, World


def _from_checkpoint(models: ReadModels, moment: datetime) -> int | None:
    """The checkpoint the budget as of `moment` starts from (None: the first event)."""
    with reading(models.engine) as connection:
        return models.budget.checkpoint_before(connection, stop_position(models, moment), moment)


def test_the_budget_as_of_any_moment_equals_a_replay_from_the_first_event(
        system: tuple[Grants, ReadModels], store_world: World, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    grants, models = system
    monkeypatch.setattr(BudgetView, "checkpoint_every", 7)
    store_world.paid("100000")
    grants.open_pool(NORD, name="Reserve 2025", fiscal_years=[2025], amount=Decimal(500000), actor=FINANCE_ACTOR)
    for _ in range(3):  # the reserve is not changed again: its row comes from an earlier checkpoint
        clock.advance(hours=1)
        store_world.paid("100000")
        store_world.approved("50000")
    clock.advance(hours=1)
    models.runner_for([models.budget], batch_size=3).catch_up()  # the live view fed in small batches
    models.catch_up()

    with reading(models.engine) as connection:
        checkpoints = connection.execute(select(func.count()).select_from(models.budget.checkpoints)).scalar()
        kept = connection.execute(select(func.count()).select_from(models.budget.history)).scalar()
    assert checkpoints and checkpoints >= 5
    assert kept and kept < 2 * checkpoints  # only the pools changed since the checkpoint before
    pool_events = sorted(event.timestamp for event in grants.repository.event_store.get(store_world.pool_id))
    moments = [moment for at in pool_events for moment in (at, at + timedelta(minutes=30))]
    started_from = []
    for moment in moments:
        from_checkpoint = budget_as_of(models, moment)
        from_first_event = replay_as_of(models, moment)
        assert from_checkpoint.position == from_first_event.position
        assert from_checkpoint.owners == from_first_event.owners, moment
        started_from.append(_from_checkpoint(models, moment))
    assert len({start for start in started_from if start}) >= 3  # several checkpoints were started from
    latest = budget_as_of(models, clock.now).owners[0]
    assert latest.reserved == Decimal("150000.00")  # three approvals of 50 000 not yet paid
    assert latest.paid == Decimal("400000.00")
    assert all(comparison.ok for comparison in verify(models, ["budget"]))  # live checkpoints = a rebuild's


def test_a_checkpoint_holding_an_event_recorded_after_the_moment_is_passed_over(
        system: tuple[Grants, ReadModels], store_world: World, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, models = system
    monkeypatch.setattr(BudgetView, "checkpoint_every", 3)
    store_world.approved("100000")
    base = clock.now
    clock.set(base + timedelta(hours=2))  # this writer's clock is an hour ahead
    store_world.approved("200000")
    clock.set(base + timedelta(hours=1))
    for _ in range(3):
        store_world.approved("300000")
    clock.set(base + timedelta(hours=3))
    models.catch_up()
    moment = base + timedelta(hours=1, minutes=30)

    stop = stop_position(models, moment)
    with reading(models.engine) as connection:
        c = models.budget.checkpoints.c
        ahead = connection.execute(select(func.count()).where(c.position <= stop, c.recorded_until > moment)).scalar()
    assert ahead  # checkpoints before the moment's position that hold the reservation recorded "later"
    start = _from_checkpoint(models, moment)
    assert start is not None and start < stop
    (owner,) = budget_as_of(models, moment).owners
    assert owner.reserved == Decimal("1000000.00")  # 100 000 and three times 300 000, not the 200 000
    assert budget_as_of(models, moment).owners == replay_as_of(models, moment).owners
