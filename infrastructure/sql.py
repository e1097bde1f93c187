"""Where the read models live: an SQLAlchemy engine on the event store's own database.

On SQLite the read-model tables sit in the event store's file. Write transactions
start with `BEGIN IMMEDIATE`, so a projection takes the file's write lock before it
reads its tracking row and never meets a lock upgrade it cannot wait for; queries
(`reading()`) start plain deferred transactions and read a WAL snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, event, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool
from sqlalchemy.schema import CreateTable

from infrastructure.config import (
    CONNECT_TIMEOUT,
    SCHEMA_LOCK_KEY,
    STATEMENT_TIMEOUT,
    connections_per_pool,
    eventsourcing_env,
)

_READ_ONLY = "tilskudd_read_only"


def json_text(value: Any) -> str:
    """The text a JSON column stores: orjson, about a sixth of the time of `json.dumps`
    for an audit row's data (a rebuild renders a million of them). It reads back equal
    (`orjson.loads`); unlike `json.dumps` it writes non-ASCII letters as they are, not as
    `\\u` escapes. Keys that are not text are written as text, as `json.dumps` does."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


#: How every engine's JSON columns are written and read.
_JSON = {"json_serializer": json_text, "json_deserializer": orjson.loads}


def engine_for(url: str) -> Engine:
    """An engine on the database that `GRANTS_DATABASE_URL` names (see `infrastructure.config`)."""
    env = eventsourcing_env(url)
    if env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        return _sqlite_engine(f"sqlite:///{env['SQLITE_DBNAME']}")
    options: dict[str, Any] = {"connect_timeout": int(env["POSTGRES_CONNECT_TIMEOUT"])}
    settings = f"-c statement_timeout={STATEMENT_TIMEOUT * 1000}"
    if env.get("POSTGRES_SCHEMA"):
        settings += f" -c search_path={env['POSTGRES_SCHEMA']}"
    options["options"] = settings
    return create_engine(
        URL.create(
            "postgresql+psycopg", username=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"] or None,
            host=env["POSTGRES_HOST"], port=int(env["POSTGRES_PORT"]), database=env["POSTGRES_DBNAME"],
        ),
        # No pre-ping (a round trip on every checkout): when the server has gone away,
        # the failing statement is answered as "database unavailable" and SQLAlchemy
        # discards every pooled connection, so the next request connects afresh.
        # At most GRANTS_DB_CONNECTIONS, opened as needed and kept; a request waits at
        # most CONNECT_TIMEOUT for one.
        connect_args=options, pool_size=connections_per_pool(), max_overflow=0, pool_timeout=CONNECT_TIMEOUT,
        **_JSON,
    )


def memory_engine() -> Engine:
    """A private in-memory SQLite database: scratch space for replays as of a past time."""
    return _sqlite_engine("sqlite://", poolclass=StaticPool)


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **_JSON, **kwargs)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        dbapi_connection.execute("PRAGMA busy_timeout = 30000")
        # WAL with NORMAL: a commit survives a crash of any process; only a power cut
        # may lose the last read-model transactions — and their tracking rows with them,
        # so the views are re-fed from the log. The event store keeps its own setting.
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


@contextmanager
def reading(engine: Engine, snapshot: bool = False, single_statement: bool = False) -> Iterator[Connection]:
    """A connection for queries, no write lock taken. With `snapshot`, every statement
    sees the database as of the first one (SQLite's WAL read transaction gives that
    anyway; PostgreSQL needs REPEATABLE READ).

    `single_statement`: the caller runs one plain query (no streaming), so PostgreSQL
    reads it in autocommit — BEGIN and COMMIT would add two round trips and, under
    READ COMMITTED, no consistency (the lookups every API query makes)."""
    with engine.connect() as connection:
        options: dict[str, Any] = {_READ_ONLY: True}
        if engine.dialect.name == "postgresql" and (snapshot or single_statement):
            options["isolation_level"] = "REPEATABLE READ" if snapshot else "AUTOCOMMIT"
        connection = connection.execution_options(**options)
        with connection.begin():
            yield connection


def create_tables(engine: Engine, metadata: MetaData, indexes: bool = True) -> None:
    """Create `metadata`'s tables if they do not exist, safely between processes;
    without their secondary `indexes` when told (tables about to be filled in bulk)."""
    with engine.begin() as connection:
        lock_ddl(connection)
        if indexes:
            metadata.create_all(connection, checkfirst=True)
            return
        existing = set(inspect(connection).get_table_names())
        for table in metadata.sorted_tables:
            if table.name not in existing:
                connection.execute(CreateTable(table))


def add_missing_indexes(engine: Engine, tables: list[Table]) -> None:
    """Create each declared index of the existing `tables` that no stored index has with
    the same columns (an index a later release declared: it changes no rows, so nothing
    is rebuilt for it). Compared by columns, not names: a rebuilt table keeps the names
    its scratch copy's indexes were made with. The tables must have their declared
    columns (`readmodels.revisions.upgrade` makes anew those that do not, first)."""
    tables = [table for table in tables if table.indexes]
    if not tables:
        return
    with engine.begin() as connection:
        lock_ddl(connection)
        reflected = inspect(connection).get_multi_indexes(filter_names=[table.name for table in tables])
        stored = {name: {tuple(index["column_names"]) for index in indexes}
                  for (_schema, name), indexes in reflected.items()}
        for table in tables:
            for index in table.indexes:
                if tuple(column.name for column in index.columns) not in stored.get(table.name, set()):
                    index.create(connection)


def create_indexes(engine: Engine, metadata: MetaData) -> None:
    """Create the secondary indexes of `metadata`'s tables that do not exist yet."""
    with engine.begin() as connection:
        lock_ddl(connection)
        for table in metadata.sorted_tables:
            for index in table.indexes:
                index.create(connection, checkfirst=True)


def lock_ddl(connection: Connection) -> None:
    """On PostgreSQL, take the system's schema lock until the transaction ends (the
    event store's tables are created under the same key)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
