"""Application status: one row per application (and per round) with the document the API
serves, and columns to filter by; and each application event's status after it (for
the decision history).

Each row keeps the aggregate's state (`readmodels.states`), so the next event is applied
by the domain's own `apply` — status, total score and paid amount cannot drift from
the rules that produced them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar, Final, cast

from eventsourcing.utils import get_topic
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Date,
    Integer,
    LargeBinary,
    String,
)

from domain.application import Application
from domain.pool import FundingPool
from domain.round import Round
from domain.statuses import Status
from readmodels.bulk import insert_rows
from readmodels.columns import UtcDateTime
from readmodels.documents import application_document, round_document
from readmodels.rows import Rows
from readmodels.states import StatefulView
from readmodels.view import Delivery

APPLICATION_EVENTS: tuple[type[Any], ...] = tuple(
    cast(type[Any], value) for value in vars(Application).values()
    if isinstance(value, type) and issubclass(value, Application.Event)
    and value.__qualname__.startswith("Application.")
)
ROUND_EVENTS: tuple[type[Any], ...] = (Round.Opened, Round.Closed, Round.Continued)


#: How much of an application a search reads: its reference, title and parties' names.
SEARCH_TEXT: Final = 1000


def search_text(app: Application) -> str:
    """What a search for an application looks in, in lower case: its reference, title,
    and the names of the applicant and the partners."""
    words = " ".join((app.reference, app.title, app.applicant.name, *(p.name for p in app.partners)))
    return words.casefold()[:SEARCH_TEXT]


class ApplicationsView(StatefulView):
    """The status of every application and round, as web clients read it."""

    name: ClassVar[str] = "applications"
    # 2: the state keeps who submitted (impartiality); 3: the words a search finds it by;
    # 4: the due dates of a grant's reports not yet received (the overdue count is a query)
    revision: ClassVar[int] = 4
    topics: ClassVar[tuple[str, ...]] = tuple(
        get_topic(cls) for cls in [*APPLICATION_EVENTS, *ROUND_EVENTS, cast(type[Any], FundingPool.Opened)]
    )

    def define(self) -> None:
        self.pools = self.table(
            "application_pools",
            Column("pool_id", String(36), primary_key=True),
            Column("owner_id", String(100), nullable=False),
            Column("name", String(200), nullable=False),
        )
        self.rounds = self.table(
            "rounds",
            Column("round_id", String(36), primary_key=True),
            Column("pool_id", String(36), nullable=False, index=True),
            Column("deadline", Date, nullable=False),
            Column("status", String(20), nullable=False),
            Column("version", Integer, nullable=False),
            Column("document", JSON, nullable=False),
            Column("state", LargeBinary, nullable=False),
        )
        self.applications = self.table(
            "applications",
            Column("application_id", String(36), primary_key=True),
            Column("reference", String(20), nullable=False, unique=True),
            Column("round_id", String(36), nullable=False, index=True),
            Column("pool_id", String(36), nullable=False),
            Column("owner_id", String(100), nullable=False, index=True),
            Column("health_community_id", String(100), nullable=False, index=True),
            Column("applicant_org_no", String(9), nullable=False, index=True),
            Column("search_text", String(SEARCH_TEXT), nullable=False),
            Column("status", String(20), nullable=False, index=True),
            Column("submitted_at", UtcDateTime, nullable=False, index=True),
            Column("decided_at", UtcDateTime),
            Column("changed_at", UtcDateTime, nullable=False),
            Column("version", Integer, nullable=False),
            Column("document", JSON, nullable=False),
            Column("state", LargeBinary, nullable=False),
            # a grant's reports due and not received (or returned): the earliest date, and every date
            Column("reports_due_from", Date, index=True),
            Column("reports_due", JSON),
        )
        self.steps = self.table(
            "application_steps",
            Column("position", BigInteger, primary_key=True, autoincrement=False),
            Column("application_id", String(36), nullable=False, index=True),
            Column("status_after", String(20), nullable=False),
        )

    def process(self, connection: Connection, deliveries: Sequence[Delivery]) -> None:
        pools, rounds, applications = (Rows(connection, t) for t in (self.pools, self.rounds, self.applications))
        keys = {d.key for d in deliveries}
        rounds.load(keys)
        applications.load(keys)
        live: dict[str, Any] = {}
        steps: list[dict[str, Any]] = []
        for delivery in deliveries:
            event, key = delivery.event, delivery.key
            if isinstance(event, FundingPool.Opened):
                pools.put({"pool_id": key, "owner_id": event.owner.id, "name": event.name})
                continue
            table = rounds if isinstance(event, ROUND_EVENTS) else applications
            if key not in live:
                row = table.get(key)
                cls = Round if table is rounds else Application
                live[key] = self.load_state(cls, row)
            live[key] = event.mutate(live[key])
            if table is applications:
                steps.append({"position": delivery.position, "application_id": key,
                              "status_after": live[key].status})
        if steps:
            insert_rows(connection, self.steps, steps)
        for aggregate in live.values():
            if isinstance(aggregate, Round):
                rounds.put(self._round_row(aggregate))
            else:
                pool = pools.get(str(aggregate.pool_id))
                applications.put(self._application_row(aggregate, pool["owner_id"] if pool else ""))
        for rows in (pools, rounds, applications):
            rows.flush()

    def _round_row(self, round_: Round) -> dict[str, Any]:
        return {
            "round_id": str(round_.id), "pool_id": str(round_.pool_id), "deadline": round_.deadline,
            "status": round_.status, "version": round_.version, "document": round_document(round_),
            "state": self.dump_state(round_),
        }

    def _application_row(self, app: Application, owner_id: str) -> dict[str, Any]:
        document = application_document(app)
        due = open_report_dates(document)
        return {
            "application_id": str(app.id), "reference": app.reference, "round_id": str(app.round_id),
            "pool_id": str(app.pool_id), "owner_id": owner_id, "health_community_id": app.health_community.id,
            "applicant_org_no": app.applicant.org_no, "search_text": search_text(app),
            "status": app.status, "submitted_at": app.created_on,
            "decided_at": app.decided_at, "changed_at": app.modified_on, "version": app.version,
            "document": document, "state": self.dump_state(app),
            "reports_due_from": min(due) if due else None, "reports_due": [d.isoformat() for d in due] or None,
        }


#: The statuses of a grant, whose reports are owed.
GRANTED: Final = (Status.APPROVED, Status.PAID, Status.CLOSED)
#: A report's statuses while it is owed: not yet sent, or sent back to the applicant.
OWED: Final = ("due", "returned")


def open_report_dates(document: dict[str, Any]) -> list[date]:
    """The due dates of the reports a grant (its document) still owes, earliest first."""
    if document.get("status") not in GRANTED:
        return []
    return sorted(date.fromisoformat(r["due_on"]) for r in document.get("reports", []) if r["status"] in OWED)
