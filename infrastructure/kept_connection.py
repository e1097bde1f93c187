"""`KeptConnection`: one database connection a process keeps for its busiest lookups.

The statements of every request (the read models' positions, the page session) are
asked on a connection of their own, opened from the engine (its timeouts and pragmas)
but never returned to its pool, in autocommit: no pool checkout, reset or transaction
wraps them, and their SQL is rendered once (measured in bench/README.md: a third to a
half of the time of a kept answer went to that wrapping). Statements that must be one
round trip are made one statement by their caller (`readmodels.positions.PositionReader`):
psycopg's pipeline mode cost more CPU than it saved (bench/README.md, sixth session).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from infrastructure.config import StoreUnavailable


class KeptConnection:
    """Runs read-only statements on one connection (opened on first use, renewed after a
    failure), one at a time."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Any = None
        self._lock = threading.Lock()

    @property
    def placeholder(self) -> str:
        """How a positional parameter is written in this database's SQL."""
        return "?" if self._engine.dialect.paramstyle == "qmark" else "%s"

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows `sql` answers; `StoreUnavailable` when the database does not answer
        (the connection is dropped, and the next call opens a new one)."""
        return self.rows_of([(sql, parameters)])[0]

    def rows_of(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[tuple[Any, ...]]]:
        """The rows each of `statements` (SQL, parameters) answers, asked in order on the
        one connection. `StoreUnavailable` as for `rows`."""
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self._connect()
                connection = self._connection
                return [self._fetch(self._execute(connection, sql, parameters)) for sql, parameters in statements]
            except self._engine.dialect.loaded_dbapi.Error as error:
                self._discard()
                raise StoreUnavailable(f"the database does not answer: {error}") from error

    @staticmethod
    def _execute(connection: Any, sql: str, parameters: Sequence[Any]) -> Any:
        cursor = connection.cursor()
        cursor.execute(sql, tuple(parameters)) if parameters else cursor.execute(sql)
        return cursor

    @staticmethod
    def _fetch(cursor: Any) -> list[tuple[Any, ...]]:
        try:
            found: list[tuple[Any, ...]] = cursor.fetchall()
        finally:
            cursor.close()
        return found

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._discard()

    def _connect(self) -> Any:
        pooled = self._engine.raw_connection()  # the engine's settings (timeouts, pragmas) ...
        pooled.detach()  # ... but the connection is this process's, never returned to the pool
        connection = pooled.dbapi_connection
        if self._engine.dialect.name == "postgresql":
            connection.autocommit = True  # type: ignore[union-attr]
        return connection

    def _discard(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(self._engine.dialect.loaded_dbapi.Error):  # already gone
                connection.close()
