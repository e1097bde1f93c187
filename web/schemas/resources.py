"""Response bodies: the resources as the contract (docs/api.md) gives them. Money is rendered as a string
with two decimals; `total_score` is a JSON number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields

from domain.statuses import Status
from web.fields import Amount
from web.schemas.followup import AttachmentOut, FollowUp, IndicatorOut, ReportState, SeriesOut
from web.schemas.information import InquiryOut

DATE_TIME = {"format": "date-time"}


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of a list: its `item`s and the cursor of the next page (null on the last)."""
    return Schema.from_dict({"items": fields.List(fields.Nested(item), required=True),
                             "next_cursor": fields.String(allow_none=True, required=True)}, name=name)


class ScoreNumber(fields.Field[Decimal]):
    """The weighted score, kept exact in the read model, rendered as a JSON number
    (it has two decimals, so the number prints exactly)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_none=True, metadata={"type": "number", "nullable": True, "example": 3.75}, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> float | None:
        return None if value is None else float(Decimal(value))


class Problem(Schema):
    """An error (RFC 9457 problem details)."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ContributionOut(Schema):
    org_no = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": ["cash", "in_kind"]})
    amount = Amount(required=True)


class Owner(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)


class Criterion(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    weight = fields.String(required=True, metadata={"example": "3"})


class Round(Schema):
    id = fields.String(required=True)
    pool_id = fields.String(required=True)
    title = fields.String(required=True)
    deadline = fields.String(required=True, metadata={"format": "date"})
    criteria = fields.List(fields.Nested(Criterion), required=True)
    requires_own_contribution = fields.Boolean(required=True)
    open_to_outsiders = fields.Boolean(metadata={"description": "present (true) when applicants need not be members"})
    follow_up = fields.Nested(FollowUp, metadata={"description": "holdback and final report of every grant (if any)"})
    follows = fields.String(metadata={"description": "the round this one repeats (present in a series)"})
    call_text = fields.String(metadata={"description": "the call's own text, when it has one"})
    budget_years = fields.List(fields.Integer(), metadata={
        "description": "the years its grants are budgeted in (present when not all the pool's years)"})
    series = fields.Nested(SeriesOut, metadata={"description": "the yearly rule its series follows (if any)"})
    indicators = fields.List(fields.Nested(IndicatorOut), metadata={
        "description": "the outcomes its reports give values for (if any)"})
    status = fields.String(required=True, metadata={"enum": ["open", "closed"]})
    version = fields.Integer(required=True)


class Organisation(Schema):
    org_no = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)


class HealthCommunity(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)


class BudgetLine(Schema):
    year = fields.Integer(required=True)
    amount = Amount(required=True)


class Contact(Schema):
    name = fields.String(required=True)
    email = fields.String(required=True)


class Agreement(Schema):
    signed_on = fields.String(required=True, metadata={"format": "date"})
    parties = fields.List(fields.String(), required=True)
    document_ref = fields.String(required=True)
    patient_responsibility = fields.String(required=True)
    attachment = fields.String(allow_none=True, metadata={"description": "SHA-256 of the signed agreement"})


def _money(**kwargs: Any) -> Amount:
    return Amount(allow_none=True, required=True, **kwargs)


class GrantAcceptance(Schema):
    answer = fields.String(allow_none=True, required=True, metadata={
        "enum": ["accepted", "declined", None], "description": "null until the recipient answers"})
    answered_at = fields.String(allow_none=True, required=True, metadata=DATE_TIME)


class NoticeOut(Schema):
    id = fields.String(required=True, metadata={"example": "V1"})
    intent = fields.String(required=True, metadata={"enum": ["reclaim", "close"]})
    intent_label = fields.String(required=True)
    text = fields.String(required=True)
    amount = _money()
    comment_by = fields.String(required=True, metadata={"format": "date"})
    given_at = fields.String(required=True, metadata=DATE_TIME)
    answer = fields.String(allow_none=True, required=True)
    answered_at = fields.String(allow_none=True, required=True, metadata=DATE_TIME)
    acted = fields.Boolean(required=True, metadata={"description": "the decision it announced has been made"})


class ComplaintOut(Schema):
    id = fields.String(required=True, metadata={"example": "K1"})
    text = fields.String(required=True)
    received_on = fields.String(required=True, metadata={"format": "date"})
    deadline = fields.String(required=True, metadata={"format": "date", "description": "three weeks from the "
                                                      "decision letter, moved past a weekend"})
    late = fields.Boolean(required=True)
    lodged_by = fields.String(required=True, metadata={"description": "the party's organisation number"})
    concerns = fields.String(required=True, metadata={"description": "the status of the decision complained of"})
    attachments = fields.List(fields.String(), required=True)
    status = fields.String(required=True, metadata={"enum": ["received", "reversed", "forwarded", "upheld",
                                                             "appeal_reversed", "sent_back"]})
    label = fields.String(required=True)
    statement = fields.String(allow_none=True, required=True)
    outcome_reasons = fields.String(allow_none=True, required=True)
    decision_ref = fields.String(allow_none=True, required=True)


