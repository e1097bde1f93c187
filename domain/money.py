"""Money: NOK as `Decimal` with exactly two decimals. Floats are refused outright."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from domain.errors import InvalidAmount

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("100000000000.00")  # 100 billion NOK: far above any grant


def to_money(value: object, field: str = "amount") -> Decimal:
    """Parse a NOK amount (Decimal, int or numeric string) to two decimals; never a float."""
    if isinstance(value, (bool, float)):
        raise InvalidAmount(field, "must be a decimal string or Decimal, not a floating-point number")
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidAmount(field, f"{value!r} is not a number") from None
    else:
        raise InvalidAmount(field, f"{value!r} is not an amount")
    if not amount.is_finite():
        raise InvalidAmount(field, "must be a finite number")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(CENT):
        raise InvalidAmount(field, "has more than two decimals")
    if abs(amount) > MAX_AMOUNT:
        raise InvalidAmount(field, "is unreasonably large")
    return amount.quantize(CENT)


def positive_money(value: object, field: str = "amount") -> Decimal:
    """Like `to_money`, and the amount must be greater than zero."""
    amount = to_money(value, field)
    if amount <= ZERO:
        raise InvalidAmount(field, "must be greater than 0")
    return amount


def non_negative_money(value: object, field: str = "amount") -> Decimal:
    """Like `to_money`, and the amount must not be negative."""
    amount = to_money(value, field)
    if amount < ZERO:
        raise InvalidAmount(field, "must not be negative")
    return amount
