"""Fixtures for the read side: the grant system and its read models on each store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.service import Grants
from readmodels.service import ReadModels
from workloads.builders import FakeClock, World


@pytest.fixture
def system(store_url: str, clock: FakeClock) -> Iterator[tuple[Grants, ReadModels]]:
    """The application service and its read models, on an SQLite file and on PostgreSQL."""
    grants = Grants(store_url, clock=clock)
    models = ReadModels(grants)
    yield grants, models
    models.close()
    grants.close()


@pytest.fixture
def models(system: tuple[Grants, ReadModels]) -> ReadModels:
    return system[1]


@pytest.fixture
def store_world(system: tuple[Grants, ReadModels], clock: FakeClock) -> World:
    return World(system[0], clock)
