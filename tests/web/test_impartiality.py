"""Impartiality (forvaltningsloven § 6) is the person's, across every membership they
hold: a person registered as applicant for Bodø kommune who also sits on the committee,
in the secretariat and in finance may not handle a single step of Bodø's applications —
including one they submitted themselves — through any of those memberships, while the
same memberships handle another organisation's application as usual. The refusal is
409 `conflict-of-interest` naming the tie, records nothing, and the pages show the
conflict before anyone tries."""

from __future__ import annotations

from typing import Any

import pytest

from domain.values import APPLICANT, ASSESSOR, COMMITTEE, FINANCE
from tests.web.pageforms import logged_in
from tests.web.support import ISSUER, STAGE_BODIES, Api, log_head
from workloads.builders import BODO, LVS, NLSH, NORD, TROMSO

BO = {"holder": "Bo Kaspersen", "email": "bo.kaspersen@bodo.kommune.no"}
TROMSO_APPLIES = {"applicant": {"org_no": TROMSO.org_no, "name": TROMSO.name, "kind": TROMSO.kind},
                  "partners": [{"org_no": NLSH.org_no, "name": NLSH.name, "kind": NLSH.kind}]}

#: Each step a case worker takes on an application: the stage it is taken at, the
#: membership Bo takes it through, the endpoint and its body.
STEPS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("submitted", "bo_assessor", "screening", {"eligible": True, "reason": "Innenfor ordningen"}),
    ("submitted", "bo_assessor", "scores", STAGE_BODIES["scored"][2]),
    ("scored", "bo_assessor", "prioritisation", STAGE_BODIES["prioritised"][2]),
    ("scored", "bo_assessor", "information-request", {"question": "Hvem drifter tiltaket?",
                                                      "reply_by": "2025-06-01"}),
    ("prioritised", "bo_committee", "approval", STAGE_BODIES["approved"][2]),
    ("prioritised", "bo_committee", "rejection", {"reasons": "Utenfor prioriterte grupper",
                                                   "decision_ref": "KU-sak 8/2025"}),
    ("approved", "bo_assessor", "agreement", STAGE_BODIES["agreed"][2]),
    ("approved", "bo_committee", "agreement", STAGE_BODIES["agreed"][2]),
    ("approved", "bo_finance", "reports", {"kind": "interim", "due_on": "2025-12-31"}),
    ("agreed", "bo_finance", "disbursements", {"amount": "400000", "payment_reference": "UTB-BO"}),
    ("agreed", "bo_finance", "closure", {"reason": "Tiltaket ble ikke gjennomført"}),
    ("paid", "bo_finance", "reclaims", {"amount": "100000", "reason": "Ikke brukt som avtalt",
                                                  "due_on": "2025-12-31"}),
]


def _bo(api: Api) -> None:
    """Bo Kaspersen: applicant for Bodø kommune, assessor in its community, committee
    member and finance officer of Helse Nord — one person, four memberships."""
    for name, role, scope in (("bo_applicant", APPLICANT, {"org_no": BODO.org_no}),
                              ("bo_assessor", ASSESSOR, {"community_id": LVS.id}),
                              ("bo_committee", COMMITTEE, {"owner_id": NORD.id}),
                              ("bo_finance", FINANCE, {"owner_id": NORD.id})):
        api.tokens[name], _ = api.grants.issue_token(role, ISSUER, **BO, **scope)  # type: ignore[arg-type]


def _step(api: Api, app: dict[str, Any], who: str, path: str, body: dict[str, Any]) -> Any:
    if path == "agreement":
        body = {**body, "parties": [app["applicant"]["org_no"], *(p["org_no"] for p in app["partners"])]}
    return api.post(f"/api/v1/applications/{app['id']}/{path}", who, body)


@pytest.mark.parametrize(("stage", "who", "path", "body"), STEPS, ids=[f"{s[2]}-{s[1]}" for s in STEPS])
def test_every_step_on_the_persons_own_organisations_case_is_refused_through_every_membership(
        api: Api, stage: str, who: str, path: str, body: dict[str, Any]) -> None:
    _bo(api)
    # Bodø's application, submitted by Bo himself and brought to the stage by others.
    bodo = api.application(stage, submitter="bo_applicant")
    # Another organisation's, in the same community and pool.
    tromso = api.application(stage, round_id=bodo["round_id"], submitter="other_applicant", **TROMSO_APPLIES)

    before = log_head(api)
    refused = _step(api, bodo, who, path, body)
    assert refused.status_code == 409, refused.get_json()
    problem = refused.get_json()
    assert problem["type"] == "urn:tilskudd:problem:conflict-of-interest"
    assert "Bo Kaspersen" in problem["detail"] and bodo["reference"] in problem["detail"]
    assert log_head(api) == before, "a refused step records nothing"

    if path in ("closure", "reclaims"):  # the parties are heard first (forvaltningsloven § 16)
        api.heard(tromso, "close" if path == "closure" else "reclaim", by="other_applicant")
    allowed = _step(api, tromso, who, path, body)
    assert allowed.status_code in (200, 201), allowed.get_json()


