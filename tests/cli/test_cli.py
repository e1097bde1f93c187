"""The `grants` command as operators use it: a subprocess, real stores, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from application.service import Grants
from demo.data import APPLICATIONS
from domain.errors import NotFound
from domain.values import ROLES

GRANTS = str(Path(sys.executable).parent / "grants")


def run(*args: str, cwd: Path, url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GRANTS_DATABASE_URL"}
    if url:
        env["GRANTS_DATABASE_URL"] = url
    return subprocess.run([GRANTS, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "demo" in result.stdout and "token" in result.stdout


def test_demo_then_an_auditor_token_on_the_default_sqlite_file(tmp_path: Path) -> None:
    # nothing configured: the store is created under ./var/
    demo = run("demo", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "var" / "grants.sqlite").exists()
    tokens = dict(line.split() for line in demo.stdout.splitlines()[-len(ROLES):])
    assert sorted(tokens) == sorted(ROLES)
    created = run("token", "create", "--role", "auditor", "--name", "Revisjon", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    grants = Grants(f"sqlite:///{tmp_path / 'var' / 'grants.sqlite'}")
    try:
        assert grants.authenticate(token).role == "auditor"
        assert grants.authenticate(tokens["finance"]).role == "finance"
    finally:
        grants.close()
    # a second demo adds no data, only fresh tokens
    again = run("demo", cwd=tmp_path)
    assert again.returncode == 0 and "no demo data added" in again.stdout
    fresh = dict(line.split() for line in again.stdout.splitlines()[-len(ROLES):])
    grants = Grants(f"sqlite:///{tmp_path / 'var' / 'grants.sqlite'}")
    try:  # the same people, new tokens; the ones printed before are revoked
        for role in ROLES:
            with pytest.raises(NotFound):
                grants.authenticate(tokens[role])
            assert grants.authenticate(fresh[role]).role == role
        assert grants.authenticate(token).role == "auditor"  # not a demo token: kept
    finally:
        grants.close()


@pytest.mark.postgres
def test_demo_then_an_auditor_token_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    demo = run("demo", cwd=tmp_path, url=postgres_url)
    assert demo.returncode == 0, demo.stderr
    assert f"{len(APPLICATIONS)} applications" in demo.stdout
    created = run("token", "create", "--role", "auditor", cwd=tmp_path, url=postgres_url)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    grants = Grants(postgres_url)
    try:
        assert grants.authenticate(token).role == "auditor"
    finally:
        grants.close()
    assert not (tmp_path / "var").exists()


def test_revoked_tokens_stop_working(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    created = run("token", "create", "--role", "finance", "--owner", "all", cwd=tmp_path, url=url)
    token = created.stdout.strip().splitlines()[-1]
    revoked = run("token", "revoke", token, cwd=tmp_path, url=url)
    assert revoked.returncode == 0, revoked.stderr
    again = run("token", "revoke", token, cwd=tmp_path, url=url)
    assert again.returncode == 2 and "already revoked" in again.stderr


@pytest.mark.parametrize(("args", "url", "message"), [
    (("token", "create", "--role", "wizard"), None, "'wizard' is not one of"),
    (("token", "create", "--role", "applicant"), None, "needs the organisation number"),
    (("token", "create", "--role", "applicant", "--org", "972418014"), None, "not a valid organisation number"),
    (("token", "create", "--role", "assessor"), None, "needs the health community"),
    (("token", "create", "--role", "assessor", "--community", "nope"), None, "not a registered health community"),
    (("token", "create", "--role", "finance"), None, "needs --owner"),
    (("token", "create", "--role", "finance", "--owner", "nope"), None, "not a registered owner"),
    (("token", "create"), None, "Missing option '--role'"),
    (("token", "create", "--role", "auditor", "--email", "p1@y.no,spy@evil.example"), None,
     "is not one e-mail address"),
    (("token", "create", "--role", "auditor", "--email", "p1\u2028@y.no"), None, "is not one e-mail address"),
    (("token", "revoke", "tsk_nobody"), None, "unknown token"),
    (("nonsense",), None, "No such command"),
    (("demo",), "mysql://localhost/x", "must start with sqlite:/// or postgresql://"),
    (("demo",), "postgresql://postgres@127.0.0.1:1/nowhere", "cannot reach PostgreSQL at 127.0.0.1:1/nowhere"),
])
def test_errors_are_one_line_with_exit_status_2(tmp_path: Path, args: tuple[str, ...], url: str | None,
                                                message: str) -> None:
    result = run(*args, cwd=tmp_path, url=url or f"sqlite:///{tmp_path / 'g.sqlite'}")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["garbage", "postgresql://postgres@127.0.0.1:1/nowhere", "sqlite:///"])
def test_serve_with_a_store_it_cannot_use_is_one_line_and_exit_2_before_starting(tmp_path: Path, url: str) -> None:
    result = run("serve", "--port", "1", cwd=tmp_path, url=url)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("grants: error:"), result.stderr
    assert "Traceback" not in result.stderr and "gunicorn" not in result.stderr.lower() + result.stdout.lower()


def test_serve_on_a_port_in_use_is_one_line_and_exit_2_at_once(tmp_path: Path) -> None:
    import socket
    import time

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = run("serve", "--port", str(port), cwd=tmp_path, url=f"sqlite:///{tmp_path / 'g.sqlite'}")
        took = time.monotonic() - started
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0]
    assert took < 5, "no retrying for seconds"


def test_owners_and_communities_are_registered_once_and_print_their_id(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    owner = ("owner", "add", "--id", "helse-nord-rhf", "--name", "Helse Nord RHF", "--kind", "rhf")
    community = ("community", "add", "--id", "hf-lvs", "--name", "Helsefellesskapet LVS", "--region",
                 "helse-nord-rhf", "--member", "972418013:Bodø kommune:municipality")
    for args, printed in ((owner, "helse-nord-rhf"), (community, "hf-lvs")):
        first, again = run(*args, cwd=tmp_path, url=url), run(*args, cwd=tmp_path, url=url)
        assert first.returncode == again.returncode == 0, first.stderr
        assert first.stdout.splitlines()[-1] == again.stdout.splitlines()[-1] == printed
        assert "unchanged" in again.stderr
    grants = Grants(url)
    try:
        registry = grants.registry()
        assert [m.org_no for m in registry.community("hf-lvs").members] == ["972418013"]
        assert len(registry.owners) == 1
    finally:
        grants.close()
    bad_member = run("community", "add", "--id", "hf-x", "--name", "X", "--region", "helse-nord-rhf",
                     "--member", "972418013:Bodø", cwd=tmp_path, url=url)
    assert bad_member.returncode == 2 and "ORGNO:NAME:KIND" in bad_member.stderr
    no_region = run("community", "add", "--id", "hf-x", "--name", "X", "--region", "nowhere", cwd=tmp_path, url=url)
    assert no_region.returncode == 2 and "not a registered RHF" in no_region.stderr
