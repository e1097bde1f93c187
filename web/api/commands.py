"""Commands on applications: submit, amend, withdraw, screen, score, prioritise, approve,
reject, agreements, recusal, disbursements, reclaims and closing.

Each answers the application as it now stands (with `version`) and `X-Log-Position`;
`If-Match: <version>` makes the command refuse (412) if the application has changed
since the client read it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.errors import NotFound
from domain.values import (
    APPLICANT,
    ASSESSOR,
    COMMITTEE,
    FINANCE,
    Actor,
    BudgetLine,
    Contact,
    HealthCommunity,
    Organisation,
)
from readmodels.documents import application_document
from web.api.common import COMMAND_ERRORS, answered, blueprint, documented
from web.auth import current_actor, require, require_for_application
from web.context import services
from web.freshness import expected_version
from web.idempotency import command_key
from web.schemas import requests, resources

blp = blueprint("commands", "What applicants, assessors, the committee and finance do with an application.")


def acting_on(application_id: UUID, *roles: str) -> Actor:
    """The person, if they may do this to the application. An applicant of another
    organisation gets 404, whatever the endpoint."""
    actor = current_actor()
    if actor.role == APPLICANT:
        try:
            org_no: str | None = services().grants.get_application(application_id).applicant.org_no
        except NotFound:
            org_no = None  # answered exactly as another organisation's application
        return require_for_application(org_no, *roles, actor=actor)
    return require(*roles, actor=actor)


def content(body: dict[str, Any]) -> dict[str, Any]:
    """Request fields as the domain's value objects."""
    makers: dict[str, Any] = {
        "health_community": lambda v: HealthCommunity(**v),
        "applicant": lambda v: Organisation(**v),
        "partners": lambda v: [Organisation(**p) for p in v],
        "budget": lambda v: [BudgetLine(line["year"], line["amount"]) for line in v],
        "contact": lambda v: None if v is None else Contact(**v),
    }
    return {name: makers[name](value) if name in makers else value for name, value in body.items()}


def _answer(outcome: Any, status: int = 200) -> Any:
    return answered(application_document(outcome.value), outcome.position, status, outcome.replayed)


