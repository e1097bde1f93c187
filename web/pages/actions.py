"""What a person does to one application from its page: each form posts here, is read
by the API's own request schema and runs the same use case as the API, then returns to
the application page (post/redirect/get), or shows the page again with the refusal."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask import abort, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from domain.base import CommandKey
from domain.values import APPLICANT, ASSESSOR, COMMITTEE, FINANCE, Actor
from infrastructure.sql import reading
from readmodels import listing
from web.auth import READERS, may_read
from web.context import services
from web.pages.base import pages, require_page
from web.pages.forms import Refusal, amount_text, form_key, load, submitted
from web.schemas import reports, requests
from web.schemas.information import InformationIn, InformationRequestIn

Run = Callable[[Any, UUID, Actor, MultiDict[str, str], int | None, CommandKey | None], object]


@dataclass(frozen=True)
class Action:
    """One form on the application page: who may send it, what it runs, what it says when done."""

    roles: tuple[str, ...]
    run: Run
    done: str


def _text(form: MultiDict[str, str], *names: str) -> dict[str, Any]:
    return {name: form.get(name, "") for name in names}


def _amounts(form: MultiDict[str, str], *names: str) -> dict[str, Any]:
    return {name: amount_text(form.get(name, "")) for name in names}


def _args(schema: Any, data: dict[str, Any], *names: str) -> tuple[Any, ...]:
    """The fields `names` of the form, loaded by the API's schema, in that order."""
    body = load(schema, data)
    return tuple(body[name] for name in names)


def _number(value: str) -> int | str:
    return int(value) if re.fullmatch(r"\d{1,9}", value.strip()) else value


def _amend(grants: Any, app: UUID, actor: Actor, form: MultiDict[str, str], version: int | None,
           key: CommandKey | None) -> object:
    data = {**_text(form, "title", "summary"), **_amounts(form, "requested_amount")}
    if "own_contribution" in form:  # not on the form when each party's contribution is given
        data.update(_amounts(form, "own_contribution"))
    years = [year for year in form.getlist("budget_year") if year.isdigit() and len(year) == 4]
    if years:
        data["budget"] = [{"year": int(year), "amount": amount_text(form.get(f"budget-{year}", ""))}
                          for year in years if form.get(f"budget-{year}", "").strip()]
    body = load(requests.ApplicationAmend(partial=requests.AMENDABLE), data)
    return grants.amend_application(app, requests.application_content(body), actor, version, key)


def _score(grants: Any, app: UUID, actor: Actor, form: MultiDict[str, str], version: int | None,
           key: CommandKey | None) -> object:
    scores = {name.removeprefix("poeng-"): _number(value) for name, value in form.items() if name.startswith("poeng-")}
    body = load(requests.Scores(), {"scores": scores, **_text(form, "comment")})
    return grants.score_application(app, body["scores"], body["comment"], actor, version, key)


def _agreement(grants: Any, app: UUID, actor: Actor, form: MultiDict[str, str], version: int | None,
               key: CommandKey | None) -> object:
    parties = [p for p in re.split(r"[\s,;]+", form.get("parties", "")) if p]
    body = load(requests.AgreementIn(), {"parties": parties,
                                         **_text(form, "signed_on", "document_ref", "patient_responsibility")})
    return grants.register_agreement(app, body["signed_on"], body["parties"], body["document_ref"],
                                     body["patient_responsibility"], actor, version, key)


def _report(grants: Any, app: UUID, actor: Actor, form: MultiDict[str, str], version: int | None,
            key: CommandKey | None) -> object:
    """The applicant's report, with the file chosen in the form (kept with the application first)."""
    text, spent = _args(reports.ReportSubmissionIn(), {**_text(form, "text"), **_amounts(form, "spent_amount")},
                        "text", "spent_amount")
    from web.pages.files import keep_upload

    kept = keep_upload(app, actor)
    return grants.submit_report(app, _report_id(form), text, spent, actor, None if kept else version, key,
                                (kept,) if kept else ())


def _answer(grants: Any, app: UUID, actor: Actor, form: MultiDict[str, str], version: int | None,
            key: CommandKey | None) -> object:
    """The applicant's answer to the secretariat, with the file chosen in the form."""
    answer = load(InformationIn(), _text(form, "answer"))["answer"]
    from web.pages.files import keep_upload

    kept = keep_upload(app, actor)
    return grants.provide_information(app, answer, actor, None if kept else version, key, (kept,) if kept else ())


def _report_id(form: MultiDict[str, str]) -> str:
    return form.get("report_id", "")[:40]


