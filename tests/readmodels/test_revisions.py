"""A view built by an older revision of its code is rebuilt when a process first opens
the read models: its rows equal a rebuild again, with no operator's step; a current one
is left alone."""

from __future__ import annotations

from sqlalchemy import select, update

from application.service import Grants
from readmodels.rebuild import verify
from readmodels.revisions import REVISIONS
from readmodels.service import ReadModels
from workloads.builders import FakeClock, World


def test_an_older_revision_is_rebuilt_on_first_use(sqlite_url: str, clock: FakeClock) -> None:
    grants = Grants(sqlite_url, clock=clock)
    World(grants, clock).approved()
    models = ReadModels(grants)
    models.catch_up()
    events = models.audit.events
    with models.engine.begin() as connection:  # as an older release wrote them
        connection.execute(update(events).values(summary="PaymentReference.Taken på noe"))
        connection.execute(update(REVISIONS).where(REVISIONS.c.view == "audit").values(revision=1))
    assert not all(c.ok for c in verify(models, ["audit"]))
    reopened = ReadModels(grants)
    assert all(c.ok for c in verify(reopened, ["audit"]))
    with reopened.engine.connect() as connection:
        assert "PaymentReference" not in " ".join(connection.execute(select(events.c.summary)).scalars())
        assert connection.execute(select(REVISIONS.c.revision).where(REVISIONS.c.view == "audit")).scalar() == (
            reopened.audit.revision)
    position = reopened.audit.max_tracking_id(grants.name)
    with reopened.engine.begin() as connection:
        connection.execute(update(events).where(events.c.position == 1).values(summary="urørt"))
    ReadModels(grants)  # current revision: nothing rebuilt
    with reopened.engine.connect() as connection:
        assert connection.execute(select(events.c.summary).where(events.c.position == 1)).scalar() == "urørt"
    assert reopened.audit.max_tracking_id(grants.name) == position


def test_a_view_whose_columns_changed_is_made_anew_and_filled(store_url: str, clock: FakeClock) -> None:
    """An older release's budget table lacks a column this code writes (the money per
    year): the first process drops and makes the view's tables anew and rebuilds it."""
    from sqlalchemy import inspect, text

    grants = Grants(store_url, clock=clock)
    try:
        World(grants, clock).paid()
        models = ReadModels(grants)
        models.catch_up()
        table = models.budget.pools.name
        with models.engine.begin() as connection:  # as the release before money per year left it
            connection.execute(text(f"ALTER TABLE {table} DROP COLUMN years"))
            connection.execute(update(REVISIONS).where(REVISIONS.c.view == "budget").values(revision=2))
        models.close()
        reopened = ReadModels(grants)
        assert "years" in {c["name"] for c in inspect(reopened.engine).get_columns(table)}
        assert all(c.ok for c in verify(reopened, ["budget"]))
        with reopened.engine.connect() as connection:
            assert connection.execute(select(REVISIONS.c.revision).where(REVISIONS.c.view == "budget")).scalar() == (
                reopened.budget.revision)
        reopened.close()
    finally:
        grants.close()


def test_an_index_declared_later_is_made_on_first_use_and_never_twice(store_url: str, clock: FakeClock) -> None:
    """An index changes no rows: an older release's audit table without the index on
    (recorded_at, position) gets it when a process first opens the read models, and a
    rebuilt table, whose indexes keep their scratch names, is not given a second one."""
    from sqlalchemy import inspect, text

    from readmodels.rebuild import rebuild

    grants = Grants(store_url, clock=clock)
    try:
        World(grants, clock).approved()
        models = ReadModels(grants)
        models.catch_up()
        table = models.audit.events.name
        wanted = ["recorded_at", "position"]

        def covering() -> list[str]:
            return [index["name"] for index in inspect(models.engine).get_indexes(table)
                    if index["column_names"] == wanted]

        [name] = covering()
        with models.engine.begin() as connection:  # as the release before the index left it
            connection.execute(text(f"DROP INDEX {name}"))
        assert covering() == []
        models.close()
        reopened = ReadModels(grants)
        assert len(covering()) == 1
        rebuild(reopened, ["audit"], processes=1)
        [after_rebuild] = covering()
        assert not after_rebuild.startswith(f"ix_{reopened.audit.prefix}")  # the scratch copy's name
        ReadModels(grants).close()
        assert covering() == [after_rebuild]
        assert all(c.ok for c in verify(reopened, ["audit"]))
        reopened.close()
    finally:
        grants.close()
