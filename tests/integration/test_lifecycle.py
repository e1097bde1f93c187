"""One application's whole life through the services, on an SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from application.service import Grants
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
    topped = service.increase_pool(world.pool_id, "1000000", "RNB 2024", FINANCE_ACTOR)
    assert topped.value.total == Decimal("5000000.00")
    # the applicant submits and amends before the deadline
    app = world.submitted()
    assert app.reference == "RST-2025-0001"
    service.amend_application(app.id, {"requested_amount": Decimal(1200000)}, APPLICANT_ACTOR)
    # the secretariat screens, two assessors score, one prioritises
    clock.advance(days=50)
    service.screen_application(app.id, True, "Innenfor formålet", ASSESSOR_ACTOR)
    service.score_application(app.id, {"effekt": 4, "samarbeid": 3}, "Solid", ASSESSOR_ACTOR)
    service.score_application(app.id, {"effekt": 5, "samarbeid": 5}, "Svært godt", ASSESSOR_2)
    service.prioritise_application(app.id, 1, "1000000", ASSESSOR_ACTOR)
    # a committee member from Bodø steps aside; the chair approves and the pool reserves
    service.declare_recusal(app.id, "Ansatt i Bodø kommune", COMMITTEE_BODO)
    approved = service.approve_application(app.id, "1000000", "Sluttrapport innen ett år", "KU-12/2025",
                                           COMMITTEE_ACTOR)
    assert approved.value.status == "approved"
    pool = service.get_pool(world.pool_id)
    assert (pool.reserved, pool.remaining) == (Decimal("1000000.00"), Decimal("4000000.00"))
    # agreement, then two instalments; a repeated payment reference pays nothing
    service.register_agreement(app.id, date(2025, 3, 1), [BODO.org_no, NLSH.org_no], "Avtale 2025/7",
                               "HF under innleggelse", ASSESSOR_ACTOR)
    first = service.disburse(app.id, "600000", "UTB-1", FINANCE_ACTOR)
    repeat = service.disburse(app.id, "600000", "UTB-1", FINANCE_ACTOR)
    assert (first.created, repeat.created, repeat.position) == (True, False, None)
    service.disburse(app.id, "400000", "UTB-2", FINANCE_2)
    # finance reclaims unused money, asks for and receives the report, closes
    service.reclaim(app.id, "150000", "Ubrukte midler", FINANCE_ACTOR)
    service.require_report(app.id, "final", date(2026, 3, 1), "Sluttrapport", FINANCE_ACTOR)
    service.submit_report(app.id, "final-1", "Sluttrapport", "850000", APPLICANT_ACTOR)
    service.accept_report(app.id, "final-1", None, FINANCE_ACTOR)
    closed = service.close_application(app.id, "Sluttrapport godkjent", FINANCE_ACTOR)

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
    service.approve_application(first.id, "1000000", "", "KU-1", COMMITTEE_ACTOR)
    clock.advance(hours=1)
    between = clock.now
    clock.advance(hours=1)
    service.approve_application(second.id, "1000000", "", "KU-2", COMMITTEE_ACTOR)
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
        service.prioritise_application(app.id, 1, "1000", ASSESSOR_ACTOR, expected_version=app.version - 1)
    assert service.recorder.max_notification_id() == before
    done = service.prioritise_application(app.id, 1, "1000", ASSESSOR_ACTOR, expected_version=app.version)
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
    first = service.disburse(app.id, "100", "UTB-1", FINANCE_ACTOR, expected_version=app.version)
    # the client repeats its request with the version it had: the first payment is the answer
    repeat = service.disburse(app.id, "100", "UTB-1", FINANCE_ACTOR, expected_version=app.version)
    assert (repeat.created, repeat.value.version) == (False, first.value.version)
    with pytest.raises(StaleVersion):
        service.disburse(app.id, "100", "UTB-2", FINANCE_ACTOR, expected_version=app.version)
    assert service.get_application(app.id).paid_amount == Decimal("100.00")
