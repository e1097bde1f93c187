"""Organisation numbers and money: the two value rules everything else leans on."""

from decimal import Decimal

import pytest

from domain.errors import InvalidAmount, InvalidOrganisationNumber
from domain.money import non_negative_money, positive_money, to_money
from domain.orgno import check_digit, is_valid_org_no, require_org_no


@pytest.mark.parametrize("org_no", ["972418013", "983974899", "940101808", "983971709", "997005562"])
def test_real_organisation_numbers_are_valid(org_no: str) -> None:
    assert is_valid_org_no(org_no)


@pytest.mark.parametrize("org_no", ["972418014", "97241801", "9724180130", "97241801x", "", None, 972418013,
                                    "٩٧٢٤١٨٠١٣"])
def test_malformed_organisation_numbers_are_refused(org_no: object) -> None:
    assert not is_valid_org_no(org_no)
    with pytest.raises(InvalidOrganisationNumber):
        require_org_no(org_no)


def test_a_base_whose_check_digit_would_be_ten_has_no_valid_number() -> None:
    # 3·1 + 2·0 + ... chosen so that the remainder is 1: no digit can complete it
    base = next(f"{n:08d}" for n in range(10_000_000, 10_001_000) if check_digit(f"{n:08d}") is None)
    assert not any(is_valid_org_no(base + str(d)) for d in range(10))


@pytest.mark.parametrize(("raw", "expected"), [("2500000", "2500000.00"), ("2500000.5", "2500000.50"),
                                               (Decimal("0.01"), "0.01"), (42, "42.00"), ("1.230", "1.23")])
def test_amounts_are_two_decimal_decimals(raw: object, expected: str) -> None:
    assert to_money(raw) == Decimal(expected)
    assert str(to_money(raw)) == expected


@pytest.mark.parametrize("raw", [1.5, "1.005", "abc", "NaN", "Infinity", None, True, [], "1e12"])
def test_floats_garbage_and_fractions_of_an_ore_are_refused(raw: object) -> None:
    with pytest.raises(InvalidAmount):
        to_money(raw)


@pytest.mark.parametrize("raw", ["0", "-1", "0.00"])
def test_grants_must_be_positive(raw: str) -> None:
    with pytest.raises(InvalidAmount):
        positive_money(raw)


def test_own_contribution_may_be_zero_but_not_negative() -> None:
    assert non_negative_money("0") == Decimal("0.00")
    with pytest.raises(InvalidAmount):
        non_negative_money("-0.01")
