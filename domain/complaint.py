"""A complaint of a decision (*klage*, forvaltningsloven §§ 28–36), as values: what the
party wrote and when it arrived, its deadline and whether it was late, and where it
stands — reconsidered by the body that decided (§ 33), which reverses its decision or
forwards the complaint with its statement to the klageinstans, whose decision is then
recorded. `domain.reconsideration` records the steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

#: Where a complaint stands.
RECEIVED, REVERSED, FORWARDED = "received", "reversed", "forwarded"
UPHELD, APPEAL_REVERSED, SENT_BACK = "upheld", "appeal_reversed", "sent_back"
#: Waiting on the body that decided (received), or on the klageinstans (forwarded).
OPEN: Final = (RECEIVED, FORWARDED)
LABELS: Final = {
    RECEIVED: "Klage mottatt – til ny vurdering", REVERSED: "Klage tatt til følge – vedtaket er omgjort",
    FORWARDED: "Klage oversendt klageinstansen", UPHELD: "Klagen er ikke tatt til følge",
    APPEAL_REVERSED: "Klageinstansen har omgjort vedtaket",
    SENT_BACK: "Klageinstansen har opphevet vedtaket og sendt saken tilbake",
}
#: What the klageinstans may decide, and where the complaint then stands.
OUTCOMES: Final = {"upheld": UPHELD, "reversed": APPEAL_REVERSED, "sent_back": SENT_BACK}
#: The complaint period: three weeks from the letter's arrival (forvaltningsloven § 29).
PERIOD: Final = timedelta(weeks=3)


@dataclass(frozen=True)
class Complaint:
    """One complaint: its text and files, who lodged it (organisation number), the day it
    arrived and its deadline, the decision complained of (the status it left), and where
    it stands with the body's statement and the final decision's reasons and case number."""

    id: str
    text: str
    received_on: date
    deadline: date
    late: bool
    lodged_by: str
    concerns: str
    attachments: tuple[str, ...] = ()
    status: str = RECEIVED
    statement: str | None = None
    outcome_reasons: str | None = None
    decision_ref: str | None = None

    @property
    def label(self) -> str:
        """Where it stands, in bokmål."""
        return LABELS[self.status]

    @property
    def is_open(self) -> bool:
        """Waiting on the body that decided or on the klageinstans."""
        return self.status in OPEN


def deadline_for(letter_arrived: date) -> date:
    """The last day to complain of a decision whose letter arrived on `letter_arrived`:
    three weeks later, moved to the Monday when it falls on a Saturday or Sunday."""
    last = letter_arrived + PERIOD
    while last.weekday() >= 5:
        last += timedelta(days=1)
    return last


def open_complaint(complaints: tuple[Complaint, ...]) -> Complaint | None:
    """The complaint still being dealt with, or None."""
    return next((c for c in reversed(complaints) if c.is_open), None)
