"""Rebuild speed: every projection rebuilt from a log of N events, against a baseline of
reading and decoding the same notifications and doing nothing with them.

    python -m bench.rebuild [--events 100000] [--url sqlite:///var/bench.sqlite | postgresql://...]

The log is written with `tests.scale.fill` (the demo's mix of fates: paid and closed,
granted, rejected, withdrawn, undecided, reclaimed) unless it already holds enough.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time

from application.service import Grants
from readmodels.log import notifications
from readmodels.rebuild import rebuild
from readmodels.service import VIEW_NAMES, ReadModels
from tests.builders import FakeClock
from tests.scale import fill


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--url", default=None, help="default: a fresh SQLite file in a temporary folder")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    clock = FakeClock()
    grants = Grants(url, clock=clock)
    have = grants.recorder.max_notification_id() or 0
    if have < args.events:
        started = time.perf_counter()
        fill(grants, clock, args.events - have)
        print(f"wrote {(grants.recorder.max_notification_id() or 0) - have} events "
              f"in {time.perf_counter() - started:.1f} s")
    count = grants.recorder.max_notification_id() or 0

    started = time.perf_counter()
    decoded = sum(1 for n in notifications(grants.recorder) if grants.mapper.to_domain_event(n) is not None)
    baseline = decoded / (time.perf_counter() - started)

    models = ReadModels(grants)
    started = time.perf_counter()
    rebuild(models, list(VIEW_NAMES))
    seconds = time.perf_counter() - started
    rate = count / seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"store: {url.split(':', 1)[0]}, events: {count}")
    print(f"baseline (read + decode):   {baseline:10,.0f} events/s")
    print(f"rebuild of {len(VIEW_NAMES)} projections:  {rate:10,.0f} events/s  ({seconds:.1f} s)")
    print(f"ratio rebuild / baseline:   {rate / baseline:10.2f}")
    print(f"peak memory (max RSS):      {peak_mb:10.0f} MB")


if __name__ == "__main__":
    main()
