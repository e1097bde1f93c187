"""Erasing a contact person, on an SQLite file and on PostgreSQL: refused while the case is
open, before the archive took it in and before the retention ran; then their key is
destroyed and the read models rebuilt — their name and address appear nowhere in the
read models, the API, the pages or a fresh export; the hash chain and the projections
verify; replay as of before the erasure shows the placeholder; the extraction taken
earlier is unchanged (and keeps them, as the archive must)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import MetaData, select

from application.service import Grants
from cli.main import cli
from domain.commands import Withdraw
from domain.errors import ErasureRefused
from domain.privacy import ERASED, RETENTION, person_id_for
from domain.values import Contact
from infrastructure.blobs import BlobStore
from infrastructure.sql import reading
from readmodels.auditcheck import verify_chain
from readmodels.exports.archive import export_archive
from readmodels.exports.csvfile import decisions_csv
from readmodels.exports.opendata import grants_360giving
from readmodels.rebuild import rebuild, verify
from readmodels.service import VIEW_NAMES, ReadModels
from tests.web.support import page_login
from web.app import create_app
from workloads.builders import APPLICANT_ACTOR, REGISTRAR, FakeClock, World

NAME, EMAIL = "Solveig Bakkeli", "solveig.bakkeli@bodo.kommune.no"
SECRETS = (NAME.encode(), EMAIL.encode(), b"Bakkeli")


def _read_models_bytes(models: ReadModels) -> bytes:
    """Every row of every read-model table, as bytes to search."""
    metadata = MetaData()
    metadata.reflect(models.engine)
    found: list[bytes] = []
    with reading(models.engine) as connection:
        for name, table in metadata.tables.items():
            if name.startswith("rm_"):
                found.extend(repr(tuple(row)).encode("utf-8") for row in connection.execute(select(table)))
    return b"\n".join(found)


def _absent(where: str, content: bytes) -> None:
    for secret in SECRETS:
        assert secret not in content, f"{secret!r} found in {where}"


def test_a_contact_person_is_erased_only_when_allowed_and_then_appears_nowhere(
        store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    grants = Grants(store_url, clock=clock)
    models = ReadModels(grants)
    person = person_id_for(EMAIL)
    try:
        world = World(grants, clock)
        app = world.submitted(contact=Contact(NAME, EMAIL))
        other = world.submitted(title="Kompetanseheving i Salten")  # another contact: kept
        with pytest.raises(ErasureRefused, match="still open"):
            grants.erase_person(person, "Ba om sletting", REGISTRAR)
        clock.advance(days=2)
        grants.run(Withdraw(app.id, reason="Prosjektet ble ikke noe av"), actor=APPLICANT_ACTOR)
        with pytest.raises(ErasureRefused, match="archive"):
            grants.erase_person(person, "Ba om sletting", REGISTRAR)

        models.catch_up()
        extraction = tmp_path / "uttrekk"
        export_archive(models, grants.occasion_letter, BlobStore(models.engine).get, date(2025, 1, 1),
                       date(2025, 12, 31), extraction, datetime(2025, 2, 1, tzinfo=UTC))
        digest = hashlib.sha256((extraction / "arkivuttrekk.xml").read_bytes()).hexdigest()
        grants.record_extraction(date(2025, 1, 1), date(2025, 12, 31), digest, REGISTRAR)
        taken = {p: p.read_bytes() for p in extraction.rglob("*") if p.is_file()}
        assert any(NAME.encode() in content for content in taken.values())  # the archive keeps the contact
        with pytest.raises(ErasureRefused, match="retention"):
            grants.erase_person(person, "Ba om sletting", REGISTRAR)

        before_erasure = clock.now + RETENTION["kontaktperson"] + timedelta(days=1)
        clock.set(before_erasure)
        models.catch_up()
        assert NAME.encode() in _read_models_bytes(models) and EMAIL.encode() in _read_models_bytes(models)
        report = grants.personal_data(person)
        assert [c["reference"] for c in report.cases] == [app.reference] and report.letters == []
        grants.erase_person(person, "Ba om sletting etter at arkivplikten er oppfylt", REGISTRAR)
        clock.advance(minutes=5)
        models.catch_up()
        rebuild(models, list(VIEW_NAMES))

        # the log and the views hold
        assert verify_chain(models).ok
        assert all(c.ok for c in verify(models, list(VIEW_NAMES)))
        erased = grants.get_application(app.id).contact
        assert erased is not None and (erased.name, erased.email) == (ERASED, ERASED)
        as_of_before = grants.get_application(app.id, as_of=before_erasure).contact  # replay as of before
        assert as_of_before is not None and as_of_before.name == ERASED
        kept = grants.get_application(other.id).contact  # someone else's is kept
        assert kept is not None and kept.name == "Hilde Johansen"
        _absent("the read models", _read_models_bytes(models))

        # the API, the pages and fresh exports
        client = create_app(store_url, secret_key="test").test_client()
        token, _ = grants.issue_token("auditor", REGISTRAR, holder="Revisjon Nord")
        headers = {"Authorization": f"Bearer {token}"}
        for path in (f"/api/v1/applications/{app.id}", f"/api/v1/applications/{app.id}/history",
                     "/api/v1/audit/events?limit=200", "/api/v1/journal/public?from=2025-01-01&to=2025-12-31"):
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200, (path, answer.status_code)
            _absent(path, answer.data)
        assert ERASED in json.dumps(client.get(f"/api/v1/applications/{app.id}", headers=headers).get_json())
        page_login(client, token)
        for page in (f"/soknader?referanse={app.reference}", "/revisjon",
                     "/offentlig-journal?fra=01.01.2025&til=31.12.2025"):
            answer = client.get(page, follow_redirects=True)
            assert answer.status_code == 200, page
            _absent(page, answer.data)
        _absent("the decisions export", b"".join(decisions_csv(models)))
        _absent("the 360Giving export", b"".join(grants_360giving(models)))
        fresh = tmp_path / "uttrekk-etter"
        export_archive(models, grants.occasion_letter, BlobStore(models.engine).get, date(2025, 1, 1),
                       date(2025, 12, 31), fresh, datetime(2025, 2, 1, tzinfo=UTC))
        _absent("a fresh extraction", b"".join(p.read_bytes() for p in fresh.rglob("*") if p.is_file()))
        assert {p: p.read_bytes() for p in extraction.rglob("*") if p.is_file()} == taken  # the earlier one

        # the command line tells what is left: the key erased, with the reason
        monkeypatch.setenv("GRANTS_DATABASE_URL", store_url)
        told = CliRunner().invoke(cli, ["privacy", "report", "--email", EMAIL])
        assert told.exit_code == 0 and "erased" in told.output and "Ba om sletting" in told.output
        again = CliRunner().invoke(cli, ["privacy", "erase", "--person", person, "--reason", "igjen"])
        assert again.exit_code != 0 and "not erased" in again.output
    finally:
        models.close()
        grants.close()


def test_cached_answers_naming_an_erased_person_are_dropped_and_others_kept(sqlite_url: str) -> None:
    from infrastructure.sql import engine_for
    from web.idempotency import IdempotencyStore

    store = IdempotencyStore(engine_for(sqlite_url))
    store.create()
    bodies = {"k1": json.dumps({"contact": {"name": "Åse Ørnes", "email": "ase@example.no"}}).encode(),
              "k2": json.dumps({"contact": {"name": "Åse Ørnes"}}, ensure_ascii=False).encode(),
              "k3": json.dumps({"contact": {"name": "Per Hansen", "email": "per@example.no"}}).encode()}
    for key, body in bodies.items():
        store.remember("applicant-1", key, "f" * 64, 201, body, {})
    assert store.forget_mentioning({"Åse Ørnes", "ase@example.no"}) == 2
    assert store.remembered("applicant-1", "k1", "f" * 64) is None
    assert store.remembered("applicant-1", "k2", "f" * 64) is None
    kept = store.remembered("applicant-1", "k3", "f" * 64)
    assert kept is not None and kept.body == bodies["k3"]


def test_the_commands_erase_a_person_once_the_configured_retention_ran_and_the_log_still_verifies(
        sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    grants = Grants(sqlite_url, clock=clock)
    try:
        app = World(grants, clock).submitted(contact=Contact(NAME, EMAIL))
        grants.run(Withdraw(app.id, reason="Trukket"), actor=APPLICANT_ACTOR)
    finally:
        grants.close()
    monkeypatch.setenv("GRANTS_DATABASE_URL", sqlite_url)
    run = CliRunner().invoke
    person = person_id_for(EMAIL)
    assert "archive extraction" in run(cli, ["privacy", "erase", "--person", person, "--reason", "x"]).output
    taken = run(cli, ["archive", "export", "--from", "2025-01-01", "--to", "2025-12-31",
                      "--output", str(tmp_path / "uttrekk")])
    assert taken.exit_code == 0, taken.output
    assert "kept until" in run(cli, ["privacy", "erase", "--person", person, "--reason", "x"]).output  # 5 years
    monkeypatch.setenv("GRANTS_RETENTION_KONTAKTPERSON_DAYS", "0")
    assert "Erasure: allowed now" in run(cli, ["privacy", "report", "--email", EMAIL]).output
    erased = run(cli, ["privacy", "erase", "--person", person, "--reason", "Ba om sletting"])
    assert erased.exit_code == 0 and "Read models rebuilt" in erased.output, erased.output
    for check in (["audit", "verify"], ["projections", "verify"]):
        result = run(cli, check)
        assert result.exit_code == 0, (check, result.output)
    monkeypatch.setenv("GRANTS_RETENTION_KONTAKTPERSON_DAYS", "ti")
    assert run(cli, ["privacy", "report", "--email", EMAIL]).exit_code != 0  # a bad setting is refused
