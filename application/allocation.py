"""Use cases of allocation (*tildeling*): an owner's finance allocates part of a pool to
its health communities, by amounts or by a distribution key, and later allocates more or
takes back what is unspent. Every command saves the allocating pool with the pools it
changes, in one atomic save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

from application.base import Outcome
from application.funding import FundingUseCases
from application.retrying import retrying
from domain.allocation import check_key, distribute
from domain.base import CommandKey, keyed_id
from domain.errors import InvalidInput, NotFound
from domain.money import positive_money
from domain.pool import FundingPool
from domain.values import Actor, Owner


@dataclass(frozen=True)
class Part:
    """One community's part of an allocation: an amount, or a share of a key."""

    owner_id: str
    amount: object | None = None
    share: object | None = None


class AllocationUseCases(FundingUseCases):
    """Allocate, allocate more, withdraw."""

    @retrying
    def allocate(self, pool_id: UUID | str, *, parts: list[Part], amount: object | None, reason: str, actor: Actor,
                 expected_version: int | None = None, request: CommandKey | None = None) -> Outcome[FundingPool]:
        """Open a pool for each community of `parts` out of this pool: each part's own
        amount, or (`amount` given) the amount split by the parts' shares to the øre."""
        pool = self._pool_for(pool_id, actor)
        first = self._replayed_or_checked(pool, pool.name, actor, request, expected_version)
        if first is not None:
            return first
        pool.check_allocates()
        recipients = self._recipients(pool, parts)
        amounts, shares = _amounts(parts, amount)
        at, allocated = self.now(), []
        with pool.answering(request):
            for i, (recipient, money, share) in enumerate(zip(recipients, amounts, shares, strict=True)):
                child_id = uuid4() if request is None else keyed_id("Allocation", actor, f"{request.key}\n{i}")
                allocated.append(pool.allocate(recipient, money, share, reason, actor, at, child_id))
        return Outcome(pool, self._save(pool, *allocated))

    @retrying
    def increase_allocation(self, pool_id: UUID | str, *, allocation_id: UUID | str, amount: object, reason: str,
                            actor: Actor, expected_version: int | None = None,
                            request: CommandKey | None = None) -> Outcome[FundingPool]:
        """Allocate more of this pool to one of its allocations."""
        return self._change_allocation(pool_id, allocation_id, actor, expected_version, request,
                                       lambda pool, allocation, at: pool.increase_allocation(
                                           allocation, amount, reason, actor, at))

    @retrying
    def withdraw_allocation(self, pool_id: UUID | str, *, allocation_id: UUID | str, amount: object, reason: str,
                            actor: Actor, expected_version: int | None = None,
                            request: CommandKey | None = None) -> Outcome[FundingPool]:
        """Take back unspent money of an allocation; a community's approval saved in the
        meantime makes this a conflict, retried against what is then left."""
        return self._change_allocation(pool_id, allocation_id, actor, expected_version, request,
                                       lambda pool, allocation, at: pool.withdraw_allocation(
                                           allocation, amount, reason, actor, at))

    def _change_allocation(self, pool_id: UUID | str, allocation_id: UUID | str, actor: Actor,
                           expected_version: int | None, request: CommandKey | None,
                           change: Callable[[FundingPool, FundingPool, datetime], None]) -> Outcome[FundingPool]:
        """Change one of the pool's allocations; both pools saved at once."""
        pool, allocation = self._allocation(pool_id, allocation_id, actor)
        first = self._replayed_or_checked(pool, pool.name, actor, request, expected_version)
        if first is not None:
            return first
        with pool.answering(request):
            change(pool, allocation, self.now())
        return Outcome(pool, self._save(pool, allocation))

    def _allocation(self, pool_id: UUID | str, allocation_id: UUID | str,
                    actor: Actor) -> tuple[FundingPool, FundingPool]:
        pool = self._pool_for(pool_id, actor)
        try:
            allocation = self.get_pool(allocation_id)
        except NotFound:
            allocation = None
        if allocation is None or allocation.allocated_from != pool.id:
            raise NotFound(f"pool {pool_id} has no allocation {allocation_id}")
        return pool, allocation

    def _recipients(self, pool: FundingPool, parts: list[Part]) -> list[Owner]:
        """The registered health communities of the pool owner's region, as owners."""
        if not parts:
            raise InvalidInput("allocations", "must list at least one community")
        registry, recipients = self.registry(), []
        for i, part in enumerate(parts):
            registered = registry.check_owner(part.owner_id, f"allocations[{i}].owner_id")
            if registered.kind != "health_community" or registered.region != pool.owner.id:
                raise InvalidInput(f"allocations[{i}].owner_id",
                                   f"{registered.name} is not a health community of {pool.owner.name}")
            recipients.append(registered.as_owner)
        if len({r.id for r in recipients}) != len(recipients):
            raise InvalidInput("allocations", "lists a community twice")
        return recipients


def _amounts(parts: list[Part], amount: object | None) -> tuple[list[Decimal], list[Decimal | None]]:
    """Each part's amount (and share): given, or the key's split of `amount`."""
    if amount is None:
        if any(part.share is not None for part in parts):
            raise InvalidInput("amount", "is required with a distribution key (shares)")
        amounts = [positive_money(part.amount, f"allocations[{i}].amount") for i, part in enumerate(parts)]
        return amounts, [None] * len(parts)
    if any(part.amount is not None for part in parts):
        raise InvalidInput("allocations", "give either an amount per community or a share of the amount, not both")
    shares = check_key([part.share for part in parts])
    return distribute(positive_money(amount), shares), list(shares)
