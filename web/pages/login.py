"""Logging in to the pages and out again. OpenID Connect when configured; pasting an
API token only with GRANTS_DEV_LOGIN=1. A login starts a server-side session (the cookie
holds only its random id); logging out ends it, so the old cookie no longer works."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, session, url_for

from domain.access import token_id
from domain.errors import EmailNotVerified, GrantsError
from domain.person import Person
from web.auth import SESSION_ID, actor_for
from web.context import services
from web.oidc import dev_login_allowed, provider
from web.page_sessions import PageSession
from web.pages.base import check_csrf, pages
from web.pages.filters import local_target
from web.pages.messages import refusal_text

NEXT = "oidc_next"


def _target() -> str:
    return local_target(request.values.get("neste", "")) or url_for("pages.home")


def _start(acting: PageSession) -> None:
    services().page_sessions.end(session.get(SESSION_ID))
    session.clear()
    session[SESSION_ID] = services().page_sessions.start(acting)


def _login_page(target: str, error: str | None = None, status: int = 200) -> Any:
    return render_template("login.html", error=error, target=target, oidc=provider() is not None,
                           dev_login=dev_login_allowed()), status


@pages.route("/logg-inn", methods=["GET", "POST"])
def login() -> Any:
    target = _target()
    if request.method == "POST":
        if not dev_login_allowed():
            abort(404)
        check_csrf()
        token = request.form.get("token", "").strip()
        if actor_for(token) is not None:
            _start(PageSession(str(token_id(token)), None, None))
            return redirect(target)
        return _login_page(target, "Tilgangsnøkkelen er ukjent eller trukket tilbake.", 401)
    return _login_page(target)


@pages.route("/logg-inn/oidc")
def oidc_login() -> Any:
    client = provider()
    if client is None:
        abort(404)
    session[NEXT] = _target()
    return client.authorize_redirect(url_for("pages.oidc_callback", _external=True))


@pages.route("/logg-inn/oidc/tilbake")
def oidc_callback() -> Any:
    client = provider()
    if client is None:
        abort(404)
    target = local_target(session.pop(NEXT, "")) or url_for("pages.home")
    try:
        claims = client.authorize_access_token()["userinfo"]
        person = services().grants.person_for_identity(
            claims["iss"], claims["sub"], claims.get("email"), bool(claims.get("email_verified")))
    except EmailNotVerified as unverified:
        return _login_page(target, refusal_text(unverified), 403)
    except (GrantsError, KeyError):
        return _login_page(target, "Du er ikke registrert i Tilskudd. Kontakt administratoren i regionen.", 403)
    except Exception:  # noqa: BLE001 - the provider's answer was refused (state, signature, expiry)
        return _login_page(target, "Innloggingen ble avbrutt eller er utløpt. Prøv igjen.", 401)
    memberships = list(person.memberships.values())
    if not memberships:
        return _login_page(target, "Du har ingen rolle i Tilskudd. Kontakt administratoren i regionen.", 403)
    only = memberships[0].id if len(memberships) == 1 else None
    _start(PageSession(None, str(person.id), only))
    return redirect(target if only else url_for("pages.choose", neste=target))


@pages.route("/velg-rolle", methods=["GET", "POST"])
def choose() -> Any:
    found = services().page_sessions.find(session.get(SESSION_ID))
    if found is None or found.person_id is None:
        return redirect(url_for("pages.login"))
    person: Person = services().grants.get_person(found.person_id)
    target = _target()
    if request.method == "POST":
        check_csrf()
        chosen = request.form.get("membership_id", "")
        if chosen in person.memberships:
            services().page_sessions.choose(session[SESSION_ID], chosen)
            return redirect(target)
    return render_template("choose.html", person=person, memberships=list(person.memberships.values()),
                           current=found.membership_id, target=target)


@pages.route("/logg-ut", methods=["POST"])
def logout() -> Any:
    check_csrf()
    services().page_sessions.end(session.get(SESSION_ID))
    session.clear()
    return redirect(url_for("pages.home"))
