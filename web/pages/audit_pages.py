"""*Revisjon* (auditor): the trail of every event with filters (the actor matched by part
of a name, in any case), one event with its data and hash, the budget and every
application replayed from the log to the end of a chosen day, and verification of
the hash chain."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template

from domain.scope import owner_scope, reaches
from domain.values import AUDITOR
from infrastructure.sql import reading
from readmodels import listing
from readmodels.asof import replay_as_of
from readmodels.auditcheck import verify_chain
from readmodels.queries import owner_documents
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import day_bound, query_text

PAGE_SIZE = 50


@pages.route("/revisjon")
def audit() -> Any:
    actor = require_page(AUDITOR)
    models = fresh_models()
    filters = {name: query_text(name) for name in ("type", "referanse", "aktor", "fra", "til")}
    before = query_text("for")
    error, application_id = None, None
    with reading(models.engine) as connection:
        types = listing.event_types(connection, models.audit)
        if filters["referanse"]:
            row = listing.application_by_reference(connection, models.applications,
                                                   filters["referanse"].upper())
            application_id = row["application_id"] if row else "-"
            if row is None:
                error = f"Ingen søknad har referansen {filters['referanse']}."
        since, until = day_bound(filters["fra"], start=True), day_bound(filters["til"], start=False)
        page = listing.audit_events(
            connection, models.audit, PAGE_SIZE, int(before) if before.isdigit() and len(before) < 19 else None,
            application_id=application_id, actor_part=filters["aktor"] or None, event_type=filters["type"] or None,
            since=since, until=until, descending=True,
            owner=None if owner_scope(actor) is None else (models.applications, str(owner_scope(actor))))
    return render_template("audit.html", events=page.items, types=types, filters=filters, error=error,
                           older=page.after[0] if page.after else None)


@pages.route("/revisjon/hendelser/<int:position>")
def audit_event(position: int) -> Any:
    actor = require_page(AUDITOR)
    models = services().models
    with reading(models.engine) as connection:
        row = listing.audit_event(connection, models.audit, position)
        owned = owner_scope(actor) is None or row is None or listing.owns(
            connection, models.applications, str(owner_scope(actor)), row["aggregate_id"])
    if row is None or not owned:
        abort(404)
    return render_template("event.html", event=row)


@pages.route("/revisjon/avspilling")
def replay() -> Any:
    actor = require_page(AUDITOR)
    day = query_text("dato")
    until = day_bound(day, start=False) if day else None
    if until is not None:  # the end of today has not come yet: replay to now
        until = min(until, services().grants.now())
    if until is None:
        return render_template("replay.html", day=day, replay=None, owners=[], applications=[],
                               error="Skriv datoen som dd.mm.åååå, eller velg den i kalenderen." if day else None), \
            422 if day else 200
    result = replay_as_of(fresh_models(), until)
    owners = owner_documents([o for o in result.owners if reaches(actor, owner_id=o.owner["id"])])
    owned = {pool["id"] for owner in owners for pool in owner["pools"]}
    applications = sorted((a for a in result.applications if a["pool_id"] in owned), key=lambda a: a["reference"])
    return render_template("replay.html", day=day, replay=result, owners=owners, applications=applications,
                           error=None)


@pages.route("/revisjon/kjede")
def chain() -> Any:
    require_page(AUDITOR)
    run = query_text("kontroller") == "1"
    return render_template("chain.html", report=verify_chain(fresh_models()) if run else None)
