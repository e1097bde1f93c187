"""The body's meetings (committee): register the owner's deciding body; record a meeting
with the members present; in the meeting, the cases with who has stepped aside and
whether the body has a quorum for each, the recusals and decisions recorded (each with
its case number), and at the end the protocol, shown and downloadable as written.
The forms are read by the API's schemas and run the same use cases."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from flask import Response, abort, render_template, request, url_for

from domain.body import KINDS, Body
from domain.errors import GrantsError
from domain.meeting import Meeting
from domain.registry import RegisteredOwner
from domain.scope import owner_scope
from domain.statuses import Status
from domain.values import COMMITTEE, Actor
from infrastructure.sql import reading
from readmodels import listing
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import date_text
from web.pages.forms import Refusal, amount_text, form_key, load, submitted
from web.schemas.meetings import BodyIn, MeetingDecisionIn, MeetingIn, MeetingRecusalIn


def _owners(actor: Actor) -> list[RegisteredOwner]:
    """The owners the committee member acts for: its own, or (unbound) every registered one."""
    owners = services().grants.registry().owners
    bound = owner_scope(actor)
    return sorted((o for o in owners.values() if bound in (None, o.id)), key=lambda o: o.name)


def owner_bodies(actor: Actor) -> list[Body]:
    """The deciding bodies of the owners the committee member acts for."""
    found = (services().grants.deciding_body(o.id) for o in _owners(actor))
    return [body for body in found if body is not None]


def body_name(actor: Actor | None) -> str | None:
    """The name of the committee member's body, which the menu uses (None when there is
    none, or several)."""
    if actor is None or actor.role != COMMITTEE:
        return None
    bodies = owner_bodies(actor)
    return bodies[0].name if len(bodies) == 1 else None


def body_section(actor: Actor, refusal: Refusal | None = None, handling: str | None = None) -> dict[str, Any]:
    """What the meetings page shows of the owners' bodies: each body with its meetings,
    and the forms to register a body (for an owner without one) or a meeting."""
    bodies = owner_bodies(actor)
    meetings = {body.id: [services().grants.get_meeting(m, actor) for m in reversed(body.meetings)]
                for body in bodies}
    having = {body.owner_id for body in bodies}
    return {"bodies": bodies, "body_meetings": meetings, "kinds": KINDS, "refusal": refusal, "handling": handling,
            "owners_without_body": [o for o in _owners(actor) if o.id not in having], "form": request.form}


def _members(text: str) -> list[dict[str, Any]]:
    return [{"name": line.strip()} for line in text.splitlines() if line.strip()]


def _whole(value: str) -> int | str:
    return int(value) if re.fullmatch(r"\d{1,3}", value.strip()) else value


@pages.route("/moter/organ", methods=["POST"])
def register_body() -> Any:
    """Register the owner's deciding body from the meetings page."""
    actor = require_page(COMMITTEE)
    form = request.form

    def run() -> object:
        body = load(BodyIn(), {"owner_id": form.get("owner_id", ""), "name": form.get("name", ""),
                               "kind": form.get("kind", ""), "members": _members(form.get("members", "")),
                               "quorum": _whole(form.get("quorum", "")), "decides_for": form.get("decides_for", ""),
                               "klageinstans": form.get("klageinstans", ""), "prefix": form.get("prefix", "")})
        return services().grants.register_body(
            body["owner_id"], name=body["name"], kind=body["kind"], quorum=body["quorum"],
            members=[(m["name"], m["person_id"]) for m in body["members"]], decides_for=body["decides_for"],
            klageinstans=body["klageinstans"], prefix=body["prefix"], actor=actor, request=form_key())
    return submitted(run, "Organet er registrert. Vedtakene treffes nå i organets møter.", url_for("pages.meetings"),
                     lambda refusal: meetings_page(refusal, "organ"))


@pages.route("/moter/mote", methods=["POST"])
def hold_meeting() -> Any:
    """Record a meeting of the owner's body with the members present."""
    actor = require_page(COMMITTEE)
    form = request.form

    def run() -> object:
        body = load(MeetingIn(), {"owner_id": form.get("owner_id", ""), "held_on": date_text(form.get("held_on", "")),
                                  "place": form.get("place", ""), "present": form.getlist("present")})
        return services().grants.hold_meeting(body["owner_id"], held_on=body["held_on"], place=body["place"],
                                              present=body["present"], actor=actor, request=form_key())
    return submitted(run, "Møtet er registrert.",
                     lambda outcome: url_for("pages.body_meeting", meeting_id=outcome.value.id),
                     lambda refusal: meetings_page(refusal, f"mote-{form.get('owner_id', '')}"))


@pages.route("/moter")
def meetings() -> Any:
    return meetings_page()


def meetings_page(refusal: Refusal | None = None, handling: str | None = None) -> Any:
    """The owner's body and its meetings (or the form to register it), and the ranked
    list of each round (`refusal`: why a body or meeting form was refused, shown with it)."""
    actor = require_page(COMMITTEE)
    models = fresh_models()
    with reading(models.engine) as connection:
        found = listing.pools(connection, models.budget, 1000, owner=owner_scope(actor)).items
        pools = {p["pool_id"]: p for p in found}
        rounds = [r for r in listing.rounds(connection, models.applications) if r["pool_id"] in pools]
    return render_template("meetings.html", rounds=rounds, pools=pools, **body_section(actor, refusal, handling))


