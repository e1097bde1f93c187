"""`grants projections status | rebuild | verify` as an operator uses them."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import update

from application.service import Grants
from readmodels.service import VIEW_NAMES, ReadModels
from tests.readmodels.support import grants_cli
from workloads.builders import World


@pytest.fixture
def operated(system: Any, store_world: World, store_url: str, monkeypatch: pytest.MonkeyPatch) -> ReadModels:
    store_world.paid()
    store_world.submitted()
    monkeypatch.setenv("GRANTS_DATABASE_URL", store_url)
    return system[1]


def test_status_shows_the_lag_until_the_projections_catch_up(
        operated: ReadModels, capsys: pytest.CaptureFixture[str]) -> None:
    head = operated.app.recorder.max_notification_id()
    status, output = grants_cli(capsys, "projections", "status")
    assert status == 0
    assert all(line.split()[1:] == ["0", str(head)] for line in output.splitlines()[1:])
    assert grants_cli(capsys, "projections", "run", "--once")[0] == 0
    status, output = grants_cli(capsys, "projections", "status")
    assert [line.split() for line in output.splitlines()[1:]] == [[name, str(head), "0"] for name in VIEW_NAMES]


def test_verify_exits_1_naming_the_difference_and_rebuild_repairs_it(
        operated: ReadModels, capsys: pytest.CaptureFixture[str]) -> None:
    operated.catch_up()
    assert grants_cli(capsys, "projections", "verify")[0] == 0
    applications = operated.view("applications").applications
    with operated.engine.begin() as connection:
        connection.execute(update(applications).where(applications.c.status == "submitted").values(status="approved"))
    status, output = grants_cli(capsys, "projections", "verify")
    assert status == 1
    assert "applications: 1 difference(s)" in output and "rm_applications row" in output
    assert "status (live 'approved', rebuilt 'submitted')" in output
    status, output = grants_cli(capsys, "projections", "rebuild", "applications")
    assert status == 0 and "Rebuilt applications" in output
    assert grants_cli(capsys, "projections", "verify", "applications")[0] == 0


def test_an_unknown_projection_name_is_bad_usage(operated: ReadModels, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = grants_cli(capsys, "projections", "rebuild", "budgets")
    assert status == 2 and "no projection named budgets" in output
    with pytest.raises(Exception, match="no projection named"):
        operated.view("budgets")


def test_processes_starting_together_create_the_tables_once(store_url: str) -> None:
    grants = Grants(store_url)
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        barrier.wait()
        try:
            ReadModels(grants).close()
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    models = ReadModels(grants)
    assert [s.position for s in models.status()] == [0] * len(VIEW_NAMES)
    models.close()
    grants.close()
