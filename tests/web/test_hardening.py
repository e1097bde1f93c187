"""The edge no input can break: each input that once answered 500, security headers,
the failed-authentication limit, uniform 404s, payment references, the small leaks —
and exactly-once commands decided by the log, not by the response cache."""

from __future__ import annotations

import io
import time
from typing import Any

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import delete

from application.service import Grants
from domain import text as limits
from domain.errors import GrantsError
from tests.web.endpoints import WRITE_ENDPOINTS
from tests.web.support import ISSUER, Api, application_body, page_login, pool_body
from web.app import create_app
from web.problems import STATUSES, status_of
from workloads.builders import FINANCE_ACTOR

PROBLEM = "application/problem+json"


def head(api: Api) -> int:
    return api.grants.recorder.max_notification_id() or 0


def is_problem(response: Any, status: int) -> bool:
    return response.status_code == status and response.mimetype == PROBLEM


# -- inputs that answered 500 ---------------------------------------------------------------
def test_json_nested_a_thousand_deep_is_400_even_without_a_token(api: Api) -> None:
    body = "[" * 1000 + "]" * 1000
    for path in ("/api/v1/pools", "/api/v1/applications"):
        response = api.client.post(path, data=body, content_type="application/json")
        assert is_problem(response, 400) and "nested" in response.get_json()["detail"]
    shallow = api.client.post("/api/v1/pools", data="[" * 20 + "]" * 20, content_type="application/json")
    assert shallow.status_code in (401, 422), "a shallow body goes on to validation"


def test_a_five_thousand_digit_integer_is_422(api: Api) -> None:
    before = head(api)
    body = '{"owner": {"id": "x", "name": "y", "kind": "rhf"}, "name": "n", "fiscal_years": [' + "9" * 5000 + \
           '], "amount": "1"}'
    response = api.client.post("/api/v1/pools", data=body, content_type="application/json",
                               headers={"Authorization": f"Bearer {api.tokens['finance']}"})
    assert is_problem(response, 422) and "digits" in response.get_json()["detail"]
    in_a_string = pool_body() | {"name": "9" * 100}  # digits inside a string are text
    assert api.post("/api/v1/pools", "finance", in_a_string).status_code == 201
    assert head(api) == before + 1


@pytest.mark.parametrize("title", ["\ud800", "FACT\x00team", "Tittel\u202e", "Linje\nskift", "\x1b[31m"])
def test_unstorable_text_in_a_title_is_422_and_records_nothing(api: Api, title: str) -> None:
    round_id = api.round()["id"]
    before = head(api)
    response = api.post("/api/v1/applications", "applicant", application_body(round_id, title=title))
    assert is_problem(response, 422) and "title" in response.get_json()["errors"]
    assert head(api) == before


def test_carriage_return_and_line_feed_in_the_login_target_are_ignored(api: Api) -> None:
    page = api.client.get("/logg-inn?neste=/%0d%0aSet-Cookie:%20x=1")
    assert page.status_code == 200 and "Set-Cookie: x" not in page.get_data(as_text=True)
    token = api.tokens["auditor"]
    login = api.client.get("/logg-inn")
    csrf = login.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    answer = api.client.post("/logg-inn", data={"token": token, "csrf_token": csrf, "neste": "/revisjon\r\nX: y"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/" and "X" not in answer.headers


@pytest.mark.parametrize("path", [
    "/api/v1/applications?owner=%00", "/api/v1/applications?health_community=%00",
    "/api/v1/applications/outstanding?health_community=%00", "/api/v1/audit/events?actor=%00",
    "/api/v1/audit/events?type=%1b", "/api/v1/applications?owner=%E2%80%AE",
])
def test_a_nul_or_control_character_in_an_api_filter_is_422(path: str, store_api: Api) -> None:
    response = store_api.get(path, "auditor")
    assert is_problem(response, 422), response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/soknader?referanse=%00", "/revisjon?aktor=%00", "/revisjon?type=%00",
                                  "/revisjon?referanse=RST%00"])
def test_a_nul_in_a_page_filter_is_a_norwegian_422(path: str, store_api: Api) -> None:
    login(store_api, "auditor")
    response = store_api.client.get(path)
    assert response.status_code == 422 and "tegn som ikke kan forekomme" in response.get_data(as_text=True)


