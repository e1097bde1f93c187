"""What the mail room reads from the audit trail: decisions and submissions after a
position (the occasions for letters), the letters written and not yet sent, the letters
about one application, and the e-mail addresses of the people who act for an
organisation as applicants, or who handle an application's case (for the notices)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, select

from domain.letter import LETTER_OF_EVENT, NOTICE, NOTICES
from readmodels.audit import AuditView

#: The application events that call for a letter to the parties.
LETTER_OCCASIONS = tuple(LETTER_OF_EVENT)
#: Every application event the mail room acts on: the letters', and the notices'.
OCCASIONS = tuple(dict.fromkeys((*LETTER_OCCASIONS, *NOTICES)))


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
             "recipient": _address(row["data"]["recipient"]),
             "undeliverable": row["refused"]["reason"] if row["refused"] else None,
             "undeliverable_cause": row["refused"]["cause"] if row["refused"] else None}
            for row in connection.execute(query).mappings()]


def _address(recipient: Any) -> str:
    """A letter's recipient as the trail keeps it: the address (a sealed one, version 2,
    comes as `{"email": …}`)."""
    return str(recipient["email"]) if isinstance(recipient, dict) else str(recipient)


def unsent_letters(connection: Connection, view: AuditView) -> list[dict[str, Any]]:
    """Letters written and not (as the trail knows) sent nor found undeliverable, oldest first."""
    return [letter for letter in _letters(connection, view)
            if letter["sent_at"] is None and letter["undeliverable"] is None]


def letters_of(connection: Connection, view: AuditView, application_id: str,
               with_notices: bool = True) -> list[dict[str, Any]]:
    """Every letter about one application, oldest first, with the text as written
    (without the notices to case workers, for the applicant)."""
    return [letter for letter in _letters(connection, view, view.events.c.application_id == application_id)
            if with_notices or letter["kind"] != NOTICE]


@dataclass
class _Holder:
    email: str | None = None
    notices: bool = True
    memberships: dict[str, dict[str, Any]] = field(default_factory=dict)


def _holders(connection: Connection, view: AuditView) -> dict[str, _Holder]:
    """Every person as the log tells it: e-mail address, notices on or off, memberships held."""
    t = view.events
    query = (select(t.c.aggregate_id, t.c.event_type, t.c.data)
             .where(t.c.aggregate_type == "Person",
                    t.c.event_type.in_(("Registered", "MembershipGranted", "MembershipRevoked", "NoticesChosen")))
             .order_by(t.c.position))
    people: dict[str, _Holder] = {}
    for person, kind, data in connection.execute(query):
        holder = people.setdefault(person, _Holder())
        if kind == "Registered":
            holder.email = data.get("email")
        elif kind == "MembershipGranted":
            holder.memberships[data["membership"]["id"]] = data["membership"]
        elif kind == "MembershipRevoked":
            holder.memberships.pop(data.get("membership_id", ""), None)
        else:
            holder.notices = bool(data.get("on"))
    return people


def applicant_emails(connection: Connection, view: AuditView, org_nos: Iterable[str]) -> set[str]:
    """The e-mail addresses of people who hold an applicant membership of one of these organisations."""
    wanted = set(org_nos)
    return {holder.email for holder in _holders(connection, view).values() if holder.email and any(
        m.get("role") == "applicant" and m.get("org_no") in wanted for m in holder.memberships.values())}


def staff_emails(connection: Connection, view: AuditView, roles: Iterable[str], community_id: str,
                 owner_id: str) -> set[str]:
    """The e-mail addresses of case workers to tell of work on an application: people
    holding one of `roles` — an assessor of its community, a committee member or
    finance officer of its pool's owner (or of every owner) — who have not turned the
    notices off."""
    wanted = set(roles)

    def concerned(membership: dict[str, Any]) -> bool:
        if membership.get("role") not in wanted:
            return False
        if membership.get("role") == "assessor":
            return membership.get("community_id") == community_id
        return membership.get("owner_id") in (owner_id, "all")

    return {holder.email for holder in _holders(connection, view).values()
            if holder.email and holder.notices and any(concerned(m) for m in holder.memberships.values())}
