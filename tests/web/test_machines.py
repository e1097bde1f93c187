"""Several machines on one PostgreSQL: two `grants serve --no-projection-worker` on
different ports (stateless web processes, as behind a load balancer) and one
`grants projections run`. A write through either is read back through the other, and
approvals racing through both for one pool never overspend it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests

from application.service import Grants
from domain.values import APPLICANT, COMMITTEE, FINANCE
from tests.web.support import ISSUER
from workloads.builders import BODO, NLSH, FakeClock, World
from workloads.servers import free_ports, grants_serve, projection_worker


@pytest.mark.postgres
@pytest.mark.slow
def test_two_web_processes_on_two_ports_and_one_projection_worker(postgres_url: str) -> None:
    clock = FakeClock()
    grants = Grants(postgres_url, clock=clock)
    world = World(grants, clock, pool_amount=Decimal(3_000_000))
    applications = [world.prioritised("1000000") for _ in range(5)]
    tokens = {role: grants.issue_token(role, ISSUER, holder=role, org_no=BODO.org_no if role == APPLICANT else None)[0]
              for role in (APPLICANT, COMMITTEE, FINANCE)}
    grants.close()
    ports = free_ports(2)

    def call(method: str, port: int, path: str, role: str, **kwargs: object) -> requests.Response:
        return requests.request(method, f"http://127.0.0.1:{port}/api/v1{path}", timeout=60,
                                headers={"Authorization": f"Bearer {tokens[role]}", **kwargs.pop("headers", {})},
                                **kwargs)  # type: ignore[arg-type]

    with grants_serve(postgres_url, ports[0], "--no-projection-worker") as first, \
            grants_serve(postgres_url, ports[1], "--no-projection-worker") as second, \
            projection_worker(postgres_url):
        assert "holdes av en annen prosess" in first.output() + second.output()  # neither projects itself

        # approvals race through both ports for a pool that covers three of five
        with ThreadPoolExecutor(max_workers=5) as clients:
            responses = list(clients.map(
                lambda pair: call("POST", ports[pair[0] % 2], f"/applications/{pair[1].id}/approval", COMMITTEE,
                                  json={"amount": "1000000", "decision_ref": "KU-sak 9/2025"}),
                enumerate(applications)))
        assert sorted(r.status_code for r in responses) == [200, 200, 200, 409, 409], [r.text for r in responses]
        written = max(int(r.headers["X-Log-Position"]) for r in responses if r.status_code == 200)

        # the worker brings the read models up; each port reads them (X-Min-Position waits)
        for port in ports:
            budget = call("GET", port, "/budget", FINANCE, headers={"X-Min-Position": str(written)})
            assert budget.status_code == 200, budget.text
            [pool] = budget.json()["owners"][0]["pools"]
            assert (pool["total"], pool["reserved"], pool["remaining"]) == ("3000000.00", "3000000.00", "0.00")

        # a change through one port is read back through the other
        approved = next(a for a, r in zip(applications, responses, strict=True) if r.status_code == 200)
        agreed = call("POST", ports[0], f"/applications/{approved.id}/agreement", COMMITTEE,
                    json={"signed_on": "2025-01-10", "parties": [BODO.org_no, NLSH.org_no], "document_ref": "Avtale 1",
                          "patient_responsibility": "Kommunen"})
        assert agreed.status_code == 200, agreed.text
        seen = call("GET", ports[1], f"/applications/{approved.id}", APPLICANT,
                    headers={"X-Min-Position": agreed.headers["X-Log-Position"]})
        assert seen.status_code == 200 and seen.json()["agreement"]["document_ref"] == "Avtale 1", seen.text
        assert int(seen.headers["X-Read-Position"]) >= int(agreed.headers["X-Log-Position"])
