"""Use cases of applicants: submit, amend, withdraw."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from application.base import GrantsBase, Outcome, retrying
from domain.application import Application
from domain.references import ReferenceSeries
from domain.round import local_date
from domain.values import SYSTEM_ACTOR, Actor


class SubmissionUseCases(GrantsBase):
    """What an applicant does with its own applications."""

    @retrying
    def submit_application(self, round_id: UUID | str, content: dict[str, Any], actor: Actor) -> Outcome[Application]:
        """Submit an application to a round; it gets the next reference of the year."""
        at = self.now()
        round_ = self.get_round(round_id)
        round_.check_accepts_submissions(at)
        series = self._reference_series(local_date(at).year, at)
        reference = series.take_next(SYSTEM_ACTOR, at)
        application = Application.submit(round_, reference, content, actor, at)
        return Outcome(application, self._save(application, series))

    @retrying
    def amend_application(self, application_id: UUID | str, changes: dict[str, Any],
                          actor: Actor, expected_version: int | None = None) -> Outcome[Application]:
        """Change submitted fields before the round's deadline."""
        application = self.get_application(application_id, expected_version=expected_version)
        application.amend(self.get_round(application.round_id), changes, actor, self.now())
        return Outcome(application, self._save(application))

    @retrying
    def withdraw_application(self, application_id: UUID | str, reason: str, actor: Actor,
                             expected_version: int | None = None) -> Outcome[Application]:
        """Withdraw an undecided application."""
        application = self.get_application(application_id, expected_version=expected_version)
        application.withdraw(reason, actor, self.now())
        return Outcome(application, self._save(application))

    def _reference_series(self, year: int, at: datetime) -> ReferenceSeries:
        try:
            series: object = self.repository.get(ReferenceSeries.id_for(year))
        except AggregateNotFoundError:
            return ReferenceSeries.start(year, SYSTEM_ACTOR, at)
        assert isinstance(series, ReferenceSeries)
        return series
