"""ReferenceSeries: hands out case references RST-<year>-<number>, one series per year.

Saved together with the new application, so two submissions racing for the same number
conflict and one retries: numbers are unique and without gaps.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import GrantAggregate
from domain.values import Actor

_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:reference-series")
PREFIX: Final = "RST"


class ReferenceSeries(GrantAggregate):
    """The numbering of one year's applications.

    Version 2 keeps the requests it answered in every snapshot (version 1 only once one
    was answered)."""

    class_version = 2

    class Started(GrantAggregate.Created):
        year: int

        def apply(self, series: ReferenceSeries) -> None:
            series.year, series.last_number = self.year, 0

    class NumberTaken(GrantAggregate.Event):
        number: int

        def apply(self, series: ReferenceSeries) -> None:
            series.last_number = self.number

    year: int
    last_number: int

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def upcast_v1_v2(state: dict[str, object]) -> None:
        """A version-1 snapshot had no answered requests until the first."""
        state.setdefault("answered_requests", {})

    @staticmethod
    def id_for(year: int) -> UUID:
        return uuid5(_NAMESPACE, f"{PREFIX}-{year}")

    @classmethod
    def start(cls, year: int, actor: Actor, at: datetime) -> ReferenceSeries:
        return cls._create(cls.Started, id=cls.id_for(year), timestamp=at, actor=actor, year=year)

    def take_next(self, actor: Actor, at: datetime) -> str:
        """Take the next number and return the reference, e.g. RST-2025-0042."""
        self._record(self.NumberTaken, at, actor, number=self.last_number + 1)
        return f"{PREFIX}-{self.year}-{self.last_number:04d}"
