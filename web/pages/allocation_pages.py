"""Allocation on *Potter og utlysninger* (finance of an owner): hand part of a pool to the
region's health communities — an amount each, or a total split by shares (a key) — and
later allocate more or take back what is unspent. The forms are read by the API's schemas
and run the same use cases."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import request

from application.allocation import Part
from web.context import services
from web.pages.base import pages
from web.pages.forms import amount_text, form_key, load
from web.pages.funding import finance_command
from web.schemas.budget import AllocationChange, AllocationIn


def _parts() -> list[dict[str, Any]]:
    """A row per community the form filled in: its share (`andel-<id>`, decimal comma
    allowed) or its amount (`belop-<id>`); rows left empty are not part of it."""
    form, parts = request.form, []
    for owner_id in form.getlist("fellesskap"):
        share = form.get(f"andel-{owner_id}", "").strip().replace(",", ".")
        amount = amount_text(form.get(f"belop-{owner_id}", ""))
        if share or amount:
            parts.append({"owner_id": owner_id, "share": share or None, "amount": amount or None})
    return parts


@pages.route("/okonomi/potter/<uuid:pool_id>/tildeling", methods=["POST"])
def allocate_pool(pool_id: UUID) -> Any:
    form = request.form

    def run(actor: Any) -> object:
        body = load(AllocationIn(), {"allocations": _parts(), "amount": amount_text(form.get("amount", "")) or None,
                                     "reason": form.get("reason", "")})
        parts = [Part(p["owner_id"], p["amount"], p["share"]) for p in body["allocations"]]
        return services().grants.allocate(pool_id, parts=parts, amount=body["amount"], reason=body["reason"],
                                          actor=actor, expected_version=None, request=form_key())
    return finance_command(f"tildeling-{pool_id}", run, "Midlene er tildelt helsefellesskapene.")


@pages.route("/okonomi/potter/<uuid:pool_id>/tildeling/<uuid:allocation_id>", methods=["POST"])
def change_allocation(pool_id: UUID, allocation_id: UUID) -> Any:
    form, back = request.form, form_key()
    withdraw = form.get("endring") == "trekk"

    def run(actor: Any) -> object:
        body = load(AllocationChange(), {"amount": amount_text(form.get("amount", "")),
                                         "reason": form.get("reason", "")})
        change = services().grants.withdraw_allocation if withdraw else services().grants.increase_allocation
        return change(pool_id, allocation_id=allocation_id, amount=body["amount"], reason=body["reason"], actor=actor,
                      request=back)
    done = "Ubrukte midler er trukket tilbake." if withdraw else "Tildelingen er økt."
    return finance_command(f"endre-tildeling-{allocation_id}", run, done)
