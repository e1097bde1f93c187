"""The demo scenario carries applications through every stage, with real events."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from eventsourcing.utils import get_topic

from application.service import Grants
from demo.data import APPLICATIONS, POOLS
from demo.scenario import SimulatedClock, run_demo
from domain.application import Application
from domain.pool import FundingPool
from readmodels.log import notifications


def test_the_demo_reaches_every_stage_and_keeps_every_pool_in_balance(sqlite_url: str) -> None:
    clock = SimulatedClock()
    grants = Grants(sqlite_url, clock=clock)
    try:
        result = run_demo(grants, clock)
        assert (result.pools, result.rounds, result.applications) == (len(POOLS), len(POOLS), len(APPLICATIONS))
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
        # the headline figures of the seed documents
        totals = {grants.get_pool(e.originator_id).owner.name: grants.get_pool(e.originator_id).total
                  for e in map(grants.mapper.to_domain_event, rows) if isinstance(e, FundingPool.Opened)}
        assert totals["Helse Nord RHF"] == Decimal("90000000.00")
        assert totals["Helsefellesskapet Østfold"] == Decimal("9600000.00")
        assert sum(v for k, v in totals.items() if k not in ("Helse Nord RHF", "Helsefellesskapet Østfold")) == \
            Decimal("16200000.00")
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
