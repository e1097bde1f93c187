"""What the API answers about a grant's follow-up: its reporting requirements and the
round's terms (holdback, final report)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from domain.followup import MAX_HOLDBACK_PERCENT, MAX_REPORT_MONTHS
from domain.followup import FollowUp as FollowUpTermsValue
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
    attachments = fields.List(fields.String(), metadata={"description": "SHA-256 of the files it came with"})


class AttachmentOut(Schema):
    sha256 = fields.String(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True)
    media_type = fields.String(required=True, metadata={"description": "read from the content, not the name"})


class FollowUp(Schema):
    holdback_percent = fields.String(required=True, metadata={"example": "10"})
    final_report_months = fields.Integer(allow_none=True)


def _holdback(value: Decimal) -> None:
    if not Decimal(0) <= value <= MAX_HOLDBACK_PERCENT:
        raise ValidationError(f"must be from 0 to {MAX_HOLDBACK_PERCENT}")


class FollowUpTerms(Schema):
    """A round's follow-up terms in a request (see `domain.followup`)."""

    holdback_percent = fields.Decimal(load_default=Decimal(0), places=None, allow_nan=False, validate=_holdback,
                                      metadata={"type": "number", "minimum": 0, "maximum": 50, "default": 0,
                                                "example": 10, "description": "share of each grant paid only when "
                                                                              "the final report is accepted"})
    final_report_months = fields.Integer(load_default=None, strict=True, validate=validate.Range(1, MAX_REPORT_MONTHS),
                                         metadata={"description": "the final report falls due this many months "
                                                                  "after the grant's last budget year"})


def follow_up_of(body: dict[str, Any]) -> FollowUpTermsValue | None:
    """The round's follow-up terms from a loaded `FollowUpTerms` body, if it sets any."""
    if not body["holdback_percent"] and body["final_report_months"] is None:
        return None
    return FollowUpTermsValue(body["holdback_percent"], body["final_report_months"])


class NextRoundIn(Schema):
    """The next round of a series; what is left out follows from the previous round."""

    class Meta:
        unknown = "raise"

    deadline = fields.Date(load_default=None, metadata={"description": "default: a year after the previous one"})
    title = fields.String(load_default=None, validate=validate.Length(min=1, max=300),
                          metadata={"description": "default: the previous title with its years moved on"})
