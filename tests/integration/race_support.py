"""Helpers for the race tests: set up prioritised applications, count stored events by type."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.utils import get_topic

from application.service import Grants
from readmodels.log import notifications

T = TypeVar("T")


def count_events(grants: Grants, event_class: type[Any], originator_ids: set[UUID] | None = None) -> int:
    """How many events of `event_class` the store holds (for the given aggregates)."""
    rows = notifications(grants.recorder, topics=[get_topic(event_class)])
    return sum(1 for r in rows if originator_ids is None or UUID(str(r.originator_id)) in originator_ids)


def race(calls: Sequence[Callable[[], T]]) -> list[T | Exception]:
    """Run every call in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T | Exception:
        barrier.wait()
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - the test inspects each outcome
            return error

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


AMOUNT = Decimal(100000)