class Application(Schema):
    id = fields.String(required=True)
    reference = fields.String(required=True, metadata={"example": "RST-2025-0042"})
    round_id = fields.String(required=True)
    pool_id = fields.String(required=True)
    health_community = fields.Nested(HealthCommunity, required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    applicant = fields.Nested(Organisation, required=True)
    partners = fields.List(fields.Nested(Organisation), required=True)
    priority_groups = fields.List(fields.String(), required=True)
    requested_amount = Amount(required=True)
    own_contribution = Amount(required=True)
    budget = fields.List(fields.Nested(BudgetLine), required=True)
    contributions = fields.List(fields.Nested(ContributionOut), metadata={
        "description": "each party's own contribution, cash or in kind (when the applicant gave them)"})
    lasting_operation = fields.String(metadata={"description": "the plan for lasting operation after the grant"})
    information_requests = fields.List(fields.Nested(InquiryOut), metadata={
        "description": "the secretariat's questions and the applicant's answers, oldest first"})
    commitments = fields.List(fields.Nested(BudgetLine), metadata={
        "description": "the grant per fiscal year (from approval on)"})
    contact = fields.Nested(Contact, allow_none=True, required=True)
    status = fields.String(required=True, metadata={"enum": [status.value for status in Status]})
    total_score = ScoreNumber(required=True)
    rank = fields.Integer(allow_none=True, required=True)
    recommended_amount = _money()
    granted_amount = _money()
    paid_amount = _money()
    reclaimed_amount = _money()
    agreement = fields.Nested(Agreement, allow_none=True, required=True)
    submitted_at = fields.String(required=True, metadata=DATE_TIME)
    decided_at = fields.String(allow_none=True, required=True, metadata=DATE_TIME)
    eligible = fields.Boolean(allow_none=True)
    conditions = fields.String(allow_none=True)
    decision_ref = fields.String(allow_none=True)
    rejection_reasons = fields.String(allow_none=True)
    withdrawal_reason = fields.String(allow_none=True)
    reports = fields.List(fields.Nested(ReportState), metadata={
        "description": "the reporting requirements (present once there is one)"})
    attachments = fields.List(fields.Nested(AttachmentOut), metadata={"description": "files kept with it (if any)"})
    holdback_amount = Amount()  # held back until the final report is accepted (present if any)
    acceptance = fields.Nested(GrantAcceptance, metadata={
        "description": "the recipient's answer to the grant (present when the grant must be accepted before payment)"})
    grant_reasons = fields.String(metadata={"description": "why less than requested was granted (if so)"})
    repaid_amount = Amount(metadata={"description": "what was repaid of `reclaimed_amount` (present once a reclaim "
                                                    "has a due date)"})
    repayment_due_on = fields.String(metadata={"format": "date", "description": "when the latest reclaim falls due"})
    notices = fields.List(fields.Nested(NoticeOut), metadata={
        "description": "notices before a burdensome decision, forvaltningsloven § 16 (present once one is given)"})
    complaints = fields.List(fields.Nested(ComplaintOut), metadata={
        "description": "complaints of the decision and what became of them (present once one is lodged)"})
    version = fields.Integer(required=True)


ApplicationList = page_of(Application, "ApplicationList")


class ApplicantRef(Schema):
    org_no = fields.String(required=True)
    name = fields.String(required=True)


class Outstanding(Schema):
    id = fields.String(required=True)
    reference = fields.String(required=True)
    title = fields.String(required=True)
    applicant = fields.Nested(ApplicantRef, required=True)
    health_community = fields.Nested(HealthCommunity, required=True)
    round_id = fields.String(required=True)
    round_title = fields.String(required=True)
    round_deadline = fields.String(required=True, metadata={"format": "date"})
    status = fields.String(required=True)
    requested_amount = Amount(required=True)
    total_score = ScoreNumber(required=True)
    rank = fields.Integer(allow_none=True, required=True)
    recommended_amount = _money()
    submitted_at = fields.String(required=True, metadata=DATE_TIME)
    age_days = fields.Integer(required=True)
    version = fields.Integer(required=True)


OutstandingList = page_of(Outstanding, "OutstandingList")
