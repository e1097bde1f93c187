"""Rounds that repeat: the next round of a series has the same pool, criteria and terms,
a deadline a year later and the years in its title moved on; the list shows the series."""

from __future__ import annotations

from datetime import date

from tests.web.pageforms import logged_in, send
from tests.web.support import Api, log_head, pool_body, round_body


def test_the_next_round_repeats_the_series_a_year_later(api: Api) -> None:
    pool = api.ok(api.post("/api/v1/pools", "finance", pool_body()), 201)
    first = api.ok(api.post("/api/v1/rounds", "finance", {**round_body(pool["id"], date(2025, 10, 1)),
                                                         "title": "Utlysning 2025", "holdback_percent": 10}), 201)
    missing = api.post(f"/api/v1/rounds/{first['id']}/next", "finance", {})
    assert missing.status_code == 422 and missing.get_json()["type"].endswith(":years-mismatch")
    _add_years(api, pool["id"], 2026, 2027)
    second = api.ok(api.post(f"/api/v1/rounds/{first['id']}/next", "finance", {}), 201)
    assert (second["title"], second["deadline"], second["follows"]) == ("Utlysning 2026", "2026-10-01", first["id"])
    assert second["criteria"] == first["criteria"] and second["follow_up"] == first["follow_up"]
    assert second["pool_id"] == pool["id"] and "follows" not in first
    chosen = api.ok(api.post(f"/api/v1/rounds/{second['id']}/next", "finance",
                             {"deadline": "2027-09-15", "title": "Tredje runde"}), 201)
    assert (chosen["title"], chosen["deadline"], chosen["follows"]) == ("Tredje runde", "2027-09-15", second["id"])
    head = log_head(api)
    for who, body, status in [("assessor", {}, 403), ("finance", {"deadline": "snart"}, 422),
                              ("finance", {"pool_id": pool["id"]}, 422), ("finance", {}, 409)]:  # 409: a fork
        assert api.post(f"/api/v1/rounds/{first['id']}/next", who, body).status_code == status
    assert api.post("/api/v1/rounds/00000000-0000-0000-0000-000000000000/next", "finance", {}).status_code == 404
    assert log_head(api) == head


def _add_years(api: Api, pool_id: str, *years: int) -> None:
    for year in years:
        api.ok(api.post(f"/api/v1/pools/{pool_id}/years", "finance",
                        {"year": year, "amount": "1000000", "reason": f"Statsbudsjettet {year}"}))


def test_finance_opens_the_next_round_on_the_page_and_sees_the_series(api: Api) -> None:
    round_ = api.round()
    client = logged_in(api, "finance")
    assert send(client, "/okonomi/potter", f"/utlysninger/{round_['id']}/neste").status_code == 422  # no 2026
    assert send(client, "/okonomi/potter", f"/potter/{round_['pool_id']}/budsjettar",
                {"year": "2026", "amount": "1 000 000", "reason": "Statsbudsjettet 2026"}).status_code == 303
    assert send(client, "/okonomi/potter", f"/utlysninger/{round_['id']}/neste").status_code == 303
    page = client.get("/okonomi/potter").get_data(as_text=True)
    assert f"følger «{round_['title']}»" in page
    assert f"/utlysninger/{round_['id']}/neste" not in page  # a round is followed once


def test_a_continued_round_still_closes_and_its_views_equal_a_rebuild(api: Api) -> None:
    from readmodels.rebuild import verify

    round_ = api.round()
    _add_years(api, round_["pool_id"], 2026)
    api.ok(api.post(f"/api/v1/rounds/{round_['id']}/next", "finance", {}), 201)
    closed = api.ok(api.post(f"/api/v1/rounds/{round_['id']}/close", "finance", {}))
    assert closed["status"] == "closed" and api.ok(api.get(f"/api/v1/rounds/{round_['id']}", "auditor"))["status"] == \
        "closed"
    models = api.client.application.extensions["tilskudd"].models
    assert all(comparison.ok for comparison in verify(models, list(models.views)))
