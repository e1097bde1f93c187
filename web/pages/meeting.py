"""A round's ranked list (committee): recommendations, scores, conflicts and recusals,
and the money left in the pool; where the owner has no deciding body, approve or reject
the selected applications — one or several at once, in rank order — each through the
same use case as the API (with a body, its meetings decide: `web.pages.bodies`). A
refused approval (the pool is exhausted, someone decided first) is explained, and the
page shows the pool as it now stands."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any
from uuid import UUID

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import Connection
from werkzeug.datastructures import MultiDict

from domain.application import Application
from domain.base import CommandKey
from domain.commands import Approve, Reject
from domain.rules import Circumstances, allows
from domain.scope import reaches
from domain.statuses import UNDECIDED, Status
from domain.values import COMMITTEE, Actor
from infrastructure.sql import reading
from readmodels import listing
from readmodels.queries import recusals
from readmodels.service import ReadModels
from web.context import services
from web.pages.actions import carry_out, try_form
from web.pages.base import check_csrf, fresh_models, pages, require_page
from web.pages.casework import tie_on
from web.pages.confirmation import MoneyLine, beyond_pool, confirmation_page, confirmed, grant_sentence, line_of
from web.pages.forms import Refusal, attempt, each
from web.pages.messages import tie_text

#: The undecided first, the furthest along (prioritised) first among them; then the decided.
ORDER = {status: place for place, status in enumerate(reversed(UNDECIDED))}


def _round_in_scope(connection: Connection, models: ReadModels, round_id: UUID,
                    actor: Actor) -> tuple[dict[str, Any], dict[str, Any]]:
    """The round and its pool, when the committee member's owner has them; else 404, as
    a missing round."""
    round_ = listing.round_document(connection, models.applications, str(round_id))
    pool = listing.pool(connection, models.budget, round_["pool_id"]) if round_ else None
    if round_ is None or pool is None or not reaches(actor, owner_id=pool["owner_id"]):
        abort(404)
    return round_, pool


def _page(round_id: UUID, refusal: Refusal | None = None) -> Any:
    actor = require_page(COMMITTEE)
    models = fresh_models()
    with reading(models.engine) as connection:
        round_, pool = _round_in_scope(connection, models, round_id, actor)
        rows = listing.applications(connection, models.applications, 2000, round_id=str(round_id),
                                    with_state=True).items
        recused = recusals(connection, models.audit, [r["application_id"] for r in rows])
    now = Circumstances(services().grants.now(), in_meetings=services().grants.decides_in_meetings(
        services().grants.get_pool(pool["pool_id"])))
    apps = []
    for row in rows:
        state = models.applications.load_state(Application, row)
        assert state is not None
        tie = tie_on(actor, state)
        apps.append({**row["document"], "recused": recused.get(row["application_id"], []),
                     "tie": tie_text(tie) if tie else None,  # a member decides what a rule lets them decide
                     "decidable": allows(Reject.RULE, state, actor, now) or allows(Approve.RULE, state, actor, now)})
    ranked = sorted(apps, key=lambda a: (ORDER.get(Status(a["status"]), len(ORDER)), a["rank"] or 10**6,
                                         a["reference"]))
    recommended = sum((Decimal(a["recommended_amount"]) for a in ranked
                       if a["status"] == Status.PRIORITISED and a["recommended_amount"]), Decimal(0))
    return render_template("meeting.html", round=round_, pool=pool, apps=ranked, refusal=refusal,
                           recommended=recommended, form=request.form, in_meetings=now.in_meetings)


@pages.route("/moter/<uuid:round_id>")
def meeting(round_id: UUID) -> Any:
    return _page(round_id)


@pages.route("/moter/<uuid:round_id>/vedtak", methods=["POST"])
def decide(round_id: UUID) -> Any:
    """Approve (each at the amount entered) or reject the selected applications, in rank order."""
    actor = require_page(COMMITTEE)
    check_csrf()
    form, grants = request.form, services().grants
    handling = "innvilg" if form.get("handling") == "innvilg" else "avslag"
    chosen = set(form.getlist("valgt"))
    models = fresh_models()
    with reading(models.engine) as connection:
        _, pool = _round_in_scope(connection, models, round_id, actor)
        rows = listing.applications(connection, models.applications, 2000, round_id=str(round_id)).items
        apps = [r["document"] for r in rows if r["application_id"] in chosen]
    apps.sort(key=lambda a: (a["rank"] or 10**6, a["reference"]))
    steps: list[tuple[str, Callable[[CommandKey | None], object]]] = []
    for app in apps:
        steps.append((app["reference"], partial(carry_out, handling, grants, UUID(app["id"]), actor,
                                                _fields_of(form, app, handling), app["version"])))
    if not steps:
        return _page(round_id, Refusal("Velg minst én søknad.")), 422
    if handling == "innvilg" and not confirmed():
        return _ask_first(round_id, apps, Decimal(pool["remaining"]), actor)
    done, refusal = each(steps)
    verb = "Innvilget" if handling == "innvilg" else "Avslått"
    if refusal is not None:
        if done:
            flash(f"{verb} før stoppet: {', '.join(done)}.", "done")
        return _page(round_id, refusal), 422
    flash(f"{verb}: {', '.join(done)}.", "done")
    return redirect(url_for("pages.meeting", round_id=round_id), 303)


def _fields_of(form: MultiDict[str, str], app: dict[str, Any], handling: str) -> MultiDict[str, str]:
    """The fields of one application's decision in the meeting's form: its own amount,
    the shared reference (the grant's or the rejection's) and conditions, and the reasons
    (for a rejection, or for granting less than requested)."""
    grant = handling == "innvilg"
    reasons = form.get("partial_reasons" if grant else "reasons", "")
    return MultiDict({"amount": form.get(f"amount-{app['id']}", ""),
                      "decision_ref": form.get("decision_ref" if grant else "rejection_ref", ""),
                      "conditions": form.get("conditions", ""), "reasons": reasons})


def _ask_first(round_id: UUID, apps: list[dict[str, Any]], remaining: Decimal, actor: Actor) -> Any:
    """The grants as typed, each with its amount and recipient and their total, for the
    member to confirm (`web.pages.confirmation`); nothing is recorded. Each is tried out
    alone (the pool's money for all of them together is checked when they are carried
    out); a wrong amount or reference is shown on the meeting's page, naming its case."""
    lines: list[MoneyLine] = []
    decision_ref = ""
    for app in apps:
        loaded, refusal = attempt(partial(try_form, "innvilg", services().grants, UUID(app["id"]), actor,
                                          _fields_of(request.form, app, "innvilg"), app["version"]))
        if refusal is not None or not isinstance(loaded, dict):
            wrong = refusal or Refusal("Skjemaet har feil.")
            return _page(round_id, Refusal(f"{app['reference']}: {wrong.text}", wrong.fields)), 422
        lines.append(line_of(app, loaded["amount"]))
        decision_ref = loaded["decision_ref"]
    return confirmation_page(title="Bekreft vedtakene" if len(lines) > 1 else "Bekreft vedtaket",
                             sentence=grant_sentence(lines, decision_ref), lines=lines,
                             action=url_for("pages.decide", round_id=round_id),
                             back=url_for("pages.meeting", round_id=round_id), button="Bekreft og innvilg",
                             warning=beyond_pool(lines, remaining))
