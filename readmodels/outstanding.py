"""Outstanding applications: those not yet decided, with community, round deadline,
weighted score and rank; the age is counted from `submitted_at` when queried, less the
time the application waited on the applicant for more information (`age_days`).

A row lives from submission until approval, rejection or withdrawal. Like the status
view it keeps the aggregate's state, so score and status come from the domain's rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, ClassVar, cast

from eventsourcing.utils import get_topic
from sqlalchemy import Column, Connection, Date, Integer, LargeBinary, String

from domain.application import Application
from domain.round import Round
from domain.statuses import UNDECIDED
from readmodels.applications import APPLICATION_EVENTS
from readmodels.columns import Hundredths, Money, UtcDateTime
from readmodels.rows import Rows
from readmodels.states import StatefulView
from readmodels.view import Delivery


class OutstandingView(StatefulView):
    """The undecided applications, for the assessors' and the committee's work lists."""

    name: ClassVar[str] = "outstanding"
    # 2: the time waited on the applicant (waiting_since, waited_seconds); 3: who submitted (in the state)
    revision: ClassVar[int] = 3
    topics: ClassVar[tuple[str, ...]] = tuple(
        get_topic(cls) for cls in [*APPLICATION_EVENTS, cast(type[Any], Round.Opened)]
    )

    def define(self) -> None:
        self.rounds = self.table(
            "outstanding_rounds",
            Column("round_id", String(36), primary_key=True),
            Column("title", String(300), nullable=False),
            Column("deadline", Date, nullable=False),
        )
        self.outstanding = self.table(
            "outstanding",
            Column("application_id", String(36), primary_key=True),
            Column("reference", String(20), nullable=False),
            Column("title", String(300), nullable=False),
            Column("applicant_name", String(200), nullable=False),
            Column("applicant_org_no", String(9), nullable=False),
            Column("health_community_id", String(100), nullable=False, index=True),
            Column("health_community_name", String(200), nullable=False),
            Column("round_id", String(36), nullable=False, index=True),
            Column("round_title", String(300), nullable=False),
            Column("round_deadline", Date, nullable=False),
            Column("status", String(20), nullable=False),
            Column("requested_amount", Money, nullable=False),
            Column("total_score", Hundredths),
            Column("rank", Integer),
            Column("recommended_amount", Money),
            Column("submitted_at", UtcDateTime, nullable=False, index=True),
            Column("waiting_since", UtcDateTime),
            Column("waited_seconds", Integer, nullable=False),
            Column("version", Integer, nullable=False),
            Column("state", LargeBinary, nullable=False),
        )

    def process(self, connection: Connection, deliveries: Sequence[Delivery]) -> None:
        rounds, outstanding = Rows(connection, self.rounds), Rows(connection, self.outstanding)
        outstanding.load(d.key for d in deliveries)
        live: dict[str, Application | None] = {}
        for delivery in deliveries:
            event, key = delivery.event, delivery.key
            if isinstance(event, Round.Opened):
                rounds.put({"round_id": key, "title": event.title, "deadline": event.deadline})
                continue
            if key not in live:
                row = outstanding.get(key)
                live[key] = self.load_state(Application, row)
            if live[key] is None and not isinstance(event, Application.Submitted):
                continue  # decided earlier: no longer outstanding
            live[key] = event.mutate(live[key])
        for key, app in live.items():
            if app is None or app.status not in UNDECIDED:
                outstanding.remove(key)
                continue
            round_ = rounds.get(str(app.round_id))
            if round_ is None:
                raise LookupError(f"application {app.reference} names round {app.round_id}, never opened")
            outstanding.put({
                "application_id": key, "reference": app.reference, "title": app.title,
                "applicant_name": app.applicant.name, "applicant_org_no": app.applicant.org_no,
                "health_community_id": app.health_community.id, "health_community_name": app.health_community.name,
                "round_id": str(app.round_id), "round_title": round_["title"], "round_deadline": round_["deadline"],
                "status": app.status, "requested_amount": app.requested_amount, "total_score": app.total_score,
                "rank": app.rank, "recommended_amount": app.recommended_amount, "submitted_at": app.created_on,
                "waiting_since": next((i.asked_at for i in app.inquiries if i.answered_at is None), None),
                "waited_seconds": int(sum((i.waited(i.asked_at) for i in app.inquiries if i.answered_at), timedelta())
                                      .total_seconds()),
                "version": app.version, "state": self.dump_state(app),
            })
        rounds.flush()
        outstanding.flush()


def age_days(row: dict[str, Any], now: datetime) -> int:
    """Whole days since submission, the time waited on the applicant not counted."""
    waited = timedelta(seconds=row["waited_seconds"] or 0)
    if row["waiting_since"] is not None:
        waited += now - row["waiting_since"]
    age: timedelta = now - row["submitted_at"] - waited
    return max(age.days, 0)
