"""Asking the applicant for more information, and the answer."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain import text as limits
from web.fields import text
from web.schemas.requests import Strict


class InformationRequestIn(Strict):
    question = text(limits.COMMENT, multiline=True,
                    metadata={"example": "Send en oppdatert avtale om ansvarsdeling med helseforetaket."})
    reply_by = fields.Date(required=True, metadata={"description": "the date the answer is due"})


class InformationIn(Strict):
    answer = text(limits.REPORT, multiline=True)
    attachments = fields.List(fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$")), load_default=list,
                              validate=validate.Length(max=20),
                              metadata={"description": "SHA-256 of files already kept with the application"})


class InquiryOut(Schema):
    question = fields.String(required=True)
    reply_by = fields.String(required=True, metadata={"format": "date"})
    asked_at = fields.String(required=True, metadata={"format": "date-time"})
    answer = fields.String(allow_none=True)
    answered_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    attachments = fields.List(fields.String())
