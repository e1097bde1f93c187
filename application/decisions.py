"""Use cases of the committee: approve (reserving from the pool) or reject."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from application.changes import ApplicationChanges, carries_out
from application.payments import release
from domain.application import Application
from domain.commands import AnswerGrant, Approve, Reject
from domain.pool import FundingPool
from domain.rules import Circumstances, outside_meetings
from domain.values import Actor


def reserve(pool: FundingPool, app: Application, granted: Decimal, _: Approve, actor: Actor, at: datetime) -> None:
    """Reserve the grant in the pool, per committed year."""
    pool.reserve(app.id, granted, actor, at, app.commitments)


@carries_out(Approve, book=reserve)
def approve(service: ApplicationChanges, app: Application, pool: FundingPool, command: Approve, actor: Actor,
            at: datetime) -> Decimal:
    """Grant an amount, reserved in the pool in the same save: two approvals racing for
    the last money never both succeed (the loser retries and is refused). The grant is
    committed per year of the round (the command's `commitments`, or the budget scaled),
    and takes on the round's follow-up terms (holdback, final report)."""
    outside_meetings(app, actor, Circumstances(at, in_meetings=service.decides_in_meetings(pool)))
    round_ = service.read_round(app.round_id)
    granted = app.approve(command.amount, command.conditions, command.decision_ref, actor, at,
                          round_.years_of(pool.fiscal_years),
                          None if command.commitments is None else list(command.commitments), command.reasons)
    app.take_round_terms(round_.follow_up, actor, at)
    return granted


@carries_out(AnswerGrant, book=release)
def answer_grant(_: object, app: Application, __: FundingPool, command: AnswerGrant, actor: Actor,
                 at: datetime) -> Decimal:
    """The recipient accepts its grant, or declines it and its money returns to the pool
    in the same save."""
    return app.answer_grant(command.accept, command.reason, actor, at)


@carries_out(Reject)
def reject(service: ApplicationChanges, app: Application, command: Reject, actor: Actor, at: datetime) -> None:
    """Refuse an application, giving reasons (outside meetings only when the owner has no
    deciding body)."""
    pool = service.get_pool(app.pool_id)
    outside_meetings(app, actor, Circumstances(at, in_meetings=service.decides_in_meetings(pool)))
    app.reject(command.reasons, command.decision_ref, actor, at)
