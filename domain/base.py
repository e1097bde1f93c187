"""The base of every aggregate: events carry who acted, the request that asked for them
(an `Idempotency-Key`), and a class version for upcasting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Final
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import RequestKeyReused
from domain.values import Actor

_KEYED_IDS: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:idempotency-key")
#: The aggregate whose command is being carried out for a request, and that request
#: (`GrantAggregate.answering`): its events, and only its, carry the request.
_ANSWERING: ContextVar[tuple[UUID, CommandKey | None] | None] = ContextVar("answering", default=None)


@dataclass(frozen=True)
class CommandKey:
    """A client's `Idempotency-Key` for one command, and the fingerprint of the request
    it came with. The event that carries out the command records it, in the same atomic
    save, so the log itself knows which requests were answered (exactly once)."""

    key: str
    fingerprint: str


def keyed_id(kind: str, actor: Actor, key: str) -> UUID:
    """The id of an aggregate created by `actor`'s request with `key`: a retry of the
    creation targets the same id, so the store refuses a second one."""
    return uuid5(_KEYED_IDS, f"{kind}\n{actor.id}\n{key}")


class GrantAggregate(Aggregate):
    """An aggregate whose events all record the acting person (`actor`), and the
    requests (by actor and key) whose commands it carried out."""

    class Event(Aggregate.Event):
        """Base of every domain event: records who did it (`actor`) and, when the client
        gave an `Idempotency-Key`, the request (`request`)."""

        class_version: ClassVar[int] = 1
        actor: Actor
        request: CommandKey | None = field(default=None, kw_only=True)

        def mutate(self, aggregate: Any) -> Any:
            aggregate = super().mutate(aggregate)
            if self.request is not None and aggregate is not None:
                aggregate.remember_request(self.actor.id, self.request, self.originator_version)
            return aggregate

    class Created(Event, Aggregate.Created):
        """Base of every creation event."""

    #: The requests (by actor and key) whose commands the aggregate carried out: key →
    #: [fingerprint, version]. Every aggregate starts with none (`__base_init__`);
    #: snapshots from before it was kept are upcast (`FundingPool`, `ReferenceSeries`).
    answered_requests: dict[str, dict[str, list[Any]]]

    def __base_init__(self, originator_id: Any, originator_version: int, timestamp: datetime) -> None:
        super().__base_init__(originator_id, originator_version, timestamp)
        self.answered_requests = {}

    def _record(self, event_class: type[Event], at: datetime, actor: Actor, **data: Any) -> None:
        """Trigger `event_class` at time `at` (the service's clock, UTC), carrying the
        request being answered (see `answering`)."""
        answering = _ANSWERING.get()
        request = answering[1] if answering is not None and answering[0] == self.id else None
        self.trigger_event(event_class, timestamp=at, actor=actor, request=request, **data)

    @contextmanager
    def answering(self, request: CommandKey | None) -> Iterator[None]:
        """Within the block, the events this aggregate records carry `request`."""
        token = _ANSWERING.set((self.id, request))
        try:
            yield
        finally:
            _ANSWERING.reset(token)

    def remember_request(self, actor_id: str, request: CommandKey, version: int) -> None:
        """Note that `request` of `actor_id` was carried out at `version`."""
        self.answered_requests.setdefault(actor_id, {})[request.key] = [request.fingerprint, version]

    def answered_at(self, actor_id: str, request: CommandKey | None) -> int | None:
        """The version at which this request was carried out, or None if it never was.
        `RequestKeyReused` when the key was used for a different request."""
        if request is None:
            return None
        answered = self.answered_requests.get(actor_id, {}).get(request.key)
        if answered is None:
            return None
        if answered[0] != request.fingerprint:
            raise RequestKeyReused("Idempotency-Key", "was used for another request")
        return int(answered[1])
