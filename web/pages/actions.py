"""What a person does to one application from its page: each form posts here, is read
into the body the API would be sent (`READERS`), loaded by the API's own schema into the
command (`web.case_commands`) and carried out by the same use case; then back to the
application page (post/redirect/get), or the page again with the refusal."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import abort, request, url_for
from werkzeug.datastructures import MultiDict

from application.base import Outcome
from application.service import Grants
from domain.base import CommandKey
from domain.values import Actor
from infrastructure.sql import reading
from readmodels import listing
from web.auth import READERS, may_read
from web.case_commands import BY_FORM
from web.context import services
from web.pages.base import check_csrf, pages, require_page
from web.pages.casework import application_page
from web.pages.confirmation import (
    MONEY_FORMS,
    confirmation_page,
    confirmed,
    grant_sentence,
    line_of,
    payment_sentence,
)
from web.pages.files import allow_upload, keep_upload
from web.pages.filters import date_text
from web.pages.forms import Refusal, amount_text, attempt, form_key, load, submitted

#: A form's fields as the API's body, and the parts of the path the API takes (a report's id).
Fields = tuple[dict[str, Any], dict[str, str]]
Reader = Callable[[MultiDict[str, str]], Fields]
#: The forms that may come with a file: it is kept with the application first.
#: The forms that may send a file, and the field of the command that names it once kept.
WITH_FILE: dict[str, str] = {"rapport": "attachments", "svar": "attachments", "avtale": "attachment",
                             "klage": "attachments"}


def _text(form: MultiDict[str, str], *names: str) -> dict[str, Any]:
    return {name: form.get(name, "") for name in names}


def _amounts(form: MultiDict[str, str], *names: str) -> dict[str, Any]:
    return {name: amount_text(form.get(name, "")) for name in names}


def _number(value: str) -> int | str:
    return int(value) if re.fullmatch(r"\d{1,9}", value.strip()) else value


def _dates(form: MultiDict[str, str], *names: str) -> dict[str, Any]:
    return {name: date_text(form.get(name, "")) for name in names}


def _fields(*texts: str, amounts: tuple[str, ...] = (), dates: tuple[str, ...] = ()) -> Reader:
    """A form whose fields are the body's texts, amounts and dates, as named."""
    return lambda form: ({**_text(form, *texts), **_amounts(form, *amounts), **_dates(form, *dates)}, {})


def _on_report(*texts: str, amounts: tuple[str, ...] = (), dates: tuple[str, ...] = ()) -> Reader:
    """Like `_fields`, for a form on one report (its id, in the API's path)."""
    return lambda form: ({**_text(form, *texts), **_amounts(form, *amounts), **_dates(form, *dates)},
                         {"report_id": form.get("report_id", "")[:40]})  # report ids are short: "interim-2"


def _amend(form: MultiDict[str, str]) -> Fields:
    data = {**_text(form, "title", "summary"), **_amounts(form, "requested_amount")}
    if "own_contribution" in form:  # not on the form when each party's contribution is given
        data.update(_amounts(form, "own_contribution"))
    years = [year for year in form.getlist("budget_year") if year.isdigit() and len(year) == 4]
    if years:
        data["budget"] = [{"year": int(year), "amount": amount_text(form.get(f"budget-{year}", ""))}
                          for year in years if form.get(f"budget-{year}", "").strip()]
    return data, {}


def _screen(form: MultiDict[str, str]) -> Fields:
    return {"eligible": {"ja": True, "nei": False}.get(form.get("eligible", ""), ""), **_text(form, "reason")}, {}


def _score(form: MultiDict[str, str]) -> Fields:
    scores = {name.removeprefix("poeng-"): _number(value) for name, value in form.items() if name.startswith("poeng-")}
    return {"scores": scores, **_text(form, "comment")}, {}


def _prioritise(form: MultiDict[str, str]) -> Fields:
    return {"rank": _number(form.get("rank", "")), **_amounts(form, "recommended_amount")}, {}


def _agreement(form: MultiDict[str, str]) -> Fields:
    parties = [p for value in form.getlist("parties") for p in re.split(r"[\s,;]+", value) if p]
    return {"parties": parties, "signed_on": date_text(form.get("signed_on", "")),
            **_text(form, "document_ref", "patient_responsibility")}, {}


def _report(form: MultiDict[str, str]) -> Fields:
    body, path = _on_report("text", amounts=("spent_amount",))(form)
    values = {name.removeprefix("verdi-"): value.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
              for name, value in form.items() if name.startswith("verdi-") and value.strip()}
    return {**body, "indicator_values": values}, path


def _optional_amount(reader: Reader, name: str) -> Reader:
    """`reader`, with the amount `name` when one is typed (else left out, as the API allows)."""
    def read(form: MultiDict[str, str]) -> Fields:
        body, path = reader(form)
        return ({**body, **_amounts(form, name)} if form.get(name, "").strip() else body), path
    return read


def _answer(form: MultiDict[str, str]) -> Fields:
    return {"accept": {"ja": True, "nei": False}.get(form.get("accept", ""), ""), **_text(form, "reason")}, {}


