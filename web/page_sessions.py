"""Server-side sessions of the pages. The cookie carries only a random session id (its
SHA-256 is what is stored); the session names who acts — a token's record, or a person
and the membership they chose — and ends at logout, after `IDLE` without a request, or
`ABSOLUTE` after login, whichever comes first. Every request reads the person (or
token) anew, so a revoked membership or token ends its sessions at once."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, Final

from sqlalchemy import Column, Engine, MetaData, String, Table, update

from application.base import utc_now
from infrastructure.kept_connection import KeptConnection
from infrastructure.sql import create_tables
from readmodels.columns import UtcDateTime

#: A session ends after this long without a request …
IDLE: Final = timedelta(minutes=30)
#: … and this long after login, however busy.
ABSOLUTE: Final = timedelta(hours=8)
#: How stale `seen_at` may be before a request writes it anew (one write a minute, not one a request).
TOUCH_EVERY: Final = timedelta(minutes=1)


@dataclass(frozen=True)
class PageSession:
    """Who a live session acts for: a token's record, or a person in one membership."""

    token_ref: str | None
    person_id: str | None
    membership_id: str | None


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class PageSessions:
    """The sessions, in the read-model database (a table of the web, not of the log)."""

    def __init__(self, engine: Engine, prefix: str = "web_") -> None:
        self.engine = engine
        self._lookups = KeptConnection(engine)
        self.metadata = MetaData()
        self.table = Table(
            f"{prefix}page_sessions", self.metadata,
            Column("id_hash", String(64), primary_key=True),
            Column("token_ref", String(36)),
            Column("person_id", String(36)),
            Column("membership_id", String(64)),
            Column("created_at", UtcDateTime, nullable=False),
            Column("seen_at", UtcDateTime, nullable=False),
            Column("ended_at", UtcDateTime),
        )

    def create(self) -> None:
        """Create the table if it does not exist."""
        create_tables(self.engine, self.metadata)

    def start(self, acting: PageSession) -> str:
        """A new session; returns its id (for the cookie, never stored)."""
        session_id, now = secrets.token_urlsafe(32), utc_now()
        with self.engine.begin() as connection:
            connection.execute(self.table.insert().values(
                id_hash=_hash(session_id), token_ref=acting.token_ref, person_id=acting.person_id,
                membership_id=acting.membership_id, created_at=now, seen_at=now))
        return session_id

    def find(self, session_id: str | None) -> PageSession | None:
        """The live session with this id (None when unknown, ended or timed out)."""
        if session_id is None or (asked := self.lookup(session_id)) is None:
            return None
        return self.live(session_id, self._lookups.rows(*asked))

    def lookup(self, session_id: str) -> tuple[str, tuple[str]] | None:
        """The statement (SQL, parameters) that finds the session with this id, for a
        caller that asks it together with others; None for an id no session has."""
        if not session_id or len(session_id) > 100:
            return None
        return self._find_sql, (_hash(session_id),)

    def live(self, session_id: str, rows: list[tuple[Any, ...]]) -> PageSession | None:
        """The live session among the `rows` its `lookup` answered (None when there is
        none, or it ended or timed out); notes that it was seen, once a minute."""
        if not rows:
            return None
        now = utc_now()
        token_ref, person_id, membership_id, *times = rows[0]
        created_at, seen_at, ended_at = (read(value) for read, value in zip(self._times, times, strict=True))
        if ended_at is not None or now - seen_at > IDLE or now - created_at > ABSOLUTE:
            return None
        if now - seen_at > TOUCH_EVERY:
            self._set(session_id, seen_at=now)
        return PageSession(token_ref, person_id, membership_id)

    @cached_property
    def _find_sql(self) -> str:
        """The lookup of every request, rendered once for the kept connection."""
        quote, t = self.engine.dialect.identifier_preparer.quote, self.table
        return (f"SELECT token_ref, person_id, membership_id, created_at, seen_at, ended_at FROM {quote(t.name)} "
                f"WHERE id_hash = {self._lookups.placeholder}")

    @cached_property
    def _times(self) -> tuple[Callable[[Any], Any], ...]:
        """How the database's answers for created_at, seen_at and ended_at are read (as the table's type reads them)."""
        dialect, t = self.engine.dialect, self.table
        processors = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                      for column in (t.c.created_at, t.c.seen_at, t.c.ended_at)]
        return tuple(processor or (lambda value: value) for processor in processors)

    def close(self) -> None:
        """Close the connection kept for lookups."""
        self._lookups.close()

    def choose(self, session_id: str, membership_id: str) -> None:
        """Act in another of the person's memberships from now on."""
        self._set(session_id, membership_id=membership_id)

    def end(self, session_id: str | None) -> None:
        """End the session: its cookie no longer works."""
        if session_id:
            self._set(session_id, ended_at=utc_now())

    def _set(self, session_id: str, **values: datetime | str) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(self.table).where(self.table.c.id_hash == _hash(session_id)).values(**values))
