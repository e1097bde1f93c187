"""The public journal (*offentleg journal*, offentleglova § 10): the journal's entries as
anyone may read them — the public title, dates, the file and entry numbers, the parties
that are organisations, and for an exempt document its legal basis. Never the full
title, a person's name or an exempt document's content; internal notes are listed with
their exemption like every other entry."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from sqlalchemy import Connection, Select, and_, func, or_, select

from domain.disclosure import JournalReference
from domain.errors import NotFound
from domain.journal import ENTRY_TYPES, INTERNAL_SENDER, file_number
from readmodels.journal import CASE_FILE, JournalView

#: The most entries one page lists.
PAGE_SIZE: Final = 200


def public_entries(connection: Connection, view: JournalView, start: date, end: date, words: str = "",
                   limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """The case files' journal entries dated from `start` to `end`, newest first, whose
    public title or file's public title holds `words` (case-insensitive), as the public
    may see them."""
    entries, files = view.entries, view.files
    conditions = [entries.c.journal_date >= start, entries.c.journal_date <= end, files.c.kind == CASE_FILE]
    for word in words.casefold().split():
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        conditions.append(or_(func.lower(entries.c.public_title).like(pattern),
                              func.lower(files.c.public_title).like(pattern)))
    query = (_with_files(view).where(and_(*conditions))
             .order_by(entries.c.journal_date.desc(), entries.c.sequence.desc()).limit(limit))
    return [public_entry(dict(row._mapping)) for row in connection.execute(query)]


def _with_files(view: JournalView) -> Select[Any]:
    """The journal's entries, each with what its file tells of it."""
    entries, files = view.entries, view.files
    return (select(entries, files.c.year.label("file_year"), files.c.sequence.label("file_sequence"),
                   files.c.public_title.label("file_title"), files.c.owner_name, files.c.owner_id,
                   files.c.community_id)
            .join(files, files.c.file_id == entries.c.file_id))


def public_entry(row: dict[str, Any]) -> dict[str, Any]:
    """One journal row as the public journal shows it."""
    exempt = row["screening_code"] is not None
    return {
        "entry": file_number(row["year"], row["sequence"]),
        "case": file_number(row["file_year"], row["file_sequence"]),
        "case_title": row["file_title"],
        "title": row["public_title"],
        "type": row["entry_type"],
        "type_label": ENTRY_TYPES[row["entry_type"]],
        "journal_date": row["journal_date"],
        "owner": row["owner_name"],
        "parties": [{"name": p["name"], "org_no": p["org_no"], "role": p["role"]}
                    for p in row["parties"] if p["org_no"] or p["role"] == INTERNAL_SENDER],
        "exempt": exempt,
        "legal_basis": row["screening_basis"] if exempt else None,
    }


def find_entry(connection: Connection, view: JournalView, entry: str) -> dict[str, Any] | None:
    """The case file's journal entry numbered `entry` (`journalår/sekvensnummer`), with
    what a request for access records of it; None when there is none."""
    year, _, sequence = entry.partition("/")
    if not (year.isdigit() and sequence.isdigit() and len(year) == 4 and len(sequence) <= 9):
        return None
    entries, files = view.entries, view.files
    row = connection.execute(_with_files(view).where(
        entries.c.year == int(year), entries.c.sequence == int(sequence), files.c.kind == CASE_FILE)).first()
    if row is None:
        return None
    found = dict(row._mapping)
    return {**public_entry(found), "application_id": found["file_id"], "owner_id": found["owner_id"],
            "community_id": found["community_id"]}


def journal_reference(connection: Connection, view: JournalView, entry: str) -> JournalReference:
    """What a request for access records of the entry `entry`; `NotFound` when the public
    journal has no such entry."""
    found = find_entry(connection, view, entry)
    if found is None:
        raise NotFound(f"the public journal has no entry {entry}")
    return JournalReference(found["entry"], found["case"], found["title"], found["application_id"],
                            found["owner_id"], found["owner"], found["community_id"], found["exempt"])


def access_requests(connection: Connection, view: JournalView, owner_id: str | None = None,
                    community_id: str | None = None, open_only: bool = False) -> list[dict[str, Any]]:
    """The requests for access (of one owner and community, when given), oldest deadline
    first; `open_only`: those not yet answered."""
    table = view.requests
    query = select(table).order_by(table.c.answer_by, table.c.received_on, table.c.request_id)
    if owner_id is not None:
        query = query.where(table.c.owner_id == owner_id)
    if community_id is not None:
        query = query.where(table.c.community_id == community_id)
    if open_only:
        query = query.where(table.c.outcome.is_(None))
    return [dict(row._mapping) for row in connection.execute(query)]
