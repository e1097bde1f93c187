"""The library's PostgreSQL store, failing fast when the database cannot be reached.

The library retries a failed statement ten times, and each try waits for a pooled
connection as long as its connect timeout (whole seconds): with the database gone a
command hung for 13–15 s. Here a wait for a connection is bounded by
`CONNECT_WAIT` seconds and, when it runs out, raises `DatabaseUnreachable` — which
the library does not retry — so a request answers 503 within about two seconds.
A connection that broke mid-statement is still retried: the next try either gets a
fresh connection (the database came back) or meets the same bounded wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg_pool
from eventsourcing.persistence import DatabaseError, OperationalError
from eventsourcing.postgres import PostgresFactory

#: Seconds a command or query waits for a connection before the database counts as gone.
CONNECT_WAIT = 1.5


class DatabaseUnreachable(DatabaseError):
    """No connection to the database could be had in time (it is down, refuses
    connections, or every connection is busy)."""


class FailFastPostgresFactory(PostgresFactory):
    """`PostgresFactory` whose datastore gives up on a connection after `CONNECT_WAIT`."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        datastore = self.datastore
        datastore.pool.timeout = CONNECT_WAIT
        original = datastore.get_connection

        @contextmanager
        def get_connection() -> Iterator[Any]:
            try:
                with original() as connection:
                    yield connection
            except OperationalError as error:
                if isinstance(error.__cause__, psycopg_pool.PoolTimeout):
                    raise DatabaseUnreachable(f"the database did not answer within {CONNECT_WAIT:.0f} s") from error
                raise

        datastore.get_connection = get_connection  # type: ignore[method-assign]
