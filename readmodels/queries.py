"""Queries the API and the command line answer from the read models."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from domain.money import ZERO
from readmodels.audit import AuditView
from readmodels.budget import BudgetView
from readmodels.documents import money

FIGURES = ("total", "reserved", "paid", "returned", "remaining")


@dataclass
class Balance:
    """Total, reserved, paid, returned and remaining of a pool or of an owner's pools."""

    total: Decimal = ZERO
    reserved: Decimal = ZERO
    paid: Decimal = ZERO
    returned: Decimal = ZERO
    remaining: Decimal = ZERO

    def add(self, other: Balance) -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PoolBalance(Balance):
    """One pool's figures."""

    pool_id: str = ""
    name: str = ""
    fiscal_years: list[int] = field(default_factory=list)
    version: int = 0


@dataclass
class OwnerBalance(Balance):
    """An owner (regional health authority or health community) and its pools."""

    owner: dict[str, str] = field(default_factory=dict)
    pools: list[PoolBalance] = field(default_factory=list)


def budget(connection: Connection, view: BudgetView) -> list[OwnerBalance]:
    """Every owner's figures with its pools, owners and pools by name."""
    owners: dict[str, OwnerBalance] = {}
    table = view.pools
    for row in connection.execute(select(table).order_by(table.c.owner_name, table.c.name)).mappings():
        pool = PoolBalance(**{name: row[name] for name in FIGURES}, pool_id=row["pool_id"], name=row["name"],
                           fiscal_years=list(row["fiscal_years"]), version=row["version"])
        owner = owners.setdefault(row["owner_id"], OwnerBalance(
            owner={"id": row["owner_id"], "name": row["owner_name"], "kind": row["owner_kind"]}))
        owner.add(pool)
        owner.pools.append(pool)
    return list(owners.values())


def position_at(connection: Connection, view: AuditView, at: datetime) -> tuple[int | None, bool]:
    """The last audited position recorded at or before `at`, and whether the audit trail
    holds a later event (so nothing after that position can belong before `at`)."""
    table = view.events
    position = connection.execute(
        select(func.max(table.c.position)).where(table.c.recorded_at <= at)
    ).scalar_one_or_none()
    later = connection.execute(
        select(table.c.position).where(table.c.recorded_at > at).limit(1)
    ).first() is not None
    return position, later


def audit_rows(connection: Connection, view: AuditView, upto: int) -> Any:
    """Position and hash of every audit row up to `upto`, in order, streamed."""
    table = view.events
    return connection.execution_options(yield_per=5000).execute(
        select(table.c.position, table.c.hash).where(table.c.position <= upto).order_by(table.c.position)
    )


def owner_documents(owners: list[OwnerBalance]) -> list[dict[str, Any]]:
    """The budget's owners with their pools, money as strings."""
    return [{
        "owner": o.owner, **{name: money(getattr(o, name)) for name in FIGURES},
        "pools": [{"id": p.pool_id, "owner": o.owner, "name": p.name, "fiscal_years": p.fiscal_years,
                   **{name: money(getattr(p, name)) for name in FIGURES}, "version": p.version} for p in o.pools],
    } for o in owners]


def recusals(connection: Connection, view: AuditView, application_ids: Sequence[str]) -> dict[str, list[str]]:
    """Who declared recusal on each of these applications (by application)."""
    t, found = view.events, defaultdict(list)
    for application_id, name in connection.execute(select(t.c.application_id, t.c.actor_name).where(
            t.c.event_type == "RecusalDeclared", t.c.application_id.in_(list(application_ids))).order_by(t.c.position)):
        found[application_id].append(name)
    return dict(found)
