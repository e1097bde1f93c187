"""One application's whole life through the services, on an SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from application.service import Grants
from domain import errors
from domain.commands import (
    AcceptReport,
    Amend,
    AnswerGrant,
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
from domain.errors import NotFound, StaleVersion
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_2,
    ASSESSOR_ACTOR,
    BODO,
    COMMITTEE_ACTOR,
    COMMITTEE_BODO,
    FINANCE_2,
    FINANCE_ACTOR,
    NLSH,
    FakeClock,
    World,
)


@pytest.fixture
def service(store_url: str, clock: FakeClock):  # type: ignore[no-untyped-def]
    app = Grants(store_url, clock=clock)
    yield app
    app.close()


def test_an_application_from_submission_to_closing(service: Grants, store_url: str, clock: FakeClock) -> None:
    world = World(service, clock, pool_amount=Decimal(4000000))
    # finance tops up the pool after the revised national budget
    topped = service.increase_pool(world.pool_id, amount="1000000", reason="RNB 2024", actor=FINANCE_ACTOR)
    assert topped.value.total == Decimal("5000000.00")
    # the applicant submits and amends before the deadline
    app = world.submitted()
    assert app.reference == "RST-2025-0001"
    service.run(Amend(app.id, changes={"requested_amount": Decimal(1200000)}), actor=APPLICANT_ACTOR)
    # the secretariat screens, two assessors score, one prioritises
    clock.advance(days=50)
    service.run(Screen(app.id, eligible=True, reason="Innenfor formålet"), actor=ASSESSOR_ACTOR)
    service.run(Score(app.id, scores={"effekt": 4, "samarbeid": 3}, comment="Solid"), actor=ASSESSOR_ACTOR)
    service.run(Score(app.id, scores={"effekt": 5, "samarbeid": 5}, comment="Svært godt"), actor=ASSESSOR_2)
    service.run(Prioritise(app.id, rank=1, recommended_amount="1000000"), actor=ASSESSOR_ACTOR)
    # a committee member from Bodø steps aside; the chair approves and the pool reserves
    service.run(DeclareRecusal(app.id, reason="Ansatt i Bodø kommune"), actor=COMMITTEE_BODO)
    approved = service.run(Approve(app.id, amount="1000000", reasons="Redusert",
        conditions="Sluttrapport innen ett år",
                                   decision_ref="KU-12/2025"),
                           actor=COMMITTEE_ACTOR)
    assert approved.value.status == "approved"
    pool = service.get_pool(world.pool_id)
    assert (pool.reserved, pool.remaining) == (Decimal("1000000.00"), Decimal("4000000.00"))
    # the recipient accepts the grant, then the agreement, then two instalments; a repeated payment
    # reference pays nothing
    service.run(AnswerGrant(app.id, accept=True), actor=APPLICANT_ACTOR)
    service.run(RegisterAgreement(app.id, signed_on=date(2025, 3, 1), parties=[BODO.org_no, NLSH.org_no],
                                  document_ref="Avtale 2025/7", patient_responsibility="HF under innleggelse"),
                actor=ASSESSOR_ACTOR)
    first = service.run(Disburse(app.id, amount="600000", payment_reference="UTB-1"), actor=FINANCE_ACTOR)
    repeat = service.run(Disburse(app.id, amount="600000", payment_reference="UTB-1"), actor=FINANCE_ACTOR)
    assert (first.created, repeat.created, repeat.position) == (True, False, None)
    service.run(Disburse(app.id, amount="400000", payment_reference="UTB-2"), actor=FINANCE_2)
    # finance gives notice of a reclaim; once the date to comment by has passed it reclaims
    # unused money, which is repaid; asks for and receives the report, closes
    service.run(GiveNotice(app.id, intent="reclaim", text="Deler av tilskuddet er ikke brukt", amount="150000",
                           comment_by=clock.now.date() + timedelta(days=14)), actor=FINANCE_ACTOR)
    with pytest.raises(errors.NotHeard):
        service.run(Reclaim(app.id, amount="150000", reason="Ubrukte midler", due_on=date(2025, 12, 31)),
                    actor=FINANCE_ACTOR)
    clock.advance(days=15)
    service.run(Reclaim(app.id, amount="150000", reason="Ubrukte midler", due_on=date(2025, 12, 31)),
                actor=FINANCE_ACTOR)
    assert service.get_pool(world.pool_id).returned == 0  # claimed, not yet received
    service.run(RecordRepayment(app.id, amount="150000", received_on=clock.now.date(), reference="INNB-1"),
                actor=FINANCE_ACTOR)
    service.run(RequireReport(app.id, kind="final", due_on=date(2026, 3, 1), reason="Sluttrapport"),
                actor=FINANCE_ACTOR)
    service.run(SubmitReport(app.id, report_id="final-1", text="Sluttrapport", spent_amount="850000"),
                actor=APPLICANT_ACTOR)
    service.run(AcceptReport(app.id, report_id="final-1", comment=None), actor=FINANCE_ACTOR)
    closed = service.run(Close(app.id, reason="Sluttrapport godkjent"), actor=FINANCE_ACTOR)

    final = closed.value
    assert (final.status, final.granted_amount, final.paid_amount, final.reclaimed_amount) == (
        "closed", Decimal("1000000.00"), Decimal("1000000.00"), Decimal("150000.00"))
    assert final.total_score == Decimal("4.38")  # ((12+3)/4 + (15+5)/4) / 2 = 4.375
    pool = service.get_pool(world.pool_id)
    assert (pool.total, pool.reserved, pool.paid, pool.returned, pool.remaining) == (
        Decimal("5000000.00"), Decimal("0.00"), Decimal("1000000.00"), Decimal("150000.00"),
        Decimal("4150000.00"))
    # a fresh service on the same store rebuilds exactly the same state from the log
    fresh = Grants(store_url, clock=clock)
    try:
        assert fresh.get_application(app.id) == final
        assert fresh.get_pool(world.pool_id) == pool
    finally:
        fresh.close()


def test_reading_as_of_a_version_or_a_moment(service: Grants, clock: FakeClock) -> None:
    world = World(service, clock, pool_amount=Decimal(3000000))
    first, second = world.prioritised(), world.prioritised()
    service.run(Approve(first.id, amount="1000000", reasons="Redusert",
        conditions="", decision_ref="KU-1"), actor=COMMITTEE_ACTOR)
    clock.advance(hours=1)
    between = clock.now
    clock.advance(hours=1)
    service.run(Approve(second.id, amount="1000000", reasons="Redusert",
        conditions="", decision_ref="KU-2"), actor=COMMITTEE_ACTOR)
    # the pool as of a moment between the two approvals shows only the first
    assert service.get_pool(world.pool_id, as_of=between).reserved == Decimal("1000000.00")
    assert service.get_pool(world.pool_id).reserved == Decimal("2000000.00")
    # every event's time gives the state right after that event
    for version in range(1, service.get_application(second.id).version + 1):
        at_version = service.get_application(second.id, version=version)
        assert service.get_application(second.id, as_of=at_version.modified_on) == at_version
    with pytest.raises(NotFound):
        service.get_application(second.id, as_of=second.created_on - timedelta(seconds=1))


def test_a_stale_expected_version_is_refused(service: Grants, clock: FakeClock) -> None:
    app = World(service, clock).scored()
    before = service.recorder.max_notification_id()
    with pytest.raises(StaleVersion):
        service.run(Prioritise(app.id, rank=1, recommended_amount="1000"), actor=ASSESSOR_ACTOR,
                    expected_version=app.version - 1)
    assert service.recorder.max_notification_id() == before
    done = service.run(Prioritise(app.id, rank=1, recommended_amount="1000"), actor=ASSESSOR_ACTOR,
                       expected_version=app.version)
    assert done.value.version == app.version + 1


def test_tokens_are_issued_authenticated_and_revoked(service: Grants) -> None:
    from domain.values import Actor

    admin = Actor("op", "Operatør", "admin")
    token, _issued = service.issue_token("applicant", admin, holder="Hilde", org_no=BODO.org_no)
    actor = service.authenticate(token)
    assert (actor.role, actor.org_no, actor.name) == ("applicant", BODO.org_no, "Hilde")
    # only the hash is stored: the token itself appears in no stored event
    rows = service.recorder.select_notifications(start=None, limit=100)
    assert all(token.encode() not in row.state for row in rows)
    service.revoke_token(token, admin)
    with pytest.raises(NotFound):
        service.authenticate(token)
    with pytest.raises(NotFound):
        service.authenticate(token + "x")


def test_a_repeated_payment_answers_even_with_a_stale_version_but_a_new_one_does_not(
        service: Grants, clock: FakeClock) -> None:
    app = World(service, clock).agreed()
    first = service.run(Disburse(app.id, amount="100", payment_reference="UTB-1"), actor=FINANCE_ACTOR,
                        expected_version=app.version)
    # the client repeats its request with the version it had: the first payment is the answer
    repeat = service.run(Disburse(app.id, amount="100", payment_reference="UTB-1"), actor=FINANCE_ACTOR,
                         expected_version=app.version)
    assert (repeat.created, repeat.value.version) == (False, first.value.version)
    with pytest.raises(StaleVersion):
        service.run(Disburse(app.id, amount="100", payment_reference="UTB-2"), actor=FINANCE_ACTOR,
                    expected_version=app.version)
    assert service.get_application(app.id).paid_amount == Decimal("100.00")
