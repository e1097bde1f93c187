"""Kept work pages (`web.page_answers`): sent by the gate only while nothing they were
built from has moved, to the person they were built for, with the asking session's own
CSRF token and fresh form keys; a page with a message to show, or after logout, is
never sent from what was kept. (Across two web processes on PostgreSQL, with a
projection worker: tests/web/test_read_cache.py.)"""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.web.pageforms import forms_of, logged_in, send
from tests.web.support import ISSUER, Api
from web.page_answers import CSRF, FORM_KEY, KeptPage, PageGate


def _gate(api: Api) -> PageGate:
    gate = api.client.application.wsgi_app
    assert isinstance(gate, PageGate)
    return gate


def _csrf(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', html))


def _form_keys(html: str) -> list[str]:
    return re.findall(r'name="skjema"[^>]*value="([0-9a-f]{32})"', html)


def _kept_get(api: Api, client: FlaskClient, path: str) -> tuple[str, int]:
    """GET `path` until it is kept (a message shown once, a session cookie renewed, make
    a page the session's own), then once more: that one must come from the gate. Its
    page and read position."""
    gate = _gate(api)
    for _ in range(2):
        first = client.get(path)
        assert first.status_code == 200, first.status_code
    sent = gate.sent
    again = client.get(path)
    assert again.status_code == 200
    assert gate.sent == sent + 1, f"{path} was not sent from the kept page"
    return again.get_data(as_text=True), int(again.headers["X-Read-Position"])


def test_a_kept_page_has_the_sessions_own_csrf_token_and_fresh_form_keys_and_its_forms_work(api: Api) -> None:
    api.application("scored")
    api.application("scored")
    assessor = logged_in(api, "assessor")
    built = assessor.get("/arbeidsliste").get_data(as_text=True)
    kept, _ = _kept_get(api, assessor, "/arbeidsliste")
    assert _form_keys(kept) and len(set(_form_keys(kept))) == len(_form_keys(kept)), "each form its own key"
    assert not set(_form_keys(kept)) & set(_form_keys(built)), "fresh keys on every page"
    assert len(_csrf(kept)) == 1
    # the same person in another session: another CSRF token, never the first session's
    other_session = logged_in(api, "assessor")
    other, _ = _kept_get(api, other_session, "/arbeidsliste")
    assert _csrf(other) != _csrf(kept)
    # a form of the kept page is carried out (its CSRF token is valid for this session)
    prioritise = next(f for f in forms_of(kept) if "prioritering" in f["action"])
    rank_field = next(name for name, _ in prioritise["fields"] if name.startswith("rank-"))
    data = dict(prioritise["fields"]) | {rank_field: "1", rank_field.replace("rank-", "amount-"): "100 000"}
    done = assessor.post(prioritise["action"], data=data)
    assert done.status_code == 303, done.get_data(as_text=True)[:400]
    assert "Prioriteringen er lagret for 1 søknader." in assessor.get("/arbeidsliste").get_data(as_text=True)


def test_two_people_at_the_same_address_each_get_their_own_page(api: Api) -> None:
    mine = api.application("submitted")
    theirs = api.call("POST", "/api/v1/applications", "other_applicant", json={
        **_body_of(api), "title": "Tromsøs eget prosjekt",
        "applicant": {"org_no": "940101808", "name": "Tromsø kommune", "kind": "municipality"}})
    assert theirs.status_code == 201, theirs.get_data(as_text=True)
    hilde, ole = logged_in(api, "applicant"), logged_in(api, "other_applicant")
    for path in ("/soknader", "/"):
        hildes, _ = _kept_get(api, hilde, path)
        oles, _ = _kept_get(api, ole, path)
        if path == "/soknader":
            assert _linked(mine, hildes) and not _linked(mine, oles), path
            assert _linked(theirs.get_json(), oles) and not _linked(theirs.get_json(), hildes), path
        assert "Hilde Johansen" in hildes and "Hilde Johansen" not in oles, path
        assert _csrf(hildes).isdisjoint(_csrf(oles)), path
    # an assessor elsewhere does not see the community's queue
    api.application("scored")
    here, elsewhere = logged_in(api, "assessor"), logged_in(api, "assessor_elsewhere")
    queue, _ = _kept_get(api, here, "/arbeidsliste")
    other_queue, _ = _kept_get(api, elsewhere, "/arbeidsliste")
    assert _linked(mine, queue) and not _linked(mine, other_queue)


def _linked(app: dict[str, str], html: str) -> bool:
    """Whether the page links to the application (its reference alone is also an example in a hint)."""
    return f"referanse={app['reference']}" in html


def _body_of(api: Api) -> dict[str, object]:
    from tests.web.support import application_body

    return application_body(api.made.get("round_id") or api.round()["id"])


def test_a_kept_page_is_never_older_than_its_read_position(api: Api) -> None:
    app = api.application("prioritised")
    committee = logged_in(api, "committee")
    path = f"/moter/{app['round_id']}"
    before, read = _kept_get(api, committee, path)
    assert "Prioritert" in before
    approved = api.post(f"/api/v1/applications/{app['id']}/approval", "committee",
                        {"amount": "1000000", "decision_ref": "KU-sak 7/2025"})
    assert approved.status_code == 200, approved.get_data(as_text=True)
    written = int(approved.headers["X-Log-Position"])
    after, read_after = _kept_get(api, committee, path)
    assert read_after >= written > read
    assert "Innvilget" in after and after != before
    case, _ = _kept_get(api, committee, f"/soknader?referanse={app['reference']}")
    assert "Innvilget" in case


def test_a_message_to_show_is_never_kept_nor_lost(api: Api) -> None:
    app = api.application("scored")
    assessor = logged_in(api, "assessor")
    _kept_get(api, assessor, "/arbeidsliste")
    form = next(f for f in forms_of(assessor.get("/arbeidsliste").get_data(as_text=True))
                if "prioritering" in f["action"])
    done = send(assessor, "/arbeidsliste", form["action"], {f"rank-{app['id']}": "1", f"amount-{app['id']}": "5"})
    assert done.status_code == 303
    gate = _gate(api)
    sent = gate.sent
    shown = assessor.get("/arbeidsliste").get_data(as_text=True)
    assert "Prioriteringen er lagret" in shown and gate.sent == sent, "a page with a message is built anew"
    assert "Prioriteringen er lagret" not in assessor.get("/arbeidsliste").get_data(as_text=True)


def test_logout_and_revocation_end_a_kept_page_at_once(api: Api) -> None:
    token, issued = api.grants.issue_token("finance", ISSUER, holder="Mona Berg", email="mona@example.no")
    from tests.web.support import page_login

    mona = api.client.application.test_client()
    page_login(mona, token)
    _kept_get(api, mona, "/okonomi")
    api.grants.revoke_membership(api.grants.authenticate(token).id, issued.value.membership_id, ISSUER)
    assert mona.get("/okonomi").status_code in (302, 303)

    per = logged_in(api, "finance_2")
    kept, _ = _kept_get(api, per, "/okonomi")
    logout = next(f for f in forms_of(kept) if f["action"].endswith("/logg-ut"))
    assert per.post(logout["action"], data=dict(logout["fields"])).status_code == 302
    assert per.get("/okonomi").status_code in (302, 303)


def test_a_page_is_cut_only_where_its_own_parts_stand() -> None:
    body = b'<form><input name="csrf_token" value="TOKEN"><input name="skjema" value="k1"></form>' \
           b'<form><input name="csrf_token" value="TOKEN"><input name="skjema" value="k2"></form>'
    page = KeptPage.cut(body, "TOKEN", ["k1", "k2"], ())
    assert page is not None and page.parts == (CSRF, FORM_KEY, CSRF, FORM_KEY)
    sent = page.body_for("MINE")
    assert sent.count(b"MINE") == 2 and b"TOKEN" not in sent and b"k1" not in sent and b"k2" not in sent
    assert len(set(re.findall(rb'name="skjema" value="([0-9a-f]{32})"', sent))) == 2
    assert KeptPage.cut(body.replace(b"k2", b"k1"), "TOKEN", ["k1", "k2"], ()) is None, "a key shown twice"
