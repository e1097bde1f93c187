"""Where an application stands: its statuses, how people read them, and every legal
change between them. Adding a status is one edit here."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Status(StrEnum):
    """An application's status (the value is what the API and the stores say)."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    AWAITING_INFORMATION = "awaiting_information"
    PRIORITISED = "prioritised"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    PAID = "paid"
    DECLINED = "declined"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The status as people read it, in bokmål."""
        return _LABELS[self]


_LABELS: Final = {
    Status.SUBMITTED: "Mottatt", Status.UNDER_REVIEW: "Under behandling",
    Status.AWAITING_INFORMATION: "Venter på opplysninger", Status.PRIORITISED: "Prioritert",
    Status.APPROVED: "Innvilget", Status.REJECTED: "Avslått", Status.WITHDRAWN: "Trukket",
    Status.PAID: "Utbetalt", Status.DECLINED: "Takket nei", Status.CLOSED: "Avsluttet",
}

#: Not yet decided: the secretariat's and the committee's work lists.
UNDECIDED: Final = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_INFORMATION, Status.PRIORITISED)

#: Every legal status change; the property test checks the aggregate never leaves it.
TRANSITIONS: Final[dict[Status, set[Status]]] = {
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.AWAITING_INFORMATION, Status.REJECTED, Status.WITHDRAWN},
    Status.UNDER_REVIEW: {Status.PRIORITISED, Status.AWAITING_INFORMATION, Status.REJECTED, Status.WITHDRAWN},
    Status.AWAITING_INFORMATION: {Status.SUBMITTED, Status.UNDER_REVIEW, Status.REJECTED, Status.WITHDRAWN},
    Status.PRIORITISED: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN},
    Status.APPROVED: {Status.PAID, Status.CLOSED, Status.DECLINED},
    Status.PAID: {Status.CLOSED, Status.APPROVED},  # a complaint's reversal grants more, to pay
    Status.REJECTED: {Status.APPROVED, Status.UNDER_REVIEW},  # reversed, or sent back, on a complaint
    Status.WITHDRAWN: set(),
    Status.DECLINED: set(),
    Status.CLOSED: set(),
}
