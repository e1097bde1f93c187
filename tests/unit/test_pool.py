"""FundingPool arithmetic and guards, in memory."""

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import (
    InsufficientFunds,
    InvalidAmount,
    InvalidInput,
    NotPermitted,
    OverGranted,
    WrongStatus,
)
from domain.pool import FundingPool
from workloads.builders import COMMITTEE_ACTOR, FINANCE_ACTOR, NORD

AT = datetime(2025, 1, 1, tzinfo=UTC)


def pool(amount: str = "1000") -> FundingPool:
    return FundingPool.open(NORD, "Pott", [2025], amount, FINANCE_ACTOR, AT)


def test_remaining_is_total_minus_reserved_minus_paid_plus_returned() -> None:
    p = pool("1000")
    a, b = uuid4(), uuid4()
    p.increase("500", "RNB 2024", FINANCE_ACTOR, AT)
    p.reserve(a, "600", COMMITTEE_ACTOR, AT)
    p.reserve(b, "300", COMMITTEE_ACTOR, AT)
    p.pay(a, "400", "P1", FINANCE_ACTOR, AT)
    p.return_funds(a, "100", "ubrukt", FINANCE_ACTOR, AT)
    p.release(b, Decimal(300), FINANCE_ACTOR, AT)
    # total 1500; reserved = (600-400) + (300-300) = 200; paid 400; returned 100
    assert (p.total, p.reserved, p.paid, p.returned) == (Decimal("1500.00"), Decimal("200.00"),
                                                         Decimal("400.00"), Decimal("100.00"))
    assert p.remaining == Decimal("1000.00")


@pytest.mark.parametrize(("command", "error"), [
    (lambda p, a: p.reserve(a, "1000.01", COMMITTEE_ACTOR, AT), InsufficientFunds),
    (lambda p, a: p.reserve(a, "0", COMMITTEE_ACTOR, AT), InvalidAmount),
    (lambda p, a: p.reserve(a, "10", FINANCE_ACTOR, AT), NotPermitted),
    (lambda p, a: p.pay(a, "1", "P", FINANCE_ACTOR, AT), OverGranted),
    (lambda p, a: p.return_funds(a, "1", "x", FINANCE_ACTOR, AT), OverGranted),
    (lambda p, a: p.release(a, Decimal(1), FINANCE_ACTOR, AT), OverGranted),
    (lambda p, a: p.increase("-5", "x", FINANCE_ACTOR, AT), InvalidAmount),
    (lambda p, a: p.increase("5", " ", FINANCE_ACTOR, AT), InvalidInput),
    (lambda p, a: p.increase("5", "x", COMMITTEE_ACTOR, AT), NotPermitted),
])
def test_pool_guards_record_nothing(command, error) -> None:  # type: ignore[no-untyped-def]
    p = pool("1000")
    before = (p.version, len(p.pending_events))
    with pytest.raises(error):
        command(p, uuid4())
    assert (p.version, len(p.pending_events)) == before


def test_one_reservation_per_application_and_never_more_than_reserved_is_paid() -> None:
    p = pool("1000")
    a = uuid4()
    p.reserve(a, "300", COMMITTEE_ACTOR, AT)
    with pytest.raises(WrongStatus):
        p.reserve(a, "100", COMMITTEE_ACTOR, AT)
    p.pay(a, "300", "P1", FINANCE_ACTOR, AT)
    with pytest.raises(OverGranted):
        p.pay(a, "0.01", "P2", FINANCE_ACTOR, AT)


@pytest.mark.parametrize("years", [[], [1999], [2025, 2025], "2025", [True]])
def test_fiscal_years_are_checked(years: object) -> None:
    with pytest.raises(InvalidInput):
        FundingPool.open(NORD, "Pott", years, "1000", FINANCE_ACTOR, AT)  # type: ignore[arg-type]


def test_only_finance_opens_pools() -> None:
    with pytest.raises(NotPermitted):
        FundingPool.open(NORD, "Pott", [2025], "1000", COMMITTEE_ACTOR, AT)


def test_the_owner_must_be_an_owner() -> None:
    with pytest.raises(InvalidInput):
        FundingPool.open("Helse Nord", "Pott", [2025], "1000", FINANCE_ACTOR, AT)  # type: ignore[arg-type]
