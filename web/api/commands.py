"""Commands on applications: submission, and an endpoint for every command on an
application in `web.case_commands` — one shape for all of them: the body read by the
entry's schema into its command, carried out by `Grants.run` as the person asking.

Each answers the application as it now stands (with `version`) and `X-Log-Position`;
`If-Match: <version>` makes the command refuse (412) if the application has changed
since the client read it; `Idempotency-Key` carries it out once.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.commands import Submit
from domain.values import APPLICANT
from readmodels.documents import application_document
from web.api import reports
from web.api.common import COMMAND_ERRORS, answered, blueprint, documented
from web.auth import require
from web.case_commands import EDGES, CaseEdge
from web.context import services
from web.freshness import expected_version
from web.idempotency import command_key
from web.schemas import requests, resources

blp = blueprint("commands", "What applicants, assessors, the committee and finance do with an application.")
ON_APPLICATION = "/applications/<uuid:application_id>"
#: The blueprints (tags of the document) the endpoints join.
_TAGS = {"commands": blp, "reports": reports.blp}


@blp.route("/applications", methods=["POST"])
@blp.arguments(requests.ApplicationSubmit)
@blp.response(201, resources.Application)
@documented(blp, *COMMAND_ERRORS)
def submit(body: dict[str, Any]) -> Any:
    """Submit an application to an open round (applicant, for its own organisation)."""
    actor = require(APPLICANT)
    round_id = body.pop("round_id")
    outcome = services().grants.run(Submit(round_id, requests.application_content(body)), actor=actor,
                                    request=command_key())
    return answered(application_document(outcome.value), outcome.position, 201, outcome.replayed)


def _endpoint(edge: CaseEdge) -> None:
    """Add the endpoint of one command on an application (see the module's text). An
    applicant is let through to the use case, which fences it to its own organisation's
    applications (404 for another's, whatever the endpoint); any other role the command
    never allows is refused at once (403)."""
    target = _TAGS[edge.tag]

    def carry_out(body: dict[str, Any], application_id: UUID, **path: str) -> Any:
        actor = require(*edge.command.RULE.roles, APPLICANT)
        command = edge.command_for(application_id, body, path)
        outcome = services().grants.run(command, actor=actor, expected_version=expected_version(),
                                        request=command_key())
        status = edge.success if outcome.created else 200
        return answered(application_document(outcome.value), outcome.position, status, outcome.replayed)

    carry_out.__name__ = carry_out.__qualname__ = edge.command.RULE.name
    carry_out.__doc__ = edge.summary
    view = documented(target, *COMMAND_ERRORS)(carry_out)
    if edge.repeat is not None:
        view = target.alt_response(200, schema=resources.Application, description=edge.repeat)(view)
    view = target.response(edge.success, resources.Application)(view)
    optional = not any(field.required for field in edge.schema.fields.values()) and edge.method == "POST"
    view = target.arguments(edge.schema, required=not optional)(view)
    target.route(ON_APPLICATION + edge.path, methods=[edge.method])(view)


for _edge in EDGES:
    _endpoint(_edge)
