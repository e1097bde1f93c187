"""Scope on the demo data: a finance officer of one owner, an assessor of one community
and an auditor of one region see, in every list, export and audit query, exactly what
their scope holds — counted against the demo's own plan, not against the answers."""

from __future__ import annotations

from collections import Counter

import pytest

from demo.data import APPLICATIONS, COMMUNITIES, POOLS, REGION_OF_COMMUNITY
from tests.exports.support import Demo
from tests.web.support import ISSUER

OSTFOLD_OWNER = next(p.owner.id for p in POOLS if p.key == "ostfold")
NORD_OWNER = "helse-nord-rhf"
LVS = COMMUNITIES["lvs"].id


@pytest.fixture(scope="module")
def scoped(demo: Demo) -> Demo:
    for name, role, scope in (("finance_ostfold", "finance", {"owner_id": OSTFOLD_OWNER}),
                              ("assessor_lvs", "assessor", {"community_id": LVS}),
                              ("auditor_nord", "auditor", {"owner_id": NORD_OWNER})):
        demo.tokens[name], _ = demo.grants.issue_token(role, ISSUER, holder=f"Demo {name}", **scope)
    demo.models.catch_up()
    return demo


def _all(demo: Demo, path: str, who: str) -> list[dict]:  # type: ignore[type-arg]
    items: list[dict] = []  # type: ignore[type-arg]
    cursor = ""
    while True:
        page = demo.get(f"{path}{'&' if '?' in path else '?'}limit=500{cursor}", who).get_json()
        items += page["items"]
        if not page["next_cursor"]:
            return items
        cursor = f"&cursor={page['next_cursor']}"


def test_lists_hold_exactly_the_scope(scoped: Demo) -> None:
    planned = Counter(plan.pool for plan in APPLICATIONS)
    ostfold = _all(scoped, "/api/v1/applications", "finance_ostfold")
    assert len(ostfold) == planned["ostfold"] and {a["pool_id"] for a in ostfold} == {
        p["id"] for p in _all(scoped, "/api/v1/pools", "finance_ostfold")}
    assert [o["owner"]["id"] for o in scoped.get("/api/v1/budget", "finance_ostfold").get_json()["owners"]] == [
        OSTFOLD_OWNER]
    lvs = _all(scoped, "/api/v1/applications", "assessor_lvs")
    assert len(lvs) == sum(1 for plan in APPLICATIONS if plan.community == "lvs")
    assert {a["health_community"]["id"] for a in lvs} == {LVS}
    outstanding = _all(scoped, "/api/v1/applications/outstanding", "assessor_lvs")
    assert {a["health_community"]["id"] for a in outstanding} <= {LVS} and outstanding
    nord = _all(scoped, "/api/v1/applications", "auditor_nord")
    in_nord = {key for key, region in REGION_OF_COMMUNITY.items() if region == NORD_OWNER}
    assert len(nord) == sum(1 for plan in APPLICATIONS if plan.pool == "nord" and plan.community in in_nord)


def test_exports_and_the_audit_trail_hold_exactly_the_scope(scoped: Demo) -> None:
    ostfold_refs = {a["reference"] for a in _all(scoped, "/api/v1/applications", "finance_ostfold")}
    every_ref = {a["reference"] for a in _all(scoped, "/api/v1/applications", "auditor")}
    csv = scoped.get("/api/v1/exports/decisions.csv", "finance_ostfold").get_data(as_text=True)
    assert {ref for ref in every_ref if ref in csv} <= ostfold_refs
    assert any(ref in csv for ref in ostfold_refs)
    nord_ids = {a["id"] for a in _all(scoped, "/api/v1/applications", "auditor_nord")}
    nord_pools = {p["id"] for p in _all(scoped, "/api/v1/pools", "auditor_nord")}
    events = _all(scoped, "/api/v1/audit/events?", "auditor_nord")
    assert events and all(e["aggregate_id"] in nord_ids | nord_pools or e["aggregate_type"] == "Round"
                          for e in events)
    assert {e["aggregate_id"] for e in events if e["aggregate_type"] == "Application"} == nord_ids
