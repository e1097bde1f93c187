"""Where the event store lives: one URL (`GRANTS_DATABASE_URL`) selects SQLite or PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from domain.errors import GrantsError
from domain.privacy import RETENTION

DEFAULT_DATABASE_URL: Final = "sqlite:///var/grants.sqlite"
#: The event store on PostgreSQL: the library's, failing fast when the database is gone.
POSTGRES_FACTORY: Final = "infrastructure.pgstore:FailFastPostgresFactory"
#: Seconds to wait for a new PostgreSQL connection (libpq takes whole seconds).
CONNECT_TIMEOUT: Final = 2
#: Seconds one read-model statement may run before PostgreSQL cancels it.
STATEMENT_TIMEOUT: Final = 30
#: Requests one web process carries out at once (its threads, `web.serve`). Commands on
#: one pool that meet in a process are carried out in one turn and one save
#: (`application.changes.PoolTurns`), so more threads mean fewer turns racing the other
#: processes' saves: 4 000 approvals racing over 100 pools gave 247–276 decided/s with 8
#: threads (six runs) against 181–277 with 4 (thirteen runs, median 227) and 171 with 2,
#: with fewer conflicts retried (bench/README.md, fourteenth session).
WEB_THREADS: Final = 8
#: Connections each pool of a process may open at most (GRANTS_DB_CONNECTIONS): one per
#: thread of a web process, so a request never waits for another's connection.
DEFAULT_CONNECTIONS: Final = WEB_THREADS
SCHEMA_LOCK_KEY: Final = 0x7115_4ADD  # any constant shared by every process of this system


class ConfigurationError(GrantsError):
    """The database URL (or another setting) cannot be used."""


#: The event-sourced application's name (the library names it after the class,
#: `application.service.Grants`): the tracking rows' key; lower-cased, on PostgreSQL, the
#: prefix of the event store's tables (`grants_events`).
APPLICATION_NAME: Final = "Grants"


class StoreUnavailable(GrantsError):
    """The configured database does not answer."""


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """The configured database URL, or the embedded SQLite default under ./var/."""
    return environ.get("GRANTS_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL


def late_interest_percent(environ: Mapping[str, str] = os.environ) -> Decimal | None:
    """The yearly interest on a repayment that is late (`GRANTS_LATE_INTEREST_PERCENT`, e.g.
    "12.25", the operator's to set from the statutory rate); None when unset: no interest."""
    raw = environ.get("GRANTS_LATE_INTEREST_PERCENT", "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        rate = Decimal(raw)
    except ArithmeticError:
        rate = Decimal(-1)
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise ConfigurationError(f"GRANTS_LATE_INTEREST_PERCENT={raw!r}: give a yearly percentage from 0 to 100")
    return rate


def connections_per_pool(environ: Mapping[str, str] = os.environ) -> int:
    """How many PostgreSQL connections each pool of a process opens at most (every
    process has two: the event store's and the read models'); one stays open when idle."""
    raw = environ.get("GRANTS_DB_CONNECTIONS", "").strip() or str(DEFAULT_CONNECTIONS)
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise ConfigurationError(f"GRANTS_DB_CONNECTIONS={raw!r}: give a whole number from 1 to 100")
    return int(raw)


def eventsourcing_env(url: str) -> dict[str, str]:
    """Translate a database URL into the eventsourcing library's settings.

    `sqlite:///relative/file.sqlite`, `sqlite:////absolute/file.sqlite`, or
    `postgresql://user[:password]@host[:port]/database[?schema=name]`.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # not a URL, or a port that is not a number
        parsed = None
    backend = parsed.get_backend_name() if parsed is not None else ""
    if parsed is not None and backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ConfigurationError(f"{url!r}: give the SQLite file, e.g. sqlite:///var/grants.sqlite")
        file = Path(unquote(parsed.database))  # SQLAlchemy leaves %-escapes in a file name
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigurationError(f"cannot create the folder for {file}: {error.strerror}") from None
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(file), "SQLITE_LOCK_TIMEOUT": "30"}
    if parsed is not None and backend in ("postgresql", "postgres"):
        if not parsed.host or not parsed.database:
            raise ConfigurationError(f"{url!r}: expected postgresql://user@host:port/database")
        connections = connections_per_pool()
        env = {
            "PERSISTENCE_MODULE": POSTGRES_FACTORY,
            "POSTGRES_DBNAME": parsed.database,
            "POSTGRES_HOST": parsed.host,
            "POSTGRES_PORT": str(parsed.port or 5432),
            "POSTGRES_USER": parsed.username or "postgres",
            "POSTGRES_PASSWORD": parsed.password or "",
            # one connection kept open, up to GRANTS_DB_CONNECTIONS while busy
            "POSTGRES_POOL_SIZE": "1",
            "POSTGRES_MAX_OVERFLOW": str(connections - 1),
            "POSTGRES_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
            "POSTGRES_LOCK_TIMEOUT": "5",
        }
        schema = parsed.query.get("schema")
        if isinstance(schema, str) and schema:
            env["POSTGRES_SCHEMA"] = schema
        return env
    raise ConfigurationError(f"{url!r}: GRANTS_DATABASE_URL must start with sqlite:/// or postgresql:// "
                             "(postgresql://user@host[:port]/database)")


def probe_store(env: Mapping[str, str]) -> None:
    """Check that the store answers; `StoreUnavailable` (one line) when it does not."""
    if env.get("PERSISTENCE_MODULE") != POSTGRES_FACTORY:
        import sqlite3

        try:
            sqlite3.connect(env["SQLITE_DBNAME"], timeout=1).close()
        except sqlite3.Error as error:
            raise StoreUnavailable(f"cannot open the SQLite file {env['SQLITE_DBNAME']}: {error}") from None
        return
    _connect(env).close()


def _connect(env: Mapping[str, str]) -> Any:
    import psycopg

    try:
        return psycopg.connect(
            host=env["POSTGRES_HOST"], port=int(env["POSTGRES_PORT"]), dbname=env["POSTGRES_DBNAME"],
            user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=int(env["POSTGRES_CONNECT_TIMEOUT"]), autocommit=True,
        )
    except psycopg.OperationalError as error:
        where = f"{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}/{env['POSTGRES_DBNAME']}"
        reason = (str(error).strip().splitlines() or ["no answer"])[-1]
        raise StoreUnavailable(f"cannot reach PostgreSQL at {where}: {reason}") from None


@contextmanager
def schema_lock(env: Mapping[str, str]) -> Iterator[None]:
    """Hold a cluster-wide lock while the store's tables are created.

    PostgreSQL refuses concurrent DDL on the same catalog rows ("tuple concurrently
    updated"), so processes starting together take turns. SQLite needs nothing.
    """
    if env.get("PERSISTENCE_MODULE") != POSTGRES_FACTORY:
        yield
        return
    with _connect(env) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        yield


def retention(environ: Mapping[str, str] = os.environ) -> dict[str, timedelta]:
    """How long each kind of personal data is kept after its case ended: the defaults of
    `domain.privacy.RETENTION`, each replaced by `GRANTS_RETENTION_<KIND>_DAYS` when set
    (e.g. `GRANTS_RETENTION_KONTAKTPERSON_DAYS=1825`)."""
    kept = dict(RETENTION)
    for kind in RETENTION:
        name = f"GRANTS_RETENTION_{kind.upper()}_DAYS"
        raw = environ.get(name, "").strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) > 36500:
            raise ConfigurationError(f"{name}={raw!r}: give a whole number of days from 0 to 36500")
        kept[kind] = timedelta(days=int(raw))
    return kept