ACTIONS: dict[str, Action] = {
    "endre": Action((APPLICANT,), _amend, "Endringen er lagret."),
    "trekk": Action((APPLICANT,), lambda g, a, who, f, v, k: g.withdraw_application(
        a, load(requests.Reason(), _text(f, "reason"))["reason"], who, v, k), "Søknaden er trukket."),
    "vurdering": Action((ASSESSOR,), lambda g, a, who, f, v, k: g.screen_application(
        a, *_args(requests.Screening(), {"eligible": {"ja": True, "nei": False}.get(f.get("eligible", ""), ""),
                                         **_text(f, "reason")}, "eligible", "reason"), who, v, k),
        "Den formelle vurderingen er lagret."),
    "poeng": Action((ASSESSOR,), _score, "Poengene er lagret."),
    "prioritet": Action((ASSESSOR,), lambda g, a, who, f, v, k: g.prioritise_application(
        a, *_args(requests.Prioritisation(), {"rank": _number(f.get("rank", "")), **_amounts(f, "recommended_amount")},
                   "rank", "recommended_amount"), who, v, k),
        "Prioriteringen er lagret."),
    "inhabil": Action((ASSESSOR, COMMITTEE), lambda g, a, who, f, v, k: g.declare_recusal(
        a, load(requests.Reason(), _text(f, "reason"))["reason"], who, v, k), "Inhabiliteten er registrert."),
    "avtale": Action((ASSESSOR, COMMITTEE), _agreement, "Avtalen er registrert."),
    "sporsmal": Action((ASSESSOR,), lambda g, a, who, f, v, k: g.request_information(
        a, *_args(InformationRequestIn(), _text(f, "question", "reply_by"), "question", "reply_by"), who, v, k),
        "Spørsmålet er sendt til søkeren; søknaden venter på svar."),
    "svar": Action((APPLICANT,), _answer, "Svaret er sendt; søknaden er tilbake til behandling."),
    "innvilg": Action((COMMITTEE,), lambda g, a, who, f, v, k: g.approve_application(
        a, *_args(requests.Approval(), {**_amounts(f, "amount"), **_text(f, "conditions", "decision_ref")},
                   "amount", "conditions", "decision_ref"), who, v, k),
        "Søknaden er innvilget, og beløpet er reservert i potten."),
    "avslag": Action((COMMITTEE,), lambda g, a, who, f, v, k: g.reject_application(
        a, load(requests.Rejection(), _text(f, "reasons"))["reasons"], who, v, k), "Søknaden er avslått."),
    "utbetal": Action((FINANCE,), lambda g, a, who, f, v, k: g.disburse(
        a, *_args(requests.Disbursement(), {**_amounts(f, "amount"), **_text(f, "payment_reference")},
                   "amount", "payment_reference"), who, v, k), "Utbetalingen er registrert."),
    "tilbakekrev": Action((FINANCE,), lambda g, a, who, f, v, k: g.reclaim(
        a, *_args(requests.Reclaim(), {**_amounts(f, "amount"), **_text(f, "reason")}, "amount", "reason"), who, v, k),
        "Tilbakekrevingen er registrert, og beløpet er ført tilbake til potten."),
    "rapportkrav": Action((FINANCE, ASSESSOR), lambda g, a, who, f, v, k: g.require_report(
        a, *_args(reports.ReportRequirementIn(), _text(f, "kind", "due_on", "reason"), "kind", "due_on", "reason"),
        who, v, k), "Rapportkravet er lagt til."),
    "rapport": Action((APPLICANT,), lambda g, a, who, f, v, k: _report(g, a, who, f, v, k), "Rapporten er sendt inn."),
    "godkjenn-rapport": Action((FINANCE, ASSESSOR), lambda g, a, who, f, v, k: g.accept_report(
        a, _report_id(f), load(reports.ReportCommentIn(), _text(f, "comment"))["comment"] or None, who, v, k),
        "Rapporten er godkjent."),
    "returner-rapport": Action((FINANCE, ASSESSOR), lambda g, a, who, f, v, k: g.return_report(
        a, _report_id(f), load(reports.ReportReturnIn(), _text(f, "comment"))["comment"], who, v, k),
        "Rapporten er sendt tilbake til søkeren."),
    "avslutt": Action((FINANCE,), lambda g, a, who, f, v, k: g.close_application(
        a, load(requests.Reason(), _text(f, "reason"))["reason"], who, v, k),
        "Saken er avsluttet; det som ikke er utbetalt, er frigitt i potten."),
}


def version_sent() -> int | None:
    """The version of the application the form was rendered from (the page's If-Match)."""
    value = request.form.get("versjon", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def act(application_id: UUID, name: str, back: str, again: Callable[[Refusal], Any]) -> Any:
    """Run the form `name` on an application as the logged-in person; then to `back`."""
    action = ACTIONS[name]
    actor = require_page(*action.roles)
    if isinstance(actor, Response):
        return actor
    grants = services().grants
    return submitted(lambda: action.run(grants, application_id, actor, request.form, version_sent(), form_key()),
                     action.done, back, again)


HANDLINGS = ", ".join(f"'{name}'" for name in ACTIONS)


@pages.route(f"/soknader/<uuid:application_id>/<any({HANDLINGS}):handling>", methods=["POST"])
def application_action(application_id: UUID, handling: str) -> Any:
    """A form on one application. Outside the person's scope — another organisation,
    community or owner — it answers exactly as a missing application (404), before the
    form is read or its role considered."""
    from web.pages.casework import application_page
    from web.pages.files import allow_upload

    if handling in ("rapport", "svar"):  # may come with a file
        allow_upload()
    actor = require_page(*READERS)
    if isinstance(actor, Response):
        return actor
    models = services().models
    with reading(models.engine) as connection:
        row = listing.application(connection, models.applications, str(application_id))
    if row is None or not may_read(actor, row):
        abort(404)
    reference = row["reference"]
    back = url_for("pages.lookup", referanse=reference) + "#resultat"
    return act(application_id, handling, back, lambda refusal: application_page(reference, refusal, handling))
