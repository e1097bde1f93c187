"""The base of every aggregate: events carry who acted and a class version for upcasting."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate

from domain.values import Actor


class GrantAggregate(Aggregate):
    """An aggregate whose events all record the acting person (`actor`)."""

    class Event(Aggregate.Event):
        """Base of every domain event: records who did it (`actor`)."""

        class_version: ClassVar[int] = 1
        actor: Actor

    class Created(Event, Aggregate.Created):
        """Base of every creation event."""

    def _record(self, event_class: type[Event], at: datetime, actor: Actor, **data: Any) -> None:
        """Trigger `event_class` at time `at` (the service's clock, UTC)."""
        self.trigger_event(event_class, timestamp=at, actor=actor, **data)
