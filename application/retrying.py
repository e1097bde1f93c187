"""Commands that meet a concurrent writer run again: optimistic concurrency, retried."""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from eventsourcing.persistence import RecordConflictError

from domain.errors import ConcurrentChange

T = TypeVar("T")
P = ParamSpec("P")

#: How often a command is retried when another writer changed the same aggregate first.
#: Fifty racers for one pool each lose at most once per winner, so this bounds the wait.
MAX_ATTEMPTS = 60

log = logging.getLogger(__name__)


def retrying(method: Callable[P, T]) -> Callable[P, T]:
    """Run get → command → save again when a concurrent writer got there first.

    Each attempt reloads the aggregates, so the guards see the winner's events; a rule
    that now fails (pool exhausted, already approved) is raised as usual.
    """

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(MAX_ATTEMPTS):
            try:
                return method(*args, **kwargs)
            except RecordConflictError:
                log.info("%s: concurrent change, attempt %d of %d", method.__name__, attempt + 1, MAX_ATTEMPTS)
                time.sleep(random.uniform(0, min(0.05, 0.001 * 2 ** min(attempt, 6))))
        raise ConcurrentChange(f"gave up after {MAX_ATTEMPTS} concurrent changes; try again")

    return wrapper
