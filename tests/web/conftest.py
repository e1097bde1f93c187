"""Fixtures for the HTTP API: the app on an SQLite file (or on each store), with a
token per person (see tests/web/support.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from application.service import Grants
from tests.web.browsing import Site, demo_site
from tests.web.support import Api, api_for
from web.app import create_app
from workloads.builders import FakeClock


@pytest.fixture
def app(sqlite_url: str, clock: FakeClock) -> Iterator[tuple[Flask, Grants]]:
    grants = Grants(sqlite_url, clock=clock)
    flask_app = create_app(grants=grants, inline=True, secret_key="test")
    yield flask_app, grants
    flask_app.extensions["tilskudd"].models.close()
    grants.close()


@pytest.fixture
def api(app: tuple[Flask, Grants], clock: FakeClock) -> Api:
    return api_for(app[0], app[1], clock)


@pytest.fixture
def store_api(store_url: str, clock: FakeClock) -> Iterator[Api]:
    """Like `api`, once on an SQLite file and once on PostgreSQL."""
    grants = Grants(store_url, clock=clock)
    flask_app = create_app(grants=grants, inline=True, secret_key="test")
    yield api_for(flask_app, grants, clock)
    flask_app.extensions["tilskudd"].close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo served on an SQLite file, shared by the browser tests (they add to it; none
    relies on another having run)."""
    with demo_site(tmp_path_factory.mktemp("site")) as served:
        yield served
