"""Pages for people, in Norwegian bokmål. Each page reads the same read models and runs
the same use cases as the API, for the same roles and within the same scope. The
modules below add their routes to one blueprint (`web.pages.base`); `register` adds it
to the app, with the Norwegian helpers the templates use."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, get_flashed_messages, render_template, request
from flask_wtf.csrf import CSRFError, generate_csrf

from domain.labels import event_label
from domain.roles import Role
from domain.statuses import Status
from readmodels.tasks import report_name
from web.auth import page_actor
from web.pages import (  # noqa: F401 - their routes join the blueprint
    actions,
    admin,
    allocation_pages,
    applicant,
    audit_pages,
    bodies,
    casework,
    files,
    finance_desk,
    followup,
    funding,
    login,
    meeting,
    outcomes,
    people_admin,
    profile,
    public_journal,
    queue,
    tasks,
)
from web.pages.base import page_error, pages
from web.pages.filters import UnusableFilter, format_day
from web.pages.forms import new_form_key
from web.pages.menu import menu_for
from web.pages.present import (
    amount_field,
    bar,
    chain_reason,
    discrepancy_text,
    label_of,
    membership_label,
    nok,
    oslo_time,
    weight_shares,
)

__all__ = ["page_error", "register"]


def register(app: Flask) -> None:
    """Add the pages to `app`, with Norwegian helpers for the templates."""
    app.register_blueprint(pages)
    app.jinja_env.globals.update(csrf_token=generate_csrf, current_actor=page_actor, nok=nok, when=oslo_time,
                                 status_label=lambda s: label_of(Status, s), statuses=list(Status),
                                 role_label=lambda r: label_of(Role, r), bar=bar, event_label=event_label,
                                 day=format_day, discrepancy=discrepancy_text, chain_reason=chain_reason,
                                 form_key=new_form_key, amount=amount_field,
                                 menu=lambda: menu_for(page_actor(), bodies.body_name(page_actor())),
                                 flashed=get_flashed_messages,
                                 task_count=tasks.task_count, membership_label=membership_label,
                                 report_name=report_name, weight_shares=weight_shares,
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
