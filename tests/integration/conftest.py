"""Fixtures of the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.service import Grants
from workloads.builders import FakeClock


@pytest.fixture
def racing(store_url: str) -> Iterator[Grants]:
    """The service on an SQLite file or PostgreSQL, shared by all racing threads."""
    grants = Grants(store_url, clock=FakeClock())
    yield grants
    grants.close()
