"""Allocation (*tildeling*): finance of an owner hands part of a pool to its health
communities, by amounts or by a distribution key, allocates more, or takes back what is
unspent. Each answer is the allocating pool as it now stands, with its allocations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.allocation import Part
from domain.values import FINANCE
from readmodels.documents import pool_document
from web.api.common import COMMAND_ERRORS, answered, blueprint, documented
from web.auth import require
from web.context import services
from web.freshness import expected_version
from web.idempotency import command_key
from web.schemas.budget import AllocationChange, AllocationIn, Pool

blp = blueprint("allocations", "Allocation of a pool to health communities, without applications.")


@blp.route("/pools/<uuid:pool_id>/allocations", methods=["POST"])
@blp.arguments(AllocationIn)
@blp.response(201, Pool)
@documented(blp, *COMMAND_ERRORS)
def allocate(body: dict[str, Any], pool_id: UUID) -> Any:
    """Open a pool for each listed health community out of this pool (finance): each
    its `amount`, or `amount` split by their `share`s (summing to 1) to the øre, the
    øre left over going to the largest remainders."""
    actor = require(FINANCE)
    parts = [Part(p["owner_id"], p["amount"], p["share"]) for p in body["allocations"]]
    outcome = services().grants.allocate(pool_id, parts=parts, amount=body["amount"], reason=body["reason"],
                                         actor=actor, expected_version=expected_version(), request=command_key())
    return answered(pool_document(outcome.value), outcome.position, 201, outcome.replayed)


@blp.route("/pools/<uuid:pool_id>/allocations/<uuid:allocation_id>/increases", methods=["POST"])
@blp.arguments(AllocationChange)
@blp.response(200, Pool)
@documented(blp, *COMMAND_ERRORS)
def increase_allocation(body: dict[str, Any], pool_id: UUID, allocation_id: UUID) -> Any:
    """Allocate more of this pool to one of its allocations (finance)."""
    actor = require(FINANCE)
    outcome = services().grants.increase_allocation(pool_id, allocation_id=allocation_id, amount=body["amount"],
                                                    reason=body["reason"], actor=actor,
                                                    expected_version=expected_version(), request=command_key())
    return answered(pool_document(outcome.value), outcome.position, 200, outcome.replayed)


@blp.route("/pools/<uuid:pool_id>/allocations/<uuid:allocation_id>/withdrawals", methods=["POST"])
@blp.arguments(AllocationChange)
@blp.response(200, Pool)
@documented(blp, *COMMAND_ERRORS)
def withdraw_allocation(body: dict[str, Any], pool_id: UUID, allocation_id: UUID) -> Any:
    """Take back money of an allocation that the community has neither reserved nor
    paid (finance); 409 `insufficient-funds` when less is unspent."""
    actor = require(FINANCE)
    outcome = services().grants.withdraw_allocation(pool_id, allocation_id=allocation_id, amount=body["amount"],
                                                    reason=body["reason"], actor=actor,
                                                    expected_version=expected_version(), request=command_key())
    return answered(pool_document(outcome.value), outcome.position, 200, outcome.replayed)
