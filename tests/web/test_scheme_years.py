"""Three years of one lasting scheme, on an SQLite file and on PostgreSQL: one pool that
gains a fiscal year with each budget, rounds that follow the series' rule, applications
that budget their round's year, grants that are accepted, paid, reported on and closed —
and read models that equal a rebuild from the log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from readmodels.rebuild import verify
from tests.web.support import Api, application_body, pool_body, round_body
from workloads.builders import NLSH

pytestmark = pytest.mark.postgres
ON = "/api/v1/applications/{}/"
INDICATOR = {"id": "kombinerte-stillinger", "name": "Kombinerte stillinger", "unit": "stillinger"}


def _on(api: Api, day: date) -> None:
    api.clock.set(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))


def _grant_and_pay(api: Api, round_id: str, year: int) -> dict[str, Any]:
    """An application budgeting `year`, carried to its first payment."""
    app = api.ok(api.post("/api/v1/applications", "applicant", application_body(
        round_id, title=f"Kombinerte stillinger {year}", budget=[{"year": year, "amount": "1000000"}])), 201)
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("assessor", "scores", {"scores": {"effekt": 4, "samarbeid": 3}}),
        ("assessor", "prioritisation", {"rank": 1, "recommended_amount": "1000000"}),
        ("committee", "approval", {"amount": "1000000", "decision_ref": f"KU-sak 1/{year}"}),
        ("applicant", "grant-acceptance", {"accept": True}),
        ("assessor", "agreement", {"signed_on": api.clock.now.date().isoformat(), "parties": [
            app["applicant"]["org_no"], NLSH.org_no], "document_ref": f"Avtale {year}"}),
    ]
    for who, path, body in steps:
        app = api.ok(api.post(ON.format(app["id"]) + path, who, body))
    assert app["commitments"] == [{"year": year, "amount": "1000000.00"}]
    return api.ok(api.post(ON.format(app["id"]) + "disbursements", "finance",
                           {"amount": "1000000", "payment_reference": f"UTB-{year}"}), 201)


def _report_and_close(api: Api, app: dict[str, Any], year: int) -> None:
    (final,) = app["reports"]
    assert (final["kind"], final["due_on"]) == ("final", f"{year + 1}-03-31")  # computed from the grant's year
    report = ON.format(app["id"]) + f"reports/{final['id']}/"
    assert api.post(ON.format(app["id"]) + "closure", "finance", {"reason": "Ferdig"}).status_code == 409
    api.ok(api.post(report + "submission", "applicant", {"text": "Gjennomført.", "spent_amount": "1000000",
                                                         "indicator_values": {INDICATOR["id"]: year - 2023}}))
    api.ok(api.post(report + "acceptance", "assessor", {"comment": "Godkjent"}))
    assert api.ok(api.post(ON.format(app["id"]) + "closure", "finance", {"reason": "Ferdig"}))["status"] == "closed"


def test_three_years_of_one_scheme(store_api: Api) -> None:
    api = store_api
    pool = api.ok(api.post("/api/v1/pools", "finance", {**pool_body("10000000"), "name": "Tilskuddet",
                                                          "year_amounts": [{"year": 2025, "amount": "10000000"}]}),
                  201)
    round_ = api.ok(api.post("/api/v1/rounds", "finance", {
        **round_body(pool["id"], date(2025, 2, 14)), "title": "Utlysning 2025", "budget_years": [2025],
        "series": {"deadline_month": 10, "deadline_day": 1}, "final_report_months": 3, "indicators": [INDICATOR]}),
        201)
    wrong_year = api.post("/api/v1/applications", "applicant", application_body(
        round_["id"], budget=[{"year": 2026, "amount": "1000000"}]))
    assert wrong_year.status_code == 422
    granted: dict[int, dict[str, Any]] = {}
    for year in (2025, 2026, 2027):
        granted[year] = _grant_and_pay(api, round_["id"], year)
        if year - 1 in granted:
            _on(api, date(year, 1, 20))
            _report_and_close(api, granted[year - 1], year - 1)
        _on(api, date(year, 6, 1))
        nxt = f"/api/v1/rounds/{round_['id']}/next"
        missing = api.post(nxt, "finance", {})
        assert missing.status_code == 422 and missing.get_json()["type"].endswith(":years-mismatch")
        past = api.post(nxt, "finance", {"deadline": f"{year}-05-01"})
        assert past.status_code == 422 and past.get_json()["type"].endswith(":deadline-passed")
        api.ok(api.post(f"/api/v1/pools/{pool['id']}/years", "finance",
                        {"year": year + 1, "amount": "10000000", "reason": f"Statsbudsjettet {year + 1}"}))
        round_ = api.ok(api.post(nxt, "finance", {}), 201)
        assert (round_["deadline"], round_["budget_years"], round_["title"]) == (
            f"{year}-10-01", [year + 1], f"Utlysning {year + 1}")
        _on(api, date(year, 9, 1))
    _on(api, date(2028, 1, 20))
    _report_and_close(api, granted[2027], 2027)
    pool = api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))
    assert pool["fiscal_years"] == [2025, 2026, 2027, 2028] and pool["total"] == "40000000.00"
    assert [(y["year"], y["money"], y["committed"], y["paid"]) for y in pool["years"]] == [
        (year, "10000000.00", "1000000.00" if year < 2028 else "0.00", "1000000.00" if year < 2028 else "0.00")
        for year in (2025, 2026, 2027, 2028)]
    models = api.client.application.extensions["tilskudd"].models
    assert all(comparison.ok for comparison in verify(models, list(models.views)))
