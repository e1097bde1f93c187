"""Filling scratch views in several processes at once: each process reads the log and
feeds its own group of views, up to the same position.

The rebuild is CPU-bound Python (decoding, rendering rows), so a second core nearly
halves it. On PostgreSQL the processes write into the scratch tables themselves. On
SQLite they would take turns on the file's write lock, so each group writes into a
scratch file of its own beside the database; a finished group's file is attached and
its rows (and positions) copied into the scratch tables in one transaction — by SQLite
itself, without Python touching a row. Each group's views are finished (indexed and
swapped in) as soon as that group is done, while the others still fill.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from sqlalchemy import Engine, event

from domain.errors import GrantsError
from infrastructure.sql import engine_for
from readmodels.view import View

#: Each view's relative cost of a rebuild on each kind of database, each view alone, as
#: measured for bench/README.md: the groups are balanced by these. SQLite: seconds per
#: 20 000 events. PostgreSQL: seconds per 1 000 000 events, the server's work included —
#: there the server's share differs from view to view (it takes each application's
#: row with its document and kept state, about 3.8 kB: 23 s of the applications' 58 s
#: of CPU, against 9 s of the audit trail's 44 s for rows of about 0.2 kB of data), so
#: the applications cost the most and the audit trail less than on SQLite. A kind not
#: listed is balanced as SQLite is.
COST: dict[str, dict[str, float]] = {
    "sqlite": {"audit": 1.16, "applications": 0.94, "journal": 0.86, "outstanding": 0.57, "budget": 0.06},
    "postgresql": {"applications": 54.5, "journal": 42.3, "audit": 39.6, "outstanding": 34.0, "budget": 6.3},
}


class RebuildFailed(GrantsError):
    """A view could not be rebuilt in a worker process (the message says which and where)."""


#: Below this many events a rebuild stays in one process: starting another (a fresh
#: interpreter importing the system) takes longer than it saves.
PARALLEL_FROM = 20_000


def default_processes(dialect: str, views: int, events: int, database: str | None = None) -> int:
    """How many processes to fill `views` views with from a log of `events` events on a
    database of `dialect` (on SQLite, the `database` file; one process for a database
    in memory)."""
    if events < PARALLEL_FROM or (dialect == "sqlite" and (not database or database == ":memory:")):
        return 1
    return max(1, min(os.cpu_count() or 1, views))


def groups(names: Sequence[str], processes: int, dialect: str = "sqlite") -> list[list[str]]:
    """The views split into at most `processes` groups of about equal cost on a database
    of `dialect` (largest first, each to the cheapest group so far)."""
    costs = COST.get(dialect, COST["sqlite"])
    count = max(1, min(processes, len(names)))
    loads: list[float] = [0.0] * count
    members: list[list[str]] = [[] for _ in range(count)]
    for name in sorted(names, key=lambda n: -costs.get(n, 1.0)):
        cheapest = loads.index(min(loads))
        members[cheapest].append(name)
        loads[cheapest] += costs.get(name, 1.0)
    return [group for group in members if group]


def fill_in_processes(url: str, scratch: Sequence[View], stop: int, processes: int,
                      finish: Callable[[Sequence[View]], None]) -> None:
    """Feed the scratch views (all with one table prefix) up to `stop`, one group per
    process, and hand each group's views to `finish` as soon as that group is done —
    while the other groups still fill, so finishing the first groups (indexes, swap)
    is off the time the rebuild takes. When a group fails, the others are still
    finished, and its `RebuildFailed` is raised once they are."""
    prefix = scratch[0].prefix
    engine = scratch[0].engine
    split = groups([view.name for view in scratch], processes, engine.dialect.name)
    # On SQLite every group writes into a file of its own: one writer on each file, and
    # the database's write lock free for a finished group's copy, indexes and swap while
    # the others fill. (With one group writing into the database itself, the others'
    # copies could only wait until it was done: 27 s of a 115 s rebuild of 1 000 000
    # events came after the last group; bench/README.md.)
    files: list[str | None] = [f"{engine.url.database}.{prefix}{number}" for number in range(len(split))] \
        if engine.dialect.name == "sqlite" else [None] * len(split)
    try:
        with ProcessPoolExecutor(max_workers=len(split), mp_context=multiprocessing.get_context("spawn")) as pool:
            started = {pool.submit(_fill_group, url, prefix, names, stop, file): (names, file)
                       for names, file in zip(split, files, strict=True)}
            failed: RebuildFailed | None = None
            for done in as_completed(started):
                try:
                    done.result()
                except RebuildFailed as error:
                    failed = failed or error  # the others' views are still finished when they are done
                    continue
                names, file = started[done]
                views = [view for view in scratch if view.name in names]
                if file is not None:
                    _copy_in(engine, file, views)
                    _remove(file)
                finish(views)
        if failed is not None:
            raise failed
    finally:
        for file in files:
            if file is not None:
                _remove(file)


def _remove(file: str) -> None:
    """Delete an SQLite scratch file and its journal files, if they are there."""
    for path in (file, f"{file}-wal", f"{file}-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def _copy_in(engine: Engine, file: str, views: Sequence[View]) -> None:
    """Copy the views' rows and positions from the scratch file `file` into their
    scratch tables, in one transaction (SQLite copies; the file is then detached)."""
    quote = engine.dialect.identifier_preparer.quote
    tables = [table.name for view in views for table in view.tables] + [views[0].tracking.name]
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("ATTACH DATABASE ? AS part", (file,))
        try:
            cursor.execute("BEGIN IMMEDIATE")
            for name in tables:
                cursor.execute(f"INSERT INTO main.{quote(name)} SELECT * FROM part.{quote(name)}")
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        finally:
            cursor.execute("DETACH DATABASE part")
    finally:
        connection.close()


def scratch_file_engine(file: str) -> Engine:
    """An engine on the SQLite scratch file `file`, set for filling in bulk. The file needs
    no durability: it is copied from once its group is done and then removed, and a
    crash leaves the live views as they were. So its rollback journal is kept in memory
    (a failed batch still rolls back, as the runner needs to find the failing event) and
    nothing is synced to disk (3 % of a rebuild at 100 000 events; bench/README.md)."""
    engine = engine_for(f"sqlite:///{file}")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA journal_mode = MEMORY")
        dbapi_connection.execute("PRAGMA synchronous = OFF")

    return engine


def _fill_group(url: str, prefix: str, names: list[str], stop: int, file: str | None = None) -> None:
    """In a worker process: feed the named scratch views from the log up to `stop` (into
    the SQLite file `file` when given, else into the database itself)."""
    from application.service import Grants
    from readmodels.catalogue import make_views
    from readmodels.collector import collections_paused
    from readmodels.runner import REBUILD_BATCH_SIZE, Runner

    grants = Grants(url)
    engine = engine_for(url) if file is None else scratch_file_engine(file)
    try:
        views = make_views(grants, engine, prefix=prefix, names=names, in_bulk=True)
        if file is not None:
            for view in views:
                view.create(indexes=False)  # only copied from
        with collections_paused():
            Runner(grants.name, grants.recorder, grants.mapper, views, REBUILD_BATCH_SIZE).catch_up(stop=stop)
    except GrantsError as error:
        raise RebuildFailed(str(error)) from None  # a plain message crosses the process boundary
    finally:
        engine.dispose()
        grants.close()
