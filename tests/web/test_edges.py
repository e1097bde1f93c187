"""Robust edges: malformed and oversized bodies, idempotent repeats, If-Match, waiting for
a position, and no 500 or traceback whatever is sent."""

from __future__ import annotations

import threading

import pytest
from flask import Flask

from application.service import Grants
from tests.web.support import Api, application_body, pool_body
from web.app import create_app


def head(api: Api) -> int:
    return api.grants.recorder.max_notification_id() or 0


def finance(api: Api, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api.tokens['finance']}", **headers}


@pytest.mark.parametrize("data", [b"{bad", b'{"amount": }', b"\xff\xfe", b'{"a": 1', b"[1,"])
def test_malformed_json_is_400(api: Api, data: bytes) -> None:
    response = api.client.post("/api/v1/pools", data=data, content_type="application/json", headers=finance(api))
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("json_body", [[], "text", 12, None, {"owner": []}, {"owner": {"id": {"x": 1}}}])
def test_wrong_shapes_are_422(api: Api, json_body: object) -> None:
    before = head(api)
    response = api.client.post("/api/v1/pools", json=json_body, headers=finance(api))
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"]
    assert head(api) == before


def test_a_body_over_one_mebibyte_is_413(api: Api) -> None:
    body = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    response = api.client.post("/api/v1/pools", data=body, content_type="application/json", headers=finance(api))
    assert response.status_code == 413 and response.mimetype == "application/problem+json"


def test_unknown_paths_and_methods_are_problems(api: Api) -> None:
    missing = api.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    wrong = api.client.delete("/api/v1/pools", headers=finance(api))
    assert wrong.status_code == 405 and "GET" in wrong.headers["Allow"]
    assert api.get("/api/v1/applications/not-a-uuid").status_code == 404


def test_idempotency_key_replays_the_first_answer_and_records_nothing_new(api: Api) -> None:
    headers = finance(api, **{"Idempotency-Key": "pool-2025-1"})
    first = api.client.post("/api/v1/pools", json=pool_body(), headers=headers)
    assert first.status_code == 201
    before = head(api)
    again = api.client.post("/api/v1/pools", json=pool_body(), headers=headers)
    assert again.status_code == 201 and again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["X-Log-Position"] == first.headers["X-Log-Position"]
    assert head(api) == before
    other = api.client.post("/api/v1/pools", json=pool_body("5"), headers=headers)
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["errors"]
    # another person's key space is their own
    theirs = api.client.post("/api/v1/pools", json=pool_body(),
                             headers={"Authorization": f"Bearer {api.tokens['finance_2']}",
                                      "Idempotency-Key": "pool-2025-1"})
    assert theirs.status_code == 201 and theirs.get_json()["id"] != first.get_json()["id"]
    assert api.client.post("/api/v1/pools", json=pool_body(), headers=finance(api, **{"Idempotency-Key": ""})
                           ).status_code == 422


def test_an_idempotent_approval_raced_from_two_threads_approves_once(app: tuple[Flask, Grants], api: Api) -> None:
    target = api.application("prioritised")
    path = f"/api/v1/applications/{target['id']}/approval"
    body = {"amount": "1000000", "decision_ref": "KU 5/2025"}
    headers = {"Authorization": f"Bearer {api.tokens['committee']}", "Idempotency-Key": "approve-once"}
    statuses: list[int] = []

    def send() -> None:
        statuses.append(app[0].test_client().post(path, json=body, headers=headers).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses.count(200) >= 1 and set(statuses) <= {200, 409}
    events = api.get(f"/api/v1/audit/events?application_id={target['id']}&type=Approved").get_json()["items"]
    assert len(events) == 1


def test_if_match_refuses_a_stale_version_with_412(api: Api) -> None:
    target = api.application("submitted")
    path = f"/api/v1/applications/{target['id']}/screening"
    stale = api.post(path, "assessor", {"eligible": True, "reason": "OK"}, headers={"If-Match": "7"})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert api.get(f"/api/v1/applications/{target['id']}").get_json()["version"] == 1
    fresh = api.post(path, "assessor", {"eligible": True, "reason": "OK"}, headers={"If-Match": '"1"'})
    assert fresh.status_code == 200 and fresh.get_json()["version"] == 2
    assert api.post(path, "assessor", {"eligible": True, "reason": "OK"},
                    headers={"If-Match": "abc"}).status_code == 422
    pool = api.pool()
    assert api.post(f"/api/v1/pools/{pool['id']}/increases", "finance", {"amount": "1", "reason": "x"},
                    headers={"If-Match": "2"}).status_code == 412


@pytest.mark.slow
def test_x_min_position_waits_then_answers_503(sqlite_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    grants = Grants(sqlite_url, clock=clock)
    worker_mode = create_app(grants=grants, inline=False, secret_key="t")
    token, _ = grants.issue_token("auditor", __import__("tests.web.support", fromlist=["ISSUER"]).ISSUER)
    client = worker_mode.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    position = grants.recorder.max_notification_id() or 0
    lagging = client.get("/api/v1/audit/events", headers={**auth, "X-Min-Position": str(position)})
    assert lagging.status_code == 503 and lagging.headers["Retry-After"] == "1"
    assert lagging.headers.get("X-Read-Position") is None
    worker_mode.extensions["tilskudd"].models.catch_up()  # what the projection worker does
    caught_up = client.get("/api/v1/audit/events", headers={**auth, "X-Min-Position": str(position)})
    assert caught_up.status_code == 200 and int(caught_up.headers["X-Read-Position"]) >= position
    assert client.get("/api/v1/audit/events", headers={**auth, "X-Min-Position": "x"}).status_code == 422
    worker_mode.extensions["tilskudd"].close()


def test_commands_answer_the_log_position_queries_can_wait_for(api: Api) -> None:
    response = api.post("/api/v1/applications", "applicant", application_body(api.round()["id"]))
    position = int(response.headers["X-Log-Position"])
    read = api.get(f"/api/v1/applications/{response.get_json()['id']}", "applicant",
                   headers={"X-Min-Position": str(position)})
    assert read.status_code == 200 and int(read.headers["X-Read-Position"]) >= position
