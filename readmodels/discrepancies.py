"""What reconciliation compares and reports: one pool's figures from one source, and a
difference between sources, named."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.money import ZERO
from readmodels.documents import money
from readmodels.queries import FIGURES


@dataclass
class SourceFigures:
    """One pool's figures from one source. Reserved is granted and neither paid nor
    released; remaining = total − reserved − paid + returned − allocated."""

    total: Decimal = ZERO
    granted: Decimal = ZERO
    released: Decimal = ZERO
    paid: Decimal = ZERO
    returned: Decimal = ZERO
    allocated: Decimal = ZERO

    @property
    def reserved(self) -> Decimal:
        return self.granted - self.released - self.paid

    @property
    def remaining(self) -> Decimal:
        return self.total - self.reserved - self.paid + self.returned - self.allocated

    def figures(self) -> dict[str, Decimal]:
        """The compared figures by name."""
        return {name: getattr(self, name) for name in FIGURES}


POOL_EVENTS, APPLICATION_EVENTS, READ_MODEL = "pool events", "application events", "budget read model"
MISSING_ROW, UNKNOWN_ROW, DIFFERS, OVERSPENT = "missing-row", "unknown-row", "differs", "overspent"


@dataclass(frozen=True)
class Discrepancy:
    """One difference: in which pool (and which granted application, if it is one
    grant's ledger), what is wrong (`kind`), and for a figure that differs, its value
    in each source."""

    pool_id: str
    pool_name: str
    owner: str
    kind: str
    figure: str | None = None
    values: tuple[tuple[str, Decimal], ...] = ()
    reference: str | None = None
    application_id: str | None = None

    @property
    def subject(self) -> str:
        """`pool 'Tilskudd 2025' of Helse Nord RHF (id)`, or the application in it."""
        pool = f"pool {self.pool_name!r} of {self.owner} ({self.pool_id})" if self.pool_name else \
            f"pool {self.pool_id}"
        return pool if self.reference is None else f"application {self.reference} ({self.application_id}) in {pool}"

    def __str__(self) -> str:
        listed = ", ".join(f"{source} {money(value)}" for source, value in self.values)
        return {
            MISSING_ROW: f"{self.subject}: the budget read model has no row for this pool",
            UNKNOWN_ROW: f"{self.subject}: the budget read model has a row for it, but no event opened it",
            OVERSPENT: f"{self.subject}: overspent — {listed}",
        }.get(self.kind, f"{self.subject}: {self.figure} differs — {listed}")
