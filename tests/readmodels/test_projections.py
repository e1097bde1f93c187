"""The views against the log: figures, statuses, redelivery, rebuilds, poison, as of."""

from __future__ import annotations

import os
import re
import threading
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select, text, update

from application.service import Grants
from demo.scenario import SimulatedClock, run_demo
from domain.application import Application
from domain.commands import Approve
from domain.money import ZERO
from domain.pool import FundingPool
from domain.statuses import UNDECIDED
from infrastructure.sql import reading
from readmodels import budget as budget_module
from readmodels.asof import application_as_of, budget_as_of
from readmodels.documents import application_document
from readmodels.log import notifications
from readmodels.parallel import COST, RebuildFailed, groups, scratch_file_engine
from readmodels.queries import budget
from readmodels.rebuild import dump_digest, rebuild, verify
from readmodels.service import VIEW_NAMES, ReadModels
from readmodels.view import Delivery
from tests.readmodels.support import events_table
from workloads.builders import COMMITTEE_ACTOR, FakeClock, World


@pytest.fixture
def demo(store_url: str) -> Any:
    clock = SimulatedClock()
    grants = Grants(store_url, clock=clock)
    run_demo(grants, clock)
    models = ReadModels(grants)
    models.catch_up()
    yield grants, models
    models.close()
    grants.close()


def _expected_budget(grants: Grants) -> dict[str, dict[str, Decimal]]:
    """Per pool, from the applications' own events (not the pool's): what was granted,
    paid, released on closing or declining and repaid; the total from the pool's opening, top-ups and
    changed allocations, and what it allocated."""
    pool_of: dict[str, str] = {}
    figures: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for notification in notifications(grants.recorder):
        event = grants.mapper.to_domain_event(notification)
        key = str(event.originator_id)
        if isinstance(event, (FundingPool.Opened, FundingPool.Increased, FundingPool.YearAdded,
                              FundingPool.AllocationIncreased)):
            figures[key]["total"] += event.amount
        elif isinstance(event, FundingPool.AllocationReduced):
            figures[key]["total"] -= event.amount
        elif isinstance(event, FundingPool.Allocated):
            figures[key]["allocated"] += event.amount
        elif isinstance(event, FundingPool.AllocationWithdrawn):
            figures[key]["allocated"] -= event.amount
        elif isinstance(event, Application.Submitted):
            pool_of[key] = str(event.pool_id)
        elif isinstance(event, Application.Approved):
            figures[pool_of[key]]["granted"] += event.amount
        elif isinstance(event, Application.DecisionReversed):  # a complaint's reversal grants this besides
            figures[pool_of[key]]["granted"] += event.added
        elif isinstance(event, Application.FundsDisbursed):
            figures[pool_of[key]]["paid"] += event.amount
        elif isinstance(event, (Application.Closed, Application.GrantDeclined)):
            figures[pool_of[key]]["released"] += event.released_amount
        elif isinstance(event, Application.RepaymentReceived) or (
                isinstance(event, Application.FundsReclaimed) and event.due_on is None):  # older: returned at once
            figures[pool_of[key]]["returned"] += event.amount
    expected = {}
    for pool_id, f in figures.items():
        reserved = f["granted"] - f["paid"] - f["released"]
        expected[pool_id] = {"total": f["total"], "reserved": reserved, "paid": f["paid"], "returned": f["returned"],
                             "allocated": f["allocated"],
                             "remaining": f["total"] - reserved - f["paid"] + f["returned"] - f["allocated"]}
    return expected


def test_budget_after_the_demo_equals_sums_from_the_application_events(demo: Any) -> None:
    grants, models = demo
    expected = _expected_budget(grants)
    with reading(models.engine) as connection:
        owners = budget(connection, models.view("budget"))
    pools = {p.pool_id: p for o in owners for p in o.pools}
    assert set(pools) == set(expected)
    for pool_id, figures in expected.items():
        assert {name: getattr(pools[pool_id], name) for name in figures} == figures
    for owner in owners:
        assert owner.remaining == sum((expected[p.pool_id]["remaining"] for p in owner.pools), ZERO)
    assert any(p.returned > 0 for p in pools.values()) and any(p.reserved > 0 for p in pools.values())


