"""`Rows`: the rows of one table a batch touches — read once, changed in memory, written once.

A batch of a thousand events that each change a pool row costs one SELECT and one
executemany, not two thousand statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, delete, select

from readmodels.bulk import insert_rows, update_rows

_CHUNK = 500  # keys per IN (...) list


class Rows:
    """A write-back cache of `table`'s rows keyed by its (single-column) primary key."""

    def __init__(self, connection: Connection, table: Table) -> None:
        self.connection, self.table = connection, table
        (self.key,) = [c.name for c in table.primary_key.columns]
        self._rows: dict[Any, dict[str, Any] | None] = {}
        self._stored: set[Any] = set()
        self._dirty: set[Any] = set()

    def load(self, keys: Iterable[Any]) -> None:
        """Read the stored rows for `keys` (those not read already)."""
        wanted = [k for k in set(keys) if k not in self._rows]
        column = self.table.c[self.key]
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            for row in self.connection.execute(select(self.table).where(column.in_(chunk))).mappings():
                self._rows[row[self.key]] = dict(row)
                self._stored.add(row[self.key])
        for key in wanted:
            self._rows.setdefault(key, None)

    def get(self, key: Any) -> dict[str, Any] | None:
        """The row (a dict to change in place, then `put`), or None."""
        if key not in self._rows:
            self.load([key])
        return self._rows[key]

    def put(self, row: dict[str, Any]) -> None:
        """Insert or replace the row with this key at `flush`."""
        key = row[self.key]
        self._rows[key] = row
        self._dirty.add(key)

    def remove(self, key: Any) -> None:
        """Delete the row with this key at `flush` (if there is one)."""
        self._rows[key] = None
        self._dirty.add(key)

    def flush(self) -> None:
        """Write every change: deletes, updates of stored rows, inserts of new ones."""
        gone = [k for k in self._dirty if self._rows[k] is None and k in self._stored]
        changed = [self._rows[k] for k in self._dirty if self._rows[k] is not None and k in self._stored]
        new: list[dict[str, Any]] = [
            row for k in self._dirty if (row := self._rows[k]) is not None and k not in self._stored
        ]
        column = self.table.c[self.key]
        for start in range(0, len(gone), _CHUNK):
            self.connection.execute(delete(self.table).where(column.in_(gone[start:start + _CHUNK])))
        update_rows(self.connection, self.table, changed)  # type: ignore[arg-type]
        insert_rows(self.connection, self.table, new)
        self._stored = (self._stored - set(gone)) | {row[self.key] for row in new}
        self._dirty.clear()

