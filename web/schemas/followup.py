"""What the API answers about a grant's follow-up: its reporting requirements and the
round's terms (holdback, final report)."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.fields import Amount

DATE_TIME = {"format": "date-time"}


class ReportState(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": ["interim", "final"]})
    due_on = fields.String(required=True, metadata={"format": "date"})
    status = fields.String(required=True, metadata={"enum": ["due", "received", "accepted", "returned"]})
    received_at = fields.String(allow_none=True, metadata=DATE_TIME)
    text = fields.String(allow_none=True)
    spent_amount = Amount(allow_none=True)
    comment = fields.String(allow_none=True)


class FollowUp(Schema):
    holdback_percent = fields.String(required=True, metadata={"example": "10"})
    final_report_months = fields.Integer(allow_none=True)
