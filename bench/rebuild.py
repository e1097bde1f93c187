"""Projection rebuild: every projection rebuilt from a log of N events, against a baseline
of reading and decoding the same notifications with the library and doing nothing with them.

    python -m bench.rebuild [--events 100000[,1000000]] [--stores sqlite[,postgres]]

Each side runs in a fresh process of its own, so its peak memory (max RSS) is its own;
on PostgreSQL the rebuild feeds its views from one process per core
(`readmodels.parallel`), and the figure is the largest of those processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from typing import Any

from bench.common import figure, heading, peak_rss_mb, store_arguments, verdict
from bench.logs import event_log

TARGET = 0.3
MEMORY_LIMIT_MB = 300


def decode_all(url: str) -> tuple[int, float, float]:
    """Baseline: read every notification and decode it; (events, seconds, peak MB)."""
    from application.service import Grants
    from readmodels.log import notifications

    grants = Grants(url)
    started = time.perf_counter()
    count = sum(1 for n in notifications(grants.recorder) if grants.mapper.to_domain_event(n) is not None)
    return count, time.perf_counter() - started, peak_rss_mb()


def rebuild_all(url: str) -> tuple[int, float, float]:
    """Rebuild every view from the whole log; (events, seconds, peak MB)."""
    from application.service import Grants
    from readmodels.rebuild import rebuild
    from readmodels.service import VIEW_NAMES, ReadModels

    grants = Grants(url)
    models = ReadModels(grants)
    started = time.perf_counter()
    position = rebuild(models, list(VIEW_NAMES))
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # processes the rebuild started
    return position, seconds, max(peak_rss_mb(), children)


def in_child(function: Any, *args: Any) -> Any:
    """Run `function(*args)` in a fresh (spawned, non-daemonic: the rebuild may start
    processes of its own) process and return its result."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=_call, args=(results, function, *args))
    child.start()
    outcome, failed = results.get()
    child.join()
    if failed:
        raise RuntimeError(f"{function.__name__} failed in its process: {outcome}")
    return outcome


def _call(results: Any, function: Any, *args: Any) -> None:
    try:
        results.put((function(*args), False))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises
        results.put((f"{type(error).__name__}: {error}", True))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="100000", help="comma-separated log sizes (default 100000)")
    store_arguments(parser, default="sqlite")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.events.split(",")]
    for kind in args.stores:
        for size in sizes:
            heading(f"Projection rebuild: {size:,} events on {kind}")
            with event_log(kind, size) as url:
                events, base_seconds, base_mb = in_child(decode_all, url)
                position, seconds, peak_mb = in_child(rebuild_all, url)
            assert position == events, f"the rebuild reached {position}, the log holds {events}"
            base_rate, rate = events / base_seconds, events / seconds
            figure("baseline (read + decode)", f"{base_rate:10,.0f} events/s ({base_seconds:.1f} s, {base_mb:.0f} MB)")
            figure("rebuild of every projection", f"{rate:10,.0f} events/s ({seconds:.1f} s)")
            verdict("ratio rebuild / baseline", rate / base_rate, TARGET)
            figure("peak memory of the rebuild (max RSS, per process)",
                   f"{peak_mb:10.0f} MB (limit {MEMORY_LIMIT_MB} MB: "
                   f"{'met' if peak_mb <= MEMORY_LIMIT_MB else 'MISSED'})")


if __name__ == "__main__":
    main()
