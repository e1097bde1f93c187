"""Allocation by amounts and by a distribution key: the arithmetic to the øre, and the
guards on both pools, in memory."""

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.allocation import check_key, distribute
from domain.errors import InsufficientFunds, InvalidInput, WrongStatus
from domain.money import CENT
from domain.pool import FundingPool
from domain.values import Owner
from workloads.builders import COMMITTEE_ACTOR, FINANCE_ACTOR, NORD

AT = datetime(2025, 1, 1, tzinfo=UTC)
SALTEN = Owner("hf-salten", "Helsefellesskapet Salten", "health_community")
LOFOTEN = Owner("hf-lofoten", "Helsefellesskapet Lofoten", "health_community")


def test_a_key_splits_to_the_ore_and_gives_the_left_over_ore_to_the_largest_remainders() -> None:
    # 100.00 by thirds: 33.333…, 33.333…, 33.334 → the last has the largest remainder
    assert distribute(Decimal("100.00"), check_key(["0.333333", "0.333333", "0.333334"])) == [
        Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    # equal remainders: the øre go in the order the key lists the communities
    assert distribute(Decimal("0.05"), check_key(["0.5", "0.5"])) == [Decimal("0.03"), Decimal("0.02")]
    assert distribute(Decimal("10.00"), check_key(["0.333", "0.333", "0.334"])) == [
        Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]


@given(st.integers(min_value=1, max_value=10**12), st.lists(st.integers(min_value=1, max_value=1000),
                                                             min_size=1, max_size=8))
def test_the_parts_of_any_key_sum_to_the_amount_and_stay_within_an_ore_of_the_exact_share(
        ore: int, weights: list[int]) -> None:
    amount = Decimal(ore) * CENT
    total = sum(weights)
    shares = [Decimal(w) / Decimal(total) for w in weights]
    shares[-1] = Decimal(1) - sum(shares[:-1])  # an exact key summing to 1
    if any(not Decimal(0) < s <= Decimal(1) for s in shares):
        return
    parts = distribute(amount, shares)
    assert sum(parts) == amount
    assert all(abs(part - amount * share) < CENT for part, share in zip(parts, shares, strict=True))
    assert parts == distribute(amount, shares)  # deterministic


@pytest.mark.parametrize("key", [[], ["0.5", "0.4"], ["0.5", "0.6", "-0.1"], ["1.5"], [0.5, 0.5], ["x", "1"],
                                 ["NaN"], [True]])
def test_a_key_must_be_shares_that_sum_to_one(key: list[object]) -> None:
    with pytest.raises(InvalidInput):
        check_key(key)


def test_an_allocation_opens_a_pool_owned_by_the_community_and_leaves_the_rest() -> None:
    rhf = FundingPool.open(NORD, "Tildeling 2024", [2024], "40000000", FINANCE_ACTOR, AT)
    salten = rhf.allocate(SALTEN, Decimal("6000000.00"), None, "Første runde", FINANCE_ACTOR, AT, uuid4())
    assert (salten.owner, salten.total, salten.allocated_from) == (SALTEN, Decimal("6000000.00"), rhf.id)
    assert (rhf.allocated, rhf.remaining, rhf.total) == (
        Decimal("6000000.00"), Decimal("34000000.00"), Decimal("40000000.00"))
    rhf.increase_allocation(salten, "1000000", "Mer til Salten", FINANCE_ACTOR, AT)
    assert (salten.total, rhf.remaining) == (Decimal("7000000.00"), Decimal("33000000.00"))


def test_only_unspent_money_can_be_withdrawn_and_only_what_is_left_can_be_allocated() -> None:
    rhf = FundingPool.open(NORD, "Tildeling 2024", [2024], "1000", FINANCE_ACTOR, AT)
    lofoten = rhf.allocate(LOFOTEN, Decimal("600.00"), None, "Første runde", FINANCE_ACTOR, AT, uuid4())
    with pytest.raises(InsufficientFunds):
        rhf.allocate(SALTEN, Decimal("400.01"), None, "For mye", FINANCE_ACTOR, AT, uuid4())
    lofoten.reserve(uuid4(), "500", COMMITTEE_ACTOR, AT)
    with pytest.raises(InsufficientFunds):
        rhf.withdraw_allocation(lofoten, "100.01", "Tilbake", FINANCE_ACTOR, AT)
    rhf.withdraw_allocation(lofoten, "100", "Tilbake", FINANCE_ACTOR, AT)
    assert (lofoten.total, lofoten.remaining, rhf.allocated, rhf.remaining) == (
        Decimal("500.00"), Decimal("0.00"), Decimal("500.00"), Decimal("500.00"))


def test_an_allocation_is_not_allocated_further_nor_changed_through_another_pool() -> None:
    rhf = FundingPool.open(NORD, "Tildeling 2024", [2024], "1000", FINANCE_ACTOR, AT)
    other = FundingPool.open(NORD, "Annen pott", [2024], "1000", FINANCE_ACTOR, AT)
    salten = rhf.allocate(SALTEN, Decimal("600.00"), None, "Første runde", FINANCE_ACTOR, AT, uuid4())
    with pytest.raises(WrongStatus):
        salten.allocate(LOFOTEN, Decimal("1.00"), None, "Videre", FINANCE_ACTOR, AT, uuid4())
    with pytest.raises(InvalidInput):
        other.withdraw_allocation(salten, "1", "Feil pott", FINANCE_ACTOR, AT)
    with pytest.raises(InvalidInput):
        rhf.allocate(NORD, Decimal("1.00"), None, "Til seg selv", FINANCE_ACTOR, AT, uuid4())
