"""flask-smorest's `Api`, answering errors as problem documents and describing them so
in the OpenAPI document; and the interactive page served from local files."""

from __future__ import annotations

from typing import Any

import swagger_ui_bundle
from apispec import BasePlugin
from flask import Flask, Response, send_from_directory
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from web.problems import PROBLEM_JSON, PersonPage, from_http
from web.schemas.resources import Problem

DOCS_ASSETS = "/docs/assets/"


class ProblemResponses(BasePlugin):
    """An apispec plugin: the named error responses flask-smorest registers (one per HTTP
    status, and its default error) are problem documents, so say `application/problem+json`."""

    def response_helper(self, response: dict[str, Any], **_: Any) -> dict[str, Any] | None:
        content = response.get("content", {})
        if "application/json" not in content:
            return None
        return {"content": {PROBLEM_JSON: content["application/json"]}}


class GrantsApi(Api):  # type: ignore[misc]
    """The API with RFC 9457 problem documents for every error."""

    ERROR_SCHEMA = Problem

    def __init__(self, app: Flask, person_page: PersonPage) -> None:
        self.person_page = person_page
        super().__init__(app, spec_kwargs={"extra_plugins": [ProblemResponses()]})

    def handle_http_exception(self, error: HTTPException) -> Response:
        return self.person_page(error) or from_http(error)


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
