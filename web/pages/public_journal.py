"""*Offentlig journal*: the journal of every case as the public may read it — anyone may
open it, without logging in (offentleglova § 10). Public titles with persons' names
screened, the parties that are organisations, and an exempt document's legal basis.
Anyone may ask for access to an entry (*innsynskrav*); the case workers answer on
*Innsynskrav*."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from flask import abort, render_template, request, url_for

from domain.disclosure import DECIDERS, OUTCOMES
from domain.journal import LEGAL_BASES
from domain.round import local_date
from domain.scope import community_scope, owner_scope
from domain.values import Contact
from infrastructure.sql import reading
from readmodels.public_journal import access_requests, find_entry, journal_reference, public_entries
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import date_text, format_day, query_text
from web.pages.forms import Refusal, form_key, load, submitted
from web.schemas.journal import AccessDecisionIn, AccessRequestIn

#: The longest period the page lists at once.
MAX_DAYS = 366


def _day(name: str, default: date) -> tuple[date, str | None]:
    value = query_text(name)
    if not value:
        return default, None
    try:
        return date.fromisoformat(date_text(value)), None
    except ValueError:
        return default, f"«{value}» er ikke en dato (dd.mm.åååå)."


@pages.route("/offentlig-journal")
def public_journal() -> Any:
    today = local_date(services().grants.now())
    end, end_error = _day("til", today)
    start, start_error = _day("fra", end - timedelta(days=30))
    words = query_text("q")
    error = start_error or end_error
    if error is None and (end < start or (end - start).days > MAX_DAYS):
        error = f"Perioden må gå fra en dato til en senere, høyst {MAX_DAYS} dager."
    entries: list[dict[str, Any]] = []
    if error is None:
        models = fresh_models()
        with reading(models.engine) as connection:
            entries = public_entries(connection, models.journal, start, end, words)
    return render_template("public_journal.html", entries=entries, start=start, end=end, words=words,
                           error=error), 422 if error else 200


@pages.route("/offentlig-journal/innsyn", methods=["GET"])
def access_form(refusal: Refusal | None = None) -> Any:
    """The form to ask for access to one entry (anyone)."""
    entry = request.values.get("journalpost", "")
    found = None
    if re.fullmatch(r"[0-9]{4}/[0-9]{1,9}", entry):
        models = fresh_models()
        with reading(models.engine) as connection:
            found = find_entry(connection, models.journal, entry)
    if found is None:
        abort(404)
    return render_template("access_request.html", entry=found, refusal=refusal), 422 if refusal else 200


@pages.route("/offentlig-journal/innsyn", methods=["POST"])
def request_access() -> Any:
    """Register a request for access to one entry; the answer comes by e-mail."""
    form = request.form

    def run() -> object:
        body = load(AccessRequestIn(), {"entry": form.get("journalpost", ""), "name": form.get("name", ""),
                                        "email": form.get("email", "")})
        models = services().models
        with reading(models.engine) as connection:
            reference = journal_reference(connection, models.journal, body["entry"])
        return services().grants.request_access(reference, Contact(body["name"], body["email"]))
    return submitted(run, lambda outcome: (
        f"Innsynskravet for journalpost {outcome.value.reference.entry} er registrert. Du får svar på e-post "
        f"innen {format_day(outcome.value.answer_by)}."),
        url_for("pages.public_journal"), access_form)


@pages.route("/innsynskrav")
def access_requests_page(refusal: Refusal | None = None, handling: str = "") -> Any:
    """The requests for access to the documents of the cases in the person's scope, the
    nearest deadline first, each open one with the form to answer it."""
    actor = require_page(*DECIDERS)
    models = fresh_models()
    with reading(models.engine) as connection:
        rows = access_requests(connection, models.journal, owner_scope(actor), community_scope(actor))
    waiting = [r for r in rows if r["outcome"] is None]
    answered = [r for r in rows if r["outcome"] is not None]
    return render_template("access_requests.html", waiting=waiting, answered=answered, outcomes=OUTCOMES,
                           bases=LEGAL_BASES, refusal=refusal, handling=handling,
                           today=local_date(services().grants.now())), 422 if refusal else 200


@pages.route("/innsynskrav/<uuid:request_id>/svar", methods=["POST"])
def decide_access(request_id: UUID) -> Any:
    """Answer a request for access (the answer goes to the requester as a letter)."""
    actor = require_page(*DECIDERS)
    form = request.form

    def run() -> object:
        body = load(AccessDecisionIn(), {"outcome": form.get("outcome", ""),
                                         "legal_basis": form.get("legal_basis") or None,
                                         "reasons": form.get("reasons", "")})
        return services().grants.decide_access(request_id, outcome=body["outcome"], legal_basis=body["legal_basis"],
                                               reasons=body["reasons"], actor=actor, request=form_key())
    return submitted(run, "Innsynskravet er besvart; svaret er sendt som brev.", url_for("pages.access_requests_page"),
                     lambda refusal: access_requests_page(refusal, str(request_id)))
