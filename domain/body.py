"""A deciding body (*organ*): the koordineringsutvalg, SSU or ASU an owner of money has
registered to take its decisions in meetings — its name and kind, its members (people
registered in Tilskudd, or named outsiders), its quorum, the legal decision-maker it acts
for and its klageinstans, and the prefix of its case numbers (e.g. "KU-sak").

An owner has at most one deciding body (its id follows from the owner's), so a command
can tell whether the owner's decisions must be taken in meetings. The body numbers its
cases per year (`take_case_number`) and keeps the list of its meetings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import text
from domain.base import CommandKey, GrantAggregate
from domain.errors import InvalidInput
from domain.text import require_text
from domain.values import COMMITTEE, Actor

#: The kinds of body the documents describe, as people name them.
KINDS: Final = {
    "koordineringsutvalg": "Koordineringsutvalg", "ssu": "Strategisk samarbeidsutvalg (SSU)",
    "asu": "Administrativt samarbeidsutvalg (ASU)", "annet": "Annet organ",
}
_IDS: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:body")


@dataclass(frozen=True)
class Member:
    """A member of a body: its id within the body ("m1" …), name, and the person in
    Tilskudd it is (None for an outsider named only)."""

    id: str
    name: str
    person_id: str | None = None


class Body(GrantAggregate):
    """An owner's deciding body (see the module's text)."""

    class BodyRegistered(GrantAggregate.Created):
        owner_id: str
        name: str
        kind: str
        members: tuple[Member, ...]
        quorum: int
        decides_for: str
        klageinstans: str
        prefix: str

        def apply(self, body: Body) -> None:
            body.owner_id, body.name, body.kind, body.members = self.owner_id, self.name, self.kind, tuple(self.members)
            body.quorum, body.decides_for, body.klageinstans = self.quorum, self.decides_for, self.klageinstans
            body.prefix, body.meetings, body.last_numbers = self.prefix, (), {}

    class MeetingOpened(GrantAggregate.Event):
        meeting_id: UUID

        def apply(self, body: Body) -> None:
            body.meetings = (*body.meetings, self.meeting_id)

    class CaseNumberTaken(GrantAggregate.Event):
        year: int
        number: int

        def apply(self, body: Body) -> None:
            body.last_numbers = {**body.last_numbers, str(self.year): self.number}

    owner_id: str
    name: str
    kind: str
    members: tuple[Member, ...]
    quorum: int
    decides_for: str
    klageinstans: str
    prefix: str
    meetings: tuple[UUID, ...]
    last_numbers: dict[str, int]

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def id_for(owner_id: str) -> UUID:
        """The id of the owner's deciding body."""
        return uuid5(_IDS, owner_id)

    @classmethod
    def register(cls, owner_id: str, name: str, kind: str, members: Sequence[tuple[str, str | None]], quorum: object,
                 decides_for: str, klageinstans: str, prefix: str, actor: Actor, at: datetime,
                 request: CommandKey | None = None) -> Body:
        """Register the owner's deciding body (the owner's committee secretariat): members
        as (name, person id or None), a quorum between 1 and their number."""
        actor.require_role(COMMITTEE)
        if kind not in KINDS:
            raise InvalidInput("kind", f"must be one of {', '.join(KINDS)}")
        named = [(require_text(n, f"members[{i}].name", text.NAME), p) for i, (n, p) in enumerate(members)]
        if not named:
            raise InvalidInput("members", "a body has at least one member")
        if len({n for n, _ in named}) != len(named):
            raise InvalidInput("members", "names a member twice")
        if not isinstance(quorum, int) or isinstance(quorum, bool) or not 1 <= quorum <= len(named):
            raise InvalidInput("quorum", f"must be a whole number from 1 to {len(named)} (the members)")
        return cls._create(
            cls.BodyRegistered, id=cls.id_for(owner_id), timestamp=at, actor=actor, request=request,
            owner_id=require_text(owner_id, "owner_id", text.ID), name=require_text(name, "name", text.NAME),
            kind=kind, members=tuple(Member(f"m{i + 1}", n, p) for i, (n, p) in enumerate(named)), quorum=quorum,
            decides_for=require_text(decides_for, "decides_for", text.NAME),
            klageinstans=require_text(klageinstans, "klageinstans", text.NAME),
            prefix=require_text(prefix, "prefix", text.ID))

    @property
    def kind_label(self) -> str:
        """The kind as people name it."""
        return KINDS[self.kind]

    def member(self, member_id: str) -> Member:
        """The member with this id; `InvalidInput` when the body has none."""
        found = next((m for m in self.members if m.id == member_id), None)
        if found is None:
            raise InvalidInput("member_id", f"{self.name} has no member {member_id}")
        return found

    def note_meeting(self, meeting_id: UUID, actor: Actor, at: datetime) -> None:
        """Keep a meeting in the body's list (saved with the meeting)."""
        self._record(self.MeetingOpened, at, actor, meeting_id=meeting_id)

    def take_case_number(self, year: int, actor: Actor, at: datetime) -> str:
        """The next case number of the year, e.g. "KU-sak 12/2025" (saved with the decision)."""
        number = self.last_numbers.get(str(year), 0) + 1
        self._record(self.CaseNumberTaken, at, actor, year=year, number=number)
        return f"{self.prefix} {number}/{year}"
