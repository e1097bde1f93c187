"""A long, varied event log written fast: the domain's own commands, saved in bulk.

Applications go every way the demo's do — paid and closed, granted, rejected, withdrawn,
left undecided, paid and reclaimed — so every view sees every kind of event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from application.service import Grants
from domain.application import Application
from domain.pool import FundingPool
from domain.references import ReferenceSeries
from domain.round import Round
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_ACTOR,
    BODO,
    COMMITTEE_ACTOR,
    CRITERIA,
    DEADLINE,
    FINANCE_ACTOR,
    NLSH,
    NORD,
    FakeClock,
    content,
    hear,
    registry,
)

REGISTRY = registry()

_FATES = ("closed", "approved", "rejected", "withdrawn", "scored", "prioritised", "reclaimed", "submitted")


@dataclass
class Filled:
    """What `fill` wrote: pools, and applications by fate."""

    pools: list[FundingPool] = field(default_factory=list)
    fates: dict[str, int] = field(default_factory=dict)


def fill(grants: Grants, clock: FakeClock, events: int, per_save: int = 50) -> Filled:
    """Write at least `events` events; `per_save` applications share one save."""
    filled = Filled()
    series = _series(grants, clock)
    written = 0
    while written < events:
        pool = FundingPool.open(NORD, f"Tilskudd {len(filled.pools) + 1}", [2025], Decimal(10) ** 9,
                                FINANCE_ACTOR, clock())
        round_ = Round.open(pool.id, f"Utlysning {len(filled.pools) + 1}", DEADLINE, CRITERIA, True,
                            FINANCE_ACTOR, clock())
        filled.pools.append(pool)
        written += _save(grants, pool, round_)
        for _ in range(20):
            apps = [_take(pool, round_, series, clock, i, filled) for i in range(per_save)]
            written += _save(grants, series, pool, *apps)
            if written >= events:
                break
    return filled


def _series(grants: Grants, clock: FakeClock) -> ReferenceSeries:
    try:
        series: object = grants.repository.get(ReferenceSeries.id_for(2025))
    except AggregateNotFoundError:
        return ReferenceSeries.start(2025, APPLICANT_ACTOR, clock())
    assert isinstance(series, ReferenceSeries)
    return series


def _save(grants: Grants, *aggregates: Any) -> int:
    return len(grants.save(*aggregates))


def _take(pool: FundingPool, round_: Round, series: ReferenceSeries, clock: FakeClock, index: int,
          filled: Filled) -> Application:
    fate = _FATES[index % len(_FATES)]
    filled.fates[fate] = filled.fates.get(fate, 0) + 1
    amount = Decimal(100000 + 1000 * index)
    reference = series.take_next(APPLICANT_ACTOR, clock())
    app = Application.submit(round_, reference, content(requested_amount=amount, own_contribution=amount / 2,
                                                        budget=[]), APPLICANT_ACTOR, clock(), REGISTRY, NORD.id,
                             pool.fiscal_years)
    if fate == "submitted":
        return app
    if fate == "withdrawn":
        app.withdraw("Prosjektet er utsatt", APPLICANT_ACTOR, clock())
        return app
    app.score(round_, {"effekt": index % 6, "samarbeid": (index + 3) % 6}, "Vurdert", ASSESSOR_ACTOR, clock())
    if fate == "scored":
        return app
    if fate == "rejected":
        app.reject("Svak forankring", f"KU-{index}/2025", COMMITTEE_ACTOR, clock())
        return app
    app.prioritise(1 + index % 7, amount, ASSESSOR_ACTOR, clock())
    if fate == "prioritised":
        return app
    granted = app.approve(amount, "Sluttrapport", f"KU-{index}/2025", COMMITTEE_ACTOR, clock())
    pool.reserve(app.id, granted, COMMITTEE_ACTOR, clock())
    if fate == "approved":
        return app
    app.answer_grant(True, "", APPLICANT_ACTOR, clock())
    app.register_agreement(date(2025, 1, 10), [BODO.org_no, NLSH.org_no], "Avtale", "Kommunen", ASSESSOR_ACTOR,
                           clock())
    half = (amount / 2).quantize(Decimal("0.01"))
    payment = f"UTB-{app.reference}"
    app.disburse(half, payment, FINANCE_ACTOR, clock())
    pool.pay(app.id, half, payment, FINANCE_ACTOR, clock())
    if fate == "reclaimed":
        due = clock().date() + timedelta(days=30)
        hear(app, "reclaim", clock())
        claimed = app.reclaim(Decimal(1000), "Ubrukte midler", due, FINANCE_ACTOR, clock())
        pool.claim(app.id, claimed, due, FINANCE_ACTOR, clock())
        repaid = app.record_repayment(claimed, clock().date(), f"INNB-{app.reference}", FINANCE_ACTOR, clock())
        pool.return_funds(app.id, repaid, "Tilbakebetaling mottatt", FINANCE_ACTOR, clock(),
                          repayment_reference=f"INNB-{app.reference}")
        return app
    report = app.require_report("final", clock().date() + timedelta(days=90), "", FINANCE_ACTOR, clock())
    app.submit_report(report, "Gjennomført som planlagt.", half, APPLICANT_ACTOR, clock())
    app.accept_report(report, None, ASSESSOR_ACTOR, clock())
    hear(app, "close", clock())  # half is paid: the parties are heard before the rest is released
    released = app.close("Prosjektet er ferdig", FINANCE_ACTOR, clock())
    pool.release(app.id, released, FINANCE_ACTOR, clock())
    return app
