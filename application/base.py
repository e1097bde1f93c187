"""The event-sourced application's plumbing: store, clock, loading, saving, retrying."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, ParamSpec, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.application import Application as EventSourcedApplication
from eventsourcing.persistence import JSONTranscoder, Recording

from domain.application import Application
from domain.base import CommandKey, GrantAggregate, keyed_id
from domain.body import Body
from domain.disclosure import AccessRequest
from domain.errors import InvalidInput, NotFound, RequestKeyReused, StaleVersion
from domain.pool import FundingPool
from domain.privacy import CONTACT, REQUESTER, persons_in
from domain.references import ReferenceSeries
from domain.round import Round
from domain.values import Actor
from infrastructure import transcodings
from infrastructure.config import ConfigurationError, database_url, eventsourcing_env, schema_lock
from infrastructure.personal_keys import PersonalKeys
from infrastructure.sql import engine_for

T = TypeVar("T")
A = TypeVar("A")
P = ParamSpec("P")

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    """The current time in UTC (the default clock)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a command returns: the aggregate as it now stands, and the last log position it
    wrote (None when a repeated request wrote nothing)."""

    value: T
    position: int | None
    created: bool = True
    #: The request's key was answered before: `value` is the aggregate as that first
    #: answer left it, and nothing was recorded now.
    replayed: bool = False


#: Set while a command is tried out (`trying_out`): saving is where it stops.
_TRYING: ContextVar[bool] = ContextVar("trying_out", default=False)


def is_trying_out() -> bool:
    """Whether a command is being tried out (`trying_out`): it will not be saved."""
    return _TRYING.get()


class WouldSave(Exception):
    """Raised instead of saving while a command is tried out: every check passed, and
    this is what would now be recorded. Never leaves `trying_out`."""


@contextmanager
def trying_out() -> Iterator[None]:
    """Run a use case inside this to see whether the domain would accept it: its checks
    run on the aggregates as loaded, and nothing is saved (the aggregates read are
    copies, so nothing of the attempt stays in memory either). A refusal is raised as
    usual; getting as far as saving ends the block quietly."""
    token = _TRYING.set(True)
    try:
        yield
    except WouldSave:
        pass
    finally:
        _TRYING.reset(token)


#: Set for the length of `reading_once`: what its commands only consult, by key.
_READ_ONCE: ContextVar[dict[tuple[str, str], Any] | None] = ContextVar("read_once", default=None)


@contextmanager
def reading_once() -> Iterator[None]:
    """Inside, the aggregates a use case only consults (`read_round`, `deciding_body`)
    are fetched once and the same answer given to every command of the block. A pool's
    turn (`application.changes.PoolTurns`) runs its commands at one moment and records
    them in one save: they see one state of what they consult, as they see one state of
    the pool — and the turn, which another process's save may overtake, is not made
    longer by a round trip per command."""
    token = _READ_ONCE.set({})
    try:
        yield
    finally:
        _READ_ONCE.reset(token)


def _consulted(kind: str, key: str, fetch: Callable[[], T]) -> T:
    """`fetch()`, or inside `reading_once` the answer it gave there before."""
    memo = _READ_ONCE.get()
    if memo is None:
        return fetch()
    if (kind, key) not in memo:
        memo[kind, key] = fetch()
    return cast(T, memo[kind, key])


class GrantsBase(EventSourcedApplication[UUID]):
    """An eventsourcing `Application` configured from a database URL, with a clock."""

    name = "grants"
    #: Aggregates that every command of a kind loads grow long: a pool takes an event per
    #: grant and payment, the year's reference series one per submission. A snapshot every
    #: 50 events keeps loading them constant-time (see bench/README.md).
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {FundingPool: 50, ReferenceSeries: 50}
    #: Aggregates kept per process by the library's repository: a get reads only the events
    #: recorded since (fast-forward, one query) and hands out a deep copy, so it is as fresh
    #: as a load from the snapshot and a command can never change the kept one. An
    #: approval then takes 1.8 ms instead of 3.1 (bench/README.md). GRANTS_AGGREGATE_CACHE
    #: sets how many (0: none).
    AGGREGATE_CACHE_SIZE: ClassVar[int] = 1000

    def __init__(self, url: str | None = None, clock: Callable[[], datetime] = utc_now,
                 env: Mapping[str, str] | None = None) -> None:
        self.database_url = url or database_url()
        #: The deciding bodies this process has found registered (`deciding_body`).
        self._bodies_found: set[UUID] = set()
        #: Persons' keys: their data in events is sealed under them (`infrastructure.personal_keys`).
        self.personal_keys = PersonalKeys(lambda: engine_for(self.database_url))
        settings = eventsourcing_env(self.database_url)
        cache = os.environ.get("GRANTS_AGGREGATE_CACHE", str(self.AGGREGATE_CACHE_SIZE)).strip()
        if not cache.isdigit():
            raise ConfigurationError(f"GRANTS_AGGREGATE_CACHE={cache!r}: give a whole number (0: no cache)")
        if int(cache):
            settings.update(AGGREGATE_CACHE_MAXSIZE=cache, AGGREGATE_CACHE_FASTFORWARD="y")
        settings.update(env or {})
        with schema_lock(settings):
            super().__init__(env=settings)
        self.personal_keys.create()  # now, not first inside a read model's transaction
        self.clock = clock

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder, self.personal_keys)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Save as the library does, after giving every person the new events name a key
        of their own, so their data is sealed (`domain.privacy`)."""
        for obj in objs:
            events = getattr(obj, "_pending_events", None) or ([obj] if isinstance(obj, GrantAggregate.Event) else [])
            for event in events:
                kind = REQUESTER if isinstance(event, AccessRequest.Requested) else CONTACT
                for person_id, found in persons_in(list(vars(event).values()), kind):
                    self.personal_keys.ensure(person_id, found)
        return super().save(*objs, **kwargs)

    def close(self) -> None:
        """Release the store's and the keys' database connections."""
        super().close()
        self.personal_keys.close()

    def now(self) -> datetime:
        """The clock's current time, as UTC."""
        return self.clock().astimezone(UTC)

    def get_pool(self, pool_id: UUID | str, version: int | None = None,
                 as_of: datetime | None = None) -> FundingPool:
        """A pool as it stands, or as it stood at a version or a moment."""
        return self._get_as_of(FundingPool, pool_id, "pool", version, as_of)

    def deciding_body(self, owner_id: str) -> Body | None:
        """The owner's deciding body, or None when it has registered none."""
        return _consulted("body", owner_id, lambda: self._deciding_body(owner_id))

    def _deciding_body(self, owner_id: str) -> Body | None:
        body_id = Body.id_for(owner_id)
        if body_id not in self._bodies_found:
            # One query for an owner without a body, as most are: the repository would ask
            # for a snapshot first and then for the events, in every turn of approvals.
            # A body once registered stays, so a process remembers the ones it has found.
            if not self.recorder.select_events(body_id, limit=1):
                return None
            self._bodies_found.add(body_id)
        try:
            found: Any = self.repository.get(body_id, deepcopy_from_cache=False)  # only read
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Body) else None

    def decides_in_meetings(self, pool: FundingPool) -> bool:
        """Whether the pool's owner takes its decisions in its body's meetings."""
        return self.deciding_body(pool.owner.id) is not None

    def get_round(self, round_id: UUID | str, version: int | None = None) -> Round:
        """A round as it stands (or at a version)."""
        return self._get(Round, round_id, "round", version)

    def read_pool(self, pool_id: UUID | str) -> FundingPool:
        """A pool as it stands, to be read and never changed (see `read_round`)."""
        return self._get(FundingPool, pool_id, "pool", copy=False)

    def read_round(self, round_id: UUID | str) -> Round:
        """A round as it stands, to be read and never changed: the process's cached
        aggregate itself, not a copy of it (a command that only consults the round's
        terms need not pay for copying it)."""
        return _consulted("round", str(round_id), lambda: self._get(Round, round_id, "round", copy=False))

    def get_application(self, application_id: UUID | str, version: int | None = None,
                        as_of: datetime | None = None, expected_version: int | None = None) -> Application:
        """An application as it stands, or as it stood at a version or a moment.

        With `expected_version` (a client's If-Match), raise `StaleVersion` unless the
        application is still at that version."""
        application = self._get_as_of(Application, application_id, "application", version, as_of)
        check_version(application.reference, application.version, expected_version)
        return application

    def _get(self, kind: type[A], aggregate_id: UUID | str, label: str,
             version: int | None = None, copy: bool = True) -> A:
        try:
            aggregate: object = self.repository.get(_as_uuid(aggregate_id, label), version=version,
                                                    deepcopy_from_cache=copy)
        except AggregateNotFoundError:
            raise NotFound(f"no {label} with id {aggregate_id}") from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"no {label} with id {aggregate_id}")
        return aggregate

    def _get_as_of(self, kind: type[A], aggregate_id: UUID | str, label: str,
                   version: int | None, as_of: datetime | None) -> A:
        if as_of is not None:
            if as_of.tzinfo is None:
                raise InvalidInput("as_of", "must include a time zone offset")
            version = self._version_at(_as_uuid(aggregate_id, label), as_of)
            if version is None:
                raise NotFound(f"no {label} with id {aggregate_id} existed at {as_of.isoformat()}")
        return self._get(kind, aggregate_id, label, version)

    def _version_at(self, aggregate_id: UUID, as_of: datetime) -> int | None:
        """The aggregate's version as it stood at `as_of` (None if it did not exist yet)."""
        version = None
        for event in self.events.get(aggregate_id):
            if cast(GrantAggregate.Event, event).timestamp > as_of:
                break
            version = event.originator_version
        return version

    def _first_outcome(self, aggregate: GrantAggregate, actor: Actor,
                       request: CommandKey | None) -> Outcome[Any] | None:
        """When the aggregate's own history shows `request` carried out: the aggregate as
        it stood right after, as a replayed outcome. None when the request is new."""
        version = aggregate.answered_at(actor.id, request)
        if version is None:
            return None
        return Outcome(self.repository.get(aggregate.id, version=version), None, replayed=True)

    def _replayed_or_checked(self, aggregate: GrantAggregate, label: str, actor: Actor,
                             request: CommandKey | None, expected_version: int | None) -> Outcome[Any] | None:
        """The first outcome of a request carried out before; otherwise None, once the
        client's If-Match (`expected_version`) is known to hold (a retry's If-Match is
        of the version before its first outcome, so it is not checked then)."""
        first = self._first_outcome(aggregate, actor, request)
        if first is None:
            check_version(label, aggregate.version, expected_version)
        return first

    def _keyed_creation(self, kind: type[A], actor: Actor,
                        request: CommandKey | None) -> tuple[UUID | None, Outcome[A] | None]:
        """For a creation: the id its request key decides (None without a key), and the
        first outcome if a creation with that key was carried out before."""
        if request is None:
            return None, None
        aggregate_id = keyed_id(kind.__name__, actor, request.key)
        try:
            aggregate: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return aggregate_id, None
        first = None
        if isinstance(aggregate, kind) and isinstance(aggregate, GrantAggregate):
            first = self._first_outcome(aggregate, actor, request)
        if first is None:
            raise RequestKeyReused("Idempotency-Key", "was used for another request")
        return aggregate_id, first

    def _save(self, *aggregates: Any) -> int:
        """Save the aggregates' new events atomically; return the last log position
        (inside `trying_out`, `WouldSave` instead)."""
        if _TRYING.get():
            raise WouldSave
        recordings = self.save(*aggregates)
        return max(r.notification.id for r in recordings)


def check_version(reference: str, version: int, expected_version: int | None) -> None:
    """Raise `StaleVersion` when a client's expected version (If-Match) is not the one read."""
    if expected_version is not None and version != expected_version:
        raise StaleVersion(f"{reference} is at version {version}, not {expected_version}")


def _as_uuid(value: UUID | str, label: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise NotFound(f"no {label} with id {value}") from None
