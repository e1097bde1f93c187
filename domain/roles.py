"""What a person acts as, and how people read it. Adding a role is one edit here."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Role(StrEnum):
    """What a person acts as (the value is what tokens, events and the API say)."""

    APPLICANT = "applicant"
    ASSESSOR = "assessor"
    COMMITTEE = "committee"
    FINANCE = "finance"
    AUDITOR = "auditor"
    ADMIN = "admin"
    SYSTEM = "system"

    @property
    def label(self) -> str:
        """The role as people read it, in bokmål."""
        return _LABELS[self]


_LABELS: Final = {
    Role.APPLICANT: "søker", Role.ASSESSOR: "saksbehandler (helsefellesskap)", Role.COMMITTEE: "utvalg",
    Role.FINANCE: "økonomi", Role.AUDITOR: "revisjon", Role.ADMIN: "drift", Role.SYSTEM: "systemet",
}

# Shorthands for the members, as the rules name them.
APPLICANT: Final = Role.APPLICANT
ASSESSOR: Final = Role.ASSESSOR
COMMITTEE: Final = Role.COMMITTEE
FINANCE: Final = Role.FINANCE
AUDITOR: Final = Role.AUDITOR
ADMIN: Final = Role.ADMIN
SYSTEM: Final = Role.SYSTEM
#: The roles a person can hold (the system acts on its own).
ROLES: Final = tuple(role for role in Role if role is not Role.SYSTEM)
