"""Pages for people, in Norwegian bokmål. Each page reads the same read models and runs
the same use cases as the API, for the same roles and within the same scope. This module
holds what every page shares: the blueprint, the login check, CSRF, the front page and
the Norwegian error pages."""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    get_flashed_messages,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask import Response as FlaskResponse
from flask_wtf.csrf import CSRFError, ValidationError, generate_csrf, validate_csrf
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from domain.labels import event_label
from domain.statuses import Status
from domain.values import Actor, Role
from readmodels.service import ReadModels
from web.auth import SESSION_ID, page_actor
from web.context import services
from web.pages.filters import UnusableFilter, format_day
from web.pages.present import amount_field, bar, chain_reason, discrepancy_text, label_of, nok, oslo_time

pages = Blueprint("pages", __name__, template_folder="../templates", static_folder="../static",
                  static_url_path="/static")


def require_page(*roles: str) -> Actor | Response:
    """The logged-in person with one of `roles`; else to the login page (to choosing a
    role, when logged in without one yet), or 403."""
    actor = page_actor()
    if actor is None:
        here = request.full_path.rstrip("?")
        found = services().page_sessions.find(session.get(SESSION_ID))
        unchosen = found is not None and found.person_id is not None and found.membership_id is None
        return redirect(url_for("pages.choose" if unchosen else "pages.login", neste=here))
    if actor.role not in roles:
        abort(403)
    return actor


def fresh_models() -> ReadModels:
    """The read models, brought up to date first when this process keeps them (embedded)."""
    system = services()
    if system.inline:
        system.models.catch_up()
    return system.models


def check_csrf() -> None:
    """Refuse a form that did not come from our page (CSRF)."""
    try:
        validate_csrf(request.form.get("csrf_token", ""))
    except ValidationError:
        raise CSRFError("Skjemaet er utløpt eller kom ikke fra denne siden. Prøv igjen.") from None


@pages.route("/")
def home() -> Any:
    return render_template("home.html")


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


def register(app: Flask) -> None:
    """Add the pages to `app`, with Norwegian helpers for the templates."""
    from web.pages import (  # noqa: F401 - their routes join the blueprint
        actions,
        admin,
        allocation_pages,
        applicant,
        audit_pages,
        casework,
        files,
        finance_desk,
        followup,
        funding,
        login,
        meeting,
        people_admin,
        queue,
    )
    from web.pages.forms import new_form_key
    from web.pages.menu import menu_for

    app.register_blueprint(pages)
    app.jinja_env.globals.update(csrf_token=generate_csrf, current_actor=page_actor, nok=nok, when=oslo_time,
                                 status_label=lambda s: label_of(Status, s),
                                 role_label=lambda r: label_of(Role, r), bar=bar, event_label=event_label,
                                 day=format_day, discrepancy=discrepancy_text, chain_reason=chain_reason,
                                 form_key=new_form_key, amount=amount_field,
                                 menu=lambda: menu_for(page_actor()), flashed=get_flashed_messages,
                                 form_value=lambda name, default: request.form.get(name, default),
                                 pretty=lambda data: json.dumps(data, indent=2, ensure_ascii=False))

    @app.errorhandler(UnusableFilter)
    def _unusable(error: UnusableFilter) -> Any:
        return render_template("error.html", title="Søket kan ikke brukes",
                               message=f"Feltet «{error.name}» inneholder tegn som ikke kan forekomme i saker, "
                                       f"eller er for langt. Fjern dem og søk igjen."), 422

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Any:
        return render_template("error.html", title="Skjemaet kunne ikke sendes", message=error.description), 400