def test_status_and_outstanding_rows_agree_with_the_aggregates(demo: Any) -> None:
    grants, models = demo
    view, outstanding = models.view("applications"), models.view("outstanding")
    with reading(models.engine) as connection:
        documents = [row.document for row in connection.execute(select(view.applications))]
        waiting = connection.execute(
            select(outstanding.outstanding.c.application_id).order_by(outstanding.outstanding.c.submitted_at)
        ).scalars().all()
    aggregates = [grants.get_application(d["id"]) for d in documents]
    assert documents == [application_document(a) for a in aggregates]
    undecided = sorted((a for a in aggregates if a.status in UNDECIDED), key=lambda a: a.created_on)
    assert waiting == [str(a.id) for a in undecided] and waiting


def test_a_redelivered_batch_changes_nothing(system: Any, store_world: World) -> None:
    grants, models = system
    store_world.paid()
    models.catch_up()
    with reading(models.engine) as connection:
        before = {name: dump_digest(connection, models.view(name)) for name in VIEW_NAMES}
    again = [Delivery(n.id, n, grants.mapper.to_domain_event(n)) for n in notifications(grants.recorder)]
    for name in VIEW_NAMES:
        view = models.view(name)
        with pytest.raises(IntegrityError):
            view.apply(grants.name, again, None, again[-1].position)
        with pytest.raises(IntegrityError):
            view.apply(grants.name, again[-1:], again[-2].position, again[-1].position)
        with pytest.raises(IntegrityError):
            view.insert_tracking(Tracking(grants.name, again[-1].position))
    with reading(models.engine) as connection:
        assert {name: dump_digest(connection, models.view(name)) for name in VIEW_NAMES} == before


def _scratch_files(models: ReadModels) -> list[str]:
    """The files beside an SQLite store whose names begin with its own (a rebuild's scratch files)."""
    database = models.engine.url.database
    if models.engine.dialect.name != "sqlite" or not database:
        return []
    folder, name = os.path.split(database)
    return [f for f in os.listdir(folder) if f.startswith(name + ".")]


def test_two_rebuilds_give_identical_tables(demo: Any) -> None:
    """One rebuild in this process, one split over two processes (on SQLite each into a
    scratch file copied in): the same tables with every index they are declared with
    (made once the rows are in), and no scratch file left."""
    _, models = demo
    tables = [table for name in VIEW_NAMES for table in models.view(name).tables]
    declared = {table.name: {tuple(column.name for column in index.columns) for index in table.indexes}
                for table in tables}
    assert any(declared.values())
    with reading(models.engine) as connection:
        live = {name: dump_digest(connection, models.view(name)) for name in VIEW_NAMES}
    digests = []
    for processes in (1, 2):
        rebuild(models, list(VIEW_NAMES), processes=processes)
        with reading(models.engine) as connection:
            digests.append({name: dump_digest(connection, models.view(name)) for name in VIEW_NAMES})
            inspector = sa_inspect(connection)
            assert {table.name: {tuple(index["column_names"]) for index in inspector.get_indexes(table.name)
                                 if "duplicates_constraint" not in index}  # PostgreSQL's unique constraints
                    for table in tables} == declared
    assert digests[0] == digests[1] == live
    assert _scratch_files(models) == [], "scratch files removed"


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_views_are_split_into_groups_of_about_equal_cost_on_each_kind_of_database(dialect: str) -> None:
    """A two-process rebuild balances its groups by what each view costs on that kind of
    database: every view in exactly one group, and no view could move to the other group
    and make the slower one faster (on PostgreSQL the applications, whose large rows cost
    the server the most, cost more than on SQLite, and the split differs)."""
    costs = COST[dialect]
    split = groups(list(VIEW_NAMES), 2, dialect)
    assert sorted(name for group in split for name in group) == sorted(VIEW_NAMES)
    loads = [sum(costs[name] for name in group) for group in split]
    slower = max(loads)
    for group, load in zip(split, loads, strict=True):
        other = sum(loads) - load
        for name in group:
            assert max(load - costs[name], other + costs[name]) >= slower, f"{name} should move on {dialect}"
    assert groups(list(VIEW_NAMES), 2, "other") == groups(list(VIEW_NAMES), 2, "sqlite")


