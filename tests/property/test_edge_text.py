"""Property: no text breaks the service. Hypothesis sends arbitrary Unicode — NUL, escaped
lone surrogates, C0/C1 controls, bidi overrides, 10 000-character strings — over real
HTTP to `grants serve` on PostgreSQL, through every text field of every command and every
query filter. Every answer is 2xx or a 4xx problem document; afterwards every projection
is running and `grants projections verify` finds the read models equal to a rebuild."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.service import Grants
from tests.servers import serving
from tests.web.support import ISSUER, application_body, pool_body, round_body
from workloads.builders import APPLICANT_ACTOR, BODO, CRITERIA, FINANCE_ACTOR, LVS, NLSH, FakeClock, World

GRANTS = str(Path(sys.executable).parent / "grants")
EXAMPLES = int(os.environ.get("GRANTS_PROPERTY_EXAMPLES", "1000"))
SPECIAL = ["\x00", "\ud800", "\udfff", "\x01", "\x1f", "\x7f", "\x85", "\u202e", "\u2066", "\ufffe", "\r", "\n",
           "\t", "\u200b", "ø", "🧪"]

texts = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.lists(st.sampled_from(SPECIAL) | st.characters(exclude_categories=()), max_size=12).map("".join),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "æ", "\x00", " "]) | st.characters(exclude_categories=()),
              st.integers(9_990, 10_010)),
)

#: (role, method, path template, body maker, text fields as paths into the body)
COMMANDS: list[tuple[str, str, str, Any, list[tuple[Any, ...]]]] = [
    ("finance", "POST", "/api/v1/pools", lambda s: pool_body(), [("owner", "id"), ("owner", "name"), ("name",)]),
    ("finance", "POST", "/api/v1/pools/{pool}/increases", lambda s: {"amount": "1", "reason": "RNB"}, [("reason",)]),
    ("finance", "POST", "/api/v1/rounds", lambda s: round_body(s["pool"], date(2030, 1, 1)),
     [("title",), ("criteria", 0, "id"), ("criteria", 0, "name")]),
    ("applicant", "POST", "/api/v1/applications", lambda s: application_body(s["round"]),
     [("title",), ("summary",), ("health_community", "id"), ("health_community", "name"), ("applicant", "name"),
      ("partners", 0, "name"), ("contact", "name"), ("contact", "email")]),
    ("applicant", "PATCH", "/api/v1/applications/{submitted}", lambda s: {"title": "Ny"}, [("title",), ("summary",)]),
    ("applicant", "POST", "/api/v1/applications/{submitted}/withdrawal", lambda s: {"reason": "x"}, [("reason",)]),
    ("assessor", "POST", "/api/v1/applications/{submitted}/screening", lambda s: {"eligible": True, "reason": "x"},
     [("reason",)]),
    ("assessor", "POST", "/api/v1/applications/{submitted}/scores",
     lambda s: {"scores": {"effekt": 4, "samarbeid": 3}, "comment": "x"}, [("comment",), ("scores", "*key")]),
    ("assessor", "POST", "/api/v1/applications/{submitted}/recusal", lambda s: {"reason": "x"}, [("reason",)]),
    ("committee", "POST", "/api/v1/applications/{prioritised}/approval",
     lambda s: {"amount": "1000", "conditions": "x", "decision_ref": "KU"}, [("conditions",), ("decision_ref",)]),
    ("committee", "POST", "/api/v1/applications/{prioritised}/rejection",
     lambda s: {"reasons": "x", "decision_ref": "KU-sak 1/2026"}, [("reasons",), ("decision_ref",)]),
    ("assessor", "POST", "/api/v1/applications/{approved}/agreement",
     lambda s: {"signed_on": "2025-01-10", "parties": [BODO.org_no, NLSH.org_no], "document_ref": "A",
                "patient_responsibility": "x"}, [("document_ref",), ("patient_responsibility",)]),
    ("finance", "POST", "/api/v1/applications/{agreed}/disbursements",
     lambda s: {"amount": "1", "payment_reference": "U"}, [("payment_reference",)]),
    ("finance", "POST", "/api/v1/applications/{paid}/reclaims", lambda s: {"amount": "1", "reason": "x"},
     [("reason",)]),
    ("finance", "POST", "/api/v1/applications/{agreed}/closure", lambda s: {"reason": "x"}, [("reason",)]),
]
FILTERS: list[tuple[str, str, str]] = [
    ("auditor", "/api/v1/applications", "owner"), ("auditor", "/api/v1/applications", "health_community"),
    ("assessor", "/api/v1/applications/outstanding", "health_community"),
    ("auditor", "/api/v1/audit/events", "actor"), ("auditor", "/api/v1/audit/events", "type"),
    ("page", "/soknader", "referanse"), ("page", "/revisjon", "aktor"), ("page", "/revisjon", "type"),
    ("page", "/revisjon", "referanse"),
]


def _place(body: dict[str, Any], path: tuple[Any, ...], value: str) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    if path[-1] == "*key":
        target[value] = 3
    else:
        target[path[-1]] = value
    return changed


def _world(url: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    clock = FakeClock()
    grants = Grants(url, clock=clock)
    world = World(grants, clock, pool_amount=Decimal(1_000_000_000))
    targets: dict[str, list[str]] = {"submitted": [], "prioritised": [], "approved": [], "agreed": [], "paid": []}
    for _ in range(6):
        for stage, made_so_far in targets.items():
            made = world.submitted() if stage == "submitted" else getattr(world, stage)("1000")
            made_so_far.append(str(made.id))
    targets["pool"] = [str(world.pool_id)]
    targets["round"] = [str(grants.open_round(world.pool_id, title="Åpen", deadline=date(2030, 1, 1), criteria=CRITERIA,
                                              requires_own_contribution=False, actor=FINANCE_ACTOR).value.id)]
    tokens = {
        "finance": grants.issue_token("finance", ISSUER, holder="Kari")[0],
        "applicant": grants.issue_token("applicant", ISSUER, holder="Hilde", org_no=APPLICANT_ACTOR.org_no)[0],
        "assessor": grants.issue_token("assessor", ISSUER, holder="Ragnhild", community_id=LVS.id)[0],
        "committee": grants.issue_token("committee", ISSUER, holder="Anne")[0],
        "auditor": grants.issue_token("auditor", ISSUER, holder="Revisjon")[0],
    }
    grants.close()
    return tokens, targets


def _check(response: requests.Response, seen: Counter[int]) -> None:
    seen[response.status_code] += 1
    assert response.status_code < 500, (response.status_code, response.text[:500])
    if response.status_code >= 400 and not response.request.url.split("/", 3)[3].startswith(("soknader", "revisjon")):
        assert response.headers["Content-Type"] == "application/problem+json", response.text[:300]


@pytest.mark.postgres
@pytest.mark.slow
def test_no_text_through_any_field_or_filter_gives_a_5xx_or_stops_a_projection(postgres_url: str) -> None:
    tokens, targets = _world(postgres_url)
    seen: Counter[int] = Counter()
    examples = [0]
    with serving(postgres_url) as server:
        page = requests.Session()
        login = page.get(server.url + "/logg-inn", timeout=30).text
        csrf = login.split('name="csrf_token" value="')[1].split('"')[0]
        assert page.post(server.url + "/logg-inn", data={"token": tokens["auditor"], "csrf_token": csrf},
                         timeout=30, allow_redirects=False).status_code == 302

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(data=st.data(), value=texts)
        def send(data: st.DataObject, value: str) -> None:
            examples[0] += 1
            if data.draw(st.booleans()):
                role, method, template, make, fields = data.draw(st.sampled_from(COMMANDS))
                field = data.draw(st.sampled_from(fields))
                path = template.format(**{k: data.draw(st.sampled_from(v)) for k, v in targets.items()})
                body = _place(make({k: v[0] for k, v in targets.items()}), field, value)
                response = requests.request(method, server.url + path, json=body, timeout=60,
                                            headers={"Authorization": f"Bearer {tokens[role]}"})
            else:
                role, path, name = data.draw(st.sampled_from(FILTERS))
                query = f"{name}={quote(value.encode('utf-8', 'surrogatepass'))}"
                if role == "page":
                    response = page.get(f"{server.url}{path}?{query}", timeout=60)
                else:
                    response = requests.get(f"{server.url}{path}?{query}", timeout=60,
                                            headers={"Authorization": f"Bearer {tokens[role]}"})
            _check(response, seen)

        send()
    print(f"\nproperty test over HTTP: {examples[0]} examples, answers {dict(sorted(seen.items()))}")
    env = {**os.environ, "GRANTS_DATABASE_URL": postgres_url}
    catch_up = subprocess.run([GRANTS, "projections", "run", "--once"], env=env, capture_output=True, text=True,
                              timeout=300, check=False)
    assert catch_up.returncode == 0, catch_up.stderr
    status = subprocess.run([GRANTS, "projections", "status"], env=env, capture_output=True, text=True, timeout=300,
                            check=False)
    assert status.returncode == 0 and "stopped" not in status.stdout, status.stdout
    verified = subprocess.run([GRANTS, "projections", "verify"], env=env, capture_output=True, text=True,
                              timeout=600, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert seen[200] + seen[201] > 0 and seen[422] > 0, "both stored and refused texts were sent"
