"""Every page form on an application outside the person's scope answers exactly as a
missing application does — the 404 page, never a 500 — so the pages do not tell
whether an application exists: another organisation's (an applicant), another
community's (an assessor) and another owner's (committee, finance, auditor)."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import pytest
from flask.testing import FlaskClient

from domain.values import AUDITOR, COMMITTEE, FINANCE
from tests.web.pageforms import logged_in
from tests.web.support import ISSUER, Api, log_head
from web.pages.actions import READERS_OF_FORMS
from workloads.builders import SOR

#: Every field any application form reads, filled as a person would.
TYPED = {"amount": "1 000", "recommended_amount": "1 000", "rank": "1", "reason": "Fordi", "reasons": "Fordi",
         "decision_ref": "KU 1", "conditions": "", "payment_reference": "UTB-X", "eligible": "ja",
         "poeng-effekt": "4", "poeng-samarbeid": "3", "comment": "OK", "signed_on": "2025-01-10",
         "parties": "972418013 983974899", "document_ref": "Avtale", "patient_responsibility": "Delt",
         "question": "Hvem?", "reply_by": "2025-06-01", "answer": "Vi", "kind": "final", "due_on": "2025-12-31",
         "report_id": "final-1", "text": "Rapport", "spent_amount": "0", "title": "Ny tittel", "summary": "Ny",
         "requested_amount": "900 000"}
#: Who reaches outside their scope: another organisation, community and owner.
OUTSIDERS = ("other_applicant", "assessor_elsewhere", "committee_sor", "finance_sor", "auditor_sor")
FORMS = [*READERS_OF_FORMS, "vedlegg"]


def _page(answer: Any) -> str:
    """The page, but for its CSRF token (signed with the second it was made in)."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", answer.get_data(as_text=True))


def _csrf(browser: FlaskClient) -> str:
    page = browser.get("/").get_data(as_text=True)
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def _post(browser: FlaskClient, application_id: str, form: str) -> Any:
    data = {**TYPED, "csrf_token": _csrf(browser), "skjema": uuid4().hex, "versjon": "1"}
    return browser.post(f"/soknader/{application_id}/{form}", data=data)


@pytest.fixture
def outsiders(api: Api) -> dict[str, FlaskClient]:
    for name, role in (("committee_sor", COMMITTEE), ("finance_sor", FINANCE), ("auditor_sor", AUDITOR)):
        api.tokens[name], _ = api.grants.issue_token(role, ISSUER, holder=f"Sør-Øst {role}", owner_id=SOR.id)
    return {name: logged_in(api, name) for name in OUTSIDERS}


@pytest.mark.parametrize("stage", ["scored", "agreed"])
def test_every_page_form_on_an_application_outside_ones_scope_answers_as_a_missing_one(
        api: Api, outsiders: dict[str, FlaskClient], stage: str) -> None:
    bodo = api.application(stage)  # Bodø kommune's, in Helse Nord's pool, through Lofoten/Vesterålen/Salten
    before = log_head(api)
    answers: dict[tuple[str, str], int] = {}
    for who, browser in outsiders.items():
        for form in FORMS:
            missing = _post(browser, str(uuid4()), form)
            outside = _post(browser, bodo["id"], form)
            answers[(who, form)] = outside.status_code
            assert missing.status_code == 404, (who, form, missing.status_code)
            assert outside.status_code == 404, (who, form, outside.status_code, outside.get_data(as_text=True)[:300])
            assert _page(outside) == _page(missing), (who, form)
        page = browser.get(f"/soknader?referanse={bodo['reference']}")
        assert page.status_code == 404, who
        download = browser.get(f"/soknader/{bodo['id']}/vedlegg/{'0' * 64}")
        assert download.status_code == 404, who
    assert log_head(api) == before, "nothing recorded"
    assert len(answers) == len(OUTSIDERS) * len(FORMS) and set(answers.values()) == {404}


def test_the_meeting_of_another_owners_round_answers_404_and_decides_nothing(
        api: Api, outsiders: dict[str, FlaskClient]) -> None:
    bodo = api.application("prioritised")
    before = log_head(api)
    browser = outsiders["committee_sor"]
    assert browser.get(f"/moter/{bodo['round_id']}").status_code == 404
    for handling in ("innvilg", "avslag"):
        answer = browser.post(f"/moter/{bodo['round_id']}/vedtak", data={
            "csrf_token": _csrf(browser), "skjema": uuid4().hex, "handling": handling, "valgt": bodo["id"],
            f"amount-{bodo['id']}": "1000", "decision_ref": "KU 1", "rejection_ref": "KU 2", "reasons": "Nei"})
        assert answer.status_code == 404, handling
    assert log_head(api) == before
