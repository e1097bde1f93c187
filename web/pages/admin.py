"""*Drift* (admin): the registered owners and health communities, and people with their
memberships — registered here as through the API, with the same rules and errors."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for

from domain.errors import GrantsError
from domain.membership import Membership
from domain.registry import Community, RegisteredOwner
from domain.values import ADMIN, OWNER_KINDS, Organisation
from web.context import services
from web.pages.base import check_csrf, pages, require_page
from web.pages.messages import refusal_text


def _field(name: str) -> str | None:
    return request.form.get(name, "").strip() or None


#: The kinds of member as admin writes them, and the codes the registry keeps.
KIND_WORDS = {"kommune": "municipality", "helseforetak": "hospital_trust", "annet": "other"}


def _members(text: str) -> tuple[Organisation, ...]:
    """One member a line: `ORGNO;Navn;type`, the type in words (kommune, helseforetak,
    annet) or as the API's code."""
    members = []
    for number, line in enumerate(filter(None, (raw.strip() for raw in text.splitlines())), start=1):
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 3:
            raise ValueError(f"Linje {number}: skriv organisasjonsnummer;navn;type")
        members.append(Organisation(parts[0], parts[1], KIND_WORDS.get(parts[2].lower(), parts[2])))
    return tuple(members)


def _done(action: str) -> Any:
    form, actor = request.form, require_page(ADMIN)
    check_csrf()
    grants = services().grants
    try:
        if action == "owner":
            grants.register_owner(RegisteredOwner(form.get("id", ""), form.get("name", ""), form.get("kind", ""),
                                                  _field("region"), _field("org_no")), actor)
        elif action == "community":
            grants.register_community(Community(form.get("id", ""), form.get("name", ""), form.get("region", ""),
                                                _members(form.get("members", ""))), actor)
        else:
            membership = Membership.of(form.get("role", ""), org_no=_field("org_no"),
                                       community_id=_field("community_id"), owner_id=_field("owner_id"),
                                       employer_org_no=_field("employer_org_no"))
            grants.registry().check_membership(membership)  # before anyone is registered for it
            person = grants.register_person(form.get("name", ""), _field("email"), actor).value
            grants.grant_membership(person.id, membership, actor)
    except ValueError as refused:  # a member line that is not ORGNO;navn;type (worded in bokmål)
        return _page(actor_error=str(refused)), 422
    except GrantsError as refused:
        return _page(actor_error=refusal_text(refused)), 422
    return redirect(url_for("pages.admin", lagret=action))


def _page(actor_error: str | None = None) -> str:
    registry = services().grants.registry()
    return render_template("admin.html", owners=sorted(registry.owners.values(), key=lambda o: o.name),
                           communities=sorted(registry.communities.values(), key=lambda c: c.name),
                           owner_kinds=OWNER_KINDS, error=actor_error,
                           kind_words={code: word for word, code in KIND_WORDS.items()},
                           saved=request.args.get("lagret"), form=request.form)


@pages.route("/drift")
def admin() -> Any:
    require_page(ADMIN)
    return _page()


@pages.route("/drift/eiere", methods=["POST"])
def admin_owner() -> Any:
    return _done("owner")


@pages.route("/drift/helsefellesskap", methods=["POST"])
def admin_community() -> Any:
    return _done("community")


@pages.route("/drift/personer", methods=["POST"])
def admin_person() -> Any:
    return _done("person")
