"""`Ledger`: amounts per application, with their sum kept as they change."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from domain.money import ZERO


class Ledger:
    """What a pool has booked per application (keyed by the application id as text).

    The sum is kept as entries change, and amounts are held as their exact decimal text
    until one is asked for: a pool's figures, and reading its snapshot, cost the same
    with ten grants as with ten thousand (bench/README.md has the measurement).
    """

    __slots__ = ("_amounts", "total")

    def __init__(self, amounts: Mapping[str, Decimal] | None = None) -> None:
        self._amounts: dict[str, str] = {key: str(amount) for key, amount in (amounts or {}).items()}
        self.total: Decimal = sum((Decimal(amount) for amount in self._amounts.values()), ZERO)

    @classmethod
    def stored(cls, total: str, amounts: dict[str, str]) -> Ledger:
        """A ledger as it was stored: its sum and its amounts as decimal text."""
        ledger = cls()
        ledger._amounts, ledger.total = amounts, Decimal(total)
        return ledger

    def as_stored(self) -> tuple[str, dict[str, str]]:
        """The sum and the amounts as decimal text (for `stored`)."""
        return str(self.total), dict(self._amounts)

    def get(self, key: str) -> Decimal:
        """The amount booked for `key` (zero when none)."""
        amount = self._amounts.get(key)
        return ZERO if amount is None else Decimal(amount)

    def add(self, key: str, amount: Decimal) -> None:
        """Book `amount` more for `key`."""
        self._amounts[key] = str(self.get(key) + amount)
        self.total += amount

    def items(self) -> Iterator[tuple[str, Decimal]]:
        """Every key with its amount."""
        return ((key, Decimal(amount)) for key, amount in self._amounts.items())

    def __deepcopy__(self, memo: dict[int, object]) -> Ledger:
        """A copy of its own (the amounts are text and the sum a `Decimal`: nothing in
        them changes, so the entries need no copying one by one)."""
        copied = Ledger.stored(str(self.total), dict(self._amounts))
        copied.total = self.total
        return copied

    def __contains__(self, key: object) -> bool:
        return key in self._amounts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ledger) and dict(self.items()) == dict(other.items())

    def __repr__(self) -> str:
        return f"Ledger({dict(self.items())!r})"