def test_the_tie_is_named_whichever_organisation_it_runs_through(api: Api) -> None:
    _bo(api)
    # Submitted by someone else, but Bo's applicant membership names Bodø: the tie is Bodø.
    bodo = api.application("prioritised")
    refused = _step(api, bodo, "bo_committee", "approval", STAGE_BODIES["approved"][2]).get_json()
    assert f"Bodø kommune ({BODO.org_no})" in refused["detail"], refused
    # A partner ties too: Bo's employer is Nordlandssykehuset on one more membership.
    api.tokens["bo_finance_nlsh"], _ = api.grants.issue_token(FINANCE, ISSUER, **BO, owner_id="all",
                                                              org_no=NLSH.org_no)
    tromso = api.application("agreed", round_id=bodo["round_id"], submitter="other_applicant", **TROMSO_APPLIES)
    for who in ("bo_finance", "bo_finance_nlsh"):
        refused = _step(api, tromso, who, "disbursements", {"amount": "1", "payment_reference": f"UTB-{who}"})
        assert refused.status_code == 409, refused.get_json()
        assert f"Nordlandssykehuset HF ({NLSH.org_no})" in refused.get_json()["detail"]


def test_whoever_submitted_is_tied_after_their_applicant_membership_is_gone(api: Api) -> None:
    _bo(api)
    bodo = api.application("submitted", submitter="bo_applicant")
    person = api.get("/api/v1/me", "bo_applicant").get_json()
    api.ok(api.call("DELETE", f"/api/v1/people/{person['person']['id']}/memberships/{person['membership']['id']}",
                    "admin"), (200, 204))
    refused = _step(api, bodo, "bo_assessor", "screening", {"eligible": True, "reason": "OK"})
    assert refused.status_code == 409 and "submitted" in refused.get_json()["detail"], refused.get_json()


def test_the_employer_on_one_of_two_committee_memberships_disqualifies_both(api: Api) -> None:
    # Stig sits on the committee twice: once with Bodø kommune as employer, once without.
    stig = {"holder": "Stig Hansen", "email": "stig.hansen@example.no"}
    api.tokens["stig_employed"], _ = api.grants.issue_token(COMMITTEE, ISSUER, **stig, owner_id=NORD.id,
                                                            org_no=BODO.org_no)
    api.tokens["stig_plain"], _ = api.grants.issue_token(COMMITTEE, ISSUER, **stig, owner_id="all")
    bodo = api.application("prioritised")
    for who in ("stig_employed", "stig_plain"):
        before = log_head(api)
        refused = _step(api, bodo, who, "approval", STAGE_BODIES["approved"][2])
        assert refused.status_code == 409, (who, refused.get_json())
        assert refused.get_json()["type"].endswith("conflict-of-interest")
        assert log_head(api) == before
    # Declaring recusal is what a disqualified member does; then the rest decide.
    api.ok(_step(api, bodo, "stig_plain", "recusal", {"reason": "Ansatt i Bodø kommune"}))
    api.ok(_step(api, bodo, "committee", "approval", STAGE_BODIES["approved"][2]))


def test_the_pages_show_the_conflict_before_anyone_tries(api: Api) -> None:
    _bo(api)
    bodo = api.application("prioritised")
    tromso = api.application("prioritised", round_id=bodo["round_id"], submitter="other_applicant",
                             **TROMSO_APPLIES)
    browser = logged_in(api, "bo_committee")
    meeting = browser.get(f"/moter/{bodo['round_id']}").get_data(as_text=True)
    row = meeting.split(f'data-reference="{bodo["reference"]}"')[1].split("</tr>")[0]
    assert "Du er inhabil: du er registrert hos Bodø kommune" in row
    assert f'name="valgt" value="{bodo["id"]}"' not in row, "a conflicted member cannot select the case"
    other = meeting.split(f'data-reference="{tromso["reference"]}"')[1].split("</tr>")[0]
    assert "inhabil" not in other and f'value="{tromso["id"]}"' in other

    case = browser.get(f"/soknader?referanse={bodo['reference']}").get_data(as_text=True)
    assert "data-tie" in case and "Bodø kommune" in case
    assert "/innvilg" not in case and "/avslag" not in case, "no decision form on a case one is tied to"
    assert "/inhabil" in case, "recusal is still offered"
    assert "/innvilg" in browser.get(f"/soknader?referanse={tromso['reference']}").get_data(as_text=True)

    # A decision sent all the same is refused with the tie in bokmål, and nothing is recorded.
    before = log_head(api)
    page = browser.get(f"/soknader?referanse={tromso['reference']}").get_data(as_text=True)
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = browser.post(f"/soknader/{bodo['id']}/avslag", data={"csrf_token": csrf, "reasons": "Nei",
                                                                      "decision_ref": "KU-sak 7/2025"})
    assert answer.status_code == 422
    assert "Du er inhabil: du er registrert hos Bodø kommune" in answer.get_data(as_text=True)
    assert log_head(api) == before
