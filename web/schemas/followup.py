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
    status = fields.String(required=True, metadata={"enum": ["due", "received", "accepted", "returned", "waived"]})
    received_at = fields.String(allow_none=True, metadata=DATE_TIME)
    text = fields.String(allow_none=True)
    spent_amount = Amount(allow_none=True)
    comment = fields.String(allow_none=True)
    attachments = fields.List(fields.String(), metadata={"description": "SHA-256 of the files it came with"})
    indicator_values = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "the outcome indicators' values it gives (decimal text), once submitted"})


class AttachmentOut(Schema):
    sha256 = fields.String(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True)
    media_type = fields.String(required=True, metadata={"description": "read from the content, not the name"})


class FollowUp(Schema):
    holdback_percent = fields.String(required=True, metadata={"example": "10"})
    final_report_months = fields.Integer(allow_none=True)
    interim_report_months = fields.Integer(allow_none=True)


class IndicatorOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    unit = fields.String(required=True)


class SeriesOut(Schema):
    deadline_month = fields.Integer(required=True)
    deadline_day = fields.Integer(required=True)


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
    interim_report_months = fields.Integer(load_default=None, strict=True, validate=validate.Range(1, 11),
                                           metadata={"description": "an interim report falls due this many months "
                                                                    "after each budget year of a grant but the last"})


def follow_up_of(body: dict[str, Any]) -> FollowUpTermsValue | None:
    """The round's follow-up terms from a loaded `FollowUpTerms` body, if it sets any."""
    interim = body.get("interim_report_months")
    if not body["holdback_percent"] and body["final_report_months"] is None and interim is None:
        return None
    return FollowUpTermsValue(body["holdback_percent"], body["final_report_months"], interim)


class NextRoundIn(Schema):
    """The next round of a series; what is left out follows from the previous round."""

    class Meta:
        unknown = "raise"

    deadline = fields.Date(load_default=None, metadata={
        "description": "default: the series' rule (or a year after the previous deadline), never in the past"})
    title = fields.String(load_default=None, validate=validate.Length(min=1, max=300),
                          metadata={"description": "default: the previous title with its years moved on"})
