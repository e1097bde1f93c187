"""Use cases of a deciding body and its meetings: register the owner's body, hold a
meeting, record a recusal, decide a case, close the meeting with its protocol.

A case decided in a meeting is an approval or a rejection of the application under the
case number the body gives it, saved at once with the meeting, the body (its numbering)
and — for a grant — the pool, so a decision is never half recorded and never overspends.
Once an owner has a deciding body, its decisions are taken only in its meetings
(`domain.rules.outside_meetings`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from application.base import Outcome
from application.registry import RegistryUseCases
from application.retrying import retrying
from domain.application import Application
from domain.base import CommandKey
from domain.body import Body
from domain.errors import InvalidInput, NotFound, WrongStatus
from domain.meeting import APPROVE, Meeting, case_decision
from domain.scope import check_owner
from domain.values import Actor


class MeetingUseCases(RegistryUseCases):
    """The owner's deciding body and its meetings."""

    def get_body(self, owner_id: str, actor: Actor) -> Body:
        """The owner's deciding body, if the actor's scope reaches the owner."""
        check_owner(actor, owner_id, f"no body of owner {owner_id}")
        body = self.deciding_body(owner_id)
        if body is None:
            raise NotFound(f"no body of owner {owner_id}")
        return body

    def get_meeting(self, meeting_id: UUID | str, actor: Actor) -> Meeting:
        """A meeting, if the actor's scope reaches its body's owner."""
        meeting = self._get(Meeting, meeting_id, "meeting")
        check_owner(actor, meeting.owner_id, f"no meeting with id {meeting_id}")
        return meeting

    @retrying
    def register_body(self, owner_id: str, *, name: str, kind: str, members: Sequence[tuple[str, str | None]],
                      quorum: object, decides_for: str, klageinstans: str, prefix: str, actor: Actor,
                      request: CommandKey | None = None) -> Outcome[Body]:
        """Register the owner's deciding body (one per owner)."""
        check_owner(actor, owner_id, f"no owner {owner_id}")
        self.registry().check_owner(owner_id, "owner_id")
        existing = self.deciding_body(owner_id)
        if existing is not None:
            first = self._first_outcome(existing, actor, request)
            if first is not None:
                return first
            raise WrongStatus(f"{owner_id} has a deciding body already: {existing.name}")
        body = Body.register(owner_id, name, kind, members, quorum, decides_for, klageinstans, prefix, actor,
                             self.now(), request)
        return Outcome(body, self._save(body))

    @retrying
    def hold_meeting(self, owner_id: str, *, held_on: date, place: str, present: Sequence[str], actor: Actor,
                     request: CommandKey | None = None) -> Outcome[Meeting]:
        """Record a meeting of the owner's body, with the members present."""
        body = self.get_body(owner_id, actor)
        meeting_id, first = self._keyed_creation(Meeting, actor, request)
        if first is not None:
            return first
        at = self.now()
        meeting = Meeting.hold(body, held_on, place, list(present), actor, at, meeting_id, request)
        body.note_meeting(meeting.id, actor, at)
        return Outcome(meeting, self._save(meeting, body))

    @retrying
    def record_meeting_recusal(self, meeting_id: UUID | str, *, application_id: UUID | str, member_id: str,
                               reason: str, actor: Actor, request: CommandKey | None = None) -> Outcome[Meeting]:
        """A member present steps aside from a case of the meeting."""
        meeting = self.get_meeting(meeting_id, actor)
        first = self._first_outcome(meeting, actor, request)
        if first is not None:
            return first
        app = self._case_of(meeting, application_id)
        with meeting.answering(request):
            meeting.record_recusal(str(app.id), member_id, reason, actor, self.now())
        return Outcome(meeting, self._save(meeting))

    @retrying
    def decide_in_meeting(self, meeting_id: UUID | str, *, application_id: UUID | str, decision: str,
                          reasons: str, amount: object = None, conditions: str = "",
                          votes_for: Sequence[str] = (), votes_against: Sequence[str] = (), actor: Actor,
                          request: CommandKey | None = None) -> Outcome[Meeting]:
        """The body decides a case: an approval (reserved in the pool) or a rejection under
        the case number the body gives it, with the meeting, the body and the
        application (and pool) saved at once. 409 `no-quorum` when too few members present
        are not recused; a recused member's vote is refused."""
        meeting = self.get_meeting(meeting_id, actor)
        first = self._first_outcome(meeting, actor, request)
        if first is not None:
            return first
        app = self._case_of(meeting, application_id)
        meeting.check_can_decide(str(app.id), list(votes_for), list(votes_against))
        body = self.get_body(meeting.owner_id, actor)
        at = self.now()
        case_number = body.take_case_number(meeting.held_on.year, actor, at)
        saved: list[Any] = [meeting, body, app]
        granted: Decimal | None = None
        if decision == APPROVE:
            pool = self.get_pool(app.pool_id)
            round_ = self.read_round(app.round_id)
            granted = app.approve(amount, conditions, case_number, actor, at, round_.years_of(pool.fiscal_years),
                                  reasons=reasons)
            app.take_round_terms(round_.follow_up, actor, at)
            pool.reserve(app.id, granted, actor, at, app.commitments)
            saved.append(pool)
        elif decision == "reject":
            if amount not in (None, ""):
                raise InvalidInput("amount", "a rejection grants nothing")
            app.reject(reasons, case_number, actor, at)
        with meeting.answering(request):
            meeting.record_decision(case_decision(app.id, app.reference, app.title, case_number, decision, granted,
                                                  reasons, votes_for, votes_against), actor, at)
        return Outcome(meeting, self._save(*saved))

    @retrying
    def close_meeting(self, meeting_id: UUID | str, *, actor: Actor,
                      request: CommandKey | None = None) -> Outcome[Meeting]:
        """Close the meeting: its protocol is written and kept as written."""
        meeting = self.get_meeting(meeting_id, actor)
        first = self._first_outcome(meeting, actor, request)
        if first is not None:
            return first
        with meeting.answering(request):
            meeting.close(actor, self.now())
        return Outcome(meeting, self._save(meeting))

    def _case_of(self, meeting: Meeting, application_id: UUID | str) -> Application:
        """An application of the body's owner (else answered as missing)."""
        app = self.get_application(application_id)
        if self.get_pool(app.pool_id).owner.id != meeting.owner_id:
            raise NotFound(f"no application with id {application_id} for {meeting.body_name}")
        return app
