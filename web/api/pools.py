"""Pools and rounds (finance)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.followup import Indicator
from domain.round import Series
from domain.scope import owner_scope, reaches
from domain.values import FINANCE, BudgetLine, Criterion, Owner
from infrastructure.sql import reading
from readmodels import listing
from readmodels.documents import money, pool_document, round_document
from readmodels.queries import FIGURES, allocations_of, years_of
from web.api.common import (
    COMMAND_ERRORS,
    QUERY_ERRORS,
    ListArgs,
    NoArgs,
    answered,
    blueprint,
    decode_cursor,
    documented,
    page_of,
    query,
)
from web.auth import BUDGET_READERS, READERS, require
from web.context import services
from web.freshness import expected_version
from web.idempotency import command_key
from web.problems import Problem
from web.schemas import requests, resources
from web.schemas.budget import Pool, PoolList
from web.schemas.followup import NextRoundIn, follow_up_of

blp = blueprint("pools", "Funding pools and rounds: opened, topped up and closed by finance.")


def pool_from_row(row: dict[str, Any], allocations: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """A pool document from the budget read model's row (and the pools allocated from it)."""
    return {
        "years": years_of(row["years"]),
        "id": row["pool_id"], "owner": {"id": row["owner_id"], "name": row["owner_name"], "kind": row["owner_kind"]},
        "name": row["name"], "fiscal_years": list(row["fiscal_years"]),
        **{name: money(row[name]) for name in FIGURES}, "allocated_from": row["allocated_from"],
        "allocations": allocations.get(row["pool_id"], []), "claims_outstanding": money(row["claims_outstanding"]),
        "version": row["version"],
    }


@blp.route("/pools", methods=["POST"])
@blp.arguments(requests.PoolCreate)
@blp.response(201, Pool)
@documented(blp, *COMMAND_ERRORS)
def open_pool(body: dict[str, Any]) -> Any:
    """Open a funding pool (finance)."""
    actor = require(FINANCE)
    year_amounts = None if body["year_amounts"] is None else [
        BudgetLine(line["year"], line["amount"]) for line in body["year_amounts"]]
    outcome = services().grants.open_pool(Owner(**body["owner"]), name=body["name"], fiscal_years=body["fiscal_years"],
                                          amount=body["amount"], actor=actor, request=command_key(),
                                          year_amounts=year_amounts)
    return answered(pool_document(outcome.value), outcome.position, 201, outcome.replayed)


@blp.route("/pools/<uuid:pool_id>/increases", methods=["POST"])
@blp.arguments(requests.PoolIncrease)
@blp.response(200, Pool)
@documented(blp, *COMMAND_ERRORS)
def increase_pool(body: dict[str, Any], pool_id: UUID) -> Any:
    """Top up a pool, with the reason (finance)."""
    actor = require(FINANCE)
    outcome = services().grants.increase_pool(pool_id, amount=body["amount"], reason=body["reason"], actor=actor,
                                              expected_version=expected_version(), request=command_key(),
                                              year=body["year"])
    return answered(pool_document(outcome.value), outcome.position, 200, outcome.replayed)


@blp.route("/pools/<uuid:pool_id>/years", methods=["POST"])
@blp.arguments(requests.PoolYearIn)
@blp.response(200, Pool)
@documented(blp, *COMMAND_ERRORS)
def add_pool_year(body: dict[str, Any], pool_id: UUID) -> Any:
    """Add a fiscal year with its money to a pool, with the reason (finance): a lasting
    scheme is one pool that gains a year each budget. 422 `years-mismatch` for a year it has."""
    actor = require(FINANCE)
    outcome = services().grants.add_pool_year(pool_id, year=body["year"], amount=body["amount"], reason=body["reason"],
                                              actor=actor, expected_version=expected_version(), request=command_key())
    return answered(pool_document(outcome.value), outcome.position, 200, outcome.replayed)


@blp.route("/pools", methods=["GET"])
@blp.arguments(ListArgs, location="query")
@blp.response(200, PoolList)
@documented(blp, *QUERY_ERRORS)
@query
def list_pools(args: dict[str, Any]) -> Any:
    """Every pool with its figures (finance, committee, auditor)."""
    actor = require(*BUDGET_READERS)
    models = services().models
    with reading(models.engine) as connection:
        page = listing.pools(connection, models.budget, args["limit"], decode_cursor(args["cursor"]),
                             owner=owner_scope(actor))
        allocations = allocations_of(connection, models.budget, [r["pool_id"] for r in page.items])
    return page_of([pool_from_row(r, allocations) for r in page.items], page)


