"""Which projections have stopped, where and why — kept in the read-model database so
that every process (web, worker, `grants projections status`) sees the same.

A projection that cannot apply an event stops just before it and is recorded here; the
others go on. When it later gets past that event (after a fix and a restart, or a
retry), its record is cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    insert,
    select,
)

from domain.errors import GrantsError
from infrastructure.sql import create_tables, reading
from readmodels.columns import UtcDateTime

MAX_ERROR = 2000


class ProjectionFailed(GrantsError):
    """A view could not apply an event. Its rows and position stop just before it."""

    def __init__(self, view: str, position: int, topic: str, cause: BaseException) -> None:
        first_line = (str(cause).strip().splitlines() or [""])[0]
        super().__init__(
            f"projection {view!r} stopped at position {position} ({topic}): {type(cause).__name__}: {first_line}"
        )
        self.view, self.position, self.topic = view, position, topic


@dataclass(frozen=True)
class Failure:
    """A stopped projection: the event it could not apply, and the error."""

    view: str
    position: int
    topic: str
    error: str
    failed_at: datetime

    def describe(self) -> str:
        """One line for operators."""
        return f"projection {self.view!r} stopped at position {self.position} ({self.topic}): {self.error}"


class FailureLog:
    """The `<prefix>failures` table: one row per stopped projection."""

    def __init__(self, engine: Engine, application_name: str, prefix: str = "rm_") -> None:
        self.engine, self.application_name = engine, application_name
        self.metadata = MetaData()
        self.table = Table(
            f"{prefix}failures", self.metadata,
            Column("view", String(60), primary_key=True),
            Column("application_name", String(60), primary_key=True),
            Column("position", BigInteger, nullable=False),
            Column("topic", String(300), nullable=False),
            Column("error", Text, nullable=False),
            Column("failed_at", UtcDateTime, nullable=False),
        )

    def create(self) -> None:
        """Create the table if it does not exist."""
        create_tables(self.engine, self.metadata)

    def record(self, view: str, position: int, topic: str, error: str) -> Failure:
        """Note that `view` stopped at `position` (replacing an earlier note)."""
        failure = Failure(view, position, topic[:300], _storable(error)[:MAX_ERROR], datetime.now(UTC))
        with self.engine.begin() as connection:
            connection.execute(delete(self.table).where(self._key(view)))
            connection.execute(insert(self.table).values(
                view=view, application_name=self.application_name, position=position, topic=failure.topic,
                error=failure.error, failed_at=failure.failed_at))
        return failure

    def clear(self, view: str) -> None:
        """Forget that `view` had stopped."""
        with self.engine.begin() as connection:
            connection.execute(delete(self.table).where(self._key(view)))

    def all(self, connection: Connection | None = None) -> dict[str, Failure]:
        """Every stopped projection, by name (read on `connection` if given)."""
        t = self.table
        query = select(t).where(t.c.application_name == self.application_name)
        if connection is not None:
            rows = connection.execute(query).all()
        else:
            with reading(self.engine, single_statement=True) as reader:
                rows = reader.execute(query).all()
        return {row.view: Failure(row.view, row.position, row.topic, row.error, row.failed_at) for row in rows}

    def _key(self, view: str) -> ColumnElement[bool]:
        return and_(self.table.c.view == view, self.table.c.application_name == self.application_name)


def _storable(text: str) -> str:
    """The error text without characters a database column may refuse (the error may
    be about exactly such a character)."""
    return "".join(c if c.isprintable() or c == " " else "\N{REPLACEMENT CHARACTER}" for c in text)
