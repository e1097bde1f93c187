"""Decisions as open data in the 360Giving Data Standard (1.4): one grant per approved
application, public under offentleglova, and one per allocation to a health community,
marked as a regrant (`regrants`).

- Organisations are identified as `NO-BRC-<organisation number>` (Brønnøysundregistrene);
  an owner without a known organisation number (a health community is not a legal
  entity) gets `<prefix>-<owner id>`. Grant ids are `<prefix>-<reference>`.
- `amountDisbursed` is paid minus reclaimed; `disbursementTransaction` lists each
  payment and each reclaim (negative), `commitmentTransaction` the approval and any
  release at closure (negative), so the transactions sum to the amounts.
- Amounts are exact JSON numbers written from `Decimal`; times are ISO 8601 with offset.
- Personal data never appears: no contact person, no e-mail, no case worker.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

import simplejson
from sqlalchemy import Connection, literal, select, tuple_

from domain.round import OSLO
from domain.statuses import Status
from domain.values import PRIORITY_GROUPS
from infrastructure.sql import reading
from readmodels.columns import UtcDateTime
from readmodels.exports.decisions import round_titles
from readmodels.exports.regrants import regrants
from readmodels.service import ReadModels

#: The publisher's 360Giving identifier prefix (register one with 360Giving to publish).
DEFAULT_PREFIX: Final = "360G-tilskudd"
#: Organisation numbers of pool owners that are legal entities.
OWNER_ORGANISATION_NUMBERS: Final = {
    "helse-nord-rhf": "883658752", "helse-midt-norge-rhf": "983658776", "helse-vest-rhf": "983658725",
    "helse-sor-ost-rhf": "991324968",
}
PROGRAMME: Final = "Rekrutterings- og samhandlingstilskudd"
LICENSE: Final = "https://data.norge.no/nlod/no/2.0"
PAGE_SIZE: Final = 500
_GRANTED: Final = (Status.APPROVED, Status.PAID, Status.CLOSED)
_TRANSACTION_EVENTS: Final = ("Approved", "DecisionReversed", "FundsDisbursed", "FundsReclaimed", "RepaymentReceived",
                               "Closed")


def prefix() -> str:
    """The grant id prefix: `GRANTS_360G_PREFIX`, or `360G-tilskudd`."""
    return os.environ.get("GRANTS_360G_PREFIX", DEFAULT_PREFIX).strip() or DEFAULT_PREFIX


def organisation_id(org_no: str) -> str:
    """`972418013` → `NO-BRC-972418013`."""
    return f"NO-BRC-{org_no}"


def owner_id(owner: str) -> str:
    """A pool owner's organisation identifier."""
    org_no = OWNER_ORGANISATION_NUMBERS.get(owner)
    return organisation_id(org_no) if org_no else f"{prefix()}-{owner}"


def grants_360giving(models: ReadModels) -> Iterator[bytes]:
    """The 360Giving package `{"grants": [...], ...}` in chunks of bytes, from one
    snapshot of the read models; a page of applications in memory at a time."""
    with reading(models.engine, snapshot=True) as connection:
        context = _Context(connection, models)
        yield b'{"grants": ['
        separator = b""
        for page in _granted_pages(connection, models):
            transactions = _transactions(connection, models, [row["application_id"] for row in page])
            for row in page:
                grant = context.grant(row, transactions.get(row["application_id"], []))
                yield separator + simplejson.dumps(grant, ensure_ascii=False).encode("utf-8")
                separator = b",\n"
        for grant in regrants(connection, models, prefix(), PROGRAMME, owner_id):
            yield separator + simplejson.dumps(grant, ensure_ascii=False).encode("utf-8")
            separator = b",\n"
        issued = models.app.now().astimezone(OSLO).isoformat(timespec="seconds")
    metadata = {"version": "1.4", "title": f"{PROGRAMME}: innvilgede tilskudd", "issued": issued,
                "modified": issued, "publisher": {"name": "Tilskudd"}, "license": LICENSE}
    # the package's other members follow the grants in the same object
    yield b"],\n" + simplejson.dumps(metadata, ensure_ascii=False).encode("utf-8")[1:]


