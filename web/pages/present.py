"""Norwegian presentation for the pages: statuses, roles, times in Europe/Oslo, and the
budget chart (an SVG drawn on the server)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from domain.formatting import format_nok
from domain.labels import label_of as label_of
from domain.membership import ALL_OWNERS, Membership
from domain.roles import Role
from readmodels.discrepancies import (
    APPLICATION_EVENTS,
    DIFFERS,
    MISSING_ROW,
    OVERSPENT,
    POOL_EVENTS,
    READ_MODEL,
    Discrepancy,
)
from web.context import services

OSLO = ZoneInfo("Europe/Oslo")

__all__ = ["OSLO", "amount_field", "bar", "chain_reason", "discrepancy_text", "label_of", "nok", "oslo_time"]


def oslo_time(value: datetime | str | None) -> str:
    """`2025-03-01T10:15:00+00:00` → `01.03.2025 kl. 11:15` (Norwegian time)."""
    if value is None:
        return "–"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M")


def nok(value: Decimal | str | None) -> str:
    """`"90000000.00"` → `kr 90 000 000` (non-breaking spaces between groups)."""
    if value is None or value == "":
        return "–"
    return format_nok(Decimal(value), separator="\u00a0").replace("kr ", "kr\u00a0")


@dataclass(frozen=True)
class Segment:
    label: str
    amount: Decimal
    x: float
    width: float
    css: str


def bar(figures: dict[str, Any], width: float = 560.0) -> list[Segment]:
    """The stacked bar of one owner or pool: paid, reserved, remaining — drawn to scale
    against total + returned (what the pool has had to give)."""
    parts = [("Utbetalt", "paid", "seg-paid"), ("Reservert", "reserved", "seg-reserved"),
             ("Gjenstår", "remaining", "seg-remaining")]
    amounts = [(label, Decimal(figures[key]), css) for label, key, css in parts]
    whole = sum((a for _, a, _ in amounts), Decimal(0))
    segments, x = [], 0.0
    for label, amount, css in amounts:
        share = float(amount / whole) * width if whole > 0 and amount > 0 else 0.0
        segments.append(Segment(label, amount, round(x, 2), round(share, 2), css))
        x += share
    return segments


FIGURE_LABELS = {"total": "ramme", "reserved": "reservert", "paid": "utbetalt", "returned": "tilbakeført",
                 "remaining": "gjenstår", "granted": "innvilget", "released": "frigitt", "allocated": "tildelt"}
SOURCE_LABELS = {POOL_EVENTS: "pottens hendelser", APPLICATION_EVENTS: "søknadenes hendelser",
                 READ_MODEL: "budsjettoversikten"}


def discrepancy_text(found: Discrepancy) -> str:
    """A reconciliation difference in Norwegian: `Helse Nord RHF / … : utbetalt avviker —
    pottens hendelser kr 3 000 000, budsjettoversikten kr 3 100 000`."""
    values = ", ".join(f"{SOURCE_LABELS.get(source, source)} {nok(str(value))}" for source, value in found.values)
    subject = f"{found.owner} / {found.pool_name}" if found.pool_name else f"Pott {found.pool_id}"
    if found.reference is not None:
        subject = f"Søknad {found.reference} i {subject}"
    if found.kind == MISSING_ROW:
        return f"{subject}: mangler i budsjettoversikten"
    if found.kind == OVERSPENT:
        return f"{subject}: overforbruk — {values}"
    if found.kind == DIFFERS:
        return f"{subject}: {FIGURE_LABELS.get(found.figure or '', found.figure)} avviker — {values}"
    return f"{subject}: finnes i budsjettoversikten, men ingen hendelse har opprettet potten"


CHAIN_REASONS = {
    "the audit trail records an event the store no longer holds":
        "revisjonssporet viser en hendelse som ikke lenger finnes i hendelseslageret",
    "the store holds an event the audit trail never recorded":
        "hendelseslageret har en hendelse som revisjonssporet aldri har registrert",
    "the stored event differs from the one the audit trail recorded":
        "den lagrede hendelsen er ikke lik den revisjonssporet registrerte",
    "the chain up to here differs from the digest taken earlier":
        "kjeden fram hit er ikke lik kontrollsummen som ble tatt tidligere",
    "the event at the digest's position is gone from the store":
        "hendelsen der kontrollsummen ble tatt, finnes ikke lenger",
}


def chain_reason(reason: str | None) -> str:
    """Why the hash chain broke, in bokmål."""
    if reason is None:
        return ""
    if reason.startswith("the store ends at position"):
        return "hendelseslageret slutter før posisjonen kontrollsummen ble tatt ved"
    return CHAIN_REASONS.get(reason, reason)


def amount_field(value: Decimal | str | None) -> str:
    """An amount as a person types it in a form: `400000.00` → `400 000`, `12.50` → `12,50`."""
    if value is None or value == "":
        return ""
    return nok(value).removeprefix("kr\u00a0").replace("\u00a0", " ")


def membership_label(membership: Membership) -> str:
    """A membership as people read it: its role and what it is bound to by name —
    `økonomi – Helse Nord RHF`, `søker – Bodø kommune`, `revisjon – alle eiere`."""
    registry = services().grants.registry()
    role = label_of(Role, membership.role)
    if membership.owner_id is not None:
        owner = registry.owners.get(membership.owner_id)
        where = "alle eiere" if membership.owner_id == ALL_OWNERS else owner.name if owner else membership.owner_id
    elif membership.community_id is not None:
        community = registry.communities.get(membership.community_id)
        where = community.name if community else membership.community_id
    elif membership.org_no is not None:
        where = next((m.name for c in registry.communities.values() for m in c.members
                      if m.org_no == membership.org_no), f"org.nr. {membership.org_no}")
    else:
        return role
    return f"{role} – {where}"


def weight_shares(criteria: list[dict[str, Any]]) -> dict[str, str]:
    """Each criterion's weight as its share of the sum, as the score is worked out
    (`Scoring.weighted_mean`): weights 3, 2, 1 → `50 %`, `33,3 %`, `16,7 %`."""
    total = sum((Decimal(str(c["weight"])) for c in criteria), Decimal(0))
    if total <= 0:
        return {c["id"]: "–" for c in criteria}
    return {c["id"]: f"{(Decimal(str(c['weight'])) * 100 / total).quantize(Decimal('0.1')).normalize():f}"
            .replace(".", ",") + " %" for c in criteria}
