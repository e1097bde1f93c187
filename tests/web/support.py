"""What the HTTP tests build with: a token per person, JSON bodies that take an
application from submission to payout, and `Api`, the test client with shortcuts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from application.service import Grants
from domain.values import ADMIN, APPLICANT, ASSESSOR, AUDITOR, COMMITTEE, FINANCE, Actor
from workloads.builders import BODO, LVS, NLSH, NORD, TROMSO, FakeClock, register_organisations

ISSUER = Actor("operator:test", "Testoperatør", ADMIN)

#: name → (role, holder, org_no, community)
PEOPLE: dict[str, tuple[str, str, str | None, str | None]] = {
    "applicant": (APPLICANT, "Hilde Johansen", BODO.org_no, None),
    "other_applicant": (APPLICANT, "Ole Nilsen", TROMSO.org_no, None),
    "assessor": (ASSESSOR, "Ragnhild Eide", None, LVS.id),
    "assessor_2": (ASSESSOR, "Kjetil Brekke", None, LVS.id),
    "assessor_elsewhere": (ASSESSOR, "Siri Moe", None, "hf-ostfold"),
    "committee": (COMMITTEE, "Anne Sofie Lien", None, None),
    "committee_bodo": (COMMITTEE, "Stig Hansen", BODO.org_no, None),
    "finance": (FINANCE, "Kari Nordmann", None, None),
    "finance_2": (FINANCE, "Per Strand", None, None),
    "auditor": (AUDITOR, "Revisjon Nord", None, None),
    "admin": (ADMIN, "Driftsoperatør", None, None),
}
ROLE_TOKENS = ("applicant", "assessor", "committee", "finance", "auditor", "admin")


def pool_body(amount: str = "10000000") -> dict[str, Any]:
    return {"owner": {"id": NORD.id, "name": NORD.name, "kind": NORD.kind}, "name": "Tilskudd 2025",
            "fiscal_years": [2025], "amount": amount}


def round_body(pool_id: str, deadline: date) -> dict[str, Any]:
    return {"pool_id": pool_id, "title": "Utlysning 2025", "deadline": deadline.isoformat(),
            "criteria": [{"id": "effekt", "name": "Forventet effekt", "weight": 3},
                         {"id": "samarbeid", "name": "Samarbeid", "weight": 1}],
            "requires_own_contribution": True}


def application_body(round_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "round_id": round_id, "health_community": {"id": LVS.id, "name": LVS.name},
        "title": "FACT-team for Salten", "summary": "Felles team for ROP-pasienter.",
        "applicant": {"org_no": BODO.org_no, "name": BODO.name, "kind": BODO.kind},
        "partners": [{"org_no": NLSH.org_no, "name": NLSH.name, "kind": NLSH.kind}],
        "priority_groups": ["severe_mental_illness_and_substance_abuse"],
        "requested_amount": "1000000", "own_contribution": "400000",
        "budget": [{"year": 2025, "amount": "1000000"}],
        "contact": {"name": "Hilde Johansen", "email": "hilde@bodo.kommune.no"},
    }
    if "requested_amount" in overrides and "budget" not in overrides:  # budgeted in the pool's year
        body["budget"] = [{"year": 2025, "amount": overrides["requested_amount"]}]
    body.update(overrides)
    return body


STAGE_BODIES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "scored": ("assessor", "scores", {"scores": {"effekt": 4, "samarbeid": 3}, "comment": "Godt forankret"}),
    "prioritised": ("assessor", "prioritisation", {"rank": 1, "recommended_amount": "1000000"}),
    "approved": ("committee", "approval", {"amount": "1000000", "conditions": "Sluttrapport",
                                            "decision_ref": "KU-sak 12/2025"}),
    "accepted": ("applicant", "grant-acceptance", {"accept": True}),
    "agreed": ("assessor", "agreement", {"signed_on": "2025-01-10", "parties": [BODO.org_no, NLSH.org_no],
                                          "document_ref": "Avtale 2025-01",
                                          "patient_responsibility": "HF under innleggelse, kommunen etterpå"}),
    "paid": ("finance", "disbursements", {"amount": "1000000", "payment_reference": "UTB-1"}),
}
STAGES = ("submitted", *STAGE_BODIES)


@dataclass
class Api:
    """The test client, a token per person, and shortcuts to build state over HTTP."""

    client: FlaskClient
    grants: Grants
    clock: FakeClock
    tokens: dict[str, str] = field(default_factory=dict)
    deadline: date = date(2025, 3, 1)
    #: What the latest shortcut made, for a request body that names it (an application's id).
    made: dict[str, Any] = field(default_factory=dict)

    def call(self, method: str, path: str, who: str | None = None, json: Any = None,
             headers: dict[str, str] | None = None, **kwargs: Any) -> TestResponse:
        sent = dict(headers or {})
        if who is not None:
            sent["Authorization"] = f"Bearer {self.tokens[who]}"
        return self.client.open(path, method=method, json=json, headers=sent, **kwargs)

    def get(self, path: str, who: str | None = "auditor", **kwargs: Any) -> TestResponse:
        return self.call("GET", path, who, **kwargs)

    def post(self, path: str, who: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.call("POST", path, who, json=json if json is not None else {}, **kwargs)

    def ok(self, response: TestResponse, status: int | tuple[int, ...] = (200, 201)) -> dict[str, Any]:
        expected = status if isinstance(status, tuple) else (status,)
        assert response.status_code in expected, (response.status_code, response.get_json())
        body: dict[str, Any] = response.get_json()
        return body

    def pool(self, amount: str = "10000000") -> dict[str, Any]:
        return self.ok(self.post("/api/v1/pools", "finance", pool_body(amount)), 201)

    def round(self, pool_id: str | None = None) -> dict[str, Any]:
        pool_id = pool_id or self.pool()["id"]
        return self.ok(self.post("/api/v1/rounds", "finance", round_body(pool_id, self.deadline)), 201)

    def application(self, stage: str = "submitted", round_id: str | None = None, amount: str = "1000000",
                    submitter: str = "applicant", **overrides: Any) -> dict[str, Any]:
        """An application brought through the API to `stage` (one of STAGES), submitted
        by `submitter` (the agreement's parties are the application's)."""
        round_id = round_id or self.round()["id"]
        app = self.ok(self.post("/api/v1/applications", submitter,
                                application_body(round_id, requested_amount=amount, **overrides)), 201)
        for name in STAGES[1:STAGES.index(stage) + 1]:
            who, path, body = STAGE_BODIES[name]
            who = submitter if who == "applicant" else who  # the applicant's own answer to its grant
            body = dict(body)
            if "amount" in body:
                body["amount"] = amount
            if "recommended_amount" in body:
                body["recommended_amount"] = amount
            if "payment_reference" in body:  # references are unique across the system
                body["payment_reference"] = f"UTB-{app['reference']}"
            if "parties" in body:
                body["parties"] = [app["applicant"]["org_no"], *(p["org_no"] for p in app["partners"])]
            app = self.ok(self.post(f"/api/v1/applications/{app['id']}/{path}", who, body))
        return app


    def heard(self, app: dict[str, Any], intent: str = "reclaim", by: str = "applicant") -> dict[str, Any]:
        """Give the parties notice of `intent` (reclaim, close) and let the applicant (`by`)
        answer, so the decision may be made now (forvaltningsloven § 16)."""
        path = f"/api/v1/applications/{app['id']}/notices"
        comment_by = (self.clock.now.date() + timedelta(days=14)).isoformat()
        self.ok(self.post(path, "finance", {"intent": intent, "text": "Vi vurderer vedtaket",
                                            "comment_by": comment_by}))
        return self.ok(self.post(f"{path}/answer", by, {"answer": "Ingen merknader"}))

    def complained(self, stage: str = "rejected", **kwargs: Any) -> dict[str, Any]:
        """An application refused (or at a granted `stage`) whose applicant has complained."""
        if stage == "rejected":
            app = self.application("prioritised", **kwargs)
            self.ok(self.post(f"/api/v1/applications/{app['id']}/rejection", "committee",
                              {"reasons": "Lavere prioritert", "decision_ref": "KU-sak 30/2025"}))
        else:
            app = self.application(stage, **kwargs)
        return self.ok(self.post(f"/api/v1/applications/{app['id']}/complaints", "applicant",
                                 {"text": "Vi klager på vedtaket", "received_on": self.clock.now.date().isoformat()}))


    def body(self, owner_id: str = "helse-nord-rhf", quorum: int = 3) -> dict[str, Any]:
        """The owner's deciding body, registered by the committee (four members) if it has none."""
        found = self.get(f"/api/v1/bodies/{owner_id}", "committee")
        if found.status_code == 200:
            return dict(found.get_json())
        return self.ok(self.post("/api/v1/bodies", "committee", body_of_a_body(owner_id, quorum)), 201)

    def meeting(self, present: tuple[str, ...] = ("m1", "m2", "m3")) -> dict[str, Any]:
        """A meeting of Helse Nord's body held today, with `present`."""
        self.body()
        return self.ok(self.post("/api/v1/meetings", "committee", {
            "owner_id": "helse-nord-rhf", "held_on": self.clock.now.date().isoformat(), "place": "Bodø",
            "present": list(present)}), 201)


