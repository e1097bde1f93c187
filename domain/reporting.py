"""Reporting after a grant (*rapportering*): interim and final reports with due dates,
submitted by the applicant and accepted or returned by finance or the secretariat; and
the holdback — the share of a grant not paid until the final report is accepted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from domain import text
from domain.application_state import ApplicationState
from domain.base import GrantAggregate
from domain.commands import AcceptReport, MoveReport, RequireReport, ReturnReport, SubmitReport, WaiveReport
from domain.errors import HeldBack, InvalidInput
from domain.followup import (
    ACCEPTED,
    FINAL,
    INTERIM,
    RECEIVED,
    REPORT_KINDS,
    RETURNED,
    SETTLED,
    WAIVED,
    FollowUp,
    Indicator,
    Requirement,
)
from domain.money import ZERO, non_negative_money
from domain.round import local_date
from domain.text import optional_text, require_text
from domain.values import Actor


def _date(value: object, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(field, "must be a date")
    return value


#: The largest value an indicator can take.
MAX_INDICATOR_VALUE: Final = Decimal(10) ** 12


def _indicator_values(values: object, indicators: tuple[Indicator, ...], all_required: bool) -> dict[str, Decimal]:
    """The values given for the round's indicators: known ids, numbers from 0 with at most
    two decimals; in a final report, one for every indicator."""
    if not isinstance(values, dict):
        raise InvalidInput("indicator_values", "must map indicator ids to numbers")
    known = {i.id for i in indicators}
    checked: dict[str, Decimal] = {}
    for key, value in values.items():
        if key not in known:
            raise InvalidInput(f"indicator_values.{key}", "is not an indicator of the round"
                               + (f" ({', '.join(sorted(known))})" if known else " (it names none)"))
        try:
            number = Decimal(str(value)) if not isinstance(value, (bool, float)) else None
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite() or not ZERO <= number < MAX_INDICATOR_VALUE \
                or number != number.quantize(Decimal("0.01")):
            raise InvalidInput(f"indicator_values.{key}", "must be a number from 0, with at most two decimals")
        checked[key] = number
    missing = [i.id for i in indicators if i.id not in checked]
    if all_required and missing:
        raise InvalidInput(f"indicator_values.{missing[0]}", "a final report gives every indicator of the round")
    return checked


#: Why a report is required, when finance or the secretariat gives no reason.
DEFAULT_REPORT_REASON: Final = "Rapportering etter tilsagnet"


class Reporting(ApplicationState):
    """The reporting duties of a granted application."""

    class ReportRequired(GrantAggregate.Event):
        report_id: str
        kind: str
        due_on: date
        reason: str

        def apply(self, app: Reporting) -> None:
            app.requirements[self.report_id] = Requirement(self.report_id, self.kind, self.due_on)

    class ReportMoved(GrantAggregate.Event):
        report_id: str
        due_on: date
        reason: str

        def apply(self, app: Reporting) -> None:
            app.requirements[self.report_id] = replace(app.requirements[self.report_id], due_on=self.due_on)

    class ReportSubmitted(GrantAggregate.Event):
        report_id: str
        text: str
        spent_amount: Decimal
        attachments: tuple[str, ...] = ()
        values: dict[str, Decimal] | None = None  # the outcome indicators' values (absent from older reports)

        def apply(self, app: Reporting) -> None:
            app.requirements[self.report_id] = replace(
                app.requirements[self.report_id], status=RECEIVED, received_at=self.timestamp, text=self.text,
                spent_amount=self.spent_amount, comment=None, attachments=tuple(self.attachments),
                values=dict(self.values) if self.values else None)

    class ReportAccepted(GrantAggregate.Event):
        report_id: str
        comment: str | None

        def apply(self, app: Reporting) -> None:
            app.requirements[self.report_id] = replace(app.requirements[self.report_id], status=ACCEPTED,
                                                       comment=self.comment)

    class ReportReturned(GrantAggregate.Event):
        report_id: str
        comment: str

        def apply(self, app: Reporting) -> None:
            app.requirements[self.report_id] = replace(app.requirements[self.report_id], status=RETURNED,
                                                       comment=self.comment)

    class ReportWaived(GrantAggregate.Event):
        report_id: str
        reason: str

        def apply(self, app: Reporting) -> None:
            app.requirements[self.report_id] = replace(app.requirements[self.report_id], status=WAIVED,
                                                       comment=self.reason)

    class HoldbackSet(GrantAggregate.Event):
        amount: Decimal

        def apply(self, app: Reporting) -> None:
            app.holdback = self.amount

    @property
    def reports(self) -> dict[str, Requirement]:
        """The reporting requirements, by id."""
        return dict(self.requirements)

    def require_report(self, kind: str, due_on: date, reason: str, actor: Actor, at: datetime) -> str:
        """Add a reporting requirement; returns its id (`final-1`, `interim-2`, ...). Without
        a reason, it is the grant's terms."""
        self.check_may(RequireReport.RULE, actor, at)
        if kind not in REPORT_KINDS:
            raise InvalidInput("kind", f"must be one of {', '.join(REPORT_KINDS)}")
        report_id = f"{kind}-{len(self.reports) + 1}"
        self._record(self.ReportRequired, at, actor, report_id=report_id, kind=kind, due_on=_date(due_on, "due_on"),
                     reason=require_text(reason or DEFAULT_REPORT_REASON, "reason", text.REASON, multiline=True))
        return report_id

    def move_report(self, report_id: str, due_on: date, reason: str, actor: Actor, at: datetime) -> None:
        """Give a requirement a new due date, with the reason."""
        self.check_may(MoveReport.RULE, actor, at, report_id)
        self._record(self.ReportMoved, at, actor, report_id=report_id, due_on=_date(due_on, "due_on"),
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    def submit_report(self, report_id: str, report_text: str, spent_amount: object, actor: Actor,
                      at: datetime, attachments: tuple[str, ...] = (), values: dict[str, object] | None = None,
                      indicators: tuple[Indicator, ...] = ()) -> None:
        """The applicant's report: what was done, the money spent, files already kept with
        the application (by their SHA-256), and the values of the round's outcome
        `indicators` — every one of them in a final report."""
        self.check_may(SubmitReport.RULE, actor, at, report_id)
        checked = _indicator_values(values or {}, indicators, self.requirements[report_id].kind == FINAL)
        self._record(self.ReportSubmitted, at, actor, report_id=report_id,
                     text=require_text(report_text, "text", text.REPORT, multiline=True),
                     spent_amount=non_negative_money(spent_amount, "spent_amount"),
                     attachments=self.check_attached(tuple(attachments)), values=checked or None)

    def accept_report(self, report_id: str, comment: str | None, actor: Actor, at: datetime) -> None:
        """Accept a received report (the final one releases the holdback)."""
        self.check_may(AcceptReport.RULE, actor, at, report_id)
        self._record(self.ReportAccepted, at, actor, report_id=report_id,
                     comment=optional_text(comment, "comment", text.COMMENT))

    def return_report(self, report_id: str, comment: str, actor: Actor, at: datetime) -> None:
        """Send a received report back to the applicant, saying what is missing."""
        self.check_may(ReturnReport.RULE, actor, at, report_id)
        self._record(self.ReportReturned, at, actor, report_id=report_id,
                     comment=require_text(comment, "comment", text.COMMENT, multiline=True))

    def waive_report(self, report_id: str, reason: str, actor: Actor, at: datetime) -> None:
        """Drop a report the recipient owes, giving the reason (a waived final report lets
        the grant close and releases the holdback)."""
        self.check_may(WaiveReport.RULE, actor, at, report_id)
        self._record(self.ReportWaived, at, actor, report_id=report_id,
                     reason=require_text(reason, "reason", text.REASON, multiline=True))

    def check_held_back(self, amount: Decimal) -> None:
        """Raise when `amount` would reach into the share held back until the final
        report is accepted (or waived)."""
        final_accepted = any(r.kind == FINAL and r.status in SETTLED for r in self.reports.values())
        if self.holdback > ZERO and not final_accepted and amount > self.unpaid_amount - self.holdback:
            final = next((r.id for r in self.reports.values() if r.kind == FINAL), "final")
            raise HeldBack(f"{self.holdback} NOK of {self.reference} is held back until report {final} is accepted; "
                           f"{max(self.unpaid_amount - self.holdback, ZERO)} NOK may be paid now")

    def take_round_terms(self, terms: FollowUp | None, actor: Actor, at: datetime) -> None:
        """At approval: hold back the round's share of the grant, and require the interim
        and final reports the round's terms compute from the grant's budget years."""
        if terms is None or self.granted_amount is None:
            return
        if terms.held_back(self.granted_amount) > ZERO:
            self._record(self.HoldbackSet, at, actor, amount=terms.held_back(self.granted_amount))
        years = sorted({line.year for line in (self.committed_years or self.budget)}) or [local_date(at).year]
        for interim in terms.interim_reports_due(years):
            self._record(self.ReportRequired, at, actor, report_id=f"{INTERIM}-{len(self.reports) + 1}", kind=INTERIM,
                         due_on=interim, reason="Delrapport etter vilkårene i utlysningen")
        final = terms.final_report_due(years[-1])
        if final is not None:
            self._record(self.ReportRequired, at, actor, report_id=f"{FINAL}-{len(self.reports) + 1}", kind=FINAL,
                         due_on=final, reason="Sluttrapport etter vilkårene i utlysningen")
