"""A store written before people, registered organisations and scope existed
(tests/fixtures/before-people.sqlite, made by commit 2cd7c15 with its read models)
opens and answers: its log verifies, its read models equal a rebuild, its tokens keep
the role they were issued with (and the revoked one stays refused), and once the
operator registers the organisations it names, work goes on in its old round."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from eventsourcing.utils import get_topic

from application.service import Grants
from domain.application import Application
from domain.commands import Submit
from domain.errors import NotFound, NotRegistered
from domain.values import ADMIN, Actor
from readmodels.rebuild import verify
from readmodels.service import VIEW_NAMES, ReadModels
from workloads.builders import APPLICANT_ACTOR, FakeClock, content, register_organisations

FIXTURES = Path(__file__).parent.parent / "fixtures"
GRANTS = str(Path(sys.executable).parent / "grants")


@pytest.fixture
def old_store(tmp_path: Path) -> str:
    shutil.copy(FIXTURES / "before-people.sqlite", tmp_path / "old.sqlite")
    return f"sqlite:///{tmp_path / 'old.sqlite'}"


def _grants_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GRANTS, *args], env={"GRANTS_DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_the_log_verifies_and_the_read_models_equal_a_rebuild(old_store: str) -> None:
    audit = _grants_cli(old_store, "audit", "verify")
    assert audit.returncode == 0, audit.stderr
    verify = _grants_cli(old_store, "projections", "verify")
    assert verify.returncode == 0, verify.stderr + verify.stdout
    assert "equal a rebuild" in verify.stdout


def test_old_tokens_keep_their_role_and_the_revoked_one_stays_refused(old_store: str) -> None:
    saved = json.loads((FIXTURES / "before-people.json").read_text())
    grants = Grants(old_store)
    try:
        for role, token in saved["tokens"].items():
            actor = grants.authenticate(token)
            assert actor.role == role and actor.membership_id is None  # the token is its own person
        with pytest.raises(NotFound):
            grants.authenticate(saved["revoked"])
        grants.revoke_token(saved["tokens"]["finance"], Actor("op", "Op", ADMIN))
        with pytest.raises(NotFound):
            grants.authenticate(saved["tokens"]["finance"])
    finally:
        grants.close()


def test_work_goes_on_once_the_organisations_are_registered(old_store: str) -> None:
    grants = Grants(old_store, clock=FakeClock())
    try:
        models = ReadModels(grants)
        models.catch_up()
        first = grants.recorder.select_notifications(start=None, limit=1, topics=[get_topic(Application.Submitted)])
        round_id = grants.get_application(first[0].originator_id).round_id
        with pytest.raises(NotRegistered):
            grants.run(Submit(round_id, content()), actor=APPLICANT_ACTOR)
        register_organisations(grants)
        submitted = grants.run(Submit(round_id, content()), actor=APPLICANT_ACTOR).value
        assert submitted.health_community.id == "hf-lvs"
        models.catch_up()
        assert all(comparison.ok for comparison in verify(models, list(VIEW_NAMES)))
    finally:
        grants.close()
