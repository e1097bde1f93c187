"""The catalogue of views: their names, and how each is made on an engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Engine

from application.base import GrantsBase
from domain.errors import NotFound
from readmodels.applications import ApplicationsView
from readmodels.audit import AuditView
from readmodels.budget import BudgetView
from readmodels.journal import JournalView
from readmodels.outstanding import OutstandingView
from readmodels.status import VIEW_NAMES as VIEW_NAMES
from readmodels.view import View


def make_views(app: GrantsBase, engine: Engine, prefix: str = "rm_",
               names: Sequence[str] = VIEW_NAMES, in_bulk: bool = False) -> list[View]:
    """The named views on `engine`, with tables named `<prefix>...` (not yet created);
    `in_bulk`: scratch copies to be filled from the whole log (`View.in_bulk`)."""
    unknown = [name for name in names if name not in VIEW_NAMES]
    if unknown:
        raise NotFound(f"no projection named {', '.join(unknown)}; there are {', '.join(VIEW_NAMES)}")
    transcoder = app.mapper.transcoder
    makers: dict[str, Callable[[], View]] = {
        "budget": lambda: BudgetView(engine, prefix),
        "applications": lambda: ApplicationsView(engine, transcoder, prefix),
        "outstanding": lambda: OutstandingView(engine, transcoder, prefix),
        "audit": lambda: AuditView(engine, prefix),
        "journal": lambda: JournalView(engine, prefix),
    }
    views = [makers[name]() for name in names]
    for view in views:
        view.in_bulk = in_bulk
    return views
