"""Norwegian presentation of amounts and dates: `kr 2 500 000`, `kr 1 250,50`, `01.03.2025`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def format_nok(amount: Decimal, separator: str = " ") -> str:
    """`Decimal('90000000.00')` → `kr 90 000 000`; øre are shown only when there are any."""
    sign = "−" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):.2f}".partition(".")
    groups = f"{int(whole):,}".replace(",", separator)
    return f"kr {sign}{groups}" + ("" if fraction == "00" else f",{fraction}")


def format_date(day: date) -> str:
    """`date(2025, 3, 1)` → `01.03.2025`."""
    return day.strftime("%d.%m.%Y")
