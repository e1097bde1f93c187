"""*Personer* (admin): the people registered, their memberships and personal tokens;
grant a membership to someone already registered, revoke a membership or a token. The
same use cases as the API's /people endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from flask import abort, render_template, request, url_for
from sqlalchemy import select

from domain.errors import GrantsError, InvalidInput
from domain.membership import Membership
from domain.person import Person
from domain.roles import ROLES
from domain.values import ADMIN
from infrastructure.sql import reading
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import query_text
from web.pages.forms import Refusal, submitted

SHOWN = 300


def registered_people() -> list[Person]:
    """The people registered (newest first, at most SHOWN), as their aggregates stand."""
    models, grants = fresh_models(), services().grants
    events = models.audit.events
    query = (select(events.c.aggregate_id).where(events.c.aggregate_type == "Person",
                                                  events.c.event_type == "Registered")
             .order_by(events.c.position.desc()).limit(SHOWN))
    with reading(models.engine) as connection:
        ids = list(connection.execute(query).scalars())
    return [grants.get_person(person_id) for person_id in ids]


def _page(refusal: Refusal | None = None) -> str:
    now: datetime = services().grants.now()
    wanted = query_text("q").casefold()
    people = registered_people()
    found = [p for p in people if wanted in p.name.casefold() or wanted in (p.email or "").casefold()]
    registry = services().grants.registry()
    return render_template("people.html", people=people, found=found, q=query_text("q"), roles=ROLES, now=now,
                           refusal=refusal, form=request.form, owners=sorted(registry.owners.values(),
                                                                             key=lambda o: o.name),
                           communities=sorted(registry.communities.values(), key=lambda c: c.name))


@pages.route("/drift/personer")
def people() -> Any:
    require_page(ADMIN)
    return _page()


def _command(run: Any, done: str) -> Any:
    actor = require_page(ADMIN)
    return submitted(lambda: run(actor), done, url_for("pages.people"), _page)


def _optional(name: str) -> str | None:
    return request.form.get(name, "").strip() or None


@pages.route("/drift/personer/medlemskap", methods=["POST"])
def grant_membership() -> Any:
    def run(actor: Any) -> object:
        membership = Membership.of(request.form.get("role", ""), org_no=_optional("org_no"),
                                   community_id=_optional("community_id"), owner_id=_optional("owner_id"),
                                   employer_org_no=_optional("employer_org_no"))
        grants = services().grants
        grants.registry().check_membership(membership)
        try:
            person_id = UUID(request.form.get("person_id", ""))
        except ValueError:
            raise InvalidInput("person_id", "not a person's id") from None
        return grants.grant_membership(person_id, membership, actor)
    return _command(run, "Rollen er gitt.")


def _removal_page(person_id: UUID, membership_id: str, refusal: Refusal | None = None) -> Any:
    """Asks before a membership is removed: whose, which, and why."""
    require_page(ADMIN)
    try:
        person = services().grants.get_person(person_id)
        membership = person.membership(membership_id)
    except GrantsError:
        abort(404)
    return render_template("remove_membership.html", person=person, membership=membership, refusal=refusal,
                           form=request.form)


@pages.route("/drift/personer/<uuid:person_id>/medlemskap/<membership_id>/fjern")
def ask_to_revoke_membership(person_id: UUID, membership_id: str) -> Any:
    return _removal_page(person_id, membership_id)


@pages.route("/drift/personer/<uuid:person_id>/medlemskap/<membership_id>/fjern", methods=["POST"])
def revoke_membership(person_id: UUID, membership_id: str) -> Any:
    """Remove a membership once admin has confirmed it and said why (the reason is kept
    in the log)."""
    actor = require_page(ADMIN)
    reason = request.form.get("reason", "")

    def run() -> object:
        if not reason.strip():
            raise InvalidInput("reason", "say why the membership is removed")
        return services().grants.revoke_membership(person_id, membership_id, actor, reason)
    return submitted(run, "Rollen er fjernet; personens nøkler for den virker ikke lenger.", url_for("pages.people"),
                     lambda refusal: _removal_page(person_id, membership_id, refusal))


@pages.route("/drift/personer/<uuid:person_id>/nokler/<token_id>/trekk", methods=["POST"])
def revoke_token(person_id: UUID, token_id: str) -> Any:
    return _command(lambda actor: services().grants.revoke_personal_token(person_id, token_id, actor),
                    "Nøkkelen er trukket tilbake.")
