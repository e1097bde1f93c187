"""The audit trail's hash chain.

Row n's hash is SHA-256 over row n−1's hash (32 bytes; 32 zero bytes before the first
row) followed by the canonical encoding of the stored event at position n:

    b"<position>\\n<originator id>\\n<originator version>\\n<topic>\\n" + <stored state bytes>

The stored state is hashed exactly as the store holds it, so changing one byte of it,
moving an event to another position, or removing one changes every hash from there
on. The head, `POSITION:HASH`, is a digest an auditor can write down and check later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from eventsourcing.persistence import Notification

GENESIS = "0" * 64


def canonical(notification: Notification) -> bytes:
    """The stored event at its position, as the bytes the chain hashes."""
    header = (
        f"{notification.id}\n{notification.originator_id}\n{notification.originator_version}\n"
        f"{notification.topic}\n"
    )
    return header.encode("utf-8") + bytes(notification.state)


def link(previous: str, notification: Notification) -> str:
    """The hash of the row for `notification`, after a row whose hash is `previous`."""
    return hashlib.sha256(bytes.fromhex(previous) + canonical(notification)).hexdigest()


@dataclass(frozen=True)
class Digest:
    """The head of the chain: the last position and its hash."""

    position: int
    hash: str

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Digest:
        """Read `POSITION:HASH`; ValueError if it is not one."""
        position, separator, digest = text.strip().partition(":")
        if not separator or not position.isdigit() or len(digest) != 64:
            raise ValueError(f"{text!r} is not a digest: expected POSITION:HASH (64 hex digits)")
        try:
            bytes.fromhex(digest)
        except ValueError:
            raise ValueError(f"{text!r} is not a digest: the hash must be 64 hex digits") from None
        return cls(int(position), digest.lower())
