"""PostgreSQL restarted under a running web process: neither the read models' pool nor
the event store's pings a connection before use, so a request on a connection the
server dropped is answered 503 (never 500); the pool is then discarded and every later
request is answered from fresh connections."""

from __future__ import annotations

import psycopg
import pytest

from application.service import Grants
from domain.values import ADMIN, FINANCE, Actor
from web.app import create_app
from workloads.builders import FakeClock, World


@pytest.mark.postgres
def test_queries_recover_after_the_server_dropped_every_connection(postgres_url: str) -> None:
    grants = Grants(postgres_url, clock=FakeClock())
    World(grants, grants.clock).approved()  # type: ignore[arg-type]
    token, _ = grants.issue_token(FINANCE, Actor("operator:test", "Test", ADMIN), holder="Økonomi")
    app = create_app(postgres_url, inline=False)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(3):  # fill the read side's pool
        assert client.get("/api/v1/budget", headers=headers).status_code == 200

    database = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        dropped = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                "WHERE datname = %s AND pid <> pg_backend_pid()", (database,)).fetchone()
    assert dropped is not None and dropped[0] >= 1

    answers = [client.get("/api/v1/budget", headers=headers) for _ in range(10)]
    statuses = [answer.status_code for answer in answers]
    # at most one 503 per connection (the position reader; the read models' and the event
    # store's pools), then 200 for good
    failed = statuses.count(503)
    assert failed <= 3 and statuses == [503] * failed + [200] * (10 - failed), statuses
    assert all(a.headers["Content-Type"] == "application/problem+json" for a in answers[:failed])
