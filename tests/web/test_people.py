"""People, not tokens: one person holding several memberships (and several tokens) is one
person to separation of duties, recusal and scoring once; a revoked membership or token
stops working at once; tokens from before people were registered still open."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.access import AccessToken
from domain.membership import Membership
from domain.values import ASSESSOR, COMMITTEE, FINANCE
from tests.web.support import ISSUER, STAGE_BODIES, Api, application_body, log_head, page_login
from workloads.builders import LVS, NLSH, NORD

PER = {"holder": "Per Probe", "email": "per.probe@example.no"}


def _per(api: Api) -> None:
    """Per Probe as assessor of the community, committee member and finance officer, with
    two committee tokens."""
    for name, role, scope in (("per_assessor", ASSESSOR, {"community_id": LVS.id}), ("per_committee", COMMITTEE, {}),
                              ("per_committee_2", COMMITTEE, {}), ("per_finance", FINANCE, {})):
        api.tokens[name], _ = api.grants.issue_token(role, ISSUER, **PER, **scope)  # type: ignore[arg-type]


def _do(api: Api, app: dict[str, Any], stage: str, who: str, **changes: Any) -> Any:
    _, path, body = STAGE_BODIES[stage]
    return api.post(f"/api/v1/applications/{app['id']}/{path}", who, {**body, **changes})


def _refused(api: Api, response: Any, status: int, kind: str) -> None:
    assert response.status_code == status, response.get_json()
    assert response.get_json()["type"].endswith(kind)


def test_the_same_person_through_other_memberships_is_held_to_separation_of_duties(api: Api) -> None:
    _per(api)
    me = {name: api.get("/api/v1/me", name).get_json()["person"]["id"] for name in ("per_assessor", "per_finance")}
    assert me["per_assessor"] == me["per_finance"]

    scored_by_per = api.application("submitted")
    api.ok(_do(api, scored_by_per, "scored", "per_assessor"))
    api.ok(_do(api, scored_by_per, "prioritised", "assessor"))
    before = log_head(api)
    _refused(api, _do(api, scored_by_per, "approved", "per_committee"), 409, "separation-of-duties")
    assert log_head(api) == before
    api.ok(_do(api, scored_by_per, "approved", "committee"))

    approved_by_per = api.application("prioritised")
    api.ok(_do(api, approved_by_per, "approved", "per_committee"))
    api.ok(_do(api, approved_by_per, "accepted", "applicant"))
    api.ok(_do(api, approved_by_per, "agreed", "assessor"))
    before = log_head(api)
    _refused(api, _do(api, approved_by_per, "paid", "per_finance", payment_reference="UTB-PER"), 409,
             "separation-of-duties")
    assert log_head(api) == before
    api.ok(_do(api, approved_by_per, "paid", "finance", payment_reference="UTB-PER"))


def test_recusal_and_scoring_once_hold_across_the_persons_tokens(api: Api) -> None:
    _per(api)
    app = api.application("prioritised")
    api.ok(api.post(f"/api/v1/applications/{app['id']}/recusal", "per_committee", {"reason": "Nabo"}))
    before = log_head(api)
    _refused(api, _do(api, app, "approved", "per_committee_2"), 409, "recused")
    assert log_head(api) == before

    other = api.application("submitted")
    api.ok(api.post(f"/api/v1/applications/{other['id']}/recusal", "per_assessor", {"reason": "Svoger"}))
    _refused(api, _do(api, other, "scored", "per_assessor"), 409, "recused")


def test_a_revoked_membership_or_token_is_refused_at_once(api: Api) -> None:
    _per(api)
    assert api.get("/api/v1/budget", "per_finance").status_code == 200
    person_id = api.get("/api/v1/me", "per_finance").get_json()["person"]["id"]
    api.grants.revoke_membership(person_id, Membership.of(FINANCE, owner_id="all").id, ISSUER)
    assert api.get("/api/v1/budget", "per_finance").status_code == 401
    assert api.get("/api/v1/budget", "per_committee").status_code == 200
    api.grants.revoke_token(api.tokens["per_committee"], ISSUER)
    assert api.get("/api/v1/budget", "per_committee").status_code == 401
    assert api.get("/api/v1/budget", "per_committee_2").status_code == 200


def test_a_token_expires(api: Api) -> None:
    person = api.grants.register_person("Kortvarig", None, ISSUER).value
    membership = api.grants.grant_membership(person.id, Membership.of("auditor"), ISSUER).value.memberships
    secret, _ = api.grants.issue_personal_token(person.id, membership_id=next(iter(membership)), name="kort",
                                                actor=ISSUER, lifetime=timedelta(milliseconds=300))
    api.tokens["short"] = secret
    assert api.get("/api/v1/budget", "short").status_code == 200
    import time
    time.sleep(0.35)
    assert api.get("/api/v1/budget", "short").status_code == 401


def test_a_token_from_before_people_were_registered_still_opens(api: Api) -> None:
    legacy = AccessToken.issue("tsk_legacy-token-from-2025", "auditor", "Revisjon Nord", None, None, ISSUER,
                               api.clock.now)
    api.grants.save(legacy)
    api.tokens["legacy"] = "tsk_legacy-token-from-2025"
    assert api.get("/api/v1/budget", "legacy").status_code == 200
    api.grants.revoke_token("tsk_legacy-token-from-2025", ISSUER)
    assert api.get("/api/v1/budget", "legacy").status_code == 401


def test_people_issue_list_and_revoke_their_own_tokens(api: Api) -> None:
    _per(api)
    issued = api.post("/api/v1/me/tokens", "per_finance", {"name": "Skript for bokføring", "days": 30})
    assert issued.status_code == 201, issued.get_json()
    new = issued.get_json()
    api.tokens["per_script"] = new["token"]
    assert api.get("/api/v1/me", "per_script").get_json()["membership"]["role"] == FINANCE
    listed = api.get("/api/v1/me/tokens", "per_finance").get_json()["items"]
    assert new["id"] in [t["id"] for t in listed] and all("token" not in t for t in listed)
    assert api.call("DELETE", f"/api/v1/me/tokens/{new['id']}", "per_finance").status_code == 204
    assert api.get("/api/v1/budget", "per_script").status_code == 401
    # another person's token is not theirs to revoke
    theirs = api.get("/api/v1/me/tokens", "finance").get_json()["items"][0]["id"]
    assert api.call("DELETE", f"/api/v1/me/tokens/{theirs}", "per_finance").status_code == 404
    assert api.get("/api/v1/budget", "finance").status_code == 200
    assert api.post("/api/v1/me/tokens", "per_finance", {"name": "x", "days": 400}).status_code == 422


def test_admin_registers_people_and_grants_and_revokes_memberships(api: Api) -> None:
    created = api.post("/api/v1/people", "admin", {"name": "Marit Berg", "email": "Marit.Berg@helse-nord.no"})
    assert created.status_code == 201, created.get_json()
    person = created.get_json()
    again = api.post("/api/v1/people", "admin", {"name": "Marit B.", "email": "marit.berg@helse-nord.no"})
    assert again.status_code == 200 and again.get_json()["id"] == person["id"]  # found by e-mail
    assert api.post("/api/v1/people", "finance", {"name": "X"}).status_code == 403
    path = f"/api/v1/people/{person['id']}/memberships"
    granted = api.post(path, "admin", {"role": "finance", "owner_id": NORD.id})
    assert granted.status_code == 201 and granted.get_json()["memberships"][0]["owner_id"] == NORD.id
    assert api.post(path, "admin", {"role": "finance", "owner_id": NORD.id}).status_code == 200
    assert api.post(path, "admin", {"role": "assessor", "community_id": "nope"}).status_code == 409
    assert api.post(path, "admin", {"role": "assessor"}).status_code == 422
    membership_id = granted.get_json()["memberships"][0]["id"]
    secret, _ = api.grants.issue_personal_token(person["id"], membership_id=membership_id, name="skript", actor=ISSUER)
    api.tokens["marit"] = secret
    assert api.get("/api/v1/budget", "marit").status_code == 200
    revoked = api.call("DELETE", f"{path}/{membership_id}", "admin")
    assert revoked.status_code == 200 and revoked.get_json()["memberships"] == []
    assert api.get("/api/v1/budget", "marit").status_code == 401
    assert api.get(f"/api/v1/people/{person['id']}", "admin").get_json()["name"] == "Marit Berg"
    me = api.get("/api/v1/me", "finance").get_json()["person"]["id"]
    theirs = api.get("/api/v1/me/tokens", "finance").get_json()["items"][0]["id"]
    assert api.call("DELETE", f"/api/v1/people/{me}/tokens/{theirs}", "auditor").status_code == 403
    assert api.call("DELETE", f"/api/v1/people/{me}/tokens/{theirs}", "admin").status_code == 204
    assert api.get("/api/v1/budget", "finance").status_code == 401
    assert api.get(f"/api/v1/people/{person['id']}", "auditor").status_code == 403


def test_one_address_per_person_by_the_same_rule_as_an_applications_contact(api: Api) -> None:
    before = log_head(api)
    for bad in ("p1@y.no,spy@evil.example", "p1\u2028@y.no", "p1@y.no spy@evil.example", "<p1@y.no>", "p1@y"):
        refused = api.post("/api/v1/people", "admin", {"name": "Pål Probe", "email": bad})
        assert refused.status_code == 422 and "email" in refused.get_json()["errors"], (bad, refused.get_json())
        contact = api.post("/api/v1/applications", "applicant", application_body(
            api.round()["id"], contact={"name": "Pål Probe", "email": bad}))
        assert contact.status_code == 422 and "contact.email" in contact.get_json()["errors"], bad
    assert log_head(api) - before == 10  # only the five pools and rounds the contact checks opened
    assert api.post("/api/v1/people", "admin", {"name": "Pål Probe", "email": "pal.probe@y.no"}).status_code == 201
    document = api.get("/openapi.json", None).get_json()
    person_email = document["components"]["schemas"]["PersonIn"]["properties"]["email"]
    contact_email = document["components"]["schemas"]["ContactIn"]["properties"]["email"]
    assert person_email["format"] == contact_email["format"] == "email"


def test_a_partner_reads_its_joint_application_and_never_changes_it(api: Api) -> None:
    api.tokens["partner"], _ = api.grants.issue_token("applicant", ISSUER, holder="Nordlandssykehuset",
                                                      org_no=NLSH.org_no)
    app = api.application("scored")
    assert NLSH.org_no in [p["org_no"] for p in app["partners"]]
    assert api.get(f"/api/v1/applications/{app['id']}", "partner").get_json()["reference"] == app["reference"]
    assert api.get(f"/api/v1/applications/{app['id']}/history", "partner").status_code == 200
    before = log_head(api)
    for method, suffix, body in (("PATCH", "", {"title": "Endret av partner"}),
                                 ("POST", "/withdrawal", {"reason": "Partner vil trekke"})):
        refused = api.call(method, f"/api/v1/applications/{app['id']}{suffix}", "partner", json=body)
        assert refused.status_code == 403, refused.get_json()
    assert log_head(api) == before
    assert api.get(f"/api/v1/applications/{app['id']}", "other_applicant").status_code == 404


def test_a_page_session_holds_no_token_and_ends_at_logout_or_revocation(api: Api) -> None:
    _per(api)
    page_login(api.client, api.tokens["per_finance"])
    cookie = api.client.get_cookie("tilskudd_session")
    assert cookie is not None and api.tokens["per_finance"] not in cookie.value
    from itsdangerous import URLSafeTimedSerializer  # the signed cookie's content, as Flask reads it

    assert "token" not in str(URLSafeTimedSerializer("x").loads_unsafe(cookie.value)[1])
    assert api.client.get("/okonomi").status_code == 200
    stolen = cookie.value
    page = api.client.get("/okonomi").get_data(as_text=True)
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert api.client.post("/logg-ut", data={"csrf_token": csrf}).status_code == 302
    api.client.set_cookie("tilskudd_session", stolen)  # the old cookie, replayed after logout
    assert api.client.get("/okonomi").status_code == 302  # to the login page
    page_login(api.client, api.tokens["per_finance"])
    assert api.client.get("/okonomi").status_code == 200
    api.grants.revoke_token(api.tokens["per_finance"], ISSUER)
    assert api.client.get("/okonomi").status_code == 302  # the session's token is gone: at once


def test_removing_a_membership_asks_first_and_keeps_the_reason(api: Api) -> None:
    from tests.web.pageforms import logged_in, send

    person = api.ok(api.post("/api/v1/people", "admin", {"name": "Tone Fjerning", "email": "tone@example.no"}))
    api.ok(api.post(f"/api/v1/people/{person['id']}/memberships", "admin",
                    {"role": "finance", "owner_id": "helse-nord-rhf"}))
    admin = logged_in(api, "admin")
    listing = admin.get("/drift/personer?q=fjerning").get_data(as_text=True)
    assert "Tone Fjerning" in listing and "1 av" in listing
    assert "Revisjon Nord" not in listing.split('id="registrerte"')[1], "the search finds only who matches"
    ask = listing.split('href="/drift/personer/' + person["id"] + '/medlemskap/')[1].split('"')[0]
    page = f"/drift/personer/{person['id']}/medlemskap/{ask}"
    asked = admin.get(page).get_data(as_text=True)
    assert "Fjerne rollen økonomi – Helse Nord RHF for Tone Fjerning?" in asked
    before = api.ok(api.get(f"/api/v1/people/{person['id']}", "admin"))
    assert len(before["memberships"]) == 1, "asking removes nothing"
    refused = send(admin, page, "/fjern", {"reason": " "})
    assert refused.status_code == 422 and "Begrunnelse" in refused.get_data(as_text=True)
    assert len(api.ok(api.get(f"/api/v1/people/{person['id']}", "admin"))["memberships"]) == 1
    assert send(admin, page, "/fjern", {"reason": "Sluttet 1. mars"}).status_code == 303
    assert api.ok(api.get(f"/api/v1/people/{person['id']}", "admin"))["memberships"] == []
    trail = api.ok(api.get("/api/v1/audit/events?type=MembershipRevoked", "auditor"))["items"]
    assert trail[-1]["data"]["reason"] == "Sluttet 1. mars"


def test_the_api_takes_the_reason_for_removing_a_membership_too(api: Api) -> None:
    person = api.ok(api.post("/api/v1/people", "admin", {"name": "Per Grunn", "email": "per.grunn@example.no"}))
    held = api.ok(api.post(f"/api/v1/people/{person['id']}/memberships", "admin",
                           {"role": "auditor"}))["memberships"][0]
    gone = api.call("DELETE", f"/api/v1/people/{person['id']}/memberships/{held['id']}?reason=Ny%20stilling", "admin")
    assert gone.status_code == 200 and api.ok(gone)["memberships"] == []
    trail = api.ok(api.get("/api/v1/audit/events?type=MembershipRevoked", "auditor"))["items"]
    assert trail[-1]["data"]["reason"] == "Ny stilling"
