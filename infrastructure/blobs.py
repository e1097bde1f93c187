"""File contents kept by their SHA-256 in the system's database (PostgreSQL is the one
shared state; on one machine the SQLite file). A content is stored once however often
it is attached, and every read is checked against its hash."""

from __future__ import annotations

import hashlib

from sqlalchemy import Column, Engine, Integer, LargeBinary, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from domain.errors import GrantsError
from infrastructure.sql import create_tables

_METADATA = MetaData()
BLOBS = Table("attachment_blobs", _METADATA, Column("sha256", String(64), primary_key=True),
              Column("size", Integer, nullable=False), Column("content", LargeBinary, nullable=False))


class DamagedContent(GrantsError):
    """A stored file no longer matches the hash it was stored under."""


class BlobStore:
    """Contents by SHA-256, in the database of `engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine, _METADATA)

    def put(self, content: bytes) -> str:
        """Keep `content` (once); its SHA-256."""
        digest = hashlib.sha256(content).hexdigest()
        try:
            with self.engine.begin() as connection:
                if connection.execute(select(BLOBS.c.sha256).where(BLOBS.c.sha256 == digest)).first() is None:
                    connection.execute(insert(BLOBS), {"sha256": digest, "size": len(content), "content": content})
        except IntegrityError:  # another request stored the same content at the same moment
            pass
        return digest

    def get(self, digest: str) -> bytes | None:
        """The content stored under `digest` (None if none); `DamagedContent` if it no longer matches."""
        with self.engine.connect() as connection:
            content = connection.execute(select(BLOBS.c.content).where(BLOBS.c.sha256 == digest)).scalar_one_or_none()
        if content is None:
            return None
        if hashlib.sha256(content).hexdigest() != digest:
            raise DamagedContent(f"the stored file {digest} does not match its hash")
        return bytes(content)
