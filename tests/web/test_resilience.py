"""`grants serve --workers 2` on PostgreSQL as an operator meets it: a projection worker
killed and brought back, a stopped projection named by /readyz, a bounded number of
database connections, and a database that goes away and comes back."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
import requests

from application.service import Grants
from domain.pool import FundingPool
from infrastructure.config import DEFAULT_CONNECTIONS
from readmodels import budget as budget_module
from readmodels.rebuild import verify
from readmodels.service import VIEW_NAMES
from tests.servers import serving
from tests.web.support import ISSUER, pool_body
from web.app import create_app
from workloads.builders import FakeClock, World

WEB_PROCESSES = 2
#: README, "Connections": (web processes + projection worker) × two pools × GRANTS_DB_CONNECTIONS,
#: and each web process's own connection for the positions.
CONNECTION_BOUND = (WEB_PROCESSES + 1) * 2 * DEFAULT_CONNECTIONS + WEB_PROCESSES


def _tokens(url: str) -> tuple[str, str]:
    grants = Grants(url, clock=FakeClock())
    World(grants, grants.clock).approved()  # type: ignore[arg-type]
    finance, _ = grants.issue_token("finance", ISSUER, holder="Kari Nordmann")
    auditor, _ = grants.issue_token("auditor", ISSUER, holder="Revisjon Nord")
    grants.close()
    return finance, auditor


def _admin(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def _wait_for_projections(url: str, position: int, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        ready = requests.get(url + "/readyz", timeout=5)
        if ready.status_code == 200 and all(p["position"] >= position for p in ready.json()["projections"].values()):
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"the projections did not reach {position} within {timeout} s")


@pytest.mark.postgres
@pytest.mark.slow
def test_a_killed_projection_worker_is_started_again_within_ten_seconds(postgres_url: str) -> None:
    finance, _ = _tokens(postgres_url)
    with serving(postgres_url, "--workers", str(WEB_PROCESSES)) as server:
        deadline = time.monotonic() + 30
        while not server.projection_workers() and time.monotonic() < deadline:
            time.sleep(0.1)
        (first,) = server.projection_workers()
        os.kill(first, signal.SIGKILL)
        killed_at = time.monotonic()
        opened = requests.post(server.url + "/api/v1/pools", json=pool_body(), timeout=30,
                               headers={"Authorization": f"Bearer {finance}"})
        assert opened.status_code == 201
        _wait_for_projections(server.url, int(opened.headers["X-Log-Position"]), timeout=10)
        assert time.monotonic() - killed_at <= 10
        (second,) = server.projection_workers()
        assert second != first


@pytest.mark.postgres
def test_a_stopped_projection_is_named_by_readyz_and_goes_on_after_the_fix(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    grants = Grants(postgres_url, clock=FakeClock())
    world = World(grants, grants.clock)  # type: ignore[arg-type]
    world.paid()
    app = create_app(grants=grants, inline=False, secret_key="t")
    client = app.test_client()
    models = app.extensions["tilskudd"].models
    handlers = dict(budget_module._HANDLERS)

    def refuse(row: dict[str, Any], event: Any) -> None:
        raise ValueError("cannot book this payment")

    handlers[FundingPool.FundsPaid] = refuse
    monkeypatch.setattr(budget_module, "_HANDLERS", handlers)
    models.catch_up()
    ready = client.get("/readyz")
    body = ready.get_json()
    assert ready.status_code == 503 and body["status"] == "stopped: budget"
    assert body["projections"]["budget"]["state"] == "stopped"
    assert "FundsPaid" in body["projections"]["budget"]["error"]
    head = grants.recorder.max_notification_id()
    assert all(body["projections"][name]["position"] == head for name in VIEW_NAMES if name != "budget")
    monkeypatch.undo()
    models.runner = models.runner_for(models.views.values())  # restarted after the fix
    models.catch_up()
    assert client.get("/readyz").status_code == 200
    assert all(comparison.ok for comparison in verify(models, list(VIEW_NAMES)))
    app.extensions["tilskudd"].close()


@pytest.mark.postgres
@pytest.mark.slow
def test_connections_stay_within_the_documented_bound_under_load(postgres_url: str) -> None:
    finance, auditor = _tokens(postgres_url)
    database = postgres_url.rsplit("/", 1)[1]
    counts: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        with _admin(postgres_url) as admin:
            while not stop.wait(0.05):
                row = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (database,)).fetchone()
                counts.append(int(row[0]) if row else 0)

    with serving(postgres_url, "--workers", str(WEB_PROCESSES)) as server:
        _wait_for_projections(server.url, 0, timeout=30)
        sampler = threading.Thread(target=sample)
        sampler.start()
        paths = ["/api/v1/budget", "/api/v1/pools", "/api/v1/applications", "/api/v1/audit/events"]

        def read(i: int) -> int:
            return requests.get(server.url + paths[i % len(paths)], timeout=30,
                                headers={"Authorization": f"Bearer {auditor if i % 2 else finance}"}).status_code

        def write(i: int) -> int:
            return requests.post(server.url + "/api/v1/pools", json=pool_body(), timeout=30,
                                 headers={"Authorization": f"Bearer {finance}"}).status_code

        try:
            with ThreadPoolExecutor(max_workers=16) as pool:
                statuses = list(pool.map(read, range(400))) + list(pool.map(write, range(40)))
            assert set(statuses) <= {200, 201, 403}, set(statuses)
            time.sleep(1)
        finally:
            stop.set()
            sampler.join()
    peak = max(counts)
    print(f"\nPostgreSQL connections of grants serve --workers {WEB_PROCESSES} under load: peak {peak}, "
          f"after the burst {counts[-1]}, bound {CONNECTION_BOUND}")
    assert 0 < peak <= CONNECTION_BOUND


@pytest.mark.postgres
@pytest.mark.slow
def test_with_the_database_gone_answers_are_503_within_three_seconds_and_writes_resume(postgres_url: str) -> None:
    finance, auditor = _tokens(postgres_url)
    database = postgres_url.rsplit("/", 1)[1]
    with serving(postgres_url, "--workers", str(WEB_PROCESSES)) as server:
        write_headers = {"Authorization": f"Bearer {finance}"}
        acknowledged = [requests.post(server.url + "/api/v1/pools", json=pool_body(), timeout=30,
                                      headers={**write_headers, "Idempotency-Key": f"pool-{i}"}).json()["id"]
                        for i in range(3)]
        with _admin(postgres_url) as admin:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,))
            try:
                for path, method, headers in (
                        ("/api/v1/budget", "GET", {"Authorization": f"Bearer {auditor}"}),
                        ("/api/v1/pools", "POST", {**write_headers, "Idempotency-Key": "pool-gone"}),
                        ("/api/v1/audit/events", "GET", {"Authorization": f"Bearer {auditor}"}),
                        ("/api/v1/pools", "POST", {**write_headers, "Idempotency-Key": "pool-gone"})):
                    started = time.monotonic()
                    answer = requests.request(method, server.url + path, json=pool_body() if method == "POST" else None,
                                              headers=headers, timeout=30)
                    took = time.monotonic() - started
                    assert answer.status_code == 503 and answer.headers["Content-Type"] == "application/problem+json"
                    assert took < 3, f"{method} {path} took {took:.1f} s"
            finally:
                admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        deadline = time.monotonic() + 30
        while True:
            retried = requests.post(server.url + "/api/v1/pools", json=pool_body(), timeout=30,
                                    headers={**write_headers, "Idempotency-Key": "pool-gone"})
            if retried.status_code == 201 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert retried.status_code == 201, retried.text
        position = int(retried.headers["X-Log-Position"])
        _wait_for_projections(server.url, position, timeout=30)
        # a process whose pooled connections died with the database finds out on its first
        # statement: that answer is a 503 with Retry-After, and the retry connects afresh
        deadline = time.monotonic() + 30
        while True:
            listed = requests.get(server.url + "/api/v1/pools?limit=500", timeout=30,
                                  headers={"Authorization": f"Bearer {auditor}"})
            if listed.status_code != 503 or time.monotonic() > deadline:
                break
            assert "Retry-After" in listed.headers
            time.sleep(0.2)
        assert listed.status_code == 200, listed.text
        pools = listed.json()["items"]
        ids = [pool["id"] for pool in pools]
        assert set(acknowledged) <= set(ids) and retried.json()["id"] in ids
        assert len(ids) == len(set(ids)) == 5, "three before, one after, and the approved world's pool"
