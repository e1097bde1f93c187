"""Commands on applications: submit, amend, withdraw, screen, score, prioritise, approve,
reject, agreements, recusal, disbursements, reclaims and closing.

Each answers the application as it now stands (with `version`) and `X-Log-Position`;
`If-Match: <version>` makes the command refuse (412) if the application has changed
since the client read it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from marshmallow import Schema

from application.base import Outcome
from domain.values import (
    APPLICANT,
    ASSESSOR,
    COMMITTEE,
    FINANCE,
    Actor,
    BudgetLine,
)
from readmodels.documents import application_document
from web.api.common import COMMAND_ERRORS, answered, blueprint, documented
from web.auth import require
from web.context import services
from web.freshness import expected_version
from web.idempotency import command_key
from web.schemas import requests, resources

blp = blueprint("commands", "What applicants, assessors, the committee and finance do with an application.")


def acting(*roles: str) -> Actor:
    """The person, refused early (403) when their role can never do this. Applicants go on
    to the use case, which fences them to their own organisation's applications (404
    for another's, whatever the endpoint) before it checks anything else."""
    return require(*roles, APPLICANT)


F = TypeVar("F", bound=Callable[..., Any])
ON_APPLICATION = "/applications/<uuid:application_id>"


def command(path: str, schema: type[Schema] | Schema, success: int = 200, method: str = "POST",
            repeat: str | None = None) -> Callable[[F], F]:
    """The one shape of a command endpoint: its route, body schema, the application as
    the answer, and every error status it may give. `repeat`: a 200 answer, so
    described, besides the `success` status."""
    def decorate(func: F) -> F:
        func = documented(blp, *COMMAND_ERRORS)(func)
        if repeat is not None:
            func = blp.alt_response(200, schema=resources.Application, description=repeat)(func)
        func = blp.response(success, resources.Application)(func)
        func = blp.arguments(schema)(func)
        return blp.route(path, methods=[method])(func)  # type: ignore[no-any-return]
    return decorate


def _answer(outcome: Outcome[Any], status: int = 200) -> Any:
    return answered(application_document(outcome.value), outcome.position, status, outcome.replayed)


def _run(application_id: UUID, roles: tuple[str, ...], use_case: Callable[..., Outcome[Any]], *args: Any,
         status: int = 200) -> Any:
    """Run a use case on the application as the person acting on it (see `acting`),
    with the request's If-Match and Idempotency-Key."""
    actor = acting(*roles)
    return _answer(use_case(application_id, *args, actor, expected_version(), command_key()), status)


@command("/applications", requests.ApplicationSubmit, 201)
def submit(body: dict[str, Any]) -> Any:
    """Submit an application to an open round (applicant, for its own organisation)."""
    actor = require(APPLICANT)
    round_id = body.pop("round_id")
    content = requests.application_content(body)
    return _answer(services().grants.submit_application(round_id, content, actor, command_key()), 201)


@command(ON_APPLICATION, requests.ApplicationAmend(partial=requests.AMENDABLE), method="PATCH")
def amend(body: dict[str, Any], application_id: UUID) -> Any:
    """Change submitted fields before the deadline (applicant)."""
    return _run(application_id, (APPLICANT,), services().grants.amend_application, requests.application_content(body))


@command(ON_APPLICATION + "/withdrawal", requests.Reason)
def withdraw(body: dict[str, Any], application_id: UUID) -> Any:
    """Withdraw an undecided application (applicant)."""
    return _run(application_id, (APPLICANT,), services().grants.withdraw_application, body["reason"])


@command(ON_APPLICATION + "/screening", requests.Screening)
def screen(body: dict[str, Any], application_id: UUID) -> Any:
    """Record whether the application is eligible, and why (assessor of its community)."""
    return _run(application_id, (ASSESSOR,), services().grants.screen_application, body["eligible"], body["reason"])


@command(ON_APPLICATION + "/scores", requests.Scores)
def score(body: dict[str, Any], application_id: UUID) -> Any:
    """One assessor's scores, 0–5 on each criterion of the round (assessor)."""
    return _run(application_id, (ASSESSOR,), services().grants.score_application, body["scores"], body["comment"])


@command(ON_APPLICATION + "/prioritisation", requests.Prioritisation)
def prioritise(body: dict[str, Any], application_id: UUID) -> Any:
    """Rank the application within its community and recommend an amount (assessor)."""
    return _run(application_id, (ASSESSOR,), services().grants.prioritise_application, body["rank"],
                body["recommended_amount"])


@command(ON_APPLICATION + "/recusal", requests.Reason)
def recuse(body: dict[str, Any], application_id: UUID) -> Any:
    """Step aside from the application because of bias, forvaltningsloven § 6 (assessor, committee)."""
    return _run(application_id, (ASSESSOR, COMMITTEE), services().grants.declare_recusal, body["reason"])


@command(ON_APPLICATION + "/approval", requests.Approval)
def approve(body: dict[str, Any], application_id: UUID) -> Any:
    """Grant an amount and reserve it in the pool; 409 if the pool cannot (committee)."""
    actor = acting(COMMITTEE)
    per_year = None if body["commitments"] is None else [
        BudgetLine(line["year"], line["amount"]) for line in body["commitments"]]
    return _answer(services().grants.approve_application(
        application_id, body["amount"], body["conditions"], body["decision_ref"], actor, expected_version(),
        command_key(), per_year))


@command(ON_APPLICATION + "/rejection", requests.Rejection)
def reject(body: dict[str, Any], application_id: UUID) -> Any:
    """Refuse the application, giving reasons (committee)."""
    return _run(application_id, (COMMITTEE,), services().grants.reject_application, body["reasons"])


@command(ON_APPLICATION + "/agreement", requests.AgreementIn)
def register_agreement(body: dict[str, Any], application_id: UUID) -> Any:
    """Register the signed agreement between the parties (assessor, committee)."""
    return _run(application_id, (ASSESSOR, COMMITTEE), services().grants.register_agreement, body["signed_on"],
                body["parties"], body["document_ref"], body["patient_responsibility"])


@command(ON_APPLICATION + "/disbursements", requests.Disbursement, 201,
         repeat="this payment reference was paid before")
def disburse(body: dict[str, Any], application_id: UUID) -> Any:
    """Pay an instalment (finance). The same payment reference again answers 200 and
    pays nothing."""
    actor = acting(FINANCE)
    outcome = services().grants.disburse(application_id, body["amount"], body["payment_reference"], actor,
                                         expected_version(), command_key())
    return _answer(outcome, 201 if outcome.created else 200)


@command(ON_APPLICATION + "/reclaims", requests.Reclaim, 201)
def reclaim(body: dict[str, Any], application_id: UUID) -> Any:
    """Claim paid money back; it returns to the pool (finance)."""
    return _run(application_id, (FINANCE,), services().grants.reclaim, body["amount"], body["reason"], status=201)


@command(ON_APPLICATION + "/closure", requests.Reason)
def close(body: dict[str, Any], application_id: UUID) -> Any:
    """Close a granted application; what was never paid returns to the pool (finance)."""
    return _run(application_id, (FINANCE,), services().grants.close_application, body["reason"])