#: How each form on the application's page reads into the API's body (`web.case_commands`).
READERS_OF_FORMS: dict[str, Reader] = {
    "endre": _amend, "trekk": _fields("reason"), "svar": _fields("answer"), "vurdering": _screen,
    "poeng": _score, "prioritet": _prioritise, "sporsmal": _fields("question", dates=("reply_by",)),
    "inhabil": _fields("reason"), "innvilg": _fields("conditions", "decision_ref", "reasons", amounts=("amount",)),
    "tilsagn": _answer,
    "avslag": _fields("reasons", "decision_ref"), "avtale": _agreement,
    "utbetal": _fields("payment_reference", amounts=("amount",)),
    "tilbakekrev": _fields("reason", amounts=("amount",), dates=("due_on",)), "avslutt": _fields("reason"),
    "tilbakebetalt": _fields("reference", amounts=("amount",), dates=("received_on",)),
    "forhandsvarsel": _optional_amount(_fields("intent", "text", dates=("comment_by",)), "amount"),
    "merknad": _fields("answer"),
    "klage": _fields("text", dates=("received_on",)),
    "omgjor": _fields("decision_ref", "reasons", "conditions", amounts=("amount",)),
    "oversend": _fields("statement"),
    "klagevedtak": _optional_amount(_fields("outcome", "reasons", "decision_ref"), "amount"),
    "frafall-rapport": _on_report("reason"),
    "rapportkrav": _fields("kind", "reason", dates=("due_on",)),
    "flytt-frist": _on_report("reason", dates=("due_on",)),
    "rapport": _report, "godkjenn-rapport": _on_report("comment"),
    "returner-rapport": _on_report("comment"),
}


def carry_out(name: str, grants: Grants, application_id: UUID, actor: Actor, form: MultiDict[str, str],
              version: int | None, key: CommandKey | None) -> Outcome[Any]:
    """The form `name`, sent with `form`, carried out on the application as `actor`
    (`version`: the one the page showed; `key`: the form's)."""
    edge = BY_FORM[name]
    body, path = READERS_OF_FORMS[name](form)
    loaded = load(edge.schema, body)
    if name in WITH_FILE:
        kept = keep_upload(application_id, actor)
        if kept is not None:
            field = WITH_FILE[name]  # keeping the file changed the version
            loaded[field], version = ([kept] if field == "attachments" else kept), None
    return grants.run(edge.command_for(application_id, loaded, path), actor=actor, expected_version=version,
                      request=key)


def try_form(name: str, grants: Grants, application_id: UUID, actor: Actor, form: MultiDict[str, str],
             version: int | None) -> dict[str, Any]:
    """The form `name` read and loaded as `carry_out` reads it, and tried out on the
    application (`Grants.try_out`): its loaded fields when the domain would carry it out
    now; the edge's or the domain's refusal raised otherwise. Nothing is recorded."""
    edge = BY_FORM[name]
    body, path = READERS_OF_FORMS[name](form)
    loaded = load(edge.schema, body)
    grants.try_out(edge.command_for(application_id, loaded, path), actor=actor, expected_version=version)
    return loaded


def version_sent() -> int | None:
    """The version of the application the form was rendered from (the page's If-Match)."""
    value = request.form.get("versjon", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


HANDLINGS = ", ".join(f"'{name}'" for name in READERS_OF_FORMS)


@pages.route(f"/soknader/<uuid:application_id>/<any({HANDLINGS}):handling>", methods=["POST"])
def application_action(application_id: UUID, handling: str) -> Any:
    """A form on one application. Outside the person's scope — another organisation,
    community or owner — it answers exactly as a missing application (404), before the
    form is read or its role considered."""
    if handling in WITH_FILE:
        allow_upload()
    actor = require_page(*READERS)
    models = services().models
    with reading(models.engine) as connection:
        row = listing.application(connection, models.applications, str(application_id))
    if row is None or not may_read(actor, row):
        abort(404)
    require_page(*BY_FORM[handling].command.RULE.roles)
    reference = row["reference"]
    if handling in MONEY_FORMS and not confirmed():
        return _ask_first(handling, row["document"], application_id, actor)
    back = url_for("pages.lookup", referanse=reference) + "#resultat"
    grants = services().grants
    return submitted(
        lambda: carry_out(handling, grants, application_id, actor, request.form, version_sent(), form_key()),
        BY_FORM[handling].done, back, lambda refusal: _again(reference, refusal, handling))


def _again(reference: str, refusal: Refusal, handling: str) -> Any:
    return application_page(reference, refusal, handling)


def _ask_first(handling: str, app: dict[str, Any], application_id: UUID, actor: Actor) -> Any:
    """A grant or a payment as typed, stated in one sentence for the person to confirm
    (`web.pages.confirmation`); nothing is recorded. A form the edge or the domain
    would refuse (tried out, `Grants.try_out`) is shown again with what is wrong, as
    when it is carried out."""
    check_csrf()
    loaded, refusal = attempt(lambda: try_form(handling, services().grants, application_id, actor, request.form,
                                               version_sent()))
    if refusal is not None or not isinstance(loaded, dict):
        page = _again(app["reference"], refusal or Refusal("Skjemaet har feil."), handling)
        return page if isinstance(page, tuple) else (page, 422)
    line = line_of(app, loaded["amount"])
    back = url_for("pages.lookup", referanse=app["reference"]) + f"#skjema-{handling}"
    action = url_for("pages.application_action", application_id=application_id, handling=handling)
    if handling == "utbetal":
        sentence = payment_sentence(line, loaded["payment_reference"])
        return confirmation_page(title="Bekreft utbetalingen", sentence=sentence, lines=[line], action=action,
                                 back=back, button="Bekreft og betal")
    return confirmation_page(title="Bekreft vedtaket", sentence=grant_sentence([line], loaded["decision_ref"]),
                             lines=[line], action=action, back=back, button="Bekreft og innvilg")
