"""Event logs to measure on: N events of the demo's mix of fates (`workloads.scale.fill`:
paid and closed, granted, rejected, withdrawn, undecided, reclaimed)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from application.service import Grants
from bench.common import scratch_store
from workloads.builders import FakeClock
from workloads.scale import fill

#: SQLite logs are kept here between runs: writing a million events takes a minute.
CACHE = Path("var/bench")


@contextmanager
def event_log(kind: str, events: int) -> Iterator[str]:
    """A store URL holding at least `events` events. SQLite: a file under var/bench/,
    written once and reused (benchmarks only add read-model tables to it); PostgreSQL:
    a scratch database, filled now and dropped afterwards."""
    if kind == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{(CACHE / f'log-{events}.sqlite').resolve()}"
        ensure_events(url, events)
        yield url
        return
    with scratch_store(kind) as url:
        ensure_events(url, events)
        yield url


def ensure_events(url: str, events: int) -> int:
    """Fill the store at `url` up to `events` events; return how many it holds."""
    grants = Grants(url, clock=FakeClock())
    try:
        have = grants.recorder.max_notification_id() or 0
        if have < events:
            started = time.perf_counter()
            fill(grants, _clock_after_last_event(grants), events - have)
            have = grants.recorder.max_notification_id() or 0
            print(f"  (wrote a log of {have:,} events in {time.perf_counter() - started:.0f} s)", flush=True)
        return have
    finally:
        grants.close()


def _clock_after_last_event(grants: Grants) -> FakeClock:
    """A clock that goes on from the log's last event, so a topped-up log stays in order."""
    clock = FakeClock()
    head = grants.recorder.max_notification_id()
    if head:
        [last] = grants.recorder.select_notifications(start=head, limit=1)
        clock.set(max(clock.now, grants.mapper.to_domain_event(last).timestamp))  # type: ignore[attr-defined]
    return clock
