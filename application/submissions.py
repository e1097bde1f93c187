"""Use cases of applicants: submit, amend, withdraw."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from application.base import Outcome
from application.changes import ApplicationChanges
from application.registry import RegistryUseCases
from application.retrying import retrying
from domain.application import Application
from domain.base import CommandKey
from domain.references import ReferenceSeries
from domain.round import local_date
from domain.values import SYSTEM_ACTOR, Actor


class SubmissionUseCases(ApplicationChanges, RegistryUseCases):
    """What an applicant does with its own applications."""

    @retrying
    def submit_application(self, round_id: UUID | str, content: dict[str, Any], actor: Actor,
                           request: CommandKey | None = None) -> Outcome[Application]:
        """Submit an application to a round; it gets the next reference of the year.
        With a request key the application's id follows from the key, so a retry can
        never create a second application."""
        application_id, first = self._keyed_creation(Application, actor, request)
        if first is not None:
            return first
        at = self.now()
        round_ = self.get_round(round_id)
        round_.check_accepts_submissions(at)
        series = self._reference_series(local_date(at).year, at)
        reference = series.take_next(SYSTEM_ACTOR, at)
        registry, pool = self.registry(), self.get_pool(round_.pool_id)
        application = Application.submit(round_, reference, content, actor, at, registry, pool.owner.id,
                                         pool.fiscal_years, application_id, request)
        return Outcome(application, self._save(application, series))

    def amend_application(self, application_id: UUID | str, changes: dict[str, Any],
                          actor: Actor, expected_version: int | None = None,
                          request: CommandKey | None = None) -> Outcome[Application]:
        """Change submitted fields before the round's deadline."""
        return self._change_application(
            application_id, expected_version,
            lambda app, at: self._amended(app, changes, actor, at), actor, request)

    def _amended(self, app: Application, changes: dict[str, Any], actor: Actor, at: datetime) -> None:
        pool = self.get_pool(app.pool_id)
        app.amend(self.get_round(app.round_id), changes, actor, at, self.registry(), pool.owner.id, pool.fiscal_years)

    def withdraw_application(self, application_id: UUID | str, reason: str, actor: Actor,
                             expected_version: int | None = None,
                             request: CommandKey | None = None) -> Outcome[Application]:
        """Withdraw an undecided application."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.withdraw(reason, actor, at), actor, request)

    def _reference_series(self, year: int, at: datetime) -> ReferenceSeries:
        try:
            series: object = self.repository.get(ReferenceSeries.id_for(year))
        except AggregateNotFoundError:
            return ReferenceSeries.start(year, SYSTEM_ACTOR, at)
        assert isinstance(series, ReferenceSeries)
        return series