class _Context:
    """What every grant refers to: pools (their owners) and rounds (their titles)."""

    def __init__(self, connection: Connection, models: ReadModels) -> None:
        pools = models.budget.pools
        self.owners = {r.pool_id: (r.owner_id, r.owner_name) for r in connection.execute(
            select(pools.c.pool_id, pools.c.owner_id, pools.c.owner_name))}
        self.rounds = round_titles(connection, models)

    def grant(self, row: dict[str, Any], events: Sequence[dict[str, Any]]) -> dict[str, Any]:
        doc = row["document"]
        grant_id = f"{prefix()}-{doc['reference']}"
        owner, owner_name = self.owners.get(doc["pool_id"], ("", ""))
        funder, recipient = owner_id(owner), organisation_id(doc["applicant"]["org_no"])
        commitments, disbursements = _transaction_lists(grant_id, events, funder, recipient)
        years = sorted(line["year"] for line in doc["budget"])
        grant: dict[str, Any] = {
            "id": grant_id, "title": doc["title"], "description": doc["summary"], "currency": "NOK",
            "amountAppliedFor": Decimal(doc["requested_amount"]), "amountAwarded": Decimal(doc["granted_amount"]),
            "amountDisbursed": Decimal(doc["paid_amount"]) - repaid(doc),
            "awardDate": row["decided_at"].astimezone(OSLO).isoformat(),
            "recipientOrganization": [{"id": recipient, "name": doc["applicant"]["name"]}],
            "fundingOrganization": [{"id": funder, "name": owner_name}],
            "beneficiaryLocation": [{"name": doc["health_community"]["name"], "countryCode": "NO"}],
            "grantProgramme": [{"code": doc["round_id"], "title": self.rounds.get(doc["round_id"], PROGRAMME)}],
            "fromOpenCall": "Yes",
            "classifications": [{"vocabulary": "tilskudd:prioriterte-grupper", "code": group,
                                 "title": PRIORITY_GROUPS.get(group, group)} for group in doc["priority_groups"]],
            "commitmentTransaction": commitments, "disbursementTransaction": disbursements,
            "dateModified": row["changed_at"].astimezone(OSLO).isoformat(),
        }
        if years:
            grant["plannedDates"] = [{"startDate": str(years[0]), "endDate": str(years[-1])}]
        return grant


def repaid(document: dict[str, Any]) -> Decimal:
    """What came back of what was paid: repaid of what was claimed (an older reclaim counts at once)."""
    return Decimal(document.get("repaid_amount", document["reclaimed_amount"]))


def _granted_pages(connection: Connection, models: ReadModels) -> Iterator[list[dict[str, Any]]]:
    """Approved applications by decision time, a page at a time (keyset pagination)."""
    t = models.applications.applications
    after: tuple[datetime, str] | None = None
    while True:
        query = (select(t.c.application_id, t.c.document, t.c.decided_at, t.c.changed_at)
                 .where(t.c.status.in_(_GRANTED), t.c.decided_at.is_not(None))
                 .order_by(t.c.decided_at, t.c.application_id).limit(PAGE_SIZE))
        if after is not None:
            query = query.where(tuple_(t.c.decided_at, t.c.application_id) >
                                tuple_(literal(after[0], UtcDateTime()), literal(after[1])))
        page = [dict(row) for row in connection.execute(query).mappings()]
        if page:
            yield page
        if len(page) < PAGE_SIZE:
            return
        after = (page[-1]["decided_at"], page[-1]["application_id"])


def _transactions(connection: Connection, models: ReadModels, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The money events of these applications, oldest first, by application."""
    t = models.audit.events
    query = (select(t.c.position, t.c.application_id, t.c.event_type, t.c.recorded_at, t.c.data)
             .where(t.c.application_id.in_(ids), t.c.aggregate_type == "Application",
                    t.c.event_type.in_(_TRANSACTION_EVENTS))
             .order_by(t.c.position))
    found: dict[str, list[dict[str, Any]]] = {}
    for row in connection.execute(query).mappings():
        found.setdefault(row["application_id"], []).append(dict(row))
    return found


def _transaction_lists(grant_id: str, events: Sequence[dict[str, Any]], funder: str, recipient: str
                       ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    commitments: list[dict[str, Any]] = []
    disbursements: list[dict[str, Any]] = []
    for event in events:
        kind, data = event["event_type"], event["data"]
        if kind == "Approved":
            commitments.append(_transaction(f"{grant_id}-vedtak", event, Decimal(data["amount"]), funder, recipient))
        elif kind == "DecisionReversed":  # a complaint's reversal: what it grants besides
            commitments.append(_transaction(f"{grant_id}-omgjort-{event['position']}", event, Decimal(data["added"]),
                                            funder, recipient))
        elif kind == "Closed" and Decimal(data["released_amount"]):
            commitments.append(_transaction(f"{grant_id}-frigitt-{event['position']}", event,
                                            -Decimal(data["released_amount"]), funder, recipient))
        elif kind == "FundsDisbursed":
            disbursements.append(_transaction(f"{grant_id}-utbetaling-{data['payment_reference']}", event,
                                              Decimal(data["amount"]), funder, recipient))
        elif kind == "RepaymentReceived" or (kind == "FundsReclaimed" and data.get("due_on") is None):
            # money back: a repayment received, or an older reclaim (returned when it was decided)
            disbursements.append(_transaction(f"{grant_id}-tilbakebetaling-{event['position']}", event,
                                              -Decimal(data["amount"]), funder, recipient))
    return commitments, disbursements


def _transaction(transaction_id: str, event: dict[str, Any], value: Decimal, funder: str, recipient: str
                 ) -> dict[str, Any]:
    return {"id": transaction_id, "transactionDate": event["recorded_at"].astimezone(OSLO).isoformat(),
            "currency": "NOK", "value": value, "provider": funder, "recipient": recipient}