def test_a_rebuild_on_postgresql_keeps_the_two_costliest_views_apart() -> None:
    """The split measured on PostgreSQL (bench/README.md, the twenty-seventh session): the
    applications and the journal, whose rows cost the server the most, in different groups."""
    split = groups(list(VIEW_NAMES), 2, "postgresql")
    assert not any({"applications", "journal"} <= set(group) for group in split)
    assert any({"applications", "journal"} <= set(group) for group in groups(list(VIEW_NAMES), 2, "sqlite"))


def test_a_scratch_file_keeps_no_journal_on_disk_and_still_rolls_back(tmp_path: Any) -> None:
    """A rebuild's SQLite scratch file is written without a journal file beside it and
    without syncing, yet a failed batch's rows are rolled back (the runner then applies
    the batch event by event to name the failing one)."""
    file = tmp_path / "scratch.sqlite"
    engine = scratch_file_engine(str(file))
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE rows (id INTEGER PRIMARY KEY)")
        with pytest.raises(ZeroDivisionError), engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO rows VALUES (1)")
            assert sorted(path.name for path in tmp_path.iterdir()) == ["scratch.sqlite"]
            _ = 1 / 0  # the batch fails after writing a row
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "memory"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 0
            assert connection.exec_driver_sql("SELECT count(*) FROM rows").scalar() == 0
    finally:
        engine.dispose()


def test_a_rebuild_failing_in_one_process_leaves_every_view_whole(system: Any, store_world: World) -> None:
    """A stored event that one process's views cannot read (a pool's payment: the audit
    trail and the budget read it, the applications and the journal do not) fails the
    rebuild, naming its position. The other process's views were swapped in whole (a
    difference planted in them is gone); the failing ones are as they were (theirs
    stays); no scratch table or file is left, and every view keeps its position."""
    grants, models = system
    for _ in range(2):
        store_world.paid()
    models.catch_up()
    head = grants.recorder.max_notification_id()
    poison = next(n.id for n in notifications(grants.recorder) if n.topic.endswith("FundingPool.FundsPaid"))
    budget_pools, applications = models.view("budget").pools, models.view("applications").applications
    with models.engine.begin() as connection:
        connection.execute(update(budget_pools).values(paid=Decimal("1.00")))
        connection.execute(update(applications).values(search_text="planted"))
        table, column = events_table(connection)
        connection.execute(text(f"UPDATE {table} SET state = :s WHERE {column} = :p"), {"s": b"{", "p": poison})
    with pytest.raises(RebuildFailed, match=f"position {poison}"):
        rebuild(models, list(VIEW_NAMES), processes=2)
    with reading(models.engine) as connection:
        assert set(connection.execute(select(budget_pools.c.paid)).scalars()) == {Decimal("1.00")}
        assert "planted" not in set(connection.execute(select(applications.c.search_text)).scalars())
        assert [t for t in sa_inspect(connection).get_table_names() if t.startswith("rmb")] == []
    assert {view.name: view.max_tracking_id(grants.name) for view in models.views.values()} == \
        dict.fromkeys(VIEW_NAMES, head)
    assert _scratch_files(models) == [], "scratch files removed"


def test_verify_names_a_difference_planted_in_a_live_table(system: Any, store_world: World) -> None:
    _, models = system
    store_world.paid()
    models.catch_up()
    assert all(c.ok for c in verify(models, list(VIEW_NAMES)))
    pools = models.view("budget").pools
    with models.engine.begin() as connection:
        pool_id = connection.execute(select(pools.c.pool_id)).scalar_one()
        connection.execute(update(pools).values(paid=Decimal("1.00")))
    (comparison,) = verify(models, ["budget"])
    assert not comparison.ok
    (difference,) = comparison.differences
    assert (difference.table, difference.key) == (pools.name, pool_id)
    assert "paid (live Decimal('1.00'), rebuilt Decimal('1000000.00'))" in difference.detail


