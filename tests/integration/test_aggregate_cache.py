"""The repository's aggregate cache (GRANTS_AGGREGATE_CACHE) on a real SQLite file: a pool
kept by one process shows what another process recorded since, a command cannot change
the kept copy, and the setting is checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from application.service import Grants
from domain.commands import Approve
from infrastructure.config import ConfigurationError
from workloads.builders import COMMITTEE_ACTOR, FakeClock, World


def test_a_kept_pool_shows_what_another_process_recorded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'grants.sqlite'}"
    clock = FakeClock()
    web, other = Grants(url, clock=clock), Grants(url, clock=clock)
    assert web.repository.cache is not None  # on by default
    world = World(other, clock, pool_amount=Decimal(5_000_000))
    application = world.prioritised()
    kept = web.get_pool(application.pool_id)
    assert kept.reserved == 0

    other.run(Approve(application.id, amount="1000000", conditions="", decision_ref="KU-sak 1/2025"),
              actor=COMMITTEE_ACTOR)

    assert web.get_pool(application.pool_id).reserved == Decimal(1_000_000)
    kept.reserve(application.id, Decimal(4_000_000), COMMITTEE_ACTOR, clock(), ())  # never saved
    assert web.get_pool(application.pool_id).reserved == Decimal(1_000_000)


def test_the_cache_can_be_switched_off_and_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'grants.sqlite'}"
    monkeypatch.setenv("GRANTS_AGGREGATE_CACHE", "0")
    assert Grants(url).repository.cache is None
    monkeypatch.setenv("GRANTS_AGGREGATE_CACHE", "many")
    with pytest.raises(ConfigurationError, match="GRANTS_AGGREGATE_CACHE"):
        Grants(url)
