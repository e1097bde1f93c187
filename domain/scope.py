"""Scope: how far a membership reaches. Finance, committee and auditors are bound to an
owner (or to every owner), assessors to a health community, applicants to their
organisation. Outside one's scope a thing does not exist (`OutOfScope`, answered 404)."""

from __future__ import annotations

from domain.errors import OutOfScope
from domain.membership import ALL_OWNERS
from domain.roles import OWNER_BOUND, Role
from domain.values import Actor


def owner_scope(actor: Actor) -> str | None:
    """The one owner the actor is bound to; None when they reach every owner (or their
    role is not bound to owners; a token from before people reaches every owner)."""
    if actor.role not in OWNER_BOUND or actor.owner_id in (None, ALL_OWNERS):
        return None
    return actor.owner_id


def community_scope(actor: Actor) -> str | None:
    """The health community an assessor is bound to (None for other roles)."""
    return actor.community_id if _field(actor) == "community_id" else None


def organisation_scope(actor: Actor) -> str | None:
    """The organisation an applicant is bound to (None for other roles)."""
    return actor.org_no if _field(actor) == "org_no" else None


def reaches(actor: Actor, owner_id: str | None = None, community_id: str | None = None,
            org_no: str | None = None) -> bool:
    """Whether something of this owner, community and organisation lies within the actor's
    scope (what is not given is not checked here)."""
    return all(bound is None or value is None or bound == value for bound, value in (
        (owner_scope(actor), owner_id), (community_scope(actor), community_id), (organisation_scope(actor), org_no)))


def check_owner(actor: Actor, owner_id: str, missing: str) -> None:
    """`OutOfScope` (worded as `missing`) unless the actor reaches this owner."""
    if owner_scope(actor) not in (None, owner_id):
        raise OutOfScope(missing)


def _field(actor: Actor) -> str | None:
    """What the actor's role is bound to (`Role.scope`)."""
    try:
        return Role(actor.role).scope.field
    except ValueError:  # a token from before roles were checked when issued
        return None
