"""Concurrent approvals over PostgreSQL: two web processes (`grants serve
--no-projection-worker` on two ports, as on two machines) and one projection worker;
N approvals race over HTTP across P pools that each cover only three quarters of what
is asked of them.

    python -m bench.approvals [--approvals 200] [--pools 10] [--clients 32]

Reports approvals decided per second (granted or refused for want of money; target
250), the conflicts the services retried (counted from the web processes' log at INFO),
and checks that no pool paid out or reserved more than it holds:
the budget read model and each pool's own events must both show remaining ≥ 0, and the
approvals granted must be exactly what the pools could cover.
"""

from __future__ import annotations

import argparse
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from uuid import UUID

import requests

from application.service import Grants
from bench.common import figure, heading, scratch_store, verdict
from domain.commands import Prioritise, Score, Submit
from domain.values import ADMIN, COMMITTEE, FINANCE, Actor
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_ACTOR,
    CRITERIA,
    DEADLINE,
    FINANCE_ACTOR,
    NORD,
    FakeClock,
    content,
    register_organisations,
)
from workloads.servers import free_ports, grants_serve, projection_worker

AMOUNT = Decimal(1_000_000)
TARGET_PER_SECOND = 250.0
WARM_UP = 4  # approvals per web process before the clock starts
RETRY_LOG_LINE = "concurrent change, attempt"


def prepare(url: str, approvals: int, pools: int) -> tuple[list[UUID], list[UUID], int, str, str, list[UUID]]:
    """Pools covering 3/4 of their applications, and the applications prioritised:
    (pool ids, application ids, grants each pool can cover, committee token, finance
    token, the warm-up pool's applications)."""
    clock = FakeClock()
    grants = Grants(url, clock=clock)
    per_pool = approvals // pools
    covered = per_pool * 3 // 4
    pool_ids: list[UUID] = []
    application_ids: list[UUID] = []
    warm_up: list[UUID] = []
    register_organisations(grants)
    for number in range(pools + 1):  # the last is the warm-up pool, covering all of its own
        last = number == pools
        amount = AMOUNT * (2 * WARM_UP if last else covered)
        pool = grants.open_pool(NORD, name=f"Tilskudd {number + 1}", fiscal_years=[2025], amount=amount,
                                actor=FINANCE_ACTOR).value
        round_ = grants.open_round(pool.id, title=f"Utlysning {number + 1}", deadline=DEADLINE, criteria=CRITERIA,
                                   requires_own_contribution=True, actor=FINANCE_ACTOR).value
        if not last:
            pool_ids.append(pool.id)
        for _ in range(2 * WARM_UP if last else per_pool):
            app = grants.run(Submit(round_.id, content(requested_amount=AMOUNT, budget=[])),
                             actor=APPLICANT_ACTOR).value
            grants.run(Score(app.id, scores={"effekt": 4, "samarbeid": 3}, comment="Bra"), actor=ASSESSOR_ACTOR)
            grants.run(Prioritise(app.id, rank=1, recommended_amount=AMOUNT), actor=ASSESSOR_ACTOR)
            (warm_up if last else application_ids).append(app.id)
    issuer = Actor("bench", "Benchmark", ADMIN)
    committee, _ = grants.issue_token(COMMITTEE, issuer, holder="Koordineringsutvalget")
    finance, _ = grants.issue_token(FINANCE, issuer, holder="Økonomi")
    grants.close()
    return pool_ids, application_ids, covered, committee, finance, warm_up


