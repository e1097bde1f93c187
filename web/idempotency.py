"""`Idempotency-Key`: a repeated write with the same key and body gets the first
response again, and records nothing new.

What decides is the event log: the command's events carry the key (see
`domain.base.CommandKey`), and a creation's id follows from caller and key, so any
retry — after a crash, a timeout, a 5xx or a full disk — finds the key in the log and
answers the first outcome. This module only caches finished responses (by person,
key and a fingerprint of method, path and body) so that a repeat is answered byte for
byte without running the command; a response that could not be cached costs nothing
but a second look in the log. Server errors (5xx) are never cached.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import g
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
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from domain.base import CommandKey
from infrastructure.sql import create_tables
from readmodels.columns import UtcDateTime

MAX_KEY_LENGTH = 200
REPLAYED_HEADERS = ("Content-Type", "Location", "X-Log-Position")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Remembered:
    """A finished response to replay."""

    status: int
    body: bytes
    headers: dict[str, str]


class KeyReused(Exception):
    """The key was used before for a different request."""


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests 'the same request'."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def command_key() -> CommandKey | None:
    """The current request's key and fingerprint, for the command to record."""
    key: CommandKey | None = g.get("command_key")
    return key


class IdempotencyStore:
    """Finished responses, in the read-model database (a cache: the log decides)."""

    def __init__(self, engine: Engine, prefix: str = "web_") -> None:
        self.engine = engine
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

    def remembered(self, actor_id: str, key: str, print_: str) -> Remembered | None:
        """The cached response of this request, if any. Raises `KeyReused`."""
        t = self.table
        with self.engine.connect() as connection:
            row = connection.execute(select(t).where(and_(t.c.actor_id == actor_id, t.c.key == key))).first()
        if row is None or row.status is None:
            return None
        if row.fingerprint != print_:
            raise KeyReused(key)
        return Remembered(row.status, bytes(row.body), dict(row.headers or {}))

    def remember(self, actor_id: str, key: str, print_: str, status: int, body: bytes,
                 headers: dict[str, Any]) -> None:
        """Cache a finished response; a failure to cache is logged, never raised."""
        kept = {name: str(headers[name]) for name in REPLAYED_HEADERS if name in headers}
        try:
            with self.engine.begin() as connection:
                connection.execute(self.table.insert().values(
                    actor_id=actor_id, key=key, fingerprint=print_, reserved_at=datetime.now(UTC),
                    status=status, body=body, headers=kept))
        except IntegrityError:
            pass  # a concurrent copy cached the same answer first
        except SQLAlchemyError as error:
            log.warning("could not cache the answer to Idempotency-Key %r: %s", key, error)

    def forget_mentioning(self, texts: set[str]) -> int:
        """Drop every cached answer whose body holds one of `texts` (as written, or as JSON
        escapes it) — after an erasure; a repeat then finds its answer in the log, which
        holds the data sealed. How many were dropped."""
        needles = {t.encode() for t in texts if t} | {json.dumps(t)[1:-1].encode() for t in texts if t}
        with self.engine.begin() as connection:
            found = [(row.actor_id, row.key) for row in connection.execute(
                select(self.table.c.actor_id, self.table.c.key, self.table.c.body))
                if row.body is not None and any(n in bytes(row.body) for n in needles)]
            for actor_id, key in found:
                connection.execute(self.table.delete().where(and_(self.table.c.actor_id == actor_id,
                                                                  self.table.c.key == key)))
        return len(found)
