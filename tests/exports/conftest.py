"""Fixtures for exports and reconciliation: the demo data on a store, its read models
caught up, and the web app over it with one token per role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.exports.support import Demo, open_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo on an SQLite file, shared by a module's tests — which only read it."""
    path: Path = tmp_path_factory.mktemp("demo") / "grants.sqlite"
    system = open_demo(f"sqlite:///{path}")
    yield system
    system.close()


@pytest.fixture
def own_demo(store_url: str) -> Iterator[Demo]:
    """The demo on a store of this test's own (SQLite and PostgreSQL), free to spoil."""
    system = open_demo(store_url)
    yield system
    system.close()
