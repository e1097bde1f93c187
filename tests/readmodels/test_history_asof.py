"""Decision history and replay as of any moment, for an application taken through
every stage: the state as of each event's time is the state right after that event."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from application.service import Grants
from domain.commands import (
    AcceptReport,
    Amend,
    AnswerGrant,
    AnswerNotice,
    Approve,
    Close,
    DeclareRecusal,
    Disburse,
    GiveNotice,
    Prioritise,
    Reclaim,
    RecordRepayment,
    RegisterAgreement,
    RequireReport,
    Score,
    Screen,
    SubmitReport,
)
from domain.errors import InvalidInput
from infrastructure.sql import reading
from readmodels import listing
from readmodels.asof import application_as_of, budget_as_of, replay_as_of
from readmodels.documents import application_document
from readmodels.service import ReadModels
from tests.readmodels.support import grants_cli
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_2,
    ASSESSOR_ACTOR,
    BODO,
    COMMITTEE_ACTOR,
    COMMITTEE_BODO,
    FINANCE_ACTOR,
    NLSH,
    FakeClock,
    World,
)


def _every_stage(world: World, clock: FakeClock) -> Any:
    """One application through submission, amendment, screening, two scorings, a
    recusal, prioritisation, approval, agreement, two payments, report due and
    received, a reclaim and closure — an hour between steps."""
    grants = world.grants
    app = world.submitted()
    steps = [
        lambda: grants.run(Amend(app.id, changes={"title": "FACT-team for Salten og Bodø"}), actor=APPLICANT_ACTOR),
        lambda: grants.run(Screen(app.id, eligible=True, reason="Oppfyller kriteriene"), actor=ASSESSOR_ACTOR),
        lambda: grants.run(Score(app.id, scores={"effekt": 4, "samarbeid": 3}, comment="Godt forankret"),
                           actor=ASSESSOR_ACTOR),
        lambda: grants.run(Score(app.id, scores={"effekt": 5, "samarbeid": 4}, comment="Sterkt"), actor=ASSESSOR_2),
        lambda: grants.run(DeclareRecusal(app.id, reason="Ansatt i Bodø kommune"), actor=COMMITTEE_BODO),
        lambda: grants.run(Prioritise(app.id, rank=1, recommended_amount="900000"), actor=ASSESSOR_ACTOR),
        lambda: grants.run(Approve(app.id, amount="900000", reasons="Redusert",
            conditions="Sluttrapport innen ett år",
                                   decision_ref="KU-7/2025"),
                           actor=COMMITTEE_ACTOR),
        lambda: grants.run(AnswerGrant(app.id, accept=True), actor=APPLICANT_ACTOR),
        lambda: grants.run(RegisterAgreement(app.id, signed_on=date(2025, 1, 10), parties=[BODO.org_no, NLSH.org_no],
                                             document_ref="Avtale 7",
                                             patient_responsibility="HF under innleggelse, kommunen etterpå"),
                           actor=ASSESSOR_ACTOR),
        lambda: grants.run(Disburse(app.id, amount="500000", payment_reference="UTB-1"), actor=FINANCE_ACTOR),
        lambda: grants.run(Disburse(app.id, amount="400000", payment_reference="UTB-2"), actor=FINANCE_ACTOR),
        lambda: grants.run(RequireReport(app.id, kind="final", due_on=date(2025, 6, 1), reason="Sluttrapport"),
                           actor=FINANCE_ACTOR),
        lambda: grants.run(SubmitReport(app.id, report_id="final-1", text="Sluttrapport 7", spent_amount="900000"),
                           actor=APPLICANT_ACTOR),
        lambda: grants.run(AcceptReport(app.id, report_id="final-1", comment=None), actor=FINANCE_ACTOR),
        lambda: grants.run(GiveNotice(app.id, intent="reclaim", text="50 000 kr er ikke brukt", amount="50000",
                                      comment_by=date(2025, 2, 28)), actor=FINANCE_ACTOR),
        lambda: grants.run(AnswerNotice(app.id, answer="Vi er enige"), actor=APPLICANT_ACTOR),
        lambda: grants.run(Reclaim(app.id, amount="50000", reason="Ubrukte midler", due_on=date(2025, 12, 31)),
                           actor=FINANCE_ACTOR),
        lambda: grants.run(RecordRepayment(app.id, amount="50000", received_on=date(2025, 1, 10), reference="I-1"),
                           actor=FINANCE_ACTOR),
        lambda: grants.run(Close(app.id, reason="Tiltaket er avsluttet"), actor=FINANCE_ACTOR),
    ]
    for step in steps:
        clock.advance(hours=1)
        step()
    clock.advance(hours=1)
    return app.id


def _stored_events(grants: Grants, application_id: Any) -> list[Any]:
    return list(grants.repository.event_store.get(application_id))


def test_the_state_as_of_each_events_time_is_the_state_right_after_it(
        system: tuple[Grants, ReadModels], store_world: World, clock: FakeClock) -> None:
    grants, models = system
    application_id = _every_stage(store_world, clock)
    models.catch_up()
    events = _stored_events(grants, application_id)
    assert len(events) == 20  # submission to closing: every step recorded, the notice and its answer too
    with reading(models.engine) as connection:
        history = listing.history(connection, models.audit, models.applications, str(application_id))
    assert [row["aggregate_version"] for row in history] == [e.originator_version for e in events]
    statuses_seen = set()
    for event, step in zip(events, history, strict=True):
        after = application_document(grants.get_application(application_id, version=event.originator_version))
        for moment in (event.timestamp, event.timestamp + timedelta(minutes=30)):
            assert application_as_of(models, str(application_id), moment) == after
            (replayed,) = [d for d in replay_as_of(models, moment).applications if d["id"] == str(application_id)]
            assert replayed == after
        assert step["status_after"] == after["status"]
        assert (step["actor_id"], step["role"]) == (event.actor.id, event.actor.role)
        assert step["recorded_at"] == event.timestamp
        statuses_seen.add(after["status"])
    assert statuses_seen == {"submitted", "under_review", "prioritised", "approved", "paid", "closed"}
    # the history says why: reasons and comments are in each step's summary and data
    summaries = " ".join(row["summary"] for row in history)
    for reason in ("Oppfyller kriteriene", "Ansatt i Bodø kommune", "Ubrukte midler", "Tiltaket er avsluttet"):
        assert reason in summaries
    assert history[3]["data"]["scoring"]["comment"] == "Godt forankret"


def test_the_budget_replayed_at_each_money_event_shows_only_what_happened_by_then(
        system: tuple[Grants, ReadModels], store_world: World, clock: FakeClock) -> None:
    grants, models = system
    application_id = _every_stage(store_world, clock)
    models.catch_up()
    pool_events = _stored_events(grants, store_world.pool_id)
    for event in pool_events:
        pool = grants.get_pool(store_world.pool_id, version=event.originator_version)
        (owner,) = budget_as_of(models, event.timestamp).owners
        assert (owner.total, owner.reserved, owner.paid, owner.returned, owner.remaining) == (
            pool.total, pool.reserved, pool.paid, pool.returned, pool.remaining)
    closed = grants.get_application(application_id)
    assert closed.status == "closed" and closed.reclaimed_amount == Decimal("50000.00")


def test_before_the_first_event_everything_is_empty_and_the_future_is_refused(
        system: tuple[Grants, ReadModels], store_world: World, clock: FakeClock) -> None:
    _, models = system
    first = store_world.approved()
    models.catch_up()
    before = first.created_on - timedelta(days=400)
    replay = replay_as_of(models, before)
    assert (replay.owners, replay.applications, replay.position) == ([], [], 0)
    with pytest.raises(InvalidInput, match="future"):
        replay_as_of(models, clock.now + timedelta(days=1))


def test_grants_audit_replay_prints_the_budget_and_statuses_as_they_stood(
        system: tuple[Grants, ReadModels], store_world: World, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    grants, _ = system
    first = store_world.approved("300000")
    between = clock.now
    clock.advance(hours=2)
    second = store_world.approved("200000")
    monkeypatch.setenv("GRANTS_DATABASE_URL", grants.database_url)
    status, out = grants_cli(capsys, "audit", "replay", "--as-of", between.isoformat())
    assert status == 0, out
    assert "reserved kr 300 000" in out and "remaining kr 9 700 000" in out
    assert f"{first.reference}" in out and second.reference not in out
    status, out = grants_cli(capsys, "audit", "replay", "--as-of", between.isoformat(), "--json")
    assert status == 0
    document = json.loads(out)
    assert document["owners"][0]["reserved"] == "300000.00"
    assert [a["status"] for a in document["applications"]] == ["approved"]
    status, out = grants_cli(capsys, "audit", "replay", "--as-of", "2000-01-01")
    assert status == 0 and "no pool had been opened yet" in out and "Applications (0)" in out
    status, out = grants_cli(capsys, "audit", "replay", "--as-of", (datetime.now(UTC) + timedelta(days=2)).isoformat())
    assert status == 2 and "future" in out
    status, out = grants_cli(capsys, "audit", "replay", "--as-of", "last tuesday")
    assert status == 2 and "ISO 8601" in out
