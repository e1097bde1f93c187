"""Failed authentications, counted per client across every web process of a deployment.

A credential that fails — a bad or revoked token, a failed login — is counted for its
client's address; once a client's failures in the window pass the limit
(`GRANTS_AUTH_FAILURE_LIMIT`, default 30 a minute), each further *failing* credential
from it is answered 429 with `Retry-After` instead of 401. A valid credential is never
refused for the failures of others: behind a reverse proxy that hides the client's
address (one address for everyone), a flood of bad tokens slows down only the bad
tokens. With `GRANTS_TRUSTED_PROXY` (`web.buffering`) each client is counted by its own
address.

The counts live, by default, in the system's own database (`DatabaseStorage`: the SQLite
file or PostgreSQL that every process already shares), so the limit holds as configured
however many processes and machines serve; `GRANTS_RATE_LIMIT_STORAGE` names another
store the `limits` library knows (`redis://host:6379`, or `memory://` for one process)."""

from __future__ import annotations

import math
import os
import time
from typing import Final

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, delete, select, text
from sqlalchemy.exc import SQLAlchemyError

from infrastructure.sql import create_tables

#: Failed authentications allowed per client address in a window (GRANTS_AUTH_FAILURE_LIMIT).
DEFAULT_AUTH_FAILURE_LIMIT: Final = "30/minute"
_METADATA = MetaData()
_FAILURES = Table("web_auth_failures", _METADATA, Column("key", String(300), primary_key=True),
                  Column("hits", Integer, nullable=False), Column("expires_at", Float, nullable=False))
#: One statement on SQLite and PostgreSQL: a window that has expired starts again.
_INCREMENT = text(
    "INSERT INTO web_auth_failures (key, hits, expires_at) VALUES (:key, CAST(:amount AS INTEGER), "
    "CAST(:until AS DOUBLE PRECISION)) ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN web_auth_failures.expires_at <= CAST(:now AS DOUBLE PRECISION) THEN CAST(:amount AS INTEGER) "
    "ELSE web_auth_failures.hits + CAST(:amount AS INTEGER) END, "
    "expires_at = CASE WHEN web_auth_failures.expires_at <= CAST(:now AS DOUBLE PRECISION) "
    "THEN CAST(:until AS DOUBLE PRECISION) ELSE web_auth_failures.expires_at END "
    "RETURNING hits")


class DatabaseStorage(Storage):
    """A fixed-window store for the `limits` library in a table of the system's
    database (`web_auth_failures`): one row per client in its window, incremented in one
    statement, so processes sharing the database count together. Expired rows are
    removed now and then."""

    STORAGE_SCHEME = None  # made with an engine, not from a URI

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self._next_sweep = 0.0
        create_tables(engine, _METADATA)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self.engine.begin() as connection:
            hits = connection.execute(_INCREMENT, {"key": key[:300], "amount": amount, "now": now,
                                                   "until": now + expiry}).scalar_one()
            if now >= self._next_sweep:
                self._next_sweep = now + 60
                connection.execute(delete(_FAILURES).where(_FAILURES.c.expires_at <= now))
        return int(hits)

    def get(self, key: str) -> int:
        with self.engine.connect() as connection:
            row = connection.execute(select(_FAILURES.c.hits, _FAILURES.c.expires_at)
                                     .where(_FAILURES.c.key == key[:300])).first()
        return 0 if row is None or row.expires_at <= time.time() else int(row.hits)

    def get_expiry(self, key: str) -> float:
        with self.engine.connect() as connection:
            expires = connection.execute(select(_FAILURES.c.expires_at)
                                         .where(_FAILURES.c.key == key[:300])).scalar_one_or_none()
        return time.time() if expires is None else float(expires)

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(delete(_FAILURES)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(_FAILURES).where(_FAILURES.c.key == key[:300]))


class AuthFailureLimit:
    """Failed authentications per client address (see the module's text)."""

    def __init__(self, engine: Engine, limit: str | None = None, storage: str | None = None) -> None:
        self.item: RateLimitItem = parse(limit or os.environ.get("GRANTS_AUTH_FAILURE_LIMIT")
                                         or DEFAULT_AUTH_FAILURE_LIMIT)
        named = storage or os.environ.get("GRANTS_RATE_LIMIT_STORAGE")
        self.limiter = FixedWindowRateLimiter(storage_from_string(named) if named else DatabaseStorage(engine))

    def failed(self, client: str) -> int | None:
        """Count one failed authentication of `client`; the seconds it must wait when it
        has now failed more often than the limit allows (answer 429), else None (401)."""
        if self.limiter.hit(self.item, "auth-failure", client):
            return None
        reset = self.limiter.get_window_stats(self.item, "auth-failure", client).reset_time
        return max(1, math.ceil(reset - time.time()))
