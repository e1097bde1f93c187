"""Round: deadlines in Norwegian time, criteria, closing."""

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import (
    DeadlinePassed,
    InvalidInput,
    NotPermitted,
    RoundClosed,
    WrongStatus,
)
from domain.round import Round
from domain.values import Criterion
from workloads.builders import APPLICANT_ACTOR, CRITERIA, FINANCE_ACTOR

AT = datetime(2025, 1, 1, tzinfo=UTC)


def a_round() -> Round:
    return Round.open(uuid4(), "Utlysning", date(2025, 3, 1), CRITERIA, True, FINANCE_ACTOR, AT)


def test_the_deadline_day_lasts_until_midnight_in_oslo() -> None:
    round_ = a_round()
    round_.check_accepts_submissions(datetime(2025, 3, 1, 22, 59, 59, tzinfo=UTC))  # 23:59:59 in Oslo
    with pytest.raises(DeadlinePassed):
        round_.check_accepts_submissions(datetime(2025, 3, 1, 23, 0, tzinfo=UTC))  # 00:00 on 2 March


def test_a_closed_round_takes_no_submissions_and_closes_once() -> None:
    round_ = a_round()
    round_.close(FINANCE_ACTOR, AT)
    with pytest.raises(RoundClosed):
        round_.check_accepts_submissions(AT)
    with pytest.raises(WrongStatus):
        round_.close(FINANCE_ACTOR, AT)


@pytest.mark.parametrize(("criteria", "deadline"), [
    ([], date(2025, 3, 1)),
    ("effekt", date(2025, 3, 1)),
    ([Criterion("a", "A", Decimal(1)), Criterion("a", "B", Decimal(1))], date(2025, 3, 1)),
    ([Criterion("a", "A", Decimal(-1))], date(2025, 3, 1)),
    ([Criterion("a", "A", Decimal("NaN"))], date(2025, 3, 1)),
    (CRITERIA, datetime(2025, 3, 1, tzinfo=UTC)),
    (CRITERIA, "2025-03-01"),
])
def test_a_round_needs_unique_positive_criteria_and_a_date(criteria: object, deadline: object) -> None:
    with pytest.raises(InvalidInput):
        Round.open(uuid4(), "Utlysning", deadline, criteria, True, FINANCE_ACTOR, AT)  # type: ignore[arg-type]


def test_only_finance_opens_and_closes_rounds() -> None:
    with pytest.raises(NotPermitted):
        Round.open(uuid4(), "Utlysning", date(2025, 3, 1), CRITERIA, True, APPLICANT_ACTOR, AT)
    with pytest.raises(NotPermitted):
        a_round().close(APPLICANT_ACTOR, AT)
