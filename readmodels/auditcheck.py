"""Checking the audit trail's hash chain against the event store (and a digest).

The chain is recomputed from the stored events and compared, position by position,
with the audit rows; the first position where the store, the audit trail or a digest
written down earlier disagree is reported, with what disagrees there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Notification

from infrastructure.sql import reading
from readmodels.audit import AuditView
from readmodels.hashchain import GENESIS, Digest, link
from readmodels.log import notifications
from readmodels.queries import audit_rows
from readmodels.service import ReadModels


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a check: ok, how many stored events were hashed, and where it broke."""

    ok: bool
    events_checked: int
    first_bad_position: int | None
    reason: str | None
    audited_to: int
    head: Digest | None


class _Broken(Exception):
    def __init__(self, position: int, reason: str) -> None:
        self.position, self.reason = position, reason


def verify_chain(models: ReadModels, digest: Digest | None = None) -> ChainReport:
    """Recompute the chain from the store and compare it with the audit trail and `digest`."""
    view = models.view("audit")
    assert isinstance(view, AuditView)
    with reading(models.engine, snapshot=True) as connection:
        audited_to = view.position(connection, models.app.name) or 0
        limit = max(audited_to, digest.position if digest else 0)
        stored = notifications(models.app.recorder, stop=limit, batch_size=5000)
        audited = iter(audit_rows(connection, view, audited_to))
        walk = _Walk(digest)
        try:
            walk.run(stored, audited, audited_to)
        except _Broken as broken:
            return ChainReport(False, walk.checked, broken.position, broken.reason, audited_to, walk.head())
    return ChainReport(True, walk.checked, None, None, audited_to, walk.head())


class _Walk:
    def __init__(self, digest: Digest | None) -> None:
        self.digest, self.previous, self.position, self.checked = digest, GENESIS, 0, 0

    def head(self) -> Digest | None:
        return Digest(self.position, self.previous) if self.position else None

    def run(self, stored: Iterator[Notification], audited: Iterator[Any], audited_to: int) -> None:
        event, row = next(stored, None), next(audited, None)
        while event is not None or row is not None:
            if row is not None and (event is None or row.position < event.id):
                self._check_digest(row.position)
                raise _Broken(row.position, "the audit trail records an event the store no longer holds")
            assert event is not None
            self._check_digest(event.id)
            self._hash(event)
            if row is None or event.id < row.position:
                if event.id <= audited_to:
                    raise _Broken(event.id, "the store holds an event the audit trail never recorded")
            elif self.previous != row.hash:
                raise _Broken(event.id, "the stored event differs from the one the audit trail recorded")
            else:
                row = next(audited, None)
            event = next(stored, None)
        if self.digest is not None and self.position < self.digest.position:
            raise _Broken(self.digest.position, f"the store ends at position {self.position}, before the digest")

    def _hash(self, event: Notification) -> None:
        self.previous, self.position = link(self.previous, event), event.id
        self.checked += 1
        if self.digest is not None and event.id == self.digest.position and self.previous != self.digest.hash:
            raise _Broken(event.id, "the chain up to here differs from the digest taken earlier")

    def _check_digest(self, next_position: int) -> None:
        """The digest's position was skipped: the event there is gone."""
        if self.digest is not None and self.position < self.digest.position < next_position:
            raise _Broken(self.digest.position, "the event at the digest's position is gone from the store")
