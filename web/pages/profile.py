"""*Min profil*: a person's own page — who they are in Tilskudd, the roles they hold,
and whether they are told by e-mail when work arrives for them (`domain.letter.NOTICES`),
which they turn on or off here."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for

from domain.roles import ROLES
from web.context import services
from web.pages.base import pages, require_page
from web.pages.forms import Refusal, submitted


def _page(refusal: Refusal | None = None) -> str:
    actor = require_page(*ROLES)
    person = services().grants.get_person(actor.id) if actor.membership_id is not None else None
    return render_template("profile.html", person=person, refusal=refusal)


@pages.route("/min-profil")
def profile() -> Any:
    return _page()


@pages.route("/min-profil/varsler", methods=["POST"])
def choose_notices() -> Any:
    """Turn one's own e-mail notices on or off."""
    actor = require_page(*ROLES)
    on = request.form.get("varsler") == "ja"
    return submitted(lambda: services().grants.choose_notices(actor.id, on, actor),
                     "Du får e-post når det kommer arbeid til deg." if on else "Du får ikke lenger e-post om arbeid.",
                     url_for("pages.profile"), _page)