def caught_up(port: int, finance: str, position: int) -> requests.Response:
    """The budget, once the read models have reached `position` (waiting for the
    projection worker, in turns of at most the five seconds a query waits)."""
    for _ in range(12):
        budget = requests.get(f"http://127.0.0.1:{port}/api/v1/budget", timeout=30,
                              headers={"Authorization": f"Bearer {finance}", "X-Min-Position": str(position)})
        if budget.status_code != 503:
            break
    budget.raise_for_status()
    return budget


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approvals", type=int, default=200)
    parser.add_argument("--pools", type=int, default=10)
    parser.add_argument("--clients", type=int, default=32, help="concurrent HTTP clients (default 32)")
    args = parser.parse_args(argv)
    if args.approvals < args.pools * 4:
        parser.error("give at least four approvals per pool")
    heading(f"Concurrent approvals on postgres: {args.approvals} over {args.pools} pools, {args.clients} clients, "
            "2 web processes + 1 projection worker")
    with scratch_store("postgres") as url:
        pool_ids, application_ids, covered, committee, finance, warm_up = prepare(url, args.approvals, args.pools)
        ports = free_ports(2)
        debug = {"GRANTS_LOG_LEVEL": "INFO"}  # each retry is logged at INFO
        with grants_serve(url, ports[0], "--no-projection-worker", env=debug) as first, \
                grants_serve(url, ports[1], "--no-projection-worker", env=debug) as second, \
                projection_worker(url):

            sessions = threading.local()  # each client keeps its connections open, as a real one would

            def approve(index_and_id: tuple[int, UUID]) -> requests.Response:
                index, application_id = index_and_id
                port = ports[index % 2]
                if not hasattr(sessions, "client"):
                    sessions.client = requests.Session()
                client: requests.Session = sessions.client
                return client.post(f"http://127.0.0.1:{port}/api/v1/applications/{application_id}/approval",
                                   headers={"Authorization": f"Bearer {committee}"}, timeout=120,
                                   json={"amount": str(AMOUNT), "decision_ref": f"KU-sak {index}/2025"})

            with ThreadPoolExecutor(max_workers=2) as clients:  # each process's first requests, unmeasured
                warmed_up = list(clients.map(approve, enumerate(warm_up)))
            assert all(r.status_code == 200 for r in warmed_up)
            # The projection worker has the whole prepared log to catch up on first: the clock
            # starts once it has, so that catching up is not counted against the approvals.
            caught_up(ports[1], finance, max(int(r.headers["X-Log-Position"]) for r in warmed_up))
            warmed = sum(server.output().count(RETRY_LOG_LINE) for server in (first, second))
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as clients:
                responses = list(clients.map(approve, enumerate(application_ids)))
            seconds = time.perf_counter() - started
            retries = sum(server.output().count(RETRY_LOG_LINE) for server in (first, second)) - warmed
            statuses = [r.status_code for r in responses]
            refused = [r for r in responses if r.status_code == 409]
            unexpected = [r.text for r in responses if r.status_code not in (200, 409)]
            assert not unexpected, unexpected[:3]
            assert all(r.json()["type"].endswith("insufficient-funds") for r in refused), refused[0].text
            budget = caught_up(ports[1], finance,
                               max(int(r.headers["X-Log-Position"]) for r in responses if r.status_code == 200))

        granted = statuses.count(200)
        measured = {str(pool_id) for pool_id in pool_ids}
        read_model = {p["id"]: Decimal(p["remaining"]) for o in budget.json()["owners"] for p in o["pools"]
                      if p["id"] in measured}
        grants = Grants(url)
        own_events = {str(pool_id): grants.get_pool(pool_id).remaining for pool_id in pool_ids}
        grants.close()
        overspent = [pool for pool, remaining in {**read_model, **own_events}.items() if remaining < 0]
        assert granted == covered * args.pools, f"{granted} granted, the pools could cover {covered * args.pools}"
        assert read_model == own_events, "the budget read model differs from the pools' own events"
        assert not overspent, f"overspent: {overspent}"

    figure("approvals granted / refused (409)", f"{granted} / {len(refused)}  (pools cover {covered} each)")
    figure("approvals per second (granted)", f"{granted / seconds:8.1f}  ({seconds:.1f} s for all {len(responses)})")
    verdict("approvals decided per second (granted + refused)", len(responses) / seconds, TARGET_PER_SECOND)
    figure("conflicts retried by the services", f"{retries}")
    figure("pools overspent (read model and own events)", f"{len(overspent)}  (every remaining is 0.00: "
           f"{all(remaining == 0 for remaining in own_events.values())})")


if __name__ == "__main__":
    main()
