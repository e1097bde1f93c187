"""The archive extraction (*arkivuttrekk*) of a period: the journal's case and meeting files
with the entries journalled in it, each document as a file under `dokumenter/` with its
checksum, and the five Noark 5 XML files (`readmodels.exports.noark5`).

Documents are kept in an archive format: letters, notes and protocols as plain UTF-8
text (a letter as written from the log, the same text its recipients got), attachments
as they were received. The same period gives the same files, byte for byte, apart from
the creation time written into `arkivstruktur.xml` (and so its checksum)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, and_, select

from domain.attachments import DOCX, JPEG, ODS, ODT, PDF, PNG, PPTX, XLSX
from domain.journal import OUTGOING, file_number
from domain.labels import FIELD_LABELS
from infrastructure.sql import reading
from readmodels.exports import noark5
from readmodels.exports.noark5 import DocumentFile, Extraction
from readmodels.service import ReadModels

#: The letter an application event calls for: (event type, application id, version) →
#: (subject, body), as `application.letters` writes it.
LetterText = Callable[[str, str, int], tuple[str, str]]
#: A kept file's content by its SHA-256 (None when it is not kept).
FileContent = Callable[[str], bytes | None]
#: File name endings of the attachments' kinds.
_ENDINGS: Final = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", ODT: "odt",
                   ODS: "ods"}
XML_FILES: Final = ("arkivstruktur.xml", "loependeJournal.xml", "offentligJournal.xml", "endringslogg.xml")


@dataclass(frozen=True)
class ExtractionSummary:
    """What an extraction wrote: how many case files, meeting files, journal entries and
    documents, and its size in bytes."""

    case_files: int
    meeting_files: int
    entries: int
    documents: int
    size: int


def export_archive(models: ReadModels, letter_text: LetterText, file_content: FileContent, start: date, end: date,
                   output: Path, created_at: datetime) -> ExtractionSummary:
    """Write the extraction of the entries journalled from `start` to `end` (both
    included) into the folder `output`, which must not exist (it appears whole, or not
    at all). `ValueError` when the period has no entries or `output` exists."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    if output.exists():
        raise ValueError(f"{output} exists already: an extraction is written into a new folder")
    with reading(models.engine) as connection:
        files, entries, changes, data = _rows(connection, models, start, end)
    if not entries:
        raise ValueError(f"nothing was journalled from {start} to {end}")
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.resolve().parent))
    try:
        documents = _write_documents(staging, files, entries, data, letter_text, file_content)
        owners = sorted({(f["owner_id"], f["owner_name"]) for f in files})
        extraction = Extraction(start, end, ", ".join(o[0] for o in owners), ", ".join(o[1] for o in owners),
                                created_at, files, entries, documents, changes)
        checksums: dict[str, str] = {}
        for name, content in zip(XML_FILES, (noark5.arkivstruktur(extraction), noark5.loepende_journal(extraction),
                                             noark5.offentlig_journal(extraction), noark5.endringslogg(extraction)),
                                 strict=True):
            (staging / name).write_bytes(content)
            checksums[name] = hashlib.sha256(content).hexdigest()
        (staging / "arkivuttrekk.xml").write_bytes(noark5.arkivuttrekk(extraction, checksums))
        os.replace(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    count = sum(len(e) for e in entries.values())
    return ExtractionSummary(sum(f["kind"] == "saksmappe" for f in files),
                             sum(f["kind"] == "moetemappe" for f in files), count, len(documents), size)


def _rows(connection: Connection, models: ReadModels, start: date, end: date) -> tuple[
        list[dict[str, Any]], dict[str, list[dict[str, Any]]], list[dict[str, Any]], dict[int, dict[str, Any]]]:
    journal, audit = models.journal, models.audit
    in_period = and_(journal.entries.c.journal_date >= start, journal.entries.c.journal_date <= end)
    entries: dict[str, list[dict[str, Any]]] = {}
    for row in connection.execute(select(journal.entries).where(in_period).order_by(journal.entries.c.position,
                                                                                    journal.entries.c.entry_id)):
        entries.setdefault(row.file_id, []).append(dict(row._mapping))
    files = [dict(row._mapping) for row in connection.execute(
        select(journal.files).where(journal.files.c.file_id.in_(list(entries))))]
    files.sort(key=lambda f: (f["kind"], f["year"], f["sequence"], f["file_id"]))
    changes = [dict(row._mapping) for row in connection.execute(
        select(journal.changes).where(journal.changes.c.changed_on >= start, journal.changes.c.changed_on <= end,
                                      journal.changes.c.file_id.in_(list(entries)))
        .order_by(journal.changes.c.position))]
    positions = sorted({e["position"] for rows in entries.values() for e in rows})
    data: dict[int, dict[str, Any]] = {}
    for chunk in range(0, len(positions), 500):
        for position, stored in connection.execute(select(audit.events.c.position, audit.events.c.data).where(
                audit.events.c.position.in_(positions[chunk:chunk + 500]))):
            data[position] = stored
    return files, entries, changes, data


def _write_documents(folder: Path, files: list[dict[str, Any]], entries: dict[str, list[dict[str, Any]]],
                     data: dict[int, dict[str, Any]], letter_text: LetterText,
                     file_content: FileContent) -> dict[str, DocumentFile]:
    documents: dict[str, DocumentFile] = {}
    (folder / "dokumenter").mkdir()
    for file in files:
        for entry in entries.get(file["file_id"], []):
            content, ending, kind = _document(file, entry, data.get(entry["position"], {}), letter_text,
                                              file_content)
            if content is None:
                continue
            number = (f"{entry['year']}-{entry['sequence']:06d}" if file["kind"] == "saksmappe"
                      else f"mote-{entry['entry_id']}")
            path = f"dokumenter/{number}.{ending}"
            (folder / path).write_bytes(content)
            documents[entry["entry_id"]] = DocumentFile(path, kind, len(content), hashlib.sha256(content).hexdigest())
    return documents


def _document(file: dict[str, Any], entry: dict[str, Any], data: dict[str, Any], letter_text: LetterText,
              file_content: FileContent) -> tuple[bytes | None, str, str]:
    """The document's bytes, file ending and format name."""
    if entry["attachment"]:
        content = file_content(entry["attachment"])
        media_type = str((data.get("attachment") or {}).get("media_type", ""))
        return content, _ENDINGS.get(media_type, "bin"), media_type or "application/octet-stream"
    if entry["entry_type"] == OUTGOING:
        subject, body = letter_text(entry["event_type"], file["file_id"], entry["version"])
        return f"{subject}\n\n{body}".encode(), "txt", "TXT"
    if entry["document"] == "protokoll":
        return str(data.get("protocol", "")).encode(), "txt", "TXT"
    lines = [entry["title"]]
    if file["kind"] == "saksmappe":
        lines.append(f"Sak {file_number(file['year'], file['sequence'])} ({file['reference']}), "
                     f"journalpost {file_number(entry['year'], entry['sequence'])}, {entry['journal_date']}")
    lines.append("")
    for name, value in data.items():
        if name == "command_key":
            continue
        lines.append(f"{FIELD_LABELS.get(name, name)}: {_text(value)}")
    return ("\n".join(lines) + "\n").encode(), "txt", "TXT"


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    return str(value)
