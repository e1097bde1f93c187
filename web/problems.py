"""Errors as `application/problem+json` (RFC 9457), in one place.

Domain errors map by their base class: `InvalidInput` 422 (with the field),
`NotPermitted` 403, `NotFound` 404, `RuleViolation` 409 — except `StaleVersion`, 412
(the client's If-Match no longer holds). Anything unexpected is logged and answered
with a 500 problem that carries no traceback; a database that cannot be reached is a
503 with Retry-After.
"""

from __future__ import annotations

import http
import logging
import re
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from domain.errors import (
    GrantsError,
    InvalidInput,
    NotFound,
    NotPermitted,
    OutOfScope,
    RuleViolation,
    StaleVersion,
)
from infrastructure.blobs import DamagedContent
from infrastructure.config import ConfigurationError, StoreUnavailable
from readmodels.failures import ProjectionFailed
from readmodels.parallel import RebuildFailed

PROBLEM_JSON = "application/problem+json"
#: What a database says when its disk is full (SQLite, PostgreSQL).
_DISK_FULL = ("disk is full", "no space left on device", "could not extend file", "could not write to file")
log = logging.getLogger(__name__)


class Problem(Exception):
    """An HTTP error raised by the web layer itself (401, 403, 412, 503 ...)."""

    def __init__(self, status: int, detail: str, *, kind: str | None = None,
                 errors: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.kind = status, detail, kind
        self.errors, self.headers = errors, headers or {}


def problem_response(status: int, detail: str, kind: str | None = None,
                     errors: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None) -> Response:
    """The problem document for `status`."""
    body: dict[str, Any] = {
        "type": f"urn:tilskudd:problem:{kind}" if kind else "about:blank",
        "title": http.HTTPStatus(status).phrase, "status": status, "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


#: The status each kind of domain error answers with; an error answers with the entry
#: of its nearest class here (tests/web/test_hardening.py walks every GrantsError).
STATUSES: dict[type[GrantsError], int] = {
    InvalidInput: 422,
    NotPermitted: 403,
    NotFound: 404,
    OutOfScope: 404,
    StaleVersion: 412,
    RuleViolation: 409,
    StoreUnavailable: 503,
    ProjectionFailed: 503,
    ConfigurationError: 500,
    RebuildFailed: 500,
    DamagedContent: 500,  # a stored file no longer matches its hash: reported, never served
}


def status_of(error: GrantsError) -> int:
    """The HTTP status a domain error answers with."""
    for cls in type(error).__mro__:
        if cls in STATUSES:
            return STATUSES[cls]
    return 500


def from_domain(error: GrantsError) -> Response:
    """A domain error as a problem; its class names the problem type."""
    named = getattr(error, "kind", None) or re.sub(r"(?<!^)(?=[A-Z])", "-", type(error).__name__).lower()
    kind = "not-found" if isinstance(error, OutOfScope) else named  # as a missing one
    if isinstance(error, InvalidInput):
        return problem_response(422, str(error), kind, {error.field: [error.message]})
    return problem_response(status_of(error), str(error), kind)


def from_http(error: HTTPException) -> Response:
    """A werkzeug/webargs HTTP error (400 malformed JSON, 404, 405, 413, 422 ...) as a problem."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = flatten(data["messages"]) if "messages" in data else None
    if status == 422:
        detail = "some fields are invalid: " + ", ".join(sorted(errors or {})) if errors else "invalid request"
    elif status == 400:
        detail = "the request body is not valid JSON" if errors else (
            data.get("message") or _plain(error.description) or "the request could not be read")
    else:
        detail = data.get("message") or _plain(error.description) or http.HTTPStatus(status).phrase
    headers = dict(data.get("headers") or {})
    if status == 405 and error.get_response().headers.get("Allow"):
        headers["Allow"] = error.get_response().headers["Allow"]
    return problem_response(status, detail, None, errors, headers)


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs' nested messages `{"json": {"owner": {"kind": [..]}, "criteria": {0: {..}}}}`
    as `{"owner.kind": [..], "criteria[0].weight": [..]}` (the location level dropped)."""
    if isinstance(messages, dict) and not prefix and set(messages) <= {"json", "query", "headers", "form",
                                                                         "path", "view_args", "cookies"}:
        merged: dict[str, list[str]] = {}
        for inner in messages.values():
            merged.update(flatten(inner, ""))
        return merged
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "body": list(messages)}
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, inner in messages.items():
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            elif key == "_schema" or (key == "value" and prefix):  # "value": a dict entry's value
                name = prefix or "body"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            for field, texts in flatten(inner, name).items():
                out.setdefault(field, []).extend(texts)
        return out
    return {prefix or "body": [str(messages)]}


def _plain(description: str | None) -> str:
    return " ".join((description or "").split())


#: How an HTTP error is answered to a person (a page), or None for a program (a problem).
PersonPage = Callable[[HTTPException], Response | None]


def register(app: Flask, person_page: PersonPage) -> None:
    """Answer every error of `app` as a problem document — or, for a person's request
    that `person_page` answers (the pages' Norwegian error pages), as that page."""

    @app.errorhandler(GrantsError)
    def _domain(error: GrantsError) -> Response:
        return from_domain(error)

    @app.errorhandler(Problem)
    def _problem(error: Problem) -> Response:
        return problem_response(error.status, error.detail, error.kind, error.errors, error.headers)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        return person_page(error) or from_http(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        unavailable = database_trouble(error)
        if unavailable is not None:
            return unavailable
        log.exception("unexpected error")
        return problem_response(500, "an unexpected error occurred; it has been logged", "internal")


def database_trouble(error: BaseException) -> Response | None:
    """A 503 naming the cause when `error` is the database's (gone, or its disk full);
    None for any other error. Nothing was recorded: a retry with the same
    Idempotency-Key runs the command once the cause is gone."""
    from eventsourcing.persistence import OperationalError as StoreError
    from eventsourcing.persistence import PersistenceError
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    from infrastructure.pgstore import DatabaseUnreachable

    if not isinstance(error, (PersistenceError, DBAPIError, PoolTimeout)):
        return None
    text = str(error).lower()
    if any(marker in text for marker in _DISK_FULL):
        log.error("the database's disk is full: %s", error)
        return problem_response(503, "the database's disk is full; nothing was recorded. Try again once "
                                     "space has been freed", "disk-full", headers={"Retry-After": "30"})
    if isinstance(error, (StoreError, DatabaseUnreachable, PoolTimeout)) or (
            isinstance(error, DBAPIError) and error.connection_invalidated) or _is_operational(error):
        log.warning("database unavailable: %s", error)
        return problem_response(503, "the database is not answering; try again shortly",
                                "database-unavailable", headers={"Retry-After": "2"})
    return None


def _is_operational(error: BaseException) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(error, (OperationalError, InterfaceError))
