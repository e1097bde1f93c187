"""Rebuilding views from the log, and checking live views against a fresh rebuild.

A rebuild builds into scratch tables (`rmb_…`) while the live ones keep answering, then
swaps the rows in with the scratch position in one transaction. A verification builds
into scratch tables (`rmv_…`) up to the live view's position, read in one snapshot
with the live rows, and compares the two row by row.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, String, Table, delete, insert, select, text

from infrastructure.sql import reading
from readmodels.catalogue import make_views
from readmodels.collector import collections_paused
from readmodels.parallel import default_processes, fill_in_processes
from readmodels.runner import REBUILD_BATCH_SIZE
from readmodels.view import View, drop_tracking

if TYPE_CHECKING:
    from readmodels.service import ReadModels

MAX_REPORTED = 10


@dataclass
class Difference:
    """Where a live view disagrees with its rebuild."""

    view: str
    table: str
    key: Any
    detail: str

    def __str__(self) -> str:
        return f"{self.view}: {self.table} row {self.key}: {self.detail}"


@dataclass
class Comparison:
    """A view compared with its rebuild at the same position."""

    view: str
    position: int
    rows: int = 0
    differences: list[Difference] = field(default_factory=list)
    more: int = 0  # differences found beyond those listed

    @property
    def ok(self) -> bool:
        return not self.differences


def scratch_views(models: ReadModels, names: list[str], purpose: str, indexes: bool = True) -> list[View]:
    """Fresh, empty views in scratch tables (`rm<purpose><pid><random>_…`: the names of
    their indexes, which a swap keeps, are never met again); without their secondary
    indexes unless `indexes`."""
    prefix = f"rm{purpose}{os.getpid()}{secrets.token_hex(3)}_"
    views = make_views(models.app, models.engine, prefix=prefix, names=names, in_bulk=True)
    for view in views:
        view.drop()
        view.create(indexes)
    return views


def rebuild(models: ReadModels, names: list[str], processes: int | None = None) -> int:
    """Rebuild the named views from the whole log; return the position they reached.

    `processes`: how many processes feed the scratch views (default: one per core for
    a log of `PARALLEL_FROM` events or more, on SQLite each into a file of its own; see
    `readmodels.parallel`). Each process's views are indexed and swapped in as soon as
    it is done: when one process fails, the other processes' views are still rebuilt."""
    scratch = scratch_views(models, names, "b", indexes=False)
    head = models.runner.head()
    if processes is None:
        processes = default_processes(models.engine.dialect.name, len(scratch), head, models.engine.url.database)

    def finish(views: Sequence[View]) -> None:
        for fresh in views:
            fresh.create_indexes()
            _swap(models.view(fresh.name), fresh, models.app.name)

    try:
        if processes > 1 and len(scratch) > 1:
            fill_in_processes(models.app.database_url, scratch, head, processes, finish)
        else:
            with collections_paused():
                models.runner_for(scratch, REBUILD_BATCH_SIZE).catch_up()
            finish(scratch)
    finally:
        for view in scratch:
            view.drop()
        drop_tracking(scratch[0])
    models.runner_for([models.view(name) for name in names]).catch_up()
    return min(models.view(name).max_tracking_id(models.app.name) or 0 for name in names)


def _swap(live: View, fresh: View, application_name: str) -> None:
    """Put the fresh tables and position in place of the live ones, atomically."""
    quote = live.engine.dialect.identifier_preparer.quote
    with live.engine.begin() as connection:
        position = fresh.position(connection, application_name)
        key = (live.tracking.c.view == live.name) & (live.tracking.c.application_name == application_name)
        connection.execute(delete(live.tracking).where(key))  # first: waits for a runner mid-batch
        for table in reversed(live.tables):
            table.drop(connection, checkfirst=True)
        for table, source in zip(live.tables, fresh.tables, strict=True):
            connection.execute(text(f"ALTER TABLE {quote(source.name)} RENAME TO {quote(table.name)}"))
        if position is not None:
            connection.execute(insert(live.tracking).values(
                view=live.name, application_name=application_name, notification_id=position))


def verify(models: ReadModels, names: list[str]) -> list[Comparison]:
    """Compare each named live view with a rebuild to the same position."""
    scratch = scratch_views(models, names, "v")
    try:
        return [_compare(models, models.view(fresh.name), fresh) for fresh in scratch]
    finally:
        for view in scratch:
            view.drop()
        drop_tracking(scratch[0])


def _compare(models: ReadModels, live: View, fresh: View) -> Comparison:
    with reading(models.engine, snapshot=True) as snapshot:
        position = live.position(snapshot, models.app.name) or 0
        models.runner_for([fresh]).catch_up(stop=position)
        comparison = Comparison(live.name, position)
        with reading(models.engine) as other:
            for table, source in zip(live.tables, fresh.tables, strict=True):
                keys = [column.name for column in table.primary_key.columns]
                _compare_table(comparison, table.name, keys, rows(snapshot, table), rows(other, source))
    return comparison


def _compare_table(comparison: Comparison, name: str, keys: list[str], live: Iterator[dict[str, Any]],
                   fresh: Iterator[dict[str, Any]]) -> None:
    """Merge the two tables' rows in primary-key order (`keys`), noting each difference."""
    def key(row: dict[str, Any]) -> Any:
        return row[keys[0]] if len(keys) == 1 else tuple(row[k] for k in keys)

    def note(key: Any, detail: str) -> None:
        if len(comparison.differences) < MAX_REPORTED:
            comparison.differences.append(Difference(comparison.view, name, key, detail))
        else:
            comparison.more += 1

    left, right = next(live, None), next(fresh, None)
    while left is not None or right is not None:
        if right is None or (left is not None and key(left) < key(right)):
            assert left is not None
            note(key(left), "in the live table but not in a rebuild")
            left = next(live, None)
        elif left is None or key(right) < key(left):
            note(key(right), "missing from the live table")
            right = next(fresh, None)
        else:
            comparison.rows += 1
            changed = sorted(column for column in left if left[column] != right[column])
            if changed:
                note(key(left), "differs in " + ", ".join(
                    f"{column} (live {_short(left[column])}, rebuilt {_short(right[column])})" for column in changed))
            left, right = next(live, None), next(fresh, None)


def rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    """The table's rows in primary-key order, as dicts, streamed."""
    order = [
        column.collate("C") if connection.dialect.name == "postgresql" and isinstance(column.type, String) else column
        for column in table.primary_key.columns
    ]  # byte order, as Python compares the keys
    result = connection.execution_options(yield_per=1000).execute(select(table).order_by(*order))
    for row in result.mappings():
        yield dict(row)


def dump_digest(connection: Connection, view: View) -> str:
    """SHA-256 of a canonical dump of the view's tables (rows in key order, columns sorted)."""
    digest = hashlib.sha256()
    for table in view.tables:
        digest.update(f"table {table.name.removeprefix(view.prefix)}\n".encode())
        for row in rows(connection, table):
            digest.update(json.dumps(row, sort_keys=True, default=_canonical).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def _canonical(value: Any) -> str:
    if isinstance(value, bytes):
        return value.hex()
    return f"{type(value).__name__}:{value}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
