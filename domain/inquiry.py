"""One question from the secretariat to the applicant, and its answer (`domain.information`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Inquiry:
    """One question to the applicant, and its answer once given."""

    question: str
    reply_by: date
    asked_at: datetime
    resume_status: str
    answer: str | None = None
    answered_at: datetime | None = None
    attachments: tuple[str, ...] = ()

    def waited(self, now: datetime) -> timedelta:
        """How long the application waited on this question (until now, while open)."""
        return (self.answered_at or now) - self.asked_at
