"""Value objects carried by events: who acted, organisations, criteria, agreements.

All are frozen dataclasses of plain values (str, int, Decimal, date, tuples), so the
event store can transcode them generically (see `infrastructure.transcodings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final

from domain import text
from domain.errors import InvalidInput, NotPermitted
from domain.orgno import require_org_no
from domain.roles import ADMIN as ADMIN
from domain.roles import APPLICANT as APPLICANT
from domain.roles import ASSESSOR as ASSESSOR
from domain.roles import AUDITOR as AUDITOR
from domain.roles import COMMITTEE as COMMITTEE
from domain.roles import FINANCE as FINANCE
from domain.roles import ROLES as ROLES
from domain.roles import SYSTEM as SYSTEM
from domain.roles import Role as Role
from domain.text import require_text

#: Field metadata of a value object's field that is known while acting but not stored
#: with the events that carry the object (`infrastructure.transcodings` leaves it out).
NOT_STORED: Final = {"stored": False}

OWNER_KINDS: Final = ("rhf", "health_community")
MUNICIPALITY, HOSPITAL_TRUST, OTHER_ORGANISATION = "municipality", "hospital_trust", "other"
ORGANISATION_KINDS: Final = (MUNICIPALITY, HOSPITAL_TRUST, OTHER_ORGANISATION)

#: Priority groups from Meld. St. 9 (2023–2024) and the calls in `shared/seeds`.
PRIORITY_GROUPS: Final = {
    "children_and_youth": "Barn og unge",
    "severe_mental_illness_and_substance_abuse": "Personer med alvorlige psykiske lidelser og rus",
    "frail_elderly": "Skrøpelige eldre",
    "multiple_chronic_illnesses": "Personer med flere kroniske lidelser",
    "pregnancy_birth_postnatal": "Svangerskaps-, fødsels- og barselomsorg",
    "integrated_mental_health_and_substance_services": "Integrert psykisk helsetjeneste og rustjeneste",
    "rehabilitation": "Rehabilitering",
    "discharge_ready_patients": "Utskrivningsklare pasienter",
    "prehospital_services": "Prehospitale tjenester",
}


#: One e-mail address (RFC 5322 addr-spec, dot-atom form): a local part of atoms (letters,
#: digits and ``!#$%&'*+/=?^_`{|}~-``) joined by dots, an @, and a domain of at least two
#: labels of letters, digits and inner hyphens ending in a top-level name of letters.
#: Unicode letters are allowed (internationalised addresses); whitespace, commas,
#: quotes, angle brackets, a second @ and every control or separator character are not,
#: so a stored address is always exactly one recipient. The API's e-mail fields check
#: this rule besides their own (`web.fields.EmailAddress`).
EMAIL_PATTERN: Final = re.compile(
    r"[-!#$%&'*+/=?^`{}|~\w]+(?:\.[-!#$%&'*+/=?^`{}|~\w]+)*"
    r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}")


def email_fault(value: str) -> str | None:
    """Why `value` is not one e-mail address by the rule above, or None when it is."""
    if not value.isprintable() or not EMAIL_PATTERN.fullmatch(value) or "_" in value.rpartition("@")[2]:
        return f"{value!r} is not one e-mail address (name@domain.no)"
    return None


def require_email(value: object, field: str) -> str:
    """One e-mail address (see `EMAIL_PATTERN`): the rule for every address the system
    keeps — a person's, an application's contact — wherever it arrives."""
    email = require_text(value, field, text.EMAIL)
    fault = email_fault(email)
    if fault is not None:
        raise InvalidInput(field, fault)
    return email


@dataclass(frozen=True)
class Actor:
    """The person behind an event: who (`id`: the person, so that rules about "the same
    person" hold across their tokens and memberships), in which role, and the scope of
    the membership they act through: the applicant's organisation or the member's
    employer (`org_no`), the health community, the owner. Events recorded before people
    existed carry the token's id as `id` and no membership.

    `ties` are the organisations the person belongs to in *every* membership they hold
    (applicant organisations and employers): the impartiality rules look at all of them
    (`domain.impartiality`). They are known while the person acts and not stored with
    the events, whose log holds the person's memberships anyway."""

    id: str
    name: str
    role: str
    org_no: str | None = None
    community_id: str | None = None
    owner_id: str | None = None
    membership_id: str | None = None
    ties: tuple[str, ...] = field(default=(), compare=False, metadata=NOT_STORED)

    @property
    def organisations(self) -> frozenset[str]:
        """Every organisation number the person belongs to: the acting membership's and
        those of all their other memberships."""
        return frozenset(org for org in (self.org_no, *self.ties) if org)

    def require_role(self, *roles: str) -> None:
        """Raise `NotPermitted` unless this actor has one of `roles`."""
        if self.role not in roles:
            raise NotPermitted(f"{self.name} acts as {self.role}; this needs {' or '.join(roles)}")


SYSTEM_ACTOR: Final = Actor(id="system", name="Tilskudd", role=SYSTEM)


@dataclass(frozen=True)
class Owner:
    """Who owns a funding pool: a regional health authority or a health community."""

    id: str
    name: str
    kind: str

    def validated(self) -> Owner:
        if self.kind not in OWNER_KINDS:
            raise InvalidInput("owner.kind", f"must be one of {', '.join(OWNER_KINDS)}")
        return Owner(require_text(self.id, "owner.id", text.ID), require_text(self.name, "owner.name", text.NAME),
                     self.kind)


@dataclass(frozen=True)
class HealthCommunity:
    """A health community (helsefellesskap) that assesses and prioritises applications."""

    id: str
    name: str

    def validated(self) -> HealthCommunity:
        return HealthCommunity(
            require_text(self.id, "health_community.id", text.ID),
            require_text(self.name, "health_community.name", text.NAME),
        )


@dataclass(frozen=True)
class Organisation:
    """A municipality, hospital trust or other body, identified by organisation number."""

    org_no: str
    name: str
    kind: str

    def validated(self, field: str) -> Organisation:
        if self.kind not in ORGANISATION_KINDS:
            raise InvalidInput(f"{field}.kind", f"must be one of {', '.join(ORGANISATION_KINDS)}")
        return Organisation(
            require_org_no(self.org_no, f"{field}.org_no"), require_text(self.name, f"{field}.name", text.NAME),
            self.kind,
        )


@dataclass(frozen=True)
class Criterion:
    """One weighted assessment criterion of a round."""

    id: str
    name: str
    weight: Decimal

    def validated(self, index: int) -> Criterion:
        weight = self.weight
        if isinstance(weight, bool) or not isinstance(weight, (int, Decimal)) or not Decimal(weight).is_finite():
            raise InvalidInput(f"criteria[{index}].weight", "must be a decimal number")
        if Decimal(weight) <= 0 or Decimal(weight) > 100:
            raise InvalidInput(f"criteria[{index}].weight", "must be greater than 0 and at most 100")
        return Criterion(
            require_text(self.id, f"criteria[{index}].id", text.CRITERION_ID),
            require_text(self.name, f"criteria[{index}].name", text.TITLE),
            Decimal(weight),
        )


@dataclass(frozen=True)
class BudgetLine:
    """The amount applied for in one year."""

    year: int
    amount: Decimal


@dataclass(frozen=True)
class Contact:
    """The applicant's contact person (personal data: never published)."""

    name: str
    email: str

    def validated(self) -> Contact:
        return Contact(require_text(self.name, "contact.name", text.NAME), require_email(self.email, "contact.email"))


@dataclass(frozen=True)
class Agreement:
    """The signed agreement between hospital trust and municipalities (avtale)."""

    signed_on: date
    parties: tuple[str, ...]
    document_ref: str  # its archive reference ("" when only the signed file is kept)
    patient_responsibility: str  # who is responsible for the patients, where relevant ("" otherwise)
    attachment: str | None = None  # the signed agreement, kept with the application (SHA-256)


@dataclass(frozen=True)
class Scoring:
    """One assessor's scores (criterion id → 0..5) and the round's weights when scored."""

    assessor_id: str
    scores: dict[str, int] = field(default_factory=dict)
    weights: dict[str, Decimal] = field(default_factory=dict)
    comment: str = ""

    def weighted_mean(self) -> Decimal:
        """Σ score×weight / Σ weight for this assessor."""
        total_weight = sum(self.weights.values(), Decimal(0))
        return sum((Decimal(self.scores[c]) * w for c, w in self.weights.items()), Decimal(0)) / total_weight