def _cases(meeting: Meeting) -> list[dict[str, Any]]:
    """The owner's prioritised applications: the cases the body may decide."""
    models = fresh_models()
    with reading(models.engine) as connection:
        rows = listing.applications(connection, models.applications, 500, owner=meeting.owner_id,
                                    status=Status.PRIORITISED).items
    cases = []
    for row in rows:
        doc = row["document"]
        recused = meeting.recusals.get(doc["id"], {})
        able = meeting.able(doc["id"])
        cases.append({**doc, "recused": [(meeting.name_of(m), reason) for m, reason in recused.items()],
                      "able": len(able), "quorate": len(able) >= meeting.quorum})
    return sorted(cases, key=lambda c: (c["rank"] or 10**6, c["reference"]))


def _meeting_page(meeting_id: UUID, refusal: Refusal | None = None, handling: str | None = None) -> str:
    actor = require_page(COMMITTEE)
    try:
        meeting = services().grants.get_meeting(meeting_id, actor)
    except GrantsError:
        abort(404)
    present = [(m, meeting.name_of(m)) for m in meeting.present]
    absent = [m.name for m in meeting.members if m.id not in meeting.present]
    return render_template("body_meeting.html", meeting=meeting, present=present, absent=absent,
                           cases=_cases(meeting) if meeting.protocol is None else [], refusal=refusal,
                           handling=handling, form=request.form)


@pages.route("/moter/mote/<uuid:meeting_id>")
def body_meeting(meeting_id: UUID) -> Any:
    """A meeting: attendance and quorum, the cases, the decisions, the protocol."""
    return _meeting_page(meeting_id)


def _in_meeting(meeting_id: UUID, handling: str, run: Any, done: str) -> Any:
    return submitted(run, done, url_for("pages.body_meeting", meeting_id=meeting_id),
                     lambda refusal: _meeting_page(meeting_id, refusal, handling))


@pages.route("/moter/mote/<uuid:meeting_id>/inhabilitet", methods=["POST"])
def meeting_recusal(meeting_id: UUID) -> Any:
    """A member present steps aside from a case."""
    actor = require_page(COMMITTEE)
    form = request.form

    def run() -> object:
        body = load(MeetingRecusalIn(), {"application_id": form.get("application_id", ""),
                                         "member_id": form.get("member_id", ""), "reason": form.get("reason", "")})
        return services().grants.record_meeting_recusal(meeting_id, application_id=body["application_id"],
                                                        member_id=body["member_id"], reason=body["reason"],
                                                        actor=actor, request=form_key())
    return _in_meeting(meeting_id, "inhabilitet", run, "Inhabiliteten er registrert.")


@pages.route("/moter/mote/<uuid:meeting_id>/vedtak", methods=["POST"])
def meeting_decision(meeting_id: UUID) -> Any:
    """The body decides a case; who voted against, when it was not unanimous."""
    actor = require_page(COMMITTEE)
    form = request.form

    def run() -> object:
        meeting = services().grants.get_meeting(meeting_id, actor)
        application_id = form.get("application_id", "")
        against = form.getlist("against")
        votes_for = [m for m in meeting.able(application_id) if m not in against] if against else []
        amount = amount_text(form.get("amount", ""))
        body = load(MeetingDecisionIn(), {
            "application_id": application_id, "decision": form.get("decision", ""),
            "reasons": form.get("reasons", ""), "conditions": form.get("conditions", ""),
            "votes_for": votes_for, "votes_against": against, **({"amount": amount} if amount else {})})
        return services().grants.decide_in_meeting(
            meeting_id, application_id=body["application_id"], decision=body["decision"], amount=body["amount"],
            reasons=body["reasons"], conditions=body["conditions"], votes_for=body["votes_for"],
            votes_against=body["votes_against"], actor=actor, request=form_key())
    return _in_meeting(meeting_id, "vedtak", run, "Vedtaket er registrert med saksnummer.")


@pages.route("/moter/mote/<uuid:meeting_id>/avslutt", methods=["POST"])
def close_meeting(meeting_id: UUID) -> Any:
    """Close the meeting; its protocol is written."""
    actor = require_page(COMMITTEE)
    return _in_meeting(meeting_id, "avslutt",
                       lambda: services().grants.close_meeting(meeting_id, actor=actor, request=form_key()),
                       "Møtet er avsluttet, og protokollen er skrevet.")


@pages.route("/moter/mote/<uuid:meeting_id>/protokoll.txt")
def meeting_protocol(meeting_id: UUID) -> Any:
    """The protocol as written when the meeting was closed."""
    actor = require_page(COMMITTEE)
    try:
        meeting = services().grants.get_meeting(meeting_id, actor)
    except GrantsError:
        abort(404)
    if meeting.protocol is None:
        abort(404)
    response = Response(meeting.protocol, content_type="text/plain; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="protokoll-{meeting.held_on.isoformat()}.txt"'
    return response
