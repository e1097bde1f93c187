"""Registered organisations: admin registers owners and health communities (the same
again changes nothing), changes members, and everyone reads them; an application must
name a registered community of its pool's region, with its applicant as a member."""

from __future__ import annotations

from domain.person import Person
from tests.web.support import Api, application_body, log_head, page_login, round_body
from workloads.builders import BODO, LVS, NORD, OSTFOLD, SOR

VEST = {"id": "helse-vest-rhf", "name": "Helse Vest RHF", "kind": "rhf", "region": None, "org_no": "983658725"}
FONNA = {"id": "hf-fonna", "name": "Helsefellesskapet Fonna", "region": "helse-vest-rhf",
         "members": [{"org_no": "940039541", "name": "Fredrikstad kommune", "kind": "municipality"}]}


def test_admin_registers_owners_and_communities_once(api: Api) -> None:
    created = api.post("/api/v1/owners", "admin", VEST)
    assert created.status_code == 201, created.get_json()
    before = log_head(api)
    again = api.post("/api/v1/owners", "admin", VEST)
    assert again.status_code == 200 and again.get_json() == created.get_json() and log_head(api) == before
    differs = api.post("/api/v1/owners", "admin", {**VEST, "name": "Helse Sør-Øst"})
    assert differs.status_code == 409 and differs.get_json()["type"].endswith("registered-differently")
    assert api.post("/api/v1/owners", "finance", VEST).status_code == 403
    assert api.post("/api/v1/owners", "admin", {**VEST, "id": "hf-x", "kind": "health_community",
                                                 "region": "nowhere"}).status_code == 422
    assert api.post("/api/v1/communities", "admin", FONNA).status_code == 201
    assert api.post("/api/v1/communities", "admin", {**FONNA, "id": "hf-y", "region": "nowhere"}).status_code == 422
    owners = [o["id"] for o in api.get("/api/v1/owners", "applicant").get_json()["items"]]
    assert owners == [NORD.id, SOR.id, VEST["id"]]  # by name
    communities = {c["id"]: c for c in api.get("/api/v1/communities", "assessor").get_json()["items"]}
    assert set(communities) == {LVS.id, OSTFOLD.id, "hf-fonna"}
    assert communities["hf-fonna"]["members"] == FONNA["members"]


def test_members_are_added_and_removed(api: Api) -> None:
    path = f"/api/v1/communities/{LVS.id}"
    moved = api.call("PATCH", path, "admin", json={"remove": [BODO.org_no]})
    assert moved.status_code == 200 and BODO.org_no not in [m["org_no"] for m in moved.get_json()["members"]]
    round_id = api.round()["id"]
    refused = api.post("/api/v1/applications", "applicant", application_body(round_id))
    assert refused.status_code == 409 and refused.get_json()["type"].endswith("not-a-member")
    back = api.call("PATCH", path, "admin", json={"add": [{"org_no": BODO.org_no, "name": BODO.name,
                                                            "kind": BODO.kind}]})
    assert BODO.org_no in [m["org_no"] for m in back.get_json()["members"]]
    assert api.post("/api/v1/applications", "applicant", application_body(round_id)).status_code == 201
    assert api.call("PATCH", path, "admin", json={}).status_code == 422
    assert api.call("PATCH", "/api/v1/communities/nope", "admin", json={"remove": [BODO.org_no]}).status_code == 404


def test_an_application_names_a_registered_community_of_its_region(api: Api) -> None:
    api.post("/api/v1/owners", "admin", VEST)
    api.post("/api/v1/communities", "admin", FONNA)
    round_id = api.round()["id"]
    before = log_head(api)
    unknown = api.post("/api/v1/applications", "applicant",
                       application_body(round_id, health_community={"id": "hf-nope", "name": "Nope"}))
    assert unknown.status_code == 409 and unknown.get_json()["type"].endswith("not-registered")
    elsewhere = api.post("/api/v1/applications", "applicant",
                         application_body(round_id, health_community={"id": "hf-fonna", "name": "Østfold"}))
    assert elsewhere.status_code == 409 and elsewhere.get_json()["type"].endswith("outside-region")
    assert log_head(api) == before
    renamed = api.post("/api/v1/applications", "applicant",
                       application_body(round_id, health_community={"id": LVS.id, "name": "skrevet fritt"}))
    assert renamed.get_json()["health_community"]["name"] == LVS.name  # the registered name, not free text
    unregistered_owner = api.post("/api/v1/pools", "finance", {
        "owner": {"id": "helse-midt-norge-rhf", "name": "Helse Midt-Norge RHF", "kind": "rhf"}, "name": "P",
        "fiscal_years": [2025], "amount": "100"})
    assert unregistered_owner.status_code == 409 and unregistered_owner.get_json()["type"].endswith("not-registered")


