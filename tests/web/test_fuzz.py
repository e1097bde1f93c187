"""Schemathesis, in process against the WSGI app: every operation of /openapi.json with
valid and invalid (negative) data, all default checks. No server error, no response
the document does not describe, and invalid data is always refused."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.config._checks import (
    POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
    PositiveDataAcceptanceConfig,
)
from schemathesis.core.parameters import ParameterLocation

from application.service import Grants
from tests.web.support import ISSUER, PEOPLE
from web.app import create_app
from workloads.builders import FakeClock, World

EXAMPLES_PER_OPERATION = 100

_folder = Path(tempfile.mkdtemp(prefix="tilskudd-fuzz-"))
_clock = FakeClock()
_grants = Grants(f"sqlite:///{_folder / 'fuzz.sqlite'}", clock=_clock)
_world = World(_grants, _clock)
_world.approved()  # some real pools, rounds and applications for the fuzzer to meet
_TOKENS = {name: _grants.issue_token(role, ISSUER, holder=holder, org_no=org, community_id=community)[0]
           for name, (role, holder, org, community) in PEOPLE.items()}
# The fuzzer presents thousands of bad tokens from one address: past the failed-
# authentication limit they would be answered 429 (tests/web/test_failure_limit.py), not
# the 401 its check for ignored authentication looks for.
app = create_app(grants=_grants, inline=True, secret_key="fuzz", auth_failure_limit="1000000/minute")
schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=EXAMPLES_PER_OPERATION)

# Rules JSON Schema cannot state (the mod-11 check digit of an organisation number, a
# round's criteria and own-contribution rule, an applicant that must be a party, a date
# not in the future, years listed once in a budget) answer 422 for schema-valid data:
# the positive-data check accepts 422 as well; every other check keeps its defaults.
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=[*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "422"])

#: Who calls each operation: a role it allows, so the fuzzer gets past authorisation.
_CALLER = {
    ("POST", "/api/v1/pools"): "finance", ("POST", "/api/v1/pools/{pool_id}/increases"): "finance",
    ("POST", "/api/v1/rounds"): "finance", ("POST", "/api/v1/rounds/{round_id}/close"): "finance",
    ("POST", "/api/v1/applications"): "applicant", ("PATCH", "/api/v1/applications/{application_id}"): "applicant",
    ("GET", "/api/v1/pools"): "finance", ("GET", "/api/v1/pools/{pool_id}"): "finance",
    ("GET", "/api/v1/budget"): "finance",
}
_BY_SUFFIX = {"withdrawal": "applicant", "screening": "assessor", "scores": "assessor", "prioritisation": "assessor",
              "recusal": "committee", "approval": "committee", "rejection": "committee", "agreement": "committee",
              "disbursements": "finance", "reclaims": "finance", "closure": "finance"}
COUNTS: dict[str, int] = {}


def caller(method: str, path: str) -> str:
    return _CALLER.get((method, path)) or _BY_SUFFIX.get(path.rsplit("/", 1)[-1], "auditor")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
          suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_holds_to_its_document(case: Any) -> None:
    who = caller(case.method, case.path)
    COUNTS[f"{case.method} {case.path}"] = COUNTS.get(f"{case.method} {case.path}", 0) + 1
    headers_info = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    if headers_info is not None and headers_info.mode == GenerationMode.NEGATIVE:
        response = case.call_and_validate()  # the case is about its headers (a missing token, say)
    else:
        response = case.call_and_validate(headers={"Authorization": f"Bearer {_TOKENS[who]}"})
    assert response.status_code < 500
    assert b"Traceback" not in response.content


def teardown_module() -> None:
    total = sum(COUNTS.values())
    print(f"\nschemathesis: {total} requests over {len(COUNTS)} operations; fewest {min(COUNTS.values(), default=0)}: "
          + ", ".join(f"{op}={n}" for op, n in sorted(COUNTS.items())))
    app.extensions["tilskudd"].models.close()
    _grants.close()
