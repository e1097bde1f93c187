"""`Positions`: how far each view has read and where the log ends, in one statement —
what every request asks first (the read position it answers at, and the head a cache
must be fresh as of).

`PositionReader` asks it on one connection of its own per process, kept open in
autocommit (`infrastructure.kept_connection`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import ApplicationRecorder
from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Engine,
    MetaData,
    Select,
    String,
    Table,
    literal,
    literal_column,
    select,
)

from infrastructure.kept_connection import KeptConnection

#: The name the head of the log goes by among the views' rows.
_HEAD = "~head"


@dataclass(frozen=True)
class Positions:
    """Each view's position (in the order asked) and the head of the log."""

    views: tuple[int, ...]
    head: int

    @classmethod
    def of(cls, found: dict[str, int], views: Sequence[str]) -> Positions:
        """From rows (view, position) of the positions statement."""
        return cls(tuple(found.get(name) or 0 for name in views), found.get(_HEAD) or 0)

    @property
    def read(self) -> int:
        """The position every view has reached (what `X-Read-Position` says)."""
        return min(self.views, default=0)


def tracking_table(metadata: MetaData, prefix: str) -> Table:
    """The views' tracking table (`<prefix>tracking`): one position per view and application."""
    return Table(
        f"{prefix}tracking", metadata,
        Column("view", String(60), primary_key=True),
        Column("application_name", String(60), primary_key=True),
        Column("notification_id", BigInteger, nullable=False),
    )


def head_statement(engine: Engine, recorder: ApplicationRecorder) -> ColumnElement[int]:
    """`SELECT max(notification id)` of the recorder's events table, as a scalar subquery."""
    schema = getattr(getattr(recorder, "datastore", None), "schema", None)
    return head_of(engine, str(recorder.events_table_name), schema)  # type: ignore[attr-defined]


def head_of(engine: Engine, events_table: str, schema: str | None = None) -> ColumnElement[int]:
    """`SELECT max(notification id)` of the event store's table, as a scalar subquery."""
    quote = engine.dialect.identifier_preparer.quote
    if engine.dialect.name == "sqlite":
        return literal_column(f"(SELECT max(rowid) FROM {quote(events_table)})")
    return literal_column(f"(SELECT max(notification_id) FROM {quote(schema or 'public')}.{quote(events_table)})")


def positions_statement(tracking: Table, application_name: str, views: Sequence[str],
                        head: ColumnElement[int]) -> Select[tuple[str, int]]:
    """The views' tracking positions and the log's head, as rows (view, position)."""
    return select(tracking.c.view, tracking.c.notification_id).where(
        tracking.c.application_name == application_name, tracking.c.view.in_(list(views))
    ).union_all(select(literal(_HEAD), head))  # type: ignore[return-value]


class PositionReader:
    """Reads `Positions` on a connection of its own (`KeptConnection`)."""

    def __init__(self, engine: Engine, statement: Select[tuple[str, int]], views: Sequence[str]) -> None:
        self._sql = str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
        self._views = tuple(views)
        self._connection = KeptConnection(engine)

    def read(self) -> Positions:
        """The positions now; `StoreUnavailable` when the database does not answer (the
        connection is dropped, and the next call opens a new one)."""
        return Positions.of(dict(self._connection.rows(self._sql)), self._views)

    def read_with(self, sql: str, parameters: Sequence[Any]) -> tuple[Positions, list[tuple[Any, ...]]]:
        """The positions now and the rows of one more statement (on the same database),
        asked together: one round trip on PostgreSQL. `StoreUnavailable` as for `read`."""
        positions, rows = self._connection.rows_of([(self._sql, ()), (sql, parameters)])
        return Positions.of(dict(positions), self._views), rows

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()
