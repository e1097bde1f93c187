"""A pool's money per fiscal year (*per budsjettår*). A pool opened with its money split
by year keeps what each year has (`year_money`) and what is committed to each year
(`committed_by_year`: reserved, less what was released); a reservation never takes a
year past its money. What is paid is booked per year too (`paid_by_year`, the oldest
committed year first), and what is reclaimed goes back to the years it was paid from
(`returned_by_year`, the latest first), where it may be committed again. A pool opened
without a split lends its whole money to any of its years, as pools did before years
were kept.

These live in the state only once used (they default to None, as in older pools'
states and snapshots)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from domain.allocating import Allocating
from domain.errors import InsufficientFunds, YearsMismatch
from domain.ledger import Ledger
from domain.money import ZERO, positive_money
from domain.values import BudgetLine


class YearMoney(Allocating):
    """Money, commitments and payments per fiscal year."""

    def money_of(self, year: int) -> Decimal | None:
        """The money of `year` (None when the pool's money is not split by year)."""
        if self.year_money is None:
            return None
        return self.year_money.get(str(year), ZERO)

    def committed_in(self, year: int) -> Decimal:
        """What is reserved for `year` and not released."""
        return ZERO if self.committed_by_year is None else self.committed_by_year.get(str(year))

    def paid_in(self, year: int) -> Decimal:
        """What is paid of the commitments of `year`."""
        return ZERO if self.paid_by_year is None else self.paid_by_year.get(str(year))

    def returned_in(self, year: int) -> Decimal:
        """What was reclaimed of the payments of `year`."""
        return ZERO if self.returned_by_year is None else self.returned_by_year.get(str(year))

    def left_in(self, year: int) -> Decimal | None:
        """What `year` has left to commit (None when the money is not split by year)."""
        money = self.money_of(year)
        return None if money is None else money - self.committed_in(year) + self.returned_in(year)

    def check_years_fit(self, by_year: Sequence[BudgetLine]) -> None:
        """Raise unless each year's part falls in the pool's years and, where the money
        is split by year, within what that year has left."""
        for line in by_year:
            if line.year not in self.fiscal_years:
                raise YearsMismatch("commitments", f"{line.year} is not a year of pool {self.name!r}")
            left = self.left_in(line.year)
            if left is not None and line.amount > left:
                raise InsufficientFunds(f"pool {self.name!r} has {left} NOK left for {line.year} and cannot "
                                        f"reserve {line.amount} NOK of it")

    def book_years(self, by_year: Sequence[BudgetLine], committed: int = 0, paid: int = 0, returned: int = 0) -> None:
        """Book each year's part as committed (+1 reserved, −1 released), paid or returned
        (a ledger is started on its first booking)."""
        if not by_year:
            return
        if committed and self.committed_by_year is None:
            self.committed_by_year = Ledger()
        if paid and self.paid_by_year is None:
            self.paid_by_year = Ledger()
        if returned and self.returned_by_year is None:
            self.returned_by_year = Ledger()
        for line in by_year:
            for ledger, sign in ((self.committed_by_year, committed), (self.paid_by_year, paid),
                                 (self.returned_by_year, returned)):
                if sign and ledger is not None:
                    ledger.add(str(line.year), sign * line.amount)

    def check_year_of_increase(self, year: int | None) -> None:
        """A top-up names one of the pool's years when its money is split by year, and none otherwise."""
        if self.year_money is None and year is not None:
            raise YearsMismatch("year", "is not asked: the pool's money is not split by year")
        if self.year_money is not None and year not in self.fiscal_years:
            raise YearsMismatch("year", f"must be one of the pool's years {', '.join(map(str, self.fiscal_years))}")

    def add_year_money(self, year: int | None, amount: Decimal) -> None:
        """Money added to `year` (a top-up of a pool split by year)."""
        if self.year_money is not None and year is not None:
            self.year_money[str(year)] = self.year_money.get(str(year), ZERO) + amount


def check_year_amounts(value: object, fiscal_years: Sequence[int], amount: Decimal) -> tuple[BudgetLine, ...]:
    """A pool's money per year: every one of its years, summing to its amount (or none)."""
    from domain.years import check_lines

    if value is None or value == ():
        return ()
    if not isinstance(value, (list, tuple)) or not all(isinstance(line, BudgetLine) for line in value):
        raise YearsMismatch("year_amounts", "must be a list of years with amounts")
    lines = tuple(sorted((BudgetLine(line.year, positive_money(line.amount, f"year_amounts[{i}].amount"))
                          for i, line in enumerate(value)), key=lambda line: line.year))
    if [line.year for line in lines] != list(fiscal_years):
        raise YearsMismatch("year_amounts", f"must give each of the years {', '.join(map(str, fiscal_years))} once")
    check_lines(lines, amount, fiscal_years, "year_amounts", "of the pool")
    return lines
