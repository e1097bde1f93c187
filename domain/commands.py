"""The commands on an application, as values: what a person asks for, with its input —
what an API body and a page's form are read into, and what the use cases carry out
(`application.changes.ApplicationChanges.run`) — each declared once with its rule
(`RULE`, see `domain.rules`): who may give it, and when. A command's input is checked by
the aggregate when it is carried out; here it is only carried.

Amounts are whatever the person gave (`Decimal`, or text such as "150000.50"): the
domain's money rule reads them (`domain.money`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from domain.attachments import Attachment
from domain.followup import DUE, RECEIVED, RETURNED
from domain.roles import APPLICANT, ASSESSOR, COMMITTEE, FINANCE
from domain.rules import (
    Rule,
    acceptance_awaited,
    agreed,
    complaint_forwarded,
    complaint_received,
    did_not_approve,
    did_not_assess,
    final_report_settled,
    grant_accepted,
    heard_if_less_paid,
    heard_on_reclaim,
    money_left_to_pay,
    money_paid_out,
    no_complaint_open,
    no_report_overdue,
    not_recused,
    not_scored_by_them,
    not_yet_recused,
    notice_awaits_answer,
    outside_meetings,
    repayment_awaited,
    round_open,
    scored_and_eligible,
)
from domain.statuses import UNDECIDED, Status
from domain.values import BudgetLine

#: An amount as given: the domain's money rule judges it.
Amount = Decimal | str
_REVIEW = (Status.SUBMITTED, Status.UNDER_REVIEW)
_GRANTED = (Status.APPROVED, Status.PAID)
#: Decided, and open to complaint: refused, or granted (perhaps less than asked).
_DECIDED = (Status.REJECTED, *_GRANTED)


@dataclass(frozen=True)
class Submit:
    """Submit an application to a round (an applicant, for its own organisation). Not a
    command on an existing application: it makes one."""

    round_id: UUID | str
    content: dict[str, Any]


@dataclass(frozen=True)
class CaseCommand:
    """A command on one application; `RULE` says who may give it and when."""

    application_id: UUID | str
    RULE: ClassVar[Rule]


@dataclass(frozen=True)
class Amend(CaseCommand):
    """Change submitted fields while the round is open."""

    changes: dict[str, Any]
    RULE: ClassVar[Rule] = Rule("amend", "amend", (APPLICANT,), (*_REVIEW, Status.AWAITING_INFORMATION),
                                requires=(round_open,))


@dataclass(frozen=True)
class Withdraw(CaseCommand):
    """Withdraw an undecided application."""

    reason: str
    RULE: ClassVar[Rule] = Rule("withdraw", "withdraw", (APPLICANT,), UNDECIDED)


@dataclass(frozen=True)
class Screen(CaseCommand):
    """Record whether the application is eligible, and why."""

    eligible: bool
    reason: str
    RULE: ClassVar[Rule] = Rule("screen", "screen", (ASSESSOR,), _REVIEW, recusal=not_recused)


@dataclass(frozen=True)
class Score(CaseCommand):
    """One assessor's scores, 0–5 on every criterion of the round."""

    scores: dict[str, int]
    comment: str = ""
    RULE: ClassVar[Rule] = Rule("score", "score", (ASSESSOR,), _REVIEW, recusal=not_recused,
                                person=(not_scored_by_them,))


@dataclass(frozen=True)
class Prioritise(CaseCommand):
    """Rank the application within its community and recommend an amount."""

    rank: int
    recommended_amount: Amount
    RULE: ClassVar[Rule] = Rule("prioritise", "prioritise", (ASSESSOR,), (Status.UNDER_REVIEW, Status.PRIORITISED),
                                recusal=not_recused, requires=(scored_and_eligible,))


@dataclass(frozen=True)
class RequestInformation(CaseCommand):
    """Ask the applicant for more information by a date."""

    question: str
    reply_by: date
    RULE: ClassVar[Rule] = Rule("request_information", "ask for more information on", (ASSESSOR,), _REVIEW,
                                recusal=not_recused)


@dataclass(frozen=True)
class ProvideInformation(CaseCommand):
    """The applicant's answer, with files already kept with the application."""

    answer: str
    attachments: tuple[str, ...] = ()
    RULE: ClassVar[Rule] = Rule("provide_information", "answer on", (APPLICANT,), (Status.AWAITING_INFORMATION,))


@dataclass(frozen=True)
class DeclareRecusal(CaseCommand):
    """Step aside from the application (forvaltningsloven § 6)."""

    reason: str
    RULE: ClassVar[Rule] = Rule("declare_recusal", "declare recusal for", (ASSESSOR, COMMITTEE), UNDECIDED,
                                impartial=False, recusal=not_yet_recused)


