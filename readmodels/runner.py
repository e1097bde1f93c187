"""`Runner`: follows the event log and feeds each view its events, batch by batch.

One read of the log serves every view: the runner reads a batch after the lowest
position among the views that are behind, decodes each event once, and hands every
view the events after its own position in its own transaction (rows + position).
When a view's batch fails, the runner applies that batch to it one event at a time,
so everything before the bad event is kept and the error names the exact position.
With a `FailureLog`, a view that fails stops alone — recorded there, retried after a
back-off and on every start — while the others go on; without one (rebuilds, replays)
the failure is raised.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    Mapper,
    Notification,
    PersistenceError,
)
from sqlalchemy import exc as sa_exc

from domain.base import GrantAggregate
from readmodels.failures import Failure, FailureLog, ProjectionFailed
from readmodels.view import Delivery, View

BATCH_SIZE = 1000
#: Events per batch of a rebuild: an application's state is read and written once per batch,
#: so a larger batch writes each one fewer times (memory stays well under bench's 300 MB).
REBUILD_BATCH_SIZE = 5000
#: Seconds a following runner waits after a look at the log that found less than a batch
#: before it looks again. Under a steady trickle of commands the events gather into larger
#: batches — each batch costs every view a transaction and a read of the rows it changes —
#: and a query waiting for its own write (`X-Min-Position`) waits at most this much longer.
#: In bench.approvals the worker's CPU per approval fell from 1.3–1.5 to 1.0 ms (bench/README.md).
GATHER = 0.05
#: Seconds before a stopped view is tried again (doubling up to the maximum).
RETRY_FAILED_AFTER, MAX_RETRY_FAILED_AFTER = 30.0, 600.0
log = logging.getLogger(__name__)


class Runner:
    """Feeds `views` from an application's log (`recorder`, decoded with `mapper`)."""

    def __init__(self, application_name: str, recorder: ApplicationRecorder, mapper: Mapper[Any],
                 views: Sequence[View], batch_size: int = BATCH_SIZE, failures: FailureLog | None = None) -> None:
        self.application_name, self.recorder, self.mapper = application_name, recorder, mapper
        self.views, self.batch_size, self.failures = list(views), batch_size, failures
        #: Views stopped by this runner: the failure, when to try again, the back-off.
        self.stopped: dict[str, tuple[Failure, float, float]] = {}
        names = {view.name for view in self.views}
        self._recorded = set(failures.all()) & names if failures is not None else set()

    def head(self) -> int:
        """The last position in the log (0 when it is empty)."""
        return self.recorder.max_notification_id() or 0

    def catch_up(self, stop: int | None = None, until: datetime | None = None,
                 interrupt: threading.Event | None = None) -> int:
        """Apply every event up to position `stop` (default: the head as it is now);
        with `until`, skip events recorded after that time; return early, between two
        batches, once `interrupt` is set. Returns how many events were read from the log."""
        head = self.head() if stop is None else stop
        read = 0
        while interrupt is None or not interrupt.is_set():
            active = [view for view in self.views if not self._resting(view)]
            positions = {view: view.max_tracking_id(self.application_name) for view in active}
            behind = [view for view in active if (positions[view] or 0) < head]
            if not behind:
                return read
            start = min(positions[view] or 0 for view in behind)
            topics = _union_of_topics(behind)
            batch = self.recorder.select_notifications(
                start=start, limit=self.batch_size, stop=head, topics=topics, inclusive_of_start=False
            )
            upto = batch[-1].id if len(batch) == self.batch_size else head
            read += len(batch)
            decoded: dict[int, Delivery | Exception | None] = {}
            for view in behind:
                try:
                    self._feed(view, positions[view], batch, upto, decoded, until)
                except ProjectionFailed as failed:
                    if self.failures is None:
                        raise
                    self._stop(view, failed)
        return read

    def _feed(self, view: View, after: int | None, batch: Sequence[Notification], upto: int,
              decoded: dict[int, Delivery | Exception | None], until: datetime | None) -> None:
        """Hand `view` the events of `batch` after its position `after`, up to `upto`."""
        if (after or 0) >= upto:
            return
        wanted = set(view.topics)
        mine = [n for n in batch if n.id > (after or 0) and (not wanted or n.topic in wanted)]
        deliveries: list[Delivery] = []
        for notification in mine:
            try:
                delivery = self._decode(notification, decoded, until)
            except Exception as error:
                if (after or 0) < notification.id - 1:  # keep everything before the unreadable event
                    self._apply(view, deliveries, after, notification.id - 1)
                raise ProjectionFailed(view.name, notification.id, notification.topic, error) from error
            if delivery is not None:
                deliveries.append(delivery)
        self._apply(view, deliveries, after, upto)
        if view.name in self._recorded:  # it got past the event it had stopped at
            self._recorded.discard(view.name)
            self.stopped.pop(view.name, None)
            if self.failures is not None:
                self.failures.clear(view.name)
            log.warning("projection %r goes on past the event it had stopped at", view.name)

    def _resting(self, view: View) -> bool:
        """Whether a stopped view waits before it is tried again."""
        stopped = self.stopped.get(view.name)
        return stopped is not None and time.monotonic() < stopped[1]

    def _stop(self, view: View, failed: ProjectionFailed) -> None:
        """Stop `view` alone: record why, and try it again after a back-off."""
        assert self.failures is not None
        cause = failed.__cause__ or failed
        first_line = (str(cause).strip().splitlines() or [""])[0]
        failure = self.failures.record(view.name, failed.position, failed.topic,
                                       f"{type(cause).__name__}: {first_line}")
        previous = self.stopped.get(view.name)
        wait = min(previous[2] * 2, MAX_RETRY_FAILED_AFTER) if previous else RETRY_FAILED_AFTER
        self.stopped[view.name] = (failure, time.monotonic() + wait, wait)
        self._recorded.add(view.name)
        log.error("%s; the other projections go on (retried in %.0f s)", failure.describe(), wait)

    def run(self, stop: threading.Event, poll_interval: float = 0.2, retry_after: float = 2.0,
            gather: float = GATHER) -> None:
        """Follow the log until `stop` is set, polling when there is nothing new, and
        waiting `gather` seconds after a look that read less than a batch (`GATHER`).

        When the database does not answer (restarted, network gone), wait and try again;
        a view that cannot apply an event stops alone (with a `FailureLog`; without one,
        the `ProjectionFailed` ends the run)."""
        while not stop.is_set():
            try:
                read = self.catch_up(interrupt=stop)
            except (sa_exc.OperationalError, sa_exc.InterfaceError, PersistenceError) as error:
                first_line = (str(error).strip().splitlines() or [""])[0]
                log.warning("the database did not answer (%s); trying again in %.0f s", first_line, retry_after)
                stop.wait(retry_after)
                continue
            if not read:
                stop.wait(poll_interval)
            elif read < self.batch_size and gather > 0:
                stop.wait(gather)

    # -- internals -----------------------------------------------------------------------
    def _decode(self, notification: Notification, decoded: dict[int, Delivery | Exception | None],
                until: datetime | None) -> Delivery | None:
        """The decoded event (each decoded once per batch); None when recorded after `until`."""
        if notification.id not in decoded:
            try:
                event = cast(GrantAggregate.Event, self.mapper.to_domain_event(notification))
            except Exception as error:  # noqa: BLE001 - kept, and raised for every view that reads it
                decoded[notification.id] = error
            else:
                late = until is not None and event.timestamp > until
                decoded[notification.id] = None if late else Delivery(notification.id, notification, event)
        outcome = decoded[notification.id]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _apply(self, view: View, deliveries: list[Delivery], after: int | None, upto: int) -> None:
        try:
            view.apply(self.application_name, deliveries, after, upto)
        except IntegrityError:
            log.info("view %s moved on meanwhile (another runner); reading its position again", view.name)
        except (sa_exc.OperationalError, sa_exc.InterfaceError):
            raise  # the database, not the event: let the caller see it as such
        except Exception:  # noqa: BLE001 - find the event it failed on, and say which
            self._apply_one_by_one(view, deliveries, after, upto)

    def _apply_one_by_one(self, view: View, deliveries: list[Delivery], after: int | None, upto: int) -> None:
        """Find the event the batch failed on, keeping every event before it."""
        for delivery in deliveries:
            try:
                view.apply(self.application_name, [delivery], after, delivery.position)
            except IntegrityError:
                return
            except Exception as error:
                if (after or 0) < delivery.position - 1:  # everything before the bad event is applied
                    view.apply(self.application_name, [], after, delivery.position - 1)
                raise ProjectionFailed(view.name, delivery.position, delivery.notification.topic, error) from error
            after = delivery.position
        try:
            view.apply(self.application_name, [], after, upto)
        except IntegrityError:
            return


def _union_of_topics(views: Sequence[View]) -> list[str]:
    if any(not view.topics for view in views):
        return []
    return sorted({topic for view in views for topic in view.topics})
