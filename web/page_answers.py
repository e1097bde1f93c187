"""The work pages, kept in each web process by the read models' positions and the log's head.

A work page is built from the read models, the person acting and the log (their
memberships, a pool's rules); all of these stand still while the views' positions and
the log's head do. So a page built at given positions, for the same person acting in
the same membership, at the same URL and on the same day in Oslo, is the page for as
long as they stand there — except for what belongs to the session and to the one
rendering: the CSRF token and each form's one-time key (`skjema`). Those are cut out
when the page is kept, and `PageGate` puts in afresh, for the session asking, a CSRF
token of its own and a new key for every form, before the framework is entered.

The gate answers only a GET of a page in `KEPT` from a live session (read anew:
logout, timeout and a revoked membership or token are refused at once, as the app
refuses them) that has no message waiting to be shown and a CSRF secret already; it
sends `X-Read-Position`, the position the page was built at. Anything else goes to the
app, which keeps what it builds for a marked request when its answer is a plain 200
that does not change the session cookie.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

from flask import Flask, g, has_app_context, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

from domain.round import OSLO
from web.answer_cache import AnswerCache
from web.auth import PAGE_ACTOR_READ, SESSION_ID, actor_of_page_session, page_actor
from web.context import EXTENSION, POSITIONS_READ, Services, positions
from web.gate import KeepingGate, WsgiApp, kept_headers

#: The work pages that are kept (their endpoints).
KEPT = frozenset({"pages.queue", "pages.meeting", "pages.lookup", "pages.finance", "pages.home"})
#: Pages kept per process (least recently used go first); a page is 5–110 KB, so at most
#: some 50 MB a process.
MAX_PAGES = 512
#: The per-session parts of a kept page.
CSRF, FORM_KEY = "csrf", "form-key"
#: Where the app leaves, for the gate, the key a page is kept under and its one-time parts.
_MARK, _PARTS = "tilskudd.page", "tilskudd.page_parts"
#: The session's entries that make a page the session's own (shown once, then gone).
_FLASHES = "_flashes"
_CSRF = "csrf_token"



@dataclass(frozen=True)
class KeptPage:
    """A page cut where its per-session parts stood: `pieces` alternate with the parts,
    `parts[i]` (CSRF or FORM_KEY) standing between `pieces[i]` and `pieces[i + 1]`."""

    pieces: tuple[bytes, ...]
    parts: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def cut(cls, body: bytes, csrf: str | None, form_keys: Iterable[str],
            headers: tuple[tuple[str, str], ...]) -> KeptPage | None:
        """The page with its CSRF token and form keys cut out; None when one of them
        cannot be found exactly where it was put (then the page is not kept)."""
        marks = {key.encode(): FORM_KEY for key in form_keys}
        if csrf:
            marks[csrf.encode()] = CSRF
        found: list[tuple[int, bytes]] = []
        for mark in marks:
            start = body.find(mark)
            while start != -1:
                found.append((start, mark))
                start = body.find(mark, start + len(mark))
        found.sort()
        pieces, parts, at = [], [], 0
        for start, mark in found:
            if start < at:
                return None  # overlapping marks: not a page to cut
            pieces.append(body[at:start])
            parts.append(marks[mark])
            at = start + len(mark)
        pieces.append(body[at:])
        keys_found = [mark for _, mark in found if marks[mark] == FORM_KEY]
        if len(keys_found) != len(set(keys_found)) or len(keys_found) != sum(v == FORM_KEY for v in marks.values()):
            return None  # a form's key appears more or less than once: it would be shared
        return cls(tuple(pieces), tuple(parts), headers)

    def body_for(self, csrf: str) -> bytes:
        """The page with `csrf` and a fresh key for each form put in."""
        out = [self.pieces[0]]
        for part, piece in zip(self.parts, self.pieces[1:], strict=True):
            out.append(csrf.encode() if part == CSRF else uuid.uuid4().hex.encode())
            out.append(piece)
        return b"".join(out)


def note_form_key(key: str) -> str:
    """Remember a form key put in the page being rendered (so a kept page gets new ones)."""
    if has_app_context():
        g.setdefault("form_keys", []).append(key)
    return key


def register(app: Flask, cache: AnswerCache[KeptPage]) -> None:
    """Mark the kept pages' requests with their key, tell the gate their one-time parts,
    and put `PageGate` in front of the app."""

    @app.before_request
    def _mark() -> None:
        if request.method != "GET" or request.endpoint not in KEPT:
            return
        actor = page_actor()
        if actor is None:
            return
        at = positions()  # read before the rows the page is built from
        g.page_read_position = at.read
        if _FLASHES not in session and _CSRF in session:
            request.environ[_MARK] = ((*at.views, at.head), _key(actor, request.environ, services_of(app)))

    @app.after_request
    def _parts(response: Any) -> Any:
        if "page_read_position" in g:
            response.headers["X-Read-Position"] = str(g.page_read_position)
        if _MARK in request.environ:
            request.environ[_PARTS] = (g.get(_CSRF), tuple(g.get("form_keys", ())))
        return response

    app.wsgi_app = PageGate(app.wsgi_app, app, cache)  # type: ignore[method-assign]


def services_of(app: Flask) -> Services:
    """The services behind `app`."""
    system: Services = app.extensions[EXTENSION]
    return system


def _key(actor: Hashable, environ: dict[str, Any], system: Services) -> Hashable:
    today = system.grants.now().astimezone(OSLO).date()
    return actor, environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), today


class PageGate(KeepingGate):
    """Sends a kept page, with this session's CSRF token and fresh form keys, when
    nothing it was built from has moved; keeps the pages the app builds for marked
    requests."""

    def __init__(self, wsgi: WsgiApp, app: Flask, cache: AnswerCache[KeptPage]) -> None:
        super().__init__(wsgi)
        self.app, self.cache = app, cache
        self.system = services_of(app)
        self.routes: MapAdapter = app.url_map.bind("localhost")
        self.cookie_name = app.config["SESSION_COOKIE_NAME"]
        interface = app.session_interface
        self.sessions = interface.get_signing_serializer(app)  # type: ignore[attr-defined]
        self.max_age = int(app.permanent_session_lifetime.total_seconds())  # as Flask reads the cookie
        self.csrf = URLSafeTimedSerializer(app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key or "",
                                           salt="wtf-csrf-token")

    def kept(self, environ: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]] | None:
        if environ.get("REQUEST_METHOD") != "GET" or "HTTP_COOKIE" not in environ:
            return None
        path = environ.get("PATH_INFO", "")
        if path.startswith(("/api/", "/static/", "/docs")):
            return None
        try:
            endpoint, _ = self.routes.match(path, "GET")
        except HTTPException:
            return None
        if endpoint not in KEPT:
            return None
        morsel = SimpleCookie(environ["HTTP_COOKIE"]).get(self.cookie_name)
        if morsel is None:
            return None
        try:
            data = self.sessions.loads(morsel.value, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or _FLASHES in data or not isinstance(data.get(_CSRF), str):
            return None
        system = self.system
        if system.inline:
            system.models.catch_up()
        session_id = data.get(SESSION_ID)
        if not isinstance(session_id, str) or (lookup := system.page_sessions.lookup(session_id)) is None:
            return None  # the app sends the person to log in
        at, rows = system.models.positions_with(*lookup)  # one round trip for both
        environ[POSITIONS_READ] = at  # a page the gate cannot answer is not read twice
        actor = actor_of_page_session(system, system.page_sessions.live(session_id, rows), at.head)
        environ[PAGE_ACTOR_READ] = actor
        if actor is None:
            return None  # the app sends the person to log in
        found = self.cache.get((*at.views, at.head), _key(actor, environ, system))
        if not isinstance(found, KeptPage):
            return None
        body = found.body_for(self.csrf.dumps(data[_CSRF]))
        return body, [*found.headers, ("Content-Length", str(len(body))), ("X-Read-Position", str(at.read))]

    def wanted(self, environ: dict[str, Any]) -> bool:
        return _MARK in environ and _PARTS in environ

    def keep(self, environ: dict[str, Any], headers: list[tuple[str, str]], body: bytes) -> None:
        at, key = environ[_MARK]
        csrf, form_keys = environ[_PARTS]
        kept = kept_headers(headers)
        page = None if kept is None else KeptPage.cut(body, csrf, form_keys, kept)
        if page is not None:
            self.cache.put(at, key, page)
