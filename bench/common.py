"""What every benchmark shares: scratch stores, a clock, and printing figures with ratios."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

#: The PostgreSQL server benchmarks make their scratch databases on.
POSTGRES_URL = os.environ.get(
    "GRANTS_BENCH_POSTGRES_URL",
    os.environ.get("GRANTS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
)
STORES = ("sqlite", "postgres")


@contextmanager
def scratch_store(kind: str) -> Iterator[str]:
    """A fresh, empty store of `kind` ("sqlite": a file in a temporary folder; "postgres":
    a scratch database on POSTGRES_URL); removed afterwards."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="tilskudd-bench-")
        try:
            yield f"sqlite:///{folder}/bench.sqlite"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if kind != "postgres":
        raise ValueError(f"unknown store {kind!r}; use one of {', '.join(STORES)}")
    import psycopg

    name = f"tilskudd_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def store_arguments(parser: argparse.ArgumentParser, default: str = "sqlite,postgres") -> None:
    """Add --stores (comma-separated: sqlite, postgres)."""
    parser.add_argument("--stores", default=default, type=_stores,
                        help=f"comma-separated stores to measure on (default: {default})")


def _stores(value: str) -> list[str]:
    kinds = [kind.strip() for kind in value.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in STORES]
    if not kinds or unknown:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(STORES)}")
    return kinds


@dataclass(frozen=True)
class Timed:
    """How long something took, and how many things it did."""

    count: int
    seconds: float

    @property
    def rate(self) -> float:
        """Things per second."""
        return self.count / self.seconds if self.seconds else float("inf")


def timed(work: Callable[[], int]) -> Timed:
    """Run `work` (which returns how many things it did) and time it."""
    started = time.perf_counter()
    count = work()
    return Timed(count, time.perf_counter() - started)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def heading(title: str) -> None:
    """Print a benchmark's title."""
    print(f"\n== {title}", flush=True)


def figure(label: str, value: str) -> None:
    """Print one figure, aligned."""
    print(f"  {label:<44} {value}", flush=True)


def verdict(label: str, ratio: float, target: float, higher_is_better: bool = True) -> None:
    """Print a ratio against its target, and whether it is met."""
    met = ratio >= target if higher_is_better else ratio <= target
    sign = ">=" if higher_is_better else "<="
    figure(label, f"{ratio:.2f}  (target {sign} {target}: {'met' if met else 'MISSED'})")
