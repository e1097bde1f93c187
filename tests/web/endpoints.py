"""The API's write endpoints as data: path, who may call it, the state it needs, a valid
body, and the status a success answers. The role matrix and the ownership tests walk it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.web.support import Api, application_body, body_of_a_body, pool_body, round_body
from workloads.builders import BODO, NLSH


@dataclass(frozen=True)
class WriteEndpoint:
    """One write endpoint; `prepare(api)` builds what it acts on and returns the path."""

    name: str
    method: str
    roles: tuple[str, ...]
    success: int
    prepare: Callable[[Api], str]
    body: Callable[[Api], dict[str, Any]]
    on_application: bool = False


def _app_at(stage: str, suffix: str) -> Callable[[Api], str]:
    def prepare(api: Api) -> str:
        app = api.application(stage)
        return f"/api/v1/applications/{app['id']}{suffix}"
    return prepare


def _reclaimed(api: Api) -> str:
    """A paid application with 100 000 kr claimed back."""
    app = api.heard(api.application("paid"))
    path = f"/api/v1/applications/{app['id']}"
    api.ok(api.post(f"{path}/reclaims", "finance", {"amount": "100000", "reason": "Ubrukt", "due_on": "2025-12-31"}))
    return f"{path}/repayments"


def _heard(stage: str, intent: str, suffix: str) -> Callable[[Api], str]:
    """An application at `stage` whose parties were heard on `intent`."""
    def prepare(api: Api) -> str:
        return f"/api/v1/applications/{api.heard(api.application(stage), intent)['id']}{suffix}"
    return prepare


def _noticed(api: Api) -> str:
    """A paid application with a notice of reclaim waiting on the parties' answer."""
    app = api.application("paid")
    api.ok(api.post(f"/api/v1/applications/{app['id']}/notices", "finance",
                    {"intent": "reclaim", "text": "Ubrukte midler", "comment_by": "2025-02-15"}))
    return f"/api/v1/applications/{app['id']}/notices/answer"


def _complained(suffix: str, forwarded: bool = False) -> Callable[[Api], str]:
    """A refused application complained of (and forwarded to the klageinstans)."""
    def prepare(api: Api) -> str:
        app = api.complained()
        if forwarded:
            api.ok(api.post(f"/api/v1/applications/{app['id']}/complaints/forwarding", "committee",
                            {"statement": "Vi fastholder vedtaket"}))
        return f"/api/v1/applications/{app['id']}{suffix}"
    return prepare


def _rejected(api: Api) -> str:
    app = api.application("prioritised")
    api.ok(api.post(f"/api/v1/applications/{app['id']}/rejection", "committee",
                    {"reasons": "Lavere prioritert", "decision_ref": "KU-sak 30/2025"}))
    return f"/api/v1/applications/{app['id']}/complaints"


def _in_meeting(suffix: str) -> Callable[[Api], str]:
    """A meeting of Helse Nord's body and a prioritised application to decide in it (its
    id kept for the body of the request)."""
    def prepare(api: Api) -> str:
        app = api.application("prioritised")
        meeting = api.meeting()
        api.made["application_id"] = app["id"]
        return f"/api/v1/meetings/{meeting['id']}{suffix}"
    return prepare


def _made(body: dict[str, Any]) -> Callable[[Api], dict[str, Any]]:
    return lambda api: {**body, "application_id": api.made["application_id"]}


def _report_owed(api: Api) -> str:
    """A paid application that owes its final report."""
    app = api.application("paid")
    path = f"/api/v1/applications/{app['id']}"
    api.ok(api.post(f"{path}/reports", "finance", {"kind": "final", "due_on": "2025-12-31"}))
    return f"{path}/reports/final-1/waiver"


def _const(body: dict[str, Any]) -> Callable[[Api], dict[str, Any]]:
    return lambda api: dict(body)


def _round_for_submission(api: Api) -> dict[str, Any]:
    return application_body(api.round()["id"])


def _round_opening(api: Api) -> dict[str, Any]:
    return round_body(api.pool()["id"], api.deadline)


def _access_requested(api: Api) -> str:
    """A request for access to the newest entry of the journal (a new application's)."""
    api.application("submitted")
    entry = api.ok(api.call("GET", "/api/v1/journal/public", None))["entries"][0]["entry"]
    made = api.ok(api.call("POST", "/api/v1/journal/access-requests", None,
                           {"entry": entry, "name": "Ola Journalist", "email": "ola@avis.example.no"}))
    return f"/api/v1/access-requests/{made['id']}/decision"


