"""The events and commands of allocation (*tildeling*) on a funding pool: the allocating
pool records what it handed to each community's pool (`Allocated`, `AllocationWithdrawn`),
the community's pool what it received beyond its opening amount (`AllocationIncreased`)
and what was taken back (`AllocationReduced`). A command changes both pools; the caller
saves them together, so a withdrawal racing an approval in the community is a conflict,
never money spent twice.

A pool that was opened as an allocation (`allocated_from`) is not allocated further: the
budget rolls up one level, owner to community, and counts every krone once."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Self
from uuid import UUID

from domain import text
from domain.base import CommandKey, GrantAggregate
from domain.errors import InsufficientFunds, InvalidInput, WrongStatus
from domain.ledger import Ledger
from domain.money import ZERO, positive_money
from domain.text import require_text
from domain.values import FINANCE, Actor, Owner


class Allocating(GrantAggregate):
    """A pool's state, with what it allocated (its `allocated_to` ledger, net per
    receiving pool) or where it came from (`allocated_from`); these two live in the state
    only once used, so older pools' states and snapshots stay as they were."""

    owner: Owner
    name: str
    fiscal_years: list[int]  # a list, as it comes back from a snapshot
    total: Decimal
    reserved_for: Ledger
    paid_to: Ledger
    released_for: Ledger
    returned_by: Ledger
    allocated_to: Ledger | None = None
    allocated_from: UUID | None = None
    year_money: dict[str, Decimal] | None = None  # see `domain.pool_years`
    committed_by_year: Ledger | None = None
    paid_by_year: Ledger | None = None
    returned_by_year: Ledger | None = None
    Opened: ClassVar[type[GrantAggregate.Created]]

    class Allocated(GrantAggregate.Event):
        """Part of this pool handed to a community's pool (first or more)."""

        pool_id: UUID
        recipient: Owner
        amount: Decimal
        share: Decimal | None
        reason: str

        def apply(self, pool: Allocating) -> None:
            pool.allocations().add(str(self.pool_id), self.amount)

    class AllocationWithdrawn(GrantAggregate.Event):
        """Unspent money taken back from a community's pool."""

        pool_id: UUID
        amount: Decimal
        reason: str

        def apply(self, pool: Allocating) -> None:
            pool.allocations().add(str(self.pool_id), -self.amount)

    class AllocationIncreased(GrantAggregate.Event):
        """More money allocated to this (community's) pool."""

        amount: Decimal
        reason: str

        def apply(self, pool: Allocating) -> None:
            pool.total += self.amount

    class AllocationReduced(GrantAggregate.Event):
        """Unspent money of this (community's) pool taken back by the allocating owner."""

        amount: Decimal
        reason: str

        def apply(self, pool: Allocating) -> None:
            pool.total -= self.amount

    @property
    def reserved(self) -> Decimal:
        """Granted and neither paid nor released (payments and releases are only ever
        booked against a reservation, so the sums can be taken ledger by ledger)."""
        return self.reserved_for.total - self.released_for.total - self.paid_to.total

    @property
    def remaining(self) -> Decimal:
        """Total − reserved − paid + returned − allocated (never below zero)."""
        return self.total - self.reserved - self.paid + self.returned - self.allocated

    @property
    def paid(self) -> Decimal:
        return self.paid_to.total

    @property
    def returned(self) -> Decimal:
        return self.returned_by.total

    @property
    def allocated(self) -> Decimal:
        """What this pool has handed to communities' pools and not taken back."""
        return ZERO if self.allocated_to is None else self.allocated_to.total

    def allocations(self) -> Ledger:
        """The ledger of allocations, started on the first."""
        if self.allocated_to is None:
            self.allocated_to = Ledger()
        return self.allocated_to

    def allocate(self, recipient: Owner, amount: Decimal, share: Decimal | None, reason: str, actor: Actor,
                 at: datetime, pool_id: UUID, request: CommandKey | None = None) -> Self:
        """Open a pool of `amount` for `recipient` (a health community of this pool's
        owner) out of this pool's remaining money; `share` is its part of a key."""
        actor.require_role(FINANCE)
        self.check_allocates()
        if recipient.id == self.owner.id:
            raise InvalidInput("allocations", f"{recipient.name} owns the pool already")
        money = positive_money(amount)
        why = require_text(reason, "reason", text.REASON, multiline=True)
        self._check_remaining(money)
        fields: dict[str, Any] = {"owner": recipient, "fiscal_years": tuple(self.fiscal_years), "amount": money}
        pool = type(self)._create(self.Opened, id=pool_id, timestamp=at, actor=actor, request=request,
                                  name=require_text(f"{self.name} – {recipient.name}", "name", text.NAME),
                                  allocated_from=self.id, **fields)
        self._record(self.Allocated, at, actor, pool_id=pool.id, recipient=recipient, amount=money, share=share,
                     reason=why)
        return pool

    def check_allocates(self) -> None:
        """Raise unless this pool may allocate (it is not itself an allocation)."""
        if self.allocated_from is not None:
            raise WrongStatus(f"pool {self.name!r} is itself an allocation and cannot be allocated further")

    def increase_allocation(self, pool: Allocating, amount: object, reason: str, actor: Actor,
                            at: datetime) -> None:
        """Allocate more of this pool's remaining money to one of its allocations."""
        money, why = self._check_allocation(pool, amount, reason, actor)
        self._check_remaining(money)
        pool._record(pool.AllocationIncreased, at, actor, amount=money, reason=why)
        self._record(self.Allocated, at, actor, pool_id=pool.id, recipient=pool.owner, amount=money, share=None,
                     reason=why)

    def withdraw_allocation(self, pool: Allocating, amount: object, reason: str, actor: Actor,
                            at: datetime) -> None:
        """Take back money of one of this pool's allocations that is neither reserved nor paid."""
        money, why = self._check_allocation(pool, amount, reason, actor)
        if money > pool.remaining:
            raise InsufficientFunds(
                f"pool {pool.name!r} has {pool.remaining} NOK unspent and cannot give back {money} NOK")
        pool._record(pool.AllocationReduced, at, actor, amount=money, reason=why)
        self._record(self.AllocationWithdrawn, at, actor, pool_id=pool.id, amount=money, reason=why)

    def _check_allocation(self, pool: Allocating, amount: object, reason: str, actor: Actor) -> tuple[Decimal, str]:
        actor.require_role(FINANCE)
        if pool.allocated_from != self.id:
            raise InvalidInput("pool_id", f"pool {pool.name!r} is not an allocation of pool {self.name!r}")
        return positive_money(amount), require_text(reason, "reason", text.REASON, multiline=True)

    def _check_remaining(self, money: Decimal) -> None:
        if money > self.remaining:
            raise InsufficientFunds(
                f"pool {self.name!r} has {self.remaining} NOK left and cannot allocate {money} NOK")
