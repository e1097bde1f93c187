"""The round form is complete: holdback and reporting terms go with the call, and the
weights mean on the pages what they mean to the score — relative, shown as shares of
their sum — so 40 + 30 + 20 is a valid call, and the applicant reads the shares and
the terms on the call page."""

from __future__ import annotations

from tests.web.pageforms import logged_in, send
from tests.web.support import Api


def test_finance_opens_a_call_with_holdback_and_reporting_terms_and_the_applicant_reads_them(api: Api) -> None:
    pool = api.pool("5000000")
    finance = logged_in(api, "finance")
    opened = send(finance, "/okonomi/potter", "/okonomi/utlysninger", {
        "pool_id": pool["id"], "title": "Utlysning med vilkår", "deadline": api.deadline.isoformat(),
        "criteria": "effekt;Forventet effekt;40\nsamarbeid;Samarbeid;30\nvarig;Varig drift;20",
        "holdback_percent": "10", "final_report_months": "9",
        "call_text": "Tilskudd til felles tiltak mellom kommuner og helseforetak.\nSøk innen fristen."})
    assert opened.status_code == 303
    page = logged_in(api, "applicant").get("/utlysninger").get_data(as_text=True)
    section = page.split("Utlysning med vilkår</h2>")[1].split("</section>")[0]
    assert "10 % av hvert tilskudd utbetales først når sluttrapporten er godkjent" in section
    assert "Sluttrapport innen 9 måneder etter tilskuddets siste budsjettår" in section
    for share in ("44,4 %", "33,3 %", "22,2 %"):  # 40, 30 and 20 of 90
        assert share in section, share
    assert "Tilskudd til felles tiltak mellom kommuner og helseforetak.\nSøk innen fristen." in section



def test_the_call_text_goes_with_the_round_in_the_api_and_on_to_the_next_in_its_series(api: Api) -> None:
    pool = api.pool("5000000")
    body = {"pool_id": pool["id"], "title": "Utlysning 2025", "deadline": api.deadline.isoformat(),
            "criteria": [{"id": "effekt", "name": "Effekt", "weight": 1}], "requires_own_contribution": False,
            "call_text": "Søknaden skal beskrive tiltaket og partene."}
    opened = api.ok(api.post("/api/v1/rounds", "finance", body), 201)
    assert api.ok(api.get(f"/api/v1/rounds/{opened['id']}", "finance"))["call_text"] == body["call_text"]
    api.ok(api.post(f"/api/v1/pools/{pool['id']}/years", "finance",
                    {"year": 2026, "amount": "5000000", "reason": "Statsbudsjettet 2026"}))
    following = api.ok(api.post(f"/api/v1/rounds/{opened['id']}/next", "finance", {}), 201)
    assert following["call_text"] == body["call_text"]
    too_long = api.post("/api/v1/rounds", "finance", {**body, "call_text": "x" * 20_001})
    assert too_long.status_code == 422 and "call_text" in too_long.get_json()["errors"]


def test_a_wrong_holdback_is_refused_in_words_and_opens_nothing(api: Api) -> None:
    pool = api.pool("5000000")
    finance = logged_in(api, "finance")
    refused = send(finance, "/okonomi/potter", "/okonomi/utlysninger", {
        "pool_id": pool["id"], "title": "Feil vilkår", "deadline": api.deadline.isoformat(),
        "criteria": "effekt;Forventet effekt;1", "holdback_percent": "80", "final_report_months": "tre"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Andel som holdes tilbake" in text and "Frist for sluttrapport må være et tall." in text
    assert "Feil vilkår" not in logged_in(api, "applicant").get("/utlysninger").get_data(as_text=True)
