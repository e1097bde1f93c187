"""The pages without a browser: login keeps the token in an HttpOnly, SameSite=Lax cookie
(Secure over HTTPS), forms need their CSRF token, roles and ownership hold."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.web.support import Api


def _csrf(client: FlaskClient, path: str = "/logg-inn") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match
    return match.group(1)


def _login(api: Api, who: str, base_url: str = "http://localhost") -> FlaskClient:
    client = api.client.application.test_client()
    response = client.post("/logg-inn", base_url=base_url,
                           data={"csrf_token": _csrf(client), "token": api.tokens[who], "neste": "/okonomi"})
    assert response.status_code == 302 and response.headers["Location"] == "/okonomi"
    return client


def test_login_sets_a_protected_cookie_and_needs_the_csrf_token(api: Api) -> None:
    client = api.client.application.test_client()
    refused = client.post("/logg-inn", data={"token": api.tokens["finance"]})
    assert refused.status_code == 400 and "tilskudd_session" not in refused.headers.get("Set-Cookie", "")
    wrong = client.post("/logg-inn", data={"csrf_token": _csrf(client), "token": "tsk_nope"})
    assert wrong.status_code == 401 and "ukjent" in wrong.get_data(as_text=True)
    cookie = client.post("/logg-inn", data={"csrf_token": _csrf(client), "token": api.tokens["finance"]}
                         ).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = api.client.application.test_client()
    secure.get("/logg-inn", base_url="https://localhost")
    token = _csrf(secure)
    response = secure.post("/logg-inn", base_url="https://localhost",
                           data={"csrf_token": token, "token": api.tokens["finance"]})
    assert "Secure" in response.headers["Set-Cookie"]


def test_logout_needs_the_csrf_token(api: Api) -> None:
    client = _login(api, "finance")
    assert client.post("/logg-ut").status_code == 400
    assert client.get("/okonomi").status_code == 200
    assert client.post("/logg-ut", data={"csrf_token": _csrf(client, "/okonomi")}).status_code == 302
    assert client.get("/okonomi").status_code == 302


def test_pages_answer_to_roles_and_ownership(api: Api) -> None:
    app = api.application("paid")
    assert api.client.get("/okonomi").headers["Location"].startswith("/logg-inn")
    finance = _login(api, "finance")
    page = finance.get("/okonomi").get_data(as_text=True)
    assert "kr\u00a010\u00a0000\u00a0000" in page and "<svg" in page  # total, formatted the Norwegian way
    assert finance.get("/revisjon").status_code == 403
    assert f"{app['reference']}" in finance.get(f"/soknader?referanse={app['reference']}").get_data(as_text=True)
    other = _login(api, "other_applicant")
    hidden = other.get(f"/soknader?referanse={app['reference']}")
    assert hidden.status_code == 404 and app["title"] not in hidden.get_data(as_text=True)
    auditor = _login(api, "auditor")
    timeline = auditor.get("/revisjon?type=Approved").get_data(as_text=True)
    assert "innvilget" in timeline and "AccessToken.Issued" not in timeline
    assert auditor.get("/revisjon/hendelser/1").status_code == 200
    assert auditor.get("/revisjon/hendelser/99999").status_code == 404


def test_login_only_redirects_within_the_site(api: Api) -> None:
    client = api.client.application.test_client()
    response = client.post("/logg-inn", data={"csrf_token": _csrf(client), "token": api.tokens["finance"],
                                              "neste": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_the_decision_history_shows_the_data_to_case_workers_not_to_the_applicant(api: Api) -> None:
    app = api.application("paid")
    path = f"/soknader?referanse={app['reference']}"
    auditor = _login(api, "auditor").get(path).get_data(as_text=True)
    assert auditor.count("<details>") == len(api.ok(api.get(f"/api/v1/applications/{app['id']}/history"))["items"])
    assert "payment_reference" in auditor and "status etterpå: Utbetalt" in auditor
    applicant = _login(api, "applicant").get(path).get_data(as_text=True)
    assert "status etterpå: Utbetalt" in applicant and "<details>" not in applicant
    audit = _login(api, "auditor").get(f"/revisjon?referanse={app['reference']}").get_data(as_text=True)
    assert f'href="/soknader?referanse={app["reference"]}"' in audit
