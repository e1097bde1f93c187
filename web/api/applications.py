"""Applications: what applicants, assessors, the committee and finance read."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from marshmallow import RAISE, Schema, fields, validate

from domain.scope import community_scope, organisation_scope, owner_scope
from domain.statuses import Status
from domain.values import Actor
from infrastructure.sql import reading
from readmodels import listing
from readmodels.asof import application_as_of
from readmodels.documents import money
from readmodels.outstanding import age_days
from web.api.common import (
    NOTHING,
    QUERY_ERRORS,
    ListArgs,
    blueprint,
    decode_cursor,
    documented,
    narrowed,
    page_of,
    paged,
    query,
)
from web.auth import (
    CASE_WORKERS,
    READERS,
    current_actor,
    require,
    require_for_application,
)
from web.context import services
from web.fields import filter_text
from web.freshness import prepare_query
from web.schemas import resources, trail

blp = blueprint("applications", "Applications (søknader): their status, the work lists and the decision history.")



class ApplicationFilters(ListArgs):
    status = fields.String(load_default=None, validate=validate.OneOf([status.value for status in Status]))
    round_id = fields.UUID(load_default=None)
    health_community = filter_text(load_default=None)
    owner = filter_text(load_default=None)
    reference = filter_text(load_default=None, metadata={
        "description": "the application with this reference (RST-2025-0042), in any case"})
    q = filter_text(load_default=None, metadata={
        "description": "words in the reference, the title or the name of the applicant or a partner, in any case"})
    sort = fields.String(load_default="submitted", validate=validate.OneOf(["submitted", "-submitted"]), metadata={
        "description": "`submitted`: oldest first (the default); `-submitted`: newest first"})


class OutstandingFilters(ListArgs):
    health_community = filter_text(load_default=None)
    round_id = fields.UUID(load_default=None)


class AsOf(Schema):
    class Meta:
        unknown = RAISE

    as_of = fields.AwareDateTime(load_default=None, format="iso",
                                 metadata={"description":
                                           "replay the application to this moment (ISO 8601 with offset)"})


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)


@blp.route("/applications", methods=["GET"])
@blp.arguments(ApplicationFilters, location="query")
@blp.response(200, resources.ApplicationList)
@documented(blp, *QUERY_ERRORS)
@query
def list_applications(args: dict[str, Any]) -> Any:
    """Applications in order of submission, filtered (an applicant sees only its own)."""
    actor = require(*READERS)
    owner, owner_ok = narrowed(args["owner"], owner_scope(actor))
    community, community_ok = narrowed(args["health_community"], community_scope(actor))
    if not (owner_ok and community_ok):
        return NOTHING
    models = services().models
    with reading(models.engine) as connection:
        page = listing.applications(
            connection, models.applications, args["limit"], decode_cursor(args["cursor"]),
            status=args["status"], round_id=_text(args["round_id"]), health_community=community,
            owner=owner, applicant_org_no=organisation_scope(actor),
            reference=None if args["reference"] is None else args["reference"].strip().upper(),
            search=(args["q"] or "").strip() or None, newest_first=args["sort"] == "-submitted")
    return page_of([row["document"] for row in page.items], page)


@blp.route("/applications/outstanding", methods=["GET"])
@blp.arguments(OutstandingFilters, location="query")
@blp.response(200, resources.OutstandingList)
@documented(blp, *QUERY_ERRORS)
@query
def list_outstanding(args: dict[str, Any]) -> Any:
    """Undecided applications, oldest first (assessor, committee, finance, auditor)."""
    actor = require(*CASE_WORKERS)
    community, community_ok = narrowed(args["health_community"], community_scope(actor))
    if not community_ok:
        return NOTHING
    system = services()
    owner = owner_scope(actor)
    with reading(system.models.engine) as connection:
        page = listing.outstanding(connection, system.models.outstanding, args["limit"],
                                   decode_cursor(args["cursor"]), health_community=community,
                                   round_id=_text(args["round_id"]),
                                   owner=None if owner is None else (system.models.applications, owner))
    today = system.grants.now()
    return page_of([_outstanding(row, today) for row in page.items], page)


def _outstanding(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "id": row["application_id"], "reference": row["reference"], "title": row["title"],
        "applicant": {"org_no": row["applicant_org_no"], "name": row["applicant_name"]},
        "health_community": {"id": row["health_community_id"], "name": row["health_community_name"]},
        "round_id": row["round_id"], "round_title": row["round_title"],
        "round_deadline": row["round_deadline"].isoformat(), "status": row["status"],
        "requested_amount": money(row["requested_amount"]),
        "total_score": None if row["total_score"] is None else str(row["total_score"]),
        "rank": row["rank"], "recommended_amount": money(row["recommended_amount"]),
        "submitted_at": row["submitted_at"].isoformat(), "age_days": age_days(row, now),
        "version": row["version"],
    }


def readable_application(application_id: UUID, actor: Actor | None = None) -> dict[str, Any]:
    """The application's read-model row, if the person may read it (404 otherwise) —
    once the read models have reached the request's `X-Min-Position` (every endpoint
    that reads the row honours it, commands on files included)."""
    prepare_query()
    models = services().models
    with reading(models.engine, single_statement=True) as connection:
        row = listing.application(connection, models.applications, str(application_id))
    require_for_application(row, *READERS, actor=actor)
    assert row is not None
    return row


@blp.route("/applications/<uuid:application_id>", methods=["GET"])
@blp.arguments(AsOf, location="query")
@blp.response(200, resources.Application)
@documented(blp, *QUERY_ERRORS)
@query
def get_application(args: dict[str, Any], application_id: UUID) -> Any:
    """One application as it stands, or — with `as_of` — as it stood then (replayed)."""
    row = readable_application(application_id, current_actor())
    if args["as_of"] is not None:
        return application_as_of(services().models, str(application_id), args["as_of"])
    return row["document"]


@blp.route("/applications/<uuid:application_id>/history", methods=["GET"])
@blp.arguments(ListArgs, location="query")
@blp.response(200, trail.History)
@documented(blp, *QUERY_ERRORS)
@query
def get_history(args: dict[str, Any], application_id: UUID) -> Any:
    """Every event of the application, oldest first: who, in which role, when, the data,
    and the status after it."""
    readable_application(application_id, current_actor())
    models = services().models
    with reading(models.engine) as connection:
        rows = listing.history(connection, models.audit, models.applications, str(application_id))
    items = [{
        "position": r["position"], "recorded_at": r["recorded_at"].isoformat(), "type": r["event_type"],
        "actor": {"id": r["actor_id"], "name": r["actor_name"]}, "role": r["role"], "summary": r["summary"],
        "data": r["data"], "status_after": r["status_after"],
    } for r in rows]
    return paged(items, args, key=lambda item: [item["position"]], kinds=(int,))
