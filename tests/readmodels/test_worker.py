"""`grants projections run` as operators run it: a separate process, killed, restarted,
tailing a log that four other processes write, and meeting an event it cannot read."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from application.service import Grants
from infrastructure.sql import reading
from readmodels.log import notifications
from readmodels.rebuild import verify
from readmodels.service import VIEW_NAMES, ReadModels
from workloads.builders import FakeClock, World
from workloads.scale import fill

GRANTS = str(Path(sys.executable).parent / "grants")


def start_worker(url: str, *args: str) -> subprocess.Popen[str]:
    """`grants projections run ARGS` on `url`; returns once it has begun reading the log."""
    env = {**os.environ, "GRANTS_DATABASE_URL": url}
    worker = subprocess.Popen([GRANTS, "projections", "run", *args], env=env, stderr=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, text=True)
    assert worker.stderr is not None
    first = worker.stderr.readline()
    assert "following the log" in first, first
    return worker


def assert_equal_to_a_rebuild(models: ReadModels) -> None:
    for comparison in verify(models, list(VIEW_NAMES)):
        assert comparison.ok, [str(d) for d in comparison.differences]


@pytest.fixture
def long_log(store_url: str) -> Iterator[tuple[Grants, ReadModels, FakeClock]]:
    clock = FakeClock()
    grants = Grants(store_url, clock=clock)
    fill(grants, clock, 5000)
    models = ReadModels(grants)
    yield grants, models, clock
    models.close()
    grants.close()


@pytest.mark.slow
def test_a_worker_killed_at_random_moments_never_leaves_a_half_applied_batch(
        store_url: str, long_log: tuple[Grants, ReadModels, FakeClock]) -> None:
    grants, models, clock = long_log
    assert grants.recorder.max_notification_id() >= 5000
    randomness = random.Random(2026)
    killed_midway = 0
    for _ in range(20):
        if all(status.lag == 0 for status in models.status()):
            for view in models.views.values():  # all caught up: start again from nothing
                view.drop()
                view.create()
        fill(grants, clock, 60)  # and writers keep writing between rounds
        worker = start_worker(store_url, "--batch-size", "250")
        time.sleep(randomness.uniform(0.0, 0.6))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        statuses = models.status()
        killed_midway += any(s.position > 0 and s.lag > 0 for s in statuses)
        assert_equal_to_a_rebuild(models)
    assert killed_midway >= 5, "the kills should land while the worker is busy"
    worker = start_worker(store_url, "--once")
    assert worker.wait(timeout=120) == 0
    assert all(status.lag == 0 for status in models.status())
    assert_equal_to_a_rebuild(models)


def _write(url: str, seed: int, count: int) -> None:
    """A writer process: submits and scores applications with real commands."""
    grants = Grants(url, clock=FakeClock())
    world = World(grants, grants.clock)  # type: ignore[arg-type]
    world._pool_id, world._round_id = _shared_round(grants)
    for _ in range(count):
        world.scored(title=f"Søknad fra skriver {seed}")
    grants.close()


def _shared_round(grants: Grants) -> tuple[Any, Any]:
    from domain.round import Round

    for notification in notifications(grants.recorder):
        if notification.topic.endswith("Round.Opened"):
            round_ = grants.get_round(notification.originator_id)
            assert isinstance(round_, Round)
            return round_.pool_id, round_.id
    raise LookupError("no round")


@pytest.mark.slow
def test_a_tailing_worker_skips_no_event_of_four_concurrent_writers(store_url: str) -> None:
    grants = Grants(store_url, clock=FakeClock())
    World(grants, grants.clock).submitted()  # type: ignore[arg-type]
    models = ReadModels(grants)
    worker = start_worker(store_url, "--poll-interval", "0.02", "--batch-size", "7")
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write, args=(store_url, seed, 25)) for seed in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
        assert writer.exitcode == 0
    head = grants.recorder.max_notification_id()
    models.wait(head, timeout=60)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0, "SIGTERM stops the worker cleanly"
    assert worker.stderr is not None and "stopped at positions" in worker.stderr.read()
    stored = [n.id for n in notifications(grants.recorder)]
    audit = models.view("audit")
    with reading(models.engine) as connection:
        audited = connection.execute(select(audit.events.c.position).order_by(audit.events.c.position)).scalars().all()
    assert audited == stored and len(stored) >= 4 * 25 * 3
    assert_equal_to_a_rebuild(models)
    models.close()
    grants.close()


def test_an_event_the_worker_cannot_read_stops_only_that_projection_and_says_so(store_url: str) -> None:
    grants = Grants(store_url, clock=FakeClock())
    World(grants, grants.clock).paid()  # type: ignore[arg-type]
    models = ReadModels(grants)
    good = grants.recorder.max_notification_id()
    with models.engine.begin() as connection:  # an event written by a newer version of the system
        table = "stored_events" if connection.dialect.name == "sqlite" else "grants_events"
        connection.execute(text(
            f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
            "VALUES (:id, 1, 'domain.future:Grant.Invented', :state)"
        ), {"id": "00000000-0000-4000-8000-000000000001", "state": b"{}"})
    World(grants, grants.clock).submitted()  # type: ignore[arg-type]
    poison = good + 1
    head = grants.recorder.max_notification_id()
    worker = start_worker(store_url)

    def settled(statuses: dict[str, Any]) -> bool:
        # the failure recorded, and the others as far as they will go: the worker may record
        # the audit trail's failure before the other projections have reached the head
        return any(s.failure for s in statuses.values()) and all(
            s.position == head for name, s in statuses.items() if name != "audit")

    deadline = time.monotonic() + 60
    statuses = {status.name: status for status in models.status()}
    while not settled(statuses) and time.monotonic() < deadline:
        time.sleep(0.1)
        statuses = {status.name: status for status in models.status()}
    failure = statuses["audit"].failure
    assert failure is not None and f"stopped at position {poison} (domain.future:Grant.Invented)" in failure.describe()
    assert statuses["audit"].position == good, "the audit trail stops just before the event it cannot read"
    assert all(s.position == head for name, s in statuses.items() if name != "audit"), "the others go on"
    assert worker.poll() is None, "the worker keeps the other projections going"
    shown = subprocess.run([GRANTS, "projections", "status"], env={**os.environ, "GRANTS_DATABASE_URL": store_url},
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 1 and "stopped" in shown.stdout and str(poison) in shown.stdout
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    once = subprocess.run([GRANTS, "projections", "run", "--once"],
                          env={**os.environ, "GRANTS_DATABASE_URL": store_url},
                          capture_output=True, text=True, timeout=60)
    error = [line for line in once.stderr.strip().splitlines() if line.startswith("grants: error:")]
    assert once.returncode == 2 and len(error) == 1 and "Traceback" not in once.stderr
    assert f"stopped at position {poison} (domain.future:Grant.Invented)" in error[0]
    assert_equal_to_a_rebuild(models)
    models.close()
    grants.close()


def test_sigterm_stops_a_long_catch_up_between_two_batches(
        store_url: str, long_log: tuple[Grants, ReadModels, FakeClock]) -> None:
    _, models, _ = long_log
    worker = start_worker(store_url, "--batch-size", "20")
    time.sleep(0.5)
    stopped = time.monotonic()
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    assert time.monotonic() - stopped < 5, "it stops after the batch it is writing, not after the backlog"
    assert worker.stderr is not None and "stopped at positions" in worker.stderr.read()
    assert any(status.lag > 0 for status in models.status())
    assert_equal_to_a_rebuild(models)
