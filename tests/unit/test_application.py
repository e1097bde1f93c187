"""Application: every status transition and every rule, on the aggregate in memory."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from domain import errors
from domain.application import Application
from domain.round import Round
from domain.statuses import TRANSITIONS, Status
from domain.values import Actor, BudgetLine, Organisation
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_2,
    ASSESSOR_ACTOR,
    BODO,
    COMMITTEE_ACTOR,
    COMMITTEE_BODO,
    CRITERIA,
    DEADLINE,
    FINANCE_2,
    FINANCE_ACTOR,
    NLSH,
    NORD,
    OTHER_APPLICANT,
    TROMSO,
    content,
    hear,
    registry,
)

PLACES = (registry(), NORD.id, (2025,))  # where applications belong: the builders' organisations, the pool's year

BEFORE = datetime(2025, 2, 28, 22, 59, tzinfo=UTC)  # 23:59 in Oslo on 28 Feb
AFTER = datetime(2025, 3, 1, 23, 0, tzinfo=UTC)  # 00:00 in Oslo on 2 March
LATER = datetime(2025, 6, 1, tzinfo=UTC)
SCORES = {"effekt": 4, "samarbeid": 3}


def a_round(requires_own: bool = True) -> Round:
    from uuid import uuid4

    return Round.open(uuid4(), "Utlysning", DEADLINE, CRITERIA, requires_own, FINANCE_ACTOR, BEFORE)


def closed_round() -> Round:
    round_ = a_round()
    round_.close(FINANCE_ACTOR, BEFORE)
    return round_


def submitted(**overrides: Any) -> Application:
    return Application.submit(a_round(), "RST-2025-0001", content(**overrides), APPLICANT_ACTOR, BEFORE, *PLACES)


DUE = date(2026, 1, 31)  # a repayment's due date after LATER


def at_stage(stage: str) -> Application:
    """An application carried to `stage` by the legal path."""
    if stage == "screened_out":
        app = at_stage("scored")
        app.screen(False, "Utenfor formålet", ASSESSOR_2, LATER)
        return app
    if stage in ("rejected", "withdrawn"):
        app = at_stage("prioritised")
        if stage == "rejected":
            app.reject("Lavere prioritert", "KU-sak 4/2025", COMMITTEE_ACTOR, LATER)
        else:
            app.withdraw("Trukket", APPLICANT_ACTOR, LATER)
        return app
    if stage == "heard":  # paid, and the parties heard on a reclaim
        app = at_stage("paid")
        hear(app, "reclaim", LATER)
        return app
    if stage == "part_paid":
        app = at_stage("agreed")
        app.disburse("100", "P1", FINANCE_ACTOR, LATER)
        return app
    app = submitted()
    steps: list[tuple[str, Callable[[Application], Any]]] = [
        ("scored", lambda a: a.score(a_round(), SCORES, "", ASSESSOR_ACTOR, LATER)),
        ("prioritised", lambda a: a.prioritise(1, "900000", ASSESSOR_ACTOR, LATER)),
        ("approved", lambda a: a.approve("900000", "", "KU-1", COMMITTEE_ACTOR, LATER,
                                         reasons="Redusert etter prioritering")),
        ("accepted", lambda a: a.answer_grant(True, "", APPLICANT_ACTOR, LATER)),
        ("agreed", lambda a: a.register_agreement(date(2025, 5, 1), [BODO.org_no, NLSH.org_no], "Avtale", "HF",
                                                  ASSESSOR_ACTOR, LATER)),
        ("paid", lambda a: a.disburse("900000", "P1", FINANCE_ACTOR, LATER)),
        ("reported", lambda a: (a.require_report("final", date(2026, 3, 1), "", FINANCE_ACTOR, LATER),
                                a.submit_report("final-1", "Ferdig", "900000", APPLICANT_ACTOR, LATER),
                                a.accept_report("final-1", None, ASSESSOR_ACTOR, LATER))),
        ("closed", lambda a: a.close("Ferdig", FINANCE_ACTOR, LATER)),
    ]
    for name, step in steps:
        if stage == "submitted":
            break
        step(app)
        if name == stage:
            break
    return app


def test_the_happy_path_visits_every_status_in_order() -> None:
    seen = [at_stage(s).status for s in ("submitted", "scored", "prioritised", "approved", "paid", "closed")]
    assert seen == [Status.SUBMITTED, Status.UNDER_REVIEW, Status.PRIORITISED, Status.APPROVED, Status.PAID,
                    Status.CLOSED]
    for before, after in itertools.pairwise(seen):
        assert after in TRANSITIONS[before]


def test_total_score_is_the_mean_of_each_assessors_weighted_mean() -> None:
    app = submitted()
    app.score(a_round(), {"effekt": 4, "samarbeid": 3}, "", ASSESSOR_ACTOR, LATER)  # (12+3)/4 = 3.75
    app.score(a_round(), {"effekt": 2, "samarbeid": 5}, "", ASSESSOR_2, LATER)  # (6+5)/4 = 2.75
    assert app.total_score == Decimal("3.25")


def test_disbursing_in_instalments_pays_in_full_then_the_status_is_paid() -> None:
    app = at_stage("agreed")
    assert app.disburse("400000", "P1", FINANCE_ACTOR, LATER)
    assert app.status == Status.APPROVED
    assert app.disburse("500000", "P2", FINANCE_ACTOR, LATER)
    assert (app.status, app.paid_amount) == (Status.PAID, Decimal("900000.00"))


def test_the_same_payment_reference_pays_once() -> None:
    app = at_stage("agreed")
    assert app.disburse("400000", "P1", FINANCE_ACTOR, LATER)
    version = app.version
    assert app.disburse("400000", "P1", FINANCE_ACTOR, LATER) is False
    assert (app.version, app.paid_amount) == (version, Decimal("400000.00"))


def test_closing_returns_what_was_never_paid() -> None:
    app = at_stage("agreed")
    app.disburse("400000", "P1", FINANCE_ACTOR, LATER)
    with pytest.raises(errors.ReportMissing):  # money was paid: no closing without a final report
        app.close("Avsluttet tidlig", FINANCE_ACTOR, LATER)
    report = app.require_report("final", date(2026, 3, 1), "", FINANCE_ACTOR, LATER)
    with pytest.raises(errors.ReportMissing):
        app.close("Avsluttet tidlig", FINANCE_ACTOR, LATER)
    app.waive_report(report, "Tiltaket ble stanset; regnskapet for utbetalt beløp er mottatt", FINANCE_ACTOR, LATER)
    with pytest.raises(errors.NotHeard):  # less paid than granted: the parties are heard first
        app.close("Avsluttet tidlig", FINANCE_ACTOR, LATER)
    app.give_notice("close", "Tiltaket er stanset; resten utbetales ikke.", date(2025, 6, 15), FINANCE_ACTOR, LATER)
    with pytest.raises(errors.NotHeard):  # not before the date to comment by, unless they answer
        app.close("Avsluttet tidlig", FINANCE_ACTOR, datetime(2025, 6, 15, 12, tzinfo=UTC))
    assert app.close("Avsluttet tidlig", FINANCE_ACTOR, datetime(2025, 6, 16, 12, tzinfo=UTC)) == Decimal("500000.00")
    assert app.status == Status.CLOSED and app.notices[0].acted


def test_the_recipient_accepts_before_payment_and_a_declined_grant_releases_its_money() -> None:
    app = at_stage("approved")
    assert app.acceptance_due and app.grant_answer is None
    with pytest.raises(errors.NotAccepted):
        app.disburse("100", "P1", FINANCE_ACTOR, LATER)
    with pytest.raises(errors.InvalidInput):  # declining gives a reason
        app.answer_grant(False, "", APPLICANT_ACTOR, LATER)
    assert app.answer_grant(False, "Fikk ikke rekruttert", APPLICANT_ACTOR, LATER) == Decimal("900000.00")
    assert app.status == Status.DECLINED
    with pytest.raises(errors.WrongStatus):
        app.answer_grant(True, "", APPLICANT_ACTOR, LATER)


def test_a_partial_grant_needs_reasons() -> None:
    app = at_stage("prioritised")
    with pytest.raises(errors.InvalidInput, match="reasons"):
        app.approve("900000", "", "KU-1", COMMITTEE_ACTOR, LATER)
    app.approve("1000000", "", "KU-1", COMMITTEE_ACTOR, LATER)  # the whole amount needs none
    assert app.grant_reasons == ""


def test_a_reclaim_is_owed_until_repaid_once_per_reference() -> None:
    app = at_stage("paid")
    with pytest.raises(errors.NotHeard):  # notice first (forvaltningsloven § 16)
        app.reclaim("90000", "Ubrukte midler", date(2026, 1, 31), FINANCE_ACTOR, LATER)
    app.give_notice("reclaim", "10 % av tilskuddet er ikke brukt", date(2025, 6, 20), FINANCE_ACTOR, LATER, "90000")
    with pytest.raises(errors.NotHeard):  # before the date to comment by
        app.reclaim("90000", "Ubrukte midler", date(2026, 1, 31), FINANCE_ACTOR, LATER)
    with pytest.raises(errors.NotPermitted):  # the parties answer, not finance
        app.answer_notice("Vi er enige", FINANCE_ACTOR, LATER)
    app.answer_notice("Vi er enige i beløpet", APPLICANT_ACTOR, LATER)
    with pytest.raises(errors.InvalidInput):
        app.reclaim("90000", "Ubrukt", date(2024, 1, 1), FINANCE_ACTOR, LATER)  # a due date in the past
    app.reclaim("90000", "Ubrukte midler", date(2026, 1, 31), FINANCE_ACTOR, LATER)
    assert (app.reclaimed_amount, app.repaid_amount, app.repayment_outstanding) == (
        Decimal("90000.00"), Decimal(0), Decimal("90000.00"))
    assert app.interest_due(date(2026, 3, 2), Decimal(12)) == Decimal("887.67")  # 30 days at 12 % a year
    assert app.interest_due(date(2026, 3, 2), None) == Decimal(0)
    assert app.record_repayment("60000", date(2025, 6, 1), "INNB-1", FINANCE_ACTOR, LATER) == Decimal("60000.00")
    assert app.record_repayment("60000", date(2025, 6, 1), "INNB-1", FINANCE_ACTOR, LATER) == Decimal(0)
    with pytest.raises(errors.PaymentReferenceReused):
        app.record_repayment("1000", date(2025, 6, 1), "INNB-1", FINANCE_ACTOR, LATER)
    with pytest.raises(errors.OverGranted):
        app.record_repayment("30000.01", date(2025, 6, 1), "INNB-2", FINANCE_ACTOR, LATER)
    app.record_repayment("30000", date(2025, 6, 1), "INNB-2", FINANCE_ACTOR, LATER)
    assert app.repayment_outstanding == Decimal(0) and app.interest_due(date(2026, 3, 2), Decimal(12)) == 0
    with pytest.raises(errors.NotHeard):  # the notice was used: another claim needs its own
        app.reclaim("1000", "Mer ubrukt", date(2026, 1, 31), FINANCE_ACTOR, LATER)


def test_withdrawal_is_possible_before_a_decision() -> None:
    for stage in ("submitted", "scored", "prioritised"):
        app = at_stage(stage)
        app.withdraw("Fikk andre midler", APPLICANT_ACTOR, LATER)
        assert app.status == Status.WITHDRAWN


def test_rejection_records_the_reasons() -> None:
    app = at_stage("prioritised")
    app.reject("Lavere prioritert", "KU-sak 4/2025", COMMITTEE_ACTOR, LATER)
    assert (app.status, app.rejection_reasons) == (Status.REJECTED, "Lavere prioritert")


def test_a_recused_member_may_not_decide_but_another_may() -> None:
    app = at_stage("prioritised")
    app.declare_recusal("Ansatt i Bodø kommune", COMMITTEE_BODO, LATER)
    with pytest.raises(errors.Recused):
        app.approve("900000", "", "KU-1", COMMITTEE_BODO, LATER, reasons="Redusert")
    app.approve("900000", "", "KU-1", COMMITTEE_ACTOR, LATER, reasons="Redusert")
    assert app.status == Status.APPROVED


def test_amendment_changes_only_what_differs() -> None:
    app = submitted()
    app.amend(a_round(), {"title": "Nytt navn", "requested_amount": Decimal(1000000)}, APPLICANT_ACTOR, BEFORE,
              *PLACES)
    assert app.pending_events[-1].changes == {"title": "Nytt navn"}  # type: ignore[attr-defined]
    assert app.title == "Nytt navn"


ASSESSOR_TROMSO = Actor("assessor-9", "Annen", "assessor", community_id="hf-unn")
ASSESSOR_FROM_NLSH = Actor("assessor-8", "Inhabil", "assessor", org_no=NLSH.org_no, community_id="hf-lvs")

# (stage, command, error): each refused command records nothing
RULES: list[tuple[str, Callable[[Application], Any], type[Exception]]] = [
    # submission and amendment
    ("submitted", lambda a: a.amend(a_round(), {"title": "x"}, APPLICANT_ACTOR, AFTER, *PLACES), errors.DeadlinePassed),
    ("submitted", lambda a: a.amend(a_round(), {"title": "x"}, OTHER_APPLICANT, BEFORE, *PLACES), errors.NotPermitted),
    ("submitted", lambda a: a.amend(closed_round(), {"title": "x"}, APPLICANT_ACTOR, BEFORE, *PLACES),
     errors.RoundClosed),
    ("submitted", lambda a: a.score(a_round(), SCORES, ["not", "text"], ASSESSOR_ACTOR, LATER),  # type: ignore
     errors.InvalidInput),
    ("submitted", lambda a: a.amend(a_round(), {"round_id": "x"}, APPLICANT_ACTOR, BEFORE, *PLACES),
     errors.InvalidInput),
    ("submitted", lambda a: a.amend(a_round(), {"applicant": TROMSO}, APPLICANT_ACTOR, BEFORE, *PLACES),
     errors.NotPermitted),
    ("submitted", lambda a: a.amend(a_round(), {"title": a.title}, APPLICANT_ACTOR, BEFORE, *PLACES),
     errors.InvalidInput),
    ("prioritised", lambda a: a.amend(a_round(), {"title": "x"}, APPLICANT_ACTOR, BEFORE, *PLACES), errors.WrongStatus),
    ("submitted", lambda a: a.withdraw("x", OTHER_APPLICANT, LATER), errors.NotPermitted),
    ("submitted", lambda a: a.withdraw(" ", APPLICANT_ACTOR, LATER), errors.InvalidInput),
    ("approved", lambda a: a.withdraw("x", APPLICANT_ACTOR, LATER), errors.WrongStatus),
    # assessment
    ("submitted", lambda a: a.score(a_round(), SCORES, "", COMMITTEE_ACTOR, LATER), errors.NotPermitted),
    ("submitted", lambda a: a.score(a_round(), SCORES, "", ASSESSOR_TROMSO, LATER), errors.NotPermitted),
    ("submitted", lambda a: a.score(a_round(), SCORES, "", ASSESSOR_FROM_NLSH, LATER), errors.ConflictOfInterest),
    ("scored", lambda a: a.score(a_round(), SCORES, "", ASSESSOR_ACTOR, LATER), errors.AlreadyScored),
    ("submitted", lambda a: a.score(a_round(), {"effekt": 6, "samarbeid": 1}, "", ASSESSOR_ACTOR, LATER),
     errors.InvalidInput),
    ("submitted", lambda a: a.score(a_round(), {"effekt": 3}, "", ASSESSOR_ACTOR, LATER), errors.InvalidInput),
    ("submitted", lambda a: a.score(a_round(), {"effekt": 3, "samarbeid": True}, "", ASSESSOR_ACTOR, LATER),
     errors.InvalidInput),
    ("approved", lambda a: a.score(a_round(), SCORES, "", ASSESSOR_2, LATER), errors.WrongStatus),
    ("submitted", lambda a: a.screen("ja", "x", ASSESSOR_ACTOR, LATER), errors.InvalidInput),
    ("submitted", lambda a: a.prioritise(1, "100", ASSESSOR_ACTOR, LATER), errors.WrongStatus),
    ("scored", lambda a: a.prioritise(0, "100", ASSESSOR_ACTOR, LATER), errors.InvalidInput),
    ("scored", lambda a: a.prioritise(1, "1000000.01", ASSESSOR_ACTOR, LATER), errors.OverGranted),
    ("screened_out", lambda a: a.prioritise(1, "100", ASSESSOR_ACTOR, LATER), errors.NotEligible),
    # decision
    ("scored", lambda a: a.approve("100", "", "KU-1", COMMITTEE_ACTOR, LATER), errors.WrongStatus),
    ("prioritised", lambda a: a.approve("1000000.01", "", "KU-1", COMMITTEE_ACTOR, LATER), errors.OverGranted),
    ("prioritised", lambda a: a.approve("100", "", "KU-1", FINANCE_ACTOR, LATER), errors.NotPermitted),
    ("prioritised", lambda a: a.approve("100", "", "KU-1", COMMITTEE_BODO, LATER), errors.ConflictOfInterest),
    ("prioritised", lambda a: a.approve("100", "", " ", COMMITTEE_ACTOR, LATER), errors.InvalidInput),
    ("prioritised", lambda a: a.reject("x", "KU-sak 5/2025", COMMITTEE_BODO, LATER), errors.ConflictOfInterest),
    ("prioritised", lambda a: a.reject("", "KU-sak 5/2025", COMMITTEE_ACTOR, LATER), errors.InvalidInput),
    ("approved", lambda a: a.reject("x", "KU-sak 5/2025", COMMITTEE_ACTOR, LATER), errors.WrongStatus),
    ("approved", lambda a: a.declare_recusal("x", COMMITTEE_BODO, LATER), errors.WrongStatus),
    # agreement and payout
    ("approved", lambda a: a.disburse("100", "P1", FINANCE_ACTOR, LATER), errors.NotAccepted),
    ("accepted", lambda a: a.disburse("100", "P1", FINANCE_ACTOR, LATER), errors.AgreementMissing),
    ("prioritised", lambda a: a.disburse("100", "P1", FINANCE_ACTOR, LATER), errors.WrongStatus),
    ("agreed", lambda a: a.disburse("900000.01", "P1", FINANCE_ACTOR, LATER), errors.OverGranted),
    ("agreed", lambda a: a.disburse("100", "P1", COMMITTEE_ACTOR, LATER), errors.NotPermitted),
    ("part_paid", lambda a: a.disburse("200", "P1", FINANCE_2, LATER), errors.PaymentReferenceReused),
    ("paid", lambda a: a.disburse("1", "P9", FINANCE_ACTOR, LATER), errors.WrongStatus),
    ("approved", lambda a: a.register_agreement(date(2025, 5, 1), [BODO.org_no], "A", "HF", ASSESSOR_ACTOR, LATER),
     errors.AgreementParties),
    ("approved", lambda a: a.register_agreement(date(2025, 5, 1), [TROMSO.org_no, NLSH.org_no], "A", "HF",
                                                ASSESSOR_ACTOR, LATER), errors.AgreementParties),
    ("approved", lambda a: a.register_agreement(date(2025, 5, 1), [BODO.org_no, NLSH.org_no], "", "HF",
                                                ASSESSOR_ACTOR, LATER), errors.InvalidInput),
    ("approved", lambda a: a.register_agreement(date(2025, 5, 1), [BODO.org_no, "123"], "A", "HF",
                                                ASSESSOR_ACTOR, LATER), errors.InvalidOrganisationNumber),
    ("approved", lambda a: a.register_agreement(date(2026, 1, 1), [BODO.org_no, NLSH.org_no], "A", "HF",
                                                ASSESSOR_ACTOR, LATER), errors.InvalidInput),
    ("prioritised", lambda a: a.register_agreement(date(2025, 5, 1), [BODO.org_no, NLSH.org_no], "A", "HF",
                                                   ASSESSOR_ACTOR, LATER), errors.WrongStatus),
    ("heard", lambda a: a.reclaim("900000.01", "x", DUE, FINANCE_ACTOR, LATER), errors.OverGranted),
    ("paid", lambda a: a.reclaim("1", "x", DUE, FINANCE_ACTOR, LATER), errors.NotHeard),
    ("agreed", lambda a: a.reclaim("1", "x", DUE, FINANCE_ACTOR, LATER), errors.OverGranted),
    ("prioritised", lambda a: a.reclaim("1", "x", DUE, FINANCE_ACTOR, LATER), errors.WrongStatus),
    ("closed", lambda a: a.close("x", FINANCE_ACTOR, LATER), errors.WrongStatus),
    ("prioritised", lambda a: a.close("x", FINANCE_ACTOR, LATER), errors.WrongStatus),
    # a rejected or withdrawn application reserved nothing, so it has nothing to release or pay
    ("rejected", lambda a: a.close("x", FINANCE_ACTOR, LATER), errors.WrongStatus),
    ("withdrawn", lambda a: a.close("x", FINANCE_ACTOR, LATER), errors.WrongStatus),
    ("rejected", lambda a: a.approve("100", "", "KU-1", COMMITTEE_ACTOR, LATER), errors.WrongStatus),
    ("withdrawn", lambda a: a.disburse("100", "P1", FINANCE_ACTOR, LATER), errors.WrongStatus),
    ("rejected", lambda a: a.reclaim("1", "x", DUE, FINANCE_ACTOR, LATER), errors.WrongStatus),
]


@pytest.mark.parametrize(("stage", "command", "error"), RULES)
def test_each_rule_raises_its_named_error_and_records_nothing(
    stage: str, command: Callable[[Application], Any], error: type[Exception]
) -> None:
    app = at_stage(stage)
    before = (app.version, len(app.pending_events), app.status)
    with pytest.raises(error):
        command(app)
    assert (app.version, len(app.pending_events), app.status) == before


SEPARATION: list[tuple[str, Callable[[Application], Any]]] = [
    ("prioritised", lambda a: a.approve("100", "", "KU", _as_committee(ASSESSOR_ACTOR), LATER)),
    ("agreed", lambda a: a.disburse("100", "P1", _as_finance(COMMITTEE_ACTOR), LATER)),
]


def _as_committee(actor: Actor) -> Actor:
    return Actor(actor.id, actor.name, "committee")


def _as_finance(actor: Actor) -> Actor:
    return Actor(actor.id, actor.name, "finance")


@pytest.mark.parametrize(("stage", "command"), SEPARATION)
def test_separation_of_duties(stage: str, command: Callable[[Application], Any]) -> None:
    # the same person (same id) may not assess and decide, nor decide and pay
    with pytest.raises(errors.SeparationOfDuties):
        command(at_stage(stage))


@pytest.mark.parametrize(("overrides", "field"), [
    ({"applicant": Organisation("972418014", "Bodø kommune", "municipality")}, "applicant.org_no"),
    ({"partners": [Organisation("12345678", "X", "municipality")]}, "partners[0].org_no"),
    ({"partners": [BODO]}, "partners"),
    ({"requested_amount": Decimal(0)}, "requested_amount"),
    ({"requested_amount": 1.5}, "requested_amount"),
    ({"own_contribution": Decimal(0)}, "own_contribution"),
    ({"priority_groups": ["alle"]}, "priority_groups"),
    ({"budget": [BudgetLine(1990, Decimal(1))]}, "budget[0].year"),
    ({"title": ""}, "title"),
    ({"applicant": Organisation("972418013", "Bodø kommune", "county")}, "applicant.kind"),
])
def test_invalid_content_is_refused_with_the_field_named(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(errors.InvalidInput) as refused:
        submitted(**overrides)
    assert refused.value.field == field


def test_own_contribution_zero_is_fine_where_the_round_does_not_require_it() -> None:
    app = Application.submit(a_round(requires_own=False), "RST-2025-0002", content(own_contribution=Decimal(0)),
                             APPLICANT_ACTOR, BEFORE, *PLACES)
    assert app.own_contribution == Decimal("0.00")


def test_no_submission_after_the_deadline_or_to_a_closed_round() -> None:
    with pytest.raises(errors.DeadlinePassed):
        Application.submit(a_round(), "R", content(), APPLICANT_ACTOR, AFTER, *PLACES)
    closed = a_round()
    closed.close(FINANCE_ACTOR, BEFORE)
    with pytest.raises(errors.RoundClosed):
        Application.submit(closed, "R", content(), APPLICANT_ACTOR, BEFORE, *PLACES)


def test_an_applicant_submits_only_for_its_own_organisation() -> None:
    with pytest.raises(errors.NotPermitted):
        Application.submit(a_round(), "R", content(), OTHER_APPLICANT, BEFORE, *PLACES)
