"""Use cases of the health community's secretariat: screen, score, prioritise,
agreements, recusal."""

from __future__ import annotations

from datetime import datetime

from application.changes import ApplicationChanges, carries_out
from domain.application import Application
from domain.commands import DeclareRecusal, Prioritise, RegisterAgreement, Score, Screen
from domain.values import Actor


@carries_out(Screen)
def screen(_: object, app: Application, command: Screen, actor: Actor, at: datetime) -> None:
    """Record whether an application is eligible, and why."""
    app.screen(command.eligible, command.reason, actor, at)


@carries_out(Score)
def score(service: ApplicationChanges, app: Application, command: Score, actor: Actor, at: datetime) -> None:
    """One assessor's scores on every criterion of the application's round."""
    app.score(service.read_round(app.round_id), command.scores, command.comment, actor, at)


@carries_out(Prioritise)
def prioritise(_: object, app: Application, command: Prioritise, actor: Actor, at: datetime) -> None:
    """Rank an application within its community and recommend an amount."""
    app.prioritise(command.rank, command.recommended_amount, actor, at)


@carries_out(RegisterAgreement)
def register_agreement(service: ApplicationChanges, app: Application, command: RegisterAgreement, actor: Actor,
                       at: datetime) -> None:
    """Register the agreement between hospital trust and municipalities (any of the
    application's parties, when its round is open to other parties)."""
    app.register_agreement(command.signed_on, list(command.parties), command.document_ref,
                           command.patient_responsibility, actor, at, command.attachment,
                           service.read_round(app.round_id).open_to_outsiders)


@carries_out(DeclareRecusal)
def declare_recusal(_: object, app: Application, command: DeclareRecusal, actor: Actor, at: datetime) -> None:
    """Step aside from an application because of bias (forvaltningsloven § 6)."""
    app.declare_recusal(command.reason, actor, at)
