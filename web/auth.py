"""Who is asking: bearer tokens (API) or the session cookie (pages), and what they may do.

Each endpoint names the roles the contract (docs/api.md) gives it. An applicant only ever sees its own
organisation's applications: another organisation's application is answered 404, on
every endpoint, before the role is even considered — so nothing reveals that it exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from flask import g, request, session

from application.service import Grants
from domain.application_state import NO_SUCH_APPLICATION
from domain.errors import NotFound
from domain.roles import OWNER_BOUND, ROLES
from domain.roles import READERS as ROLE_READERS
from domain.scope import reaches
from domain.values import APPLICANT, Actor
from web.context import Services, positions, services
from web.page_sessions import PageSession
from web.problems import Problem

#: Everyone who reads grant data (the operator's admin role only issues tokens), and who
#: reads the budget (the roles bound to an owner of money): `domain.roles`.
READERS = ROLE_READERS
BUDGET_READERS = OWNER_BOUND
CASE_WORKERS = tuple(role for role in READERS if role != APPLICANT)
ALL_ROLES = ROLES
#: The key of the page session's id in the (signed) cookie; the cookie never holds a token.
SESSION_ID = "sid"
#: Where the page gate (`web.page_answers`) leaves who the session acts for, for the app to use.
PAGE_ACTOR_READ = "tilskudd.page_actor"


def bearer_token() -> str | None:
    """The token of `Authorization: Bearer <token>`, if any."""
    return bearer_of(request.headers.get("Authorization", ""))


def bearer_of(authorization: str) -> str | None:
    """The token of an `Authorization` header's value `Bearer <token>`, if it is one."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def actor_for(token: str | None) -> Actor | None:
    """The person a token stands for (None for no, unknown or revoked token)."""
    if not token:
        return None
    return actor_of(services().grants, token, positions().head)


def actor_of(grants: Grants, token: str, head: int) -> Actor | None:
    """The person `token` stands for as of log position `head` (None: unknown, revoked, expired)."""
    if len(token) > 200:
        return None
    try:
        return grants.authenticate(token, head)
    except NotFound:
        return None


def known_actor() -> Actor | None:
    """The person of this API request's bearer token (None without a valid one), looked
    up once per request whoever asks first (idempotency, freshness, the endpoint)."""
    if "actor" not in g:
        g.actor = actor_for(bearer_token())
    actor: Actor | None = g.actor
    return actor


def current_actor() -> Actor:
    """The authenticated person of this API request; 401 without a valid token."""
    actor = known_actor()
    if actor is None:
        raise Problem(401, "a valid bearer token is required (Authorization: Bearer <token>)", kind="unauthenticated",
                      headers={"WWW-Authenticate": 'Bearer realm="tilskudd"'})
    return actor


def page_actor() -> Actor | None:
    """The person logged in to the web pages: the server-side session the cookie names,
    read anew on every request (so a revoked membership or token is refused at once)."""
    if "page_actor" not in g:
        known = request.environ.get(PAGE_ACTOR_READ, False)  # the page gate's, as of the positions it read
        g.page_actor = known if known is not False else actor_of_session(services(), session.get(SESSION_ID),
                                                                          positions().head)
    actor: Actor | None = g.page_actor
    return actor


def actor_of_session(system: Services, session_id: str | None, head: int) -> Actor | None:
    """Who the live page session `session_id` acts for, as of the log's `head` (None when
    the session is unknown, ended or timed out, or its membership or token is gone)."""
    return actor_of_page_session(system, system.page_sessions.find(session_id), head)


def actor_of_page_session(system: Services, found: PageSession | None, head: int) -> Actor | None:
    """Who the live page session `found` acts for, as of the log's `head` (None for no
    session, or when its membership or token is gone)."""
    if found is None:
        return None
    grants = system.grants
    try:
        if found.token_ref is not None:
            return grants.authenticate_ref(UUID(found.token_ref), head)
        if found.person_id is not None and found.membership_id is not None:
            return grants.acting_as(found.person_id, found.membership_id, head)
    except NotFound:
        return None
    return None


def require(*roles: str, actor: Actor | None = None) -> Actor:
    """The current person, if their role is one of `roles`; else 403."""
    actor = actor or current_actor()
    actor.require_role(*roles)  # NotPermitted: 403, the same problem type as every refusal
    return actor


def require_for_application(row: Mapping[str, Any] | None, *roles: str, actor: Actor | None = None) -> Actor:
    """Like `require`, for an endpoint about one application (its read-model row; None:
    no such application). Outside the person's scope — another organisation, community
    or owner — it is answered 404, as a missing one, whatever the endpoint."""
    actor = actor or current_actor()
    if row is None or not may_read(actor, row):
        raise Problem(404, NO_SUCH_APPLICATION, kind="not-found")
    return require(*roles, actor=actor)


def may_read(actor: Actor, row: Mapping[str, Any]) -> bool:
    """Whether the application of this read-model row lies within the person's scope
    (or their organisation partners in it)."""
    return reaches(actor, row["owner_id"], row["health_community_id"], row["applicant_org_no"]) or _partners_in(
        row, actor)


def _partners_in(row: Mapping[str, Any], actor: Actor) -> bool:
    """Whether an applicant's organisation partners in the application (it reads, never changes, it)."""
    partners = row["document"].get("partners", [])
    return actor.role == APPLICANT and any(p["org_no"] == actor.org_no for p in partners)
