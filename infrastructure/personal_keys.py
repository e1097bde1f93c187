"""Personal data sealed in the log, and erased by destroying its key (crypto-shredding).

Every person's data in an event — an application's contact person, the requester of
access, a letter's recipient address — is sealed with AES-GCM under a key of that person's
own, kept in the table `personal_keys` beside the log and never in it. The person is
known by a pseudonym, `person_id_for(email)`. Erasing the person deletes the key: the
sealed bytes stay in the log exactly as they were (the hash chain and replay hold), but
nobody can read them again, and they decode as `domain.privacy.ERASED`. Should the same
person come back later, a new key seals what they send then; the old stays unreadable.

Sealing is deterministic for a given key and text (the nonce is an HMAC of the text),
so encoding an aggregate's state twice gives the same bytes — a rebuilt read model
equals the one it replaces. Keys are cached per process for `CACHE_SECONDS`; an erasure
is seen by every process within that time (and at once by the one that erased)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Column, DateTime, Engine, LargeBinary, MetaData, String, Table, Text, select, update
from sqlalchemy.exc import IntegrityError

from infrastructure.sql import create_tables, reading

#: How long a process trusts the keys it has read.
CACHE_SECONDS: Final = 30.0

_METADATA = MetaData()
KEYS = Table(
    "personal_keys", _METADATA,
    Column("person_id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("key", LargeBinary),  # NULL once erased
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True)),
    Column("reason", Text),
)


class Erased(Exception):
    """The person's key was destroyed: what it sealed can no longer be read."""


class NoKey(Exception):
    """Personal data was to be sealed for a person without a key (a programming error)."""


class PersonalKeys:
    """The keys of the persons whose data the log holds sealed (see the module's text)."""

    def __init__(self, engine_factory: Callable[[], Engine]) -> None:
        self._engine_factory = engine_factory
        self._engine: Engine | None = None
        self._cache: dict[str, tuple[bytes | None, float]] = {}
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The database the keys live in (the log's), its table made on first use."""
        with self._lock:
            if self._engine is None:
                self._engine = self._engine_factory()
                create_tables(self._engine, _METADATA)
            return self._engine

    def create(self) -> None:
        """Make the keys' table, if it is not there yet."""
        _ = self.engine

    def close(self) -> None:
        """Release the database connections."""
        if self._engine is not None:
            self._engine.dispose()

    # -- sealing ----------------------------------------------------------------------
    def seal(self, person_id: str, data: dict[str, Any]) -> str:
        """`data` sealed under the person's key, which `ensure` made before the event
        naming them was saved (`application.base`); `NoKey` otherwise — never stored in
        the clear by mistake."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # here: 40 ms a command need not pay

        key = self.key_of(person_id)
        if key is None:
            raise NoKey(f"person {person_id} has no key: an event naming them was saved without one")
        plain = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        nonce = hmac.new(key, plain, hashlib.sha256).digest()[:12]
        return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plain, person_id.encode())).decode("ascii")

    def open(self, person_id: str, sealed: str) -> dict[str, Any]:
        """What `seal` sealed; `Erased` when the person's key was destroyed."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        key = self.key_of(person_id)
        if key is None:
            raise Erased(person_id)
        raw = base64.b64decode(sealed)
        try:
            plain = AESGCM(key).decrypt(raw[:12], raw[12:], person_id.encode())
        except InvalidTag:
            raise Erased(person_id) from None
        opened: dict[str, Any] = json.loads(plain)
        return opened

    # -- keys -------------------------------------------------------------------------
    def key_of(self, person_id: str) -> bytes | None:
        """The person's key, or None when it was erased (or never made)."""
        cached = self._cache.get(person_id)
        if cached is not None and time.monotonic() - cached[1] < CACHE_SECONDS:
            return cached[0]
        with reading(self.engine) as connection:  # a read: never waits on a writer (a view's batch)
            key = connection.execute(select(KEYS.c.key).where(KEYS.c.person_id == person_id)).scalar()
        self._cache[person_id] = (key, time.monotonic())
        return key

    def ensure(self, person_id: str, kind: str) -> bytes:
        """The person's key, made when they have none (or a new one after an erasure) —
        before an event that names them is saved."""
        key = self.key_of(person_id)
        if key is not None:
            return key
        with self.engine.begin() as connection:  # none yet, or erased: a new key seals what comes now
            row = connection.execute(select(KEYS.c.key).where(KEYS.c.person_id == person_id)).first()
            if row is not None:
                connection.execute(update(KEYS).where(KEYS.c.person_id == person_id, KEYS.c.key.is_(None))
                                   .values(key=os.urandom(32)))
        if row is None:
            try:
                with self.engine.begin() as connection:
                    connection.execute(KEYS.insert().values(person_id=person_id, kind=kind, key=os.urandom(32),
                                                            created_at=datetime.now().astimezone()))
            except IntegrityError:
                pass  # another process made it first: use theirs
        self._cache.pop(person_id, None)
        key = self.key_of(person_id)
        assert key is not None
        return key

    def status(self, person_id: str) -> dict[str, Any] | None:
        """The key's record (kind, made, erased and why), without the key; None when unknown."""
        with reading(self.engine) as connection:
            row = connection.execute(select(KEYS.c.kind, KEYS.c.created_at, KEYS.c.erased_at, KEYS.c.reason)
                                     .where(KEYS.c.person_id == person_id)).first()
        return None if row is None else dict(row._mapping)

    def erase(self, person_id: str, reason: str, at: datetime) -> bool:
        """Destroy the person's key (False when there is none, or it is gone already)."""
        with self.engine.begin() as connection:
            done = connection.execute(update(KEYS).where(KEYS.c.person_id == person_id, KEYS.c.key.is_not(None))
                                      .values(key=None, erased_at=at, reason=reason)).rowcount
        self._cache.pop(person_id, None)
        return bool(done)
