"""Use cases of the health community secretariat: screen, score, prioritise, agreements."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import Outcome
from application.changes import ApplicationChanges
from domain.application import Application
from domain.base import CommandKey
from domain.values import Actor


class AssessmentUseCases(ApplicationChanges):
    """Assessment of applications within one health community."""

    def screen_application(self, application_id: UUID | str, eligible: bool, reason: str, actor: Actor,
                           expected_version: int | None = None,
                           request: CommandKey | None = None) -> Outcome[Application]:
        """Record whether an application is eligible, and why."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.screen(eligible, reason, actor, at), actor, request)

    def score_application(self, application_id: UUID | str, scores: dict[str, int], comment: str,
                          actor: Actor, expected_version: int | None = None,
                          request: CommandKey | None = None) -> Outcome[Application]:
        """One assessor's scores on every criterion of the application's round."""
        return self._change_application(
            application_id, expected_version,
            lambda app, at: app.score(self.get_round(app.round_id), scores, comment, actor, at), actor, request)

    def prioritise_application(self, application_id: UUID | str, rank: int, recommended_amount: object,
                               actor: Actor, expected_version: int | None = None,
                               request: CommandKey | None = None) -> Outcome[Application]:
        """Rank an application within its community and recommend an amount."""
        return self._change_application(
            application_id, expected_version,
            lambda app, at: app.prioritise(rank, recommended_amount, actor, at), actor, request)

    def register_agreement(self, application_id: UUID | str, signed_on: date, parties: list[str],
                           document_ref: str, patient_responsibility: str, actor: Actor,
                           expected_version: int | None = None,
                           request: CommandKey | None = None) -> Outcome[Application]:
        """Register the agreement between hospital trust and municipalities."""
        return self._change_application(
            application_id, expected_version,
            lambda app, at: app.register_agreement(signed_on, parties, document_ref, patient_responsibility,
                                                   actor, at), actor, request)

    def declare_recusal(self, application_id: UUID | str, reason: str, actor: Actor,
                        expected_version: int | None = None,
                        request: CommandKey | None = None) -> Outcome[Application]:
        """Step aside from an application because of bias (forvaltningsloven § 6)."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.declare_recusal(reason, actor, at), actor, request)
