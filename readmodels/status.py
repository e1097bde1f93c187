"""How far each view has read, how far it trails the log, and why it stopped — read with
SQLAlchemy alone, so that `grants projections status` answers without loading the
domain or the event store (`status_of`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import MetaData
from sqlalchemy.exc import DBAPIError

from infrastructure.config import APPLICATION_NAME, StoreUnavailable, eventsourcing_env
from infrastructure.sql import engine_for
from readmodels.failures import Failure, FailureLog
from readmodels.positions import PositionReader, Positions, head_of, positions_statement, tracking_table

#: Every view, in the order status lists them.
VIEW_NAMES: tuple[str, ...] = ("budget", "applications", "outstanding", "audit", "journal")


@dataclass(frozen=True)
class ViewStatus:
    """How far a view has read the log, and how many positions it trails the head."""

    name: str
    position: int
    lag: int
    failure: Failure | None = None


def statuses(reader: PositionReader, failures: FailureLog) -> list[ViewStatus]:
    """Each view's status, from a reader of every view's position (in `VIEW_NAMES` order)."""
    return _combined(reader.read(), failures.all())


def _combined(at: Positions, stopped: dict[str, Failure]) -> list[ViewStatus]:
    return [ViewStatus(name, position, max(at.head - position, 0), stopped.get(name))
            for name, position in zip(VIEW_NAMES, at.views, strict=True)]


def status_of(url: str) -> list[ViewStatus]:
    """The views' statuses in the store at `url`; `StoreUnavailable` when its tables
    cannot be read (not made yet: `ReadModels` makes them)."""
    engine = engine_for(url)
    env = eventsourcing_env(url)
    sqlite = env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    events = "stored_events" if sqlite else f"{APPLICATION_NAME.lower()}_events"  # as the library names them
    head = head_of(engine, events, env.get("POSTGRES_SCHEMA"))
    statement = positions_statement(tracking_table(MetaData(), "rm_"), APPLICATION_NAME, VIEW_NAMES, head)
    try:  # one connection for both statements: a command line pays for each one it opens
        with engine.connect() as connection:
            found = dict(connection.execute(statement).tuples().all())
            stopped = FailureLog(engine, APPLICATION_NAME).all(connection)
    except DBAPIError as error:
        raise StoreUnavailable(f"the read models cannot be read: {error}") from error
    finally:
        engine.dispose()
    return _combined(Positions.of(found, VIEW_NAMES), stopped)
