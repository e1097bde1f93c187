"""Every view keeps the library's tracking-recorder guarantees: its base test case passes
for each view, on an SQLite file and on PostgreSQL; two views never share a position."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.tests.persistence import TrackingRecorderTestCase

from application.service import Grants
from infrastructure.sql import engine_for
from readmodels.service import VIEW_NAMES, make_views
from readmodels.view import View


class _ViewContract(TrackingRecorderTestCase):
    """The library's test case, run against one of our views on one store."""

    view_name = ""
    store = ""

    @pytest.fixture(autouse=True)
    def _on_store(self, request: pytest.FixtureRequest) -> Iterator[None]:
        url = request.getfixturevalue(f"{self.store}_url")
        self.grants = Grants(url)
        self.engine = engine_for(url)
        yield
        self.engine.dispose()
        self.grants.close()

    def create_recorder(self) -> TrackingRecorder:
        (view,) = make_views(self.grants, self.engine, names=[self.view_name])
        view.create()
        return view


for _store in ("sqlite", "postgres"):
    for _name in VIEW_NAMES:
        _marks = [pytest.mark.postgres] if _store == "postgres" else []
        _case = type(f"Test{_name.title()}View{_store.title()}", (_ViewContract,),
                     {"view_name": _name, "store": _store, "__test__": True})
        for _mark in _marks:
            _case = _mark(_case)
        globals()[_case.__name__] = _case
del _ViewContract


def test_views_never_share_a_tracking_row(store_url: str) -> None:
    grants, engine = Grants(store_url), engine_for(store_url)
    views: list[View] = make_views(grants, engine)
    for view in views:
        view.create()
    views[0].insert_tracking(Tracking("grants", 7))
    assert views[0].max_tracking_id("grants") == 7
    assert [view.max_tracking_id("grants") for view in views[1:]] == [None] * (len(views) - 1)
    views[1].insert_tracking(Tracking("grants", 3))
    assert (views[0].max_tracking_id("grants"), views[1].max_tracking_id("grants")) == (7, 3)
    engine.dispose()
    grants.close()
