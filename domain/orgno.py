"""Norwegian organisation numbers (Enhetsregisteret): 9 digits, mod-11 check digit."""

from __future__ import annotations

from domain.errors import InvalidOrganisationNumber

_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def check_digit(first_eight: str) -> int | None:
    """The mod-11 check digit for eight digits, or None when none exists (remainder 1)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, _WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def is_valid_org_no(value: object) -> bool:
    """True when `value` is a string of 9 digits whose last one is the mod-11 check digit."""
    if not isinstance(value, str) or len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    return check_digit(value[:8]) == int(value[8])


def require_org_no(value: object, field: str = "org_no") -> str:
    """Return `value` when it is a valid organisation number, else raise."""
    if not is_valid_org_no(value):
        raise InvalidOrganisationNumber(
            field, f"{value!r} is not a valid organisation number (9 digits, mod-11 check digit)"
        )
    return value  # type: ignore[return-value]
