"""Scope: every write endpoint × every role that may call it × (its own scope, another
owner, community or organisation). Within scope the command succeeds; outside it the
object does not exist (404) — or, for a new pool or application naming what lies outside,
a clear 422/409 — and nothing is recorded. Lists show only what the scope reaches."""

from __future__ import annotations

from typing import Any

import pytest

from domain.values import AUDITOR, COMMITTEE, FINANCE
from tests.web.endpoints import WRITE_ENDPOINTS, WriteEndpoint
from tests.web.support import ISSUER, Api, application_body, log_head, page_login
from workloads.builders import FREDRIKSTAD, NORD, SOR

#: who acts within the builders' scope (Helse Nord, Lofoten/Vesterålen/Salten, Bodø), and who outside it
OWN = {"finance": "finance_nord", "committee": "committee_nord", "assessor": "assessor", "applicant": "applicant"}
OTHER = {"finance": "finance_sor", "committee": "committee_sor", "assessor": "assessor_elsewhere",
         "applicant": "applicant_fredrikstad"}
#: what an actor outside the scope gets where it is not the object that is missing
OUTSIDE: dict[str, tuple[int, str]] = {"open pool": (422, "invalid-input"), "submit": (409, "not-a-member")}


@pytest.fixture
def scoped(api: Api) -> Api:
    for name, role, owner in (("finance_nord", FINANCE, NORD.id), ("committee_nord", COMMITTEE, NORD.id),
                              ("finance_sor", FINANCE, SOR.id), ("committee_sor", COMMITTEE, SOR.id),
                              ("auditor_nord", AUDITOR, NORD.id), ("auditor_sor", AUDITOR, SOR.id)):
        api.tokens[name], _ = api.grants.issue_token(role, ISSUER, holder=f"Person {name}", owner_id=owner)
    api.tokens["applicant_fredrikstad"], _ = api.grants.issue_token(
        "applicant", ISSUER, holder="Kari Fredrikstad", org_no=FREDRIKSTAD.org_no)
    return api


def _body(api: Api, endpoint: WriteEndpoint, role: str, who: str) -> dict[str, Any]:
    body = endpoint.body(api)
    if endpoint.name == "submit" and who == OTHER[role]:  # for itself, through a community it is not in
        body = application_body(body["round_id"], applicant={**body["applicant"], "org_no": FREDRIKSTAD.org_no,
                                                             "name": FREDRIKSTAD.name})
    return body


CASES = [(e, role) for e in WRITE_ENDPOINTS for role in e.roles]


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=[f"{e.name}-{r}" for e, r in CASES])
def test_within_scope_it_works_outside_it_does_not_exist(scoped: Api, endpoint: WriteEndpoint, role: str) -> None:
    api = scoped
    path = endpoint.prepare(api)
    bodies = {who: _body(api, endpoint, role, who) for who in (OWN[role], OTHER[role])}  # may build a pool
    before = log_head(api)
    outside = api.call(endpoint.method, path, OTHER[role], json=bodies[OTHER[role]])
    status, kind = OUTSIDE.get(endpoint.name, (404, "not-found"))
    assert outside.status_code == status, (OTHER[role], outside.get_json())
    assert outside.get_json()["type"].endswith(kind)
    assert log_head(api) == before, f"{OTHER[role]} was refused but something was recorded"
    inside = api.call(endpoint.method, path, OWN[role], json=bodies[OWN[role]])
    assert inside.status_code == endpoint.success, (OWN[role], inside.get_json())


def test_outside_its_scope_a_thing_reads_as_missing(scoped: Api) -> None:
    api = scoped
    app = api.application("prioritised")
    pool_id = app["pool_id"]
    for who in ("finance_sor", "committee_sor", "auditor_sor", "assessor_elsewhere", "applicant_fredrikstad"):
        assert api.get(f"/api/v1/applications/{app['id']}", who).status_code == 404, who
        assert api.get(f"/api/v1/applications/{app['id']}/history", who).status_code == 404, who
        listed = api.get("/api/v1/applications", who).get_json()["items"]
        assert app["id"] not in [a["id"] for a in listed], who
    for who in ("finance_sor", "committee_sor", "auditor_sor"):
        assert api.get(f"/api/v1/pools/{pool_id}", who).status_code == 404, who
        assert api.get(f"/api/v1/rounds/{app['round_id']}", who).status_code == 404, who
        assert pool_id not in [p["id"] for p in api.get("/api/v1/pools", who).get_json()["items"]], who
        assert api.get("/api/v1/budget", who).get_json()["owners"] == [], who
    for who in ("finance_sor", "committee_sor", "assessor_elsewhere"):
        assert app["id"] not in [a["id"] for a in api.get("/api/v1/applications/outstanding", who).get_json()["items"]]
    for who in ("finance_nord", "committee_nord", "auditor_nord", "assessor"):
        assert api.get(f"/api/v1/applications/{app['id']}", who).status_code == 200, who
    # A round is a public call: every applicant and assessor reads it, wherever they are.
    for who in ("finance_nord", "committee_nord", "auditor_nord", "assessor", "assessor_elsewhere",
                "applicant_fredrikstad"):
        assert api.get(f"/api/v1/rounds/{app['round_id']}", who).status_code == 200, who
    for who in ("finance_nord", "committee_nord", "assessor"):
        assert app["id"] in [a["id"] for a in api.get("/api/v1/applications/outstanding", who).get_json()["items"]]
    assert [o["owner"]["id"] for o in api.get("/api/v1/budget", "auditor_nord").get_json()["owners"]] == [NORD.id]
    asked_elsewhere = api.get(f"/api/v1/applications?owner={SOR.id}", "finance_nord").get_json()["items"]
    assert asked_elsewhere == []


def test_the_audit_trail_exports_and_pages_keep_to_the_scope(scoped: Api) -> None:
    api = scoped
    app = api.application("approved")
    assert api.get("/api/v1/audit/events?limit=500", "auditor_sor").get_json()["items"] == []
    mine = api.get(f"/api/v1/audit/events?limit=500&application_id={app['id']}", "auditor_nord").get_json()["items"]
    assert {e["type"] for e in mine} >= {"Submitted", "Approved"}
    for who, sees in (("finance_nord", True), ("finance_sor", False), ("auditor_sor", False)):
        csv = api.get("/api/v1/exports/decisions.csv", who).get_data(as_text=True)
        assert (app["reference"] in csv) is sees, who
    for who, status in (("finance_sor", 404), ("finance_nord", 200), ("assessor_elsewhere", 404), ("assessor", 200)):
        page_login(api.client, api.tokens[who])
        page = api.client.get(f"/soknader?referanse={app['reference']}")
        assert page.status_code == status, who
    page_login(api.client, api.tokens["finance_sor"])
    assert "Helse Nord" not in api.client.get("/okonomi").get_data(as_text=True)
    page_login(api.client, api.tokens["auditor_sor"])
    position = mine[0]["position"]
    assert api.client.get(f"/revisjon/hendelser/{position}").status_code == 404
    assert app["title"] not in api.client.get("/revisjon").get_data(as_text=True)
    page_login(api.client, api.tokens["auditor_nord"])
    assert api.client.get(f"/revisjon/hendelser/{position}").status_code == 200
    assert app["title"] in api.client.get("/revisjon").get_data(as_text=True)
    assert "Helse Nord" in api.client.get("/okonomi").get_data(as_text=True)

