"""Column types that keep values exact across SQLite and PostgreSQL.

Money is stored as whole øre in a BIGINT (SQLite has no exact decimal type; sums in
SQL stay exact); times are stored as naive UTC and come back as aware UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect
from sqlalchemy.types import TypeDecorator

_ORE = Decimal(100)


class Money(TypeDecorator[Decimal]):
    """NOK as a `Decimal` with two decimals, stored as an integer number of øre."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        ore = value * _ORE
        if ore != ore.to_integral_value():
            raise ValueError(f"{value} NOK has fractions of an øre")
        return int(ore)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(int(value)) / _ORE).quantize(Decimal("0.01"))


class UtcDateTime(TypeDecorator[datetime]):
    """An aware `datetime`, stored as naive UTC, read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored: give a time zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Hundredths(Money):
    """A decimal with two places (a weighted score), stored as an integer of hundredths."""

    cache_ok = True
