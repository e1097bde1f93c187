"""Read models as they stood at a past moment, replayed from the log into a private
in-memory database — the live tables are never touched.

The audit trail maps the moment to a log position; events up to there recorded after
the moment (a writer's clock a little ahead) are left out, so the answer holds exactly
the events recorded at or before it. The budget starts from the budget view's last
checkpoint before that position (the pools' rows as they stood there) and replays only
the pool events after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.persistence import Tracking
from sqlalchemy import Engine, select

from domain.application import Application
from domain.errors import InvalidInput
from infrastructure.sql import memory_engine, reading
from readmodels.applications import ApplicationsView
from readmodels.audit import AuditView
from readmodels.budget import BudgetView
from readmodels.catalogue import make_views
from readmodels.documents import application_document
from readmodels.queries import OwnerBalance, budget, position_at
from readmodels.service import ReadModels
from readmodels.view import View


@dataclass(frozen=True)
class BudgetAsOf:
    """The budget as it stood at `as_of`, after the events up to `position`."""

    as_of: datetime
    position: int
    owners: list[OwnerBalance]


def stop_position(models: ReadModels, at: datetime) -> int:
    """The log position to replay up to for the moment `at`."""
    if at.tzinfo is None:
        raise InvalidInput("as_of", "must include a time zone offset")
    if at > models.app.now():
        raise InvalidInput("as_of", "lies in the future")
    audit = models.view("audit")
    assert isinstance(audit, AuditView)
    with reading(models.engine) as connection:
        position, later = position_at(connection, audit, at)
    if later:
        return position or 0
    return models.runner.head()  # the audit trail has not reached `at` yet: read the log itself


@contextmanager
def _replayed(models: ReadModels, at: datetime, names: tuple[str, ...],
              from_checkpoint: bool = False) -> Iterator[tuple[int, list[View], Engine]]:
    """The named views replayed up to `at` in a private in-memory database (disposed
    afterwards): the stop position, the views, and the database. `from_checkpoint`: the
    budget view starts from the live one's last checkpoint before then."""
    stop = stop_position(models, at)
    start, pools = None, []
    if from_checkpoint:
        with reading(models.engine) as connection:
            start = models.budget.checkpoint_before(connection, stop, at)
            pools = [] if start is None else models.budget.pools_at(connection, start)
    engine = memory_engine()
    try:
        views = make_views(models.app, engine, names=names)
        for view in views:
            view.create()
            if start is not None and isinstance(view, BudgetView):
                with engine.begin() as connection:
                    view.restore(connection, pools)
                view.insert_tracking(Tracking(models.app.name, start))
        models.runner_for(views).catch_up(stop=stop, until=at)
        yield stop, views, engine
    finally:
        engine.dispose()


def budget_as_of(models: ReadModels, at: datetime) -> BudgetAsOf:
    """Every owner's budget as it stood at `at`."""
    with _replayed(models, at, ("budget",), from_checkpoint=True) as (stop, (view,), engine), \
            reading(engine) as connection:
        assert isinstance(view, BudgetView)
        return BudgetAsOf(at, stop, budget(connection, view))


@dataclass(frozen=True)
class ReplayAsOf(BudgetAsOf):
    """The budget and every application's document as they stood at `as_of`."""

    applications: list[dict[str, Any]]


def replay_as_of(models: ReadModels, at: datetime) -> ReplayAsOf:
    """The budget per owner and every application (by reference) as they stood at `at`,
    replayed from the log in one pass."""
    with _replayed(models, at, ("budget", "applications")) as (stop, views, engine), \
            reading(engine) as connection:
        budget_view, applications_view = views
        assert isinstance(budget_view, BudgetView) and isinstance(applications_view, ApplicationsView)
        table = applications_view.applications
        documents = list(connection.execute(select(table.c.document).order_by(table.c.reference)).scalars())
        return ReplayAsOf(at, stop, budget(connection, budget_view), documents)


def application_as_of(models: ReadModels, application_id: str, at: datetime) -> dict[str, Any]:
    """An application's document as it stood at `at` (its own events replayed to then)."""
    stop_position(models, at)  # validates the moment
    application: Application = models.app.get_application(application_id, as_of=at)
    return application_document(application)
