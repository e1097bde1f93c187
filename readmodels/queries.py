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
from readmodels.documents import money, year_document

FIGURES = ("total", "reserved", "paid", "returned", "allocated", "remaining")
#: An owner's figures with its communities' allocated pools included (nothing allocated is left).
ROLLED_UP = ("total", "reserved", "paid", "returned", "remaining")


@dataclass
class Balance:
    """Total, reserved, paid, returned, allocated and remaining of a pool or of an owner's
    pools: total = reserved + paid − returned + allocated + remaining."""

    total: Decimal = ZERO
    reserved: Decimal = ZERO
    paid: Decimal = ZERO
    returned: Decimal = ZERO
    allocated: Decimal = ZERO
    remaining: Decimal = ZERO

    def add(self, other: Balance, names: tuple[str, ...] = FIGURES) -> None:
        for name in names:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PoolBalance(Balance):
    """One pool's figures."""

    pool_id: str = ""
    name: str = ""
    fiscal_years: list[int] = field(default_factory=list)
    version: int = 0
    owner: dict[str, str] = field(default_factory=dict)
    allocated_from: str | None = None
    years: list[dict[str, Any]] = field(default_factory=list)  # `documents.year_document` per fiscal year
    claims_outstanding: Decimal = ZERO  # claimed back from its grants and not yet received


@dataclass
class OwnerBalance(Balance):
    """An owner (regional health authority or health community) and its pools; for an
    owner that allocated, the pools it allocated to communities (`allocations`) and its
    figures with theirs (`rolled_up`): what the communities reserved, paid and have
    left, each krone counted once (the allocated money is the communities' total)."""

    owner: dict[str, str] = field(default_factory=dict)
    pools: list[PoolBalance] = field(default_factory=list)
    allocations: list[PoolBalance] = field(default_factory=list)
    rolled_up: Balance = field(default_factory=Balance)


def budget(connection: Connection, view: BudgetView) -> list[OwnerBalance]:
    """Every owner's figures with its pools, owners and pools by name."""
    owners: dict[str, OwnerBalance] = {}
    owner_of: dict[str, OwnerBalance] = {}
    table = view.pools
    for row in connection.execute(select(table).order_by(table.c.owner_name, table.c.name)).mappings():
        owner_doc = {"id": row["owner_id"], "name": row["owner_name"], "kind": row["owner_kind"]}
        pool = PoolBalance(**{name: row[name] for name in FIGURES}, pool_id=row["pool_id"], name=row["name"],
                           fiscal_years=list(row["fiscal_years"]), version=row["version"], owner=owner_doc,
                           allocated_from=row["allocated_from"], years=years_of(row["years"]),
                           claims_outstanding=row["claims_outstanding"])
        owner = owners.setdefault(row["owner_id"], OwnerBalance(owner=owner_doc))
        owner.add(pool)
        owner.rolled_up.add(pool, ROLLED_UP)
        owner.pools.append(pool)
        owner_of[pool.pool_id] = owner
    for owner in list(owners.values()):
        for pool in owner.pools:
            allocating = owner_of.get(pool.allocated_from or "")
            if allocating is not None:
                allocating.allocations.append(pool)
                allocating.rolled_up.add(pool, ("reserved", "paid", "returned", "remaining"))
    return list(owners.values())


def allocations_of(connection: Connection, view: BudgetView,
                   pool_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The pools allocated from each of these pools (by id), with what each holds of it (its total)."""
    t, found = view.pools, defaultdict(list)
    query = select(t.c.allocated_from, t.c.pool_id, t.c.total).where(t.c.allocated_from.in_(list(pool_ids)))
    for allocated_from, pool_id, total in connection.execute(query.order_by(t.c.pool_id)):
        found[allocated_from].append({"pool_id": pool_id, "amount": money(total)})
    return dict(found)


def owner_names(connection: Connection, view: BudgetView, pool_ids: Sequence[str]) -> dict[str, str]:
    """The owner's name of each of these pools."""
    t = view.pools
    query = select(t.c.pool_id, t.c.owner_name).where(t.c.pool_id.in_(list(pool_ids)))
    return {pool_id: name for pool_id, name in connection.execute(query)}


def position_at(connection: Connection, view: AuditView, at: datetime) -> tuple[int | None, bool]:
    """The last audited position recorded at or before `at`, and whether the audit trail
    holds a later event (so nothing after that position can belong before `at`)."""
    table = view.events
    # `position + 0`: a plain max(position) leads SQLite to walk the primary key down from
    # the head, reading every row after the moment (5 s at the middle of 1 000 000 events
    # with the file not in memory); this way it reads only the index on (recorded_at, position).
    position = connection.execute(
        select(func.max(table.c.position + 0)).where(table.c.recorded_at <= at)
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


def years_of(stored: dict[str, dict[str, str | None]]) -> list[dict[str, Any]]:
    """A budget row's `years` as the API gives them, year by year."""
    return [year_document(int(year), None if f["money"] is None else Decimal(f["money"]), Decimal(f["committed"] or 0),
                          Decimal(f["paid"] or 0), Decimal(f.get("returned") or 0))
            for year, f in sorted(stored.items())]


def pool_balance_document(p: PoolBalance) -> dict[str, Any]:
    """One pool's figures, money as strings."""
    return {"id": p.pool_id, "owner": p.owner, "name": p.name, "fiscal_years": p.fiscal_years, "years": p.years,
            **{name: money(getattr(p, name)) for name in FIGURES}, "allocated_from": p.allocated_from,
            "version": p.version}


def owner_documents(owners: list[OwnerBalance]) -> list[dict[str, Any]]:
    """The budget's owners with their pools (and the pools they allocated, and their
    figures rolled up with those), money as strings."""
    return [{
        "owner": o.owner, **{name: money(getattr(o, name)) for name in FIGURES},
        "pools": [pool_balance_document(p) for p in o.pools],
        "allocations": [pool_balance_document(p) for p in o.allocations],
        "rolled_up": {name: money(getattr(o.rolled_up, name)) for name in ROLLED_UP},
    } for o in owners]


def recusals(connection: Connection, view: AuditView, application_ids: Sequence[str]) -> dict[str, list[str]]:
    """Who declared recusal on each of these applications (by application)."""
    t, found = view.events, defaultdict(list)
    for application_id, name in connection.execute(select(t.c.application_id, t.c.actor_name).where(
            t.c.event_type == "RecusalDeclared", t.c.application_id.in_(list(application_ids))).order_by(t.c.position)):
        found[application_id].append(name)
    return dict(found)
