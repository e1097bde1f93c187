"""Stored events outlive their classes: a new class version upcasts the old records."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.utils import get_topic

from application.service import Grants
from domain.application import Application
from readmodels.log import notifications
from tests.builders import APPLICANT_ACTOR, World


def test_a_version_2_event_class_reads_version_1_records(grants: Grants, world: World,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    app = world.submitted()
    grants.withdraw_application(app.id, "Fikk andre midler", APPLICANT_ACTOR)

    # later, Withdrawn gains a category; records written before carry none
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["category"] = "unspecified"

    monkeypatch.setattr(Application.Withdrawn, "class_version", 2)
    monkeypatch.setattr(Application.Withdrawn, "upcast_v1_v2", staticmethod(upcast_v1_v2), raising=False)
    [record] = notifications(grants.recorder, topics=[get_topic(Application.Withdrawn)])
    event = grants.mapper.to_domain_event(record)
    assert (event.category, event.reason) == ("unspecified", "Fikk andre midler")  # type: ignore[attr-defined]
    # the aggregate still loads, in the state the old events describe
    assert grants.get_application(app.id).status == "withdrawn"
