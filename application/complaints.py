"""Use cases of a complaint: a party lodges it; the body that decided reverses its
decision (reserving in the pool what it grants besides, in the same save, so a reversal
and an approval racing for the last money never both succeed) or forwards it; the
klageinstans's decision is recorded. And the notice before a burdensome decision, with
the parties' answer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from application.changes import ApplicationChanges, carries_out
from domain.application import Application
from domain.commands import (
    AnswerNotice,
    ForwardComplaint,
    GiveNotice,
    LodgeComplaint,
    RecordAppealDecision,
    ReverseDecision,
)
from domain.money import ZERO
from domain.pool import FundingPool
from domain.statuses import Status
from domain.values import Actor, BudgetLine

#: What a reversal grants besides what was granted before, in total and per year.
Added = tuple[Decimal, tuple[BudgetLine, ...]]


def reserve_added(pool: FundingPool, app: Application, added: Added, _: object, actor: Actor, at: datetime) -> None:
    """Reserve in the pool what a reversed decision grants besides (nothing when upheld)."""
    amount, by_year = added
    if amount > ZERO:
        pool.reserve_more(app.id, amount, actor, at, by_year)


def _fiscal_years(service: ApplicationChanges, app: Application, pool: FundingPool) -> tuple[int, ...]:
    return tuple(service.read_round(app.round_id).years_of(pool.fiscal_years))


def _take_terms(service: ApplicationChanges, app: Application, was: str, actor: Actor, at: datetime) -> None:
    """A refusal reversed into a grant takes on the round's follow-up terms, as an approval does."""
    if was == Status.REJECTED and app.status == Status.APPROVED:
        app.take_round_terms(service.read_round(app.round_id).follow_up, actor, at)


@carries_out(LodgeComplaint)
def lodge_complaint(_: object, app: Application, command: LodgeComplaint, actor: Actor, at: datetime) -> None:
    """A party complains of the decision (late ones are registered as late)."""
    app.lodge_complaint(command.text, command.received_on, tuple(command.attachments), actor, at)


@carries_out(ReverseDecision, book=reserve_added)
def reverse_decision(service: ApplicationChanges, app: Application, pool: FundingPool, command: ReverseDecision,
                     actor: Actor, at: datetime) -> Added:
    """The body that decided takes the complaint and grants (more); the pool reserves it
    in the same save, or refuses when it cannot bear it."""
    was = app.status
    added = app.reverse(command.amount, command.decision_ref, command.reasons, command.conditions, actor, at,
                        _fiscal_years(service, app, pool))
    _take_terms(service, app, was, actor, at)
    return added


@carries_out(ForwardComplaint)
def forward_complaint(_: object, app: Application, command: ForwardComplaint, actor: Actor, at: datetime) -> None:
    """The body keeps its decision and sends the complaint on with its statement."""
    app.forward_complaint(command.statement, actor, at)


@carries_out(RecordAppealDecision, book=reserve_added)
def record_appeal_decision(service: ApplicationChanges, app: Application, pool: FundingPool,
                           command: RecordAppealDecision, actor: Actor, at: datetime) -> Added:
    """The klageinstans's decision; a reversal is reserved in the pool as an approval is."""
    was = app.status
    added = app.record_appeal_decision(command.outcome, command.reasons, command.decision_ref, command.amount, actor,
                                       at, _fiscal_years(service, app, pool))
    _take_terms(service, app, was, actor, at)
    return added


@carries_out(GiveNotice)
def give_notice(_: object, app: Application, command: GiveNotice, actor: Actor, at: datetime) -> None:
    """Notice to the parties before a reclaim or a closure with less paid than granted."""
    app.give_notice(command.intent, command.text, command.comment_by, actor, at, command.amount)


@carries_out(AnswerNotice)
def answer_notice(_: object, app: Application, command: AnswerNotice, actor: Actor, at: datetime) -> None:
    """The parties' comment on the notice."""
    app.answer_notice(command.answer, actor, at)
