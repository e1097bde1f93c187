"""The public journal (*offentleg journal*, offentleglova § 10): the journal's entries as
anyone may read them — the public title, dates, the file and entry numbers, the parties
that are organisations, and for an exempt document its legal basis. Never the full
title, a person's name or an exempt document's content; internal notes are listed with
their exemption like every other entry."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from sqlalchemy import Connection, and_, func, or_, select

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
    query = (select(entries, files.c.year.label("file_year"), files.c.sequence.label("file_sequence"),
                    files.c.public_title.label("file_title"), files.c.owner_name)
             .join(files, files.c.file_id == entries.c.file_id).where(and_(*conditions))
             .order_by(entries.c.journal_date.desc(), entries.c.sequence.desc()).limit(limit))
    return [public_entry(dict(row._mapping)) for row in connection.execute(query)]


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
