"""The caller: who they are (`/me`) and their personal API tokens (`/me/tokens`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from domain.errors import NotPermitted
from domain.person import Person
from domain.values import Actor
from web.api.common import COMMAND_ERRORS, QUERY_ERRORS, ListArgs, NoArgs, answered, blueprint, documented, paged
from web.auth import current_actor
from web.context import services
from web.schemas import people

blp = blueprint("me", "The caller: their person, memberships and personal API tokens.")


def _person_of(actor: Actor) -> Person:
    if actor.membership_id is None:
        raise NotPermitted("this token is from before people were registered: ask the operator for a personal one")
    return services().grants.get_person(actor.id)


def person_document(person: Person) -> dict[str, Any]:
    """A person as the API gives them: who, and the memberships they hold."""
    return {"id": str(person.id), "name": person.name, "email": person.email,
            "memberships": [asdict(m) for m in person.memberships.values()]}


@blp.route("/me", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, people.Me)
@documented(blp, *QUERY_ERRORS)
def me(_: dict[str, Any]) -> Any:
    """Who the caller is and which membership this request acts through (anyone)."""
    actor = current_actor()
    if actor.membership_id is None:  # a token from before people: the token is its own person
        membership = {"id": None, "role": actor.role, "org_no": actor.org_no, "community_id": actor.community_id,
                      "owner_id": actor.owner_id, "employer_org_no": None}
        return {"person": {"id": actor.id, "name": actor.name, "email": None, "memberships": [membership]},
                "membership": membership}
    person = _person_of(actor)
    return {"person": person_document(person), "membership": asdict(person.membership(actor.membership_id))}


@blp.route("/me/tokens", methods=["GET"])
@blp.arguments(ListArgs, location="query")
@blp.response(200, people.TokenList)
@documented(blp, *QUERY_ERRORS)
def my_tokens(args: dict[str, Any]) -> Any:
    """The caller's personal tokens, newest first, without their secrets (anyone)."""
    person = _person_of(current_actor())
    return paged(list(person.tokens.values()), args, key=lambda t: [t.issued_at.isoformat(), t.id], kinds=(str, str),
                 newest_first=True)


@blp.route("/me/tokens", methods=["POST"])
@blp.arguments(people.TokenRequest)
@blp.response(201, people.IssuedToken)
@documented(blp, *COMMAND_ERRORS)
def issue_my_token(body: dict[str, Any]) -> Any:
    """A new token for one of the caller's memberships; the secret is shown once (anyone)."""
    actor = current_actor()
    person = _person_of(actor)
    membership_id = str(body["membership_id"] or actor.membership_id)  # _person_of: the actor has one
    secret, outcome = services().grants.issue_personal_token(
        person.id, membership_id=membership_id, name=body["name"], actor=actor, lifetime=timedelta(days=body["days"]))
    return answered({**asdict(outcome.value), "token": secret}, outcome.position, 201)


@blp.route("/me/tokens/<token_id>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *COMMAND_ERRORS)
def revoke_my_token(token_id: str) -> Any:
    """Revoke one of the caller's tokens (anyone; the token in use too)."""
    actor = current_actor()
    outcome = services().grants.revoke_personal_token(_person_of(actor).id, token_id, actor)
    return answered({}, outcome.position, 204)
