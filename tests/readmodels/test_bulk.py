"""`readmodels.bulk` stores exactly what SQLAlchemy's own insert and update store — for rows
that name every column and for rows that leave some out (NULL) — on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Date,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    insert,
    select,
    update,
)

from infrastructure.sql import engine_for
from readmodels.bulk import insert_rows, update_rows
from readmodels.columns import UtcDateTime


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = engine_for(store_url)
    yield engine
    engine.dispose()


def _table(metadata: MetaData, name: str) -> Table:
    return Table(
        name, metadata,
        Column("key", String(36), primary_key=True),
        Column("number", Integer),
        Column("at", UtcDateTime),
        Column("day", Date),
        Column("document", JSON),
        Column("state", LargeBinary),
    )


ROWS: list[dict[str, Any]] = [
    {"key": "a", "number": 1, "at": datetime(2026, 3, 1, 12, 30, tzinfo=UTC), "day": date(2026, 3, 1),
     "document": {"beløp": "2500000.00", "liste": [1, 2]}, "state": b"\x00\x01"},
    {"key": "b", "number": 2},  # the others left out: NULL
    {"key": "c", "document": None, "day": date(2027, 1, 31)},
]
CHANGED: list[dict[str, Any]] = [
    {"key": "a", "number": 10, "at": None, "day": None, "document": {"x": "æøå"}, "state": None},
    {"key": "b", "document": [1, "to"]},  # the columns left out are set to NULL, as SQLAlchemy's update does
]


def test_inserted_and_updated_rows_are_what_sqlalchemy_stores(engine: Engine) -> None:
    metadata = MetaData()
    ours, theirs = _table(metadata, "bulk_ours"), _table(metadata, "bulk_theirs")
    metadata.create_all(engine)
    with engine.begin() as connection:
        insert_rows(connection, ours, ROWS)
        for row in ROWS:
            connection.execute(insert(theirs), [{c.name: row.get(c.name) for c in theirs.columns}])
    assert _read(engine, ours) == _read(engine, theirs) != []
    stored = _read(engine, ours)
    assert stored[1]["number"] == 2 and stored[1]["at"] is None and stored[1]["document"] is None

    with engine.begin() as connection:
        update_rows(connection, ours, CHANGED)
        for row in CHANGED:
            values = {c.name: row.get(c.name) for c in theirs.columns if c.name != "key"}
            connection.execute(update(theirs).where(theirs.c.key == row["key"]).values(values))
    after = _read(engine, ours)
    assert after == _read(engine, theirs)
    assert after[0]["number"] == 10 and after[0]["document"] == {"x": "æøå"}
    assert after[1]["number"] is None and after[1]["document"] == [1, "to"]


def _read(engine: Engine, table: Table) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(select(table).order_by(table.c.key)).mappings()]
