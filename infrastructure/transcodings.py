"""JSON transcodings for the non-JSON values in our events and snapshots: dates, sets and
value objects."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, TypeVar

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.attachments import Attachment
from domain.base import CommandKey
from domain.body import Member
from domain.complaint import Complaint
from domain.content import Contribution
from domain.disclosure import JournalReference
from domain.followup import FollowUp, Indicator, Requirement
from domain.inquiry import Inquiry
from domain.ledger import Ledger
from domain.meeting import CaseDecision
from domain.membership import Membership
from domain.notice import Notice
from domain.person import PersonalToken
from domain.privacy import ERASED, Address, person_id_for
from domain.registry import Community, RegisteredOwner
from domain.round import Series
from domain.values import (
    Actor,
    Agreement,
    BudgetLine,
    Contact,
    Criterion,
    HealthCommunity,
    Organisation,
    Owner,
    Scoring,
)
from infrastructure.personal_keys import Erased, PersonalKeys

#: Value objects stored inside events, with the stable names used in the stored JSON.
#: Renaming a class is fine; renaming its entry here breaks old events.
VALUE_OBJECTS: dict[str, type[Any]] = {
    "actor": Actor, "agreement": Agreement, "command_key": CommandKey, "budget_line": BudgetLine,
    "criterion": Criterion, "health_community": HealthCommunity, "organisation": Organisation,
    "owner": Owner, "scoring": Scoring, "membership": Membership, "personal_token": PersonalToken,
    "registered_owner": RegisteredOwner, "community": Community, "follow_up": FollowUp, "requirement": Requirement,
    "attachment": Attachment, "inquiry": Inquiry, "contribution": Contribution, "indicator": Indicator,
    "series": Series, "notice": Notice, "complaint": Complaint, "member": Member, "case_decision": CaseDecision,
    "journal_reference": JournalReference,
}


class DateAsISO(Transcoding):
    """A calendar date as `YYYY-MM-DD`."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """A frozen dataclass as a dict of its fields (nested values are transcoded too)."""

    def __init__(self, name: str, cls: type[Any]) -> None:
        self.name, self.type = name, cls
        self._tuples = {f.name for f in dataclasses.fields(cls) if str(f.type).startswith("tuple")}
        #: The fields written, looked up once: `dataclasses.fields` per value was a third
        #: of encoding an application's state (83 -> 56 us; bench/README.md).
        self._stored = tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("stored", True))

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._stored}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**{k: tuple(v) if k in self._tuples else v for k, v in data.items()})


class SetAsSortedList(Transcoding):
    """A set of texts (who prioritised, who recused) as a sorted list, for snapshots."""

    type = set
    name = "set"

    def encode(self, obj: set[Any]) -> list[Any]:
        return sorted(obj)

    def decode(self, data: list[Any]) -> set[Any]:
        return set(data)


class LedgerAsDict(Transcoding):
    """A pool's ledger as its sum and {application id: "amount"}: one object per ledger,
    not one per amount, so a pool's snapshot stays quick to read with thousands of grants."""

    type = Ledger
    name = "ledger"

    def encode(self, obj: Ledger) -> dict[str, Any]:
        total, amounts = obj.as_stored()
        return {"total": total, "amounts": amounts}

    def decode(self, data: dict[str, Any]) -> Ledger:
        return Ledger.stored(data["total"], data["amounts"])


#: Marks a person's value that the log holds in the clear (stored before sealing began):
#: it is written back as it was stored, so a read model's state does not depend on
#: whether the person has a key by the time it is rebuilt.
_CLEAR = "_stored_in_the_clear"
T = TypeVar("T")


def _in_the_clear(value: T) -> T:
    object.__setattr__(value, _CLEAR, True)
    return value


class SealedContact(Transcoding):
    """A person's name and address sealed under their key (`infrastructure.personal_keys`):
    `{"person": pseudonym, "sealed": …}`; once erased it reads as `ERASED`. A contact
    stored in the clear before sealing began (the person has no key) reads, and is kept
    in read models' states, as it was stored."""

    type = Contact
    name = "contact"

    def __init__(self, keys: PersonalKeys) -> None:
        self.keys = keys

    def encode(self, obj: Contact) -> dict[str, Any]:
        if obj.email == ERASED:  # read back after erasure (a read model's state): nothing left to seal
            return {"erased": True}
        if getattr(obj, _CLEAR, False):
            return {"name": obj.name, "email": obj.email}
        person = person_id_for(obj.email)
        return {"person": person, "sealed": self.keys.seal(person, {"name": obj.name, "email": obj.email})}

    def decode(self, data: dict[str, Any]) -> Contact:
        if data.get("erased"):
            return Contact(ERASED, ERASED)
        if "sealed" not in data:
            return _in_the_clear(Contact(data["name"], data["email"]))
        try:
            opened = self.keys.open(data["person"], data["sealed"])
        except Erased:
            return Contact(ERASED, ERASED)
        return Contact(opened["name"], opened["email"])


class SealedAddress(Transcoding):
    """A letter's recipient address, sealed like a contact's."""

    type = Address
    name = "address"

    def __init__(self, keys: PersonalKeys) -> None:
        self.keys = keys

    def encode(self, obj: Address) -> dict[str, Any]:
        if obj.email == ERASED:
            return {"erased": True}
        if getattr(obj, _CLEAR, False):
            return {"email": obj.email}
        person = person_id_for(obj.email)
        return {"person": person, "sealed": self.keys.seal(person, {"email": obj.email})}

    def decode(self, data: dict[str, Any]) -> Address:
        if data.get("erased"):
            return Address(ERASED)
        if "sealed" not in data:
            return _in_the_clear(Address(data["email"]))
        try:
            return Address(str(self.keys.open(data["person"], data["sealed"])["email"]))
        except Erased:
            return Address(ERASED)


def register(transcoder: JSONTranscoder, keys: PersonalKeys) -> None:
    """Register every transcoding the grant events need; persons' data is sealed with `keys`."""
    transcoder.register(DateAsISO())
    transcoder.register(SetAsSortedList())
    transcoder.register(LedgerAsDict())
    for name, cls in VALUE_OBJECTS.items():
        transcoder.register(DataclassAsDict(name, cls))
    transcoder.register(SealedContact(keys))
    transcoder.register(SealedAddress(keys))
