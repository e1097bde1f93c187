"""The applicant's pages: open calls (public), the application form with partners and
a budget line per year, and the receipt. The form is read by the API's schema for a
submission and runs the same use case; the application's own page (amend, withdraw)
is `web.pages.casework`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from flask import abort, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from domain.commands import Submit
from domain.registry import Registry
from domain.round import local_date
from domain.values import APPLICANT, ORGANISATION_KINDS, PRIORITY_GROUPS, Actor
from infrastructure.sql import reading
from readmodels import listing
from web.auth import page_actor
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import query_text
from web.pages.forms import Refusal, amount_text, form_key, load, submitted
from web.pages.present import oslo_time
from web.schemas import requests

PARTNER_ROWS = 4


def region_of(registry: Registry, owner_id: str) -> str:
    """The region (RHF id) an owner belongs to: its own id for an RHF."""
    owner = registry.owners.get(owner_id)
    return owner_id if owner is None or owner.region is None else owner.region


def open_calls(actor: Actor | None, region: str | None = None) -> list[dict[str, Any]]:
    """Open rounds whose deadline has not passed, with their pool; for an applicant those
    of regions where its organisation is a member of a health community (or open to all)."""
    models, registry = fresh_models(), services().grants.registry()
    today = local_date(services().grants.now())
    with reading(models.engine) as connection:
        pools = {p["pool_id"]: p for p in listing.pools(connection, models.budget, 1000).items}
        rounds = [r for r in listing.rounds(connection, models.applications)
                  if r["status"] == "open" and date.fromisoformat(r["deadline"]) >= today and r["pool_id"] in pools]
    mine = {c.region for c in registry.communities.values()
            if actor is not None and actor.role == APPLICANT and c.has_member(actor.org_no or "")}
    calls = []
    for round_ in rounds:
        pool = pools[round_["pool_id"]]
        where = region_of(registry, pool["owner_id"])
        if (region and where != region) or (mine and where not in mine and not round_.get("open_to_outsiders")):
            continue
        calls.append({**round_, "pool": pool, "region": where,
                      "region_name": getattr(registry.owners.get(where), "name", where)})
    return calls


@pages.route("/utlysninger")
def calls() -> Any:
    region = query_text("region") or None
    registry = services().grants.registry()
    regions = sorted((o for o in registry.owners.values() if o.region is None), key=lambda o: o.name)
    return render_template("calls.html", calls=open_calls(page_actor(), region), regions=regions, region=region)


def _choices(actor: Actor, call: dict[str, Any]) -> tuple[list[Any], Any]:
    """The health communities the applicant may apply through, and its organisation."""
    registry = services().grants.registry()
    communities = [c for c in registry.communities.values() if c.region == call["region"]]
    member = [c for c in communities if c.has_member(actor.org_no or "")]
    me = next((m for c in registry.communities.values() for m in c.members if m.org_no == actor.org_no), None)
    return sorted(member or communities, key=lambda c: c.name), me


def _call_for(actor: Actor, round_id: UUID) -> tuple[dict[str, Any], list[Any], Any]:
    """The open call the applicant may apply to (404 otherwise), its communities and the applicant."""
    call = next((c for c in open_calls(actor) if c["id"] == str(round_id)), None)
    if call is None:
        abort(404)
    communities, me = _choices(actor, call)
    return call, communities, me


def _form_page(round_id: UUID, refusal: Refusal | None = None) -> Any:
    actor = require_page(APPLICANT)
    call, communities, me = _call_for(actor, round_id)
    return render_template("apply.html", call=call, communities=communities, me=me, refusal=refusal,
                           form=request.form, groups=PRIORITY_GROUPS, kinds=ORGANISATION_KINDS,
                           partner_rows=range(PARTNER_ROWS))


@pages.route("/utlysninger/<uuid:round_id>/soknad")
def apply(round_id: UUID) -> Any:
    return _form_page(round_id)


def application_body(form: MultiDict[str, str], actor: Actor, communities: list[Any], me: Any) -> dict[str, Any]:
    """The form's fields as the API's submission body."""
    community = next((c for c in communities if c.id == form.get("health_community")), None)
    partners = [{"org_no": form.get(f"partner-{i}-org_no", "").strip(), "name": form.get(f"partner-{i}-name", ""),
                 "kind": form.get(f"partner-{i}-kind", "")} for i in range(PARTNER_ROWS)
                if form.get(f"partner-{i}-org_no", "").strip() or form.get(f"partner-{i}-name", "").strip()]
    budget = [{"year": int(year), "amount": amount_text(form.get(f"budget-{year}", ""))}
              for year in form.getlist("budget_year") if year.isdigit() and len(year) == 4
              and form.get(f"budget-{year}", "").strip()]
    contact = {"name": form.get("contact_name", ""), "email": form.get("contact_email", "").strip()}
    parties = [("soker", actor.org_no or ""), *((str(i), form.get(f"partner-{i}-org_no", "").strip())
                                                 for i in range(PARTNER_ROWS))]
    contributions = [{"org_no": org_no, "kind": kind, "amount": amount_text(form.get(f"bidrag-{row}-{kind}", ""))}
                     for row, org_no in parties for kind in ("cash", "in_kind")
                     if form.get(f"bidrag-{row}-{kind}", "").strip()]
    own = amount_text(form.get("own_contribution", ""))
    if not own:  # left empty: the parties' contributions together
        own = _sum_of([c["amount"] for c in contributions])
    return {
        "health_community": {"id": community.id, "name": community.name} if community else {"id": "", "name": ""},
        "title": form.get("title", ""), "summary": form.get("summary", ""),
        "applicant": {"org_no": actor.org_no or "", "name": me.name if me else actor.name,
                      "kind": me.kind if me else "other"},
        "partners": partners, "priority_groups": form.getlist("priority_groups"),
        "requested_amount": amount_text(form.get("requested_amount", "")),
        "own_contribution": own, "budget": budget,
        "contact": contact if contact["name"] or contact["email"] else None,
        "contributions": contributions, "lasting_operation": form.get("lasting_operation", ""),
    }


def field_names(form: MultiDict[str, str]) -> dict[str, str]:
    """Where each part of the submission body (`application_body`) was typed: its path
    in the body → the form's field, so that every error stands at its own field."""
    years = [year for year in form.getlist("budget_year") if year.isdigit() and len(year) == 4
             and form.get(f"budget-{year}", "").strip()]
    rows = [i for i in range(PARTNER_ROWS)
            if form.get(f"partner-{i}-org_no", "").strip() or form.get(f"partner-{i}-name", "").strip()]
    filled = [f"bidrag-{row}-{kind}" for row in ("soker", *map(str, range(PARTNER_ROWS)))
              for kind in ("cash", "in_kind") if form.get(f"bidrag-{row}-{kind}", "").strip()]
    names = {"health_community": "health_community", "contact.name": "contact_name",
             "contact.email": "contact_email", "contact": "contact_email"}
    every_year = [year for year in form.getlist("budget_year") if year.isdigit() and len(year) == 4]
    if every_year:
        names["budget"] = f"budget-{every_year[0]}"
    names.update({f"budget.{i}": f"budget-{year}" for i, year in enumerate(years)})
    for i, row in enumerate(rows):
        names.update({f"partners.{i}": f"partner-{row}-org_no", f"partners.{i}.org_no": f"partner-{row}-org_no",
                      f"partners.{i}.name": f"partner-{row}-name"})
    names.update({f"contributions.{i}": name for i, name in enumerate(filled)})
    return names


def _sum_of(amounts: list[str]) -> str:
    """The amounts' sum as the API writes it ("0" when there are none or one is not a number)."""
    try:
        return str(sum((Decimal(amount) for amount in amounts), Decimal(0)))
    except ArithmeticError:
        return "0"


@pages.route("/utlysninger/<uuid:round_id>/soknad", methods=["POST"])
def submit(round_id: UUID) -> Any:
    actor = require_page(APPLICANT)
    _, communities, me = _call_for(actor, round_id)

    def run() -> Any:
        body = load(requests.ApplicationContent(), application_body(request.form, actor, communities, me))
        content = requests.application_content(body)
        return services().grants.run(Submit(round_id, content), actor=actor, request=form_key()).value

    return submitted(run, lambda app: f"Kvittering: søknaden «{app.title}» er mottatt {oslo_time(app.created_on)} "
                                      f"med referanse {app.reference}. Ta vare på referansen.",
                     lambda app: url_for("pages.lookup", referanse=app.reference),
                     lambda refusal: _form_page(round_id, refusal.renamed(field_names(request.form))))
