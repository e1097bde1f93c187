"""The scheme's rules over HTTP: the agreement between hospital trust and municipalities,
the recipient's acceptance of its grant, the final report a grant cannot close without,
and a reclaim that returns money to the pool only when it is repaid."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.web.support import Api, log_head
from workloads.builders import NLSH, TROMSO

ON = "/api/v1/applications/{}/"
OUTSIDER = "974795787"  # a real organisation number, not a party to the application


def _remaining(api: Api, pool_id: str) -> str:
    remaining: str = api.ok(api.get(f"/api/v1/pools/{pool_id}", "finance"))["remaining"]
    return remaining


def _agreement(parties: list[str]) -> dict[str, Any]:
    return {"signed_on": "2025-01-10", "parties": parties, "document_ref": "Avtale 2025-01",
            "patient_responsibility": "HF under innleggelse, kommunen etterpå"}


def test_the_agreement_needs_a_hospital_trust_and_a_municipality_among_the_applications_parties(api: Api) -> None:
    partners = [{"org_no": o.org_no, "name": o.name, "kind": o.kind} for o in (NLSH, TROMSO)]
    app = api.application("accepted", partners=partners)
    applicant = app["applicant"]["org_no"]
    pay = ON.format(app["id"]) + "disbursements"
    for parties, missing in (([applicant, TROMSO.org_no], "hospital trust"), ([NLSH.org_no], "municipality"),
                             ([applicant, NLSH.org_no, OUTSIDER], OUTSIDER)):
        head = log_head(api)
        refused = api.post(ON.format(app["id"]) + "agreement", "assessor", _agreement(parties))
        assert refused.status_code == 409, refused.get_json()
        assert refused.get_json()["type"].endswith(":agreement-parties") and missing in refused.get_json()["detail"]
        assert log_head(api) == head
        unpaid = api.post(pay, "finance", {"amount": "1", "payment_reference": f"UTB-{len(parties)}{missing[:3]}"})
        assert unpaid.status_code == 409 and unpaid.get_json()["type"].endswith(":agreement-missing")
    agreed = api.ok(api.post(ON.format(app["id"]) + "agreement", "assessor", _agreement([applicant, NLSH.org_no])))
    assert agreed["agreement"]["parties"] == [applicant, NLSH.org_no]
    no_record = api.post(ON.format(app["id"]) + "agreement", "assessor", {**_agreement([applicant, NLSH.org_no]),
                                                                           "document_ref": ""})
    assert no_record.status_code == 422 and "document_ref" in no_record.get_json()["errors"]
    paid = api.ok(api.post(pay, "finance", {"amount": "1000000", "payment_reference": "UTB-1"}), 201)
    assert paid["status"] == "paid"


def test_acceptance_gates_the_first_payment_and_a_declined_grant_frees_its_money(api: Api) -> None:
    app = api.application("approved")
    assert app["acceptance"] == {"answer": None, "answered_at": None}
    agreed = api.post(ON.format(app["id"]) + "agreement", "assessor",
                      _agreement([app["applicant"]["org_no"], NLSH.org_no]))
    assert agreed.status_code == 200
    refused = api.post(ON.format(app["id"]) + "disbursements", "finance", {"amount": "1", "payment_reference": "U1"})
    assert refused.status_code == 409 and refused.get_json()["type"].endswith(":not-accepted")
    answer = ON.format(app["id"]) + "grant-acceptance"
    assert api.post(answer, "finance", {"accept": True}).status_code == 403
    assert api.post(answer, "other_applicant", {"accept": True}).status_code == 404
    assert api.post(answer, "applicant", {"accept": "ja"}).status_code == 422
    accepted = api.ok(api.post(answer, "applicant", {"accept": True}))
    assert accepted["acceptance"]["answer"] == "accepted" and accepted["status"] == "approved"
    assert api.post(answer, "applicant", {"accept": False, "reason": "Likevel ikke"}).status_code == 409
    api.ok(api.post(ON.format(app["id"]) + "disbursements", "finance", {"amount": "1", "payment_reference": "U1"}),
           201)

    other = api.application("approved", round_id=app["round_id"])
    before = _remaining(api, app["pool_id"])
    assert api.post(ON.format(other["id"]) + "grant-acceptance", "applicant", {"accept": False}).status_code == 422
    declined = api.ok(api.post(ON.format(other["id"]) + "grant-acceptance", "applicant",
                               {"accept": False, "reason": "Fikk ikke rekruttert fagfolk"}))
    assert declined["status"] == "declined" and declined["acceptance"]["answer"] == "declined"
    after = _remaining(api, app["pool_id"])
    assert float(after) - float(before) == 1000000  # the declined grant's money is free again


def test_a_partial_grant_needs_reasons(api: Api) -> None:
    app = api.application("prioritised")
    approval = ON.format(app["id"]) + "approval"
    head = log_head(api)
    refused = api.post(approval, "committee", {"amount": "600000", "decision_ref": "KU-sak 3/2025"})
    assert refused.status_code == 422 and "reasons" in refused.get_json()["errors"] and log_head(api) == head
    granted = api.ok(api.post(approval, "committee", {"amount": "600000", "decision_ref": "KU-sak 3/2025",
                                                      "reasons": "Lavere prioritert; rammen rakk til 600 000 kr"}))
    assert granted["grant_reasons"].startswith("Lavere prioritert")


def test_a_grant_closes_only_once_its_final_report_is_accepted_or_waived(api: Api) -> None:
    app = api.application("paid")
    close = ON.format(app["id"]) + "closure"
    refused = api.post(close, "finance", {"reason": "Ferdig"})
    assert refused.status_code == 409 and refused.get_json()["type"].endswith(":report-missing")
    due = (api.clock.now.date() + timedelta(days=60)).isoformat()
    api.ok(api.post(ON.format(app["id"]) + "reports", "finance", {"kind": "final", "due_on": due}), 201)
    assert api.post(close, "finance", {"reason": "Ferdig"}).status_code == 409
    waiver = ON.format(app["id"]) + "reports/final-1/waiver"
    assert api.post(waiver, "applicant", {"reason": "Vil ikke"}).status_code == 403
    assert api.post(waiver, "finance", {"reason": ""}).status_code == 422
    waived = api.ok(api.post(waiver, "finance", {"reason": "Regnskapet er revidert og levert i annen sak"}))
    assert waived["reports"][0]["status"] == "waived"
    assert api.ok(api.post(close, "finance", {"reason": "Ferdig"}))["status"] == "closed"


def test_a_reclaim_leaves_the_pool_as_it_was_until_the_repayment_arrives_once(api: Api) -> None:
    app = api.heard(api.application("paid"))
    pool_id = app["pool_id"]
    before = _remaining(api, pool_id)
    due = (api.clock.now.date() + timedelta(days=30)).isoformat()
    late = (api.clock.now.date() - timedelta(days=1)).isoformat()
    reclaims = ON.format(app["id"]) + "reclaims"
    assert api.post(reclaims, "finance", {"amount": "100000", "reason": "Ubrukt"}).status_code == 422  # no due date
    assert api.post(reclaims, "finance", {"amount": "100000", "reason": "Ubrukt", "due_on": late}).status_code == 422
    claimed = api.ok(api.post(reclaims, "finance", {"amount": "100000", "reason": "Ubrukte midler", "due_on": due}),
                     201)
    assert (claimed["reclaimed_amount"], claimed["repaid_amount"], claimed["repayment_due_on"]) == (
        "100000.00", "0.00", due)
    pool = api.ok(api.get(f"/api/v1/pools/{pool_id}", "finance"))
    assert pool["remaining"] == before and pool["claims_outstanding"] == "100000.00"
    repay = ON.format(app["id"]) + "repayments"
    body = {"amount": "40000", "received_on": api.clock.now.date().isoformat(), "reference": "INNB-7"}
    assert api.post(repay, "assessor", body).status_code == 403
    first = api.ok(api.post(repay, "finance", body), 201)
    head = log_head(api)
    again = api.post(repay, "finance", body)  # the same reference again: answered, recorded once
    assert again.status_code == 200 and log_head(api) == head
    assert first["repaid_amount"] == again.get_json()["repaid_amount"] == "40000.00"
    assert api.post(repay, "finance", {**body, "amount": "1"}).status_code == 409  # the reference, another amount
    too_much = api.post(repay, "finance", {**body, "amount": "60000.01", "reference": "INNB-8"})
    assert too_much.status_code == 409
    pool = api.ok(api.get(f"/api/v1/pools/{pool_id}", "finance"))
    assert float(pool["remaining"]) - float(before) == 40000 and pool["claims_outstanding"] == "60000.00"
