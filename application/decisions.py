"""Use cases of the committee: approve (reserving from the pool) or reject."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from application.changes import ApplicationChanges, carries_out
from domain.application import Application
from domain.commands import Approve, Reject
from domain.pool import FundingPool
from domain.values import Actor


def reserve(pool: FundingPool, app: Application, granted: Decimal, _: Approve, actor: Actor, at: datetime) -> None:
    """Reserve the grant in the pool, per committed year."""
    pool.reserve(app.id, granted, actor, at, app.commitments)


@carries_out(Approve, book=reserve)
def approve(service: ApplicationChanges, app: Application, pool: FundingPool, command: Approve, actor: Actor,
            at: datetime) -> Decimal:
    """Grant an amount, reserved in the pool in the same save: two approvals racing for
    the last money never both succeed (the loser retries and is refused). The grant is
    committed per year of the pool (the command's `commitments`, or the budget scaled),
    and takes on the round's follow-up terms (holdback, final report)."""
    granted = app.approve(command.amount, command.conditions, command.decision_ref, actor, at, pool.fiscal_years,
                          None if command.commitments is None else list(command.commitments))
    app.take_round_terms(service.get_round(app.round_id).follow_up, actor, at)
    return granted


@carries_out(Reject)
def reject(_: object, app: Application, command: Reject, actor: Actor, at: datetime) -> None:
    """Refuse an application, giving reasons."""
    app.reject(command.reasons, actor, at)
