"""Reconciliation: every pool's money three ways — the pool's own events, the events of
the applications granted from it, and the budget read model — and every difference
between them named.

The log is read up to the position the budget view has reached, so a projection that
is merely behind is not reported as wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from eventsourcing.utils import get_topic

from domain.application import Application
from domain.money import ZERO
from domain.pool import FundingPool
from infrastructure.sql import reading
from readmodels.discrepancies import (
    APPLICATION_EVENTS,
    DIFFERS,
    MISSING_ROW,
    OVERSPENT,
    POOL_EVENTS,
    READ_MODEL,
    UNKNOWN_ROW,
    Discrepancy,
    SourceFigures,
)
from readmodels.log import notifications
from readmodels.queries import FIGURES
from readmodels.rebuild import rows
from readmodels.service import ReadModels

#: The figures compared per granted application.
APPLICATION_FIGURES = ("granted", "released", "paid", "returned")


@dataclass
class GrantLedgers:
    """One granted application's money as its pool's events and its own events book it."""

    reference: str
    pool_events: SourceFigures = field(default_factory=SourceFigures)
    application_events: SourceFigures = field(default_factory=SourceFigures)


@dataclass
class PoolReconciliation:
    """One pool: its figures from the pool's events, from its applications' events
    (the total from the pool's events), and from the budget read model (None when the
    read model has no row for it)."""

    pool_id: str
    name: str
    owner: str
    owner_id: str = ""
    pool_events: SourceFigures = field(default_factory=SourceFigures)
    application_events: SourceFigures = field(default_factory=SourceFigures)
    read_model: dict[str, Decimal] | None = None
    grants: dict[str, GrantLedgers] = field(default_factory=dict)

    def differences(self) -> list[Discrepancy]:
        """Every disagreement (empty when the pool reconciles)."""
        found: list[Discrepancy] = []
        if self.read_model is None:
            found.append(self._discrepancy(MISSING_ROW))
        sources = {POOL_EVENTS: self.pool_events.figures(), APPLICATION_EVENTS: self.application_events.figures(),
                   READ_MODEL: self.read_model or {}}
        for name in FIGURES:
            values = tuple((source, figures[name]) for source, figures in sources.items() if name in figures)
            if len({value for _, value in values}) > 1:
                found.append(self._discrepancy(DIFFERS, name, values))
        if self.pool_events.remaining < ZERO:
            found.append(self._discrepancy(OVERSPENT, "remaining", ((POOL_EVENTS, self.pool_events.remaining),)))
        for application_id, grant in sorted(self.grants.items(), key=lambda item: item[1].reference):
            for name in APPLICATION_FIGURES:
                booked, own = getattr(grant.pool_events, name), getattr(grant.application_events, name)
                if booked != own:
                    found.append(self._discrepancy(DIFFERS, name, ((POOL_EVENTS, booked), (APPLICATION_EVENTS, own)),
                                                   grant.reference, application_id))
        return found

    def _discrepancy(self, kind: str, figure: str | None = None, values: tuple[tuple[str, Decimal], ...] = (),
                     reference: str | None = None, application_id: str | None = None) -> Discrepancy:
        return Discrepancy(self.pool_id, self.name, self.owner, kind, figure, values, reference, application_id)


@dataclass
class Reconciliation:
    """Every pool reconciled up to log `position`, and rows of the read model that no
    pool event accounts for."""

    position: int
    pools: list[PoolReconciliation]
    unknown_rows: list[str]

    def differences(self) -> list[Discrepancy]:
        """Every difference found, pool by pool."""
        found = [difference for pool in self.pools for difference in pool.differences()]
        found += [Discrepancy(pool_id, "", "", UNKNOWN_ROW) for pool_id in self.unknown_rows]
        return found

    @property
    def ok(self) -> bool:
        return not self.differences()

    def of_owner(self, owner_id: str | None) -> Reconciliation:
        """The pools of one owner only (all, with None); rows no pool accounts for belong to none."""
        if owner_id is None:
            return self
        return Reconciliation(self.position, [p for p in self.pools if p.owner_id == owner_id], [])


_POOL_MONEY_EVENTS = (FundingPool.FundsReserved, FundingPool.ReservationReleased, FundingPool.FundsPaid,
                      FundingPool.FundsReturned)
_ALLOCATION_EVENTS = (FundingPool.Allocated, FundingPool.AllocationWithdrawn, FundingPool.AllocationIncreased,
                      FundingPool.AllocationReduced)
_POOL_EVENTS = (FundingPool.Opened, FundingPool.Increased, FundingPool.YearAdded, *_ALLOCATION_EVENTS,
                *_POOL_MONEY_EVENTS)
_APPLICATION_EVENTS = (Application.Submitted, Application.Approved, Application.DecisionReversed,
                       Application.FundsDisbursed,
                       Application.FundsReclaimed, Application.RepaymentReceived, Application.Closed,
                       Application.GrantDeclined)
_TOPICS = [get_topic(cls) for cls in (*_POOL_EVENTS, *_APPLICATION_EVENTS)]


def reconcile(models: ReadModels) -> Reconciliation:
    """Reconcile every pool from the log (up to the budget view's position) against
    the budget read model."""
    view = models.budget
    with reading(models.engine, snapshot=True) as connection:
        position = view.position(connection, models.app.name) or 0
        stored = {row["pool_id"]: row for row in rows(connection, view.pools)}
    pools = _from_events(models, position)
    for pool_id, pool in pools.items():
        row = stored.pop(pool_id, None)
        pool.read_model = None if row is None else {name: row[name] for name in FIGURES}
    return Reconciliation(position, sorted(pools.values(), key=lambda p: (p.owner, p.name, p.pool_id)),
                          sorted(stored))


def _from_events(models: ReadModels, position: int) -> dict[str, PoolReconciliation]:
    pools: dict[str, PoolReconciliation] = {}
    submitted: dict[str, tuple[str, str]] = {}  # application → (pool, reference)
    for event in _events(models, position):
        key = str(event.originator_id)
        if isinstance(event, FundingPool.Opened):
            pools[key] = PoolReconciliation(key, event.name, event.owner.name, event.owner.id)
            pools[key].pool_events.total = pools[key].application_events.total = event.amount
        elif isinstance(event, (FundingPool.Increased, FundingPool.YearAdded, *_ALLOCATION_EVENTS)):
            _book(pools[key].pool_events, event)
            _book(pools[key].application_events, event)
        elif isinstance(event, _POOL_MONEY_EVENTS):
            _book(pools[key].pool_events, event)
            _book(_grant(pools[key], str(event.application_id), submitted).pool_events, event)
        elif isinstance(event, Application.Submitted):
            submitted[key] = (str(event.pool_id), event.reference)
        else:
            pool = pools[submitted[key][0]]
            _book(pool.application_events, event)
            _book(_grant(pool, key, submitted).application_events, event)
    return pools


def _grant(pool: PoolReconciliation, application_id: str, submitted: dict[str, tuple[str, str]]) -> GrantLedgers:
    if application_id not in pool.grants:
        reference = submitted[application_id][1] if application_id in submitted else "(never submitted)"
        pool.grants[application_id] = GrantLedgers(reference)
    return pool.grants[application_id]


def _events(models: ReadModels, position: int) -> Iterator[Any]:
    if position == 0:
        return
    for notification in notifications(models.app.recorder, topics=_TOPICS, stop=position):
        yield models.app.mapper.to_domain_event(notification)


def _book(ledger: SourceFigures, event: Any) -> None:
    """Add one money event, from the pool's log or an application's, to `ledger`."""
    if isinstance(event, (FundingPool.Increased, FundingPool.YearAdded, FundingPool.AllocationIncreased)):
        ledger.total += event.amount
    elif isinstance(event, FundingPool.AllocationReduced):
        ledger.total -= event.amount
    elif isinstance(event, FundingPool.Allocated):
        ledger.allocated += event.amount
    elif isinstance(event, FundingPool.AllocationWithdrawn):
        ledger.allocated -= event.amount
    elif isinstance(event, (FundingPool.FundsReserved, Application.Approved)):
        ledger.granted += event.amount
    elif isinstance(event, Application.DecisionReversed):  # a complaint's reversal grants this besides
        ledger.granted += event.added
    elif isinstance(event, FundingPool.ReservationReleased):
        ledger.released += event.amount
    elif isinstance(event, (Application.Closed, Application.GrantDeclined)):
        ledger.released += event.released_amount
    elif isinstance(event, (FundingPool.FundsPaid, Application.FundsDisbursed)):
        ledger.paid += event.amount
    elif isinstance(event, (FundingPool.FundsReturned, Application.RepaymentReceived)) or (
            isinstance(event, Application.FundsReclaimed) and event.due_on is None):  # an older reclaim: at once
        ledger.returned += event.amount
