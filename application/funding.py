"""Use cases of finance: pools and rounds."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import Outcome
from application.registry import RegistryUseCases
from application.retrying import retrying
from domain.base import CommandKey
from domain.errors import InvalidInput, YearsMismatch
from domain.followup import FollowUp, Indicator
from domain.pool import FundingPool
from domain.round import Round, Series
from domain.scope import check_owner, owner_scope
from domain.values import Actor, BudgetLine, Criterion, Owner


class FundingUseCases(RegistryUseCases):
    """Open and top up pools; open and close rounds."""

    @retrying
    def open_pool(self, owner: Owner, *, name: str, fiscal_years: list[int], amount: object,
                  actor: Actor, request: CommandKey | None = None,
                  year_amounts: list[BudgetLine] | None = None) -> Outcome[FundingPool]:
        """Open a funding pool of `amount` NOK for an owner."""
        pool_id, first = self._keyed_creation(FundingPool, actor, request)
        if first is not None:
            return first
        if owner_scope(actor) not in (None, owner.id):
            raise InvalidInput("owner.id", f"{actor.name} acts for the owner {owner_scope(actor)!r} only")
        registered = self.registry().check_owner(owner.validated().id)
        if registered.kind != owner.kind:
            raise InvalidInput("owner.kind", f"{registered.name} is registered as {registered.kind}")
        pool = FundingPool.open(registered.as_owner, name, fiscal_years, amount, actor, self.now(), pool_id, request,
                                year_amounts)
        return Outcome(pool, self._save(pool))

    @retrying
    def increase_pool(self, pool_id: UUID | str, *, amount: object, reason: str, actor: Actor,
                      expected_version: int | None = None, request: CommandKey | None = None,
                      year: int | None = None) -> Outcome[FundingPool]:
        """Top up a pool, giving the reason (e.g. "RNB 2024")."""
        pool = self._pool_for(pool_id, actor)
        first = self._replayed_or_checked(pool, pool.name, actor, request, expected_version)
        if first is not None:
            return first
        with pool.answering(request):
            pool.increase(amount, reason, actor, self.now(), year)
        return Outcome(pool, self._save(pool))

    @retrying
    def add_pool_year(self, pool_id: UUID | str, *, year: int, amount: object, reason: str, actor: Actor,
                      expected_version: int | None = None, request: CommandKey | None = None) -> Outcome[FundingPool]:
        """A pool gains a fiscal year with its money (the next year's budget of a lasting scheme)."""
        pool = self._pool_for(pool_id, actor)
        first = self._replayed_or_checked(pool, pool.name, actor, request, expected_version)
        if first is not None:
            return first
        with pool.answering(request):
            pool.add_year(year, amount, reason, actor, self.now())
        return Outcome(pool, self._save(pool))

    @retrying
    def open_round(self, pool_id: UUID | str, *, title: str, deadline: date, criteria: list[Criterion],
                   requires_own_contribution: bool, actor: Actor, request: CommandKey | None = None,
                   open_to_outsiders: bool = False, follow_up: FollowUp | None = None,
                   call_text: str = "", budget_years: tuple[int, ...] = (), series: Series | None = None,
                   indicators: tuple[Indicator, ...] = ()) -> Outcome[Round]:
        """Open a call for applications against a pool; `budget_years` are years of the pool
        (by default all it has now: a year the pool gains later belongs to a later round)."""
        round_id, first = self._keyed_creation(Round, actor, request)
        if first is not None:
            return first
        pool = self._pool_for(pool_id, actor)
        round_ = Round.open(pool.id, title, deadline, criteria, requires_own_contribution, actor, self.now(),
                            round_id, request, open_to_outsiders=open_to_outsiders, follow_up=follow_up,
                            call_text=call_text, budget_years=budget_years or tuple(pool.fiscal_years),
                            series=series, indicators=indicators)
        _check_years_in_pool(round_, pool)
        return Outcome(round_, self._save(round_))

    @retrying
    def open_next_round(self, round_id: UUID | str, *, deadline: date | None, title: str | None, actor: Actor,
                        request: CommandKey | None = None) -> Outcome[Round]:
        """Open the next round of a series: the same pool, criteria and terms; its deadline
        by the series' rule (or a year on), never in the past; its budget years and the
        years in its title moved on. The pool must have the new years (`add_pool_year`)."""
        next_id, first = self._keyed_creation(Round, actor, request)
        if first is not None:
            return first
        previous = self.get_round(round_id)
        pool = self.get_pool(previous.pool_id)
        check_owner(actor, pool.owner.id, f"no round with id {round_id}")
        round_ = previous.next_in_series(deadline, title, actor, self.now(), next_id, request, pool.fiscal_years)
        _check_years_in_pool(round_, pool)
        return Outcome(round_, self._save(round_, previous))

    @retrying
    def close_round(self, round_id: UUID | str, *, actor: Actor, expected_version: int | None = None,
                    request: CommandKey | None = None) -> Outcome[Round]:
        """Close a round to further submissions."""
        round_ = self.get_round(round_id)
        check_owner(actor, self.get_pool(round_.pool_id).owner.id, f"no round with id {round_id}")
        first = self._replayed_or_checked(round_, round_.title, actor, request, expected_version)
        if first is not None:
            return first
        with round_.answering(request):
            round_.close(actor, self.now())
        return Outcome(round_, self._save(round_))

    def _pool_for(self, pool_id: UUID | str, actor: Actor) -> FundingPool:
        """The pool, if the actor's scope reaches its owner; else answered as missing."""
        pool = self.get_pool(pool_id)
        check_owner(actor, pool.owner.id, f"no pool with id {pool_id}")
        return pool


def _check_years_in_pool(round_: Round, pool: FundingPool) -> None:
    """`YearsMismatch` unless every budget year of the round is a year of its pool."""
    missing = [year for year in round_.budget_years if year not in pool.fiscal_years]
    if missing:
        raise YearsMismatch("budget_years", f"pool {pool.name!r} has no money for {', '.join(map(str, missing))}: "
                                            "add the year to the pool first")
