"""The web application: the JSON API, its OpenAPI document, and the pages for people."""

from __future__ import annotations

import os
import re
import secrets

from flask import Flask, Response, g, request

from application.service import Grants
from domain.base import CommandKey
from readmodels.service import ReadModels
from web import answers, edge, oidc, page_answers, pages, problems
from web.answer_cache import AnswerCache
from web.api import (
    allocations,
    applications,
    attachments,
    audit,
    commands,
    exports,
    health,
    journal,
    me,
    meetings,
    people,
    pools,
    registry,
    reports,
)
from web.auth import known_actor
from web.auth_failures import AuthFailureLimit
from web.context import EXTENSION, Services
from web.idempotency import MAX_KEY_LENGTH, IdempotencyStore, KeyReused, fingerprint
from web.oidc import OidcSettings
from web.openapi import GrantsApi, configure
from web.page_answers import MAX_PAGES
from web.page_sessions import PageSessions
from web.problems import problem_response
from web.sessions import SecureWhenHttps

MAX_BODY = 1024 * 1024  # 1 MiB
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def create_app(url: str | None = None, *, grants: Grants | None = None, inline: bool | None = None,
               secret_key: str | None = None, max_lag: int | None = None,
               auth_failure_limit: str | None = None, rate_limit_storage: str | None = None) -> Flask:
    """The Flask app for the store at `url` (default: GRANTS_DATABASE_URL).

    `inline`: bring read models up to date in this process (default unless
    GRANTS_PROJECTIONS=worker). The session key comes from `secret_key` or
    GRANTS_SECRET_KEY; without either, a random one (sessions then last as long as the
    process). `auth_failure_limit` (e.g. "30/minute"; default GRANTS_AUTH_FAILURE_LIMIT)
    bounds failed authentications per client address (`web.auth_failures`), counted in
    `rate_limit_storage` (default GRANTS_RATE_LIMIT_STORAGE, else the system's database)."""
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY,
        SECRET_KEY=secret_key or os.environ.get("GRANTS_SECRET_KEY") or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_NAME="tilskudd_session",
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.session_interface = SecureWhenHttps()
    system = grants or Grants(url)
    models = ReadModels(system)
    store = IdempotencyStore(models.engine)
    store.create()
    page_sessions = PageSessions(models.engine)
    page_sessions.create()
    if inline is None:
        inline = os.environ.get("GRANTS_PROJECTIONS", "inline") != "worker"
    app.extensions[EXTENSION] = Services(system, models, store, page_sessions, inline=inline,
                                         max_lag=max_lag or int(os.environ.get("GRANTS_READY_MAX_LAG", "1000")))
    limit = AuthFailureLimit(models.engine, auth_failure_limit, rate_limit_storage)
    edge.register(app, limit)
    configure(app)
    oidc.configure(app, OidcSettings.from_environment())
    api = GrantsApi(app, pages.page_error)
    for module in (pools, allocations, applications, commands, reports, attachments, audit, exports, health, me, people,
                   registry, meetings, journal):
        api.register_blueprint(module.blp)
    problems.register(app, pages.page_error)
    _idempotency(app, store)
    system.cache_access()
    answers.register(app, AnswerCache())
    pages.register(app)
    page_answers.register(app, AnswerCache(MAX_PAGES))
    return app


def _idempotency(app: Flask, store: IdempotencyStore) -> None:
    """Honour `Idempotency-Key` on every write of the API: a cached answer is replayed;
    otherwise the command runs with the key, and the log decides whether it was
    carried out before (see web.idempotency)."""

    @app.before_request
    def _begin() -> Response | None:
        key = request.headers.get("Idempotency-Key")
        if key is None or request.method not in WRITES or not request.path.startswith("/api/"):
            return None
        if not re.fullmatch(rf"[\x21-\x7e]{{1,{MAX_KEY_LENGTH}}}", key):
            return problem_response(422, "Idempotency-Key must be 1 to 200 visible ASCII characters",
                                    "invalid-header", {"Idempotency-Key": ["must be 1 to 200 visible characters"]})
        actor = known_actor()
        if actor is None:
            return None  # answered 401 by the endpoint
        print_ = fingerprint(request.method, request.path, request.get_data())
        try:
            remembered = store.remembered(actor.id, key, print_)
        except KeyReused:
            return problem_response(422, "this Idempotency-Key was used for a different request",
                                    "request-key-reused", {"Idempotency-Key": ["was used for another request"]})
        if remembered is not None:
            response = Response(remembered.body, status=remembered.status)
            for name, value in remembered.headers.items():
                response.headers[name] = value
            response.headers["Idempotent-Replayed"] = "true"
            return response
        g.command_key = CommandKey(key, print_)
        g.idempotency = (actor.id, key, print_)
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        held: tuple[str, str, str] | None = g.pop("idempotency", None)
        if held is not None and response.status_code < 500:
            actor_id, key, print_ = held
            store.remember(actor_id, key, print_, response.status_code, response.get_data(), dict(response.headers))
        return response


def document_json() -> str:
    """The OpenAPI document as the server serves it, stable and readable (docs/openapi.json)."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(f"sqlite:///{folder}/openapi.sqlite", secret_key="openapi")
        try:
            document = app.test_client().get("/openapi.json").get_json()
        finally:
            app.extensions["tilskudd"].close()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
