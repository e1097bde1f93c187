"""Filling scratch views in several processes at once: each process reads the log and
feeds its own group of views, up to the same position.

The rebuild is CPU-bound Python (decoding, rendering rows), so on PostgreSQL a second
core halves it. On SQLite the processes would take turns on the file's write lock, so
there it stays one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from domain.errors import GrantsError
from readmodels.view import View

#: Each view's relative cost of a rebuild (as bench.rebuild measured it; see
#: bench/README.md): the groups are balanced by these.
COST = {"audit": 6.5, "applications": 5.0, "outstanding": 2.3, "budget": 0.3}


class RebuildFailed(GrantsError):
    """A view could not be rebuilt in a worker process (the message says which and where)."""


def default_processes(dialect: str, views: int) -> int:
    """How many processes to fill `views` views with on a database of `dialect`."""
    if dialect != "postgresql":
        return 1
    return max(1, min(os.cpu_count() or 1, views))


def groups(names: Sequence[str], processes: int) -> list[list[str]]:
    """The views split into at most `processes` groups of about equal cost (largest first,
    each to the cheapest group so far)."""
    count = max(1, min(processes, len(names)))
    loads: list[float] = [0.0] * count
    members: list[list[str]] = [[] for _ in range(count)]
    for name in sorted(names, key=lambda n: -COST.get(n, 1.0)):
        cheapest = loads.index(min(loads))
        members[cheapest].append(name)
        loads[cheapest] += COST.get(name, 1.0)
    return [group for group in members if group]


def fill_in_processes(url: str, scratch: Sequence[View], stop: int, processes: int) -> None:
    """Feed the scratch views (all with one table prefix) up to `stop`, one group per process."""
    prefix = scratch[0].prefix
    split = groups([view.name for view in scratch], processes)
    with ProcessPoolExecutor(max_workers=len(split), mp_context=multiprocessing.get_context("spawn")) as pool:
        for outcome in [pool.submit(_fill_group, url, prefix, names, stop) for names in split]:
            outcome.result()


def _fill_group(url: str, prefix: str, names: list[str], stop: int) -> None:
    """In a worker process: feed the named scratch views from the log up to `stop`."""
    from application.service import Grants
    from infrastructure.sql import engine_for
    from readmodels.catalogue import make_views
    from readmodels.runner import REBUILD_BATCH_SIZE, Runner

    grants = Grants(url)
    engine = engine_for(url)
    try:
        views = make_views(grants, engine, prefix=prefix, names=names)
        Runner(grants.name, grants.recorder, grants.mapper, views, REBUILD_BATCH_SIZE).catch_up(stop=stop)
    except GrantsError as error:
        raise RebuildFailed(str(error)) from None  # a plain message crosses the process boundary
    finally:
        engine.dispose()
        grants.close()
