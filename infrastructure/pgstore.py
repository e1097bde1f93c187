"""The library's PostgreSQL store, failing fast when the database cannot be reached.

The library retries a failed statement ten times, and each try waits for a pooled
connection as long as its connect timeout (whole seconds): with the database gone a
command hung for 13–15 s. Here a wait for a connection is bounded by
`CONNECT_WAIT` seconds and, when it runs out, raises `DatabaseUnreachable` — which
the library does not retry — so a request answers 503 within about two seconds.
A connection that broke mid-statement is still retried: the next try either gets a
fresh connection (the database came back) or meets the same bounded wait.

The recorders' statements are rendered to text once, when the recorder is made. The
library composes them from `psycopg.sql` parts, and psycopg renders a composed
statement anew on every execution, escaping each identifier: a tenth of a web
process's CPU under contended approvals (bench/README.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg_pool
from eventsourcing.persistence import DatabaseError, OperationalError
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresFactory
from psycopg.sql import SQL, Composable

#: Seconds a command or query waits for a connection before the database counts as gone.
CONNECT_WAIT = 1.5


class DatabaseUnreachable(DatabaseError):
    """No connection to the database could be had in time (it is down, refuses
    connections, or every connection is busy)."""


def render_statements(recorder: object) -> None:
    """Replace each composed statement the recorder keeps (alone or in a list) with its
    text, rendered once: the same SQL, with the identifiers quoted as psycopg quotes them."""
    for name, value in list(vars(recorder).items()):
        if isinstance(value, Composable) and not isinstance(value, SQL):
            setattr(recorder, name, SQL(value.as_string()))
        elif isinstance(value, list) and value and all(isinstance(item, Composable) for item in value):
            setattr(recorder, name, [SQL(item.as_string()) for item in value])


class RenderedAggregateRecorder(PostgresAggregateRecorder):
    """The library's aggregate recorder (snapshots), its statements rendered once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        render_statements(self)


class RenderedApplicationRecorder(PostgresApplicationRecorder):
    """The library's application recorder (the event log), its statements rendered once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        render_statements(self)


class FailFastPostgresFactory(PostgresFactory):
    """`PostgresFactory` whose datastore gives up on a connection after `CONNECT_WAIT`,
    with recorders whose statements are rendered once."""

    aggregate_recorder_class = RenderedAggregateRecorder
    application_recorder_class = RenderedApplicationRecorder

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
