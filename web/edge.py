"""The edge every request passes: bodies no parser can choke on, security headers on
every answer, and a limit on failed authentication per client (`web.auth_failures`)."""

from __future__ import annotations

import re
from typing import Final

from flask import Flask, Response, request, session

from web.auth import SESSION_ID
from web.auth_failures import AuthFailureLimit
from web.problems import problem_response

#: JSON deeper than this is refused (400): no request of the API nests more than 4.
MAX_JSON_DEPTH: Final = 32
#: A JSON number with more digits than this is refused (422): no field needs more.
MAX_NUMBER_DIGITS: Final = 30
_TOKENS: Final = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]|[0-9]{%d,}' % (MAX_NUMBER_DIGITS + 1))
_LONG_NUMBER: Final = re.compile(rb"[0-9]{%d}" % (MAX_NUMBER_DIGITS + 1))

PAGE_POLICY: Final = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: Swagger UI starts itself with an inline script (flask-smorest's template).
DOCS_POLICY: Final = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                      "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
API_POLICY: Final = "default-src 'none'; frame-ancestors 'none'"
#: The headers of an answer the HTTP server gives before the app is reached (a request it
#: cannot read, or one too large): the same as every answer of the API.
SERVER_ANSWER_HEADERS: Final = (("Content-Security-Policy", API_POLICY), ("X-Frame-Options", "DENY"),
                                ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
                                ("Cross-Origin-Opener-Policy", "same-origin"), ("Cache-Control", "no-store"))


def body_fault(body: bytes) -> tuple[int, str] | None:
    """Why a JSON body is refused before it is parsed (status, reason), or None.

    Cheap for ordinary bodies: the full scan runs only when the body holds enough
    brackets, or a long run of digits, to matter."""
    brackets = body.count(b"[") + body.count(b"{")
    if brackets <= MAX_JSON_DEPTH and not _LONG_NUMBER.search(body):
        return None
    depth = 0
    for token in _TOKENS.finditer(body):
        first = token.group()[:1]
        if first in (b"[", b"{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return 400, f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep"
        elif first in (b"]", b"}"):
            depth -= 1
        elif first != b'"':
            return 422, f"a number in the body has more than {MAX_NUMBER_DIGITS} digits"
    return None


def _presents_credential() -> bool:
    return "Authorization" in request.headers or (request.method == "POST" and request.path == "/logg-inn")


def register(app: Flask, limit: AuthFailureLimit) -> None:
    """Install the edge's hooks on `app`."""

    @app.before_request
    def _guard() -> Response | None:
        if request.content_length and request.mimetype.endswith("json"):
            fault = body_fault(request.get_data(cache=True))
            if fault is not None:
                status, reason = fault
                return problem_response(status, reason, "unreadable-body" if status == 400 else "number-too-long",
                                        {"body": [reason]} if status == 422 else None)
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        if response.status_code == 401 and _presents_credential():  # a failed authentication
            wait = limit.failed(request.remote_addr or "unknown")
            if wait is not None:
                response = problem_response(429, "too many failed authentications from this address; wait and "
                                                  "try again", "too-many-failures", headers={"Retry-After": str(wait)})
        headers = response.headers
        answers_data = (response.mimetype or "").endswith("json")
        if request.path.startswith("/api/") or request.path == "/openapi.json" or answers_data:
            policy = API_POLICY
        elif request.path.startswith("/docs"):
            policy = DOCS_POLICY
        else:
            policy = PAGE_POLICY
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if "Authorization" in request.headers or session.get(SESSION_ID) or request.path.startswith("/api/"):
            headers["Cache-Control"] = "no-store"
        elif "Cache-Control" not in headers and not request.path.startswith(("/static/", "/docs/assets/")):
            headers["Cache-Control"] = "no-cache"
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
