"""Command path: submit → score → prioritise → approve → agreement → disburse for N
applications through the application services, against the raw `eventsourcing` library
doing the same saves with plain aggregates.

    python -m bench.commands [--applications 2000] [--stores sqlite,postgres]

The baseline mirrors each command: it gets the same number of aggregates from the
repository, records the same number of events, and makes one `save(...)` per command
(submit: case + counter; approve: case + pool; disburse: case + pool + a new aggregate
for the payment reference, after looking it up), with the same snapshotting interval
for the pool-like aggregate. What the ratio measures is therefore the cost of
ours — guards, richer events, actors, transcodings, the retry wrapper — not of the
library.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.application import Application as LibraryApplication
from eventsourcing.domain import Aggregate, event

from application.service import Grants
from bench.common import (
    Timed,
    figure,
    heading,
    scratch_store,
    store_arguments,
    timed,
    verdict,
)
from domain.commands import AnswerGrant, Approve, Disburse, Prioritise, RegisterAgreement, Score, Submit
from domain.pool import FundingPool
from domain.references import ReferenceSeries
from infrastructure.config import eventsourcing_env
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_ACTOR,
    BODO,
    COMMITTEE_ACTOR,
    CRITERIA,
    FINANCE_ACTOR,
    NLSH,
    NORD,
    FakeClock,
    content,
    register_organisations,
)

#: The ratio each store must reach (issue 32: the command path back to where it was, and more on PostgreSQL).
TARGETS = {"sqlite": 0.75, "postgres": 0.85}
COMMANDS_PER_APPLICATION = 7
AMOUNT = Decimal("250000.00")


def ours(url: str, applications: int) -> Timed:
    """The use cases, one application after another, through `Grants`."""
    clock = FakeClock()
    grants = Grants(url, clock=clock)
    register_organisations(grants)
    pool = grants.open_pool(NORD, name="Tilskudd 2025", fiscal_years=[2025], amount=AMOUNT * (applications + 1),
                            actor=FINANCE_ACTOR).value
    round_ = grants.open_round(pool.id, title="Utlysning 2025", deadline=date(2030, 3, 1), criteria=CRITERIA,
                               requires_own_contribution=True, actor=FINANCE_ACTOR).value
    before = grants.recorder.max_notification_id() or 0

    def run() -> int:
        for index in range(applications):
            app_id = grants.run(Submit(round_.id, content(requested_amount=AMOUNT, budget=[])),
                                actor=APPLICANT_ACTOR).value.id
            grants.run(Score(app_id, scores={"effekt": 4, "samarbeid": 3}, comment="Godt forankret"),
                       actor=ASSESSOR_ACTOR)
            grants.run(Prioritise(app_id, rank=1 + index % 7, recommended_amount=AMOUNT), actor=ASSESSOR_ACTOR)
            grants.run(Approve(app_id, amount=AMOUNT, conditions="Sluttrapport", decision_ref=f"KU-{index}/2025"),
                       actor=COMMITTEE_ACTOR)
            grants.run(AnswerGrant(app_id, accept=True), actor=APPLICANT_ACTOR)
            grants.run(RegisterAgreement(app_id, signed_on=date(2025, 1, 10), parties=(BODO.org_no, NLSH.org_no),
                                         document_ref="Avtale", patient_responsibility="Kommunen"),
                       actor=ASSESSOR_ACTOR)
            grants.run(Disburse(app_id, amount=AMOUNT, payment_reference=f"UTB-{index}"), actor=FINANCE_ACTOR)
        return applications * COMMANDS_PER_APPLICATION

    result = timed(run)
    events = (grants.recorder.max_notification_id() or 0) - before
    expected = applications * 11 + 1  # 11 per application, plus the reference series' start
    assert events == expected, f"expected {expected} events, the services wrote {events}"
    remaining = grants.get_pool(pool.id)
    assert remaining.paid == AMOUNT * applications, "the pool did not record every payment"
    grants.close()
    return result


class Case(Aggregate):
    """A plain aggregate standing in for an application."""

    @event("Submitted")
    def __init__(self, reference: str, amount: Decimal) -> None:
        self.reference, self.amount, self.steps = reference, amount, 0

    @event("Stepped")
    def step(self, name: str, amount: Decimal) -> None:
        self.steps += 1


class Counter(Aggregate):
    """A plain aggregate standing in for the reference series."""

    @event("Started")
    def __init__(self) -> None:
        self.last = 0

    @event("Taken")
    def take(self) -> None:
        self.last += 1


class Budget(Aggregate):
    """A plain aggregate standing in for the pool."""

    @event("Opened")
    def __init__(self, total: Decimal) -> None:
        self.total, self.used = total, Decimal(0)

    @event("Moved")
    def move(self, case_id: UUID, amount: Decimal) -> None:
        self.used += amount


class Mark(Aggregate):
    """A plain aggregate standing in for a payment reference taken."""

    @event("Taken")
    def __init__(self, case_id: UUID) -> None:
        self.case_id = case_id


class Baseline(LibraryApplication[UUID]):
    """The library's Application with the same persistence settings and snapshotting."""

    name = "baseline"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Budget: Grants.snapshotting_intervals[FundingPool],
        Counter: Grants.snapshotting_intervals[ReferenceSeries],
    }


def baseline(url: str, applications: int) -> Timed:
    """The same saves with plain aggregates: each command gets, records, saves."""
    app = Baseline(env=eventsourcing_env(url))
    budget, counter, call = Budget(AMOUNT * (applications + 1)), Counter(), Counter()
    app.save(budget, counter, call)
    numbers = itertools.count(1)

    def get(aggregate_id: UUID) -> Any:
        return app.repository.get(aggregate_id)

    def run() -> int:
        for _ in range(applications):
            get(call.id)  # the round
            series = get(counter.id)
            series.take()
            case = Case(f"RST-{next(numbers)}", AMOUNT)
            app.save(case, series)
            for step, with_pool, with_round in (("score", False, True), ("prioritise", False, False),
                                                ("approve", True, False), ("accept", False, False),
                                                ("agreement", False, False),
                                                ("disburse", True, False)):
                case = get(case.id)
                if with_round:
                    get(call.id)
                case.step(step, AMOUNT)
                if with_pool:
                    pool = get(budget.id)
                    pool.move(case.id, AMOUNT)
                    if step == "disburse":  # the payment reference: looked up, then taken
                        mark = Mark(case.id)
                        with contextlib.suppress(AggregateNotFoundError):
                            get(mark.id)
                        app.save(case, pool, mark)
                    else:
                        app.save(case, pool)
                else:
                    app.save(case)
        return applications * COMMANDS_PER_APPLICATION

    result = timed(run)
    app.close()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=2000, help="applications taken through (default 2000)")
    store_arguments(parser)
    args = parser.parse_args(argv)
    heading(f"Command path: {args.applications} applications × {COMMANDS_PER_APPLICATION} commands")
    for kind in args.stores:
        with scratch_store(kind) as url:
            base = baseline(url, args.applications)
        with scratch_store(kind) as url:
            mine = ours(url, args.applications)
        figure(f"{kind}: baseline (library, plain aggregates)", f"{base.rate:8,.0f} commands/s ({base.seconds:.1f} s)")
        figure(f"{kind}: application services", f"{mine.rate:8,.0f} commands/s ({mine.seconds:.1f} s)")
        verdict(f"{kind}: ratio services / baseline", mine.rate / base.rate, TARGETS[kind])


if __name__ == "__main__":
    main()
