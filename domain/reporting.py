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
from domain.commands import AcceptReport, MoveReport, RequireReport, ReturnReport, SubmitReport
from domain.errors import HeldBack, InvalidInput
from domain.followup import ACCEPTED, FINAL, RECEIVED, REPORT_KINDS, RETURNED, FollowUp, Requirement
from domain.money import ZERO, non_negative_money
from domain.round import local_date
from domain.text import optional_text, require_text
from domain.values import Actor


def _date(value: object, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(field, "must be a date")
    return value


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

        def apply(self, app: Reporting) -> None:
            app.requirements[self.report_id] = replace(
                app.requirements[self.report_id], status=RECEIVED, received_at=self.timestamp, text=self.text,
                spent_amount=self.spent_amount, comment=None, attachments=tuple(self.attachments))

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
                      at: datetime, attachments: tuple[str, ...] = ()) -> None:
        """The applicant's report: what was done, the money spent, and files already kept
        with the application (by their SHA-256)."""
        self.check_may(SubmitReport.RULE, actor, at, report_id)
        self._record(self.ReportSubmitted, at, actor, report_id=report_id,
                     text=require_text(report_text, "text", text.REPORT, multiline=True),
                     spent_amount=non_negative_money(spent_amount, "spent_amount"),
                     attachments=self.check_attached(tuple(attachments)))

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

    def check_held_back(self, amount: Decimal) -> None:
        """Raise when `amount` would reach into the share held back until the final
        report is accepted."""
        final_accepted = any(r.kind == FINAL and r.status == ACCEPTED for r in self.reports.values())
        if self.holdback > ZERO and not final_accepted and amount > self.unpaid_amount - self.holdback:
            final = next((r.id for r in self.reports.values() if r.kind == FINAL), "final")
            raise HeldBack(f"{self.holdback} NOK of {self.reference} is held back until report {final} is accepted; "
                           f"{max(self.unpaid_amount - self.holdback, ZERO)} NOK may be paid now")

    def take_round_terms(self, terms: FollowUp | None, actor: Actor, at: datetime) -> None:
        """At approval: hold back the round's share of the grant, and require the final
        report when the round says when it falls due."""
        if terms is None or self.granted_amount is None:
            return
        if terms.held_back(self.granted_amount) > ZERO:
            self._record(self.HoldbackSet, at, actor, amount=terms.held_back(self.granted_amount))
        due = terms.final_report_due(max((line.year for line in self.budget), default=local_date(at).year))
        if due is not None:
            self._record(self.ReportRequired, at, actor, report_id=f"{FINAL}-{len(self.reports) + 1}", kind=FINAL,
                         due_on=due, reason="Sluttrapport etter vilkårene i utlysningen")
