"""`Idempotency-Key`: a repeated write with the same key and body gets the first
response again, and records nothing new.

Keys are scoped to the person (actor id) and remembered with a fingerprint of the
request (method, path, body). The key is reserved before the command runs, so two
copies of one request sent at once never both run: the second answers 409 until the
first has finished. A reservation left by a process that died is taken over after
`abandon_after` seconds. Server errors (5xx) are not remembered: the client may retry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    and_,
    delete,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from readmodels.columns import UtcDateTime
from readmodels.view import create_tables

MAX_KEY_LENGTH = 200
REPLAYED_HEADERS = ("Content-Type", "Location", "X-Log-Position")


@dataclass(frozen=True)
class Remembered:
    """A finished response to replay."""

    status: int
    body: bytes
    headers: dict[str, str]


class KeyInUse(Exception):
    """The key's first request is still running."""


class KeyReused(Exception):
    """The key was used before for a different request."""


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests 'the same request'."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class IdempotencyStore:
    """Reservations and remembered responses, in the read-model database."""

    def __init__(self, engine: Engine, prefix: str = "web_", abandon_after: float = 60.0) -> None:
        self.engine = engine
        self.abandon_after = timedelta(seconds=abandon_after)
        self.metadata = MetaData()
        self.table = Table(
            f"{prefix}idempotency_keys", self.metadata,
            Column("actor_id", String(200), primary_key=True),
            Column("key", String(MAX_KEY_LENGTH), primary_key=True),
            Column("fingerprint", String(64), nullable=False),
            Column("reserved_at", UtcDateTime, nullable=False),
            Column("status", Integer),
            Column("body", LargeBinary),
            Column("headers", JSON),
        )

    def create(self) -> None:
        """Create the table if it does not exist."""
        create_tables(self.engine, self.metadata)

    def begin(self, actor_id: str, key: str, print_: str) -> Remembered | None:
        """Reserve the key for this request (None), or the remembered response of the
        same request. Raises `KeyInUse` or `KeyReused`."""
        now = datetime.now(UTC)
        t = self.table
        for _ in range(3):
            try:
                with self.engine.begin() as connection:
                    connection.execute(t.insert().values(actor_id=actor_id, key=key, fingerprint=print_,
                                                         reserved_at=now))
                return None
            except IntegrityError:
                pass
            with self.engine.begin() as connection:
                row = connection.execute(select(t).where(and_(t.c.actor_id == actor_id, t.c.key == key))).first()
                if row is None:
                    continue  # released meanwhile: try to reserve again
                if row.fingerprint != print_:
                    raise KeyReused(key)
                if row.status is not None:
                    return Remembered(row.status, bytes(row.body), dict(row.headers or {}))
                if now - row.reserved_at < self.abandon_after:
                    raise KeyInUse(key)
                connection.execute(delete(t).where(and_(t.c.actor_id == actor_id, t.c.key == key,
                                                        t.c.status.is_(None))))
        raise KeyInUse(key)

    def finish(self, actor_id: str, key: str, status: int, body: bytes, headers: dict[str, Any]) -> None:
        """Remember the response of a reserved request."""
        t = self.table
        kept = {name: str(headers[name]) for name in REPLAYED_HEADERS if name in headers}
        with self.engine.begin() as connection:
            connection.execute(update(t).where(and_(t.c.actor_id == actor_id, t.c.key == key))
                               .values(status=status, body=body, headers=kept))

    def release(self, actor_id: str, key: str) -> None:
        """Forget a reservation whose request failed on the server's side."""
        t = self.table
        with self.engine.begin() as connection:
            connection.execute(delete(t).where(and_(t.c.actor_id == actor_id, t.c.key == key,
                                                    t.c.status.is_(None))))
