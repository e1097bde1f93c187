"""Audit trail: one row per stored event, in log order, with who, in which role, a
Norwegian summary, the event's data, and the hash chain (`readmodels.hashchain`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    String,
    Text,
    select,
)

from domain.application import Application
from readmodels.bulk import insert_rows
from readmodels.columns import UtcDateTime
from readmodels.documents import jsonable
from readmodels.hashchain import GENESIS, link
from readmodels.rows import Rows
from readmodels.summaries import subject_label, summarise
from readmodels.view import Delivery, View

_ENVELOPE = {"originator_id", "originator_version", "timestamp", "actor", "originator_topic"}


class AuditView(View):
    """Every event, in global order, chained by hashes."""

    name: ClassVar[str] = "audit"
    revision: ClassVar[int] = 3  # 2: every summary in bokmål (field names, registry, payment references);
    # 3: the data of events as upcast to their class's current version (a submission's later fields)

    def define(self) -> None:
        self.events = self.table(
            "audit_events",
            Column("position", BigInteger, primary_key=True, autoincrement=False),
            Column("recorded_at", UtcDateTime, nullable=False),
            Column("aggregate_type", String(60), nullable=False),
            Column("aggregate_id", String(36), nullable=False, index=True),
            Column("aggregate_version", Integer, nullable=False),
            Column("event_type", String(60), nullable=False, index=True),
            Column("application_id", String(36), index=True),
            Column("actor_id", String(200), nullable=False, index=True),
            Column("actor_name", String(200), nullable=False),
            Column("role", String(30), nullable=False),
            Column("summary", Text, nullable=False),
            Column("data", JSON, nullable=False),
            Column("hash", String(64), nullable=False),
        )
        # Covers "the last position recorded by a moment" (`queries.position_at`) without
        # reading the rows, and serves filters by time as the index on `recorded_at` did.
        Index(f"ix_{self.prefix}audit_events_recorded_at_position", self.events.c.recorded_at, self.events.c.position)
        self.subjects = self.table(
            "audit_subjects",
            Column("aggregate_id", String(36), primary_key=True),
            Column("label", String(300), nullable=False),
        )

    def process(self, connection: Connection, deliveries: Sequence[Delivery]) -> None:
        subjects = _Labels(Rows(connection, self.subjects))
        subjects.rows.load({d.key for d in deliveries}
                           | {str(d.event.application_id) for d in deliveries if hasattr(d.event, "application_id")})
        previous = connection.execute(
            select(self.events.c.hash).order_by(self.events.c.position.desc()).limit(1)
        ).scalar_one_or_none() or GENESIS
        rows = []
        for delivery in deliveries:
            event, notification = delivery.event, delivery.notification
            label = subject_label(event)
            if label is not None:
                subjects.rows.put({"aggregate_id": delivery.key, "label": label})
            previous = link(previous, notification)
            aggregate_type, _, event_type = type(event).__qualname__.rpartition(".")
            actor = getattr(event, "actor", None)
            rows.append({
                "position": delivery.position, "recorded_at": event.timestamp, "aggregate_type": aggregate_type,
                "aggregate_id": delivery.key, "aggregate_version": event.originator_version,
                "event_type": event_type, "application_id": _application_id(delivery),
                "actor_id": getattr(actor, "id", "unknown"), "actor_name": getattr(actor, "name", "ukjent"),
                "role": getattr(actor, "role", "unknown"), "summary": summarise(event, subjects),
                "data": {k: jsonable(v) for k, v in vars(event).items() if k not in _ENVELOPE},
                "hash": previous,
            })
        if rows:
            insert_rows(connection, self.events, rows)
        subjects.rows.flush()


class _Labels:
    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def label(self, aggregate_id: Any) -> str:
        row = self.rows.get(str(aggregate_id))
        return str(aggregate_id) if row is None else str(row["label"])


def _application_id(delivery: Delivery) -> str | None:
    event = delivery.event
    if isinstance(event, Application.Event):
        return delivery.key
    application_id = getattr(event, "application_id", None)
    return None if application_id is None else str(application_id)
