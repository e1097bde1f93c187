"""A series of rounds by its rule: the next deadline, never in the past, and the budget
years that follow the previous round's."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain import errors
from domain.round import Round, Series
from domain.values import FINANCE, Actor, Criterion

FINANCE_ACTOR = Actor("finance-1", "Kari Nordmann", FINANCE)
YEARLY = Series(10, 1)  # "Deretter årlig søknadsfrist 1. oktober"


def _round(deadline: date, years: tuple[int, ...], series: Series | None = YEARLY) -> Round:
    return Round.open(uuid4(), "Utlysning 2025", deadline, [Criterion("effekt", "Effekt", Decimal(1))], True,
                      FINANCE_ACTOR, datetime(2025, 6, 1, tzinfo=UTC), budget_years=years, series=series)


def test_the_rule_gives_the_next_first_of_october_after_the_last_and_never_in_the_past() -> None:
    assert YEARLY.next_deadline(date(2025, 3, 1), date(2025, 6, 1)) == date(2025, 10, 1)
    assert YEARLY.next_deadline(date(2025, 10, 1), date(2025, 10, 2)) == date(2026, 10, 1)
    assert YEARLY.next_deadline(date(2025, 10, 1), date(2026, 12, 3)) == date(2027, 10, 1)
    with pytest.raises(errors.InvalidInput):
        Series(2, 30).validated()


def test_the_next_round_budgets_the_years_after_the_last_and_its_deadline_is_never_in_the_past() -> None:
    first = _round(date(2025, 3, 1), (2024, 2025))  # "Søknadsfrist for tilskudd 2024 og 2025: 1. mars 2025"
    second = first.next_in_series(None, None, FINANCE_ACTOR, datetime(2025, 6, 2, tzinfo=UTC))
    assert (second.deadline, second.budget_years, second.title) == (date(2025, 10, 1), (2026,), "Utlysning 2026")
    third = second.next_in_series(None, None, FINANCE_ACTOR, datetime(2026, 12, 3, tzinfo=UTC))
    assert (third.deadline, third.budget_years) == (date(2027, 10, 1), (2027, 2028))  # a skipped year is taken on
    with pytest.raises(errors.DeadlineInPast):
        _round(date(2025, 10, 1), (2026,)).next_in_series(date(2026, 1, 1), None, FINANCE_ACTOR,
                                                          datetime(2026, 3, 1, tzinfo=UTC))
    with pytest.raises(errors.WrongStatus):  # a series never forks
        first.next_in_series(None, None, FINANCE_ACTOR, datetime(2025, 6, 3, tzinfo=UTC))
