"""`grants serve --workers 2` on PostgreSQL with its projection worker: 13 approvals race
over HTTP for a pool that covers 12. Twelve win, one is refused (409), and once the
worker has caught up the budget shows nothing left."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from application.service import Grants
from domain.values import COMMITTEE, FINANCE
from tests.web.support import ISSUER
from workloads.builders import FakeClock, World
from workloads.servers import free_port


@pytest.mark.postgres
@pytest.mark.slow
def test_thirteen_approvals_for_twelve_grants_over_two_web_processes(postgres_url: str) -> None:
    clock = FakeClock()
    grants = Grants(postgres_url, clock=clock)
    world = World(grants, clock, pool_amount=__import__("decimal").Decimal(12_000_000))
    applications = [world.prioritised("1000000") for _ in range(13)]
    committee, _ = grants.issue_token(COMMITTEE, ISSUER, holder="Anne Sofie Lien")
    finance, _ = grants.issue_token(FINANCE, ISSUER, holder="Kari Nordmann")
    grants.close()

    port = free_port()
    env = {**os.environ, "GRANTS_DATABASE_URL": postgres_url}
    server = subprocess.Popen(
        [sys.executable, "-c", f"from cli.main import main; main(['serve', '--workers', '2', '--port', '{port}'])"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or workers still booting
                time.sleep(0.1)

        def approve(application_id: object) -> requests.Response:
            return requests.post(f"{url}/api/v1/applications/{application_id}/approval", timeout=60,
                                 headers={"Authorization": f"Bearer {committee}"},
                                 json={"amount": "1000000", "decision_ref": "KU-sak 7/2025"})

        with ThreadPoolExecutor(max_workers=13) as pool:
            responses = list(pool.map(approve, [a.id for a in applications]))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * 12 + [409], [r.text for r in responses if r.status_code not in (200, 409)]
        refused = next(r for r in responses if r.status_code == 409)
        assert refused.headers["Content-Type"] == "application/problem+json"
        assert refused.json()["type"].endswith("insufficient-funds")

        written = max(int(r.headers["X-Log-Position"]) for r in responses if r.status_code == 200)
        budget = requests.get(f"{url}/api/v1/budget", timeout=30,
                              headers={"Authorization": f"Bearer {finance}", "X-Min-Position": str(written)})
        assert budget.status_code == 200, budget.text
        assert int(budget.headers["X-Read-Position"]) >= written
        owner = budget.json()["owners"][0]
        assert (owner["total"], owner["reserved"], owner["remaining"]) == ("12000000.00", "12000000.00", "0.00")
        ready = requests.get(f"{url}/readyz", timeout=10).json()
        assert all(p["position"] >= written for p in ready["projections"].values())
    finally:
        os.killpg(server.pid, 15)
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert "Traceback" not in output, output[-3000:]


@pytest.mark.slow
def test_two_servers_on_one_machine_share_no_control_socket(tmp_path: Path) -> None:
    """gunicorn's control socket (`$HOME/.gunicorn/gunicorn.ctl` by default) would be one
    for every `grants serve` of a user: none is opened."""
    from tests.servers import serving

    home = tmp_path / "home"
    home.mkdir()
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    env = {"HOME": str(home), "XDG_RUNTIME_DIR": ""}
    with serving(url, env=env) as first, serving(url, env=env) as second:
        for server in (first, second):
            assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
        assert not list(home.rglob("*.ctl")), list(home.rglob("*"))
