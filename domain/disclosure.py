"""A request for access to a document (*innsynskrav*, offentleglova §§ 28–32): anyone may
ask for a document listed in the public journal; the case handler of the case's owner
decides without undue delay — access granted, granted in part, or refused on a legal
basis — and the answer goes to the requester as a letter.

The requester's name and e-mail address are personal data (`domain.privacy`): they are
kept sealed, and erased when the retention for requests has run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import text
from domain.base import GrantAggregate
from domain.errors import InvalidInput, NotPermitted, OutOfScope, WrongStatus
from domain.journal import LEGAL_BASES
from domain.roles import ASSESSOR, COMMITTEE, FINANCE
from domain.scope import reaches
from domain.text import optional_text, require_text
from domain.values import Actor, Contact

_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:access-request")
#: The answers a case handler gives: access to all of it, to part of it, or none.
GRANTED, PARTLY, REFUSED = "granted", "partly", "refused"
OUTCOMES: Final = {GRANTED: "innsyn gitt", PARTLY: "delvis innsyn", REFUSED: "innsyn avslått"}
#: Who decides on access: the case workers of the case's owner.
DECIDERS: Final = (ASSESSOR, COMMITTEE, FINANCE)
#: Working days to answer in (offentleglova § 32 and the Sivilombudet's practice: "without
#: undue delay", normally within one to three working days).
WORKING_DAYS: Final = 3
RECEIVED, DECIDED = "received", "decided"


def answer_by(received_on: date) -> date:
    """The last day to answer a request received on `received_on` (weekends not counted)."""
    day, left = received_on, WORKING_DAYS
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


@dataclass(frozen=True)
class JournalReference:
    """The journal entry asked for, as the public journal lists it."""

    entry: str  # journalår/sekvensnummer
    case: str  # saksår/sekvensnummer
    title: str  # the public title
    application_id: str
    owner_id: str
    owner_name: str
    community_id: str
    exempt: bool


class AccessRequest(GrantAggregate):
    """One request for access to one journal entry (see the module's text)."""

    class Requested(GrantAggregate.Created):
        reference: JournalReference
        requester: Contact
        received_on: date
        answer_by: date

        def apply(self, request: AccessRequest) -> None:
            request.reference, request.requester = self.reference, self.requester
            request.received_on, request.answer_by = self.received_on, self.answer_by
            request.status, request.outcome, request.legal_basis, request.reasons = RECEIVED, None, None, ""

    class Decided(GrantAggregate.Event):
        outcome: str
        legal_basis: str | None
        reasons: str

        def apply(self, request: AccessRequest) -> None:
            request.status, request.outcome = DECIDED, self.outcome
            request.legal_basis, request.reasons = self.legal_basis, self.reasons

    reference: JournalReference
    requester: Contact
    received_on: date
    answer_by: date
    status: str
    outcome: str | None
    legal_basis: str | None
    reasons: str

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def id_for(entry: str, email: str, received_on: date) -> UUID:
        """The same person asking for the same entry on the same day asks once."""
        return uuid5(_NAMESPACE, f"{entry}\n{email.casefold()}\n{received_on.isoformat()}")

    @classmethod
    def request(cls, reference: JournalReference, requester: Contact, received_on: date, actor: Actor,
                at: datetime) -> AccessRequest:
        """Register a request for the entry `reference` from `requester` (name and e-mail)."""
        checked = requester.validated()
        return cls._create(cls.Requested, id=cls.id_for(reference.entry, checked.email, received_on), timestamp=at,
                           actor=actor, reference=reference, requester=checked, received_on=received_on,
                           answer_by=answer_by(received_on))

    def decide(self, outcome: str, legal_basis: str | None, reasons: str, actor: Actor, at: datetime) -> None:
        """Decide on the request: `granted`, or `partly`/`refused` with the legal basis
        (one of `domain.journal.LEGAL_BASES`) and the reasons."""
        self.check_decider(actor)
        if self.status != RECEIVED:
            raise WrongStatus(f"the request for {self.reference.entry} was decided already ({self.outcome})")
        if outcome not in OUTCOMES:
            raise InvalidInput("outcome", f"must be one of {', '.join(OUTCOMES)}")
        reasons = (optional_text(reasons, "reasons", text.REASON) if outcome == GRANTED
                   else require_text(reasons, "reasons", text.REASON, multiline=True))
        if outcome == GRANTED:
            legal_basis = None
        elif legal_basis not in LEGAL_BASES:
            raise InvalidInput("legal_basis", f"a refusal names its legal basis: one of {', '.join(LEGAL_BASES)}")
        self._record(self.Decided, at, actor, outcome=outcome, legal_basis=legal_basis, reasons=reasons)

    def check_decider(self, actor: Actor) -> None:
        """`NotPermitted` unless the actor is a case worker; `OutOfScope` outside the case's owner."""
        if actor.role not in DECIDERS:
            raise NotPermitted("only the case workers decide on access")
        if not reaches(actor, self.reference.owner_id, self.reference.community_id):
            raise OutOfScope("no such access request")
