"""The JSON documents the API serves, rendered from domain state: money as strings with
two decimals, times as ISO 8601 with offset, ids as strings."""

from __future__ import annotations

import dataclasses
import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.application import Application
from domain.followup import Requirement
from domain.money import ZERO
from domain.pool import FundingPool
from domain.round import Round

_CENT = Decimal("0.01")


def money(value: Decimal | None) -> str | None:
    """`Decimal('2500000')` → `"2500000.00"`."""
    return None if value is None else str(value.quantize(_CENT))


def jsonable(value: Any) -> Any:
    """Event data as JSON: money and numbers as strings, dates ISO, value objects as dicts."""
    kind: Any = type(value)
    if kind in _PLAIN:
        return value
    if kind is Decimal or kind is UUID:
        return str(value)
    if kind is datetime or kind is date:
        return value.isoformat()
    names = _field_names(kind)
    if names is not None:
        return {name: jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


_PLAIN = frozenset({str, int, bool, float, type(None)})


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names (None for any other type); looked up once per class, as
    the audit trail renders every event's value objects."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def application_document(app: Application) -> dict[str, Any]:
    """An application as API.md gives it (plus what a status page needs). `total_score`
    is kept as exact decimal text ("3.75"); the HTTP edge renders it as a JSON number."""
    return {
        "id": str(app.id), "reference": app.reference, "round_id": str(app.round_id), "pool_id": str(app.pool_id),
        "health_community": jsonable(app.health_community), "title": app.title, "summary": app.summary,
        "applicant": jsonable(app.applicant), "partners": jsonable(app.partners),
        "priority_groups": list(app.priority_groups), "requested_amount": money(app.requested_amount),
        "own_contribution": money(app.own_contribution),
        "budget": [{"year": line.year, "amount": money(line.amount)} for line in app.budget],
        "contact": jsonable(app.contact), "status": app.status,
        "total_score": None if app.total_score is None else str(app.total_score),
        "rank": app.rank, "recommended_amount": money(app.recommended_amount),
        "granted_amount": money(app.granted_amount), "paid_amount": money(app.paid_amount),
        "reclaimed_amount": money(app.reclaimed_amount or ZERO), "agreement": jsonable(app.agreement),
        "submitted_at": app.created_on.isoformat(),
        "decided_at": None if app.decided_at is None else app.decided_at.isoformat(),
        "eligible": None if app.screening is None else app.screening[0],
        "conditions": app.conditions, "decision_ref": app.decision_ref,
        "rejection_reasons": app.rejection_reasons, "withdrawal_reason": app.withdrawal_reason,
        "report_due_on": jsonable(app.report_due_on), "report_received_on": jsonable(app.report_received_on),
        **_follow_up(app), "version": app.version,
    }


def _follow_up(app: Application) -> dict[str, Any]:
    """The reporting requirements, the holdback and the grant per year — only once there
    are any, so that the documents of older applications stay as they were."""
    found: dict[str, Any] = {}
    if app.reports:
        found["reports"] = [_report(r) for r in app.reports.values()]
    if app.holdback > ZERO:
        found["holdback_amount"] = money(app.holdback)
    if app.contributions:
        found["contributions"] = [{**jsonable(c), "amount": money(c.amount)} for c in app.contributions]
    if app.lasting_operation:
        found["lasting_operation"] = app.lasting_operation
    if app.inquiries:
        found["information_requests"] = [jsonable(inquiry) for inquiry in app.inquiries]
    if app.commitments:
        found["commitments"] = [{"year": line.year, "amount": money(line.amount)} for line in app.commitments]
    if app.files:
        found["attachments"] = [jsonable(file) for file in app.files.values()]
    if app.acceptance_due:
        found["acceptance"] = {"answer": app.grant_answer, "answered_at": jsonable(app.grant_answered_at)}
    if app.grant_reasons:
        found["grant_reasons"] = app.grant_reasons
    if app.repayment_due_on is not None:
        found["repaid_amount"] = money(app.repaid_amount)
        found["repayment_due_on"] = app.repayment_due_on.isoformat()
    if app.notices:
        found["notices"] = [{**jsonable(n), "amount": money(n.amount), "intent_label": n.intent_label}
                            for n in app.notices]
    if app.complaints:
        found["complaints"] = [{**jsonable(c), "label": c.label} for c in app.complaints]
    return found


def _report(report: Requirement) -> dict[str, Any]:
    """A reporting requirement (its indicator values as decimal text, only once it gives any)."""
    found = {**jsonable(report), "spent_amount": money(report.spent_amount)}
    found.pop("values", None)
    if report.values:
        found["indicator_values"] = {key: str(value) for key, value in report.values.items()}
    return found


def round_document(round_: Round) -> dict[str, Any]:
    """A round as API.md gives it."""
    return {
        "id": str(round_.id), "pool_id": str(round_.pool_id), "title": round_.title,
        "deadline": round_.deadline.isoformat(),
        "criteria": [{"id": c.id, "name": c.name, "weight": str(c.weight)} for c in round_.criteria],
        "requires_own_contribution": round_.requires_own_contribution, "status": round_.status,
        **({"open_to_outsiders": True} if round_.open_to_outsiders else {}),  # older rounds' documents unchanged
        **({} if round_.follow_up is None else {"follow_up": {
            "holdback_percent": str(round_.follow_up.holdback_percent),
            "final_report_months": round_.follow_up.final_report_months,
            **({} if round_.follow_up.interim_report_months is None
               else {"interim_report_months": round_.follow_up.interim_report_months})}}),
        **({"budget_years": list(round_.budget_years)} if round_.budget_years else {}),
        **({} if round_.series is None else {"series": jsonable(round_.series)}),
        **({"indicators": [jsonable(i) for i in round_.indicators]} if round_.indicators else {}),
        **({} if round_.follows is None else {"follows": str(round_.follows)}),
        **({"call_text": round_.call_text} if round_.call_text else {}),
        "version": round_.version,
    }


def year_document(year: int, amount: Decimal | None, committed: Decimal, paid: Decimal,
                  returned: Decimal) -> dict[str, Any]:
    """One fiscal year of a pool: its money (None when the pool's money is not split by
    year), what is committed to it, paid of that, reclaimed of what was paid, and what
    it has left to commit."""
    return {"year": year, "money": money(amount), "committed": money(committed), "paid": money(paid),
            "returned": money(returned), "left": None if amount is None else money(amount - committed + returned)}


def pool_document(pool: FundingPool) -> dict[str, Any]:
    """A pool as API.md gives it, from the aggregate (a command's answer)."""
    return {
        "years": [year_document(year, pool.money_of(year), pool.committed_in(year), pool.paid_in(year),
                                pool.returned_in(year)) for year in pool.fiscal_years],
        "id": str(pool.id), "owner": jsonable(pool.owner), "name": pool.name, "fiscal_years": list(pool.fiscal_years),
        "total": money(pool.total), "reserved": money(pool.reserved), "paid": money(pool.paid),
        "returned": money(pool.returned), "remaining": money(pool.remaining), "allocated": money(pool.allocated),
        "allocated_from": None if pool.allocated_from is None else str(pool.allocated_from),
        "allocations": [{"pool_id": key, "amount": money(amount)} for key, amount in sorted(
            pool.allocated_to.items() if pool.allocated_to is not None else ())],
        "claims_outstanding": money(pool.claims_outstanding), "version": pool.version,
    }
