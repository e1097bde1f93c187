"""Pages for people, in Norwegian bokmål: log in with a token, look up an application,
the finance overview with a chart, and the auditor's timeline. They read the same read
models as the API and answer to the same roles."""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, ValidationError, generate_csrf, validate_csrf
from werkzeug.wrappers import Response

from domain.scope import owner_scope, reaches
from domain.statuses import Status
from domain.values import AUDITOR, Actor, Role
from readmodels import listing
from readmodels.queries import budget, owner_documents
from readmodels.reconcile import reconcile
from readmodels.service import ReadModels
from readmodels.store import reading
from web.auth import BUDGET_READERS, READERS, SESSION_ID, may_read, page_actor
from web.context import services
from web.pages.filters import UnusableFilter, day_bound, format_day, query_text
from web.pages.present import bar, discrepancy_text, label_of, nok, oslo_time

pages = Blueprint("pages", __name__, template_folder="../templates", static_folder="../static",
                  static_url_path="/static")

PAGE_SIZE = 50


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


def _fresh_models() -> ReadModels:
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


@pages.route("/soknader")
def lookup() -> Any:
    actor = require_page(*READERS)
    if isinstance(actor, Response):
        return actor
    reference = query_text("referanse").upper()
    if not reference:
        return render_template("lookup.html", reference="", error=None)
    models = _fresh_models()
    with reading(models.engine) as connection:
        row = listing.application_by_reference(connection, models.applications, reference)
        visible = row is not None and may_read(actor, row)
        history = listing.history(connection, models.audit, models.applications,
                                  row["application_id"]) if visible and row else []
    if not visible or row is None:
        return render_template("lookup.html", reference=reference,
                               error=f"Fant ingen søknad med referanse {reference} som du har tilgang til."), 404
    return render_template("application.html", app=row["document"], history=history, reference=reference,
                           show_data=actor.role != "applicant")


@pages.route("/okonomi")
def finance() -> Any:
    actor = require_page(*BUDGET_READERS)
    if isinstance(actor, Response):
        return actor
    models = _fresh_models()
    view = models.budget
    with reading(models.engine) as connection:
        position = view.position(connection, services().grants.name) or 0
        owners = owner_documents([o for o in budget(connection, view) if reaches(actor, owner_id=o.owner["id"])])
    reconciliation = reconcile(models).of_owner(owner_scope(actor)) if request.args.get("avstemming") == "1" else None
    return render_template("finance.html", owners=owners, position=position, now=services().grants.now(),
                           reconciliation=reconciliation)


@pages.route("/revisjon")
def audit() -> Any:
    actor = require_page(AUDITOR)
    if isinstance(actor, Response):
        return actor
    models = _fresh_models()
    filters = {name: query_text(name) for name in ("type", "referanse", "aktor", "fra", "til")}
    before = query_text("for")
    error, application_id = None, None
    with reading(models.engine) as connection:
        types = listing.event_types(connection, models.audit)
        if filters["referanse"]:
            row = listing.application_by_reference(connection, models.applications,
                                                   filters["referanse"].upper())
            application_id = row["application_id"] if row else "-"
            if row is None:
                error = f"Ingen søknad har referansen {filters['referanse']}."
        since, until = day_bound(filters["fra"], start=True), day_bound(filters["til"], start=False)
        page = listing.audit_events(
            connection, models.audit, PAGE_SIZE, int(before) if before.isdigit() else None,
            application_id=application_id, actor=filters["aktor"] or None, event_type=filters["type"] or None,
            since=since, until=until, descending=True,
            owner=None if owner_scope(actor) is None else (models.applications, str(owner_scope(actor))))
    return render_template("audit.html", events=page.items, types=types, filters=filters, error=error,
                           older=page.after[0] if page.after else None)


@pages.route("/revisjon/hendelser/<int:position>")
def audit_event(position: int) -> Any:
    actor = require_page(AUDITOR)
    if isinstance(actor, Response):
        return actor
    models = services().models
    with reading(models.engine) as connection:
        row = listing.audit_event(connection, models.audit, position)
        owned = owner_scope(actor) is None or row is None or listing.owns(
            connection, models.applications, str(owner_scope(actor)), row["aggregate_id"])
    if row is None or not owned:
        abort(404)
    return render_template("event.html", event=row)


@pages.errorhandler(403)
def _forbidden(_: Exception) -> Any:
    return render_template("error.html", title="Ingen tilgang",
                           message="Rollen din gir ikke tilgang til denne siden."), 403


@pages.errorhandler(404)
def _missing(_: Exception) -> Any:
    return render_template("error.html", title="Fant ikke siden", message="Siden finnes ikke."), 404


def register(app: Flask) -> None:
    """Add the pages to `app`, with Norwegian helpers for the templates."""
    from web.pages import admin, login  # noqa: F401 - their routes join the blueprint

    app.register_blueprint(pages)
    app.jinja_env.globals.update(csrf_token=generate_csrf, current_actor=page_actor, nok=nok, when=oslo_time,
                                 status_label=lambda s: label_of(Status, s),
                                 role_label=lambda r: label_of(Role, r), bar=bar,
                                 day=format_day, discrepancy=discrepancy_text,
                                 pretty=lambda data: json.dumps(data, indent=2, ensure_ascii=False))

    @app.errorhandler(UnusableFilter)
    def _unusable(error: UnusableFilter) -> Any:
        return render_template("error.html", title="Søket kan ikke brukes",
                               message=f"Feltet «{error.name}» inneholder tegn som ikke kan forekomme i saker, "
                                       f"eller er for langt. Fjern dem og søk igjen."), 422

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Any:
        return render_template("error.html", title="Skjemaet kunne ikke sendes", message=error.description), 400