@blp.route("/pools/<uuid:pool_id>", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, Pool)
@documented(blp, *QUERY_ERRORS)
@query
def get_pool(_: dict[str, Any], pool_id: UUID) -> Any:
    """One pool with its figures (finance, committee, auditor)."""
    actor = require(*BUDGET_READERS)
    models = services().models
    with reading(models.engine) as connection:
        row = listing.pool(connection, models.budget, str(pool_id))
        allocations = allocations_of(connection, models.budget, [str(pool_id)])
    if row is None or not reaches(actor, owner_id=row["owner_id"]):
        raise Problem(404, f"no pool with id {pool_id}", kind="not-found")
    return pool_from_row(row, allocations)


@blp.route("/rounds", methods=["POST"])
@blp.arguments(requests.RoundCreate)
@blp.response(201, resources.Round)
@documented(blp, *COMMAND_ERRORS)
def open_round(body: dict[str, Any]) -> Any:
    """Open a call for applications against a pool (finance)."""
    actor = require(FINANCE)
    criteria = [Criterion(**c) for c in body["criteria"]]
    outcome = services().grants.open_round(body["pool_id"], title=body["title"], deadline=body["deadline"],
                                           criteria=criteria,
                                           requires_own_contribution=body["requires_own_contribution"], actor=actor,
                                           request=command_key(), open_to_outsiders=body["open_to_outsiders"],
                                           follow_up=follow_up_of(body), call_text=body["call_text"],
                                           budget_years=tuple(body["budget_years"]),
                                           series=None if body["series"] is None else Series(**body["series"]),
                                           indicators=tuple(Indicator(**i) for i in body["indicators"]))
    return answered(round_document(outcome.value), outcome.position, 201, outcome.replayed)


@blp.route("/rounds/<uuid:round_id>/next", methods=["POST"])
@blp.arguments(NextRoundIn, required=False)  # every field has a default: the body may be left out
@blp.response(201, resources.Round)
@documented(blp, *COMMAND_ERRORS)
def open_next_round(body: dict[str, Any], round_id: UUID) -> Any:
    """Open the next round of a series: the same pool, criteria, terms and indicators; its
    deadline by the series' rule or a year on, never in the past (422 `deadline-passed`);
    its budget years and the years in its title moved on. 422 `years-mismatch` when the
    pool has no money for the new years yet (finance)."""
    actor = require(FINANCE)
    outcome = services().grants.open_next_round(round_id, deadline=body["deadline"], title=body["title"], actor=actor,
                                                request=command_key())
    return answered(round_document(outcome.value), outcome.position, 201, outcome.replayed)


@blp.route("/rounds/<uuid:round_id>/close", methods=["POST"])
@blp.arguments(requests.Empty, required=False)
@blp.response(200, resources.Round)
@documented(blp, *COMMAND_ERRORS)
def close_round(_: dict[str, Any], round_id: UUID) -> Any:
    """Close a round to further submissions (finance)."""
    actor = require(FINANCE)
    outcome = services().grants.close_round(round_id, actor=actor, expected_version=expected_version(),
                                            request=command_key())
    return answered(round_document(outcome.value), outcome.position, 200, outcome.replayed)


@blp.route("/rounds/<uuid:round_id>", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, resources.Round)
@documented(blp, *QUERY_ERRORS)
@query
def get_round(_: dict[str, Any], round_id: UUID) -> Any:
    """One round: its deadline, criteria and status. A round is a public call, read by
    every applicant and assessor; finance, committee and auditors read their owner's
    (another owner's answers 404, as a missing one)."""
    actor = require(*READERS)
    models = services().models
    with reading(models.engine) as connection:
        document = listing.round_document(connection, models.applications, str(round_id))
        owner = listing.round_owner(connection, models.applications, document["pool_id"]) if document else None
    if document is None or not reaches(actor, owner_id=owner):
        raise Problem(404, f"no round with id {round_id}", kind="not-found")
    return document

