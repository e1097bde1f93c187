"""The event store's statements on PostgreSQL are rendered to text once
(`infrastructure.pgstore`): the text is exactly what psycopg renders on a connection,
and a store made with them records and reads events, in a schema of its own."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Composable, Identifier

from infrastructure.pgstore import RenderedApplicationRecorder

SCHEMA = "tilskudd_prove"


@pytest.mark.postgres
def test_the_rendered_statements_are_what_psycopg_renders_on_a_connection(postgres_url: str) -> None:
    parts = urlsplit(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(SQL("CREATE SCHEMA {}").format(Identifier(SCHEMA)))
    datastore = PostgresDatastore(parts.path.lstrip("/"), parts.hostname or "127.0.0.1", parts.port or 5432,
                                  parts.username or "postgres", "", schema=SCHEMA)
    try:
        library = PostgresApplicationRecorder(datastore, events_table_name="grants_events")
        ours = RenderedApplicationRecorder(datastore, events_table_name="grants_events")
        compared = 0
        with datastore.get_connection() as connection:
            for name, value in vars(library).items():
                rendered = vars(ours)[name]
                pairs = zip(value, rendered, strict=True) if isinstance(value, list) else [(value, rendered)]
                for theirs, mine in pairs:
                    if isinstance(theirs, Composable):
                        assert type(mine) is SQL, f"{name} is not rendered"
                        assert mine.as_string(connection) == theirs.as_string(connection), name
                        compared += 1
        assert compared >= 8  # the create, insert, select, lock and max statements
        ours.create_table()
        originator = uuid.uuid4()
        ids = ours.insert_events([StoredEvent(originator, version, "topic", b"{}") for version in (1, 2)])
        assert ids is not None and len(ids) == 2
        assert [e.originator_version for e in ours.select_events(originator, gt=1)] == [2]
        assert ours.max_notification_id() == max(ids)
    finally:
        datastore.close()
