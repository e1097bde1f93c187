"""The demo scenario carries applications through every stage, with real events."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from eventsourcing.utils import get_topic

from application.service import Grants
from demo.data import ALLOCATING_POOLS, APPLICATIONS, POOLS
from demo.scenario import SimulatedClock, run_demo
from domain.application import Application
from domain.pool import FundingPool
from readmodels.log import notifications


def test_the_demo_reaches_every_stage_and_keeps_every_pool_in_balance(sqlite_url: str) -> None:
    clock = SimulatedClock()
    grants = Grants(sqlite_url, clock=clock)
    try:
        result = run_demo(grants, clock)
        opened = len(ALLOCATING_POOLS) + sum(1 for p in POOLS if p.allocated_from is None)
        rounds = len(POOLS) + sum(1 for p in POOLS if p.next_round is not None)
        assert (result.pools, result.rounds, result.applications) == (opened, rounds, len(APPLICATIONS))
        assert set(result.statuses) == {"submitted", "under_review", "prioritised", "approved", "rejected",
                                        "withdrawn", "paid", "closed"}
        rows = list(notifications(grants.recorder))
        topics = Counter(row.topic for row in rows)
        assert topics[get_topic(Application.FundsReclaimed)] == 1
        assert topics[get_topic(Application.RecusalDeclared)] == 1
        assert topics[get_topic(Application.Amended)] == 1
        # some grants were paid in two instalments
        instalments = [grants.mapper.to_domain_event(r) for r in rows
                       if r.topic == get_topic(Application.FundsDisbursed)]
        assert max(e.instalment for e in instalments) == 2  # type: ignore[attr-defined]
        # events are in time order: the scenario is a history, not a jumble
        stamps = [grants.mapper.to_domain_event(r).timestamp for r in rows]
        assert stamps == sorted(stamps)
        # the headline figures of the seed documents: Helse Nord 40 MNOK allocated (11 MNOK of it to
        # Lofoten/Vesterålen/Salten) + 90 MNOK in RNB by application; Østfold 9.6 MNOK; Helse Midt
        # 16.2 MNOK allocated by a key over three communities
        pools = [grants.get_pool(e.originator_id) for e in map(grants.mapper.to_domain_event, rows)
                 if isinstance(e, FundingPool.Opened)]
        by_owner = {p.owner.name: p for p in pools}
        nord, midt = by_owner["Helse Nord RHF"], by_owner["Helse Midt-Norge RHF"]
        assert (nord.total, nord.allocated) == (Decimal("130000000.00"), Decimal("40000000.00"))
        assert by_owner["Helsefellesskapet Lofoten, Vesterålen og Salten"].total == Decimal("11000000.00")
        assert by_owner["Helsefellesskapet Østfold"].total == Decimal("9600000.00")
        assert midt.total == midt.allocated == Decimal("16200000.00")
        assert sum(p.total for p in pools if p.allocated_from == midt.id) == Decimal("16200000.00")
        assert all(p.remaining >= 0 for p in pools)
    finally:
        grants.close()


def test_the_demo_tells_the_follow_up_story(sqlite_url: str) -> None:
    """Reports asked for, sent, accepted and overdue; holdback released by an accepted final report."""
    clock = SimulatedClock()
    grants = Grants(sqlite_url, clock=clock)
    try:
        run_demo(grants, clock)
        apps = [grants.mapper.to_domain_event(r) for r in notifications(grants.recorder)
                if get_topic(Application.Submitted) == r.topic]
        reports = Counter()
        released = 0
        for submitted in apps:
            app = grants.get_application(submitted.originator_id)
            for report in app.reports.values():
                reports[(report.kind, report.status, report.overdue(date(2026, 11, 26)))] += 1
            released += app.holdback > 0 and app.paid_amount == app.granted_amount
        assert reports[("final", "accepted", False)] >= 4 and reports[("interim", "due", True)] >= 3
        assert released >= 3  # paid in full, the holdback included, after the final report was accepted
    finally:
        grants.close()
