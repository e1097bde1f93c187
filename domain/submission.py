"""Submission of an application: submit, amend while the round is open, withdraw."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, Self
from uuid import UUID, uuid4

from domain import text
from domain.application_state import ApplicationState
from domain.base import CommandKey, GrantAggregate
from domain.commands import Amend, Withdraw
from domain.content import CONTENT_FIELDS, LATER_FIELDS, check_content, normalised
from domain.errors import (
    InvalidInput,
)
from domain.money import ZERO
from domain.registry import Registry
from domain.round import Round
from domain.statuses import Status
from domain.text import require_text
from domain.values import APPLICANT, Actor, HealthCommunity
from domain.years import check_lines, committed


class Submission(ApplicationState):
    """The applicant's commands and the events they record."""

    class Submitted(GrantAggregate.Created):
        """Version 2 carries every content field; version-1 records lack those added
        later (`LATER_FIELDS`), which are upcast to their defaults."""

        class_version = 2
        reference: str
        round_id: UUID
        pool_id: UUID
        content: dict[str, Any]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            for name, default in LATER_FIELDS.items():
                state["content"].setdefault(name, default)

        def apply(self, app: ApplicationState) -> None:
            app.reference, app.round_id, app.pool_id = self.reference, self.round_id, self.pool_id
            app.submitted_by = self.actor.id
            for name in CONTENT_FIELDS:
                setattr(app, name, normalised(name, self.content[name]))
            app.attachments, app.inquiries, app.requirements = {}, (), {}
            app.holdback, app.committed_years = ZERO, ()
            app.status, app.decided_at, app.screening = Status.SUBMITTED, None, None
            app.scorings, app.prioritised_by, app.recusals = {}, set(), set()
            app.rank, app.recommended_amount, app.granted_amount = None, None, None
            app.approved_by, app.conditions, app.decision_ref, app.rejection_reasons = None, None, None, None
            app.agreement, app.disbursements, app.reclaimed_amount = None, {}, ZERO
            app.report_due_on, app.report_received_on, app.withdrawal_reason = None, None, None

    class Amended(GrantAggregate.Event):
        changes: dict[str, Any]

        def apply(self, app: ApplicationState) -> None:
            for name, value in self.changes.items():
                setattr(app, name, normalised(name, value))

    class Withdrawn(GrantAggregate.Event):
        reason: str

        def apply(self, app: ApplicationState) -> None:
            app.status, app.withdrawal_reason = Status.WITHDRAWN, self.reason

    @classmethod
    def submit(cls, round_: Round, reference: str, content: dict[str, Any], actor: Actor, at: datetime,
               registry: Registry, owner_id: str, fiscal_years: Sequence[int], application_id: UUID | None = None,
               request: CommandKey | None = None) -> Self:
        """Submit an application to an open round before its deadline (applicant of its own org);
        its budget lines fall in `fiscal_years` (the pool's) and sum to the amount applied for.
        `application_id`: the id a request key decided (else a new random one)."""
        actor.require_role(APPLICANT)
        round_.check_accepts_submissions(at)
        checked = _placed(check_content(content, round_.requires_own_contribution), round_, registry, owner_id)
        check_lines(checked["budget"], checked["requested_amount"], fiscal_years)
        cls._check_own_organisation(actor, checked["applicant"].org_no)
        return cls._create(
            cls.Submitted, id=application_id or uuid4(), timestamp=at, actor=actor, reference=reference,
            round_id=round_.id, pool_id=round_.pool_id, content=checked, request=request,
        )

    def amend(self, round_: Round, changes: dict[str, Any], actor: Actor, at: datetime, registry: Registry,
              owner_id: str, fiscal_years: Sequence[int]) -> None:
        """Change submitted fields while the round is open, before its deadline and
        before prioritisation. A new amount without a new budget moves the budget lines
        with it (scaled to the øre, as a grant is); a new budget must sum to the amount."""
        self.check_may(Amend.RULE, actor, at, round_=round_)
        if not changes:
            raise InvalidInput("body", "no field to change")
        merged = check_content({**self.content, **changes}, round_.requires_own_contribution)
        if "requested_amount" in changes and "budget" not in changes and merged["budget"]:
            merged["budget"] = committed(merged["requested_amount"], merged["budget"], fiscal_years)
            changes = {**changes, "budget": merged["budget"]}
        check_lines(merged["budget"], merged["requested_amount"], fiscal_years)
        if PLACING_FIELDS & set(changes):
            merged = _placed(merged, round_, registry, owner_id)
        self._check_own_organisation(actor, merged["applicant"].org_no)
        changed = {name: merged[name] for name in changes if merged[name] != getattr(self, name)}
        if not changed:
            raise InvalidInput("body", "nothing differs from the application as it stands")
        self._record(self.Amended, at, actor, changes=changed)

    def withdraw(self, reason: str, actor: Actor, at: datetime) -> None:
        """Withdraw the application before a decision (applicant of its own org)."""
        self.check_may(Withdraw.RULE, actor, at)
        self._record(self.Withdrawn, at, actor, reason=require_text(reason, "reason", text.REASON, multiline=True))


#: The fields that decide where an application belongs.
PLACING_FIELDS: Final = frozenset({"health_community", "applicant"})


def _placed(content: dict[str, Any], round_: Round, registry: Registry, owner_id: str) -> dict[str, Any]:
    """The content with its health community as registered, once the registry has placed
    it: a community of the pool's region, of which the applicant is a member (unless the
    round is open to applicants from outside)."""
    community = registry.place(owner_id, content["health_community"].id, content["applicant"].org_no,
                               round_.open_to_outsiders)
    return {**content, "health_community": HealthCommunity(community.id, community.name)}
