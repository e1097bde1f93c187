"""Money per fiscal year: budget lines fall in the pool's years and sum to the amount
applied for (the reported 99 999 999 kr line for 2031 on a 100 000 kr request is refused),
and a grant is committed per year — as the committee states it, or scaled to the øre."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.web.support import Api, application_body, log_head


def _two_year_round(api: Api) -> dict[str, Any]:
    pool = api.ok(api.post("/api/v1/pools", "finance", {
        "owner": {"id": "helse-nord-rhf", "name": "Helse Nord RHF", "kind": "rhf"}, "name": "Tilskudd 2025–2026",
        "fiscal_years": [2025, 2026], "amount": "5000000"}), 201)
    return api.round(pool["id"])


@pytest.mark.parametrize("budget", [
    [{"year": 2031, "amount": "99999999"}],  # the reported case: a year outside the round, far more than applied for
    [{"year": 2025, "amount": "60000"}, {"year": 2031, "amount": "40000"}],  # sums, but 2031 is not the round's
    [{"year": 2025, "amount": "60000"}, {"year": 2026, "amount": "30000"}],  # the round's years, 10 000 short
    [],  # two years: the split must be given
])
def test_budget_lines_outside_the_rounds_years_or_not_summing_are_refused(api: Api, budget: list[Any]) -> None:
    round_ = _two_year_round(api)
    head = log_head(api)
    refused = api.post("/api/v1/applications", "applicant",
                       application_body(round_["id"], requested_amount="100000", budget=budget))
    assert refused.status_code == 422, refused.get_json()
    assert refused.get_json()["type"].endswith("years-mismatch") and log_head(api) == head


def test_an_amendment_keeps_the_years_summing(api: Api) -> None:
    round_ = _two_year_round(api)
    app = api.ok(api.post("/api/v1/applications", "applicant", application_body(
        round_["id"], requested_amount="100000",
        budget=[{"year": 2025, "amount": "60000"}, {"year": 2026, "amount": "40000"}])), 201)
    path = f"/api/v1/applications/{app['id']}"
    wrong = api.call("PATCH", path, "applicant", {"budget": [{"year": 2025, "amount": "60000"}]})
    assert wrong.status_code == 422 and wrong.get_json()["type"].endswith("years-mismatch")
    # a new amount alone moves the budget lines with it, to the øre
    scaled = api.ok(api.call("PATCH", path, "applicant", {"requested_amount": "100000.01"}))
    assert scaled["budget"] == [{"year": 2025, "amount": "60000.01"}, {"year": 2026, "amount": "40000.00"}]
    amended = api.call("PATCH", path, "applicant", {"requested_amount": "120000", "budget": [
        {"year": 2025, "amount": "60000"}, {"year": 2026, "amount": "60000"}]})
    assert amended.status_code == 200, amended.get_json()


def test_a_grant_is_committed_per_year_scaled_to_the_ore_or_as_the_committee_states(api: Api) -> None:
    round_ = _two_year_round(api)
    lines = [{"year": 2025, "amount": "66666.67"}, {"year": 2026, "amount": "33333.33"}]
    scaled = api.application("approved", round_id=round_["id"], amount="100000", budget=lines)
    # granted in full: the lines as applied for
    assert scaled["commitments"] == [{"year": 2025, "amount": "66666.67"}, {"year": 2026, "amount": "33333.33"}]
    less = api.application("prioritised", round_id=round_["id"], amount="100000", budget=lines)
    body = {"amount": "50000.01", "conditions": "", "decision_ref": "KU-sak 1/2025", "reasons": "Halvparten"}
    approved = api.ok(api.post(f"/api/v1/applications/{less['id']}/approval", "committee", body))
    assert approved["commitments"] == [{"year": 2025, "amount": "33333.34"}, {"year": 2026, "amount": "16666.67"}]
    stated = api.application("prioritised", round_id=round_["id"], amount="100000", budget=lines)
    head = log_head(api)
    outside = [{"year": 2027, "amount": "80000"}, {"year": 2025, "amount": "20000"}]
    for wrong in ([{"year": 2025, "amount": "80000"}], outside):
        refused = api.post(f"/api/v1/applications/{stated['id']}/approval", "committee",
                           {**body, "amount": "100000", "commitments": wrong})
        assert refused.status_code == 422 and refused.get_json()["type"].endswith("years-mismatch")
    assert log_head(api) == head
    given = [{"year": 2025, "amount": "20000"}, {"year": 2026, "amount": "80000"}]
    approved = api.ok(api.post(f"/api/v1/applications/{stated['id']}/approval", "committee",
                               {**body, "amount": "100000", "commitments": given}))
    assert approved["commitments"] == [{"year": 2025, "amount": "20000.00"}, {"year": 2026, "amount": "80000.00"}]


def test_each_party_states_its_own_contribution_and_the_plan_for_lasting_operation(api: Api) -> None:
    round_ = api.round()
    body = application_body(round_["id"], own_contribution="400000", lasting_operation="Kommunen viderefører teamet "
                            "i ordinært budsjett fra 2027.", contributions=[
                                {"org_no": "972418013", "kind": "in_kind", "amount": "250000"},
                                {"org_no": "983974899", "kind": "cash", "amount": "150000"}])
    app = api.ok(api.post("/api/v1/applications", "applicant", body), 201)
    assert app["contributions"][1] == {"org_no": "983974899", "kind": "cash", "amount": "150000.00"}
    assert app["lasting_operation"].startswith("Kommunen viderefører")
    head = log_head(api)
    for wrong in ([{"org_no": "972418013", "kind": "in_kind", "amount": "300000"}],  # does not sum to 400 000
                  [{"org_no": "940101808", "kind": "cash", "amount": "400000"}],  # not a party to the application
                  [{"org_no": "972418013", "kind": "gift", "amount": "400000"}]):
        refused = api.post("/api/v1/applications", "applicant", {**body, "contributions": wrong})
        assert refused.status_code == 422, (wrong, refused.get_json())
    assert log_head(api) == head
    # the secretariat sees the share of the total cost on the application page
    from tests.web.pageforms import logged_in

    page = logged_in(api, "assessor").get(f"/soknader?referanse={app['reference']}").get_data(as_text=True)
    assert "28,6 % av samlet kostnad" in page and "Varig drift" in page  # 400 000 of 1 400 000


def _split_pool(api: Api) -> dict[str, Any]:
    return api.ok(api.post("/api/v1/pools", "finance", {
        "owner": {"id": "helse-nord-rhf", "name": "Helse Nord RHF", "kind": "rhf"}, "name": "Tilskudd 2025–2026",
        "fiscal_years": [2025, 2026], "amount": "200000",
        "year_amounts": [{"year": 2025, "amount": "100000"}, {"year": 2026, "amount": "100000"}]}), 201)


def test_reservations_per_year_never_exceed_the_years_money(api: Api) -> None:
    pool = _split_pool(api)
    round_ = api.round(pool["id"])
    lines = [{"year": 2025, "amount": "60000"}, {"year": 2026, "amount": "20000"}]
    first = api.application("approved", round_id=round_["id"], amount="80000", budget=lines)
    second = api.application("prioritised", round_id=round_["id"], amount="80000", budget=lines)
    head = log_head(api)
    body = {"amount": "80000", "conditions": "", "decision_ref": "KU-sak 2/2025"}
    refused = api.post(f"/api/v1/applications/{second['id']}/approval", "committee", body)
    # 120 000 kr is left in all, but 2025 has only 40 000 kr left
    assert refused.status_code == 409 and refused.get_json()["type"].endswith("insufficient-funds")
    assert "2025" in refused.get_json()["detail"] and log_head(api) == head
    api.ok(api.post(f"/api/v1/applications/{second['id']}/approval", "committee",
                    {**body, "commitments": [{"year": 2025, "amount": "40000"}, {"year": 2026, "amount": "40000"}]}))
    years = {y["year"]: y for y in api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))["years"]}
    assert (years[2025]["committed"], years[2025]["left"]) == ("100000.00", "0.00")
    assert (years[2026]["committed"], years[2026]["left"]) == ("60000.00", "40000.00")
    # a payment is booked on the committed years, the oldest first
    agreed = api.post(f"/api/v1/applications/{first['id']}/agreement", "assessor", {
        "signed_on": "2025-01-10", "parties": ["972418013", "983974899"], "document_ref": "Avtale 1",
        "patient_responsibility": "HF under innleggelse, kommunen etterpå"})
    assert agreed.status_code == 200, agreed.get_json()
    api.ok(api.post(f"/api/v1/applications/{first['id']}/grant-acceptance", "applicant", {"accept": True}))
    api.ok(api.post(f"/api/v1/applications/{first['id']}/disbursements", "finance",
                    {"amount": "70000", "payment_reference": "UTB-AAR-1"}))
    years = {y["year"]: y for y in api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))["years"]}
    assert (years[2025]["paid"], years[2026]["paid"]) == ("60000.00", "10000.00")
    # the command's answer and the read model say the same
    topped = api.ok(api.post(f"/api/v1/pools/{pool['id']}/increases", "finance",
                             {"amount": "5000", "reason": "RNB", "year": 2026}))
    assert topped["years"] == api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))["years"]
    assert topped["years"][1]["money"] == "105000.00"
    for wrong in ({"amount": "5000", "reason": "RNB"}, {"amount": "5000", "reason": "RNB", "year": 2027}):
        assert api.post(f"/api/v1/pools/{pool['id']}/increases", "finance", wrong).status_code == 422


def test_a_pools_money_per_year_must_name_each_year_once_and_sum_to_its_amount(api: Api) -> None:
    head = log_head(api)
    base = {"owner": {"id": "helse-nord-rhf", "name": "Helse Nord RHF", "kind": "rhf"}, "name": "Pott",
            "fiscal_years": [2025, 2026], "amount": "200000"}
    for years in ([{"year": 2025, "amount": "200000"}],
                  [{"year": 2025, "amount": "100000"}, {"year": 2026, "amount": "90000"}],
                  [{"year": 2025, "amount": "100000"}, {"year": 2027, "amount": "100000"}]):
        refused = api.post("/api/v1/pools", "finance", {**base, "year_amounts": years})
        assert refused.status_code == 422, (years, refused.get_json())
    assert log_head(api) == head


def test_finance_tops_up_one_years_money_on_the_page_and_sees_the_years_on_the_budget(api: Api) -> None:
    from tests.web.pageforms import logged_in, send

    pool = _split_pool(api)
    client = logged_in(api, "finance")
    sent = send(client, "/okonomi/potter", f"/okonomi/potter/{pool['id']}/okning",
                {"amount": "25 000", "reason": "RNB 2026", "year": "2026"})
    assert sent.status_code == 303
    years = {y["year"]: y for y in api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))["years"]}
    assert (years[2025]["money"], years[2026]["money"]) == ("100000.00", "125000.00")
    page = client.get("/okonomi").get_data(as_text=True)
    assert "Per budsjettår" in page and 'data-years="helse-nord-rhf"' in page


def test_reclaimed_money_goes_back_to_the_year_it_was_paid_from(api: Api) -> None:
    pool = _split_pool(api)
    round_ = api.round(pool["id"])
    lines = [{"year": 2025, "amount": "60000"}, {"year": 2026, "amount": "40000"}]
    app = api.heard(api.application("paid", round_id=round_["id"], amount="100000", budget=lines))
    path = f"/api/v1/applications/{app['id']}/reclaims"
    api.ok(api.post(path, "finance", {"amount": "45000", "reason": "Ubrukte midler", "due_on": "2025-12-31"}))
    years = {y["year"]: y for y in api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))["years"]}
    assert (years[2026]["returned"], years[2025]["returned"]) == ("0.00", "0.00")  # claimed, not yet repaid
    api.ok(api.post(f"/api/v1/applications/{app['id']}/repayments", "finance",
                    {"amount": "45000", "received_on": "2025-01-15", "reference": "INNB-45"}), 201)
    years = {y["year"]: y for y in api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))["years"]}
    # the latest year's payment first: 40 000 from 2026, then 5 000 from 2025
    assert (years[2026]["returned"], years[2025]["returned"]) == ("40000.00", "5000.00")
    assert (years[2026]["left"], years[2025]["left"]) == ("100000.00", "45000.00")
    assert sum(Decimal(y["left"]) for y in years.values()) == Decimal(
        api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))["remaining"])
