"""Budget balance: per pool (and summed per owner) total, reserved, paid, returned,
allocated and remaining.

Fed by the pool's own events only, the same arithmetic as `FundingPool`: reserved is
granted and neither paid nor released; allocated is handed to communities' pools;
remaining = total − reserved − paid + returned − allocated. A pool opened as an
allocation names the pool it came from (`allocated_from`), so owners roll up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from eventsourcing.utils import get_topic
from sqlalchemy import JSON, Column, Connection, Integer, String

from domain.money import ZERO
from domain.pool import FundingPool
from readmodels.columns import Money, UtcDateTime
from readmodels.rows import Rows
from readmodels.view import Delivery, View

_Handler = Callable[[dict[str, Any], Any], None]
_BOOKED = ("committed", "paid", "returned")  # per year, besides its money


def _opened(row: dict[str, Any], event: FundingPool.Opened) -> None:
    money = {line.year: line.amount for line in event.year_amounts}
    row["years"] = {str(year): {"money": None if not money else str(money[year]), **dict.fromkeys(_BOOKED, "0.00")}
                    for year in event.fiscal_years}
    row.update(
        owner_id=event.owner.id, owner_name=event.owner.name, owner_kind=event.owner.kind, name=event.name,
        fiscal_years=list(event.fiscal_years), total=event.amount, reserved=ZERO, paid=ZERO, returned=ZERO,
        allocated=ZERO, claims_outstanding=ZERO, opened_at=event.timestamp,
        allocated_from=None if event.allocated_from is None else str(event.allocated_from),
    )


def _increased(row: dict[str, Any], event: FundingPool.Increased) -> None:
    row["total"] += event.amount
    if event.year is not None:
        _book(row, ((event.year, event.amount),), "money")


def _book(row: dict[str, Any], lines: Any, figure: str, sign: int = 1) -> None:
    """Add each (year, amount) to the year's `figure` (money, committed or paid)."""
    years = {year: dict(figures) for year, figures in row["years"].items()}  # a new value: the row changed
    for year, amount in lines:
        figures = years.setdefault(str(year), {"money": None, **dict.fromkeys(_BOOKED, "0.00")})
        figures[figure] = str(Decimal(figures.get(figure) or 0) + sign * amount)
    row["years"] = years


def _reserved(row: dict[str, Any], event: FundingPool.FundsReserved) -> None:
    row["reserved"] += event.amount
    _book(row, ((line.year, line.amount) for line in event.by_year), "committed")


def _released(row: dict[str, Any], event: FundingPool.ReservationReleased) -> None:
    row["reserved"] -= event.amount
    _book(row, ((line.year, line.amount) for line in event.by_year), "committed", -1)


def _paid(row: dict[str, Any], event: FundingPool.FundsPaid) -> None:
    row["reserved"] -= event.amount
    row["paid"] += event.amount
    _book(row, ((line.year, line.amount) for line in event.by_year), "paid")


def _returned(row: dict[str, Any], event: FundingPool.FundsReturned) -> None:
    row["returned"] += event.amount
    _book(row, ((line.year, line.amount) for line in event.by_year), "returned")


def _claimed(row: dict[str, Any], event: FundingPool.FundsClaimed) -> None:
    row["claims_outstanding"] += event.amount


def _returned_or_repaid(row: dict[str, Any], event: FundingPool.FundsReturned) -> None:
    _returned(row, event)
    if event.repayment_reference is not None:  # a repayment of what was claimed
        row["claims_outstanding"] -= event.amount


def _year_added(row: dict[str, Any], event: FundingPool.YearAdded) -> None:
    split = any(figures.get("money") is not None for figures in row["years"].values())
    row["fiscal_years"] = sorted([*row["fiscal_years"], event.year])
    row["total"] += event.amount
    years = {year: dict(figures) for year, figures in row["years"].items()}
    years[str(event.year)] = {"money": str(event.amount) if split else None, **dict.fromkeys(_BOOKED, "0.00")}
    row["years"] = years


def _allocated(row: dict[str, Any], event: FundingPool.Allocated) -> None:
    row["allocated"] += event.amount


def _withdrawn(row: dict[str, Any], event: FundingPool.AllocationWithdrawn) -> None:
    row["allocated"] -= event.amount


def _allocation_increased(row: dict[str, Any], event: FundingPool.AllocationIncreased) -> None:
    row["total"] += event.amount


def _allocation_reduced(row: dict[str, Any], event: FundingPool.AllocationReduced) -> None:
    row["total"] -= event.amount


_HANDLERS: dict[type[Any], _Handler] = {
    FundingPool.Opened: _opened, FundingPool.Increased: _increased, FundingPool.FundsReserved: _reserved,
    FundingPool.ReservationReleased: _released, FundingPool.FundsPaid: _paid,
    FundingPool.FundsReturned: _returned_or_repaid, FundingPool.FundsClaimed: _claimed,
    FundingPool.YearAdded: _year_added,
    FundingPool.Allocated: _allocated, FundingPool.AllocationWithdrawn: _withdrawn,
    FundingPool.AllocationIncreased: _allocation_increased, FundingPool.AllocationReduced: _allocation_reduced,
}


class BudgetView(View):
    """One row per pool; owners' figures are sums over their pools (see `queries`)."""

    name: ClassVar[str] = "budget"
    # 2: allocations (allocated, allocated_from); 3: money per year (years); 4: claims not yet repaid, years added
    revision: ClassVar[int] = 4
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
            Column("years", JSON, nullable=False),  # {year: {money (None: not split), committed, paid, returned}}
            Column("total", Money, nullable=False),
            Column("reserved", Money, nullable=False),
            Column("paid", Money, nullable=False),
            Column("returned", Money, nullable=False),
            Column("allocated", Money, nullable=False),
            Column("remaining", Money, nullable=False),
            Column("claims_outstanding", Money, nullable=False),  # claimed back from grants, not yet received
            Column("allocated_from", String(36), nullable=True, index=True),
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
            row["remaining"] = row["total"] - row["reserved"] - row["paid"] + row["returned"] - row["allocated"]
            row["version"], row["changed_at"] = event.originator_version, event.timestamp
            rows.put(row)
        rows.flush()
