"""A deciding body and its meetings (committee; a body is registered by the operator or
the owner's committee): attendance, recusals, decisions with their case numbers, and the
protocol kept as written."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response

from domain.body import Body
from domain.meeting import Meeting
from domain.values import ADMIN, AUDITOR, COMMITTEE, FINANCE
from readmodels.documents import jsonable, money
from web.api.common import COMMAND_ERRORS, QUERY_ERRORS, NoArgs, answered, blueprint, documented
from web.auth import require
from web.context import services
from web.idempotency import command_key
from web.problems import Problem
from web.schemas.meetings import BodyIn, BodyOut, MeetingDecisionIn, MeetingIn, MeetingOut, MeetingRecusalIn
from web.schemas.requests import Empty

blp = blueprint("meetings", "Deciding bodies and their meetings: quorum, recusals, decisions with case numbers, "
                            "and the protocol.")

#: Who reads bodies and meetings.
MEETING_READERS = (COMMITTEE, FINANCE, AUDITOR, ADMIN)


def body_document(body: Body) -> dict[str, Any]:
    """A body as the API gives it."""
    return {"id": str(body.id), "owner_id": body.owner_id, "name": body.name, "kind": body.kind,
            "kind_label": body.kind_label, "members": [jsonable(m) for m in body.members], "quorum": body.quorum,
            "decides_for": body.decides_for, "klageinstans": body.klageinstans, "prefix": body.prefix,
            "meetings": [str(m) for m in body.meetings], "version": body.version}


def meeting_document(meeting: Meeting) -> dict[str, Any]:
    """A meeting as the API gives it."""
    return {"id": str(meeting.id), "body_id": str(meeting.body_id), "body_name": meeting.body_name,
            "owner_id": meeting.owner_id, "held_on": meeting.held_on.isoformat(), "place": meeting.place,
            "members": [jsonable(m) for m in meeting.members], "present": list(meeting.present),
            "quorum": meeting.quorum,
            "recusals": [{"application_id": app, "member_id": member, "reason": reason}
                         for app, members in meeting.recusals.items() for member, reason in members.items()],
            "decisions": [{**jsonable(d), "amount": money(d.amount)} for d in meeting.decisions],
            "closed": meeting.protocol is not None, "version": meeting.version}


@blp.route("/bodies", methods=["POST"])
@blp.arguments(BodyIn)
@blp.response(201, BodyOut)
@documented(blp, *COMMAND_ERRORS)
def register_body(body: dict[str, Any]) -> Any:
    """Register an owner's deciding body (the owner's committee secretariat); from then on
    the owner's approvals and rejections are taken in its meetings (409
    `decided-in-meeting` outside them)."""
    actor = require(COMMITTEE)
    outcome = services().grants.register_body(
        body["owner_id"], name=body["name"], kind=body["kind"], quorum=body["quorum"],
        members=[(m["name"], m["person_id"]) for m in body["members"]], decides_for=body["decides_for"],
        klageinstans=body["klageinstans"], prefix=body["prefix"], actor=actor, request=command_key())
    return answered(body_document(outcome.value), outcome.position, 201, outcome.replayed)


@blp.route("/bodies/<owner_id>", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, BodyOut)
@documented(blp, *QUERY_ERRORS)
def get_body(_: dict[str, Any], owner_id: str) -> Any:
    """The owner's deciding body, with its meetings."""
    actor = require(*MEETING_READERS)
    return body_document(services().grants.get_body(owner_id, actor))


@blp.route("/meetings", methods=["POST"])
@blp.arguments(MeetingIn)
@blp.response(201, MeetingOut)
@documented(blp, *COMMAND_ERRORS)
def hold_meeting(body: dict[str, Any]) -> Any:
    """Record a meeting of the owner's body: when, where, and the members present (committee)."""
    actor = require(COMMITTEE)
    outcome = services().grants.hold_meeting(body["owner_id"], held_on=body["held_on"], place=body["place"],
                                             present=body["present"], actor=actor, request=command_key())
    return answered(meeting_document(outcome.value), outcome.position, 201, outcome.replayed)


@blp.route("/meetings/<uuid:meeting_id>", methods=["GET"])
@blp.arguments(NoArgs, location="query")
@blp.response(200, MeetingOut)
@documented(blp, *QUERY_ERRORS)
def get_meeting(_: dict[str, Any], meeting_id: UUID) -> Any:
    """A meeting: attendance, recusals and decisions."""
    actor = require(*MEETING_READERS)
    return meeting_document(services().grants.get_meeting(meeting_id, actor))


@blp.route("/meetings/<uuid:meeting_id>/recusals", methods=["POST"])
@blp.arguments(MeetingRecusalIn)
@blp.response(200, MeetingOut)
@documented(blp, *COMMAND_ERRORS)
def record_recusal(body: dict[str, Any], meeting_id: UUID) -> Any:
    """A member present steps aside from a case, forvaltningsloven § 6 (committee)."""
    actor = require(COMMITTEE)
    outcome = services().grants.record_meeting_recusal(meeting_id, application_id=body["application_id"],
                                                       member_id=body["member_id"], reason=body["reason"],
                                                       actor=actor, request=command_key())
    return answered(meeting_document(outcome.value), outcome.position, 200, outcome.replayed)


@blp.route("/meetings/<uuid:meeting_id>/decisions", methods=["POST"])
@blp.arguments(MeetingDecisionIn)
@blp.response(200, MeetingOut)
@documented(blp, *COMMAND_ERRORS)
def decide(body: dict[str, Any], meeting_id: UUID) -> Any:
    """The body decides a case (committee): approve (reserved in the pool) or reject,
    under the case number it gives; 409 `no-quorum` when too few members present are not
    recused, 409 `recused` for a recused member's vote."""
    actor = require(COMMITTEE)
    outcome = services().grants.decide_in_meeting(
        meeting_id, application_id=body["application_id"], decision=body["decision"], amount=body["amount"],
        reasons=body["reasons"], conditions=body["conditions"], votes_for=body["votes_for"],
        votes_against=body["votes_against"], actor=actor, request=command_key())
    return answered(meeting_document(outcome.value), outcome.position, 200, outcome.replayed)


@blp.route("/meetings/<uuid:meeting_id>/closure", methods=["POST"])
@blp.arguments(Empty, required=False)
@blp.response(200, MeetingOut)
@documented(blp, *COMMAND_ERRORS)
def close(_: dict[str, Any], meeting_id: UUID) -> Any:
    """Close the meeting (committee): its protocol is written from the log and kept as written."""
    actor = require(COMMITTEE)
    outcome = services().grants.close_meeting(meeting_id, actor=actor, request=command_key())
    return answered(meeting_document(outcome.value), outcome.position, 200, outcome.replayed)


@blp.route("/meetings/<uuid:meeting_id>/protocol", methods=["GET"])
@blp.arguments(NoArgs, location="query", as_kwargs=True)
@blp.response(200, {"type": "string"}, content_type="text/plain")
@documented(blp, *QUERY_ERRORS, 409)
def protocol(meeting_id: UUID) -> Any:
    """The meeting's protocol as written when it was closed (text; 409 before then)."""
    actor = require(*MEETING_READERS)
    meeting = services().grants.get_meeting(meeting_id, actor)
    if meeting.protocol is None:
        raise Problem(409, "the meeting is not closed: its protocol is written when it is", kind="not-closed")
    response = Response(meeting.protocol, content_type="text/plain; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="protokoll-{meeting.held_on.isoformat()}.txt"'
    return response
