"""The applications a person may see, found by reference, and one application's page:
its facts, money and history, and the forms the person's role can use on it now."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from flask import render_template, request
from sqlalchemy import Connection

from domain.application import Application
from domain.commands import (
    AcceptReport,
    AddAttachment,
    AnswerGrant,
    Approve,
    CaseCommand,
    Disburse,
    Prioritise,
    ProvideInformation,
    RegisterAgreement,
    Score,
    Screen,
    SubmitReport,
)
from domain.errors import ConflictOfInterest, GrantsError, NotYours, OverGranted, Recused, WrongStatus
from domain.impartiality import Tie
from domain.labels import COMMAND_LABELS
from domain.roles import Role
from domain.rules import Circumstances, allows, belongs_now, refusal, waits_on
from domain.scope import community_scope, organisation_scope, owner_scope
from domain.statuses import Status
from domain.values import APPLICANT, ASSESSOR, AUDITOR, COMMITTEE, FINANCE, Actor
from infrastructure.config import late_interest_percent
from infrastructure.sql import reading
from readmodels import listing
from readmodels.mail import letters_of
from readmodels.service import ReadModels
from readmodels.summaries import UNDELIVERABLE_TEXT
from web.auth import READERS, may_read
from web.case_commands import EDGES
from web.context import services
from web.pages.base import fresh_models, pages, require_page
from web.pages.filters import query_text
from web.pages.forms import Refusal
from web.pages.messages import refusal_text, tie_text

PAGE_SIZE = 50


def _cursor(values: list[str]) -> list[str] | None:
    """The next page's start (time submitted, id), if the link gives a usable one."""
    try:
        if len(values) == 2 and datetime.fromisoformat(values[0]) and UUID(values[1]):
            return values
    except ValueError:
        pass
    return None


def tie_on(actor: Actor, state: Application) -> Tie | None:
    """What disqualifies a case worker from this application (the domain's own rule,
    `domain.impartiality`); None for applicants and auditors, who do not handle cases."""
    return state.tie_of(actor) if actor.role in (ASSESSOR, COMMITTEE, FINANCE) else None


def forms_for(actor: Actor, state: Application, now: Circumstances) -> list[str]:
    """The forms (`web.pages.actions`) the person may use on the application now: those
    whose command's rule allows it (`domain.rules`), so the page never offers what the
    domain would refuse nor hides what it would accept."""
    return [edge.form for edge in EDGES if edge.form is not None and allows(edge.command.RULE, state, actor, now)]


#: The steps that take a case forward, in the order they come (what "Neste steg" names),
#: each with what shows it was taken already: a rule may allow a step again (a new
#: screening, one more assessor's scores), but the case does not wait for it.
FORWARD: tuple[tuple[type[CaseCommand], Callable[[Application], bool]], ...] = (
    (ProvideInformation, lambda s: False), (Screen, lambda s: s.screening is not None),
    (Score, lambda s: bool(s.scorings)), (Prioritise, lambda s: s.rank is not None), (Approve, lambda s: False),
    (AnswerGrant, lambda s: s.grant_answer is not None), (RegisterAgreement, lambda s: s.agreement is not None),
    (Disburse, lambda s: False),
    (SubmitReport, lambda s: False), (AcceptReport, lambda s: False))
#: Where a rule's refusal reads better said of its command (the money checks share one error).
WHY_NOT_TEXTS: dict[tuple[str, type[GrantsError]], str] = {
    ("disburse", OverGranted): "Tilskuddet er utbetalt i sin helhet.",
    ("reclaim", OverGranted): "Ingenting er utbetalt som kan kreves tilbake.",
}
#: Refusals a case page says otherwise (the status, the tie, the recusal) or never (not yours).
SAID_ELSEWHERE = (WrongStatus, ConflictOfInterest, Recused, NotYours)


def why_not(actor: Actor, state: Application, now: Circumstances) -> list[str]:
    """Why each form of the person's role that belongs to the case's status is not
    offered now, in bokmål: "Du kan ikke utbetale nå: det er ikke registrert noen avtale …"
    (the rule's own refusal, `domain.rules.refusal`)."""
    found = []
    for edge in EDGES:
        rule = edge.command.RULE
        if edge.form is None or actor.role not in rule.roles or not belongs_now(rule, state):
            continue
        refused = refusal(rule, state, actor, now)
        if refused is not None and not isinstance(refused, SAID_ELSEWHERE):
            text = WHY_NOT_TEXTS.get((rule.name, type(refused))) or refusal_text(refused)
            found.append(f"Du kan ikke {COMMAND_LABELS[rule.name]} nå: {text}")
    return found


def waiting_for(state: Application, now: Circumstances) -> list[str]:
    """What the case waits for, and who can do it: "Venter på at noen registrerer avtalen
    (saksbehandler eller tildelingsutvalg)" — the forward steps whose rule the case now
    meets (`domain.rules.waits_on`)."""
    found = []
    for command, taken in FORWARD:
        rule = command.RULE
        if not taken(state) and waits_on(rule, state, now):
            roles = " eller ".join(Role(role).label.lower() for role in rule.roles)
            found.append(f"Neste steg: {COMMAND_LABELS[rule.name]} – gjøres av {roles}.")
    return found


