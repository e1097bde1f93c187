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
        self._one_statement = engine.dialect.name == "postgresql"
        self._combined: dict[str, str] = {}

    def read(self) -> Positions:
        """The positions now; `StoreUnavailable` when the database does not answer (the
        connection is dropped, and the next call opens a new one)."""
        return Positions.of(dict(self._connection.rows(self._sql)), self._views)

    def read_with(self, sql: str, parameters: Sequence[Any]) -> tuple[Positions, list[tuple[Any, ...]]]:
        """The positions now and the rows of one more statement (on the same database),
        asked together: on PostgreSQL in one statement (`_with`; a pipeline of the two
        cost the client half as much CPU again — bench/README.md). `StoreUnavailable` as
        for `read`."""
        if not self._one_statement:
            positions, rows = self._connection.rows_of([(self._sql, ()), (sql, parameters)])
            return Positions.of(dict(positions), self._views), rows
        combined = self._combined.get(sql) or self._combined.setdefault(sql, self._with(sql))
        answered = self._connection.rows(combined, parameters)
        views, found = answered[0][0], answered[0][1]
        return (Positions.of(dict(zip(views, found, strict=True)), self._views),
                [row[3:] for row in answered if row[2] is not None])

    def _with(self, sql: str) -> str:
        """One PostgreSQL statement answering the positions and `sql`'s rows: a row per
        row of `sql` (one with NULLs when it has none), each led by the views' names and
        positions as two arrays and a mark that the row is one of `sql`'s."""
        positions = self._sql.replace("%", "%%")  # the other statement's parameters are %s
        return (f"SELECT p.views, p.found, s.* FROM (SELECT array_agg(q.view) AS views, array_agg(q.position) AS found "
                f"FROM ({positions}) AS q(view, position)) AS p "
                f"LEFT JOIN (SELECT 1 AS present, o.* FROM ({sql}) AS o) AS s ON true")

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()
