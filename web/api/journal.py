"""The public journal (offentleglova § 10): anyone may read it, without a token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.disclosure import DECIDERS, AccessRequest, JournalReference
from domain.round import local_date
from domain.scope import community_scope, owner_scope
from domain.values import Contact
from infrastructure.sql import reading
from readmodels.public_journal import access_requests, journal_reference, public_entries
from web.api.common import COMMAND_ERRORS, QUERY_ERRORS, answered, blueprint, documented, query
from web.auth import require
from web.context import services
from web.idempotency import command_key
from web.problems import Problem
from web.schemas.journal import (
    AccessDecisionIn,
    AccessRequestArgs,
    AccessRequestIn,
    AccessRequestList,
    AccessRequestOut,
    PublicJournal,
    PublicJournalArgs,
)

blp = blueprint("journal", "The public journal: the documents of every case, as the public may see them.")
#: The longest period one request may ask for.
MAX_DAYS = 366


@blp.route("/journal/public", methods=["GET"])
@blp.doc(security=[])
@blp.arguments(PublicJournalArgs, location="query")
@blp.response(200, PublicJournal)
@documented(blp, 422)
@query
def public_journal(args: dict[str, Any]) -> Any:
    """The journal entries of the period, newest first (at most 200): public titles with
    persons' names screened, the parties that are organisations, and for an exempt
    document the legal basis — never a screened name or an exempt document."""
    end = args["to"] or local_date(services().grants.now())
    start = args["from_"] or end - timedelta(days=30)
    if end < start or (end - start).days > MAX_DAYS:
        raise Problem(422, f"the period runs from `from` to `to`, at most {MAX_DAYS} days", kind="invalid-input",
                      errors={"to": [f"must be on or after `from`, at most {MAX_DAYS} days later"]})
    models = services().models
    with reading(models.engine) as connection:
        entries = public_entries(connection, models.journal, start, end, args["q"])
    return {"from_": start, "to": end, "entries": entries}


def access_document(access: AccessRequest) -> dict[str, Any]:
    """A request for access as its answer shows it (no requester's name or address)."""
    ref = access.reference
    return {"id": access.id, "version": access.version, "entry": ref.entry, "case": ref.case, "title": ref.title,
            "received_on": access.received_on, "answer_by": access.answer_by, "status": access.status,
            "outcome": access.outcome, "legal_basis": access.legal_basis}


def reference_of(entry: str) -> JournalReference:
    """The journal entry asked for, as the request records it (404 when there is none)."""
    models = services().models
    with reading(models.engine) as connection:
        return journal_reference(connection, models.journal, entry)


@blp.route("/journal/access-requests", methods=["POST"])
@blp.doc(security=[])
@blp.arguments(AccessRequestIn)
@blp.response(201, AccessRequestOut)
@blp.alt_response(200, schema=AccessRequestOut, description="the same person asked for this entry today already")
@documented(blp, 404, 422)
def request_access(body: dict[str, Any]) -> Any:
    """Ask for access to a document of the public journal (anyone; no token). The case
    handler answers within three working days, by letter to the e-mail address given."""
    reference = reference_of(body["entry"])
    outcome = services().grants.request_access(reference, Contact(body["name"], body["email"]))
    return answered(access_document(outcome.value), outcome.position, 201 if outcome.created else 200)


@blp.route("/access-requests", methods=["GET"])
@blp.arguments(AccessRequestArgs, location="query")
@blp.response(200, AccessRequestList)
@documented(blp, *QUERY_ERRORS)
@query
def list_access_requests(args: dict[str, Any]) -> Any:
    """The requests for access to the documents of the cases in the person's scope (case
    workers), the nearest deadline first."""
    actor = require(*DECIDERS)
    models = services().models
    with reading(models.engine) as connection:
        rows = access_requests(connection, models.journal, owner_scope(actor), community_scope(actor), args["open"])
    return {"requests": rows}


@blp.route("/access-requests/<uuid:request_id>/decision", methods=["POST"])
@blp.arguments(AccessDecisionIn)
@blp.response(200, AccessRequestOut)
@documented(blp, *COMMAND_ERRORS)
def decide_access(body: dict[str, Any], request_id: UUID) -> Any:
    """Decide on a request (case workers of the case's owner): `granted`, or `partly` /
    `refused` with the legal basis and reasons. The answer goes to the requester by letter."""
    actor = require(*DECIDERS)
    outcome = services().grants.decide_access(request_id, outcome=body["outcome"], legal_basis=body["legal_basis"],
                                              reasons=body["reasons"], actor=actor, request=command_key())
    return answered(access_document(outcome.value), outcome.position, 200, outcome.replayed)
