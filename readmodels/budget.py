"""Budget balance: per pool (and summed per owner) total, reserved, paid, returned,
allocated and remaining.

Fed by the pool's own events only, the same arithmetic as `FundingPool`: reserved is
granted and neither paid nor released; allocated is handed to communities' pools;
remaining = total − reserved − paid + returned − allocated. A pool opened as an
allocation names the pool it came from (`allocated_from`), so owners roll up.

Checkpoints: every `checkpoint_every` log positions the view keeps the rows of the
pools changed since the checkpoint before (`budget_pool_history`), so the budget as of
a past moment (`readmodels.asof`) starts from the pools as they stood at the last
checkpoint before it and replays only the events after it — through the same handlers.
Where a checkpoint is written depends only on the positions of the view's events, so a
rebuild writes the same checkpoints as the live view did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from eventsourcing.utils import get_topic
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Integer,
    String,
    func,
    insert,
    literal,
    or_,
    select,
)

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
    # 2: allocations (allocated, allocated_from); 3: money per year (years); 4: claims not yet repaid, years added;
    # 5: checkpoints of the pools' rows (budget_checkpoints, budget_pool_history, latest_at)
    revision: ClassVar[int] = 5
    topics: ClassVar[tuple[str, ...]] = tuple(get_topic(cls) for cls in _HANDLERS)
    #: Log positions between two checkpoints of the pools' rows (see the module's docstring).
    checkpoint_every: ClassVar[int] = 10_000

    def define(self) -> None:
        self.pools = self.table("budget_pools", *_pool_columns(indexed=True))
        #: Each checkpoint's position, and the latest time any pool event up to it was recorded.
        self.checkpoints = self.table(
            "budget_checkpoints",
            Column("position", BigInteger, primary_key=True, autoincrement=False),
            Column("recorded_until", UtcDateTime, nullable=True),  # None: no pool yet
        )
        #: The rows of the pools changed since the checkpoint before, as they stood at `position`.
        self.history = self.table(
            "budget_pool_history",
            Column("position", BigInteger, primary_key=True, autoincrement=False),
            *_pool_columns(indexed=False),
        )

    def process(self, connection: Connection, deliveries: Sequence[Delivery]) -> None:
        rows = Rows(connection, self.pools)
        rows.load(d.key for d in deliveries)
        checkpoint = connection.execute(select(func.max(self.checkpoints.c.position))).scalar_one_or_none() or 0
        for delivery in deliveries:
            event = delivery.event
            handler = _HANDLERS.get(type(event))
            if handler is None:
                continue
            boundary = (delivery.position - 1) // self.checkpoint_every * self.checkpoint_every
            if boundary > checkpoint:  # every event up to the boundary is in the rows, none after it
                rows.flush()
                self._checkpoint(connection, boundary)
                checkpoint = boundary
            key = delivery.key
            row = rows.get(key) or {"pool_id": key}
            handler(row, event)
            row["remaining"] = row["total"] - row["reserved"] - row["paid"] + row["returned"] - row["allocated"]
            row["version"], row["changed_at"] = event.originator_version, event.timestamp
            row["latest_at"] = max(row.get("latest_at") or event.timestamp, event.timestamp)
            rows.put(row)
        rows.flush()

    def _checkpoint(self, connection: Connection, position: int) -> None:
        """Keep the rows of the pools changed since the last checkpoint, as of `position`."""
        pools, history = self.pools, self.history
        kept = select(func.max(history.c.version)).where(history.c.pool_id == pools.c.pool_id).scalar_subquery()
        names = [column.name for column in pools.columns]
        changed = select(literal(position, BigInteger), *pools.columns).where(
            or_(kept.is_(None), pools.c.version > kept))
        connection.execute(insert(history).from_select(["position", *names], changed))
        connection.execute(insert(self.checkpoints).from_select(
            ["position", "recorded_until"], select(literal(position, BigInteger), func.max(pools.c.latest_at))))

    # -- the budget as it stood at a past position (readmodels.asof) -------------------------
    def checkpoint_before(self, connection: Connection, stop: int, at: datetime) -> int | None:
        """The last checkpoint at or before position `stop` holding no pool event recorded
        after `at` (a writer's clock a little ahead), or None."""
        c = self.checkpoints.c
        return connection.execute(select(func.max(c.position)).where(
            c.position <= stop, or_(c.recorded_until.is_(None), c.recorded_until <= at))).scalar_one_or_none()

    def pools_at(self, connection: Connection, position: int) -> list[dict[str, Any]]:
        """Every pool's row as it stood at the checkpoint at `position`."""
        h = self.history
        last = (select(h.c.pool_id, func.max(h.c.position).label("position"))
                .where(h.c.position <= position).group_by(h.c.pool_id).subquery())
        query = select(*(h.c[column.name] for column in self.pools.columns)).join(
            last, (h.c.pool_id == last.c.pool_id) & (h.c.position == last.c.position))
        return [dict(row) for row in connection.execute(query).mappings()]

    def restore(self, connection: Connection, pools: list[dict[str, Any]]) -> None:
        """Write `pools` (as `pools_at` gives them) into this view's empty tables."""
        if pools:
            connection.execute(insert(self.pools), pools)


def _pool_columns(indexed: bool) -> list[Column[Any]]:
    """A pool's row: in `budget_pools` (`indexed` for the queries) and in its history."""
    return [
        Column("pool_id", String(36), primary_key=True),
        Column("owner_id", String(100), nullable=False, index=indexed),
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
        Column("allocated_from", String(36), nullable=True, index=indexed),
        Column("version", Integer, nullable=False),
        Column("opened_at", UtcDateTime, nullable=False),
        Column("changed_at", UtcDateTime, nullable=False),
        # the latest time any of the pool's events was recorded (a writer's clock may run ahead)
        Column("latest_at", UtcDateTime, nullable=False),
    ]
