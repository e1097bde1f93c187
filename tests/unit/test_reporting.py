"""Reporting after a grant, in the domain: requirements, the applicant's report, acceptance
and return, the holdback kept until the final report is accepted, and an overdue report
blocking payment."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain import errors
from domain.application import Application
from domain.followup import ACCEPTED, DUE, RECEIVED, RETURNED, FollowUp
from tests.unit.test_application import LATER, at_stage
from workloads.builders import APPLICANT_ACTOR, ASSESSOR_ACTOR, COMMITTEE_ACTOR, FINANCE_ACTOR, OTHER_APPLICANT

AUTUMN = datetime(2025, 10, 1, tzinfo=UTC)


def granted(terms: FollowUp | None = None) -> Application:
    app = at_stage("agreed")  # 900 000 granted, budget year 2025
    app.take_round_terms(terms, COMMITTEE_ACTOR, LATER)
    return app


def test_the_round_terms_hold_back_a_share_and_require_the_final_report() -> None:
    app = granted(FollowUp(Decimal(20), 3))
    assert app.holdback == Decimal("180000.00")
    (final,) = app.reports.values()
    assert (final.id, final.kind, final.due_on, final.status) == ("final-1", "final", date(2026, 3, 31), DUE)


def test_the_holdback_is_paid_only_after_the_final_report_is_accepted() -> None:
    app = granted(FollowUp(Decimal(20), 3))
    app.disburse("720000", "P1", FINANCE_ACTOR, LATER)  # everything but the 20 %
    with pytest.raises(errors.HeldBack, match="final-1"):
        app.disburse("1", "P2", FINANCE_ACTOR, LATER)
    app.submit_report("final-1", "Tiltaket er gjennomført.", "880000", APPLICANT_ACTOR, LATER)
    with pytest.raises(errors.HeldBack):  # received is not accepted
        app.disburse("180000", "P2", FINANCE_ACTOR, LATER)
    app.accept_report("final-1", "Godkjent", ASSESSOR_ACTOR, LATER)
    app.disburse("180000", "P2", FINANCE_ACTOR, LATER)
    assert app.paid_amount == app.granted_amount == Decimal(900000)


def test_an_overdue_report_blocks_payment_until_it_is_received() -> None:
    app = granted()
    app.require_report("interim", date(2025, 9, 1), "Midtveisrapport", FINANCE_ACTOR, LATER)
    app.disburse("100000", "P1", FINANCE_ACTOR, LATER)  # not yet due
    with pytest.raises(errors.ReportOverdue, match="interim-1"):
        app.disburse("100000", "P2", FINANCE_ACTOR, AUTUMN)
    app.submit_report("interim-1", "Halvveis.", "300000", APPLICANT_ACTOR, AUTUMN)
    app.disburse("100000", "P2", FINANCE_ACTOR, AUTUMN)
    assert app.paid_amount == Decimal(200000)


def test_a_returned_report_is_owed_again_and_may_be_moved() -> None:
    app = granted()
    report = app.require_report("final", date(2025, 12, 31), "Sluttrapport", FINANCE_ACTOR, LATER)
    app.submit_report(report, "Kort.", "0", APPLICANT_ACTOR, LATER)
    assert app.reports[report].status == RECEIVED
    app.return_report(report, "Mangler regnskap", FINANCE_ACTOR, LATER)
    assert (app.reports[report].status, app.reports[report].comment) == (RETURNED, "Mangler regnskap")
    app.move_report(report, date(2026, 2, 1), "Avtalt utsettelse", FINANCE_ACTOR, LATER)
    app.submit_report(report, "Med regnskap.", "850000", APPLICANT_ACTOR, LATER)
    app.accept_report(report, None, FINANCE_ACTOR, LATER)
    assert (app.reports[report].status, app.reports[report].due_on) == (ACCEPTED, date(2026, 2, 1))


@pytest.mark.parametrize(("command", "error"), [
    (lambda a: a.require_report("yearly", date(2026, 1, 1), "x", FINANCE_ACTOR, LATER), errors.InvalidInput),
    (lambda a: a.require_report("final", "2026-01-01", "x", FINANCE_ACTOR, LATER), errors.InvalidInput),
    (lambda a: a.require_report("final", date(2026, 1, 1), "x", APPLICANT_ACTOR, LATER), errors.NotPermitted),
    (lambda a: a.submit_report("final-9", "t", "0", APPLICANT_ACTOR, LATER), errors.InvalidInput),
    (lambda a: a.submit_report("final-1", "t", "0", OTHER_APPLICANT, LATER), errors.NotYours),
    (lambda a: a.submit_report("final-1", "t", "-5", APPLICANT_ACTOR, LATER), errors.InvalidAmount),
    (lambda a: a.accept_report("final-1", None, FINANCE_ACTOR, LATER), errors.WrongStatus),
    (lambda a: a.return_report("final-1", "", FINANCE_ACTOR, LATER), errors.WrongStatus),
])
def test_refused_report_commands_record_nothing(command: object, error: type[Exception]) -> None:
    app = granted(FollowUp(Decimal(10), 6))
    version = app.version
    with pytest.raises(error):
        command(app)  # type: ignore[operator]
    assert app.version == version and not app.collect_events()[version:]


def test_a_round_refuses_terms_that_cannot_be() -> None:
    with pytest.raises(errors.InvalidInput, match="holdback_percent"):
        FollowUp(Decimal(80)).validated()
    with pytest.raises(errors.InvalidInput, match="final_report_months"):
        FollowUp(Decimal(10), 0).validated()
    assert FollowUp(Decimal(10), 14).final_report_due(2025) == date(2027, 2, 28)
