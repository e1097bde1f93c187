"""Money per fiscal year (*per budsjettår*): an application's budget lines must fall in
the years of the pool its round draws on and sum to the amount applied for; a grant is
committed per year — as the committee states it, or the budget lines scaled to the
granted amount (rounded down to the øre, the øre left over to the largest remainders,
as a distribution key is split)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from domain.allocation import distribute
from domain.errors import InvalidInput, YearsMismatch
from domain.money import ZERO, positive_money
from domain.values import BudgetLine


def _years(fiscal_years: Sequence[int]) -> str:
    return ", ".join(str(year) for year in fiscal_years)


def check_lines(lines: Sequence[BudgetLine], amount: Decimal, fiscal_years: Sequence[int],
                field: str = "budget", what: str = "applied for") -> None:
    """Raise `YearsMismatch` unless every line is a year of `fiscal_years` and the lines
    sum to `amount`. No lines at all is allowed where there is one year only (it is that year)."""
    if not lines:
        if len(fiscal_years) == 1:
            return
        raise YearsMismatch(field, f"must give the amount per year ({_years(fiscal_years)})")
    for i, line in enumerate(lines):
        if line.year not in fiscal_years:
            raise YearsMismatch(f"{field}[{i}].year", f"{line.year} is not one of the years {_years(fiscal_years)}")
    total = sum((line.amount for line in lines), ZERO)
    if total != amount:
        raise YearsMismatch(field, f"the years sum to {total} NOK, not the {amount} NOK {what}")


def committed(granted: Decimal, lines: Sequence[BudgetLine], fiscal_years: Sequence[int]) -> tuple[BudgetLine, ...]:
    """The grant per year, from the budget lines (scaled when less is granted than applied for)."""
    if not lines:  # one year only (or none known): all of it in that year
        return (BudgetLine(fiscal_years[0], granted),) if fiscal_years else ()
    total = sum((line.amount for line in lines), ZERO)
    parts = distribute(granted, [line.amount / total for line in lines])
    return tuple(BudgetLine(line.year, part) for line, part in zip(lines, parts, strict=True) if part > ZERO)


def stated(value: object, granted: Decimal, fiscal_years: Sequence[int]) -> tuple[BudgetLine, ...]:
    """The committee's own split of a grant per year, checked."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(line, BudgetLine) for line in value):
        raise InvalidInput("commitments", "must be a list of years with amounts")
    lines = tuple(BudgetLine(line.year, positive_money(line.amount, f"commitments[{i}].amount"))
                  for i, line in enumerate(value))
    if len({line.year for line in lines}) != len(lines):
        raise InvalidInput("commitments", "lists a year twice")
    check_lines(lines, granted, fiscal_years, "commitments", "granted")
    if not lines:
        raise YearsMismatch("commitments", "must give the amount per year")
    return lines