def body_of_a_body(owner_id: str = "helse-nord-rhf", quorum: int = 3) -> dict[str, Any]:
    """A request registering a koordineringsutvalg of four members."""
    return {"owner_id": owner_id, "name": "Koordineringsutvalget", "kind": "koordineringsutvalg",
            "members": [{"name": n} for n in ("Kari Nordmann", "Ola Hansen", "Siri Berg", "Per Olsen")],
            "quorum": quorum, "decides_for": "Helse Nord RHF", "klageinstans": "Helse- og omsorgsdepartementet",
            "prefix": "KU-sak"}


def api_for(flask_app: Flask, grants: Grants, clock: FakeClock) -> Api:
    """The test client of `flask_app`, with a token for each of PEOPLE."""
    client = Api(flask_app.test_client(), grants, clock)
    register_organisations(grants)
    for name, (role, holder, org_no, community) in PEOPLE.items():
        client.tokens[name], _ = grants.issue_token(role, ISSUER, holder=holder, org_no=org_no,
                                                    community_id=community)
    client.deadline = clock.now.date() + timedelta(days=30)
    return client


def log_head(api: Api) -> int:
    """The position of the newest event in the log (0 when empty)."""
    return api.grants.recorder.max_notification_id() or 0


def page_login(client: FlaskClient, token: str) -> None:
    """Log in to the pages with a token, as a person would (CSRF token from the form)."""
    page = client.get("/logg-inn")
    csrf = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/logg-inn", data={"token": token, "csrf_token": csrf}).status_code == 302
