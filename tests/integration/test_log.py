"""Reading the event log in order, in batches."""

from __future__ import annotations

from eventsourcing.utils import get_topic

from application.service import Grants
from domain.application import Application
from readmodels.log import notifications
from workloads.builders import World


def test_the_log_reads_every_event_once_in_order_across_batches(grants: Grants, world: World) -> None:
    for _ in range(7):
        world.scored()
    total = grants.recorder.max_notification_id()
    ids = [n.id for n in notifications(grants.recorder, batch_size=4)]
    assert ids == list(range(1, (total or 0) + 1))
    # reading after a position starts just after it
    assert [n.id for n in notifications(grants.recorder, after=10, batch_size=3)] == ids[10:]
    # topics narrow the events to one type
    scored = list(notifications(grants.recorder, topics=[get_topic(Application.Scored)], batch_size=2))
    assert len(scored) == 7
    assert all(n.topic == get_topic(Application.Scored) for n in scored)
