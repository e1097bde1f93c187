"""Which revision of a view's code built its rows. When a release changes how a view
reads events (a bokmål summary, a new column's content), it raises the view's
`revision`; the first process to open the read models then rebuilds that view from the
log, so the rows always equal what the code would build — as `grants projections verify`
checks — without an operator's step."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, inspect, select, text

from infrastructure.config import SCHEMA_LOCK_KEY
from infrastructure.sql import add_missing_indexes, create_tables
from readmodels.view import View

_METADATA = MetaData()
REVISIONS = Table("rm_view_revisions", _METADATA, Column("view", String(40), primary_key=True),
                  Column("revision", Integer, nullable=False))
UPGRADE_LOCK_KEY = SCHEMA_LOCK_KEY + 1


def upgrade(engine: Engine, app_name: str, views: Mapping[str, View],
            rebuild: Callable[[list[str]], object]) -> list[str]:
    """Rebuild (with `rebuild`) every live view built by an older revision of its code,
    then make the indexes a later release declared on tables made before it; the names
    rebuilt."""
    create_tables(engine, _METADATA)
    rebuilt: list[str] = []
    with engine.connect() as lock:
        if engine.dialect.name == "postgresql":  # one process upgrades; the others wait, then find it done
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
        try:
            with engine.connect() as connection:
                stored: dict[str, int] = {row.view: row.revision for row in connection.execute(
                    select(REVISIONS.c.view, REVISIONS.c.revision))}
            for name, view in views.items():
                built = stored.get(name)
                if built is None and (view.max_tracking_id(app_name) or 0) > 0:
                    built = 1  # rows from before revisions were kept
                if built is not None and built < view.revision:
                    if _columns_changed(view):  # a new column: the tables are made anew, then filled
                        view.drop()
                        view.create()
                    rebuild([name])
                    rebuilt.append(name)
                if built != view.revision:
                    with engine.begin() as connection:
                        connection.execute(REVISIONS.delete().where(REVISIONS.c.view == name))
                        connection.execute(REVISIONS.insert(), {"view": name, "revision": view.revision})
            add_missing_indexes(engine, [table for view in views.values() for table in view.tables])
        finally:
            if engine.dialect.name == "postgresql":
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": UPGRADE_LOCK_KEY})
                lock.commit()
    return rebuilt


def _columns_changed(view: View) -> bool:
    """Whether a view's stored tables lack a column its code defines (or have one more)."""
    stored = inspect(view.engine)
    return any({c["name"] for c in stored.get_columns(table.name)} != {c.name for c in table.columns}
               for table in view.tables)
