"""Personal data (GDPR articles 5, 15 and 17): which data about persons Tilskudd keeps, how
long, and when it may be erased.

Persons' names, e-mail addresses and phone numbers in events are sealed per person
(`infrastructure.personal_keys`): erasing a person destroys their key, so the log is
never rewritten and its hash chain and replay still hold; what was sealed reads as
`ERASED` everywhere afterwards. A person is known by a pseudonym made from their e-mail
address (`person_id_for`).

Erasure is refused while the data is still needed: while a case the person is the
contact of is open, before the case's documents were taken into the archive (an
archive extraction covering the day the case closed — the archive duty, arkivlova § 6),
and before the retention set for the kind of data has run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import text
from domain.base import GrantAggregate
from domain.text import require_text
from domain.values import Actor, Contact

#: What erased personal data reads as, wherever it is shown.
ERASED: Final = "slettet personopplysning"
#: The kinds of personal data, and how long each is kept after it is no longer needed
#: for its case: a contact person after their case closed (the complaint and
#: reclaim periods, and the accounts' five years, bokføringsloven § 13), a requester of
#: access after the answer (the three weeks to complain, with margin).
CONTACT, REQUESTER, RECIPIENT = "kontaktperson", "innsynskrav", "brevmottaker"
RETENTION: Final[dict[str, timedelta]] = {
    CONTACT: timedelta(days=5 * 365), REQUESTER: timedelta(days=90), RECIPIENT: timedelta(days=5 * 365),
}
_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:personal-data")


def persons_in(value: object, kind: str = CONTACT) -> Iterator[tuple[str, str]]:
    """The (pseudonym, kind of data) of every person an event's value names: a contact
    (a requester of access, in a request), or a letter's address. Erased ones are skipped."""
    if isinstance(value, Contact):
        if value.email != ERASED:
            yield person_id_for(value.email), kind
    elif isinstance(value, Address):
        if value.email != ERASED:
            yield person_id_for(value.email), RECIPIENT
    elif isinstance(value, dict):
        for item in value.values():
            yield from persons_in(item, kind)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from persons_in(item, kind)


def person_id_for(email: str) -> str:
    """The pseudonym of the person with this e-mail address (the same for every case)."""
    return str(uuid5(_NAMESPACE, email.strip().casefold()))


@dataclass(frozen=True)
class Address:
    """An e-mail address a letter goes to: a person's, kept sealed like their name."""

    email: str


@dataclass(frozen=True)
class Holding:
    """One place a person's data is needed: a case (its reference, whether it is open, the
    day it closed) or a request for access (the day it was answered)."""

    kind: str
    reference: str
    open: bool
    ended_on: date | None


def erasure_refusal(holdings: list[Holding], archived_to: date | None, today: date,
                    retention: dict[str, timedelta] = RETENTION) -> str | None:
    """Why the person's data may not be erased yet, or None when it may (`retention`: how
    long each kind is kept after it ended, as configured)."""
    ended: list[tuple[Holding, date]] = []
    for holding in holdings:
        if holding.open or holding.ended_on is None:
            return f"{holding.reference} is still open: its {holding.kind} is needed while it is handled"
        ended.append((holding, holding.ended_on))
    for holding, ended_on in ended:
        if holding.kind == CONTACT and (archived_to is None or archived_to < ended_on):
            return (f"{holding.reference} closed on {ended_on} but is not yet in an archive extraction "
                    f"(archive duty: take `grants archive export` covering that day first)")
    for holding, ended_on in ended:
        kept_until = ended_on + retention[holding.kind]
        if today < kept_until:
            return f"{holding.reference}: the {holding.kind}'s data is kept until {kept_until} (retention)"
    return None


class Erasure(GrantAggregate):
    """The record that a person's personal data was erased: the pseudonym, why, and who
    did it — never the data itself."""

    class Erased(GrantAggregate.Created):
        person_id: str
        reason: str
        kinds: tuple[str, ...]

        def apply(self, erasure: Erasure) -> None:
            erasure.person_id, erasure.reason, erasure.kinds = self.person_id, self.reason, self.kinds

    person_id: str
    reason: str
    kinds: tuple[str, ...]

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def id_for(person_id: str, at: datetime) -> UUID:
        """One record per person and moment of erasure."""
        return uuid5(_NAMESPACE, f"erasure\n{person_id}\n{at.isoformat()}")

    @classmethod
    def record(cls, person_id: str, reason: str, kinds: tuple[str, ...], actor: Actor, at: datetime) -> Erasure:
        """Record that `person_id`'s data of `kinds` was erased, and why."""
        return cls._create(cls.Erased, id=cls.id_for(person_id, at), timestamp=at, actor=actor, person_id=person_id,
                           reason=require_text(reason, "reason", text.REASON), kinds=kinds)
