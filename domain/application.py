"""Application (søknad): from submission through assessment and decision to payout.

The commands and their events live by concern (`submission`, `assessment`, `decision`,
`acceptance`, `payout`, `hearing`, `reconsideration`, `reporting`) on a shared state
(`application_state`). Joined here, each event class is
defined again on `Application` by the library, so its stored topic stays
`domain.application:Application.<Event>` wherever its code lives."""

from __future__ import annotations

from domain.acceptance import Acceptance
from domain.assessment import Assessment
from domain.decision import Decision
from domain.filing import Filing
from domain.hearing import Hearing
from domain.information import Inquiries
from domain.payout import Payout
from domain.reconsideration import Reconsideration
from domain.reporting import Reporting
from domain.submission import Submission


class Application(Submission, Assessment, Decision, Acceptance, Payout, Hearing, Reconsideration, Reporting, Filing,
                  Inquiries):
    """A grant application and every decision about it. Commands are guarded; a refused
    command raises a `GrantsError` and records nothing."""

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""
