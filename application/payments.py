"""Use cases of finance after a grant: disburse, reclaim, reports, close."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import GrantsBase, Outcome, check_version, retrying
from domain.application import Application
from domain.money import ZERO
from domain.values import Actor


class PaymentUseCases(GrantsBase):
    """Money out of (and back into) a pool for a granted application."""

    @retrying
    def disburse(self, application_id: UUID | str, amount: object, payment_reference: str, actor: Actor,
                 expected_version: int | None = None) -> Outcome[Application]:
        """Pay an instalment. The same payment reference again pays nothing and answers
        the application as it stands with `created=False`."""
        application = self.get_application(application_id)
        version_read, at = application.version, self.now()
        if not application.disburse(amount, payment_reference, actor, at):
            return Outcome(application, None, created=False)  # a repeat answers, whatever its If-Match
        check_version(application.reference, version_read, expected_version)
        pool = self.get_pool(application.pool_id)
        pool.pay(application.id, amount, payment_reference, actor, at)
        return Outcome(application, self._save(application, pool))

    @retrying
    def reclaim(self, application_id: UUID | str, amount: object, reason: str, actor: Actor,
                expected_version: int | None = None) -> Outcome[Application]:
        """Claim money back from a grant; it returns to the pool."""
        application = self.get_application(application_id, expected_version=expected_version)
        pool = self.get_pool(application.pool_id)
        at = self.now()
        returned = application.reclaim(amount, reason, actor, at)
        pool.return_funds(application.id, returned, reason, actor, at)
        return Outcome(application, self._save(application, pool))

    @retrying
    def close_application(self, application_id: UUID | str, reason: str, actor: Actor,
                          expected_version: int | None = None) -> Outcome[Application]:
        """Close a granted application; what was granted and never paid goes back to the pool."""
        application = self.get_application(application_id, expected_version=expected_version)
        pool = self.get_pool(application.pool_id)
        at = self.now()
        released = application.close(reason, actor, at)
        if released > ZERO:
            pool.release(application.id, released, actor, at)
        return Outcome(application, self._save(application, pool))

    def set_report_due(self, application_id: UUID | str, due_on: date, actor: Actor,
                       expected_version: int | None = None) -> Outcome[Application]:
        """Ask the grant recipient for a report by a date."""
        return self._change_application(
            application_id, expected_version, lambda app, at: app.set_report_due(due_on, actor, at))

    def receive_report(self, application_id: UUID | str, received_on: date, document_ref: str, actor: Actor,
                       expected_version: int | None = None) -> Outcome[Application]:
        """Register the recipient's report."""
        return self._change_application(
            application_id, expected_version,
            lambda app, at: app.receive_report(received_on, document_ref, actor, at))
