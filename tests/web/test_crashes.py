"""Exactly once under crashes: a real `grants serve` whose web processes are killed with
SIGKILL at random moments (also just after a command's events commit, before its answer
is sent) while 30 submissions and 30 disbursements are sent, each retried with its
Idempotency-Key until answered. Every key is carried out exactly once."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import requests

from application.service import Grants
from domain.application import Application
from readmodels.log import notifications
from tests.servers import serving
from tests.web.support import ISSUER, application_body
from workloads.builders import APPLICANT_ACTOR, CRITERIA, FINANCE_ACTOR, FakeClock, World

OPERATIONS = 30  # of each kind


@dataclass
class Sent:
    """One keyed request and how it went."""

    key: str
    attempts: int = 0
    interrupted: bool = False  # an attempt got no answer (the process died under it)
    replayed: bool = False  # the answer came from the log or cache: an earlier attempt had committed


def _send(url: str, token: str, path: str, body: dict[str, Any], sent: Sent, deadline: float) -> None:
    while time.monotonic() < deadline:
        sent.attempts += 1
        try:
            response = requests.post(url + path, json=body, timeout=15,
                                     headers={"Authorization": f"Bearer {token}", "Idempotency-Key": sent.key})
        except requests.RequestException:  # no answer, or half of one: the process died under it
            sent.interrupted = True
            time.sleep(0.2)
            continue
        if response.status_code >= 500:
            sent.interrupted = True
            time.sleep(0.2)
            continue
        assert response.status_code in (200, 201), (sent.key, response.status_code, response.text)
        sent.replayed = response.headers.get("Idempotent-Replayed") == "true"
        return
    raise AssertionError(f"{sent.key} was never answered")


def _killer(server: Any, stop: threading.Event, kills: list[int]) -> None:
    """Kill web workers at random moments — those serving when the test began, and later
    ones once they have lived half a second, so that a worker always gets to boot and
    serve, however long booting takes."""
    rng = random.Random()
    born = dict.fromkeys(server.web_workers(), float("-inf"))  # serving since the server was ready
    while not stop.wait(rng.uniform(0.05, 0.4)):
        now = time.monotonic()
        workers = [pid for pid in server.web_workers() if now - born.setdefault(pid, now) >= 0.5]
        if not workers:
            continue
        for pid in workers if rng.random() < 0.5 else [rng.choice(workers)]:  # sometimes every one at once
            try:
                os.kill(pid, signal.SIGKILL)
                kills.append(pid)
            except ProcessLookupError:
                pass


@pytest.mark.slow
@pytest.mark.parametrize(("store", "workers"), [("sqlite", 1), pytest.param("postgres", 2, marks=pytest.mark.postgres)])
def test_keyed_commands_happen_exactly_once_while_web_processes_are_killed(
        store: str, workers: int, request: pytest.FixtureRequest) -> None:
    store_url = request.getfixturevalue(f"{store}_url")
    clock = FakeClock()
    grants = Grants(store_url, clock=clock)
    world = World(grants, clock, pool_amount=Decimal(100_000_000))
    agreed = [world.agreed() for _ in range(OPERATIONS)]
    applicant, _ = grants.issue_token("applicant", ISSUER, holder="Hilde Johansen", org_no=APPLICANT_ACTOR.org_no)
    finance, _ = grants.issue_token("finance", ISSUER, holder="Per Strand")
    round_ = grants.open_round(world.pool_id, title="Løpende utlysning", deadline=date(2030, 1, 1), criteria=CRITERIA,
                               requires_own_contribution=False,
                               actor=FINANCE_ACTOR).value  # the server runs on the real clock
    grants.close()
    submission = application_body(str(round_.id))

    submissions = [Sent(f"soknad-{i}") for i in range(OPERATIONS)]
    payments = [Sent(f"utbetaling-{i}") for i in range(OPERATIONS)]
    args = ["--workers", str(workers)] if workers > 1 else []
    with serving(store_url, *args) as server:
        stop, kills = threading.Event(), []
        killer = threading.Thread(target=_killer, args=(server, stop, kills))
        killer.start()
        deadline = time.monotonic() + 240
        while not kills and time.monotonic() < deadline:  # on a fast machine the work is done in a second
            time.sleep(0.01)
        jobs = [(server.url, applicant, "/api/v1/applications", submission, s)
                for s in submissions]
        jobs += [(server.url, finance, f"/api/v1/applications/{app.id}/disbursements",
                  {"amount": "1000000.00", "payment_reference": f"UTB-K-{i}"}, s)
                 for i, (app, s) in enumerate(zip(agreed, payments, strict=True))]
        random.shuffle(jobs)
        try:
            with ThreadPoolExecutor(max_workers=4) as pool:
                for future in [pool.submit(_send, *job, deadline) for job in jobs]:
                    future.result()
        finally:
            stop.set()
            killer.join()

    grants = Grants(store_url, clock=clock)
    submitted: Counter[str] = Counter()
    paid: Counter[str] = Counter()
    for notification in notifications(grants.recorder):
        event = grants.mapper.to_domain_event(notification)
        request = getattr(event, "request", None)
        if request is None:
            continue
        if isinstance(event, Application.Submitted):
            submitted[request.key] += 1
        elif isinstance(event, Application.FundsDisbursed):
            paid[request.key] += 1
    grants.close()
    duplicates = sum(n - 1 for n in (*submitted.values(), *paid.values()) if n > 1)
    missing = [s.key for s in submissions if submitted[s.key] == 0] + [s.key for s in payments if paid[s.key] == 0]
    in_window = sum(1 for s in (*submissions, *payments) if s.interrupted and s.replayed)
    interrupted = sum(1 for s in (*submissions, *payments) if s.interrupted)
    print(f"\ncrash test {store_url.split(':')[0]} x{workers}: {len(kills)} kills, {interrupted} of "
          f"{2 * OPERATIONS} requests interrupted, {in_window} answered from the log after a crash that came "
          f"after their commit, duplicates {duplicates} of {2 * OPERATIONS}, missing {len(missing)}")
    assert duplicates == 0 and not missing, (duplicates, missing)
    assert kills, "the killer never struck"
