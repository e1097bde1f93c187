"""What a person acts as: each role's name, how people read it, and what a membership
of it is bound to (its scope). Adding a role is one edit here — then the rules that let
it do something (`domain.rules`) and the menu of its pages (`web.pages.menu`)."""

from __future__ import annotations

from dataclasses import dataclass
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

    @property
    def scope(self) -> Scope:
        """What a membership of this role is bound to."""
        return _SCOPES[self]


@dataclass(frozen=True)
class Scope:
    """What a membership is bound to: the field that names it (`org_no` of an
    organisation, `community_id` of a health community, `owner_id` of an owner of money;
    None for none), whether it must, and whether the role reads grant data at all."""

    field: str | None
    required: bool
    reads: bool = True


_LABELS: Final = {
    Role.APPLICANT: "søker", Role.ASSESSOR: "saksbehandler (helsefellesskap)", Role.COMMITTEE: "utvalg",
    Role.FINANCE: "økonomi", Role.AUDITOR: "revisjon", Role.ADMIN: "drift", Role.SYSTEM: "systemet",
}

_SCOPES: Final = {
    Role.APPLICANT: Scope("org_no", required=True), Role.ASSESSOR: Scope("community_id", required=True),
    Role.COMMITTEE: Scope("owner_id", required=True), Role.FINANCE: Scope("owner_id", required=True),
    Role.AUDITOR: Scope("owner_id", required=False),  # none: an auditor of every owner
    Role.ADMIN: Scope(None, required=False, reads=False),  # registers and issues; reads no grant data
    Role.SYSTEM: Scope(None, required=False, reads=False),
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
#: The roles bound to an owner of money (its pools, rounds, applications and budget).
OWNER_BOUND: Final = tuple(role for role in ROLES if role.scope.field == "owner_id")
#: The roles that read grant data (everyone but the operator's admin).
READERS: Final = tuple(role for role in ROLES if role.scope.reads)
