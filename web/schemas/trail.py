"""Answers about the log: the audit trail, an application's history, chain verification."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.schemas.resources import DATE_TIME, page_of


class Actor(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)


class AuditEvent(Schema):
    position = fields.Integer(required=True)
    recorded_at = fields.String(required=True, metadata=DATE_TIME)
    aggregate_type = fields.String(required=True)
    aggregate_id = fields.String(required=True)
    aggregate_version = fields.Integer(required=True)
    type = fields.String(required=True)
    actor = fields.Nested(Actor, required=True)
    role = fields.String(required=True)
    summary = fields.String(required=True)
    data = fields.Dict(required=True)
    hash = fields.String(required=True)


AuditEventList = page_of(AuditEvent, "AuditEventList")


class HistoryEntry(Schema):
    position = fields.Integer(required=True)
    recorded_at = fields.String(required=True, metadata=DATE_TIME)
    type = fields.String(required=True)
    actor = fields.Nested(Actor, required=True)
    role = fields.String(required=True)
    summary = fields.String(required=True)
    data = fields.Dict(required=True)
    status_after = fields.String(required=True)


History = page_of(HistoryEntry, "History")


class Verification(Schema):
    ok = fields.Boolean(required=True)
    events_checked = fields.Integer(required=True)
    first_bad_position = fields.Integer(allow_none=True, required=True)
    reason = fields.String(allow_none=True)
