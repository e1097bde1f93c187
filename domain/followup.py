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
DUE, RECEIVED, ACCEPTED, RETURNED = "due", "received", "accepted", "returned"


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

    def overdue(self, today: date) -> bool:
        """Not received (or returned) and past its due date."""
        return self.status in (DUE, RETURNED) and today > self.due_on

MAX_HOLDBACK_PERCENT: Final = Decimal(50)
MAX_REPORT_MONTHS: Final = 60


@dataclass(frozen=True)
class FollowUp:
    """A round's follow-up terms: `holdback_percent` of each grant is paid only once the
    final report is accepted; the final report is due `final_report_months` after the
    end of the grant's last budget year (None: set for each grant by finance)."""

    holdback_percent: Decimal = Decimal(0)
    final_report_months: int | None = None

    def validated(self) -> FollowUp:
        """These terms, or `InvalidInput` naming the field that cannot be."""
        percent = self.holdback_percent
        if not isinstance(percent, Decimal) or not percent.is_finite() or not 0 <= percent <= MAX_HOLDBACK_PERCENT:
            raise InvalidInput("holdback_percent", f"must be a number from 0 to {MAX_HOLDBACK_PERCENT}")
        months = self.final_report_months
        if months is not None and (isinstance(months, bool) or not isinstance(months, int)
                                   or not 1 <= months <= MAX_REPORT_MONTHS):
            raise InvalidInput("final_report_months", f"must be a whole number from 1 to {MAX_REPORT_MONTHS}")
        return self

    def held_back(self, granted: Decimal) -> Decimal:
        """The share of `granted` held back, to the øre."""
        return (granted * self.holdback_percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def final_report_due(self, last_year: int) -> date | None:
        """When the final report of a grant whose budget ends in `last_year` falls due."""
        if self.final_report_months is None:
            return None
        month = 12 + self.final_report_months
        year, month = last_year + (month - 1) // 12, (month - 1) % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])
