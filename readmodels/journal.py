"""The journal (*postjournal*): every document of a case as a journal entry, written from
the log by the rules in `domain.journal`.

- `journal_files`: one case file (*saksmappe*) per application, numbered `saksår/sekvens`
  in log order, and one meeting file (*møtemappe*) per meeting of a deciding body;
- `journal_entries`: one row per document (an event may be several: a submission is the
  application that came in and the receipt that went out), numbered `journalår/sekvens`
  per year in log order and within its file, with its parties, public title and
  screening; a meeting's decisions and protocol are its meeting registrations;
- `journal_changes`: each value a file's status took, from its registration on, which
  the archive extraction's change log lists;
- `journal_counters`: the last number given per year;
- `journal_access_requests`: each request for access to an entry (no requester's name
  or address: those stay in the log, sealed), its deadline and answer.

Numbers follow from the order of the log alone, so a rebuild gives every entry the
number it had."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

from eventsourcing.utils import get_topic
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Integer,
    String,
    Text,
)

from domain.application import Application
from domain.disclosure import AccessRequest
from domain.journal import (
    BUSINESS_SECRET,
    CASE_OPEN,
    DOCUMENTS_OF_EVENT,
    INCOMING,
    INTERNAL_SENDER,
    NOT_REGISTERED,
    OUTGOING,
    RECIPIENT,
    SENDER,
    DocumentKind,
    case_status_after,
    public_title,
)
from domain.meeting import Meeting
from domain.pool import FundingPool
from domain.roles import APPLICANT
from domain.round import local_date
from readmodels.applications import APPLICATION_EVENTS
from readmodels.bulk import insert_rows
from readmodels.rows import Rows
from readmodels.view import Delivery, View

#: A case file, a meeting file.
CASE_FILE, MEETING_FILE = "saksmappe", "moetemappe"
#: The entry type of a meeting's registrations (decisions and protocol).
MEETING_ENTRY = "M"
_MEETING_EVENTS: tuple[type[Any], ...] = (Meeting.Held, Meeting.CaseDecided, Meeting.Closed)
_REQUEST_EVENTS: tuple[type[Any], ...] = (AccessRequest.Requested, AccessRequest.Decided)


class JournalView(View):
    """The journal of every case and meeting (see the module's text)."""

    name: ClassVar[str] = "journal"
    topics: ClassVar[tuple[str, ...]] = tuple(
        get_topic(cls) for cls in (*APPLICATION_EVENTS, *_MEETING_EVENTS, *_REQUEST_EVENTS,
                                   cast(type[Any], FundingPool.Opened)))

    def define(self) -> None:
        self.files = self.table(
            "journal_files",
            Column("file_id", String(36), primary_key=True),
            Column("kind", String(20), nullable=False),
            Column("year", Integer, nullable=False, index=True),
            Column("sequence", Integer, nullable=False),
            Column("reference", String(40), nullable=False),
            Column("title", Text, nullable=False),
            Column("public_title", Text, nullable=False),
            Column("owner_id", String(100), nullable=False),
            Column("owner_name", String(300), nullable=False),
            Column("community_id", String(100), nullable=False),
            Column("applicant", JSON),  # {org_no, name}
            Column("partners", JSON, nullable=False),
            Column("persons", JSON, nullable=False),  # the names screened in public titles
            Column("handler", String(200), nullable=False),
            Column("status", String(30), nullable=False),
            Column("opened_on", Date, nullable=False),
            Column("closed_on", Date),
            Column("entries", Integer, nullable=False),
            Column("meeting", JSON),  # {body, held_on, place, members}
        )
        self.entries = self.table(
            "journal_entries",
            Column("entry_id", String(40), primary_key=True),
            Column("position", BigInteger, nullable=False, index=True),
            Column("file_id", String(36), nullable=False, index=True),
            Column("year", Integer, nullable=False),
            Column("sequence", Integer, nullable=False),
            Column("number", Integer, nullable=False),
            Column("entry_type", String(2), nullable=False),
            Column("document", String(40), nullable=False),
            Column("event_type", String(60), nullable=False),
            Column("version", Integer, nullable=False),
            Column("journal_date", Date, nullable=False, index=True),
            Column("title", Text, nullable=False),
            Column("public_title", Text, nullable=False),
            Column("parties", JSON, nullable=False),
            Column("screening_code", String(10)),
            Column("screening_basis", String(200)),
            Column("handler", String(200), nullable=False),
            Column("attachment", String(64)),
            Column("secret", Boolean, nullable=False),
        )
        self.changes = self.table(
            "journal_changes",
            Column("position", BigInteger, primary_key=True, autoincrement=False),
            Column("file_id", String(36), nullable=False, index=True),
            Column("field", String(40), nullable=False),
            Column("before", String(200), nullable=False),
            Column("after", String(200), nullable=False),
            Column("changed_on", Date, nullable=False),
            Column("changed_by", String(200), nullable=False),
        )
        self.counters = self.table(
            "journal_counters",
            Column("key", String(30), primary_key=True),
            Column("value", Integer, nullable=False),
        )
        self.requests = self.table(
            "journal_access_requests",
            Column("request_id", String(36), primary_key=True),
            Column("entry", String(20), nullable=False),
            Column("case", String(20), nullable=False),
            Column("title", Text, nullable=False),
            Column("application_id", String(36), nullable=False),
            Column("owner_id", String(100), nullable=False, index=True),
            Column("community_id", String(100), nullable=False),
            Column("exempt", Boolean, nullable=False),
            Column("received_on", Date, nullable=False),
            Column("answer_by", Date, nullable=False),
            Column("outcome", String(20)),
            Column("legal_basis", String(200)),
            Column("decided_on", Date),
        )
        self.owners = self.table(
            "journal_pools",
            Column("pool_id", String(36), primary_key=True),
            Column("owner_id", String(100), nullable=False),
            Column("owner_name", String(300), nullable=False),
        )

    def process(self, connection: Connection, deliveries: Sequence[Delivery]) -> None:
        batch = _Batch(self, connection)
        batch.files.load({d.key for d in deliveries})
        batch.requests.load({d.key for d in deliveries if isinstance(d.event, _REQUEST_EVENTS)})
        batch.counters.load({key for d in deliveries for key in _counter_keys(d)})
        for delivery in deliveries:
            event = delivery.event
            if isinstance(event, FundingPool.Opened):
                batch.pools.put({"pool_id": str(event.originator_id), "owner_id": event.owner.id,
                                 "owner_name": event.owner.name})
            elif isinstance(event, _MEETING_EVENTS):
                batch.meeting(delivery)
            elif isinstance(event, _REQUEST_EVENTS):
                batch.access_request(event)
            elif isinstance(event, Application.Event):
                batch.application(delivery)
        batch.flush()


def _counter_keys(delivery: Delivery) -> list[str]:
    year = local_date(delivery.event.timestamp).year
    return [f"sak:{year}", f"post:{year}", f"mote:{year}"]


class _Batch:
    """One batch's rows, changed in memory and written once."""

    def __init__(self, view: JournalView, connection: Connection) -> None:
        self.view, self.connection = view, connection
        self.files, self.counters = Rows(connection, view.files), Rows(connection, view.counters)
        self.pools = Rows(connection, view.owners)
        self.requests = Rows(connection, view.requests)
        self.entries: list[dict[str, Any]] = []
        self.changes: list[dict[str, Any]] = []

    def next_number(self, key: str) -> int:
        row = self.counters.get(key)
        value = (row["value"] if row else 0) + 1
        self.counters.put({"key": key, "value": value})
        return value

    def application(self, delivery: Delivery) -> None:
        event, key = delivery.event, delivery.key
        event_type = type(event).__name__
        day = local_date(event.timestamp)
        actor = getattr(event, "actor", None)
        if isinstance(event, Application.Submitted):
            self.files.put(self._case_file(event, key, day))
            self.changes.append({"position": delivery.position, "file_id": key, "field": "saksstatus",
                                 "before": NOT_REGISTERED, "after": CASE_OPEN, "changed_on": day,
                                 "changed_by": "system"})
        file = self.files.get(key)
        if file is None:  # an application event before its submission cannot be: nothing to journal
            return
        if actor is not None and actor.role not in (APPLICANT, "system") and file["handler"] == file["owner_name"]:
            file["handler"] = actor.name  # the first case worker to act is responsible for the case
        handler = file["handler"]
        if isinstance(event, Application.Amended):
            self._amend(file, event.changes)
        for index, kind in enumerate(DOCUMENTS_OF_EVENT.get(event_type, ())):
            self._entry(delivery, file, kind, index, day, handler)
        status = case_status_after(event_type, file["status"])
        if status != file["status"]:
            self.changes.append({"position": delivery.position, "file_id": key, "field": "saksstatus",
                                 "before": file["status"], "after": status, "changed_on": day,
                                 "changed_by": handler})
            file = {**file, "status": status, "closed_on": None if status == CASE_OPEN else day}
        self.files.put(file)

    def _case_file(self, event: Any, key: str, day: Any) -> dict[str, Any]:
        content = event.content
        pool = self.pools.get(str(event.pool_id)) or {"owner_id": "", "owner_name": ""}
        applicant = content["applicant"]
        persons = [content["contact"].name] if content.get("contact") else []
        title = f"Søknad om tilskudd – {content['title']} – {applicant.name}"
        return {
            "file_id": key, "kind": CASE_FILE, "year": day.year,
            "sequence": self.next_number(f"sak:{day.year}"), "reference": event.reference,
            "title": title, "public_title": public_title(title, persons), "owner_id": pool["owner_id"],
            "owner_name": pool["owner_name"], "community_id": content["health_community"].id,
            "applicant": {"org_no": applicant.org_no, "name": applicant.name},
            "partners": [{"org_no": p.org_no, "name": p.name} for p in content.get("partners", ())],
            "persons": persons, "handler": pool["owner_name"] or "saksbehandler", "status": CASE_OPEN,
            "opened_on": day, "closed_on": None, "entries": 0, "meeting": None,
        }

    def _amend(self, file: dict[str, Any], changes: dict[str, Any]) -> None:
        contact = changes.get("contact")
        if contact and contact.name not in file["persons"]:
            file["persons"] = [*file["persons"], contact.name]
        if "partners" in changes:
            file["partners"] = [{"org_no": p.org_no, "name": p.name} for p in changes["partners"]]

    def _entry(self, delivery: Delivery, file: dict[str, Any], kind: DocumentKind, index: int, day: Any,
               handler: str) -> None:
        event = delivery.event
        attachment = getattr(event, "attachment", None)
        title = f"{kind.title} – {file['title'].split(' – ', 1)[-1]}"
        if attachment is not None:
            title = f"{kind.title}: {attachment.name} – {file['reference']}"
        screening = kind.screening
        secret = bool(getattr(attachment, "business_secret", False))
        if secret:
            screening = BUSINESS_SECRET
        if kind.entry_type in (OUTGOING, INCOMING):
            organisations = [file["applicant"], *(file["partners"] if kind.to_partners else [])]
            role = SENDER if kind.entry_type == INCOMING else RECIPIENT
            parties = [{"name": o["name"], "org_no": o["org_no"], "role": role} for o in organisations]
            parties += [{"name": name, "org_no": None, "role": role} for name in file["persons"][-1:]]
        else:  # an internal document: from the case worker's unit
            parties = [{"name": file["owner_name"], "org_no": None, "role": INTERNAL_SENDER, "unit": True}]
        file["entries"] += 1
        self.entries.append({
            "entry_id": f"{delivery.position}-{index}", "position": delivery.position, "file_id": file["file_id"],
            "year": day.year, "sequence": self.next_number(f"post:{day.year}"), "number": file["entries"],
            "entry_type": kind.entry_type, "document": kind.key, "event_type": type(event).__name__,
            "version": event.originator_version, "journal_date": day, "title": title,
            "public_title": public_title(title, file["persons"]), "parties": parties,
            "screening_code": screening.code if screening else None,
            "screening_basis": screening.basis if screening else None, "handler": handler,
            "attachment": getattr(attachment, "sha256", None), "secret": secret or screening is not None,
        })

    def meeting(self, delivery: Delivery) -> None:
        event, key = delivery.event, delivery.key
        day = local_date(event.timestamp)
        handler = getattr(getattr(event, "actor", None), "name", "") or "system"
        if isinstance(event, Meeting.Held):
            title = f"Møte i {event.body_name} {event.held_on.isoformat()}"
            self.files.put({
                "file_id": key, "kind": MEETING_FILE, "year": event.held_on.year,
                "sequence": self.next_number(f"mote:{day.year}"), "reference": "", "title": title,
                "public_title": title, "owner_id": event.owner_id, "owner_name": event.body_name, "community_id": "",
                "applicant": None, "partners": [], "persons": [], "handler": handler, "status": CASE_OPEN,
                "opened_on": day, "closed_on": None, "entries": 0,
                "meeting": {"body": event.body_name, "held_on": event.held_on.isoformat(), "place": event.place,
                            "members": [m.name for m in event.members if m.id in event.present]},
            })
            return
        file = self.files.get(key)
        if file is None:
            return
        if isinstance(event, Meeting.CaseDecided):
            decision = event.decision
            title = f"{decision.case_number} {decision.title} ({decision.reference}): {decision.decision}"
            document = "sak"
        else:
            title, document = f"Møteprotokoll – {file['title']}", "protokoll"
            file = {**file, "status": "Avsluttet", "closed_on": day}
        file["entries"] += 1
        self.entries.append({
            "entry_id": f"{delivery.position}-0", "position": delivery.position, "file_id": key, "year": day.year,
            "sequence": 0, "number": file["entries"], "entry_type": MEETING_ENTRY, "document": document,
            "event_type": type(event).__name__, "version": event.originator_version, "journal_date": day,
            "title": title, "public_title": title, "parties": [], "screening_code": None, "screening_basis": None,
            "handler": handler, "attachment": None, "secret": False,
        })
        self.files.put(file)

    def access_request(self, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, AccessRequest.Requested):
            ref = event.reference
            self.requests.put({
                "request_id": key, "entry": ref.entry, "case": ref.case, "title": ref.title,
                "application_id": ref.application_id, "owner_id": ref.owner_id, "community_id": ref.community_id,
                "exempt": ref.exempt, "received_on": event.received_on, "answer_by": event.answer_by,
                "outcome": None, "legal_basis": None, "decided_on": None})
            return
        row = self.requests.get(key)
        if row is not None:
            self.requests.put({**row, "outcome": event.outcome, "legal_basis": event.legal_basis,
                               "decided_on": local_date(event.timestamp)})

    def flush(self) -> None:
        if self.entries:
            insert_rows(self.connection, self.view.entries, self.entries)
        if self.changes:
            insert_rows(self.connection, self.view.changes, self.changes)
        for rows in (self.pools, self.files, self.counters, self.requests):
            rows.flush()
