"""Use cases of the committee: approve (reserving from the pool) or reject."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from application.base import Outcome
from application.changes import ApplicationChanges
from application.retrying import retrying
from domain.application import Application
from domain.base import CommandKey
from domain.values import Actor, BudgetLine


class DecisionUseCases(ApplicationChanges):
    """The committee's decisions."""

    @retrying
    def approve_application(self, application_id: UUID | str, amount: object, conditions: str,
                            decision_ref: str, actor: Actor, expected_version: int | None = None,
                            request: CommandKey | None = None,
                            per_year: list[BudgetLine] | None = None) -> Outcome[Application]:
        """Grant an amount and reserve it in the pool, in one atomic save: two approvals
        racing for the last money never both succeed (the loser retries and is refused).
        The grant is committed per year of the pool: `per_year`, or the budget scaled."""
        return self._change_with_pool(
            application_id, expected_version,
            lambda app, pool, at: self._approved(app, app.approve(
                amount, conditions, decision_ref, actor, at, pool.fiscal_years, per_year), actor, at),
            lambda pool, app, granted, at: pool.reserve(app.id, granted, actor, at, app.commitments), actor, request)

    def _approved(self, app: Application, granted: Decimal, actor: Actor, at: datetime) -> Decimal:
        """The round's follow-up terms (holdback, final report) taken on by the grant."""
        app.take_round_terms(self.get_round(app.round_id).follow_up, actor, at)
        return granted

    def reject_application(self, application_id: UUID | str, reasons: str, actor: Actor,
                           expected_version: int | None = None,
                           request: CommandKey | None = None) -> Outcome[Application]:
        """Refuse an application, giving reasons."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.reject(reasons, actor, at), actor, request)
