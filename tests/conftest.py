"""Fixtures: stores on a real SQLite file and on a scratch PostgreSQL database, a clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.service import Grants
from workloads.builders import FakeClock, World

ADMIN_URL = os.environ.get("GRANTS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
# the pages' token-paste login, which the tests use (as `make run` does); the OpenID
# Connect test runs its server without it
os.environ.setdefault("GRANTS_DEV_LOGIN", "1")


def _postgres_unavailable(reason: str) -> None:
    """Skip locally; under CI=true a missing PostgreSQL is a failure, never a skip."""
    if IN_CI:
        pytest.fail(f"PostgreSQL tests must run under CI=true, but: {reason}")
    pytest.skip(f"PostgreSQL not reachable: {reason}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'grants.sqlite'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A scratch PostgreSQL database, dropped afterwards."""
    import psycopg

    name = f"tilskudd_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        _postgres_unavailable(str(error).strip().splitlines()[0])
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs once on an SQLite file and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def grants(sqlite_url: str, clock: FakeClock) -> Iterator[Grants]:
    """The application service on an SQLite file."""
    app = Grants(sqlite_url, clock=clock)
    yield app
    app.close()


@pytest.fixture
def world(grants: Grants, clock: FakeClock) -> World:
    return World(grants, clock)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under CI=true, deselecting the PostgreSQL tests with -m is refused too."""
    if IN_CI and "not postgres" in (config.getoption("-m") or ""):
        raise pytest.UsageError("CI=true: the PostgreSQL tests may not be deselected")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    """Under CI=true any skipped test fails the run: CI must see every test execute."""
    skipped = terminalreporter.stats.get("skipped", [])
    if IN_CI and skipped:
        terminalreporter.write_line(f"CI=true: {len(skipped)} test(s) were skipped; that is a failure.", red=True)
        terminalreporter._session.exitstatus = pytest.ExitCode.TESTS_FAILED  # type: ignore[attr-defined]