def application_page(reference: str, refusal: Refusal | None = None, handling: str | None = None) -> Any:
    """The application's page for the logged-in person; 404 outside their scope."""
    actor = require_page(*READERS)
    models = fresh_models()
    with reading(models.engine) as connection:
        row = listing.application_by_reference(connection, models.applications, reference)
        if row is None or not may_read(actor, row):
            return render_template("lookup.html", reference=reference, rows=[], after=None, status="",
                                   error=f"Fant ingen søknad med referanse {reference} som du har tilgang til."), 404
        history = listing.history(connection, models.audit, models.applications, row["application_id"])
        round_ = listing.round_document(connection, models.applications, row["round_id"]) or {}
        pool = listing.pool(connection, models.budget, row["pool_id"])
        letters = letters_of(connection, models.audit, row["application_id"], with_notices=actor.role != APPLICANT)
    app = row["document"]
    state = models.applications.load_state(Application, row)
    assert state is not None
    now = Circumstances(services().grants.now(), round_.get("status") == "open",
                        date.fromisoformat(round_["deadline"]) if round_.get("deadline") else None,
                        in_meetings=services().grants.decides_in_meetings(services().grants.get_pool(row["pool_id"])))
    recusals = [step["actor_name"] for step in history if step["event_type"] == "RecusalDeclared"]
    tie = tie_on(actor, state)
    forms = forms_for(actor, state, now)
    can_attach = allows(AddAttachment.RULE, state, actor, now)
    in_form = handling in forms or (handling == "returner-rapport" and "godkjenn-rapport" in forms) or (
        handling == "vedlegg" and can_attach)
    return render_template("application.html", app=app, history=history, reference=reference, round=round_,
                           pool=pool if actor.role in (COMMITTEE, FINANCE) else None, recusals=recusals,
                           forms=forms, refusal=refusal, handling=handling, refusal_on_top=refusal and not in_form,
                           letters=letters, can_attach=can_attach, tie=tie_text(tie) if tie else None,
                           undeliverable_text=UNDELIVERABLE_TEXT,
                           left_to_pay=Decimal(app["granted_amount"] or 0) - Decimal(app["paid_amount"] or 0),
                           own_share=own_share(app), show_data=actor.role == AUDITOR,
                           why_not=why_not(actor, state, now), waiting_for=waiting_for(state, now),
                           years=round_.get("budget_years") or (pool["fiscal_years"] if pool else []),
                           repayment_outstanding=state.repayment_outstanding,
                           interest=state.interest_due(now.today, late_interest_percent()))


def own_share(app: dict[str, Any]) -> str | None:
    """The own contribution as a share of the total cost (applied for + own), `28,6`."""
    own, requested = Decimal(app["own_contribution"]), Decimal(app["requested_amount"])
    if own <= 0:
        return None
    return f"{(own * 100 / (own + requested)).quantize(Decimal('0.1')):f}".replace(".", ",")


@pages.route("/soknader")
def lookup() -> Any:
    actor = require_page(*READERS)
    reference = query_text("referanse").upper()
    if reference:
        return application_page(reference)
    filters = {name: query_text(name) for name in ("q", "status", "utlysning", "helsefellesskap", "sortering")}
    after = _cursor(request.args.getlist("etter"))
    models = fresh_models()
    community = community_scope(actor) or filters["helsefellesskap"] or None
    with reading(models.engine) as connection:
        page = listing.applications(
            connection, models.applications, PAGE_SIZE, after,
            status=filters["status"] if filters["status"] in set(Status) else None, owner=owner_scope(actor),
            health_community=community, applicant_org_no=organisation_scope(actor),
            round_id=filters["utlysning"] or None, search=filters["q"] or None,
            newest_first=filters["sortering"] == "nyeste")
        rounds = _rounds_in_scope(connection, models, actor)
    owner = owner_scope(actor)
    communities = [] if community_scope(actor) or organisation_scope(actor) else sorted(
        (c for c in services().grants.registry().communities.values()
         if owner is None or owner in (c.region, c.id)), key=lambda c: c.name)
    return render_template("lookup.html", reference="", error=None, rows=[r["document"] for r in page.items],
                           after=page.after, filters={k: v for k, v in filters.items() if v}, rounds=rounds,
                           communities=communities)


def _rounds_in_scope(connection: Connection, models: ReadModels, actor: Actor) -> list[dict[str, Any]]:
    """The rounds whose pools the person's owner has (every round for those bound to none)."""
    owner = owner_scope(actor)
    rounds = listing.rounds(connection, models.applications)
    if owner is None:
        return list(reversed(rounds))
    pools = {p["pool_id"] for p in listing.pools(connection, models.budget, 1000, owner=owner).items}
    return [r for r in reversed(rounds) if r["pool_id"] in pools]