WRITE_ENDPOINTS: tuple[WriteEndpoint, ...] = (
    WriteEndpoint("open pool", "POST", ("finance",), 201, lambda api: "/api/v1/pools", _const(pool_body())),
    WriteEndpoint("increase pool", "POST", ("finance",), 200,
                  lambda api: f"/api/v1/pools/{api.pool()['id']}/increases",
                  _const({"amount": "90000000", "reason": "RNB 2024"})),
    WriteEndpoint("open round", "POST", ("finance",), 201, lambda api: "/api/v1/rounds", _round_opening),
    WriteEndpoint("close round", "POST", ("finance",), 200,
                  lambda api: f"/api/v1/rounds/{api.round()['id']}/close", _const({})),
    WriteEndpoint("submit", "POST", ("applicant",), 201, lambda api: "/api/v1/applications", _round_for_submission),
    WriteEndpoint("amend", "PATCH", ("applicant",), 200, _app_at("submitted", ""),
                  _const({"title": "FACT-team for hele Salten"}), True),
    WriteEndpoint("withdraw", "POST", ("applicant",), 200, _app_at("submitted", "/withdrawal"),
                  _const({"reason": "Prosjektet er lagt på is"}), True),
    WriteEndpoint("screen", "POST", ("assessor",), 200, _app_at("submitted", "/screening"),
                  _const({"eligible": True, "reason": "Oppfyller kriteriene"}), True),
    WriteEndpoint("score", "POST", ("assessor",), 200, _app_at("submitted", "/scores"),
                  _const({"scores": {"effekt": 5, "samarbeid": 2}, "comment": "Lovende"}), True),
    WriteEndpoint("prioritise", "POST", ("assessor",), 200, _app_at("scored", "/prioritisation"),
                  _const({"rank": 2, "recommended_amount": "800000"}), True),
    WriteEndpoint("declare recusal", "POST", ("assessor", "committee"), 200, _app_at("submitted", "/recusal"),
                  _const({"reason": "Nær familie i prosjektledelsen"}), True),
    WriteEndpoint("approve", "POST", ("committee",), 200, _app_at("prioritised", "/approval"),
                  _const({"amount": "900000", "conditions": "Sluttrapport", "decision_ref": "KU 3/2025",
                          "reasons": "Redusert etter prioriteringen"}), True),
    WriteEndpoint("answer grant", "POST", ("applicant",), 200, _app_at("approved", "/grant-acceptance"),
                  _const({"accept": True, "reason": "Vi tar imot tilskuddet"}), True),
    WriteEndpoint("reject", "POST", ("committee",), 200, _app_at("prioritised", "/rejection"),
                  _const({"reasons": "Svak forankring", "decision_ref": "KU-sak 13/2025"}), True),
    WriteEndpoint("register agreement", "POST", ("assessor", "committee"), 200, _app_at("approved", "/agreement"),
                  _const({"signed_on": "2025-01-10", "parties": [BODO.org_no, NLSH.org_no],
                          "document_ref": "Avtale 7", "patient_responsibility": "Kommunen etter utskriving"}), True),
    WriteEndpoint("disburse", "POST", ("finance",), 201, _app_at("agreed", "/disbursements"),
                  _const({"amount": "500000", "payment_reference": "UTB-77"}), True),
    WriteEndpoint("give notice", "POST", ("finance",), 201, _app_at("paid", "/notices"),
                  _const({"intent": "reclaim", "text": "Ubrukte midler", "comment_by": "2025-02-15",
                          "amount": "100000"}), True),
    WriteEndpoint("answer notice", "POST", ("applicant",), 200, _noticed,
                  _const({"answer": "Vi er enige"}), True),
    WriteEndpoint("lodge complaint", "POST", ("applicant",), 201, _rejected,
                  _const({"text": "Vi klager", "received_on": "2025-01-15"}), True),
    WriteEndpoint("reverse decision", "POST", ("committee",), 200, _complained("/complaints/reversal"),
                  _const({"amount": "500000", "decision_ref": "KU-sak 31/2025", "reasons": "Omgjort"}), True),
    WriteEndpoint("forward complaint", "POST", ("committee",), 200, _complained("/complaints/forwarding"),
                  _const({"statement": "Vi fastholder vedtaket"}), True),
    WriteEndpoint("record appeal decision", "POST", ("committee",), 200,
                  _complained("/complaints/appeal-decision", forwarded=True),
                  _const({"outcome": "upheld", "reasons": "Vedtaket står", "decision_ref": "HOD 2025/1"}), True),
    WriteEndpoint("register body", "POST", ("committee",), 201, lambda api: "/api/v1/bodies",
                  lambda api: body_of_a_body()),
    WriteEndpoint("hold meeting", "POST", ("committee",), 201, lambda api: api.body() and "/api/v1/meetings",
                  lambda api: {"owner_id": "helse-nord-rhf", "held_on": api.clock.now.date().isoformat(),
                               "place": "Bodø", "present": ["m1", "m2", "m3"]}),
    WriteEndpoint("record meeting recusal", "POST", ("committee",), 200, _in_meeting("/recusals"),
                  _made({"member_id": "m1", "reason": "Gift med prosjektlederen"})),
    WriteEndpoint("decide in meeting", "POST", ("committee",), 200, _in_meeting("/decisions"),
                  _made({"decision": "reject", "reasons": "Lavere prioritert enn de innvilgede"})),
    WriteEndpoint("close meeting", "POST", ("committee",), 200, _in_meeting("/closure"), _const({})),
    WriteEndpoint("reclaim", "POST", ("finance",), 201, _heard("paid", "reclaim", "/reclaims"),
                  _const({"amount": "100000", "reason": "Ubrukte midler", "due_on": "2025-12-31"}), True),
    WriteEndpoint("record repayment", "POST", ("finance",), 201, _reclaimed,
                  _const({"amount": "100000", "received_on": "2025-01-15", "reference": "INNB-7"}), True),
    WriteEndpoint("waive report", "POST", ("finance", "assessor"), 200, _report_owed,
                  _const({"reason": "Regnskapet er levert i annen sak"}), True),
    WriteEndpoint("add pool year", "POST", ("finance",), 200,
                  lambda api: f"/api/v1/pools/{api.pool()['id']}/years",
                  _const({"year": 2026, "amount": "1000000", "reason": "Statsbudsjettet 2026"})),
    WriteEndpoint("close", "POST", ("finance",), 200, _heard("approved", "close", "/closure"),
                  _const({"reason": "Prosjektet avsluttet"}), True),
    WriteEndpoint("decide access", "POST", ("assessor", "committee", "finance"), 200, _access_requested,
                  _const({"outcome": "refused", "legal_basis": "Offl. § 14 første ledd",
                          "reasons": "Organinternt dokument"})),
)
