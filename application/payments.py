"""Use cases of finance after a grant: disburse, reclaim, reports, close."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import RecordConflictError

from application.base import Outcome, check_version
from application.changes import ApplicationChanges
from application.retrying import retrying
from domain.application import Application
from domain.base import CommandKey
from domain.errors import PaymentReferenceReused
from domain.money import ZERO
from domain.payment_reference import PaymentReference
from domain.pool import FundingPool
from domain.values import Actor
from domain.years import paid_by_year, returned_by_year, unpaid_by_year


class PaymentUseCases(ApplicationChanges):
    """Money out of (and back into) a pool for a granted application."""

    @retrying
    def disburse(self, application_id: UUID | str, amount: object, payment_reference: str, actor: Actor,
                 expected_version: int | None = None, request: CommandKey | None = None) -> Outcome[Application]:
        """Pay an instalment. The same payment reference again pays nothing and answers
        the application as it stands with `created=False`; a reference another
        application's payment used is refused, naming that application."""
        application = self._application_for(application_id, actor)
        first = self._first_outcome(application, actor, request)
        if first is not None:
            return first
        version_read, at, paid_before = application.version, self.now(), application.paid_amount
        with application.answering(request):
            if not application.disburse(amount, payment_reference, actor, at):
                return Outcome(application, None, created=False)  # a repeat answers, whatever its If-Match
        check_version(application.reference, version_read, expected_version)
        reference = payment_reference.strip()  # as the domain recorded it
        self._check_reference_free(reference, application.id)
        taken = PaymentReference.take(reference, application.id, application.reference, actor, at)
        pool = self.get_pool(application.pool_id)
        paid = application.paid_amount - paid_before
        pool.pay(application.id, paid, payment_reference, actor, at,
                 paid_by_year(application.commitments, paid_before, paid))
        return Outcome(application, self._save(application, pool, taken))

    def _check_reference_free(self, payment_reference: str, application_id: UUID) -> None:
        try:
            taken: object = self.repository.get(PaymentReference.id_for(payment_reference))
        except AggregateNotFoundError:
            return
        assert isinstance(taken, PaymentReference)
        if taken.application_id == application_id:  # paid meanwhile: read the application again
            raise RecordConflictError(f"{payment_reference!r} was paid while this payment was prepared")
        raise PaymentReferenceReused(
            f"payment reference {payment_reference!r} was used for a payment to {taken.application_reference}")

    @retrying
    def reclaim(self, application_id: UUID | str, amount: object, reason: str, actor: Actor,
                expected_version: int | None = None, request: CommandKey | None = None) -> Outcome[Application]:
        """Claim money back from a grant; it returns to the pool."""
        def give_back(pool: FundingPool, app: Application, returned: Decimal, at: datetime) -> None:
            years = returned_by_year(app.commitments, app.paid_amount, app.reclaimed_amount - returned, returned)
            pool.return_funds(app.id, returned, reason, actor, at, years)

        return self._change_with_pool(
            application_id, expected_version, lambda app, _pool, at: app.reclaim(amount, reason, actor, at), give_back,
            actor, request)

    @retrying
    def close_application(self, application_id: UUID | str, reason: str, actor: Actor,
                          expected_version: int | None = None,
                          request: CommandKey | None = None) -> Outcome[Application]:
        """Close a granted application; what was granted and never paid goes back to the pool."""
        def release(pool: FundingPool, app: Application, released: Decimal, at: datetime) -> None:
            if released > ZERO:  # what was granted and never paid, per committed year
                pool.release(app.id, released, actor, at, unpaid_by_year(app.commitments, app.paid_amount))

        return self._change_with_pool(
            application_id, expected_version, lambda app, _pool, at: app.close(reason, actor, at), release, actor,
            request)
