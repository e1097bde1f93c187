"""Allocation over HTTP: a key over three communities to the øre, the budget rolled up
without counting money twice (API, Excel summary, 360Giving), more and less allocated,
and replay as of before and after an allocation."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from tests.web.pageforms import logged_in, send
from tests.web.support import Api, log_head, round_body
from workloads.builders import LVS, NORD, NORD_COMMUNITY_OWNERS, SOR, register_community_owners

KEY = ("0.41", "0.33", "0.26")


def _allocated_by_key(api: Api, amount: str = "16200000.01") -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    register_community_owners(api.grants)
    pool = api.pool("20000000")
    body = {"amount": amount, "reason": "Fordelingsnøkkel 2024 (eksempel)",
            "allocations": [{"owner_id": o.id, "share": s} for o, s in zip(NORD_COMMUNITY_OWNERS, KEY, strict=True)]}
    allocating = api.ok(api.post(f"/api/v1/pools/{pool['id']}/allocations", "finance", body), 201)
    pools = {p["owner"]["id"]: p for p in api.ok(api.get("/api/v1/pools", "finance"))["items"]}
    return allocating, pools


def _owners(api: Api, **query: str) -> dict[str, dict[str, Any]]:
    budget = api.ok(api.get("/api/v1/budget", "finance", query_string=query))
    return {o["owner"]["id"]: o for o in budget["owners"]}


def test_a_key_over_three_communities_splits_to_the_ore_and_each_gets_a_pool(api: Api) -> None:
    allocating, pools = _allocated_by_key(api)
    parts = [Decimal(pools[o.id]["total"]) for o in NORD_COMMUNITY_OWNERS]
    # 16 200 000.01 × 0.41 / 0.33 / 0.26 = 6 642 000.0041 / 5 346 000.0033 / 4 212 000.0026:
    # rounded down, one øre is left over; it goes to the largest remainder
    assert parts == [Decimal("6642000.01"), Decimal("5346000.00"), Decimal("4212000.00")]
    assert sum(parts) == Decimal("16200000.01") == Decimal(allocating["allocated"])
    assert Decimal(allocating["remaining"]) == Decimal("20000000.00") - sum(parts)
    assert {a["pool_id"] for a in allocating["allocations"]} == {pools[o.id]["id"] for o in NORD_COMMUNITY_OWNERS}
    assert all(pools[o.id]["allocated_from"] == allocating["id"] for o in NORD_COMMUNITY_OWNERS)
    assert all(pools[o.id]["owner"]["kind"] == "health_community" for o in NORD_COMMUNITY_OWNERS)


def test_the_budget_rolls_up_what_communities_reserved_and_paid_counting_each_krone_once(api: Api) -> None:
    _, pools = _allocated_by_key(api)
    lvs_pool = pools[LVS.id]
    round_ = api.ok(api.post("/api/v1/rounds", "finance", round_body(lvs_pool["id"], api.deadline)), 201)
    api.application("paid", round_id=round_["id"], amount="700000")
    api.application("approved", round_id=round_["id"], amount="300000")
    owners = _owners(api)
    rhf, lvs = owners[NORD.id], owners[LVS.id]
    assert (Decimal(lvs["reserved"]), Decimal(lvs["paid"])) == (Decimal("300000.00"), Decimal("700000.00"))
    rolled = {name: Decimal(value) for name, value in rhf["rolled_up"].items()}
    assert rolled["total"] == Decimal(rhf["total"]) == Decimal("20000000.00")  # the allocated money not again
    assert (rolled["reserved"], rolled["paid"]) == (Decimal("300000.00"), Decimal("700000.00"))
    assert rolled["remaining"] == Decimal("19000000.00")
    assert rolled["total"] == rolled["reserved"] + rolled["paid"] - rolled["returned"] + rolled["remaining"]
    assert {p["id"] for p in rhf["allocations"]} == {p["id"] for p in pools.values() if p["allocated_from"]}
    # the Excel summary's grand total counts the allocated money once
    workbook = load_workbook(BytesIO(api.get("/api/v1/exports/decisions.xlsx", "finance").data), read_only=True)
    rows = [tuple(c for c in row) for row in workbook["Sammendrag"].iter_rows(values_only=True)]
    headings = rows[2]
    grand = next(row for row in rows if row[0] == "Sum alle eiere")
    figures = dict(zip(headings[3:], grand[3:], strict=True))
    assert Decimal(str(figures["Ramme"])) == Decimal("20000000.00")
    assert Decimal(str(figures["Gjenstår"])) == Decimal("19000000.00")


def test_allocations_are_open_data_as_regrants_and_community_grants_name_the_community(api: Api) -> None:
    allocating, pools = _allocated_by_key(api)
    round_ = api.ok(api.post("/api/v1/rounds", "finance", round_body(pools[LVS.id]["id"], api.deadline)), 201)
    api.application("approved", round_id=round_["id"], amount="300000")
    grants = api.ok(api.get("/api/v1/exports/360giving.json", "finance"))["grants"]
    regrants = [g for g in grants if g.get("regrantType")]
    assert len(regrants) == 3 and {g["regrantType"] for g in regrants} == {"FRG010"}
    assert sum(Decimal(str(g["amountAwarded"])) for g in regrants) == Decimal(allocating["allocated"])
    assert all(g["fromOpenCall"] == "No" and g["fundingOrganization"][0]["name"] == NORD.name for g in regrants)
    awarded = [g for g in grants if not g.get("regrantType")]
    assert len(awarded) == 1 and awarded[0]["fundingOrganization"][0]["name"] == LVS.name


def test_more_and_less_is_allocated_while_unspent_and_bad_input_changes_nothing(api: Api) -> None:
    allocating, pools = _allocated_by_key(api)
    lvs_pool = pools[LVS.id]
    base = f"/api/v1/pools/{allocating['id']}/allocations/{lvs_pool['id']}"
    more = api.ok(api.post(f"{base}/increases", "finance", {"amount": "100000", "reason": "Økt ramme"}))
    assert Decimal(more["allocated"]) == Decimal("16300000.01")
    round_ = api.ok(api.post("/api/v1/rounds", "finance", round_body(lvs_pool["id"], api.deadline)), 201)
    api.application("approved", round_id=round_["id"], amount="5000000")
    unspent = Decimal(api.ok(api.get(f"/api/v1/pools/{lvs_pool['id']}", "finance"))["remaining"])
    assert unspent == Decimal("1742000.01")  # 6 642 000.01 + 100 000 − 5 000 000
    head = log_head(api)
    too_much = {"amount": str(unspent + Decimal("0.01")), "reason": "Tilbake"}
    refused = api.post(f"{base}/withdrawals", "finance", too_much)
    assert refused.status_code == 409 and refused.get_json()["type"].endswith("insufficient-funds")
    for who, path, body, status in [
        ("assessor", f"{base}/withdrawals", {"amount": "1", "reason": "x"}, 403),
        ("finance", f"{base}/withdrawals", {"amount": "-1", "reason": "x"}, 422),
        ("finance", f"{base}/withdrawals", {"amount": "1"}, 422),
        ("finance", f"/api/v1/pools/{allocating['id']}/allocations/{allocating['id']}/withdrawals",
         {"amount": "1", "reason": "x"}, 404),
        ("finance", f"/api/v1/pools/{allocating['id']}/allocations",
         {"amount": "10", "reason": "x", "allocations": [{"owner_id": LVS.id, "share": "0.5"}]}, 422),
        ("finance", f"/api/v1/pools/{allocating['id']}/allocations",
         {"reason": "x", "allocations": [{"owner_id": "hf-ostfold", "amount": "10"}]}, 409),  # not registered
        ("finance", f"/api/v1/pools/{allocating['id']}/allocations",
         {"reason": "x", "allocations": [{"owner_id": SOR.id, "amount": "10"}]}, 422),  # not a community of Nord
        ("finance", f"/api/v1/pools/{allocating['id']}/allocations",
         {"reason": "x", "allocations": [{"owner_id": LVS.id, "amount": "10"}, {"owner_id": LVS.id, "amount": "1"}]},
         422),
        ("finance", f"/api/v1/pools/{allocating['id']}/allocations",
         {"reason": "x", "allocations": [{"owner_id": LVS.id, "amount": "999999999"}]}, 409),
        ("finance", f"/api/v1/pools/{lvs_pool['id']}/allocations",
         {"reason": "x", "allocations": [{"owner_id": "hf-finnmark", "amount": "1"}]}, 409),
    ]:
        assert api.post(path, who, body).status_code == status, (who, path, body)
    assert log_head(api) == head
    back = api.ok(api.post(f"{base}/withdrawals", "finance", {"amount": str(unspent), "reason": "Ubrukt"}))
    assert Decimal(back["allocated"]) == Decimal("16300000.01") - unspent
    assert Decimal(api.ok(api.get(f"/api/v1/pools/{lvs_pool['id']}", "finance"))["remaining"]) == Decimal("0.00")


def test_an_allocation_request_repeated_with_its_key_allocates_once(api: Api) -> None:
    register_community_owners(api.grants)
    pool = api.pool("1000")
    body = {"reason": "Første runde", "allocations": [{"owner_id": LVS.id, "amount": "600"}]}
    headers = {"Idempotency-Key": "tildeling-1"}
    first = api.ok(api.post(f"/api/v1/pools/{pool['id']}/allocations", "finance", body, headers=headers), 201)
    again = api.post(f"/api/v1/pools/{pool['id']}/allocations", "finance", body, headers=headers)
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json()["allocations"] == first["allocations"] and first["remaining"] == "400.00"


def test_the_budget_as_of_before_and_after_an_allocation_is_as_it_stood(api: Api) -> None:
    register_community_owners(api.grants)
    pool = api.pool("1000")
    api.clock.advance(hours=1)
    before = api.grants.now()
    api.clock.advance(hours=1)
    api.ok(api.post(f"/api/v1/pools/{pool['id']}/allocations", "finance",
                    {"reason": "Første runde", "allocations": [{"owner_id": LVS.id, "amount": "600"}]}), 201)
    api.clock.advance(hours=1)
    after = api.grants.now()
    api.clock.advance(hours=1)
    api.ok(api.post(f"/api/v1/pools/{pool['id']}/increases", "finance", {"amount": "500", "reason": "RNB"}))
    then = _owners(api, as_of=before.isoformat())
    assert LVS.id not in then and then[NORD.id]["allocated"] == "0.00" and then[NORD.id]["remaining"] == "1000.00"
    later = _owners(api, as_of=after.isoformat())
    assert later[NORD.id]["allocated"] == "600.00" and later[NORD.id]["remaining"] == "400.00"
    assert later[LVS.id]["total"] == "600.00" and later[NORD.id]["rolled_up"]["remaining"] == "1000.00"
    assert _owners(api)[NORD.id]["total"] == "1500.00"


def test_finance_allocates_by_key_on_the_page_and_the_budget_page_shows_the_communities(api: Api) -> None:
    register_community_owners(api.grants)
    pool = api.pool("20000000")
    client = logged_in(api, "finance")
    key = {f"andel-{o.id}": share.replace(".", ",") for o, share in zip(NORD_COMMUNITY_OWNERS, KEY, strict=True)}
    sent = send(client, "/okonomi/potter", f"/okonomi/potter/{pool['id']}/tildeling",
                {"amount": "16 200 000,01", "reason": "Fordelingsnøkkel 2024 (eksempel)", **key})
    assert sent.status_code == 303
    pools = {p["owner"]["id"]: p for p in api.ok(api.get("/api/v1/pools", "finance"))["items"]}
    assert pools[LVS.id]["total"] == "6642000.01" and pools["hf-helgeland"]["total"] == "4212000.00"
    # a key that does not sum to 1 is refused on the page, and nothing is recorded
    head = log_head(api)
    wrong = send(client, "/okonomi/potter", f"/okonomi/potter/{pool['id']}/tildeling",
                 {"amount": "1000", "reason": "Feil nøkkel", f"andel-{LVS.id}": "0,5"})
    assert wrong.status_code == 422 and "til sammen være nøyaktig 1" in wrong.get_data(as_text=True)
    assert log_head(api) == head
    withdrawn = send(client, "/okonomi/potter", f"/tildeling/{pools[LVS.id]['id']}",
                     {"amount": "42000,01", "reason": "Ubrukte midler", "endring": "trekk"})
    assert withdrawn.status_code == 303
    page = client.get("/okonomi").get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")
    assert "Tildelt til helsefellesskap" in page and "Helse Nord RHF samlet, med helsefellesskapene" in page
    assert "kr 6 600 000</td>" in page  # LVS after the withdrawal: 6 642 000,01 − 42 000,01
