"""Answers of the busiest queries, kept in each web process by the read models' positions.

A read model changes only by applying an event, and applying one moves its position; so
an answer built when the views stood at given positions is the answer for as long as
they stand there. Every request reads the positions with the log's head, in one
statement; when they are those an answer was kept at, for the same person and the same
URL, `AnswerGate` sends the kept answer — status, headers and body exactly as the app
sent them — before the framework is entered: one round trip, no other query, no
serialisation. Its `X-Read-Position` is the position it was built at, the current one.

Who is asking is checked as on every request (`web.auth.actor_of`, fresh as of the head
just read); a credential that fails (counted by the app, `web.auth_failures`), a
request with `X-Min-Position` or `as_of`, or any other request goes to the app. Only queries whose
answer follows from the read models alone are kept (`KEPT`); the budget's `as_of` (the
wall-clock moment the figures are given for) is written in afresh.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from flask import Flask, request

from application.service import Grants
from web.answer_cache import Answer, AnswerCache
from web.auth import actor_of, bearer_of, known_actor
from web.context import EXTENSION, POSITIONS_READ, Services, positions
from web.gate import KeepingGate, WsgiApp, kept_headers

#: The endpoints whose answers are kept.
KEPT = frozenset({"applications.get_application", "audit.get_budget", "pools.get_pool", "pools.list_pools"})
#: Top-level fields holding the wall-clock time of the answer, written in afresh.
LIVE_FIELDS = {"audit.get_budget": "as_of"}
_MARK = "tilskudd.answer"



def register(app: Flask, cache: AnswerCache[Answer]) -> None:
    """Mark the kept queries' requests with their key (the app builds their answer), and
    put `AnswerGate` in front of the app to keep and send the answers."""

    @app.before_request
    def _mark() -> None:
        if request.method != "GET" or request.endpoint not in KEPT or "as_of" in request.args:
            return
        actor = known_actor()
        if actor is not None:  # read before the rows the answer is built from
            request.environ[_MARK] = (positions().views, _key(actor, request.environ),
                                      LIVE_FIELDS.get(request.endpoint or ""))

    app.wsgi_app = AnswerGate(app.wsgi_app, app.extensions[EXTENSION], cache)  # type: ignore[method-assign]


def _key(actor: Hashable, environ: dict[str, Any]) -> Hashable:
    return actor, environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")


class AnswerGate(KeepingGate):
    """Sends a kept answer when the views have not moved; keeps the answers the app
    builds for marked requests."""

    def __init__(self, app: WsgiApp, system: Services, cache: AnswerCache[Answer]) -> None:
        super().__init__(app)
        self.system, self.cache = system, cache

    def kept(self, environ: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]] | None:
        if (environ.get("REQUEST_METHOD") != "GET" or not environ.get("PATH_INFO", "").startswith("/api/")
                or "HTTP_X_MIN_POSITION" in environ or "as_of" in environ.get("QUERY_STRING", "")):
            return None
        token = bearer_of(environ.get("HTTP_AUTHORIZATION", ""))
        if token is None:
            return None
        system = self.system
        if system.inline:
            system.models.catch_up()
        at = system.models.positions()
        environ[POSITIONS_READ] = at  # a request the gate cannot answer is not read twice
        actor = actor_of(system.grants, token, at.head)
        if actor is None:
            return None  # the app answers 401
        found = self.cache.get(at.views, _key(actor, environ))
        if found is None:
            return None
        body = found.body_now(_now(system.grants))
        return body, [*found.headers, ("Content-Length", str(len(body))), ("X-Read-Position", str(at.read))]

    def wanted(self, environ: dict[str, Any]) -> bool:
        return _MARK in environ

    def keep(self, environ: dict[str, Any], headers: list[tuple[str, str]], body: bytes) -> None:
        at, key, live_field = environ[_MARK]
        kept = kept_headers(headers)
        if kept is not None:
            self.cache.put(at, key, Answer.of(body, kept, live_field))


def _now(grants: Grants) -> str:
    return grants.now().isoformat()
