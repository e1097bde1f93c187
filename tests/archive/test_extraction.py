"""The Noark 5 extraction: the demo's validates against Arkivverket's schemas (all five
XML files), each document's checksum matches its file, and two extractions of the same
period are the same bytes; an attachment travels as it was received; the command writes
a new folder or nothing."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner

from application.service import Grants
from cli.main import cli
from demo.scenario import SimulatedClock, run_demo
from domain.attachments import attachment_of
from domain.commands import AddAttachment
from infrastructure.blobs import BlobStore
from readmodels.exports.archive import export_archive
from readmodels.exports.noark5 import ADDML, ARKIVSTRUKTUR
from readmodels.service import ReadModels
from workloads.builders import APPLICANT_ACTOR, FakeClock, World

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "data" / "noark5"
FILES = {"arkivstruktur.xml": "arkivstruktur.xsd", "loependeJournal.xml": "loependeJournal.xsd",
         "offentligJournal.xml": "offentligJournal.xsd", "endringslogg.xml": "endringslogg.xsd",
         "arkivuttrekk.xml": "addml.xsd"}
CREATED = datetime(2026, 12, 4, 12, tzinfo=UTC)


def _extract(grants: Grants, models: ReadModels, folder: Path, start: date, end: date) -> None:
    models.catch_up()
    export_archive(models, grants.occasion_letter, BlobStore(models.engine).get, start, end, folder, CREATED)


def _validate(folder: Path) -> None:
    if not SCHEMAS.is_dir():
        pytest.skip(f"Arkivverket's schemas are not beside the repository ({SCHEMAS})")
    for name, xsd in FILES.items():
        errors = list(xmlschema.XMLSchema(str(SCHEMAS / xsd)).iter_errors(str(folder / name)))
        assert errors == [], f"{name}: {errors[0]}"


def _checked_documents(folder: Path) -> int:
    """Every dokumentobjekt's file exists with its checksum and size; the ADDML lists each
    XML file's checksum. How many documents there are."""
    tree = ET.parse(folder / "arkivstruktur.xml")
    objects = tree.getroot().iter(f"{{{ARKIVSTRUKTUR}}}dokumentobjekt")
    count = 0
    for obj in objects:
        path = obj.findtext(f"{{{ARKIVSTRUKTUR}}}referanseDokumentfil")
        content = (folder / str(path)).read_bytes()
        assert hashlib.sha256(content).hexdigest() == obj.findtext(f"{{{ARKIVSTRUKTUR}}}sjekksum")
        assert str(len(content)) == obj.findtext(f"{{{ARKIVSTRUKTUR}}}filstoerrelse")
        count += 1
    listed = {}
    for data_object in ET.parse(folder / "arkivuttrekk.xml").getroot().iter(f"{{{ADDML}}}dataObject"):
        values = {p.get("name"): p.findtext(f"{{{ADDML}}}value")
                  for p in data_object.iter(f"{{{ADDML}}}property")}
        if values.get("name"):
            listed[values["name"]] = values["value"]
    assert listed == {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
                      for name in FILES if name != "arkivuttrekk.xml"}
    return count


def test_the_demos_extraction_validates_its_checksums_match_and_it_is_the_same_each_time(tmp_path: Path) -> None:
    clock = SimulatedClock()
    grants = Grants(f"sqlite:///{tmp_path / 'demo.db'}", clock=clock)
    models = None
    try:
        run_demo(grants, clock)
        models = ReadModels(grants)
        first, second = tmp_path / "uttrekk-1", tmp_path / "uttrekk-2"
        _extract(grants, models, first, date(2024, 1, 1), date(2026, 12, 31))
        _extract(grants, models, second, date(2024, 1, 1), date(2026, 12, 31))
        _validate(first)
        documents = _checked_documents(first)
        journal_posts = ET.parse(first / "loependeJournal.xml").getroot().findall(
            ".//{http://www.arkivverket.no/standarder/noark5/loependeJournal}journalpost")
        assert documents >= len(journal_posts) > 100
        assert ET.parse(first / "arkivstruktur.xml").getroot().find(
            f".//{{{ARKIVSTRUKTUR}}}mappe[@{{http://www.w3.org/2001/XMLSchema-instance}}type='moetemappe']") is not None
        names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
        assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
        assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)
    finally:
        if models is not None:
            models.close()
        grants.close()


def test_an_attachment_travels_as_received_and_the_command_writes_a_new_folder_or_nothing(
        sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    grants = Grants(sqlite_url, clock=clock)
    content = b"%PDF-1.4\n% Signert samarbeidsavtale\n%%EOF\n"
    try:
        app = World(grants, clock).submitted()
        BlobStore(ReadModels(grants).engine).put(content)
        grants.run(AddAttachment(app.id, attachment_of(content, "avtale.pdf")), actor=APPLICANT_ACTOR)
    finally:
        grants.close()
    monkeypatch.setenv("GRANTS_DATABASE_URL", sqlite_url)
    folder = tmp_path / "uttrekk"
    result = CliRunner().invoke(cli, ["archive", "export", "--from", "2025-01-01", "--to", "2025-12-31",
                                      "--output", str(folder)])
    assert result.exit_code == 0, result.output
    assert "1 case files" in result.output
    _validate(folder)
    assert _checked_documents(folder) == 3  # the application, its receipt, the attachment
    assert content in [p.read_bytes() for p in (folder / "dokumenter").iterdir()]
    again = CliRunner().invoke(cli, ["archive", "export", "--from", "2025-01-01", "--to", "2025-12-31",
                                     "--output", str(folder)])
    assert again.exit_code != 0 and "exists already" in again.output
    empty = CliRunner().invoke(cli, ["archive", "export", "--from", "2030-01-01", "--to", "2030-12-31",
                                     "--output", str(tmp_path / "tomt")])
    assert empty.exit_code != 0 and "nothing was journalled" in empty.output
    assert not (tmp_path / "tomt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half-written folder left
