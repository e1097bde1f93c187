"""`ReadModels`: the read side of one grant system — its views, the runner that feeds
them, and waiting for a position so a client reads its own writes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Engine

from application.base import GrantsBase
from domain.errors import NotFound
from infrastructure.sql import engine_for
from readmodels.applications import ApplicationsView
from readmodels.audit import AuditView
from readmodels.budget import BudgetView
from readmodels.catalogue import VIEW_NAMES as VIEW_NAMES  # re-exported: where callers have found it
from readmodels.catalogue import make_views as make_views
from readmodels.failures import FailureLog
from readmodels.journal import JournalView
from readmodels.outstanding import OutstandingView
from readmodels.positions import PositionReader, Positions, head_statement, positions_statement
from readmodels.rebuild import rebuild
from readmodels.revisions import upgrade
from readmodels.runner import BATCH_SIZE, Runner
from readmodels.status import ViewStatus as ViewStatus
from readmodels.status import statuses
from readmodels.view import View

V = TypeVar("V", bound=View)

class ReadModels:
    """The live views of the system whose log `app` writes. Tables are created on first use."""

    def __init__(self, app: GrantsBase, engine: Engine | None = None) -> None:
        self.app = app
        self.engine = engine or engine_for(app.database_url)
        self.views = {view.name: view for view in make_views(app, self.engine)}
        for view in self.views.values():
            view.create()
        self.failures = FailureLog(self.engine, app.name)
        self.failures.create()
        self.runner = self.runner_for(self.views.values())
        self._catching_up = threading.Lock()
        tracking = next(iter(self.views.values())).tracking  # the views share one tracking table
        self._positions = PositionReader(self.engine, positions_statement(
            tracking, app.name, list(self.views), head_statement(self.engine, app.recorder)), list(self.views))
        upgrade(self.engine, app.name, self.views, lambda names: rebuild(self, names, processes=1))

    def runner_for(self, views: Iterable[View], batch_size: int = BATCH_SIZE) -> Runner:
        """A runner feeding `views` from this system's log (live views stop alone when
        they cannot apply an event; scratch views raise)."""
        chosen = list(views)
        live = all(self.views.get(view.name) is view for view in chosen)
        return Runner(self.app.name, self.app.recorder, self.app.mapper, chosen, batch_size=batch_size,
                      failures=self.failures if live else None)

    def view(self, name: str) -> View:
        """The live view called `name`."""
        if name not in self.views:
            raise NotFound(f"no projection named {name}; there are {', '.join(VIEW_NAMES)}")
        return self.views[name]

    @property
    def budget(self) -> BudgetView:
        """The budget view."""
        return self._typed("budget", BudgetView)

    @property
    def applications(self) -> ApplicationsView:
        """The application status view."""
        return self._typed("applications", ApplicationsView)

    @property
    def outstanding(self) -> OutstandingView:
        """The outstanding applications view."""
        return self._typed("outstanding", OutstandingView)

    @property
    def audit(self) -> AuditView:
        """The audit trail view."""
        return self._typed("audit", AuditView)

    @property
    def journal(self) -> JournalView:
        """The journal: case files, meeting files and their entries."""
        return self._typed("journal", JournalView)

    def _typed(self, name: str, kind: type[V]) -> V:
        view = self.views[name]
        assert isinstance(view, kind)
        return view

    def catch_up(self) -> int:
        """Bring every view up to the head of the log, in this process (embedded mode)."""
        with self._catching_up:
            return self.runner.catch_up()

    def position(self) -> int:
        """How far every view has read: the lowest of their positions."""
        return self.positions().read

    def positions(self) -> Positions:
        """Each view's position and the head of the log, in one statement (every request
        asks this first)."""
        return self._positions.read()

    def positions_with(self, sql: str, parameters: Sequence[Any]) -> tuple[Positions, list[tuple[Any, ...]]]:
        """`positions()` and the rows of one more statement on the read models' database,
        in one round trip (a kept page asks its session so)."""
        return self._positions.read_with(sql, parameters)

    def status(self) -> list[ViewStatus]:
        """Each view's position, lag behind the head of the log, and why it stopped."""
        return statuses(self._positions, self.failures)

    def wait(self, position: int, timeout: float = 5.0) -> None:
        """Return once every view has read up to `position`; `TimeoutError` after `timeout`."""
        deadline = time.monotonic() + timeout
        for view in self.views.values():
            view.wait(self.app.name, position, timeout=max(deadline - time.monotonic(), 0.001))

    def close(self) -> None:
        """Release the database connections."""
        self._positions.close()
        self.engine.dispose()
