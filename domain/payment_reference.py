"""PaymentReference: a payment reference (e.g. the voucher number in the accounts) is
used for one payment in the whole system.

The aggregate's id is derived from the reference and it is saved in the same atomic
save as the payment, so two payments racing for one reference conflict: one retries,
finds the reference taken and is refused, naming the application that has it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import GrantAggregate
from domain.values import Actor

_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:payment-reference")


class PaymentReference(GrantAggregate):
    """Which application's payment a reference belongs to."""

    class Taken(GrantAggregate.Created):
        payment_reference: str
        application_id: UUID
        application_reference: str

        def apply(self, taken: PaymentReference) -> None:
            taken.payment_reference = self.payment_reference
            taken.application_id, taken.application_reference = self.application_id, self.application_reference

    payment_reference: str
    application_id: UUID
    application_reference: str

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def id_for(payment_reference: str) -> UUID:
        """The aggregate id of a (stripped) payment reference."""
        return uuid5(_NAMESPACE, payment_reference)

    @classmethod
    def take(cls, payment_reference: str, application_id: UUID, application_reference: str, actor: Actor,
             at: datetime) -> PaymentReference:
        """Record that `payment_reference` pays the given application."""
        return cls._create(cls.Taken, id=cls.id_for(payment_reference), timestamp=at, actor=actor,
                           payment_reference=payment_reference, application_id=application_id,
                           application_reference=application_reference)
