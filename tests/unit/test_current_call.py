"""The demo's call of today: the next 1 October at least a month away."""

from __future__ import annotations

from datetime import date

from demo.current import next_deadline


def test_the_next_deadline_is_the_coming_first_of_october_a_month_ahead_or_the_next_year() -> None:
    assert next_deadline(date(2026, 12, 3)) == date(2027, 10, 1)
    assert next_deadline(date(2027, 3, 1)) == date(2027, 10, 1)
    assert next_deadline(date(2027, 9, 15)) == date(2028, 10, 1)
    assert next_deadline(date(2027, 8, 31)) == date(2027, 10, 1)
