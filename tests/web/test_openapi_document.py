"""The contract kept in the repository (docs/openapi.json) is the one the code serves."""

from __future__ import annotations

import json
from pathlib import Path

from tests.web.support import Api
from web.app import document_json

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_docs_openapi_json_is_the_document_the_server_serves() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == document_json(), "run `make openapi` and commit docs/openapi.json"


def test_a_body_the_document_requires_is_one_the_server_refuses_to_go_without() -> None:
    """A request body marked required names at least one required field — so leaving it
    out is refused (422) — unless an empty change is itself refused by a rule (a PATCH
    with nothing to change). Bodies whose every field has a default are optional."""
    document = json.loads(document_json())
    schemas = document["components"]["schemas"]
    loose = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not body or not body.get("required") or method == "patch":
                continue
            for content in body["content"].values():
                schema = content["schema"]
                schema = schemas[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
                if not schema.get("required"):
                    loose.append(f"{method.upper()} {path}")
    assert loose == [], loose


def test_bodies_the_document_calls_optional_may_be_left_out(api: Api) -> None:
    app = api.application("paid")
    report = api.ok(api.post(f"/api/v1/applications/{app['id']}/reports", "finance",
                             {"kind": "interim", "due_on": "2025-12-31"}), 201)
    report_id = report["reports"][0]["id"]
    api.ok(api.post(f"/api/v1/applications/{app['id']}/reports/{report_id}/submission", "applicant",
                    {"text": "Rapport", "spent_amount": "0"}))
    accepted = api.client.post(f"/api/v1/applications/{app['id']}/reports/{report_id}/acceptance",
                               headers={"Authorization": f"Bearer {api.tokens['finance']}"})
    assert accepted.status_code == 200, accepted.get_json()
    operations = json.loads(document_json())["paths"]
    assert operations["/api/v1/applications/{application_id}/reports/{report_id}/acceptance"]["post"][
        "requestBody"].get("required") is False
    assert operations["/api/v1/rounds/{round_id}/next"]["post"]["requestBody"].get("required") is False
