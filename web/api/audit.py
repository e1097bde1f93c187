"""Budget (finance, committee, auditor) and the audit trail (auditor)."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, validate

from domain.scope import owner_scope, reaches
from domain.values import AUDITOR
from infrastructure.sql import reading
from readmodels import listing
from readmodels.asof import budget_as_of
from readmodels.auditcheck import verify_chain
from readmodels.queries import OwnerBalance, budget, owner_documents
from web.api.common import (
    QUERY_ERRORS,
    ListArgs,
    NoArgs,
    blueprint,
    decode_cursor,
    documented,
    page_of,
    query,
)
from web.auth import BUDGET_READERS, require
from web.context import services
from web.fields import filter_text
from web.schemas import trail
from web.schemas.budget import Budget

blp = blueprint("audit", "The budget per owner and pool, and the audit trail with its hash chain.")


class BudgetArgs(Schema):
    class Meta:
        unknown = RAISE

    as_of = fields.AwareDateTime(load_default=None, format="iso",
                                 metadata={"description": "replay the budget to this moment (ISO 8601 with offset)"})


class AuditFilters(ListArgs):
    after = fields.Integer(load_default=None, validate=validate.Range(min=0, max=2**62),
                           metadata={"description": "only events after this log position"})
    application_id = fields.UUID(load_default=None)
    actor = filter_text(load_default=None)
    type = filter_text(load_default=None)
    since = fields.AwareDateTime(load_default=None, format="iso")
    until = fields.AwareDateTime(load_default=None, format="iso")


@blp.route("/budget", methods=["GET"])
@blp.arguments(BudgetArgs, location="query")
@blp.response(200, Budget)
@documented(blp, *QUERY_ERRORS)
@query
def get_budget(args: dict[str, Any]) -> Any:
    """Each owner's total, reserved, paid, returned and remaining, with its pools; with
    `as_of`, replayed from the log to that moment."""
    actor = require(*BUDGET_READERS)
    system = services()

    def within(owners: list[OwnerBalance]) -> list[dict[str, Any]]:
        return owner_documents([o for o in owners if reaches(actor, owner_id=o.owner["id"])])

    if args["as_of"] is not None:
        replay = budget_as_of(system.models, args["as_of"])
        return {"owners": within(replay.owners), "as_of": replay.as_of.isoformat(),
                "projection_position": replay.position}
    view = system.models.budget
    with reading(system.models.engine, snapshot=True) as connection:  # position and figures from one snapshot
        position = view.position(connection, system.grants.name) or 0
        owners = budget(connection, view)
    return {"owners": within(owners), "as_of": system.grants.now().isoformat(), "projection_position": position}


def audit_item(row: dict[str, Any]) -> dict[str, Any]:
    """An audit row as the API gives it."""
    return {
        "position": row["position"], "recorded_at": row["recorded_at"].isoformat(),
        "aggregate_type": row["aggregate_type"], "aggregate_id": row["aggregate_id"],
        "aggregate_version": row["aggregate_version"], "type": row["event_type"],
        "actor": {"id": row["actor_id"], "name": row["actor_name"]}, "role": row["role"],
        "summary": row["summary"], "data": row["data"], "hash": row["hash"],
    }


@blp.route("/audit/events", methods=["GET"])
@blp.arguments(AuditFilters, location="query")
@blp.response(200, trail.AuditEventList)
@documented(blp, *QUERY_ERRORS)
@query
def list_audit_events(args: dict[str, Any]) -> Any:
    """Every recorded event in log order, filtered (auditor). `after` (or `cursor`)
    continues from a position."""
    actor = require(AUDITOR)
    after = args["after"]
    if args["cursor"] is not None:
        key = decode_cursor(args["cursor"])
        after = max(after or 0, int(key[0])) if key and isinstance(key[0], int) else after
    models = services().models
    with reading(models.engine) as connection:
        page = listing.audit_events(
            connection, models.audit, args["limit"], after,
            application_id=None if args["application_id"] is None else str(args["application_id"]),
            actor=args["actor"], event_type=args["type"], since=args["since"], until=args["until"],
            owner=None if owner_scope(actor) is None else (models.applications, str(owner_scope(actor))))
    return page_of([audit_item(r) for r in page.items], page)


@blp.route("/audit/verify", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, trail.Verification)
@documented(blp, *QUERY_ERRORS)
@query
def verify(_: dict[str, Any]) -> Any:
    """Recompute the hash chain from the stored events and compare it with the audit
    trail (auditor)."""
    require(AUDITOR)
    report = verify_chain(services().models)
    return {"ok": report.ok, "events_checked": report.events_checked,
            "first_bad_position": report.first_bad_position, "reason": report.reason}

