"""People and their memberships (admin): register a person, grant and revoke memberships."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import RAISE, Schema

from domain.membership import Membership
from domain.values import ADMIN
from web.api.common import COMMAND_ERRORS, QUERY_ERRORS, NoArgs, answered, blueprint, documented
from web.api.me import person_document
from web.auth import require
from web.context import services
from web.fields import filter_text
from web.schemas import people

blp = blueprint("people", "People and their memberships: who may act, in which role, within which scope (admin).")


@blp.route("/people", methods=["POST"])
@blp.arguments(people.PersonIn)
@blp.response(201, people.PersonOut)
@blp.alt_response(200, schema=people.PersonOut, description="a person with this e-mail (else name) exists")
@documented(blp, *COMMAND_ERRORS)
def register_person(body: dict[str, Any]) -> Any:
    """Register a person, found again by e-mail address (else name) (admin)."""
    actor = require(ADMIN)
    outcome = services().grants.register_person(body["name"], body["email"], actor)
    return answered(person_document(outcome.value), outcome.position, 201 if outcome.created else 200)


@blp.route("/people/<uuid:person_id>", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, people.PersonOut)
@documented(blp, *QUERY_ERRORS)
def get_person(_: dict[str, Any], person_id: UUID) -> Any:
    """A person with their memberships (admin)."""
    require(ADMIN)
    return person_document(services().grants.get_person(person_id))


@blp.route("/people/<uuid:person_id>/memberships", methods=["POST"])
@blp.arguments(people.MembershipIn)
@blp.response(201, people.PersonOut)
@blp.alt_response(200, schema=people.PersonOut, description="the person held this membership already")
@documented(blp, *COMMAND_ERRORS)
def grant_membership(body: dict[str, Any], person_id: UUID) -> Any:
    """Give a person a role with its scope (admin)."""
    actor = require(ADMIN)
    outcome = services().grants.grant_membership(person_id, Membership.of(**body), actor)
    return answered(person_document(outcome.value), outcome.position, 200 if outcome.position is None else 201)


class RemovalArgs(Schema):
    class Meta:
        unknown = RAISE

    reason = filter_text(load_default=None, metadata={"description": "why the membership is taken away (kept in "
                                                                      "the log)"})


@blp.route("/people/<uuid:person_id>/memberships/<membership_id>", methods=["DELETE"])
@blp.arguments(RemovalArgs, location="query")
@blp.response(200, people.PersonOut)
@documented(blp, *COMMAND_ERRORS)
def revoke_membership(args: dict[str, Any], person_id: UUID, membership_id: str) -> Any:
    """Take a membership away, `?reason=` saying why; its tokens and sessions stop
    working at once (admin)."""
    actor = require(ADMIN)
    outcome = services().grants.revoke_membership(person_id, membership_id, actor, args["reason"])
    return answered(person_document(outcome.value), outcome.position)


@blp.route("/people/<uuid:person_id>/tokens/<token_id>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *COMMAND_ERRORS)
def revoke_token(person_id: UUID, token_id: str) -> Any:
    """Revoke any person's token by its id (admin); it stops working at once."""
    actor = require(ADMIN)
    outcome = services().grants.revoke_personal_token(person_id, token_id, actor)
    return answered({}, outcome.position, 204)
