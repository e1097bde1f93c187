"""`View`: a read model's tables and its tracking position, written in one transaction.

Each view is a library `TrackingRecorder` with its own tracking key (its name), so two
views never share a position. The runner hands a view a batch of events and the
position it had read before them; the view writes its rows and moves its position in
one transaction, and refuses (`IntegrityError`, nothing written) when its stored
position is not the one the batch started from — a redelivered event, or another
runner that got there first, changes nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from eventsourcing.persistence import (
    IntegrityError,
    Notification,
    Tracking,
    TrackingRecorder,
)
from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    Table,
    and_,
    delete,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy import exc as sa_exc

from domain.base import GrantAggregate
from infrastructure.sql import create_indexes, create_tables, lock_ddl, reading
from readmodels.positions import tracking_table


@dataclass(frozen=True)
class Delivery:
    """One event from the log: its position, the stored record and the decoded event."""

    position: int
    notification: Notification
    event: GrantAggregate.Event
    #: The originator's id as text, the key of the views' rows: made once per event for
    #: every view (`str` of a UUID is Python code; the views asked for it four times an event).
    key: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", str(self.event.originator_id))


class View(TrackingRecorder, ABC):
    """A read model: SQLAlchemy tables named `<prefix><table>`, plus its tracking row.

    `prefix` lets the same view be built into scratch tables (rebuild, verify) or into
    a private in-memory database (replay as of a past time) with the same code.
    """

    name: ClassVar[str]
    #: Raised when a release changes what the view builds from the same events; the
    #: views of older stores are then rebuilt on first use (`readmodels.revisions`).
    revision: ClassVar[int] = 1
    #: The event topics this view reads; empty means every event.
    topics: ClassVar[tuple[str, ...]] = ()

    def __init__(self, engine: Engine, prefix: str = "rm_") -> None:
        self.engine, self.prefix = engine, prefix
        #: Filled in bulk from the whole log (a rebuild's or a verification's scratch copy).
        #: Such tables grow faster than PostgreSQL's statistics of them: with statistics
        #: that put a table at a tenth of its size, the planner read it whole for a lookup
        #: of 500 keys rather than use the primary key's index — at 1 000 000 events the
        #: audit trail's lookups of subjects' labels took a third of a 160 s rebuild. While
        #: filling, the views read their tables by key only, so their transactions are
        #: told not to scan (`apply`).
        self.in_bulk = False
        self.metadata = MetaData()
        self.tracking = tracking_table(self.metadata, prefix)
        self.define()

    # -- what a concrete view provides -------------------------------------------------
    @abstractmethod
    def define(self) -> None:
        """Declare the view's tables on `self.metadata` (use `self.table`)."""

    @abstractmethod
    def process(self, connection: Connection, deliveries: Sequence[Delivery]) -> None:
        """Write the rows for these events, in log order, inside the caller's transaction."""

    def table(self, name: str, *columns: Any) -> Table:
        """A table of this view, named with the view's prefix."""
        return Table(f"{self.prefix}{name}", self.metadata, *columns)

    @property
    def tables(self) -> list[Table]:
        """The view's own tables (not the tracking table), parents first."""
        return [t for t in self.metadata.sorted_tables if t is not self.tracking]

    # -- schema --------------------------------------------------------------------------
    def create(self, indexes: bool = True) -> None:
        """Create the tables if they do not exist (idempotent, safe between processes);
        `indexes=False` leaves the secondary indexes to `create_indexes`, for tables
        filled in bulk (a rebuild), where one sort at the end beats an index kept up per row."""
        create_tables(self.engine, self.metadata, indexes)

    def create_indexes(self) -> None:
        """Create the tables' secondary indexes that are missing."""
        create_indexes(self.engine, self.metadata)

    def drop(self) -> None:
        """Drop the view's tables and forget its position."""
        with self.engine.begin() as connection:
            lock_ddl(connection)
            for table in reversed(self.tables):
                table.drop(connection, checkfirst=True)
            if self.tracking.name in _table_names(connection):
                connection.execute(delete(self.tracking).where(self.tracking.c.view == self.name))

    # -- tracking (the library's TrackingRecorder contract) ------------------------------
    def insert_tracking(self, tracking: Tracking) -> None:
        """Record that events up to `tracking.notification_id` are applied; an id at or
        below the recorded one raises `IntegrityError`."""
        with self.engine.begin() as connection:
            self._move(connection, tracking, None, exact=False)

    def max_tracking_id(self, application_name: str) -> int | None:
        """How far this view has read the named application's log (None: not at all)."""
        with reading(self.engine) as connection:  # no write lock for a read
            return self.position(connection, application_name)

    def position(self, connection: Connection, application_name: str) -> int | None:
        """This view's position, read on `connection` (inside its transaction)."""
        return connection.execute(
            select(self.tracking.c.notification_id).where(self._key(application_name))
        ).scalar_one_or_none()

    # -- applying a batch ----------------------------------------------------------------
    def apply(self, application_name: str, deliveries: Sequence[Delivery], after: int | None, upto: int) -> None:
        """Write the rows for `deliveries` and move the position from `after` to `upto`,
        in one transaction. `IntegrityError` (and nothing written) if the stored position
        is not `after`."""
        with self.engine.begin() as connection:
            if self.in_bulk and connection.dialect.name == "postgresql":
                # and no JIT: a table left to scan (no index serves it) then costs 10^10,
                # and compiling the query took 0.2 s each time
                connection.exec_driver_sql("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
            self._move(connection, Tracking(application_name, upto), after, exact=True)
            self.process(connection, deliveries)

    def _move(self, connection: Connection, tracking: Tracking, after: int | None, exact: bool) -> None:
        """Move the position first, so concurrent runners queue on the tracking row.

        `exact`: only from `after` (None: the view has no position yet); otherwise from
        any lower position."""
        if exact and after is not None:
            condition = self.tracking.c.notification_id == after
        else:
            condition = self.tracking.c.notification_id < tracking.notification_id
        if not (exact and after is None):
            moved = connection.execute(
                update(self.tracking).where(self._key(tracking.application_name), condition)
                .values(notification_id=tracking.notification_id)
            ).rowcount
            if moved == 1:
                return
            if exact:
                raise IntegrityError(f"view {self.name} is no longer at position {after}")
        try:
            connection.execute(insert(self.tracking).values(
                view=self.name, application_name=tracking.application_name,
                notification_id=tracking.notification_id,
            ))
        except sa_exc.IntegrityError:
            raise IntegrityError(
                f"view {self.name} has already applied position {tracking.notification_id}"
            ) from None

    def _key(self, application_name: str) -> Any:
        return and_(self.tracking.c.view == self.name, self.tracking.c.application_name == application_name)


def drop_tracking(view: View) -> None:
    """Drop the tracking table of `view`'s prefix (scratch views, once done with)."""
    with view.engine.begin() as connection:
        lock_ddl(connection)
        view.tracking.drop(connection, checkfirst=True)


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())