@blp.route("/applications", methods=["POST"])
@blp.arguments(requests.ApplicationSubmit)
@blp.response(201, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def submit(body: dict[str, Any]) -> Any:
    """Submit an application to an open round (applicant, for its own organisation)."""
    actor = require(APPLICANT)
    round_id = body.pop("round_id")
    return _answer(services().grants.submit_application(round_id, content(body), actor, command_key()), 201)


@blp.route("/applications/<uuid:application_id>", methods=["PATCH"])
@blp.arguments(requests.ApplicationAmend(partial=True))
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def amend(body: dict[str, Any], application_id: UUID) -> Any:
    """Change submitted fields before the deadline (applicant)."""
    actor = acting_on(application_id, APPLICANT)
    return _answer(services().grants.amend_application(application_id, content(body), actor, expected_version(),
                                                       command_key()))


@blp.route("/applications/<uuid:application_id>/withdrawal", methods=["POST"])
@blp.arguments(requests.Reason)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def withdraw(body: dict[str, Any], application_id: UUID) -> Any:
    """Withdraw an undecided application (applicant)."""
    actor = acting_on(application_id, APPLICANT)
    return _answer(services().grants.withdraw_application(application_id, body["reason"], actor,
                                                          expected_version(), command_key()))


@blp.route("/applications/<uuid:application_id>/screening", methods=["POST"])
@blp.arguments(requests.Screening)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def screen(body: dict[str, Any], application_id: UUID) -> Any:
    """Record whether the application is eligible, and why (assessor of its community)."""
    actor = acting_on(application_id, ASSESSOR)
    return _answer(services().grants.screen_application(application_id, body["eligible"], body["reason"], actor,
                                                        expected_version(), command_key()))


@blp.route("/applications/<uuid:application_id>/scores", methods=["POST"])
@blp.arguments(requests.Scores)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def score(body: dict[str, Any], application_id: UUID) -> Any:
    """One assessor's scores, 0–5 on each criterion of the round (assessor)."""
    actor = acting_on(application_id, ASSESSOR)
    return _answer(services().grants.score_application(application_id, body["scores"], body["comment"], actor,
                                                       expected_version(), command_key()))


@blp.route("/applications/<uuid:application_id>/prioritisation", methods=["POST"])
@blp.arguments(requests.Prioritisation)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def prioritise(body: dict[str, Any], application_id: UUID) -> Any:
    """Rank the application within its community and recommend an amount (assessor)."""
    actor = acting_on(application_id, ASSESSOR)
    return _answer(services().grants.prioritise_application(application_id, body["rank"],
                                                            body["recommended_amount"], actor, expected_version(),
                                                            command_key()))


@blp.route("/applications/<uuid:application_id>/recusal", methods=["POST"])
@blp.arguments(requests.Reason)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def recuse(body: dict[str, Any], application_id: UUID) -> Any:
    """Step aside from the application because of bias, forvaltningsloven § 6 (assessor, committee)."""
    actor = acting_on(application_id, ASSESSOR, COMMITTEE)
    return _answer(services().grants.declare_recusal(application_id, body["reason"], actor, expected_version(),
                                                     command_key()))


@blp.route("/applications/<uuid:application_id>/approval", methods=["POST"])
@blp.arguments(requests.Approval)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def approve(body: dict[str, Any], application_id: UUID) -> Any:
    """Grant an amount and reserve it in the pool; 409 if the pool cannot (committee)."""
    actor = acting_on(application_id, COMMITTEE)
    return _answer(services().grants.approve_application(
        application_id, body["amount"], body["conditions"], body["decision_ref"], actor, expected_version(),
        command_key()))


@blp.route("/applications/<uuid:application_id>/rejection", methods=["POST"])
@blp.arguments(requests.Rejection)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def reject(body: dict[str, Any], application_id: UUID) -> Any:
    """Refuse the application, giving reasons (committee)."""
    actor = acting_on(application_id, COMMITTEE)
    return _answer(services().grants.reject_application(application_id, body["reasons"], actor,
                                                        expected_version(), command_key()))


@blp.route("/applications/<uuid:application_id>/agreement", methods=["POST"])
@blp.arguments(requests.AgreementIn)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def register_agreement(body: dict[str, Any], application_id: UUID) -> Any:
    """Register the signed agreement between the parties (assessor, committee)."""
    actor = acting_on(application_id, ASSESSOR, COMMITTEE)
    return _answer(services().grants.register_agreement(
        application_id, body["signed_on"], body["parties"], body["document_ref"], body["patient_responsibility"],
        actor, expected_version(), command_key()))


@blp.route("/applications/<uuid:application_id>/disbursements", methods=["POST"])
@blp.arguments(requests.Disbursement)
@blp.response(201, resources.Application)
@blp.alt_response(200, schema=resources.Application, description="this payment reference was paid before")
@documented(blp, *COMMAND_ERRORS)
def disburse(body: dict[str, Any], application_id: UUID) -> Any:
    """Pay an instalment (finance). The same payment reference again answers 200 and
    pays nothing."""
    actor = acting_on(application_id, FINANCE)
    outcome = services().grants.disburse(application_id, body["amount"], body["payment_reference"], actor,
                                         expected_version(), command_key())
    return _answer(outcome, 201 if outcome.created else 200)


@blp.route("/applications/<uuid:application_id>/reclaims", methods=["POST"])
@blp.arguments(requests.Reclaim)
@blp.response(201, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def reclaim(body: dict[str, Any], application_id: UUID) -> Any:
    """Claim paid money back; it returns to the pool (finance)."""
    actor = acting_on(application_id, FINANCE)
    return _answer(services().grants.reclaim(application_id, body["amount"], body["reason"], actor,
                                             expected_version(), command_key()), 201)


@blp.route("/applications/<uuid:application_id>/closure", methods=["POST"])
@blp.arguments(requests.Reason)
@blp.response(200, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def close(body: dict[str, Any], application_id: UUID) -> Any:
    """Close a granted application; what was never paid returns to the pool (finance)."""
    actor = acting_on(application_id, FINANCE)
    return _answer(services().grants.close_application(application_id, body["reason"], actor, expected_version(),
                                                       command_key()))
