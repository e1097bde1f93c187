"""Reconciliation: the demo's pools agree three ways; a difference planted in the read
model, or in the pool's events, is found and named, and the command exits 1."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import delete, insert, select, update

from readmodels.discrepancies import (
    APPLICATION_EVENTS,
    DIFFERS,
    MISSING_ROW,
    POOL_EVENTS,
    READ_MODEL,
    UNKNOWN_ROW,
)
from readmodels.reconcile import reconcile
from tests.exports.support import Demo
from tests.readmodels.support import grants_cli
from tests.web.support import page_login
from workloads.builders import FINANCE_ACTOR


def _cli(demo: Demo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("GRANTS_DATABASE_URL", demo.url)
    return grants_cli(capsys, "audit", "reconcile")


def _first_paid_pool(demo: Demo) -> dict[str, Any]:
    table = demo.models.budget.pools
    with demo.models.engine.connect() as connection:
        row = connection.execute(select(table).where(table.c.paid > 0).order_by(table.c.owner_name)).mappings().first()
    assert row is not None
    return dict(row)


def test_the_demo_reconciles(demo: Demo, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    result = reconcile(demo.models)
    assert result.ok and result.differences() == []
    # 3 pools opened, 7 allocated to communities
    assert len(result.pools) == 10 and result.position == demo.grants.recorder.max_notification_id()
    budget = demo.get("/api/v1/budget", "finance").get_json()
    remaining = sum(Decimal(owner["remaining"]) for owner in budget["owners"])
    assert sum(pool.application_events.remaining for pool in result.pools) == remaining
    assert sum(pool.application_events.returned for pool in result.pools) > 0  # a reclaim is in the demo
    assert sum(pool.application_events.released for pool in result.pools) > 0  # and a closure releasing money
    status, out = _cli(demo, capsys, monkeypatch)
    assert status == 0 and "ok: " in out and "Reconciled 10 pools" in out
    page = demo.client.get("/okonomi?avstemming=1", headers={})
    assert page.status_code == 302  # not logged in: to the login page
    page_login(demo.client, demo.tokens["finance"])
    html = demo.client.get("/okonomi?avstemming=1").get_data(as_text=True)
    assert 'data-reconciled="true"' in html and "Ingen avvik" in html
    assert "Avstem nå" in demo.client.get("/okonomi").get_data(as_text=True)


def test_a_difference_planted_in_the_read_model_is_named_and_exits_1(
        own_demo: Demo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    pool = _first_paid_pool(own_demo)
    table = own_demo.models.budget.pools
    with own_demo.models.engine.begin() as connection:
        connection.execute(update(table).where(table.c.pool_id == pool["pool_id"])
                           .values(paid=table.c.paid + Decimal("1000.00")))
    (found,) = reconcile(own_demo.models).differences()
    assert (found.pool_id, found.kind, found.figure) == (pool["pool_id"], DIFFERS, "paid")
    assert dict(found.values) == {POOL_EVENTS: pool["paid"], APPLICATION_EVENTS: pool["paid"],
                                  READ_MODEL: pool["paid"] + Decimal("1000.00")}
    status, out = _cli(own_demo, capsys, monkeypatch)
    assert status == 1
    assert "FAILED: 1 difference(s)" in out and f"({pool['pool_id']}): paid differs" in out
    assert f"budget read model {pool['paid'] + Decimal('1000.00'):.2f}" in out
    page_login(own_demo.client, own_demo.tokens["auditor"])
    html = own_demo.client.get("/okonomi?avstemming=1").get_data(as_text=True)
    assert 'data-reconciled="false"' in html and "utbetalt avviker" in html


def test_a_missing_and_an_unknown_read_model_row_are_named(own_demo: Demo) -> None:
    pool = _first_paid_pool(own_demo)
    table = own_demo.models.budget.pools
    stranger = "00000000-0000-4000-8000-000000000001"
    with own_demo.models.engine.begin() as connection:
        connection.execute(delete(table).where(table.c.pool_id == pool["pool_id"]))
        connection.execute(insert(table).values({**pool, "pool_id": stranger}))
    kinds = {(d.pool_id, d.kind) for d in reconcile(own_demo.models).differences()}
    assert (pool["pool_id"], MISSING_ROW) in kinds and (stranger, UNKNOWN_ROW) in kinds


def test_a_pool_event_no_application_accounts_for_is_found(own_demo: Demo) -> None:
    """Money released in the pool's own log without the application being closed: the
    pool's events and the budget agree with each other, but not with the applications."""
    grants = own_demo.grants
    pool_row = _first_paid_pool(own_demo)
    pool = grants.get_pool(UUID(str(pool_row["pool_id"])))
    application_id, reserved = next((UUID(key), amount) for key, amount in pool.reserved_for.items()
                                    if pool.outstanding_for(key) > 0)
    pool.release(application_id, Decimal("100.00"), FINANCE_ACTOR, grants.now())
    grants.save(pool)
    own_demo.models.catch_up()
    differences = reconcile(own_demo.models).differences()
    pool_level = [d for d in differences if d.subject.startswith("pool ")]
    assert {d.figure for d in pool_level} == {"reserved", "remaining"} and reserved > 0
    for found in pool_level:
        values = dict(found.values)
        assert values[POOL_EVENTS] == values[READ_MODEL] != values[APPLICATION_EVENTS]
    # and the grant it happened to is named, with both sides of its ledger
    (named,) = [d for d in differences if not d.subject.startswith("pool ")]
    reference = grants.get_application(application_id).reference
    assert named.subject.startswith(f"application {reference} ({application_id})")
    assert (named.figure, dict(named.values)) == ("released", {POOL_EVENTS: Decimal("100.00"),
                                                               APPLICATION_EVENTS: Decimal(0)})
    page_login(own_demo.client, own_demo.tokens["finance"])
    html = own_demo.client.get("/okonomi?avstemming=1").get_data(as_text=True)
    assert f"Søknad {reference} i " in html and "frigitt avviker" in html

