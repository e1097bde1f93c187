"""*Økonomi*: the budget per owner and pool (now, or replayed to the end of a chosen
day), reconciliation against the log, downloads of the exports, and the payout desk —
approved grants with a signed agreement and money left to pay."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from typing import Any

from flask import Response as FlaskResponse
from flask import render_template, request

from domain.round import OSLO
from domain.scope import owner_scope, reaches
from domain.statuses import Status
from domain.values import AUDITOR, FINANCE
from infrastructure.sql import reading
from readmodels import listing
from readmodels.asof import budget_as_of
from readmodels.exports.csvfile import decisions_csv
from readmodels.exports.opendata import grants_360giving
from readmodels.exports.workbook import decisions_workbook
from readmodels.queries import OwnerBalance, budget, owner_documents
from readmodels.reconcile import reconcile
from web.auth import BUDGET_READERS
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import day_bound, query_text
from web.pages.followup import matching, overdue_reports

EXPORTS = {"vedtak.csv": "text/csv; charset=utf-8", "vedtak.xlsx":
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "tilskudd-360giving.json": "application/json"}


@pages.route("/okonomi")
def finance() -> Any:
    actor = require_page(*BUDGET_READERS)
    models = fresh_models()
    day = query_text("dato")
    until = day_bound(day, start=False) if day else None
    if until is not None:  # the end of today has not come yet: replay to now
        until = min(until, services().grants.now())
    if day and until is None:
        return render_template("error.html", title="Datoen kan ikke brukes",
                               message="Skriv datoen som dd.mm.åååå, eller velg den i kalenderen."), 422

    def within(owners: list[OwnerBalance]) -> list[dict[str, Any]]:
        return owner_documents([o for o in owners if reaches(actor, owner_id=o.owner["id"])])

    if until is not None:
        replay = budget_as_of(models, until)
        return render_template("finance.html", owners=within(replay.owners), position=replay.position,
                               now=until, day=day, reconciliation=None, exports=None)
    view = models.budget
    with reading(models.engine, snapshot=True) as connection:
        position = view.position(connection, services().grants.name) or 0
        owners = within(budget(connection, view))
    reconciliation = reconcile(models).of_owner(owner_scope(actor)) if request.args.get("avstemming") == "1" else None
    return render_template("finance.html", owners=owners, position=position, now=services().grants.now(), day="",
                           reconciliation=reconciliation, exports=EXPORTS if actor.role in (FINANCE, AUDITOR) else None)


@pages.route("/okonomi/eksport/<any(" + ", ".join(f"'{name}'" for name in EXPORTS) + "):name>")
def export(name: str) -> Any:
    """The API's exports, downloaded from the page (the same rows, the same scope)."""
    actor = require_page(FINANCE, AUDITOR)
    models, owner = fresh_models(), owner_scope(actor)
    if name == "vedtak.csv":
        body: Any = decisions_csv(models, owner)
    elif name == "vedtak.xlsx":
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
            decisions_workbook(models, spool, owner)
            spool.seek(0)
            body = spool.read()
    else:  # the open-data file is public, as in the API
        body = grants_360giving(models)
    day = services().grants.now().astimezone(OSLO).date().isoformat()
    stem, _, extension = name.rpartition(".")
    return FlaskResponse(body, content_type=EXPORTS[name],
                         headers={"Content-Disposition": f'attachment; filename="{stem}-{day}.{extension}"'})


@pages.route("/okonomi/utbetalinger")
def payouts() -> Any:
    actor = require_page(FINANCE)
    models = fresh_models()
    due: list[dict[str, Any]] = []
    with reading(models.engine) as connection:
        after = None
        while True:  # every approved grant in scope (a few hundred a year)
            page = listing.applications(connection, models.applications, 500, after, status=Status.APPROVED,
                                        owner=owner_scope(actor))
            due.extend(row["document"] for row in page.items)
            if page.after is None:
                break
            after = page.after
    for app in due:
        app["left_to_pay"] = str(Decimal(app["granted_amount"] or 0) - Decimal(app["paid_amount"] or 0))
    q = query_text("q")
    unanswered = matching([a for a in due if not _accepted(a)], q)
    waiting = matching([a for a in due if not a.get("agreement")], q)
    payable = [a for a in due if a.get("agreement") and _accepted(a) and Decimal(a["left_to_pay"]) > 0]
    return render_template("payouts.html", due=matching(payable, q), waiting=waiting, unanswered=unanswered,
                           overdue=overdue_reports(actor), q=q)


def _accepted(app: dict[str, Any]) -> bool:
    """The recipient has accepted the grant (or it is from before acceptance was asked)."""
    return bool(app.get("acceptance", {"answer": "accepted"})["answer"] == "accepted")
