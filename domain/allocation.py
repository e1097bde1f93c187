"""Allocation (*tildeling*): an owner hands part of a pool to a health community without
applications, by amounts or by a distribution key. Each allocation is a pool of its own,
owned by the community; both pools record it, and are saved together.

The arithmetic of a key: each community gets its share of the amount rounded down to
the øre; the øre left over go one each to the largest remainders (ties: the order the
key lists them), so the parts always sum to the amount and the same key gives the same
parts every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Final

from domain.errors import InvalidInput, KeyNotWhole
from domain.money import CENT, ZERO

ONE: Final = Decimal(1)


def check_key(shares: Sequence[object], field: str = "allocations") -> tuple[Decimal, ...]:
    """The shares of a distribution key as decimals; each between 0 and 1, summing to 1."""
    checked = []
    for i, share in enumerate(shares):
        if isinstance(share, (bool, float)) or not isinstance(share, (Decimal, int, str)):
            raise InvalidInput(f"{field}[{i}].share", "must be a decimal number, e.g. \"0.25\"")
        try:
            value = Decimal(str(share).strip())
        except ArithmeticError:
            raise InvalidInput(f"{field}[{i}].share", f"{share!r} is not a number") from None
        if not value.is_finite() or not ZERO < value <= ONE or len(value.as_tuple().digits) > 12:
            raise InvalidInput(f"{field}[{i}].share", "must be greater than 0 and at most 1")
        checked.append(value)
    if not checked:
        raise InvalidInput(field, "must list at least one community")
    if sum(checked, ZERO) != ONE:
        raise KeyNotWhole(field, f"the shares sum to {sum(checked, ZERO)}, not 1")
    return tuple(checked)


def distribute(amount: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """`amount` split by `shares` (summing to 1) to the øre; the parts sum to `amount`."""
    exact = [amount * share for share in shares]
    parts = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    left = int((amount - sum(parts, ZERO)) / CENT)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += CENT
    return parts
