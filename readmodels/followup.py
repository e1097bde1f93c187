"""The reports grant recipients owe, read from the application documents: which are
overdue, and which wait for finance or the secretariat to read them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from readmodels import listing
from readmodels.applications import GRANTED, OWED, ApplicationsView


def is_overdue(report: dict[str, Any], today: date) -> bool:
    """Past its due date and not received (or returned to the applicant)."""
    return report["status"] in OWED and today > date.fromisoformat(report["due_on"])


def overdue_count(connection: Connection, view: ApplicationsView, today: date, owner: str | None = None,
                  community: str | None = None, org_no: str | None = None) -> int:
    """How many reports in scope are overdue (as `overdue` would list them): one query
    of the grants owing one since before today, reading only their due dates."""
    table = view.applications
    query = select(table.c.reports_due).where(table.c.reports_due_from < today)
    for column, value in ((table.c.owner_id, owner), (table.c.health_community_id, community),
                          (table.c.applicant_org_no, org_no)):
        if value is not None:
            query = query.where(column == value)
    today_text = today.isoformat()
    return sum(1 for dues in connection.execute(query).scalars() for due in dues or () if due < today_text)


def reports_in_scope(connection: Connection, view: ApplicationsView, owner: str | None = None,
                     community: str | None = None, org_no: str | None = None) -> Iterator[dict[str, Any]]:
    """Every requirement of every grant in scope, with its application's reference, title
    and applicant."""
    for status in GRANTED:
        after = None
        while True:
            page = listing.applications(connection, view, 500, after, status=status, owner=owner,
                                        health_community=community, applicant_org_no=org_no)
            for row in page.items:
                app = row["document"]
                for report in app.get("reports", []):
                    yield {**report, "application_id": app["id"], "reference": app["reference"],
                           "title": app["title"], "applicant": app["applicant"]["name"],
                           "applicant_org_no": app["applicant"]["org_no"]}
            if page.after is None:
                break
            after = page.after


def overdue(reports: Iterator[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """The overdue ones, oldest first, each marked `overdue`."""
    return sorted(({**r, "overdue": True} for r in reports if is_overdue(r, today)),
                  key=lambda r: (r["due_on"], r["reference"]))
