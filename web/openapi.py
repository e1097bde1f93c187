"""flask-smorest's `Api`, answering errors as problem documents and describing them so
in the OpenAPI document; and the interactive page served from local files."""

from __future__ import annotations

import http
from typing import Any

import swagger_ui_bundle
from flask import Flask, Response, send_from_directory
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from web.problems import PROBLEM_JSON, from_http
from web.schemas.resources import Problem

DOCS_ASSETS = "/docs/assets/"


class GrantsApi(Api):  # type: ignore[misc]
    """The API with RFC 9457 problem documents for every error."""

    ERROR_SCHEMA = Problem

    def handle_http_exception(self, error: HTTPException) -> Response:
        return from_http(error)

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error (problem document)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def configure(app: Flask) -> None:
    """OpenAPI settings: the document at /openapi.json, Swagger UI at /docs."""
    app.config.update(
        API_TITLE="Tilskudd", API_VERSION="1", OPENAPI_VERSION="3.0.3", OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json", OPENAPI_SWAGGER_UI_PATH="docs", OPENAPI_SWAGGER_UI_URL=DOCS_ASSETS,
        API_SPEC_OPTIONS={
            "info": {"description": "Rekrutterings- og samhandlingstilskudd: from application to payout. "
                                    "Tokens come from `grants token create`."},
            "security": [{"bearer": []}],
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        },
    )

    @app.route(DOCS_ASSETS + "<path:filename>")
    def docs_assets(filename: str) -> Response:
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)


def document_json() -> str:
    """The OpenAPI document as the server serves it, stable and readable (docs/openapi.json)."""
    import json
    import tempfile

    from web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(f"sqlite:///{folder}/openapi.sqlite", secret_key="openapi")
        try:
            document = app.test_client().get("/openapi.json").get_json()
        finally:
            app.extensions["tilskudd"].close()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
