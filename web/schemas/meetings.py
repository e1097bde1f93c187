"""A deciding body and its meetings: what is sent, and what is answered."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain import text as limits
from domain.body import KINDS
from domain.meeting import DECISIONS
from web.fields import Money, StorableText, optional_text, text
from web.schemas.base import Strict

_MEMBER_ID = fields.String(validate=validate.Regexp(r"^m[0-9]{1,3}$"), metadata={"example": "m1"})


class MemberIn(Strict):
    name = text(limits.NAME)
    person_id = fields.String(load_default=None, validate=[validate.Length(min=1, max=limits.ID), StorableText(False)],
                              metadata={"description": "the person in Tilskudd, when the member is registered"})


class BodyIn(Strict):
    owner_id = text(limits.ID, metadata={"example": "helse-nord-rhf"})
    name = text(limits.NAME, metadata={"example": "Koordineringsutvalget i Helse Nord"})
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    members = fields.List(fields.Nested(MemberIn), required=True, validate=validate.Length(min=1, max=50))
    quorum = fields.Integer(required=True, strict=True, validate=validate.Range(1, 50),
                            metadata={"description": "members present and not recused a decision needs"})
    decides_for = text(limits.NAME, metadata={"description": "the legal decision-maker it acts for",
                                              "example": "Helse Nord RHF"})
    klageinstans = text(limits.NAME, metadata={"example": "Helse- og omsorgsdepartementet"})
    prefix = text(limits.ID, metadata={"description": "the case numbers' prefix", "example": "KU-sak"})


class MeetingIn(Strict):
    owner_id = text(limits.ID, metadata={"description": "whose body meets"})
    held_on = fields.Date(required=True, metadata={"description": "the day it was held (not after today)"})
    place = text(limits.NAME, metadata={"example": "Bodø"})
    present = fields.List(_MEMBER_ID, required=True, validate=validate.Length(max=50),
                          metadata={"description": "the ids of the members present"})


class MeetingRecusalIn(Strict):
    application_id = fields.UUID(required=True)
    member_id = _MEMBER_ID
    reason = text(limits.REASON, multiline=True)


class MeetingDecisionIn(Strict):
    application_id = fields.UUID(required=True)
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    amount = Money(load_default=None, metadata={"description": "the grant, when approved"})
    reasons = optional_text(limits.REJECTION_REASONS, metadata={
        "description": "required for a rejection, and for granting less than requested"})
    conditions = optional_text(limits.CONDITIONS)
    votes_for = fields.List(_MEMBER_ID, load_default=list, validate=validate.Length(max=50),
                            metadata={"description": "where the body was not unanimous: who voted for"})
    votes_against = fields.List(_MEMBER_ID, load_default=list, validate=validate.Length(max=50))


class MemberOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    person_id = fields.String(allow_none=True, required=True)


class BodyOut(Schema):
    id = fields.String(required=True)
    owner_id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    members = fields.List(fields.Nested(MemberOut), required=True)
    quorum = fields.Integer(required=True)
    decides_for = fields.String(required=True)
    klageinstans = fields.String(required=True)
    prefix = fields.String(required=True)
    meetings = fields.List(fields.String(), required=True, metadata={"description": "its meetings' ids, oldest first"})
    version = fields.Integer(required=True)


class RecusalOut(Schema):
    application_id = fields.String(required=True)
    member_id = fields.String(required=True)
    reason = fields.String(required=True)


class CaseDecisionOut(Schema):
    application_id = fields.String(required=True)
    reference = fields.String(required=True)
    title = fields.String(required=True)
    case_number = fields.String(required=True, metadata={"example": "KU-sak 12/2025"})
    decision = fields.String(required=True, metadata={"enum": list(DECISIONS)})
    amount = fields.String(allow_none=True, required=True)
    reasons = fields.String(required=True)
    votes_for = fields.List(fields.String(), required=True)
    votes_against = fields.List(fields.String(), required=True)


class MeetingOut(Schema):
    id = fields.String(required=True)
    body_id = fields.String(required=True)
    body_name = fields.String(required=True)
    owner_id = fields.String(required=True)
    held_on = fields.String(required=True, metadata={"format": "date"})
    place = fields.String(required=True)
    members = fields.List(fields.Nested(MemberOut), required=True)
    present = fields.List(fields.String(), required=True)
    quorum = fields.Integer(required=True)
    recusals = fields.List(fields.Nested(RecusalOut), required=True)
    decisions = fields.List(fields.Nested(CaseDecisionOut), required=True)
    closed = fields.Boolean(required=True, metadata={"description": "closed, its protocol written"})
    version = fields.Integer(required=True)
