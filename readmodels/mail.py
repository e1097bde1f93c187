"""What the mail room reads from the audit trail: decisions and submissions after a
position (the occasions for letters), the letters written and not yet sent, the letters
about one application, and the e-mail addresses of the people who act for an
organisation as applicants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, select

from readmodels.audit import AuditView

OCCASIONS = ("Submitted", "Approved", "Rejected", "InformationRequested")


def occasions_after(connection: Connection, view: AuditView, position: int, limit: int = 500) -> list[dict[str, Any]]:
    """Application events that call for a letter, after `position`, oldest first."""
    t = view.events
    query = (select(t.c.position, t.c.event_type, t.c.aggregate_id, t.c.aggregate_version, t.c.recorded_at)
             .where(t.c.position > position, t.c.aggregate_type == "Application", t.c.event_type.in_(OCCASIONS))
             .order_by(t.c.position).limit(limit))
    return [dict(row) for row in connection.execute(query).mappings()]


def _letters(connection: Connection, view: AuditView, *conditions: Any) -> list[dict[str, Any]]:
    t = view.events
    sent, refused = t.alias("sent"), t.alias("refused")
    query = (select(t.c.position, t.c.aggregate_id, t.c.recorded_at, t.c.data, sent.c.recorded_at.label("sent_at"),
                    refused.c.data.label("refused"))
             .outerjoin(sent, and_(sent.c.aggregate_id == t.c.aggregate_id, sent.c.aggregate_type == "Letter",
                                   sent.c.event_type == "Sent"))
             .outerjoin(refused, and_(refused.c.aggregate_id == t.c.aggregate_id,
                                      refused.c.aggregate_type == "Letter", refused.c.event_type == "Undeliverable"))
             .where(t.c.aggregate_type == "Letter", t.c.event_type == "Written", *conditions)
             .order_by(t.c.position))
    return [{"id": row["aggregate_id"], "written_at": row["recorded_at"], "sent_at": row["sent_at"], **row["data"],
             "undeliverable": row["refused"]["reason"] if row["refused"] else None,
             "undeliverable_cause": row["refused"]["cause"] if row["refused"] else None}
            for row in connection.execute(query).mappings()]


def unsent_letters(connection: Connection, view: AuditView) -> list[dict[str, Any]]:
    """Letters written and not (as the trail knows) sent nor found undeliverable, oldest first."""
    return [letter for letter in _letters(connection, view)
            if letter["sent_at"] is None and letter["undeliverable"] is None]


def letters_of(connection: Connection, view: AuditView, application_id: str) -> list[dict[str, Any]]:
    """Every letter about one application, oldest first, with the text as written."""
    return _letters(connection, view, view.events.c.application_id == application_id)


def applicant_emails(connection: Connection, view: AuditView, org_nos: Iterable[str]) -> set[str]:
    """The e-mail addresses of people who hold an applicant membership of one of these organisations."""
    wanted, t = set(org_nos), view.events
    query = (select(t.c.aggregate_id, t.c.event_type, t.c.data)
             .where(t.c.aggregate_type == "Person",
                    t.c.event_type.in_(("Registered", "MembershipGranted", "MembershipRevoked")))
             .order_by(t.c.position))
    emails: dict[str, str | None] = {}
    held: dict[str, dict[str, str | None]] = {}
    for person, kind, data in connection.execute(query):
        if kind == "Registered":
            emails[person] = data.get("email")
        elif kind == "MembershipGranted" and data["membership"].get("role") == "applicant":
            held.setdefault(person, {})[data["membership"]["id"]] = data["membership"].get("org_no")
        elif kind == "MembershipRevoked":
            held.get(person, {}).pop(data.get("membership_id", ""), None)
    return {email for person, memberships in held.items() if (email := emails.get(person))
            and wanted & {org for org in memberships.values() if org}}
