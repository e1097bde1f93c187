"""The secretariat's work list (assessor): the community's undecided applications by
round, with age, deadline, score and rank; and prioritising a round by setting each
application's rank and recommended amount in one form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from itertools import groupby
from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import Connection
from werkzeug.datastructures import MultiDict

from domain.application import Application
from domain.base import CommandKey
from domain.scope import community_scope, owner_scope
from domain.values import ASSESSOR, Actor
from infrastructure.sql import reading
from readmodels import listing
from readmodels.outstanding import age_days
from readmodels.service import ReadModels
from web.context import services
from web.pages.actions import carry_out
from web.pages.base import check_csrf, fresh_models, pages, require_page
from web.pages.followup import overdue_reports
from web.pages.forms import Refusal, amount_text, each
from web.pages.tasks import link_to, tasks_of


def outstanding_rows(models: ReadModels, actor: Actor, round_id: str | None = None) -> list[dict[str, Any]]:
    """Every undecided application in the person's scope (oldest first), with its age in days."""
    rows: list[dict[str, Any]] = []
    owner = owner_scope(actor)
    now: datetime = services().grants.now()
    with reading(models.engine) as connection:
        after = None
        while True:
            page = listing.outstanding(connection, models.outstanding, 500, after,
                                       health_community=community_scope(actor), round_id=round_id,
                                       owner=None if owner is None else (models.applications, owner))
            rows.extend({**row, "age_days": age_days(row, now)} for row in page.items)
            if page.after is None:
                break
            after = page.after
        replies = _reply_dates(connection, models, [r["application_id"] for r in rows if r["waiting_since"]])
    for row in rows:
        row["reply_by"] = replies.get(row["application_id"])
    return rows


def _reply_dates(connection: Connection, models: ReadModels, waiting: list[str]) -> dict[str, date]:
    """The reply date of the question each waiting application waits on, read in one query."""
    found: dict[str, date] = {}
    view = models.applications
    for row in listing.application_states(connection, view, waiting):
        state = view.load_state(Application, row)
        reply_by = next((i.reply_by for i in state.inquiries if i.answered_at is None), None) if state else None
        if reply_by is not None:
            found[row["application_id"]] = reply_by
    return found


def _page(refusal: Refusal | None = None, round_id: str | None = None) -> str:
    actor = require_page(ASSESSOR)
    rows = sorted(outstanding_rows(fresh_models(), actor),
                  key=lambda r: (r["round_deadline"], r["round_id"], r["rank"] or 10**6, r["submitted_at"]))
    rounds = [(key, list(group)) for key, group in groupby(rows, key=lambda r: (r["round_id"], r["round_title"],
                                                                                 r["round_deadline"]))]
    missing = [task for task in tasks_of(actor) if task.kind == "avtale"]
    return render_template("queue.html", rounds=rounds, refusal=refusal, refused_round=round_id, form=request.form,
                           overdue=overdue_reports(actor), missing=missing, link_to=link_to)


@pages.route("/arbeidsliste")
def queue() -> Any:
    return _page()


@pages.route("/arbeidsliste/<uuid:round_id>/prioritering", methods=["POST"])
def prioritise_round(round_id: UUID) -> Any:
    """Each scored application of the round with a rank gets that rank and recommended amount."""
    actor = require_page(ASSESSOR)
    check_csrf()
    grants, form = services().grants, request.form
    rows = [r for r in outstanding_rows(fresh_models(), actor, str(round_id)) if r["total_score"] is not None]
    steps: list[tuple[str, Callable[[CommandKey | None], object]]] = []
    for row in rows:
        rank, amount = form.get(f"rank-{row['application_id']}", "").strip(), \
            amount_text(form.get(f"amount-{row['application_id']}", ""))
        if not rank and not amount:
            continue
        fields = {"rank": rank, "recommended_amount": amount}
        steps.append((row["reference"], partial(carry_out, "prioritet", grants, row["application_id"], actor,
                                                MultiDict(fields), row["version"])))
    done, refusal = each(steps)
    if refusal is not None:
        if done:
            flash(f"Lagret før feilen: {', '.join(done)}.", "done")
        return _page(refusal, str(round_id)), 422
    flash(f"Prioriteringen er lagret for {len(done)} søknader." if done else "Ingen endringer å lagre.", "done")
    return redirect(url_for("pages.queue") + f"#runde-{round_id}", 303)

