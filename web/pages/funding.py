"""*Potter og utlysninger* (finance): open a pool and top it up, with the reason; open a
round against a pool with its weighted criteria, and close it. The forms are read by the
API's request schemas and run the same use cases."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from flask import render_template, request, url_for
from werkzeug.datastructures import MultiDict

from domain.scope import owner_scope, reaches
from domain.values import FINANCE, Criterion, Owner
from infrastructure.sql import reading
from readmodels import listing
from readmodels.queries import allocations_of, owner_names
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import date_text
from web.pages.forms import Refusal, amount_text, form_key, load, submitted
from web.schemas import requests
from web.schemas.followup import follow_up_of


def _page(refusal: Refusal | None = None, handling: str | None = None) -> str:
    actor = require_page(FINANCE)
    models = fresh_models()
    with reading(models.engine) as connection:
        pools = listing.pools(connection, models.budget, 500, owner=owner_scope(actor)).items
        ids = {p["pool_id"] for p in pools}
        rounds = [r for r in listing.rounds(connection, models.applications) if r["pool_id"] in ids]
        allocations = allocations_of(connection, models.budget, list(ids))
        names = owner_names(connection, models.budget, [a["pool_id"] for found in allocations.values() for a in found])
    owners = [o for o in services().grants.registry().owners.values() if reaches(actor, owner_id=o.id)]
    communities = [o for o in services().grants.registry().owners.values() if o.kind == "health_community"]
    return render_template("pools.html", pools=pools, rounds=rounds, owners=sorted(owners, key=lambda o: o.name),
                           communities=sorted(communities, key=lambda o: o.name), allocations=allocations,
                           names={p["pool_id"]: p["name"] for p in pools}, refusal=refusal, handling=handling,
                           recipients=names,
                           titles={r["id"]: r["title"] for r in rounds},
                           followed={r["follows"] for r in rounds if r.get("follows")},
                           form=request.form)


@pages.route("/okonomi/potter")
def pools() -> Any:
    require_page(FINANCE)
    return _page()


def finance_command(handling: str, run: Any, done: str) -> Any:
    """Run a finance form's command: done → back to the page; refused → the page with why."""
    actor = require_page(FINANCE)
    return submitted(lambda: run(actor), done, url_for("pages.pools"), lambda refusal: _page(refusal, handling))


def _owner(owner_id: str) -> dict[str, str]:
    found = services().grants.registry().owners.get(owner_id)
    return {"id": owner_id, "name": found.name if found else "", "kind": found.kind if found else ""}


@pages.route("/okonomi/potter", methods=["POST"])
def open_pool() -> Any:
    form = request.form
    years = [int(y) if y.isdigit() and len(y) == 4 else y for y in re.split(r"[\s,;]+", form.get("fiscal_years", ""))
             if y]

    def run(actor: Any) -> object:
        body = load(requests.PoolCreate(), {"owner": _owner(form.get("owner", "")), "name": form.get("name", ""),
                                            "fiscal_years": years, "amount": amount_text(form.get("amount", ""))})
        return services().grants.open_pool(Owner(**body["owner"]), name=body["name"], fiscal_years=body["fiscal_years"],
                                           amount=body["amount"], actor=actor, request=form_key())
    return finance_command("pott", run, "Potten er opprettet.")


@pages.route("/okonomi/potter/<uuid:pool_id>/okning", methods=["POST"])
def increase_pool(pool_id: UUID) -> Any:
    form = request.form

    def run(actor: Any) -> object:
        year = form.get("year", "")
        body = load(requests.PoolIncrease(), {"amount": amount_text(form.get("amount", "")),
                                              "reason": form.get("reason", ""),
                                              "year": int(year) if year.isdigit() and len(year) == 4 else None})
        return services().grants.increase_pool(pool_id, amount=body["amount"], reason=body["reason"], actor=actor,
                                               expected_version=None, request=form_key(), year=body["year"])
    return finance_command(f"okning-{pool_id}", run, "Rammen er økt.")


@pages.route("/okonomi/potter/<uuid:pool_id>/budsjettar", methods=["POST"])
def add_pool_year(pool_id: UUID) -> Any:
    form = request.form

    def run(actor: Any) -> object:
        year = form.get("year", "").strip()
        body = load(requests.PoolYearIn(), {"year": int(year) if year.isdigit() and len(year) == 4 else year,
                                            "amount": amount_text(form.get("amount", "")),
                                            "reason": form.get("reason", "")})
        return services().grants.add_pool_year(pool_id, year=body["year"], amount=body["amount"],
                                               reason=body["reason"], actor=actor, request=form_key())
    return finance_command(f"budsjettar-{pool_id}", run, "Budsjettåret er lagt til potten.")


def _criteria(text: str) -> list[dict[str, str]]:
    """One criterion a line: `id;navn;vekt` (vekt i prosent, desimalkomma tillatt)."""
    found = []
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        parts = [part.strip() for part in line.split(";")] + ["", "", ""]
        found.append({"id": parts[0], "name": parts[1], "weight": parts[2].replace(",", ".").rstrip("%").strip()})
    return found


def _terms(form: MultiDict[str, str]) -> dict[str, Any]:
    """The holdback (a percentage, comma or point) and the final report's months, as the
    API's fields; left empty, the API's defaults (nothing held back; set per grant)."""
    terms: dict[str, Any] = {}
    holdback = form.get("holdback_percent", "").strip().rstrip("%").strip().replace(",", ".")
    if holdback:
        terms["holdback_percent"] = holdback
    months = form.get("final_report_months", "").strip()
    if months:
        terms["final_report_months"] = int(months) if months.isdigit() and len(months) < 4 else months
    return terms


@pages.route("/okonomi/utlysninger", methods=["POST"])
def open_round() -> Any:
    form = request.form

    def run(actor: Any) -> object:
        body = load(requests.RoundCreate(), {
            "pool_id": form.get("pool_id", ""), "title": form.get("title", ""),
            "deadline": date_text(form.get("deadline", "")),
            "criteria": _criteria(form.get("criteria", "")),
            "requires_own_contribution": form.get("requires_own_contribution") == "ja",
            "open_to_outsiders": form.get("open_to_outsiders") == "ja", "call_text": form.get("call_text", ""),
            **_terms(form)})
        return services().grants.open_round(body["pool_id"], title=body["title"], deadline=body["deadline"],
                                            criteria=[Criterion(**c) for c in body["criteria"]],
                                            requires_own_contribution=body["requires_own_contribution"], actor=actor,
                                            request=form_key(), open_to_outsiders=body["open_to_outsiders"],
                                            follow_up=follow_up_of(body), call_text=body["call_text"])
    return finance_command("utlysning", run, "Utlysningen er åpnet.")


@pages.route("/okonomi/utlysninger/<uuid:round_id>/neste", methods=["POST"])
def next_round(round_id: UUID) -> Any:
    return finance_command(f"neste-{round_id}", lambda actor: services().grants.open_next_round(
        round_id, deadline=None, title=None, actor=actor,
        request=form_key()), "Neste runde er åpnet, med frist etter seriens regel og budsjettåret etter forrige runde.")


@pages.route("/okonomi/utlysninger/<uuid:round_id>/steng", methods=["POST"])
def close_round(round_id: UUID) -> Any:
    return finance_command(f"steng-{round_id}", lambda actor: services().grants.close_round(
        round_id, actor=actor, expected_version=None, request=form_key()), "Utlysningen er stengt for nye søknader.")
