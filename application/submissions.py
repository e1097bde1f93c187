"""Use cases of applicants: submit, amend, withdraw."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.application import AggregateNotFoundError

from application.base import Outcome
from application.changes import Acting, ApplicationChanges, carries_out, use_case
from application.registry import RegistryUseCases
from domain.application import Application
from domain.commands import Amend, Submit, Withdraw
from domain.references import ReferenceSeries
from domain.round import local_date
from domain.values import SYSTEM_ACTOR, Actor


class SubmissionUseCases(ApplicationChanges, RegistryUseCases):
    """What an applicant does with its own applications."""

    def reference_series(self, year: int, at: datetime) -> ReferenceSeries:
        """The numbering of `year`'s applications (started, not yet stored, before the first)."""
        try:
            series: object = self.repository.get(ReferenceSeries.id_for(year))
        except AggregateNotFoundError:
            return ReferenceSeries.start(year, SYSTEM_ACTOR, at)
        assert isinstance(series, ReferenceSeries)
        return series


@use_case(Submit)
def submit(service: SubmissionUseCases, command: Submit, acting: Acting) -> Outcome[Application]:
    """Submit an application to a round; it gets the next reference of the year. With a
    request key the application's id follows from the key, so a retry can never create a
    second application."""
    application_id, first = service._keyed_creation(Application, acting.actor, acting.request)
    if first is not None:
        return first
    at = service.now()
    round_ = service.read_round(command.round_id)
    round_.check_accepts_submissions(at)
    series = service.reference_series(local_date(at).year, at)
    reference = series.take_next(SYSTEM_ACTOR, at)
    registry, pool = service.read_registry(), service.read_pool(round_.pool_id)
    application = Application.submit(round_, reference, command.content, acting.actor, at, registry, pool.owner.id,
                                     round_.years_of(pool.fiscal_years), application_id, acting.request)
    return Outcome(application, service._save(application, series))


@carries_out(Amend)
def amend(service: SubmissionUseCases, app: Application, command: Amend, actor: Actor, at: datetime) -> None:
    """Change submitted fields before the round's deadline."""
    pool, round_ = service.read_pool(app.pool_id), service.read_round(app.round_id)
    app.amend(round_, command.changes, actor, at, service.read_registry(), pool.owner.id,
              round_.years_of(pool.fiscal_years))


@carries_out(Withdraw)
def withdraw(_: object, app: Application, command: Withdraw, actor: Actor, at: datetime) -> None:
    """Withdraw an undecided application."""
    app.withdraw(command.reason, actor, at)
