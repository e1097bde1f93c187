"""`AggregateCache`: aggregates read from their events, kept in a process until the log
shows a newer event of theirs — every request asks who its token is, and the answer
changes only when the token's or its person's events do.

Freshness is the log's: a caller first moves the cache to the head of the log it has
just read (`advance`), which drops every aggregate that an event since the last head
touched. Notification ids commit in order on both stores (SQLite writes one at a time;
the PostgreSQL recorder locks the table), so no event is skipped. A revocation recorded
before a request read the head is therefore seen by that request, in every process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

#: How many aggregates one process keeps (least recently used go first).
MAX_ENTRIES = 4096
#: Events read per query when the cache catches up with the log.
SCAN_BATCH = 1000
#: Past this many new events the cache is emptied rather than scanned.
MAX_SCAN = 20_000


class AggregateCache:
    """Aggregates by id (None: no events), loaded by `load`, dropped when their events change."""

    def __init__(self, recorder: ApplicationRecorder, load: Callable[[UUID], object | None],
                 max_entries: int = MAX_ENTRIES) -> None:
        self._recorder = recorder
        self._load = load
        self._max = max_entries
        self._entries: OrderedDict[UUID, object | None] = OrderedDict()
        self._seen = 0  # every event up to here has been applied to the entries
        self._lock = threading.Lock()  # guards _entries and _seen
        self._scanning = threading.Lock()  # one thread reads the log at a time

    @property
    def seen(self) -> int:
        """The log position the cache is fresh as of."""
        return self._seen

    def get(self, aggregate_id: UUID, head: int) -> object | None:
        """The aggregate as of at least `head` (None when it has no events)."""
        self.advance(head)
        with self._lock:
            if aggregate_id in self._entries:
                self._entries.move_to_end(aggregate_id)
                return self._entries[aggregate_id]
            seen = self._seen
        found = self._load(aggregate_id)
        with self._lock:
            # Keep it only if no scan has passed meanwhile: a scan that began later drops it
            # if an event touched it; one that already passed might have missed it.
            if self._seen == seen:
                self._entries[aggregate_id] = found
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
        return found

    def advance(self, head: int) -> None:
        """Drop every aggregate that an event after the last head and up to `head` touched."""
        if head <= self._seen:
            return
        with self._scanning:
            with self._lock:
                start = self._seen
                if head <= start:
                    return
                if not self._entries:
                    self._seen = head
                    return
            touched = self._touched(start, head)
            with self._lock:
                if touched is None:
                    self._entries.clear()
                else:
                    for originator_id in touched:
                        self._entries.pop(originator_id, None)
                self._seen = head

    def _touched(self, start: int, head: int) -> set[UUID] | None:
        """The originators of the events in (start, head]; None when there are too many."""
        if head - start > MAX_SCAN:
            return None
        touched: set[UUID] = set()
        while start < head:
            batch = self._recorder.select_notifications(start=start, limit=SCAN_BATCH, stop=head,
                                                        inclusive_of_start=False)
            if not batch:
                break
            touched.update(n.originator_id for n in batch)  # type: ignore[misc]
            start = batch[-1].id
        return touched
