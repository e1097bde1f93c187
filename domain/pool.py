"""FundingPool: one owner's money for one or more fiscal years, and what is committed of it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from domain import text
from domain.base import CommandKey, GrantAggregate
from domain.errors import InsufficientFunds, InvalidInput, OverGranted, WrongStatus, YearsMismatch
from domain.ledger import Ledger
from domain.money import positive_money
from domain.pool_years import YearMoney, check_year_amounts
from domain.text import require_text
from domain.values import COMMITTEE, FINANCE, Actor, BudgetLine, Owner
from domain.years import check_fiscal_years


class FundingPool(YearMoney):
    """Money of one owner. Remaining = total − reserved − paid + returned − allocated ≥ 0.

    *Reserved* is what is granted and not yet paid (or released); per application the
    pool keeps a ledger (with its sum), so nobody is paid more than was reserved for them.

    Version 2 keeps `Ledger`s where version 1 kept plain dicts; version 3 keeps the
    requests it answered in every snapshot, and what was returned per year (old
    snapshots are upcast).
    """

    class_version = 3

    class Opened(GrantAggregate.Created):
        owner: Owner
        name: str
        fiscal_years: tuple[int, ...]
        amount: Decimal
        allocated_from: UUID | None = None  # the pool this one was allocated from
        year_amounts: tuple[BudgetLine, ...] = ()  # the money per fiscal year, when split (`pool_years`)

        def apply(self, pool: FundingPool) -> None:
            pool.owner, pool.name, pool.total = self.owner, self.name, self.amount
            pool.fiscal_years = list(self.fiscal_years)
            pool.reserved_for, pool.paid_to, pool.released_for, pool.returned_by = (Ledger() for _ in range(4))
            if self.allocated_from is not None:
                pool.allocated_from = self.allocated_from
            if self.year_amounts:
                pool.year_money = {str(line.year): line.amount for line in self.year_amounts}

    class Increased(GrantAggregate.Event):
        amount: Decimal
        reason: str
        year: int | None = None  # the year whose money it adds to, in a pool split by year

        def apply(self, pool: FundingPool) -> None:
            pool.total += self.amount
            pool.add_year_money(self.year, self.amount)

    class YearAdded(GrantAggregate.Event):
        year: int
        amount: Decimal
        reason: str

        def apply(self, pool: FundingPool) -> None:
            pool.fiscal_years = sorted([*pool.fiscal_years, self.year])
            pool.total += self.amount
            if pool.year_money is not None:
                pool.year_money[str(self.year)] = self.amount

    class FundsReserved(GrantAggregate.Event):
        application_id: UUID
        amount: Decimal
        by_year: tuple[BudgetLine, ...] = ()  # the grant per fiscal year (absent from older reservations)

        def apply(self, pool: FundingPool) -> None:
            pool.reserved_for.add(str(self.application_id), self.amount)
            pool.book_years(self.by_year, committed=1)

    class ReservationReleased(GrantAggregate.Event):
        application_id: UUID
        amount: Decimal
        by_year: tuple[BudgetLine, ...] = ()

        def apply(self, pool: FundingPool) -> None:
            pool.released_for.add(str(self.application_id), self.amount)
            pool.book_years(self.by_year, committed=-1)

    class FundsPaid(GrantAggregate.Event):
        application_id: UUID
        amount: Decimal
        payment_reference: str
        by_year: tuple[BudgetLine, ...] = ()

        def apply(self, pool: FundingPool) -> None:
            pool.paid_to.add(str(self.application_id), self.amount)
            pool.book_years(self.by_year, paid=1)

    class FundsReturned(GrantAggregate.Event):
        application_id: UUID
        amount: Decimal
        reason: str
        by_year: tuple[BudgetLine, ...] = ()
        repayment_reference: str | None = None  # the repayment it was received as (None: returned at the claim)

        def apply(self, pool: FundingPool) -> None:
            pool.returned_by.add(str(self.application_id), self.amount)
            pool.book_years(self.by_year, returned=1)
            if self.repayment_reference is not None:
                pool.claims_received += self.amount

    class FundsClaimed(GrantAggregate.Event):
        application_id: UUID
        amount: Decimal
        due_on: date

        def apply(self, pool: FundingPool) -> None:
            pool.claimed += self.amount

    #: Money claimed back from grants (a reclaim), and what of it was received (a repayment):
    #: class defaults, so that older states and snapshots read as none.
    claimed: Decimal = Decimal(0)
    claims_received: Decimal = Decimal(0)

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def upcast_v1_v2(state: dict[str, object]) -> None:
        """A version-1 snapshot kept the per-application amounts as plain dicts."""
        for name in ("reserved_for", "paid_to", "released_for", "returned_by"):
            state[name] = Ledger(state[name])  # type: ignore[arg-type]

    @staticmethod
    def upcast_v2_v3(state: dict[str, object]) -> None:
        """A version-2 snapshot had no answered requests until the first, nor what was
        returned per year until the first reclaim."""
        state.setdefault("answered_requests", {})
        state.setdefault("returned_by_year", None)

    @classmethod
    def open(
        cls, owner: Owner, name: str, fiscal_years: list[int], amount: object, actor: Actor, at: datetime,
        pool_id: UUID | None = None, request: CommandKey | None = None, year_amounts: object = None,
    ) -> FundingPool:
        """Open a pool of `amount` NOK for `owner` (finance only), its money split by
        fiscal year if `year_amounts` says so; `pool_id` as a request key decided it."""
        actor.require_role(FINANCE)
        if not isinstance(owner, Owner):
            raise InvalidInput("owner", "must be an owner with id, name and kind")
        years, money = check_fiscal_years(fiscal_years), positive_money(amount)
        return cls._create(
            cls.Opened, id=pool_id or uuid4(), timestamp=at, actor=actor, owner=owner.validated(),
            name=require_text(name, "name", text.NAME), fiscal_years=years, amount=money, request=request,
            year_amounts=check_year_amounts(year_amounts, years, money),
        )

    # -- figures: `Allocating` --------------------------------------------------------------
    def outstanding_for(self, application_id: UUID | str) -> Decimal:
        """What is reserved for an application and not yet paid or released."""
        key = str(application_id)
        return (
            self.reserved_for.get(key) - self.released_for.get(key) - self.paid_to.get(key)
        )

    # -- commands ------------------------------------------------------------------------
    def increase(self, amount: object, reason: str, actor: Actor, at: datetime, year: int | None = None) -> None:
        """Top up the pool, e.g. after a revised national budget (finance only); a pool
        split by year is topped up for one of its years."""
        actor.require_role(FINANCE)
        self.check_year_of_increase(year)
        self._record(self.Increased, at, actor, amount=positive_money(amount), year=year,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    def add_year(self, year: object, amount: object, reason: str, actor: Actor, at: datetime) -> None:
        """A new fiscal year with its money (finance only): a lasting scheme is one pool
        that gains a year each budget."""
        actor.require_role(FINANCE)
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            raise InvalidInput("year", f"{year!r} is not a fiscal year")
        if year in self.fiscal_years:
            raise YearsMismatch("year", f"{year} is already a year of pool {self.name!r}; top up its money instead")
        self._record(self.YearAdded, at, actor, year=year, amount=positive_money(amount),
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    @property
    def claims_outstanding(self) -> Decimal:
        """Claimed back from grants and not yet received."""
        return self.claimed - self.claims_received

    def claim(self, application_id: UUID, amount: Decimal, due_on: date, actor: Actor, at: datetime) -> None:
        """Note money claimed back from a grant, due on `due_on`: it is not available
        again until it is received (`return_funds` with the repayment's reference)."""
        actor.require_role(FINANCE)
        self._record(self.FundsClaimed, at, actor, application_id=application_id, amount=positive_money(amount),
                     due_on=due_on)

    def reserve(self, application_id: UUID, amount: object, actor: Actor, at: datetime,
                by_year: tuple[BudgetLine, ...] = ()) -> None:
        """Reserve a granted amount (per year: `by_year`) for an application (with the committee's approval)."""
        actor.require_role(COMMITTEE)
        money = positive_money(amount)
        self.check_can_reserve(application_id, money)
        self.check_years_fit(by_year)
        self._record(self.FundsReserved, at, actor, application_id=application_id, amount=money,
                     by_year=tuple(by_year))

    def reserve_more(self, application_id: UUID, amount: object, actor: Actor, at: datetime,
                     by_year: tuple[BudgetLine, ...] = ()) -> None:
        """Reserve what a reversed decision grants besides what it granted before (with the
        reversal; the application's rule allows one reversal per complaint)."""
        actor.require_role(COMMITTEE)
        money = positive_money(amount)
        if money > self.remaining:
            raise InsufficientFunds(f"pool {self.name!r} has {self.remaining} NOK left and cannot reserve {money} NOK")
        self.check_years_fit(by_year)
        self._record(self.FundsReserved, at, actor, application_id=application_id, amount=money,
                     by_year=tuple(by_year))

    def check_can_reserve(self, application_id: UUID, amount: Decimal) -> None:
        """Raise unless `amount` can be reserved for the application now."""
        if str(application_id) in self.reserved_for:
            raise WrongStatus(f"pool {self.name!r} already holds a reservation for {application_id}")
        if amount > self.remaining:
            raise InsufficientFunds(
                f"pool {self.name!r} has {self.remaining} NOK left and cannot reserve {amount} NOK"
            )

    def release(self, application_id: UUID, amount: Decimal, actor: Actor, at: datetime,
                by_year: tuple[BudgetLine, ...] = ()) -> None:
        """Give back to the pool what is reserved for an application and will not be paid."""
        money = positive_money(amount)
        if money > self.outstanding_for(application_id):
            raise OverGranted(f"only {self.outstanding_for(application_id)} NOK is reserved and unpaid")
        self._record(self.ReservationReleased, at, actor, application_id=application_id, amount=money,
                     by_year=tuple(by_year))

    def pay(self, application_id: UUID, amount: object, payment_reference: str, actor: Actor, at: datetime,
            by_year: tuple[BudgetLine, ...] = ()) -> None:
        """Pay out of an application's reservation (finance only)."""
        actor.require_role(FINANCE)
        money = positive_money(amount)
        if money > self.outstanding_for(application_id):
            raise OverGranted(
                f"{money} NOK exceeds the {self.outstanding_for(application_id)} NOK reserved and unpaid"
            )
        self._record(self.FundsPaid, at, actor, application_id=application_id, amount=money, by_year=tuple(by_year),
                     payment_reference=require_text(payment_reference, "payment_reference", text.PAYMENT_REFERENCE))

    def return_funds(self, application_id: UUID, amount: object, reason: str, actor: Actor, at: datetime,
                     by_year: tuple[BudgetLine, ...] = (), repayment_reference: str | None = None) -> None:
        """Money paid to an application comes back (finance only: a repayment received,
        under its reference); it is available again."""
        actor.require_role(FINANCE)
        money = positive_money(amount)
        key = str(application_id)
        returnable = self.paid_to.get(key) - self.returned_by.get(key)
        if money > returnable:
            raise OverGranted(f"{money} NOK exceeds the {returnable} NOK paid and not yet returned")
        self._record(self.FundsReturned, at, actor, application_id=application_id, amount=money, by_year=by_year,
                     reason=require_text(reason, "reason", text.REASON, multiline=True),
                     repayment_reference=repayment_reference)
