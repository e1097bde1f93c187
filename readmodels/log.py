"""Reading the event log in global order, in batches, with bounded memory."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from eventsourcing.persistence import ApplicationRecorder, Notification

BATCH_SIZE = 1000


def notifications(recorder: ApplicationRecorder, after: int | None = None, topics: Sequence[str] = (),
                  batch_size: int = BATCH_SIZE, stop: int | None = None) -> Iterator[Notification]:
    """Every stored event after position `after` (all when None) up to `stop` (the end
    when None), oldest first.

    Reads `batch_size` rows at a time, so memory stays bounded however long the log.
    `topics` limits the events to those types (the library's topic strings)."""
    position = after
    while True:
        batch = recorder.select_notifications(start=position, limit=batch_size, stop=stop, topics=topics,
                                              inclusive_of_start=position is None)
        yield from batch
        if len(batch) < batch_size:
            return
        position = batch[-1].id
