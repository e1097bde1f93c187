"""Who may do what: every write endpoint × every role, applicants fenced to their own
organisation (404 for anything else), and no field the server owns can be posted."""

from __future__ import annotations

import pytest

from tests.web.endpoints import WRITE_ENDPOINTS, WriteEndpoint
from tests.web.support import ROLE_TOKENS, Api, application_body

READ_ENDPOINTS_OF_AN_APPLICATION = ("", "/history")


def _log_head(api: Api) -> int:
    return api.grants.recorder.max_notification_id() or 0


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS, ids=lambda e: e.name)
def test_each_role_gets_what_api_md_gives_it(api: Api, endpoint: WriteEndpoint) -> None:
    for role in ROLE_TOKENS:
        path, body = endpoint.prepare(api), endpoint.body(api)
        before = _log_head(api)
        response = api.call(endpoint.method, path, role, json=body)
        if role in endpoint.roles:
            assert response.status_code == endpoint.success, (role, response.get_json())
            assert response.get_json()["version"] >= 1
            assert int(response.headers["X-Log-Position"]) == _log_head(api) > before
        else:
            assert response.status_code == 403, (role, response.get_json())
            assert response.mimetype == "application/problem+json"
            assert _log_head(api) == before, f"{role} was refused but something was recorded"


@pytest.mark.parametrize("endpoint", [e for e in WRITE_ENDPOINTS if e.on_application], ids=lambda e: e.name)
def test_an_applicant_never_reaches_another_organisations_application(api: Api, endpoint: WriteEndpoint) -> None:
    path, body = endpoint.prepare(api), endpoint.body(api)
    before = _log_head(api)
    response = api.call(endpoint.method, path, "other_applicant", json=body)
    assert response.status_code == 404, response.get_json()
    assert "reference" not in response.get_data(as_text=True)
    assert _log_head(api) == before


def test_an_applicant_reads_only_its_own_applications(api: Api) -> None:
    mine = api.application("scored")
    for suffix in READ_ENDPOINTS_OF_AN_APPLICATION:
        path = f"/api/v1/applications/{mine['id']}{suffix}"
        assert api.get(path, "applicant").status_code == 200
        other = api.get(path, "other_applicant")
        assert other.status_code == 404
        assert mine["reference"] not in other.get_data(as_text=True)
        assert mine["reference"] not in api.get(path + "?as_of=2025-01-15T10:00:00%2B00:00",
                                                 "other_applicant").get_data(as_text=True)
    assert [a["id"] for a in api.get("/api/v1/applications", "applicant").get_json()["items"]] == [mine["id"]]
    assert api.get("/api/v1/applications", "other_applicant").get_json()["items"] == []


SERVER_FIELDS = {"status": "approved", "granted_amount": "1000000.00", "version": 7, "id":
                 "6f1f3b0e-8a53-4d2e-9a57-1b2b3c4d5e6f", "reference": "RST-2025-9999", "paid_amount": "5.00",
                 "total_score": 5, "decided_at": "2025-01-01T00:00:00+00:00", "pool_id":
                 "6f1f3b0e-8a53-4d2e-9a57-1b2b3c4d5e6f"}


@pytest.mark.parametrize("field", sorted(SERVER_FIELDS))
def test_fields_the_server_owns_cannot_be_posted(api: Api, field: str) -> None:
    app = api.application("submitted")
    round_id = app["round_id"]
    before = _log_head(api)
    created = api.post("/api/v1/applications", "applicant", {**application_body(round_id), field: SERVER_FIELDS[field]})
    amended = api.call("PATCH", f"/api/v1/applications/{app['id']}", "applicant",
                       json={"title": "Nytt navn", field: SERVER_FIELDS[field]})
    for response in (created, amended):
        assert response.status_code == 422
        assert field in response.get_json()["errors"]
    assert _log_head(api) == before
    assert api.get(f"/api/v1/applications/{app['id']}").get_json()["version"] == app["version"]


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS, ids=lambda e: e.name)
def test_every_write_refuses_server_fields(api: Api, endpoint: WriteEndpoint) -> None:
    path, body = endpoint.prepare(api), endpoint.body(api)
    before = _log_head(api)
    for field in ("status", "granted_amount", "version"):
        response = api.call(endpoint.method, path, endpoint.roles[0], json={**body, field: SERVER_FIELDS[field]})
        assert response.status_code == 422, response.get_json()
        assert response.get_json()["errors"] == {field: ["Unknown field."]}
    assert _log_head(api) == before
