"""Budget balance: per pool (and summed per owner) total, reserved, paid, returned, remaining.

Fed by the pool's own events only, the same arithmetic as `FundingPool`: reserved is
granted and neither paid nor released; remaining = total − reserved − paid + returned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic
from sqlalchemy import JSON, Column, Connection, Integer, String

from domain.money import ZERO
from domain.pool import FundingPool
from readmodels.columns import Money, UtcDateTime
from readmodels.rows import Rows
from readmodels.view import Delivery, View

_Handler = Callable[[dict[str, Any], Any], None]


def _opened(row: dict[str, Any], event: FundingPool.Opened) -> None:
    row.update(
        owner_id=event.owner.id, owner_name=event.owner.name, owner_kind=event.owner.kind, name=event.name,
        fiscal_years=list(event.fiscal_years), total=event.amount, reserved=ZERO, paid=ZERO, returned=ZERO,
        opened_at=event.timestamp,
    )


def _increased(row: dict[str, Any], event: FundingPool.Increased) -> None:
    row["total"] += event.amount


def _reserved(row: dict[str, Any], event: FundingPool.FundsReserved) -> None:
    row["reserved"] += event.amount


def _released(row: dict[str, Any], event: FundingPool.ReservationReleased) -> None:
    row["reserved"] -= event.amount


def _paid(row: dict[str, Any], event: FundingPool.FundsPaid) -> None:
    row["reserved"] -= event.amount
    row["paid"] += event.amount


def _returned(row: dict[str, Any], event: FundingPool.FundsReturned) -> None:
    row["returned"] += event.amount


_HANDLERS: dict[type[Any], _Handler] = {
    FundingPool.Opened: _opened, FundingPool.Increased: _increased, FundingPool.FundsReserved: _reserved,
    FundingPool.ReservationReleased: _released, FundingPool.FundsPaid: _paid, FundingPool.FundsReturned: _returned,
}


class BudgetView(View):
    """One row per pool; owners' figures are sums over their pools (see `queries`)."""

    name: ClassVar[str] = "budget"
    topics: ClassVar[tuple[str, ...]] = tuple(get_topic(cls) for cls in _HANDLERS)

    def define(self) -> None:
        self.pools = self.table(
            "budget_pools",
            Column("pool_id", String(36), primary_key=True),
            Column("owner_id", String(100), nullable=False, index=True),
            Column("owner_name", String(200), nullable=False),
            Column("owner_kind", String(30), nullable=False),
            Column("name", String(200), nullable=False),
            Column("fiscal_years", JSON, nullable=False),
            Column("total", Money, nullable=False),
            Column("reserved", Money, nullable=False),
            Column("paid", Money, nullable=False),
            Column("returned", Money, nullable=False),
            Column("remaining", Money, nullable=False),
            Column("version", Integer, nullable=False),
            Column("opened_at", UtcDateTime, nullable=False),
            Column("changed_at", UtcDateTime, nullable=False),
        )

    def process(self, connection: Connection, deliveries: Sequence[Delivery]) -> None:
        rows = Rows(connection, self.pools)
        rows.load(str(d.event.originator_id) for d in deliveries)
        for delivery in deliveries:
            event = delivery.event
            handler = _HANDLERS.get(type(event))
            if handler is None:
                continue
            key = str(event.originator_id)
            row = rows.get(key) or {"pool_id": key}
            handler(row, event)
            row["remaining"] = row["total"] - row["reserved"] - row["paid"] + row["returned"]
            row["version"], row["changed_at"] = event.originator_version, event.timestamp
            rows.put(row)
        rows.flush()