@dataclass(frozen=True)
class Approve(CaseCommand):
    """Grant an amount (per year: `commitments`, else the budget scaled) and reserve it;
    less than requested needs `reasons` (forvaltningsloven § 25)."""

    amount: Amount
    decision_ref: str
    conditions: str = ""
    commitments: tuple[BudgetLine, ...] | None = None
    reasons: str = ""
    RULE: ClassVar[Rule] = Rule("approve", "approve", (COMMITTEE,), (Status.PRIORITISED,), recusal=not_recused,
                                person=(did_not_assess,), requires=(outside_meetings,))


@dataclass(frozen=True)
class Reject(CaseCommand):
    """Refuse the application, giving reasons, under its case number (as an approval)."""

    reasons: str
    decision_ref: str
    RULE: ClassVar[Rule] = Rule("reject", "reject", (COMMITTEE,), UNDECIDED, recusal=not_recused,
                                person=(did_not_assess,), requires=(outside_meetings,))


@dataclass(frozen=True)
class RegisterAgreement(CaseCommand):
    """Register the signed agreement between hospital trust and municipalities: its
    parties (the application's), the archive reference or the signed file kept with the
    application (by its SHA-256), and who is responsible for the patients."""

    signed_on: date
    parties: tuple[str, ...]
    document_ref: str = ""
    patient_responsibility: str = ""
    attachment: str | None = None
    RULE: ClassVar[Rule] = Rule("register_agreement", "register an agreement for", (ASSESSOR, COMMITTEE), _GRANTED,
                                recusal=not_recused)


@dataclass(frozen=True)
class AnswerGrant(CaseCommand):
    """The recipient accepts the grant and its terms, or declines it (with its reason)."""

    accept: bool
    reason: str = ""
    RULE: ClassVar[Rule] = Rule("answer_grant", "answer the grant to", (APPLICANT,), (Status.APPROVED,),
                                requires=(acceptance_awaited,))


@dataclass(frozen=True)
class Disburse(CaseCommand):
    """Pay an instalment under a payment reference (the same reference again pays nothing)."""

    amount: Amount
    payment_reference: str
    RULE: ClassVar[Rule] = Rule("disburse", "disburse to", (FINANCE,), (Status.APPROVED,), person=(did_not_approve,),
                                requires=(grant_accepted, agreed, money_left_to_pay, no_report_overdue))


@dataclass(frozen=True)
class Reclaim(CaseCommand):
    """Decide to claim paid money back by a due date, after notice (`GiveNotice`); it
    returns to the pool when repaid."""

    amount: Amount
    reason: str
    due_on: date
    RULE: ClassVar[Rule] = Rule("reclaim", "reclaim from", (FINANCE,), (*_GRANTED, Status.CLOSED),
                                requires=(money_paid_out, heard_on_reclaim))


@dataclass(frozen=True)
class RecordRepayment(CaseCommand):
    """Money claimed back has been received, under its reference (once per reference)."""

    amount: Amount
    received_on: date
    reference: str
    RULE: ClassVar[Rule] = Rule("record_repayment", "record a repayment from", (FINANCE,),
                                (*_GRANTED, Status.CLOSED), requires=(repayment_awaited,))


@dataclass(frozen=True)
class GiveNotice(CaseCommand):
    """Tell the parties what is intended — a reclaim (`intent` reclaim) or closing with less
    paid than granted (close) — and why, with a date to comment by (forhåndsvarsel,
    forvaltningsloven § 16); the decision waits until they answered or the date passed."""

    intent: str
    text: str
    comment_by: date
    amount: Amount | None = None
    RULE: ClassVar[Rule] = Rule("give_notice", "give notice on", (FINANCE,), (*_GRANTED, Status.CLOSED))


@dataclass(frozen=True)
class AnswerNotice(CaseCommand):
    """The parties' comment on a notice."""

    answer: str
    RULE: ClassVar[Rule] = Rule("answer_notice", "answer the notice on", (APPLICANT,), (*_GRANTED, Status.CLOSED),
                                requires=(notice_awaits_answer,), parties=True)


@dataclass(frozen=True)
class LodgeComplaint(CaseCommand):
    """A party's complaint of the decision (forvaltningsloven § 28), with the day it
    arrived and files already kept with the application; a late one is registered as late."""

    text: str
    received_on: date
    attachments: tuple[str, ...] = ()
    RULE: ClassVar[Rule] = Rule("lodge_complaint", "complain of the decision on", (APPLICANT,), _DECIDED,
                                requires=(no_complaint_open,), parties=True)


