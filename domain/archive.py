"""The archive's record of its extractions: each Noark 5 extraction taken (the period, and
the SHA-256 of its `arkivuttrekk.xml`, which lists every file's checksum). The archive
duty is met for what lies in a period extracted (`domain.privacy` reads it before an
erasure)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import GrantAggregate
from domain.errors import InvalidInput
from domain.values import Actor

ARCHIVE_ID: Final[UUID] = uuid5(NAMESPACE_URL, "urn:tilskudd:archive")


class Archive(GrantAggregate):
    """The extractions taken, oldest first (one aggregate for the system)."""

    class Started(GrantAggregate.Created):
        def apply(self, archive: Archive) -> None:
            archive.extractions = ()

    class Extracted(GrantAggregate.Event):
        start: date
        end: date
        digest: str

        def apply(self, archive: Archive) -> None:
            archive.extractions = (*archive.extractions, (self.start, self.end, self.digest))

    extractions: tuple[tuple[date, date, str], ...]

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @classmethod
    def start(cls, actor: Actor, at: datetime) -> Archive:
        """The archive's record, before its first extraction."""
        return cls._create(cls.Started, id=ARCHIVE_ID, timestamp=at, actor=actor)

    def record_extraction(self, start: date, end: date, digest: str, actor: Actor, at: datetime) -> None:
        """Note an extraction of the period `start`–`end` with its description's SHA-256."""
        if end < start or len(digest) != 64:
            raise InvalidInput("period", "an extraction covers a period and has its description's SHA-256")
        self._record(self.Extracted, at, actor, start=start, end=end, digest=digest)

    @property
    def archived_to(self) -> date | None:
        """The last day of the latest period extracted (None before the first extraction)."""
        return max((end for _, end, _ in self.extractions), default=None)
