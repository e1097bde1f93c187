"""The rows every tabular export shares: one per decided application (granted or
rejected), with its money, read from the application status and budget read models."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import Connection, select

from domain.money import ZERO
from domain.round import OSLO
from domain.statuses import UNDECIDED, Status
from domain.values import PRIORITY_GROUPS
from readmodels.service import ReadModels

#: Rows fetched from the database at a time.
FETCH_SIZE: Final = 500


@dataclass(frozen=True)
class Column:
    """A column of the tabular exports: the `Decision` attribute, its heading, and what
    kind of value it holds (text, money, date)."""

    key: str
    heading: str
    kind: str = "text"


COLUMNS: Final = (
    Column("reference", "Referanse"),
    Column("decision", "Vedtak"),
    Column("decided_on", "Vedtaksdato", "date"),
    Column("decision_ref", "Saksnummer"),
    Column("status", "Status nå"),
    Column("complaint", "Klage"),
    Column("owner_name", "Eier"),
    Column("pool_name", "Tilskuddspott"),
    Column("round_title", "Utlysning"),
    Column("health_community", "Helsefellesskap"),
    Column("applicant_org_no", "Søkers org.nr."),
    Column("applicant_name", "Søker"),
    Column("title", "Tiltak"),
    Column("priority_groups", "Prioriterte grupper"),
    Column("requested", "Søkt beløp", "money"),
    Column("own_contribution", "Egeninnsats", "money"),
    Column("granted", "Innvilget", "money"),
    Column("paid", "Utbetalt", "money"),
    Column("reclaimed", "Tilbakebetalt", "money"),
    Column("released", "Frigitt", "money"),
    Column("reserved", "Reservert", "money"),
)

#: The money columns a pool's sheet sums up.
MONEY_KEYS: Final = tuple(c.key for c in COLUMNS if c.kind == "money")


@dataclass(frozen=True)
class Decision:
    """One decided application. Reserved is what is granted and neither paid nor
    released (a closed grant releases what was never paid)."""

    reference: str
    decision: str
    decided_at: datetime
    decision_ref: str
    status: str
    complaint: str
    pool_id: str
    owner_name: str
    pool_name: str
    round_title: str
    health_community: str
    applicant_org_no: str
    applicant_name: str
    title: str
    priority_groups: str
    requested: Decimal
    own_contribution: Decimal
    granted: Decimal
    paid: Decimal
    reclaimed: Decimal
    released: Decimal
    reserved: Decimal

    @property
    def decided_on(self) -> date:
        """The decision's day in Europe/Oslo."""
        return self.decided_at.astimezone(OSLO).date()

    def value(self, key: str) -> Any:
        """The value of the column `key`."""
        return getattr(self, key)


def decisions(connection: Connection, models: ReadModels, pool_id: str | None = None,
              owner: str | None = None) -> Iterator[Decision]:
    """Every decided application (of one pool, with `pool_id`; of one owner's pools, with
    `owner`), pool by pool (pools by owner and name), then by decision time and
    reference; streamed."""
    apps, pools = models.applications.applications, models.budget.pools
    rounds = round_titles(connection, models)
    query = (select(apps.c.document, apps.c.decided_at, apps.c.pool_id, pools.c.owner_name, pools.c.name)
             .join(pools, pools.c.pool_id == apps.c.pool_id)
             .where(apps.c.decided_at.is_not(None))
             .order_by(pools.c.owner_name, pools.c.name, pools.c.pool_id, apps.c.decided_at, apps.c.reference))
    if pool_id is not None:
        query = query.where(apps.c.pool_id == pool_id)
    if owner is not None:
        query = query.where(pools.c.owner_id == owner)
    for row in connection.execution_options(yield_per=FETCH_SIZE).execute(query):
        yield _decision(row.document, row.decided_at, row.pool_id, row.owner_name, row.name,
                        rounds.get(row.document["round_id"], ""))


def _decision_text(status: str) -> str:
    """What was decided, as the export says it (a refusal sent back is undecided again)."""
    if status == Status.REJECTED:
        return "Avslått"
    return "Sendt tilbake til ny behandling" if status in UNDECIDED else "Innvilget"


def _complaint(doc: dict[str, Any]) -> str:
    """Where the latest complaint of the decision stands, with its id ("" when none)."""
    complaints = doc.get("complaints") or []
    if not complaints:
        return ""
    latest = complaints[-1]
    return f"{latest['id']}: {latest['label']}{' (kom for sent)' if latest['late'] else ''}"


def round_titles(connection: Connection, models: ReadModels) -> dict[str, str]:
    """Every round's title by its id."""
    table = models.applications.rounds
    return {row.round_id: row.document["title"] for row in connection.execute(
        select(table.c.round_id, table.c.document))}


def _decision(doc: dict[str, Any], decided_at: datetime, pool_id: str, owner_name: str, pool_name: str,
              round_title: str) -> Decision:
    granted = _amount(doc["granted_amount"])
    paid = _amount(doc["paid_amount"])
    released = granted - paid if doc["status"] in (Status.CLOSED, Status.DECLINED) else ZERO
    return Decision(
        reference=doc["reference"], decision=_decision_text(doc["status"]),
        decided_at=decided_at, decision_ref=doc["decision_ref"] or "",
        status=Status(doc["status"]).label, complaint=_complaint(doc), pool_id=pool_id,
        owner_name=owner_name, pool_name=pool_name, round_title=round_title,
        health_community=doc["health_community"]["name"], applicant_org_no=doc["applicant"]["org_no"],
        applicant_name=doc["applicant"]["name"], title=doc["title"],
        priority_groups=", ".join(PRIORITY_GROUPS.get(g, g) for g in doc["priority_groups"]),
        requested=_amount(doc["requested_amount"]), own_contribution=_amount(doc["own_contribution"]),
        granted=granted, paid=paid, reclaimed=_amount(doc.get("repaid_amount", doc["reclaimed_amount"])),
        released=released,
        reserved=granted - paid - released,
    )


def _amount(text: str | None) -> Decimal:
    return ZERO if text is None else Decimal(text)
