"""The connection a process keeps for its per-request lookups: several statements asked
together answer each its own rows, in order, and a failure drops the connection so
that the next call works on a new one. The read models' positions asked with another
statement answer both as if asked alone."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from application.service import Grants
from infrastructure.config import StoreUnavailable
from infrastructure.kept_connection import KeptConnection
from infrastructure.sql import engine_for
from readmodels.service import ReadModels
from workloads.builders import FakeClock, World


def test_statements_asked_together_answer_each_its_own_rows(store_url: str) -> None:
    engine = engine_for(store_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE kept_items (id INTEGER PRIMARY KEY, name VARCHAR(20))"))
        connection.execute(text("INSERT INTO kept_items VALUES (1, 'en'), (2, 'to'), (3, 'tre')"))
    kept = KeptConnection(engine)
    mark = kept.placeholder
    try:
        counted, named, none = kept.rows_of([
            ("SELECT count(*) FROM kept_items", ()),
            (f"SELECT name FROM kept_items WHERE id >= {mark} ORDER BY id", (2,)),
            (f"SELECT name FROM kept_items WHERE id = {mark}", (9,)),
        ])
        assert (counted, named, none) == ([(3,)], [("to",), ("tre",)], [])
        with engine.begin() as connection:  # autocommit: the next lookup sees a change at once
            connection.execute(text("UPDATE kept_items SET name = 'fire' WHERE id = 3"))
        assert kept.rows_of([(f"SELECT name FROM kept_items WHERE id = {mark}", (3,)),
                             ("SELECT count(*) FROM kept_items", ())]) == [[("fire",)], [(3,)]]
        with pytest.raises(StoreUnavailable):
            kept.rows_of([("SELECT count(*) FROM kept_items", ()), ("SELECT * FROM no_such_table", ())])
        assert kept.rows("SELECT count(*) FROM kept_items") == [(3,)]  # on a new connection
    finally:
        kept.close()
        engine.dispose()


def test_the_positions_asked_with_another_statement_are_the_positions_and_that_statements_rows(
        store_url: str) -> None:
    grants = Grants(store_url, clock=FakeClock())
    models = ReadModels(grants)
    try:
        world = World(grants, grants.clock)  # type: ignore[arg-type]
        world.submitted()
        models.catch_up()
        world.submitted()  # the head is past the views now
        engine = models.engine
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE kept_items (id INTEGER PRIMARY KEY, name VARCHAR(20))"))
            connection.execute(text("INSERT INTO kept_items VALUES (1, 'en'), (2, '100 %'), (3, 'tre')"))
        mark = models._positions._connection.placeholder
        alone = models.positions()
        assert alone.head > alone.read > 0
        for sql, parameters, rows in [
            (f"SELECT id, name FROM kept_items WHERE id = {mark}", (2,), [(2, "100 %")]),
            (f"SELECT name, id FROM kept_items WHERE id >= {mark} ORDER BY id", (2,), [("100 %", 2), ("tre", 3)]),
            (f"SELECT name FROM kept_items WHERE id = {mark}", (9,), []),
            (f"SELECT NULL AS empty FROM kept_items WHERE id = {mark}", (1,), [(None,)]),
        ]:
            assert models.positions_with(sql, parameters) == (alone, rows), sql
    finally:
        models.close()
        grants.close()
