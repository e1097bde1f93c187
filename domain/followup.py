"""What a round asks of every grant it makes (*oppfølging*): the share held back until the
final report is accepted, and when the final report falls due; and each report a grant
recipient owes (`Requirement`)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from domain.errors import InvalidInput

INTERIM, FINAL = "interim", "final"
REPORT_KINDS: Final = (INTERIM, FINAL)
DUE, RECEIVED, ACCEPTED, RETURNED, WAIVED = "due", "received", "accepted", "returned", "waived"
#: A report that needs nothing more: accepted, or its requirement waived with a reason.
SETTLED: Final = (ACCEPTED, WAIVED)


@dataclass(frozen=True)
class Requirement:
    """One report the grant recipient owes, and where it stands."""

    id: str
    kind: str
    due_on: date
    status: str = DUE
    received_at: datetime | None = None
    text: str | None = None
    spent_amount: Decimal | None = None
    comment: str | None = None
    attachments: tuple[str, ...] = ()
    #: The outcome indicators' values the report gives (indicator id → value).
    values: dict[str, Decimal] | None = None

    def overdue(self, today: date) -> bool:
        """Not received (or returned) and past its due date."""
        return self.status in (DUE, RETURNED) and today > self.due_on

MAX_HOLDBACK_PERCENT: Final = Decimal(50)
MAX_REPORT_MONTHS: Final = 60


@dataclass(frozen=True)
class Indicator:
    """An outcome a round's measures should move (e.g. "antall kombinerte stillinger"),
    whose value every report gives (`unit`: "stillinger", "liggedøgn" …)."""

    id: str
    name: str
    unit: str = ""


@dataclass(frozen=True)
class FollowUp:
    """A round's follow-up terms, as rules each grant's dates are computed from (never
    copied as dates): `holdback_percent` of each grant is paid only once the final report
    is accepted; the final report is due `final_report_months` after the end of the
    grant's last budget year (None: set for each grant by finance); an interim report is
    due `interim_report_months` after the end of each budget year but the last (None: none)."""

    holdback_percent: Decimal = Decimal(0)
    final_report_months: int | None = None
    interim_report_months: int | None = None

    def validated(self) -> FollowUp:
        """These terms, or `InvalidInput` naming the field that cannot be."""
        percent = self.holdback_percent
        if not isinstance(percent, Decimal) or not percent.is_finite() or not 0 <= percent <= MAX_HOLDBACK_PERCENT:
            raise InvalidInput("holdback_percent", f"must be a number from 0 to {MAX_HOLDBACK_PERCENT}")
        months = self.final_report_months
        if months is not None and (isinstance(months, bool) or not isinstance(months, int)
                                   or not 1 <= months <= MAX_REPORT_MONTHS):
            raise InvalidInput("final_report_months", f"must be a whole number from 1 to {MAX_REPORT_MONTHS}")
        months = self.interim_report_months
        if months is not None and (isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 11):
            raise InvalidInput("interim_report_months", "must be a whole number from 1 to 11")
        return self

    def held_back(self, granted: Decimal) -> Decimal:
        """The share of `granted` held back, to the øre."""
        return (granted * self.holdback_percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def final_report_due(self, last_year: int) -> date | None:
        """When the final report of a grant whose budget ends in `last_year` falls due."""
        return None if self.final_report_months is None else months_after_year(last_year, self.final_report_months)

    def interim_reports_due(self, years: list[int]) -> list[date]:
        """When the interim reports of a grant budgeted over `years` fall due: after each
        year but the last."""
        if self.interim_report_months is None:
            return []
        return [months_after_year(year, self.interim_report_months) for year in sorted(years)[:-1]]


def months_after_year(year: int, months: int) -> date:
    """The last day of the month `months` after the end of `year`."""
    month = 12 + months
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])
