"""Replay as of: the budget as it stood at the middle of a log of N events, against a
baseline of reading and decoding that many events with the library.

    python -m bench.asof [--events 1000000] [--stores sqlite[,postgres]]

The read models are brought up to date first (not timed): the audit trail is what maps
the moment to a log position. The replayed budget is checked against each pool loaded
from its own events as of that moment.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal
from itertools import islice

from application.service import Grants
from bench.common import figure, heading, store_arguments, verdict
from bench.logs import event_log
from readmodels.asof import budget_as_of
from readmodels.log import notifications
from readmodels.service import ReadModels

TARGET = 0.25


def measure(url: str) -> tuple[int, float, float, int]:
    """(events up to the middle, baseline seconds, replay seconds, pools checked)."""
    grants = Grants(url)
    models = ReadModels(grants)
    started = time.perf_counter()
    if models.catch_up():
        print(f"  (brought the read models up to date in {time.perf_counter() - started:.0f} s)", flush=True)
    middle = (grants.recorder.max_notification_id() or 0) // 2
    [record] = grants.recorder.select_notifications(start=middle, limit=1)
    moment = grants.mapper.to_domain_event(record).timestamp  # type: ignore[attr-defined]

    started = time.perf_counter()
    decoded = sum(1 for n in islice(notifications(grants.recorder), middle)
                  if grants.mapper.to_domain_event(n) is not None)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    replayed = budget_as_of(models, moment)
    seconds = time.perf_counter() - started

    pools = [pool for owner in replayed.owners for pool in owner.pools]
    for pool in pools:
        loaded = grants.get_pool(pool.pool_id, as_of=moment)
        assert (pool.paid, pool.remaining) == (loaded.paid, loaded.remaining), f"pool {pool.name} differs"
    total = sum((owner.remaining for owner in replayed.owners), Decimal(0))
    assert total == sum((pool.remaining for pool in pools), Decimal(0))
    return decoded, baseline, seconds, len(pools)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="log size (default 1000000)")
    store_arguments(parser, default="sqlite")
    args = parser.parse_args(argv)
    for kind in args.stores:
        heading(f"Replay as of: budget at the middle of a {args.events:,}-event log on {kind}")
        with event_log(kind, args.events) as url:
            events, baseline, seconds, pools = measure(url)
        figure("baseline: decode the events up to the middle", f"{events:,} events in {baseline:.2f} s")
        figure("budget as of the middle (replay)", f"{seconds:.2f} s ({pools} pools, each checked)")
        verdict("time replay / baseline", seconds / baseline, TARGET, higher_is_better=False)


if __name__ == "__main__":
    main()