def test_a_round_open_to_outsiders_takes_applicants_from_outside_the_community(api: Api) -> None:
    pool_id = api.pool()["id"]
    body = round_body(pool_id, api.deadline)
    closed_round = api.ok(api.post("/api/v1/rounds", "finance", body), 201)
    open_round = api.ok(api.post("/api/v1/rounds", "finance", {**body, "open_to_outsiders": True}), 201)
    assert open_round["open_to_outsiders"] is True and "open_to_outsiders" not in closed_round
    api.call("PATCH", f"/api/v1/communities/{LVS.id}", "admin", json={"remove": [BODO.org_no]})
    refused = api.post("/api/v1/applications", "applicant", application_body(closed_round["id"]))
    assert refused.status_code == 409 and refused.get_json()["type"].endswith("not-a-member")
    assert api.post("/api/v1/applications", "applicant", application_body(open_round["id"])).status_code == 201


def test_admin_registers_organisations_and_people_on_the_drift_page(api: Api) -> None:
    page_login(api.client, api.tokens["admin"])
    page = api.client.get("/drift")
    assert page.status_code == 200 and LVS.name in page.get_data(as_text=True)
    csrf = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    saved = api.client.post("/drift/eiere", data={**{k: v or "" for k, v in VEST.items()}, "csrf_token": csrf})
    assert saved.status_code == 302
    community = api.client.post("/drift/helsefellesskap", data={
        "id": "hf-fonna", "name": "Helsefellesskapet Fonna", "region": VEST["id"], "csrf_token": csrf,
        "members": "940039541;Fredrikstad kommune;municipality"})
    assert community.status_code == 302
    assert [m.org_no for m in api.grants.registry().community("hf-fonna").members] == ["940039541"]
    refused = api.client.post("/drift/helsefellesskap", data={"id": "hf-x", "name": "X", "region": "nowhere",
                                                               "csrf_token": csrf, "members": "bare tull"})
    assert refused.status_code == 422
    assert "Linje 1: skriv organisasjonsnummer;navn;type" in refused.get_data(as_text=True)
    no_region = api.client.post("/drift/helsefellesskap", data={"id": "hf-x", "name": "X", "region": "nowhere",
                                                                 "csrf_token": csrf, "members": ""})
    assert no_region.status_code == 422 and "Feltet «Region» er ikke gyldig" in no_region.get_data(as_text=True)
    assert "is not" not in no_region.get_data(as_text=True)  # bokmål, not the API's English
    person = api.client.post("/drift/personer", data={"name": "Ola Vest", "email": "ola@helse-vest.no",
                                                      "role": "finance", "owner_id": VEST["id"], "csrf_token": csrf})
    assert person.status_code == 302
    assert api.grants.registry().owner(VEST["id"]).name == VEST["name"]
    ola = api.grants.get_person(Person.id_for("", "ola@helse-vest.no"))
    assert [(m.role, m.owner_id) for m in ola.memberships.values()] == [("finance", VEST["id"])]
    assert api.client.post("/drift/eiere", data={"id": "x", "name": "X", "kind": "rhf"}).status_code == 400  # no CSRF
    page_login(api.client, api.tokens["finance"])
    assert api.client.get("/drift").status_code == 403


def test_the_drift_forms_refuse_unstorable_input_in_bokmal_and_save_nothing(api: Api) -> None:
    page_login(api.client, api.tokens["admin"])
    csrf = api.client.get("/drift").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    before = log_head(api)
    many = "\n".join(f"{900000000 + i};Kommune {i};municipality" for i in range(501))
    for path, data in (("/drift/eiere", {"id": "a\x00b", "name": "X", "kind": "rhf"}),
                       ("/drift/eiere", {"id": "x", "name": "N" * 10_000, "kind": "rhf"}),
                       ("/drift/eiere", {"id": "x", "name": "X", "kind": "fylke"}),
                       ("/drift/helsefellesskap", {"id": "hf-z", "name": "Z", "region": NORD.id, "members": many}),
                       ("/drift/personer", {"name": "P", "email": "ikke-e", "role": "finance", "owner_id": NORD.id}),
                       ("/drift/personer", {"name": "P", "email": "p1@y.no,spy@evil.example", "role": "finance",
                                            "owner_id": NORD.id}),
                       ("/drift/personer", {"name": "P", "email": "p1\u2028@y.no", "role": "finance",
                                            "owner_id": NORD.id}),
                       ("/drift/personer", {"name": "P", "role": "wizard"})):
        answer = api.client.post(path, data={**data, "csrf_token": csrf})
        assert answer.status_code == 422, (path, data)
        assert "er ikke gyldig" in answer.get_data(as_text=True)
    assert log_head(api) == before
    surrogate = api.client.post("/drift/eiere", data=f"id=x&name=%ED%A0%80&kind=rhf&csrf_token={csrf}",
                                content_type="application/x-www-form-urlencoded")  # a lone surrogate, as sent
    assert surrogate.status_code in (302, 422)  # replaced or refused, never a 500
    surrogate = api.client.post("/drift/eiere", data=f"id=x&name=%ED%A0%80&kind=rhf&csrf_token={csrf}",
                                content_type="application/x-www-form-urlencoded")  # a lone surrogate, as sent
    assert surrogate.status_code in (302, 422)  # replaced or refused, never a 500
