"""Rows handed to the database driver ready: every value put through its column's type
once, as SQLAlchemy would, and the batch sent as plain tuples — `COPY … FROM STDIN` on
PostgreSQL, `executemany` on SQLite — instead of SQLAlchemy building and processing
parameters row by row (a fifth of a rebuild's time went there; bench/README.md).

What is stored is exactly what `connection.execute(insert(table), rows)` stores: the
same bind processors, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any]


class TableWriter:
    """How one table's rows are written on one kind of database."""

    def __init__(self, table: Table, dialect: Dialect) -> None:
        quote = dialect.identifier_preparer.quote
        columns = list(table.columns)
        self.names = tuple(column.name for column in columns)
        self.processors: tuple[Processor | None, ...] = tuple(
            column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns)
        keys = [column.name for column in table.primary_key.columns]
        self.key: str = keys[0] if len(keys) == 1 else ""  # updates are by a single-column key
        placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
        listed = ", ".join(quote(name) for name in self.names)
        self.insert_sql = (f"INSERT INTO {quote(table.name)} ({listed}) "
                           f"VALUES ({', '.join([placeholder] * len(self.names))})")
        self.copy_sql = f"COPY {quote(table.name)} ({listed}) FROM STDIN"
        others = [name for name in self.names if name != self.key]
        self.update_names = (*others, self.key)
        self.update_sql = (f"UPDATE {quote(table.name)} SET "
                           + ", ".join(f"{quote(name)} = {placeholder}" for name in others)
                           + f" WHERE {quote(self.key)} = {placeholder}")
        where = dict(zip(self.names, self.processors, strict=True))
        self.update_processors = tuple(where[name] for name in self.update_names)
        self.copies = dialect.name == "postgresql"

    def tuples(self, rows: Iterable[Mapping[str, Any]], names: Sequence[str],
               processors: Sequence[Processor | None]) -> list[tuple[Any, ...]]:
        """The rows as tuples of the named columns' values, each through its type."""
        typed = [(place, process) for place, process in enumerate(processors) if process is not None]
        take = itemgetter(*names) if len(names) > 1 else None
        found = []
        for row in rows:
            try:  # a row with every column (most are): one C call
                values = list(take(row)) if take is not None else [row[names[0]]]
            except KeyError:
                values = [row.get(name) for name in names]
            for place, process in typed:
                values[place] = process(values[place])
            found.append(tuple(values))
        return found


@lru_cache(maxsize=256)
def writer(table: Table, dialect: Dialect) -> TableWriter:
    """The writer of `table` on `dialect` (made once)."""
    return TableWriter(table, dialect)


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dicts by column name; a missing column is NULL) in the connection's transaction."""
    if not rows:
        return
    found = writer(table, connection.dialect)
    values = found.tuples(rows, found.names, found.processors)
    if found.copies:
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(found.copy_sql) as copy:  # type: ignore[union-attr]
            for value in values:
                copy.write_row(value)
    else:
        connection.exec_driver_sql(found.insert_sql, values)


def update_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Replace every column of the stored rows with these keys, in the connection's transaction."""
    if not rows:
        return
    found = writer(table, connection.dialect)
    connection.exec_driver_sql(found.update_sql, found.tuples(rows, found.update_names, found.update_processors))
