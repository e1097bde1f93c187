"""Reporting over HTTP: the round's terms applied at approval, the holdback refused and
released, an overdue report blocking payment, and the overdue list in scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.web.support import Api, log_head, pool_body, round_body

ON = "/api/v1/applications/{}/"


def _granted(api: Api, **terms: Any) -> dict[str, Any]:
    pool = api.ok(api.post("/api/v1/pools", "finance", pool_body()), 201)
    round_ = api.ok(api.post("/api/v1/rounds", "finance", {**round_body(pool["id"], api.deadline), **terms}), 201)
    return api.application("agreed", round_id=round_["id"])


def test_the_rounds_terms_hold_back_money_until_the_final_report_is_accepted(api: Api) -> None:
    app = _granted(api, holdback_percent=20, final_report_months=3)
    assert app["holdback_amount"] == "200000.00"
    (final,) = api.ok(api.get(ON.format(app["id"]) + "reports", "applicant"))["items"]
    assert (final["id"], final["kind"], final["status"], final["overdue"]) == ("final-1", "final", "due", False)
    pay = ON.format(app["id"]) + "disbursements"
    api.ok(api.post(pay, "finance", {"amount": "800000", "payment_reference": "UTB-A"}), 201)
    head = log_head(api)
    refused = api.post(pay, "finance", {"amount": "1", "payment_reference": "UTB-B"})
    assert refused.status_code == 409 and "final-1" in refused.get_json()["detail"]
    assert refused.get_json()["type"].endswith("held-back") and log_head(api) == head
    report = ON.format(app["id"]) + "reports/final-1/"
    assert api.post(report + "submission", "other_applicant", {"text": "Nei", "spent_amount": "0"}).status_code == 404
    api.ok(api.post(report + "submission", "applicant", {"text": "Gjennomført.", "spent_amount": "950000.50"}))
    assert api.post(report + "acceptance", "applicant", {"comment": ""}).status_code == 403
    accepted = api.ok(api.post(report + "acceptance", "assessor", {"comment": "Godkjent"}))
    assert accepted["reports"][0]["status"] == "accepted" and accepted["reports"][0]["spent_amount"] == "950000.50"
    paid = api.ok(api.post(pay, "finance", {"amount": "200000", "payment_reference": "UTB-B"}), 201)
    assert (paid["status"], paid["paid_amount"]) == ("paid", "1000000.00")


def test_an_overdue_report_blocks_payment_and_is_listed_in_scope(api: Api) -> None:
    app = _granted(api)
    due = api.clock.now.date() + timedelta(days=10)
    added = api.ok(api.post(ON.format(app["id"]) + "reports", "finance",
                            {"kind": "interim", "due_on": due.isoformat(), "reason": "Midtveis"}), 201)
    assert added["reports"][0]["id"] == "interim-1"
    assert api.ok(api.get("/api/v1/reports/overdue", "finance"))["items"] == []
    api.clock.advance(days=11)
    late = api.ok(api.get("/api/v1/reports/overdue", "finance"))["items"]
    assert [(r["reference"], r["id"], r["overdue"]) for r in late] == [(app["reference"], "interim-1", True)]
    assert api.ok(api.get("/api/v1/reports/overdue", "assessor_elsewhere"))["items"] == []
    refused = api.post(ON.format(app["id"]) + "disbursements", "finance", {"amount": "1", "payment_reference": "U1"})
    assert refused.status_code == 409 and "interim-1" in refused.get_json()["detail"]
    moved = api.ok(api.post(ON.format(app["id"]) + "reports/interim-1/due-date", "assessor",
                            {"due_on": (due + timedelta(days=30)).isoformat(), "reason": "Avtalt utsettelse"}))
    assert moved["reports"][0]["due_on"] == (due + timedelta(days=30)).isoformat()
    api.ok(api.post(ON.format(app["id"]) + "disbursements", "finance", {"amount": "1", "payment_reference": "U1"}),
           201)


def test_wrong_report_requests_are_refused_and_change_nothing(api: Api) -> None:
    app = _granted(api)
    head = log_head(api)
    for who, path, body, status in [
        ("finance", "reports", {"kind": "yearly", "due_on": "2026-01-01"}, 422),
        ("finance", "reports", {"kind": "final", "due_on": "i morgen"}, 422),
        ("applicant", "reports", {"kind": "final", "due_on": "2026-01-01"}, 403),
        ("applicant", "reports/final-9/submission", {"text": "x", "spent_amount": "0"}, 422),
        ("finance", "reports/final-1/acceptance", {"comment": "", "extra": 1}, 422),
    ]:
        answer = api.post(ON.format(app["id"]) + path, who, body)
        assert answer.status_code == status, (path, answer.get_json())
    assert log_head(api) == head
    rounds = {**round_body(api.pool()["id"], api.deadline), "holdback_percent": 90}
    assert api.post("/api/v1/rounds", "finance", rounds).status_code == 422


def test_the_overdue_list_covers_paid_and_closed_grants_too(api: Api) -> None:
    approved, paid = _granted(api), api.application("paid")
    for app in (approved, paid):
        api.ok(api.post(ON.format(app["id"]) + "reports", "finance",
                        {"kind": "interim", "due_on": api.clock.now.date().isoformat(), "reason": "Midtveis"}), 201)
    api.clock.advance(days=2)
    late = api.ok(api.get("/api/v1/reports/overdue", "auditor"))["items"]
    assert {r["reference"] for r in late} == {approved["reference"], paid["reference"]}
