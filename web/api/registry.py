"""Registered owners and health communities: the operator (admin) registers them;
everyone reads them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from domain.registry import Community, RegisteredOwner
from domain.values import ADMIN, Organisation
from web.api.common import COMMAND_ERRORS, QUERY_ERRORS, ListArgs, answered, blueprint, documented, paged
from web.auth import ALL_ROLES, require
from web.context import services
from web.schemas import registry as schemas

blp = blueprint("registry", "Registered owners (RHFs, health communities that own money) and health communities.")


def _by_name(entries: Iterable[RegisteredOwner | Community], args: dict[str, Any]) -> dict[str, Any]:
    return paged([asdict(entry) for entry in entries], args, key=lambda entry: [entry["name"], entry["id"]],
                 kinds=(str, str))


def _organisations(items: list[dict[str, Any]]) -> tuple[Organisation, ...]:
    return tuple(Organisation(**item) for item in items)


@blp.route("/owners", methods=["POST"])
@blp.arguments(schemas.RegisteredOwnerIn)
@blp.response(201, schemas.RegisteredOwnerOut)
@blp.alt_response(200, schema=schemas.RegisteredOwnerOut, description="registered before with the same details")
@documented(blp, *COMMAND_ERRORS)
def register_owner(body: dict[str, Any]) -> Any:
    """Register an owner of money (admin); the same again answers 200 and records nothing."""
    actor = require(ADMIN)
    outcome = services().grants.register_owner(RegisteredOwner(**body), actor)
    return answered(asdict(outcome.value), outcome.position, 201 if outcome.created else 200)


@blp.route("/owners", methods=["GET"])
@blp.arguments(ListArgs, location="query")
@blp.response(200, schemas.OwnerList)
@documented(blp, *QUERY_ERRORS)
def list_owners(args: dict[str, Any]) -> Any:
    """Every registered owner, by name (anyone)."""
    require(*ALL_ROLES)
    return _by_name(services().grants.registry().owners.values(), args)


@blp.route("/communities", methods=["POST"])
@blp.arguments(schemas.CommunityIn)
@blp.response(201, schemas.CommunityOut)
@blp.alt_response(200, schema=schemas.CommunityOut, description="registered before with the same details")
@documented(blp, *COMMAND_ERRORS)
def register_community(body: dict[str, Any]) -> Any:
    """Register a health community of a region with its members (admin)."""
    actor = require(ADMIN)
    community = Community(body["id"], body["name"], body["region"], _organisations(body["members"]))
    outcome = services().grants.register_community(community, actor)
    return answered(asdict(outcome.value), outcome.position, 201 if outcome.created else 200)


@blp.route("/communities/<community_id>", methods=["PATCH"])
@blp.arguments(schemas.MembersChange)
@blp.response(200, schemas.CommunityOut)
@documented(blp, *COMMAND_ERRORS)
def change_members(body: dict[str, Any], community_id: str) -> Any:
    """Add and remove members of a health community (admin)."""
    actor = require(ADMIN)
    outcome = services().grants.change_members(community_id, _organisations(body["add"]), tuple(body["remove"]),
                                               actor)
    return answered(asdict(outcome.value), outcome.position)


@blp.route("/communities", methods=["GET"])
@blp.arguments(ListArgs, location="query")
@blp.response(200, schemas.CommunityList)
@documented(blp, *QUERY_ERRORS)
def list_communities(args: dict[str, Any]) -> Any:
    """Every registered health community with its members, by name (anyone)."""
    require(*ALL_ROLES)
    return _by_name(services().grants.registry().communities.values(), args)
