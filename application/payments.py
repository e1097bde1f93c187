"""Use cases of finance after a grant: disburse, reclaim, reports, close."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import RecordConflictError

from application.base import Outcome, check_version
from application.changes import Acting, ApplicationChanges, carries_out, use_case
from domain.application import Application
from domain.commands import Close, Disburse, Reclaim, RecordRepayment
from domain.errors import PaymentReferenceReused
from domain.money import ZERO
from domain.payment_reference import PaymentReference
from domain.pool import FundingPool
from domain.values import Actor
from domain.years import paid_by_year, returned_by_year, unpaid_by_year


class PaymentUseCases(ApplicationChanges):
    """Money out of (and back into) a pool for a granted application."""

    def check_reference_free(self, payment_reference: str, application_id: UUID) -> None:
        """Raise unless the payment reference is unused (used by this application meanwhile:
        a conflict, so the payment is read again)."""
        try:
            taken: object = self.repository.get(PaymentReference.id_for(payment_reference))
        except AggregateNotFoundError:
            return
        assert isinstance(taken, PaymentReference)
        if taken.application_id == application_id:  # paid meanwhile: read the application again
            raise RecordConflictError(f"{payment_reference!r} was paid while this payment was prepared")
        raise PaymentReferenceReused(
            f"payment reference {payment_reference!r} was used for a payment to {taken.application_reference}")


@use_case(Disburse)
def disburse(service: PaymentUseCases, command: Disburse, acting: Acting) -> Outcome[Application]:
    """Pay an instalment. The same payment reference again pays nothing and answers the
    application as it stands with `created=False`; a reference another application's
    payment used is refused, naming that application."""
    actor = acting.actor
    application = service._application_for(command.application_id, actor)
    first = service._first_outcome(application, actor, acting.request)
    if first is not None:
        return first
    version_read, at, paid_before = application.version, service.now(), application.paid_amount
    with application.answering(acting.request):
        if not application.disburse(command.amount, command.payment_reference, actor, at):
            return Outcome(application, None, created=False)  # a repeat answers, whatever its If-Match
    check_version(application.reference, version_read, acting.expected_version)
    reference = command.payment_reference.strip()  # as the domain recorded it
    service.check_reference_free(reference, application.id)
    taken = PaymentReference.take(reference, application.id, application.reference, actor, at)
    pool = service.get_pool(application.pool_id)
    paid = application.paid_amount - paid_before
    pool.pay(application.id, paid, reference, actor, at, paid_by_year(application.commitments, paid_before, paid))
    return Outcome(application, service._save(application, pool, taken))


def note_claim(pool: FundingPool, app: Application, claimed: Decimal, command: Reclaim, actor: Actor,
               at: datetime) -> None:
    """The pool notes what is claimed back (it is not available again until received)."""
    pool.claim(app.id, claimed, command.due_on, actor, at)


@carries_out(Reclaim, book=note_claim)
def reclaim(_: object, app: Application, __: FundingPool, command: Reclaim, actor: Actor, at: datetime) -> Decimal:
    """Decide to claim money back from a grant by a due date; the pool notes it as claimed."""
    return app.reclaim(command.amount, command.reason, command.due_on, actor, at)


@use_case(RecordRepayment)
def record_repayment(service: PaymentUseCases, command: RecordRepayment, acting: Acting) -> Outcome[Application]:
    """Money claimed back is received: it returns to the pool, to the years it was paid
    from (latest first), in the same save. The same reference with the same amount again
    records nothing and answers the application as it stands with `created=False`."""
    actor = acting.actor
    application = service._application_for(command.application_id, actor)
    first = service._first_outcome(application, actor, acting.request)
    if first is not None:
        return first
    version_read, at, repaid_before = application.version, service.now(), application.repaid_amount
    with service.pool_turns.of(application.pool_id):
        with application.answering(acting.request):
            received = application.record_repayment(command.amount, command.received_on, command.reference, actor, at)
        if received == ZERO:
            return Outcome(application, None, created=False)
        check_version(application.reference, version_read, acting.expected_version)
        pool = service.get_pool(application.pool_id)
        years = returned_by_year(application.commitments, application.paid_amount, repaid_before, received)
        reference = command.reference.strip()
        pool.return_funds(application.id, received, f"Tilbakebetaling mottatt ({reference})", actor, at, years,
                          reference)
        return Outcome(application, service._save(application, pool))


def release(pool: FundingPool, app: Application, released: Decimal, _: object, actor: Actor, at: datetime) -> None:
    """Release what was granted and never paid, per committed year (a closed or declined grant)."""
    if released > ZERO:
        pool.release(app.id, released, actor, at, unpaid_by_year(app.commitments, app.paid_amount))


@carries_out(Close, book=release)
def close(_: object, app: Application, __: FundingPool, command: Close, actor: Actor, at: datetime) -> Decimal:
    """Close a granted application; what was granted and never paid goes back to the pool."""
    return app.close(command.reason, actor, at)
