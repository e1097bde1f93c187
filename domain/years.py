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


def check_fiscal_years(fiscal_years: object, field: str = "fiscal_years") -> tuple[int, ...]:
    """A pool's (or a round's) fiscal years: at least one, each once, in order."""
    if not isinstance(fiscal_years, (list, tuple)) or not fiscal_years:
        raise InvalidInput(field, "must list at least one year")
    for year in fiscal_years:
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            raise InvalidInput(field, f"{year!r} is not a fiscal year")
    if len(set(fiscal_years)) != len(fiscal_years):
        raise InvalidInput(field, "lists a year twice")
    return tuple(sorted(fiscal_years))


def paid_by_year(commitments: Sequence[BudgetLine], paid_before: Decimal, amount: Decimal) -> tuple[BudgetLine, ...]:
    """`amount` paid after `paid_before`, booked on the committed years oldest first (none
    without commitments: an approval from before years were kept)."""
    return _spread(sorted(commitments, key=lambda line: line.year), paid_before, amount)


def _spread(lines: Sequence[BudgetLine], before: Decimal, amount: Decimal) -> tuple[BudgetLine, ...]:
    """`amount` laid on `lines` in their order, after the first `before` of them is taken."""
    found, left = [], amount
    for line in lines:
        room = max(line.amount - before, ZERO)
        before = max(before - line.amount, ZERO)
        part = min(room, left)
        if part > ZERO:
            found.append(BudgetLine(line.year, part))
            left -= part
    return tuple(found)


def unpaid_by_year(commitments: Sequence[BudgetLine], paid: Decimal) -> tuple[BudgetLine, ...]:
    """What of each committed year is not paid (payments booked oldest year first)."""
    total = sum((line.amount for line in commitments), ZERO)
    return paid_by_year(commitments, paid, total - paid) if total > paid else ()


def returned_by_year(commitments: Sequence[BudgetLine], paid: Decimal, returned_before: Decimal,
                     amount: Decimal) -> tuple[BudgetLine, ...]:
    """`amount` reclaimed after `returned_before`, given back to the years it was paid
    from, the latest year first."""
    latest_first = sorted(paid_by_year(commitments, ZERO, paid), key=lambda line: -line.year)
    return tuple(sorted(_spread(latest_first, returned_before, amount), key=lambda line: line.year))
