"""A full disk: the command answers 503 naming it and records nothing; once space is
freed, a retry with the same Idempotency-Key runs it exactly once. A real full disk: the
SQLite store on a tmpfs of 3 MiB, filled up (needs root to mount; CI runs as root)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.service import Grants
from tests.web.support import api_for, application_body
from web.app import create_app
from workloads.builders import FakeClock


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(directory: Path) -> Path:
    """Write a file until the disk is full; return it."""
    filler = directory / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(os.urandom(64 * 1024))
                out.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_answers_503_and_the_retry_runs_the_command_once(small_disk: Path) -> None:
    clock = FakeClock()
    grants = Grants(f"sqlite:///{small_disk / 'grants.sqlite'}", clock=clock)
    app = create_app(grants=grants, inline=True, secret_key="t")
    api = api_for(app, grants, clock)
    body = application_body(api.round()["id"], summary="Felles team. " * 700)
    headers = {"Idempotency-Key": "soknad-1"}
    before = grants.recorder.max_notification_id()
    filler = fill(small_disk)
    full = api.post("/api/v1/applications", "applicant", body, headers=headers)
    assert full.status_code == 503 and full.mimetype == "application/problem+json", full.get_data(as_text=True)
    assert full.get_json()["type"].endswith("disk-full") and "disk is full" in full.get_json()["detail"]
    filler.unlink()
    assert grants.recorder.max_notification_id() == before, "nothing was recorded"
    first = api.post("/api/v1/applications", "applicant", body, headers=headers)
    again = api.post("/api/v1/applications", "applicant", body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json()["id"] == first.get_json()["id"]
    listed = api.get("/api/v1/applications", "auditor").get_json()["items"]
    assert len(listed) == 1
    app.extensions["tilskudd"].close()
