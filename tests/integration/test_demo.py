"""The demo scenario carries applications through every stage, with real events."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

from eventsourcing.utils import get_topic

from application.service import Grants
from demo.data import ALLOCATING_POOLS, APPLICATIONS, POOLS
from demo.scenario import SimulatedClock, run_demo
from domain.application import Application
from domain.meeting import Meeting
from domain.pool import FundingPool
from domain.round import Round, local_date
from infrastructure.sql import reading
from readmodels.exports.decisions import decisions as export_decisions
from readmodels.log import notifications
from readmodels.service import ReadModels


def test_the_demo_reaches_every_stage_and_keeps_every_pool_in_balance(sqlite_url: str) -> None:
    clock = SimulatedClock()
    grants = Grants(sqlite_url, clock=clock)
    try:
        result = run_demo(grants, clock)
        opened = len(ALLOCATING_POOLS) + sum(1 for p in POOLS if p.allocated_from is None)
        scripted = len(POOLS) + sum(1 for p in POOLS if p.next_round is not None)
        assert (result.pools, result.applications) == (opened, len(APPLICATIONS))
        assert result.rounds > scripted  # the series went on to today
        assert set(result.statuses) == {"submitted", "under_review", "prioritised", "approved", "rejected",
                                        "withdrawn", "paid", "closed", "declined"}
        rows = list(notifications(grants.recorder))
        topics = Counter(row.topic for row in rows)
        assert topics[get_topic(Application.FundsReclaimed)] == 1
        assert topics[get_topic(Application.RepaymentReceived)] == 1
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
        assert nord.allocated == Decimal("40000000.00")
        assert sum(nord.money_of(y) or 0 for y in (2024, 2025)) == 0  # 2024–2025: one frame, not split by year
        assert nord.total - 90000000 * (len(nord.fiscal_years) - 2) == Decimal("130000000.00")  # + a frame a year
        lvs = by_owner["Helsefellesskapet Lofoten, Vesterålen og Salten"]
        assert lvs.total == lvs.paid == Decimal("11000000.00")  # spent on the joint digital initiative
        assert by_owner["Helsefellesskapet Østfold"].total == Decimal("9600000.00")
        assert [(y, midt.money_of(y)) for y in midt.fiscal_years] == [
            (2025, Decimal("16200000.00")), (2026, Decimal("16200000.00"))]  # "årlig varig tilskudd"
        assert midt.total == midt.allocated == Decimal("32400000.00")
        assert sum(p.total for p in pools if p.allocated_from == midt.id) == Decimal("32400000.00")
        assert all(p.remaining >= 0 for p in pools)
    finally:
        grants.close()


def test_the_demo_says_what_the_documents_say(sqlite_url: str) -> None:
    """Equal weights where a document gives no order; Østfold's satsningsområder and prehospital
    services present; reasons that agree with ranks and money; contributions and lasting operation
    filled in; a final report that agrees with the reclaim; the series open today."""
    clock = SimulatedClock()
    grants = Grants(sqlite_url, clock=clock)
    try:
        result = run_demo(grants, clock)
        rows = list(notifications(grants.recorder))
        events = [grants.mapper.to_domain_event(r) for r in rows]
        rounds = [grants.get_round(e.originator_id) for e in events if isinstance(e, Round.Opened)]
        assert all(len({c.weight for c in r.criteria}) == 1 for r in rounds)
        ostfold = next(r for r in rounds if "Østfold" in grants.get_pool(r.pool_id).owner.name)
        assert {"beholde_rekruttere", "barn_unge", "psykisk_rus", "eldre_kroniske", "kvalitet"} <= {
            c.id for c in ostfold.criteria}
        apps = [grants.get_application(e.originator_id) for e in events if isinstance(e, Application.Submitted)]
        assert any("prehospital_services" in a.priority_groups for a in apps)
        assert all(a.contributions and a.lasting_operation for a in apps)
        for app in apps:
            if app.status == "rejected":
                assert app.rank is None and "innenfor rammen" not in (app.rejection_reasons or "")
            if app.granted_amount is not None and app.granted_amount < app.requested_amount:
                assert app.grant_reasons
        reclaimed = next(a for a in apps if a.reclaimed_amount)
        final = next(r for r in reclaimed.reports.values() if r.kind == "final")
        assert final.spent_amount == reclaimed.granted_amount - reclaimed.reclaimed_amount
        assert reclaimed.repaid_amount == reclaimed.reclaimed_amount
        latest = max(rounds, key=lambda r: r.deadline)
        assert result.open_call == latest.title
        assert latest.deadline >= local_date(datetime.now(UTC)) and grants.get_round(latest.id).status == "open"
        assert set(latest.budget_years) <= set(grants.get_pool(latest.pool_id).fiscal_years)
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


def test_every_decision_in_the_demo_carries_its_case_number_and_burdens_come_after_notice(sqlite_url: str) -> None:
    clock = SimulatedClock()
    grants = Grants(sqlite_url, clock=clock)
    try:
        run_demo(grants, clock)
        events = [grants.mapper.to_domain_event(r) for r in notifications(grants.recorder)]
        decisions = [e for e in events if isinstance(e, (Application.Approved, Application.Rejected))]
        assert decisions and all(e.decision_ref.strip() for e in decisions)
        assert all(local_date(e.timestamp).weekday() < 5 for e in decisions), "bodies meet on working days"
        assert any(isinstance(e, Application.Rejected) for e in decisions)
        models = ReadModels(grants)
        models.catch_up()
        with reading(models.engine) as connection:
            exported = list(export_decisions(connection, models))
        assert len(exported) == len(decisions) and all(row.decision_ref for row in exported)
        # Østfold's SSU decides in meetings, with a quorum and a recusal in the protocol; each case
        # it decided carries the case number it gave
        protocols = [e.protocol for e in events if isinstance(e, Meeting.Closed)]
        assert protocols and any("fratrådte som inhabil" in p for p in protocols)
        numbered = {e.decision.case_number for e in events if isinstance(e, Meeting.CaseDecided)}
        assert numbered and numbered <= {e.decision_ref for e in decisions}
        # one refusal complained of and reversed by the body, one forwarded and decided by the klageinstans
        kinds = Counter(type(e).__name__ for e in events if isinstance(e, Application.Event))
        assert (kinds["ComplaintLodged"], kinds["DecisionReversed"], kinds["ComplaintForwarded"],
                kinds["AppealDecided"]) == (2, 1, 1, 1)
        # a reclaim, and a closing with less paid than granted, each came after a notice to the parties
        burdens = [e for e in events if isinstance(e, Application.FundsReclaimed)
                   or (isinstance(e, Application.Closed) and e.released_amount > 0)]
        assert burdens
        for burden in burdens:
            before = [e for e in events if e.originator_id == burden.originator_id and e.timestamp < burden.timestamp]
            notice = next(e for e in reversed(before) if isinstance(e, Application.NoticeGiven))
            answered = any(isinstance(e, Application.NoticeAnswered) and e.notice_id == notice.notice_id
                           for e in before)
            assert answered or local_date(burden.timestamp) > notice.comment_by
    finally:
        grants.close()
