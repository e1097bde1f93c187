"""*Personer* (admin): the people registered, their memberships and personal tokens;
grant a membership to someone already registered, revoke a membership or a token. The
same use cases as the API's /people endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from flask import render_template, request, url_for
from sqlalchemy import select

from domain.errors import InvalidInput
from domain.membership import Membership
from domain.person import Person
from domain.roles import ROLES
from domain.values import ADMIN
from infrastructure.sql import reading
from web.context import services
from web.pages.base import fresh_models, pages, require_page
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
    return render_template("people.html", people=registered_people(), roles=ROLES, now=now, refusal=refusal,
                           form=request.form)


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


@pages.route("/drift/personer/<uuid:person_id>/medlemskap/<membership_id>/fjern", methods=["POST"])
def revoke_membership(person_id: UUID, membership_id: str) -> Any:
    return _command(lambda actor: services().grants.revoke_membership(person_id, membership_id, actor),
                    "Rollen er fjernet; personens nøkler for den virker ikke lenger.")


@pages.route("/drift/personer/<uuid:person_id>/nokler/<token_id>/trekk", methods=["POST"])
def revoke_token(person_id: UUID, token_id: str) -> Any:
    return _command(lambda actor: services().grants.revoke_personal_token(person_id, token_id, actor),
                    "Nøkkelen er trukket tilbake.")