@dataclass(frozen=True)
class ReverseDecision(CaseCommand):
    """The body that decided takes the complaint (forvaltningsloven § 33): a new decision
    granting `amount` — more than before — reserved in the pool as an approval is."""

    amount: Amount
    decision_ref: str
    reasons: str
    conditions: str = ""
    RULE: ClassVar[Rule] = Rule("reverse_decision", "reverse the decision on", (COMMITTEE,), _DECIDED,
                                recusal=not_recused, person=(did_not_assess,), requires=(complaint_received,))


@dataclass(frozen=True)
class ForwardComplaint(CaseCommand):
    """The body that decided keeps its decision and sends the complaint to the
    klageinstans with its statement."""

    statement: str
    RULE: ClassVar[Rule] = Rule("forward_complaint", "forward the complaint on", (COMMITTEE,), _DECIDED,
                                recusal=not_recused, requires=(complaint_received,))


@dataclass(frozen=True)
class RecordAppealDecision(CaseCommand):
    """The klageinstans's decision on a forwarded complaint, as the secretariat records it:
    `upheld`, `reversed` (granting `amount`, reserved as an approval is) or `sent_back`
    (a refused application returns to review)."""

    outcome: str
    reasons: str
    decision_ref: str
    amount: Amount | None = None
    RULE: ClassVar[Rule] = Rule("record_appeal_decision", "record the klageinstans's decision on", (COMMITTEE,),
                                _DECIDED, impartial=False, requires=(complaint_forwarded,))


@dataclass(frozen=True)
class Close(CaseCommand):
    """Close a granted application once its final report is accepted or waived; what was
    never paid returns to the pool (closing with less paid than granted needs notice first)."""

    reason: str
    RULE: ClassVar[Rule] = Rule("close", "close", (FINANCE,), _GRANTED,
                                requires=(final_report_settled, heard_if_less_paid))


@dataclass(frozen=True)
class RequireReport(CaseCommand):
    """Add an interim or final reporting requirement with its due date."""

    kind: str
    due_on: date
    reason: str = ""
    RULE: ClassVar[Rule] = Rule("require_report", "require a report on", (FINANCE, ASSESSOR), _GRANTED)


@dataclass(frozen=True)
class MoveReport(CaseCommand):
    """Give a report a new due date, with the reason."""

    report_id: str
    due_on: date
    reason: str
    RULE: ClassVar[Rule] = Rule("move_report", "move", (FINANCE, ASSESSOR), report_statuses=(DUE, RETURNED))


@dataclass(frozen=True)
class SubmitReport(CaseCommand):
    """The grant recipient's report: what was done, the money spent, files kept with it."""

    report_id: str
    text: str
    spent_amount: Amount
    attachments: tuple[str, ...] = ()
    indicator_values: dict[str, Any] | None = None
    RULE: ClassVar[Rule] = Rule("submit_report", "submit", (APPLICANT,), report_statuses=(DUE, RETURNED))


@dataclass(frozen=True)
class AcceptReport(CaseCommand):
    """Accept a received report (the final one releases the holdback)."""

    report_id: str
    comment: str | None = None
    RULE: ClassVar[Rule] = Rule("accept_report", "accept", (FINANCE, ASSESSOR), report_statuses=(RECEIVED,))


@dataclass(frozen=True)
class ReturnReport(CaseCommand):
    """Return a received report to the applicant, saying what is missing."""

    report_id: str
    comment: str
    RULE: ClassVar[Rule] = Rule("return_report", "return", (FINANCE, ASSESSOR), report_statuses=(RECEIVED,))


@dataclass(frozen=True)
class WaiveReport(CaseCommand):
    """Drop a report the recipient owes, with the reason."""

    report_id: str
    reason: str
    RULE: ClassVar[Rule] = Rule("waive_report", "waive", (FINANCE, ASSESSOR), report_statuses=(DUE, RETURNED))


@dataclass(frozen=True)
class AddAttachment(CaseCommand):
    """Keep a file (already stored by its hash) with the application."""

    attachment: Attachment
    RULE: ClassVar[Rule] = Rule("add_attachment", "add a file to", (APPLICANT, ASSESSOR, COMMITTEE, FINANCE),
                                impartial=False)


#: Every command on an application.
CASE_COMMANDS: tuple[type[CaseCommand], ...] = (
    Amend, Withdraw, ProvideInformation, Screen, Score, Prioritise, RequestInformation, DeclareRecusal, Approve,
    Reject, AnswerGrant, RegisterAgreement, Disburse, GiveNotice, AnswerNotice, Reclaim, RecordRepayment, Close,
    LodgeComplaint, ReverseDecision, ForwardComplaint, RecordAppealDecision, RequireReport, MoveReport,
    SubmitReport, AcceptReport, ReturnReport, WaiveReport, AddAttachment)
