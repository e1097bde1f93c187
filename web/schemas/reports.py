"""Request and answer schemas of reporting after a grant (the HTTP edge only)."""

from __future__ import annotations

from marshmallow import fields, validate

from domain import text as limits
from domain.followup import REPORT_KINDS
from domain.letter import LETTER_KINDS
from web.fields import Money, optional_text, text
from web.schemas.followup import ReportState
from web.schemas.requests import Strict


class ReportRequirementIn(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(REPORT_KINDS))
    due_on = fields.Date(required=True, metadata={"example": "2026-03-31"})
    reason = optional_text(limits.REASON, metadata={"example": "Sluttrapport etter tilsagnsbrevet"})


class ReportMoveIn(Strict):
    due_on = fields.Date(required=True)
    reason = text(limits.REASON, multiline=True)


class ReportSubmissionIn(Strict):
    text = text(limits.REPORT, multiline=True)
    spent_amount = Money(allow_zero=True, required=True)
    attachments = fields.List(fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$")), load_default=list,
                              validate=validate.Length(max=20), metadata={
                                  "description": "SHA-256 of files added to the application first"})
    indicator_values = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=64)),
                         values=fields.Decimal(places=None, allow_nan=False, metadata={"type": "number"}),
                         load_default=dict, validate=validate.Length(max=10), metadata={
                             "description": "the value of each outcome indicator of the round (all of them in a "
                                            "final report)"})


class ReportCommentIn(Strict):
    comment = optional_text(limits.COMMENT)


class ReportReturnIn(Strict):
    comment = text(limits.COMMENT, multiline=True)


class Report(ReportState):
    overdue = fields.Boolean(required=True, metadata={"description": "past its due date and not received"})


class ReportList(Strict):
    items = fields.List(fields.Nested(Report), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "the cursor of the next page; null on the last"})


class OverdueReport(Report):
    application_id = fields.String(required=True)
    reference = fields.String(required=True)
    title = fields.String(required=True)
    applicant = fields.String(required=True)


class OverdueList(Strict):
    items = fields.List(fields.Nested(OverdueReport), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "the cursor of the next page; null on the last"})


class LetterOut(Strict):
    id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(LETTER_KINDS))
    recipient = fields.String(required=True)
    subject = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": "the text exactly as written and sent"})
    message_id = fields.String(required=True)
    written_at = fields.AwareDateTime(required=True, format="iso")
    sent_at = fields.AwareDateTime(allow_none=True, format="iso", metadata={
        "description": "when the mail server accepted it (null: kept, not yet sent)"})
    undeliverable = fields.String(allow_none=True, metadata={
        "description": "why the letter cannot be delivered (its address, or the mail server's refusal); "
                       "null otherwise"})


class LetterList(Strict):
    items = fields.List(fields.Nested(LetterOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "the cursor of the next page; null on the last"})