def test_a_poison_event_stops_the_runner_and_leaves_no_partial_rows(
        system: Any, store_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    grants, models = system
    for _ in range(3):
        store_world.paid()
    paid_at = [n.id for n in notifications(grants.recorder) if n.topic.endswith("FundingPool.FundsPaid")]
    poison = paid_at[1]

    handlers = dict(budget_module._HANDLERS)
    original = handlers[FundingPool.FundsPaid]

    def fail_on_the_second_payment(row: dict[str, Any], event: FundingPool.FundsPaid) -> None:
        if event.payment_reference == "UTB-2":
            raise ValueError("cannot book this payment")
        original(row, event)

    handlers[FundingPool.FundsPaid] = fail_on_the_second_payment
    monkeypatch.setattr(budget_module, "_HANDLERS", handlers)
    models.catch_up()  # the budget stops alone; the other views go on
    (stopped,) = [s for s in models.status() if s.failure]
    assert stopped.name == "budget" and stopped.failure is not None
    assert re.match(rf"projection 'budget' stopped at position {poison} .*FundsPaid", stopped.failure.describe())
    assert "cannot book this payment" in stopped.failure.error
    head = grants.recorder.max_notification_id()
    assert all(s.position == head for s in models.status() if s.name != "budget")
    view = models.view("budget")
    assert view.max_tracking_id(grants.name) == poison - 1
    with reading(models.engine) as connection:
        assert connection.execute(select(view.pools.c.paid)).scalar_one() == Decimal("1000000.00")
    monkeypatch.undo()
    (comparison,) = verify(models, ["budget"])
    assert comparison.ok and comparison.position == poison - 1
    models.runner = models.runner_for(models.views.values())  # a restart after the fix
    models.catch_up()
    assert view.max_tracking_id(grants.name) == grants.recorder.max_notification_id()
    assert not [s for s in models.status() if s.failure], "the failure is cleared once it goes on"


def test_the_budget_as_of_a_moment_between_two_approvals_shows_only_the_first(
        system: Any, store_world: World, clock: FakeClock) -> None:
    grants, models = system
    first, second = store_world.prioritised("300000"), store_world.prioritised("200000")
    grants.run(Approve(first.id, amount="300000", reasons="Redusert",
        conditions="", decision_ref="KU-1"), actor=COMMITTEE_ACTOR)
    between = clock.now
    clock.advance(hours=1)
    grants.run(Approve(second.id, amount="200000", reasons="Redusert",
        conditions="", decision_ref="KU-2"), actor=COMMITTEE_ACTOR)
    models.catch_up()
    then = budget_as_of(models, between)
    (owner,) = then.owners
    assert (owner.reserved, owner.remaining) == (Decimal("300000.00"), Decimal("9700000.00"))
    before = budget_as_of(models, between - timedelta(days=30))
    assert before.owners == [] and before.position == 0
    with reading(models.engine) as connection:
        (now,) = budget(connection, models.view("budget"))
    assert now.reserved == Decimal("500000.00")
    document = application_as_of(models, str(second.id), between)
    assert document["status"] == "prioritised" and document["granted_amount"] is None


def test_a_query_can_wait_for_the_position_a_command_wrote(system: Any, store_world: World) -> None:
    _, models = system
    written = store_world.submitted()
    position = models.app.recorder.max_notification_id()
    with pytest.raises(TimeoutError):
        models.wait(position, timeout=0.2)
    models.catch_up()
    models.wait(position, timeout=0.2)
    assert models.position() == position
    with reading(models.engine) as connection:
        row = connection.execute(select(models.view("applications").applications)).one()
    assert row.reference == written.reference


def test_the_overdue_count_is_the_overdue_list_in_every_scope(demo: Any) -> None:
    """`overdue_count` (one query of the grants' due dates) counts what `overdue` lists
    from every grant's document, for each owner, community and applicant, on days around
    the reports' due dates."""
    from readmodels.followup import overdue, overdue_count, reports_in_scope

    grants, models = demo
    view = models.applications
    with reading(models.engine) as connection:
        rows = connection.execute(select(view.applications.c.owner_id, view.applications.c.health_community_id,
                                         view.applications.c.applicant_org_no)).all()
        dues = sorted({r["due_on"] for r in reports_in_scope(connection, view)})
        assert dues, "the demo has reports due"
        days = {grants.now().date()} | {date.fromisoformat(d) + timedelta(days=shift) for d in dues[:5]
                                         for shift in (0, 1)}
        scopes = [{}, *({"owner": o} for o in {r[0] for r in rows}),
                  *({"community": c} for c in {r[1] for r in rows}), *({"org_no": n} for n in {r[2] for r in rows})]
        counted = 0
        for today in sorted(days):
            for scope in scopes:
                listed = overdue(reports_in_scope(connection, view, scope.get("owner"), scope.get("community"),
                                                  scope.get("org_no")), today)
                assert overdue_count(connection, view, today, **scope) == len(listed), (today, scope)
                counted += len(listed)
    assert counted > 0, "some reports were overdue on one of the days"


def test_a_following_runner_lets_a_trickle_of_commands_gather_into_one_batch(
        system: Any, store_world: World) -> None:
    """After a look at the log that found less than a batch, the runner waits `gather`
    seconds: commands written meanwhile reach each view in one batch, not one by one."""
    _, models = system
    store_world.submitted()  # the pool and round opened, one application
    audit = models.view("audit")
    runner = models.runner_for([audit])
    batches: list[list[int]] = []
    apply = audit.apply

    def recording(application_name: str, deliveries: Any, after: int | None, upto: int) -> None:
        batches.append([d.position for d in deliveries])
        apply(application_name, deliveries, after, upto)

    audit.apply = recording  # type: ignore[method-assign]
    stop = threading.Event()
    following = threading.Thread(target=runner.run, args=(stop,), kwargs={"poll_interval": 0.01, "gather": 1.0})
    following.start()
    try:
        audit.wait(models.app.name, models.app.recorder.max_notification_id(), timeout=10)
        looked = len(batches)
        store_world.submitted()  # three commands, one after another, while the runner gathers
        store_world.submitted()
        store_world.submitted()
        head = models.app.recorder.max_notification_id()
        audit.wait(models.app.name, head, timeout=10)
    finally:
        stop.set()
        following.join(timeout=10)
    later = [batch for batch in batches[looked:] if batch]
    assert len(later) == 1, f"the three commands reached the view in {len(later)} batches: {later}"
    assert later[0][-1] == head and len(later[0]) >= 3


@pytest.mark.postgres
def test_a_rebuild_on_postgresql_looks_rows_up_by_key_however_stale_the_statistics(
        postgres_url: str, clock: FakeClock) -> None:
    """A rebuild's scratch tables grow faster than PostgreSQL's statistics of them, and
    with stale statistics the planner read a whole table for a lookup of 500 keys (a
    third of a rebuild of 1 000 000 events): every statement a scratch view runs while
    filling is planned with sequential scans off (and no JIT, which a cost of 10^10 for
    a table left to scan set off); the live views' are not."""
    from sqlalchemy import event

    grants = Grants(postgres_url, clock=clock)
    World(grants, clock).paid()
    models = ReadModels(grants)
    models.catch_up()
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)

    def note(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        found = re.search(r"FROM (rm\w*?)_(\w+)", statement)  # a view's table (a position is read apart)
        if statement.startswith("SELECT") and found and found.group(2) != "tracking":
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
            seen["live" if found.group(1) == "rm" else "scratch"].add(cursor.fetchone())

    event.listen(models.engine, "before_cursor_execute", note)
    try:
        rebuild(models, list(VIEW_NAMES), processes=1)
        World(grants, clock).approved()
        models.catch_up()
    finally:
        event.remove(models.engine, "before_cursor_execute", note)
    assert seen == {"scratch": {("off", "off")}, "live": {("on", "on")}}
    models.close()
    grants.close()
