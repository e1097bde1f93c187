"""Tampering with the event store (or the store and the audit trail together) is caught
by `grants audit verify`, at the right position."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from application.service import Grants
from readmodels.hashchain import Digest, link
from readmodels.log import notifications
from readmodels.service import ReadModels
from tests.readmodels.support import events_table, grants_cli
from workloads.builders import FakeClock, World


@pytest.fixture
def audited(store_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Three paid applications, audited; the CLI pointed at the same store."""
    grants = Grants(store_url, clock=clock)
    world = World(grants, clock)
    for _ in range(3):
        world.paid()
    models = ReadModels(grants)
    models.catch_up()
    monkeypatch.setenv("GRANTS_DATABASE_URL", store_url)
    yield grants, models
    models.close()
    grants.close()


def _paid_position(grants: Grants, nth: int = 1) -> int:
    return [n.id for n in notifications(grants.recorder) if n.topic.endswith("Application.FundsDisbursed")][nth]


def test_an_untouched_log_verifies_and_its_digest_matches(audited: Any, capsys: pytest.CaptureFixture[str]) -> None:
    grants, _ = audited
    status, output = grants_cli(capsys, "audit", "digest")
    assert status == 0
    digest = Digest.parse(output.strip().splitlines()[-1])
    previous = "0" * 64
    for notification in notifications(grants.recorder):
        previous = link(previous, notification)
    assert digest == Digest(grants.recorder.max_notification_id(), previous)
    status, output = grants_cli(capsys, "audit", "verify", "--digest", str(digest))
    assert status == 0 and f"match the digest at position {digest.position}" in output


def test_one_changed_byte_is_found_at_its_position(audited: Any, capsys: pytest.CaptureFixture[str]) -> None:
    grants, models = audited
    position = _paid_position(grants)
    with models.engine.begin() as connection:
        table, column = events_table(connection)
        state = connection.execute(text(f"SELECT state FROM {table} WHERE {column} = :p"), {"p": position}).scalar()
        changed = bytes(state).replace(b"\"1000000.00\"", b"\"9000000.00\"", 1)
        assert len(changed) == len(state) and sum(a != b for a, b in zip(changed, state, strict=True)) == 1
        connection.execute(text(f"UPDATE {table} SET state = :s WHERE {column} = :p"), {"s": changed, "p": position})
    status, output = grants_cli(capsys, "audit", "verify")
    assert status == 1
    assert f"FAILED at position {position}: the stored event differs" in output


def test_a_deleted_event_is_found_at_its_position(audited: Any, capsys: pytest.CaptureFixture[str]) -> None:
    grants, models = audited
    position = _paid_position(grants, 0)
    with models.engine.begin() as connection:
        table, column = events_table(connection)
        connection.execute(text(f"DELETE FROM {table} WHERE {column} = :p"), {"p": position})
    status, output = grants_cli(capsys, "audit", "verify")
    assert status == 1
    assert f"FAILED at position {position}: the audit trail records an event the store no longer holds" in output


def test_two_swapped_events_are_found_at_the_first(audited: Any, capsys: pytest.CaptureFixture[str]) -> None:
    grants, models = audited
    first, second = _paid_position(grants, 1), _paid_position(grants, 2)
    with models.engine.begin() as connection:
        table, column = events_table(connection)
        for old, new in ((first, -1), (second, first), (-1, second)):
            connection.execute(text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old"),
                               {"new": new, "old": old})
    status, output = grants_cli(capsys, "audit", "verify")
    assert status == 1
    assert f"FAILED at position {first}: the stored event differs" in output


def test_rewriting_store_and_audit_trail_together_is_caught_by_an_earlier_digest(
        audited: Any, capsys: pytest.CaptureFixture[str]) -> None:
    grants, models = audited
    _, output = grants_cli(capsys, "audit", "digest")
    digest = output.strip().splitlines()[-1]
    position = _paid_position(grants)
    audit = models.view("audit")
    with models.engine.begin() as connection:
        table, column = events_table(connection)
        state = connection.execute(text(f"SELECT state FROM {table} WHERE {column} = :p"), {"p": position}).scalar()
        connection.execute(text(f"UPDATE {table} SET state = :s WHERE {column} = :p"),
                           {"s": bytes(state).replace(b"\"1000000.00\"", b"\"9000000.00\"", 1), "p": position})
        connection.execute(audit.events.delete())
        connection.execute(audit.tracking.delete().where(audit.tracking.c.view == "audit"))
    models.runner_for([audit]).catch_up()  # the forger rebuilds a consistent audit trail
    status, output = grants_cli(capsys, "audit", "verify")
    assert status == 0, "store and audit trail agree with each other now"
    status, output = grants_cli(capsys, "audit", "verify", "--digest", digest)
    assert status == 1
    assert f"FAILED at position {Digest.parse(digest).position}: the chain up to here differs from the digest" in output


def test_a_malformed_digest_is_bad_usage(audited: Any, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = grants_cli(capsys, "audit", "verify", "--digest", "12:not-a-hash")
    assert status == 2 and "grants: error:" in output and "POSITION:HASH" in output
