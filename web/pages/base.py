"""What every page shares: the blueprint, the login check, CSRF, the front page and the
Norwegian error pages."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask import Response as FlaskResponse
from flask_wtf.csrf import CSRFError, ValidationError, validate_csrf
from werkzeug.exceptions import HTTPException

from domain.values import Actor
from readmodels.service import ReadModels
from web.auth import SESSION_ID, page_actor
from web.context import services

pages = Blueprint("pages", __name__, template_folder="../templates", static_folder="../static",
                  static_url_path="/static")


def require_page(*roles: str) -> Actor:
    """The logged-in person with one of `roles`. Anyone else is answered at once: to the
    login page (or to choosing a role, when logged in without one yet), or 403 — raised,
    so a page handler reads on only for the person it is for."""
    actor = page_actor()
    if actor is None:
        here = request.full_path.rstrip("?")
        found = services().page_sessions.find(session.get(SESSION_ID))
        unchosen = found is not None and found.person_id is not None and found.membership_id is None
        abort(redirect(url_for("pages.choose" if unchosen else "pages.login", neste=here)))
    if actor.role not in roles:
        abort(403)
    return actor


def fresh_models() -> ReadModels:
    """The read models — brought up to date first, once per request, when this process
    keeps them (embedded); a page may ask as often as it reads."""
    system = services()
    if system.inline and not g.get("pages_caught_up"):
        system.models.catch_up()
        g.pages_caught_up = True
    return system.models


def check_csrf() -> None:
    """Refuse a form that did not come from our page (CSRF)."""
    try:
        validate_csrf(request.form.get("csrf_token", ""))
    except ValidationError:
        raise CSRFError("Skjemaet er utløpt eller kom ikke fra denne siden. Prøv igjen.") from None


def not_found_page() -> tuple[str, int]:
    """The Norwegian page for a path that leads nowhere."""
    return render_template("error.html", title="Fant ikke siden",
                           message="Siden finnes ikke. Kanskje lenken er gammel, eller adressen er skrevet feil."), 404


#: Paths that answer programs (JSON problems), not people.
MACHINE_PATHS = ("/api/", "/openapi.json", "/healthz", "/readyz", "/docs/assets/")


def page_error(error: HTTPException) -> FlaskResponse | None:
    """A Norwegian page for a person's request that leads nowhere (404), is sent the
    wrong way (405) or is too large (413); None for the API's paths, which answer
    problem documents."""
    if request.path.startswith(MACHINE_PATHS) or error.code not in (404, 405, 413):
        return None
    if error.code == 404:
        return make_response(not_found_page())
    if error.code == 413:
        return make_response(render_template("error.html", title="For mye å sende",
                                             message="Filen eller skjemaet er for stort. En fil kan være høyst 10 MB; "
                                                     "gå tilbake og velg en mindre fil."), 413)
    answer = make_response(render_template("error.html", title="Siden kan ikke brukes slik",
                                           message="Adressen finnes, men ikke for denne handlingen."), 405)
    answer.headers["Allow"] = error.get_response().headers.get("Allow", "")
    return answer


@pages.errorhandler(403)
def _forbidden(_: Exception) -> Any:
    return render_template("error.html", title="Ingen tilgang",
                           message="Rollen din gir ikke tilgang til denne siden."), 403


@pages.errorhandler(404)
def _missing(_: Exception) -> Any:
    return not_found_page()
