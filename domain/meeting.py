"""A meeting of a deciding body (`domain.body`): when and where, the members present, and
per case the recusals, the decision with its case number, and the votes where the body
was not unanimous. A decision needs a quorum among the members present and not recused
(409 `no-quorum`); a recused member's vote is refused. When the meeting is closed its
protocol is written from what it recorded and kept exactly as written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final
from uuid import UUID, uuid4

from domain import text
from domain.base import CommandKey, GrantAggregate
from domain.body import Body, Member
from domain.errors import InvalidInput, NoQuorum, Recused, WrongStatus
from domain.formatting import format_date, format_nok
from domain.round import local_date
from domain.text import optional_text, require_text
from domain.values import COMMITTEE, Actor

#: What a body decides on a case.
APPROVE, REJECT = "approve", "reject"
DECISIONS: Final = {APPROVE: "innvilget", REJECT: "avslått"}


@dataclass(frozen=True)
class CaseDecision:
    """One case decided in the meeting."""

    application_id: str
    reference: str
    title: str
    case_number: str
    decision: str
    amount: Decimal | None
    reasons: str
    votes_for: tuple[str, ...] = ()
    votes_against: tuple[str, ...] = ()


class Meeting(GrantAggregate):
    """A meeting of a body (see the module's text)."""

    class Held(GrantAggregate.Created):
        body_id: UUID
        body_name: str
        owner_id: str
        held_on: date
        place: str
        members: tuple[Member, ...]
        present: tuple[str, ...]
        quorum: int

        def apply(self, meeting: Meeting) -> None:
            meeting.body_id, meeting.body_name, meeting.owner_id = self.body_id, self.body_name, self.owner_id
            meeting.held_on, meeting.place, meeting.members = self.held_on, self.place, tuple(self.members)
            meeting.present, meeting.quorum = tuple(self.present), self.quorum
            meeting.recusals, meeting.decisions, meeting.protocol = {}, (), None

    class RecusalRecorded(GrantAggregate.Event):
        application_id: str
        member_id: str
        reason: str

        def apply(self, meeting: Meeting) -> None:
            earlier = meeting.recusals.get(self.application_id, {})
            meeting.recusals = {**meeting.recusals, self.application_id: {**earlier, self.member_id: self.reason}}

    class CaseDecided(GrantAggregate.Event):
        decision: CaseDecision

        def apply(self, meeting: Meeting) -> None:
            meeting.decisions = (*meeting.decisions, self.decision)

    class Closed(GrantAggregate.Event):
        protocol: str

        def apply(self, meeting: Meeting) -> None:
            meeting.protocol = self.protocol

    body_id: UUID
    body_name: str
    owner_id: str
    held_on: date
    place: str
    members: tuple[Member, ...]
    present: tuple[str, ...]
    quorum: int
    recusals: dict[str, dict[str, str]]
    decisions: tuple[CaseDecision, ...]
    protocol: str | None

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @classmethod
    def hold(cls, body: Body, held_on: object, place: str, present: Sequence[str], actor: Actor,
             at: datetime, meeting_id: UUID | None = None, request: CommandKey | None = None) -> Meeting:
        """A meeting of `body` on `held_on` (not after today) at `place`, with the members
        `present` (by their ids in the body); its secretary (committee) records it."""
        actor.require_role(COMMITTEE)
        if not isinstance(held_on, date) or isinstance(held_on, datetime):
            raise InvalidInput("held_on", "must be a date")
        if held_on > local_date(at):
            raise InvalidInput("held_on", "a meeting is recorded when it is held, not before")
        for member_id in present:
            body.member(member_id)
        if len(set(present)) != len(present):
            raise InvalidInput("present", "names a member twice")
        return cls._create(cls.Held, id=meeting_id or uuid4(), timestamp=at, actor=actor, request=request,
                           body_id=body.id, body_name=body.name,
                           owner_id=body.owner_id, held_on=held_on, members=body.members, quorum=body.quorum,
                           place=require_text(place, "place", text.NAME), present=tuple(present))

    def name_of(self, member_id: str) -> str:
        """A member's name."""
        return next((m.name for m in self.members if m.id == member_id), member_id)

    def able(self, application_id: str) -> tuple[str, ...]:
        """The members present and not recused for the case."""
        recused = self.recusals.get(application_id, {})
        return tuple(m for m in self.present if m not in recused)

    def _check_open(self) -> None:
        if self.protocol is not None:
            raise WrongStatus(f"the meeting of {self.body_name} on {self.held_on.isoformat()} is closed")

    def record_recusal(self, application_id: str, member_id: str, reason: str, actor: Actor, at: datetime) -> None:
        """A member present steps aside from a case (forvaltningsloven § 6)."""
        actor.require_role(COMMITTEE)
        self._check_open()
        if member_id not in self.present:
            raise InvalidInput("member_id", f"{self.name_of(member_id)} is not present at the meeting")
        if member_id in self.recusals.get(application_id, {}):
            raise Recused(f"{self.name_of(member_id)} has already stepped aside from the case")
        if any(d.application_id == application_id for d in self.decisions):
            raise WrongStatus("the case is decided already")
        self._record(self.RecusalRecorded, at, actor, application_id=application_id, member_id=member_id,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    def check_can_decide(self, application_id: str, votes_for: Sequence[str], votes_against: Sequence[str]) -> None:
        """Raise unless the body can decide the case now: the meeting is open, a quorum
        of members present is not recused, and every vote is a present member's, once,
        and none a recused member's; with votes, more for than against."""
        self._check_open()
        able = self.able(application_id)
        if len(able) < self.quorum:
            raise NoQuorum(f"{len(able)} of the members present may decide the case; {self.body_name} needs "
                           f"{self.quorum}")
        voters = [*votes_for, *votes_against]
        if len(set(voters)) != len(voters):
            raise InvalidInput("votes", "names a member twice")
        for member_id in voters:
            if member_id in self.recusals.get(application_id, {}):
                raise Recused(f"{self.name_of(member_id)} has stepped aside from the case and may not vote")
            if member_id not in self.present:
                raise InvalidInput("votes", f"{self.name_of(member_id)} is not present at the meeting")
        if voters and len(votes_for) <= len(votes_against):
            raise InvalidInput("votes", "a decision needs more votes for than against")

    def record_decision(self, decision: CaseDecision, actor: Actor, at: datetime) -> None:
        """Record the decision of a case (after `check_can_decide`, with the case number
        the body gave it), saved with the application."""
        actor.require_role(COMMITTEE)
        self.check_can_decide(decision.application_id, decision.votes_for, decision.votes_against)
        if any(d.application_id == decision.application_id for d in self.decisions):
            raise WrongStatus(f"{decision.reference} is decided already in this meeting")
        self._record(self.CaseDecided, at, actor, decision=decision)

    def close(self, actor: Actor, at: datetime) -> str:
        """Close the meeting: its protocol is written from what it recorded, and kept."""
        actor.require_role(COMMITTEE)
        self._check_open()
        protocol = self.render_protocol()
        self._record(self.Closed, at, actor, protocol=protocol)
        return protocol

    def render_protocol(self) -> str:
        """The protocol in bokmål, from what the meeting recorded."""
        absent = [m.name for m in self.members if m.id not in self.present]
        lines = [f"Protokoll fra møte i {self.body_name}", "",
                 f"Dato: {format_date(self.held_on)}", f"Sted: {self.place}",
                 f"Til stede: {', '.join(self.name_of(m) for m in self.present) or 'ingen'}",
                 f"Forfall: {', '.join(absent) or 'ingen'}",
                 f"Vedtaksført når minst {self.quorum} medlemmer som ikke er inhabile, er til stede.", ""]
        for case in self.decisions:
            recused = self.recusals.get(case.application_id, {})
            lines.append(f"{case.case_number}: {case.reference} «{case.title}»")
            for member_id, reason in recused.items():
                lines.append(f"  {self.name_of(member_id)} fratrådte som inhabil: {reason}")
            verdict = DECISIONS[case.decision]
            money = f" med {format_nok(case.amount)}" if case.amount is not None else ""
            lines.append(f"  Vedtak: {verdict}{money}.")
            if case.reasons:
                lines.append(f"  Begrunnelse: {case.reasons}")
            if case.votes_for or case.votes_against:
                lines.append(f"  Stemmer for: {', '.join(self.name_of(m) for m in case.votes_for)}; mot: "
                             f"{', '.join(self.name_of(m) for m in case.votes_against) or 'ingen'}.")
            else:
                lines.append("  Enstemmig.")
            lines.append("")
        if not self.decisions:
            lines.append("Ingen saker ble avgjort.")
        return "\n".join(lines).rstrip() + "\n"


def case_decision(application_id: UUID, reference: str, title: str, case_number: str, decision: str,
                  amount: Decimal | None, reasons: str, votes_for: Sequence[str],
                  votes_against: Sequence[str]) -> CaseDecision:
    """A case's decision as the meeting keeps it."""
    if decision not in DECISIONS:
        raise InvalidInput("decision", f"must be one of {', '.join(DECISIONS)}")
    return CaseDecision(str(application_id), reference, title, case_number, decision, amount,
                        optional_text(reasons, "reasons", text.REJECTION_REASONS), tuple(votes_for),
                        tuple(votes_against))
