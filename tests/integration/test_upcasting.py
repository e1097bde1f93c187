"""Stored events outlive their classes: a new class version upcasts the old records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.service import Grants
from domain.application import Application
from domain.commands import Withdraw
from readmodels.log import notifications
from workloads.builders import APPLICANT_ACTOR, FINANCE_ACTOR, World


def test_a_version_2_event_class_reads_version_1_records(grants: Grants, world: World,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    app = world.submitted()
    grants.run(Withdraw(app.id, reason="Fikk andre midler"), actor=APPLICANT_ACTOR)

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


def test_a_version_1_pool_snapshot_loads_into_the_ledgers_of_version_2(grants: Grants, world: World) -> None:
    """Pools snapshotted before the ledgers kept their sums held plain dicts of amounts."""
    paid = world.paid("400000")
    world.approved("250000")
    pool_id = paid.pool_id
    grants.take_snapshot(pool_id)
    now = grants.get_pool(pool_id)
    [stored] = grants.snapshots.recorder.select_events(pool_id, desc=True, limit=1)  # type: ignore[union-attr]
    snapshot: Any = grants.mapper.to_domain_event(stored)
    state = dict(snapshot.state)
    del state["class_version"]  # as version 1 wrote it: no class version, dicts of Decimals,
    for later in ("committed_by_year", "paid_by_year", "year_money"):  # and nothing kept per year
        state.pop(later, None)
    for name in ("reserved_for", "paid_to", "released_for", "returned_by"):
        state[name] = dict(state[name].items())
    old = type(snapshot)(originator_id=snapshot.originator_id, originator_version=snapshot.originator_version,
                         timestamp=snapshot.timestamp, topic=snapshot.topic, state=state)
    record = grants.mapper.to_stored_event(old)
    assert b"class_version" not in record.state and b"ledger" not in record.state

    loaded = grants.mapper.to_domain_event(record).mutate(None)  # type: ignore[attr-defined]
    assert (loaded.reserved, loaded.paid, loaded.remaining) == (now.reserved, now.paid, now.remaining)
    assert (loaded.reserved, loaded.paid) == (Decimal("250000.00"), Decimal("400000.00"))
    assert loaded.reserved_for == now.reserved_for and loaded.outstanding_for(paid.id) == 0


def test_events_no_command_records_any_more_still_replay(grants: Grants, world: World) -> None:
    """An earlier release recorded a report's due date and receipt on the application
    itself (`ReportDue`, `ReportReceived`); the commands are gone, their events replay."""
    paid = world.paid("400000")
    app = grants.get_application(paid.id)
    app.trigger_event(Application.ReportDue, timestamp=app.modified_on, actor=FINANCE_ACTOR,
                      due_on=date(2026, 3, 1))
    app.trigger_event(Application.ReportReceived, timestamp=app.modified_on, actor=FINANCE_ACTOR,
                      received_on=date(2026, 2, 1), document_ref="Sluttrapport 2026")
    grants.save(app)
    loaded = grants.get_application(paid.id)
    assert (loaded.report_due_on, loaded.report_received_on) == (date(2026, 3, 1), date(2026, 2, 1))
    assert loaded.status == "paid" and loaded.version == app.version


def test_a_version_1_submission_reads_with_the_fields_added_since(grants: Grants, world: World) -> None:
    """A submission recorded before each party's contribution and the plan for lasting
    operation were asked for carries neither; upcast, it reads as having none."""
    app = world.submitted()
    [record] = notifications(grants.recorder, topics=[get_topic(Application.Submitted)])
    state = grants.mapper.transcoder.decode(record.state)
    for later in ("contributions", "lasting_operation"):
        del state["content"][later]
    del state["class_version"]
    old = StoredEvent(record.originator_id, record.originator_version, record.topic,
                      grants.mapper.transcoder.encode(state))
    event: Any = grants.mapper.to_domain_event(old)
    assert (event.content["contributions"], event.content["lasting_operation"]) == ((), "")
    loaded = event.mutate(None)
    assert (loaded.contributions, loaded.lasting_operation, loaded.attachments) == ((), "", {})
    assert loaded.reference == app.reference


def test_a_version_1_membership_revocation_reads_as_one_with_no_reason(grants: Grants) -> None:
    """Revocations recorded before admin was asked why carry no reason; upcast, None."""
    from domain.membership import Membership
    from domain.person import Person
    from tests.web.support import ISSUER

    person = grants.register_person("Gammel Rolle", "gammel@example.no", ISSUER).value
    membership = Membership.of("auditor")
    grants.grant_membership(person.id, membership, ISSUER)
    grants.revoke_membership(person.id, membership.id, ISSUER, "Byttet jobb")
    [record] = notifications(grants.recorder, topics=[get_topic(Person.MembershipRevoked)])
    state = grants.mapper.transcoder.decode(record.state)
    assert state["reason"] == "Byttet jobb"
    del state["reason"]
    del state["class_version"]
    old = StoredEvent(record.originator_id, record.originator_version, record.topic,
                      grants.mapper.transcoder.encode(state))
    event: Any = grants.mapper.to_domain_event(old)
    assert (event.reason, event.membership_id) == (None, membership.id)