def test_every_domain_error_maps_to_a_status_deliberately() -> None:
    import readmodels.parallel
    import readmodels.runner  # noqa: F401

    def every(cls: type[GrantsError]) -> list[type[GrantsError]]:
        return [cls, *(sub for direct in cls.__subclasses__() for sub in every(direct))]

    for cls in every(GrantsError):
        if cls is GrantsError:
            continue
        assert any(base in STATUSES for base in cls.__mro__), f"{cls.__name__} has no deliberate status"
        error = cls.__new__(cls)
        assert status_of(error) in (403, 404, 409, 412, 422, 500, 503)
    from readmodels.failures import ProjectionFailed

    assert status_of(ProjectionFailed("audit", 7, "x", ValueError("y"))) == 503


def test_a_control_character_already_in_an_owner_name_still_gives_a_workbook_that_opens(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    import domain.text

    monkeypatch.setattr(domain.text, "text_fault", lambda value, multiline=False: None)  # a store from before the rule
    from domain.registry import RegisteredOwner
    from domain.values import Owner

    api.grants.register_owner(RegisteredOwner("eier", "Eier \x13 kontroll", "rhf"), ISSUER)
    api.grants.open_pool(Owner("eier", "Eier \x13 kontroll", "rhf"), name="Pott", fiscal_years=[2025], amount="1000",
                         actor=FINANCE_ACTOR)
    monkeypatch.undo()
    response = api.get("/api/v1/exports/decisions.xlsx", "finance")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert any("Eier" in title for title in workbook.sheetnames)


# -- security headers ---------------------------------------------------------------------
def login(api: Api, who: str) -> None:
    page_login(api.client, api.tokens[who])


def test_every_page_and_api_answer_carries_the_security_headers(api: Api) -> None:
    application = api.application("submitted")
    answers = {
        "/": api.client.get("/"), "/logg-inn": api.client.get("/logg-inn"),
        "/docs": api.client.get("/docs"), "/openapi.json": api.client.get("/openapi.json"),
        "/nothing": api.client.get("/nothing"), "/healthz": api.client.get("/healthz"),
        "api 401": api.client.get("/api/v1/pools"), "api 200": api.get("/api/v1/pools", "finance"),
        "api 201": api.post("/api/v1/pools", "finance", pool_body()),
        "api 404": api.get("/api/v1/applications/00000000-0000-4000-8000-000000000000", "auditor"),
    }
    login(api, "auditor")
    answers |= {path: api.client.get(path) for path in (
        "/soknader", f"/soknader?referanse={application['reference']}", "/okonomi", "/revisjon")}
    for name, response in answers.items():
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], name
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "same-origin", name
        assert "Strict-Transport-Security" not in headers, "HSTS only behind HTTPS"
    for name in ("/", "/soknader", "/okonomi", "/revisjon"):
        policy = answers[name].headers["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy, name
    for name in ("api 200", "api 201", "/soknader", "/okonomi", "/revisjon"):
        assert answers[name].headers["Cache-Control"] == "no-store", name
    secure = api.client.get("/", base_url="https://tilskudd.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


# -- failed authentication ----------------------------------------------------------------
def test_repeated_failed_authentication_is_429_with_retry_after(sqlite_url: str, clock: Any) -> None:
    grants = Grants(sqlite_url, clock=clock)
    app = create_app(grants=grants, inline=True, secret_key="t", auth_failure_limit="5/minute")
    client = app.test_client()
    token, _ = grants.issue_token("auditor", ISSUER)
    statuses = [client.get("/api/v1/pools", headers={"Authorization": f"Bearer tsk_guess{i}"}).status_code
                for i in range(7)]
    assert statuses == [401] * 5 + [429] * 2
    blocked = client.get("/api/v1/pools", headers={"Authorization": "Bearer tsk_guess_again"})
    assert is_problem(blocked, 429) and 1 <= int(blocked.headers["Retry-After"]) <= 60
    valid = client.get("/api/v1/pools", headers={"Authorization": f"Bearer {token}"})
    assert valid.status_code == 200, "a valid token is never refused for the failures of others"
    other = client.get("/api/v1/audit/events", headers={"Authorization": "Bearer tsk_guess"},
                       environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 401, "another address has failures of its own to count"
    anonymous = client.get("/api/v1/pools")
    assert anonymous.status_code == 401, "a request without credentials is no guess"
    login_page = client.get("/logg-inn", environ_base={"REMOTE_ADDR": "10.1.1.1"})
    csrf = login_page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    logins = [client.post("/logg-inn", data={"token": "feil", "csrf_token": csrf},
                          environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code for _ in range(6)]
    assert logins == [401] * 5 + [429]
    app.extensions["tilskudd"].close()


def test_an_anonymous_x_min_position_does_not_hold_a_thread(sqlite_url: str, clock: Any) -> None:
    grants = Grants(sqlite_url, clock=clock)
    app = create_app(grants=grants, inline=False, secret_key="t")
    client = app.test_client()
    started = time.monotonic()
    response = client.get("/api/v1/audit/events", headers={"X-Min-Position": "999999999999"})
    assert response.status_code == 401 and time.monotonic() - started < 1
    app.extensions["tilskudd"].close()


# -- uniform answers, payment references, small leaks ----------------------------------------
def test_an_applicant_gets_the_same_404_for_a_missing_and_another_organisations_application(api: Api) -> None:
    theirs = api.application("submitted")
    missing = "00000000-0000-4000-8000-000000000000"
    for suffix, body in (("/withdrawal", {"reason": "x"}), ("", {"title": "Ny"})):
        method = "PATCH" if not suffix else "POST"
        other = api.call(method, f"/api/v1/applications/{theirs['id']}{suffix}", "other_applicant", json=body)
        absent = api.call(method, f"/api/v1/applications/{missing}{suffix}", "other_applicant", json=body)
        assert other.status_code == absent.status_code == 404
        assert other.get_json() == absent.get_json()


def test_a_payment_reference_is_used_once_in_the_whole_system(api: Api) -> None:
    first, second = api.application("agreed"), api.application("agreed")
    paid = api.post(f"/api/v1/applications/{first['id']}/disbursements", "finance",
                    {"amount": "1000", "payment_reference": "UTB-2025-1"})
    assert paid.status_code == 201
    before = head(api)
    again = api.post(f"/api/v1/applications/{second['id']}/disbursements", "finance",
                     {"amount": "1000", "payment_reference": "UTB-2025-1"})
    assert is_problem(again, 409) and first["reference"] in again.get_json()["detail"]
    assert head(api) == before


def test_the_small_leaks_are_closed(api: Api) -> None:
    pool = api.pool()
    assert is_problem(api.post(f"/api/v1/pools/{pool['id']}/increases", "finance",
                               {"amount": "100\n", "reason": "RNB"}), 422)
    round_body_ = {"pool_id": pool["id"], "title": "Utlysning", "deadline": api.deadline.isoformat(),
                   "criteria": [{"id": "effekt", "name": "Effekt", "weight": 1}], "requires_own_contribution": 0}
    assert is_problem(api.post("/api/v1/rounds", "finance", round_body_), 422)
    target = api.application("submitted")
    assert is_problem(api.post(f"/api/v1/applications/{target['id']}/screening", "assessor",
                               {"eligible": 1, "reason": "OK"}), 422)
    round_ = api.round()
    closed = api.client.post(f"/api/v1/rounds/{round_['id']}/close",
                             headers={"Authorization": f"Bearer {api.tokens['finance']}"})
    assert closed.status_code == 200
    document = api.client.get("/openapi.json").get_json()
    close = document["paths"]["/api/v1/rounds/{round_id}/close"]["post"]
    assert close["requestBody"].get("required", False) is False
    rejection = document["components"]["schemas"]["Rejection"]["properties"]["reasons"]
    assert rejection["maxLength"] == limits.REJECTION_REASONS
    prioritised = api.application("prioritised")
    longest = "Begrunnelse. " * (limits.REJECTION_REASONS // 13)
    assert api.post(f"/api/v1/applications/{prioritised['id']}/rejection", "committee",
                    {"reasons": longest, "decision_ref": "KU-sak 2/2026"}).status_code == 200


# -- exactly once, decided by the log --------------------------------------------------------
@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS, ids=lambda e: e.name)
def test_a_retry_whose_cached_answer_was_lost_answers_from_the_log_and_records_nothing(
        app: tuple[Flask, Grants], api: Api, endpoint: Any) -> None:
    path = endpoint.prepare(api)
    body = endpoint.body(api)
    headers = {"Idempotency-Key": "retry-" + endpoint.name.replace(" ", "-")}
    who = endpoint.roles[0]
    first = api.call(endpoint.method, path, who, json=body, headers=headers)
    assert first.status_code == endpoint.success, first.get_json()
    store = app[0].extensions["tilskudd"].idempotency
    with store.engine.begin() as connection:  # the answer never reached the cache (crash, full disk ...)
        connection.execute(delete(store.table))
    before = head(api)
    again = api.call(endpoint.method, path, who, json=body, headers=headers)
    assert again.status_code == endpoint.success and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert head(api) == before, "nothing new recorded"
    if not body:
        return  # closing a round has no body to change
    with store.engine.begin() as connection:
        connection.execute(delete(store.table))
    reused = api.call(endpoint.method, path, who, json=_changed(body), headers=headers)
    assert is_problem(reused, 422) and "Idempotency-Key" in reused.get_json()["errors"], "the log knows the body"
    assert head(api) == before


def _changed(body: dict[str, Any]) -> dict[str, Any]:
    """The same request with one text or amount changed."""
    changed = dict(body)
    for name in ("reason", "reasons", "title", "name", "conditions", "comment", "document_ref", "answer", "text",
                 "statement", "place"):
        if name in changed:
            changed[name] = changed[name] + " (endret)"
            return changed
    if "amount" in changed:
        changed["amount"] = "123"
        return changed
    if "rank" in changed:
        changed["rank"] = 9
        return changed
    raise AssertionError(f"nothing to change in {body}")


def test_failed_authentications_can_be_counted_in_redis_across_processes(sqlite_url: str, clock: Any) -> None:
    import uuid

    import redis

    storage = "redis://127.0.0.1:6379"
    try:
        redis.Redis.from_url(storage, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis on this machine: {error}")
    grants = Grants(sqlite_url, clock=clock)
    limit = "3/minute"
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"  # a fresh address per run
    first, second = (create_app(grants=grants, inline=True, secret_key="t", auth_failure_limit=limit,
                                rate_limit_storage=storage) for _ in range(2))
    guess = {"Authorization": "Bearer tsk_guess"}
    statuses = [first.test_client().get("/api/v1/pools", headers=guess, environ_base={"REMOTE_ADDR": address})
                .status_code for _ in range(2)]
    statuses += [second.test_client().get("/api/v1/pools", headers=guess, environ_base={"REMOTE_ADDR": address})
                 .status_code for _ in range(2)]
    assert statuses == [401, 401, 401, 429], "the second process sees the first one's failures"
    for app in (first, second):
        app.extensions["tilskudd"].close()


def test_failed_authentications_are_counted_in_the_systems_database_across_processes(store_url: str,
                                                                                    clock: Any) -> None:
    """Without a store named, two processes on one database (SQLite file or PostgreSQL)
    count one client's failures together; a valid token is served throughout."""
    grants = Grants(store_url, clock=clock)
    token, _ = grants.issue_token("auditor", ISSUER)
    first, second = (create_app(grants=grants, inline=True, secret_key="t", auth_failure_limit="4/minute")
                     for _ in range(2))
    address = "10.77.0.1"
    statuses = []
    for number in range(8):  # the failures fall on the two processes in turn
        app = (first, second)[number % 2]
        statuses.append(app.test_client().get("/api/v1/pools", headers={"Authorization": f"Bearer tsk_{number}"},
                                              environ_base={"REMOTE_ADDR": address}).status_code)
        valid = app.test_client().get("/api/v1/pools", headers={"Authorization": f"Bearer {token}"},
                                      environ_base={"REMOTE_ADDR": address})
        assert valid.status_code == 200, number
    assert statuses == [401] * 4 + [429] * 4, statuses
    for app in (first, second):
        app.extensions["tilskudd"].close()


def test_an_amendment_names_whole_organisations_or_none(api: Api) -> None:
    """Found by the fuzzer: a partial amendment let a partner without `kind` through (500)."""
    target = api.application("submitted")
    before = head(api)
    response = api.call("PATCH", f"/api/v1/applications/{target['id']}", "applicant",
                        json={"partners": [{"org_no": "741354350", "name": "Vefsn kommune"}]})
    assert is_problem(response, 422) and "partners[0].kind" in response.get_json()["errors"]
    assert head(api) == before
