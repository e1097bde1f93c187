"""Each role's work on the pages (Flask's test client): every form runs the use case
once, answers with post/redirect/get, and a refusal is shown in bokmål with nothing
recorded. The browser stories (test_role_stories.py) walk the same jobs in chromium."""

from __future__ import annotations

import re

from tests.web.pageforms import forms_of, logged_in, send, send_confirmed
from tests.web.support import ROLE_TOKENS, Api, application_body, log_head

STATUS_OF = "/api/v1/applications?reference={}"


def _one(api: Api, reference: str, who: str = "auditor") -> dict[str, object]:
    items = api.ok(api.get(STATUS_OF.format(reference), who))["items"]
    assert len(items) == 1, items
    found: dict[str, object] = items[0]
    return found


def test_the_menu_offers_only_pages_that_open(api: Api) -> None:
    app = api.application("agreed")
    for who in ROLE_TOKENS:
        client = logged_in(api, who)
        home = client.get("/").get_data(as_text=True)
        links = set(re.findall(r'<nav aria-label="Hovedmeny">(.*?)</nav>', home, re.DOTALL)[0].split('href="')[1:])
        paths = {link.split('"')[0] for link in links} - {"/docs"}
        assert paths, who
        for path in paths:
            assert client.get(path).status_code == 200, (who, path)
        if who != "admin":
            assert client.get(f"/soknader?referanse={app['reference']}").status_code == 200, who


def test_an_applicant_finds_the_call_applies_and_gets_a_receipt_once(api: Api) -> None:
    round_ = api.round()
    client = logged_in(api, "applicant")
    calls = client.get("/utlysninger").get_data(as_text=True)
    assert round_["title"] in calls and "Forventet effekt" in calls
    assert "75 %" in calls and "25 %" in calls, "weights 3 and 1 are shares of their sum"
    typed = {"health_community": "hf-lvs", "title": "Ambulant team i Salten", "summary": "Felles team.",
             "requested_amount": "kr 450 000", "own_contribution": "", "budget-2025": "450 000",
             "bidrag-soker-in_kind": "100 000,50", "bidrag-0-cash": "20 000",  # own contribution: their sum
             "lasting_operation": "Teamet videreføres i ordinært budsjett.",
             "partner-0-org_no": "983974899", "partner-0-name": "Nordlandssykehuset HF",
             "partner-0-kind": "hospital_trust", "priority_groups": ["frail_elderly"],
             "contact_name": "Hilde Johansen", "contact_email": "hilde@bodo.kommune.no"}
    page = f"/utlysninger/{round_['id']}/soknad"
    html = client.get(page).get_data(as_text=True)
    form = next(f for f in forms_of(html) if f["method"] == "post" and f["action"].endswith("/soknad"))
    data = {name: value for name, value in form["fields"]} | typed
    data["budget_year"] = [value for name, value in form["fields"] if name == "budget_year"]
    answer = client.post(form["action"], data=data)
    assert answer.status_code == 303
    receipt = client.get(answer.headers["Location"]).get_data(as_text=True)
    reference = re.search(r"med referanse (RST-\d{4}-\d{4})", receipt)
    assert reference is not None, receipt
    found = _one(api, reference.group(1), "applicant")
    assert found["title"] == "Ambulant team i Salten" and found["requested_amount"] == "450000.00"
    assert found["own_contribution"] == "120000.50" and found["partners"][0]["org_no"] == "983974899"  # type: ignore[index]
    assert found["contributions"] == [{"org_no": "972418013", "kind": "in_kind", "amount": "100000.50"},
                                      {"org_no": "983974899", "kind": "cash", "amount": "20000.00"}]
    assert found["lasting_operation"] == "Teamet videreføres i ordinært budsjett."
    head = log_head(api)
    assert client.post(form["action"], data=data).status_code == 303  # the same form again: nothing new
    assert log_head(api) == head
    assert len(api.ok(api.get("/api/v1/applications", "applicant"))["items"]) == 1


def test_a_wrong_application_form_says_what_is_wrong_in_bokmal_and_records_nothing(api: Api) -> None:
    round_ = api.round()
    client = logged_in(api, "applicant")
    head = log_head(api)
    answer = send(client, f"/utlysninger/{round_['id']}/soknad", "/soknad",
                  {"title": "", "summary": "Noe", "requested_amount": "mange penger", "health_community": "hf-lvs"})
    assert answer.status_code == 422
    text = answer.get_data(as_text=True)
    assert "Tittel må fylles ut, med høyst 300 tegn." in text and "Søkt beløp må være et kronebeløp over null" in text
    assert 'aria-invalid="true"' in text
    assert log_head(api) == head


def test_the_secretariat_screens_scores_and_ranks_on_the_pages(api: Api) -> None:
    first = api.application("submitted")
    second = api.application("submitted", round_id=first["round_id"], amount="500000")
    client = logged_in(api, "assessor")
    queue = client.get("/arbeidsliste").get_data(as_text=True)
    assert first["reference"] in queue and second["reference"] in queue and "dager" in queue
    for app in (first, second):
        page = f"/soknader?referanse={app['reference']}"
        assert send(client, page, "/vurdering", {"eligible": "ja", "reason": "Oppfyller kravene"}).status_code == 303
        assert send(client, page, "/poeng", {"poeng-effekt": "4", "poeng-samarbeid": "2",
                                             "comment": "Godt"}).status_code == 303
    ranked = send(client, "/arbeidsliste", "/prioritering",
                  {f"rank-{second['id']}": "1", f"amount-{second['id']}": "450 000",
                   f"rank-{first['id']}": "2", f"amount-{first['id']}": "900000"})
    assert ranked.status_code == 303
    one, two = _one(api, second["reference"]), _one(api, first["reference"])
    assert (one["status"], one["rank"], one["recommended_amount"]) == ("prioritised", 1, "450000.00")
    assert (two["rank"], two["total_score"]) == (2, 3.5)


def test_the_committee_decides_the_ranked_list_until_the_pool_runs_out(api: Api) -> None:
    pool = api.pool("1000000")
    round_ = api.round(pool["id"])
    apps = [api.application("prioritised", round_id=round_["id"], amount="400000") for _ in range(3)]
    client = logged_in(api, "committee")
    meeting = f"/moter/{round_['id']}"
    assert "kr\u00a01\u00a0000\u00a0000" in client.get(meeting).get_data(as_text=True)
    head = log_head(api)
    answer = send_confirmed(client, meeting, "/vedtak", {"valgt": [a["id"] for a in apps], "handling": "innvilg",
                                                          "decision_ref": "KU-sak 3/2025", "conditions": ""})
    assert answer.status_code == 422
    text = answer.get_data(as_text=True)
    assert f"{apps[2]['reference']}: Potten har ikke nok midler igjen" in text
    assert f"Innvilget før stoppet: {apps[0]['reference']}, {apps[1]['reference']}" in text
    assert 'data-remaining="200000.00"' in text
    assert [_one(api, a["reference"])["status"] for a in apps] == ["approved", "approved", "prioritised"]
    assert log_head(api) > head
    rejected = send(client, meeting, "/vedtak", {"valgt": [apps[2]["id"]], "handling": "avslag",
                                                  "reasons": "Potten er brukt opp",
                                                  "rejection_ref": "KU-sak 4/2025"})
    assert rejected.status_code == 303 and _one(api, apps[2]["reference"])["status"] == "rejected"


def test_finance_opens_a_pool_and_a_round_and_pays_from_the_desk(api: Api) -> None:
    client = logged_in(api, "finance")
    assert send(client, "/okonomi/potter", "/okonomi/potter", {"owner": "helse-nord-rhf", "name": "Pott på siden",
                                                               "fiscal_years": "2025, 2026",
                                                               "amount": "2 000 000"}).status_code == 303
    pool = next(p for p in api.ok(api.get("/api/v1/pools", "finance"))["items"] if p["name"] == "Pott på siden")
    assert pool["total"] == "2000000.00" and pool["fiscal_years"] == [2025, 2026]
    assert send(client, "/okonomi/potter", f"/potter/{pool['id']}/okning",
                {"amount": "500000", "reason": "RNB 2025"}).status_code == 303
    opened = send(client, "/okonomi/potter", "/okonomi/utlysninger", {
        "pool_id": pool["id"], "title": "Utlysning fra siden", "deadline": api.deadline.isoformat(),
        "criteria": "effekt;Forventet effekt;60\nsamarbeid;Samarbeid;40"})
    assert opened.status_code == 303
    app = api.application("agreed", round_id=None)
    desk = client.get("/okonomi/utbetalinger").get_data(as_text=True)
    assert app["reference"] in desk
    paid = send_confirmed(client, f"/soknader?referanse={app['reference']}", "/utbetal",
                {"amount": "400 000", "payment_reference": "UTB-SIDE-1"})
    assert paid.status_code == 303
    assert _one(api, app["reference"])["paid_amount"] == "400000.00"
    assert api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))["total"] == "2500000.00"


def test_an_auditor_searches_the_trail_by_part_of_a_name(api: Api) -> None:
    api.application("approved")
    client = logged_in(api, "auditor")
    found = client.get("/revisjon?aktor=anne+SOFIE&type=Approved").get_data(as_text=True)
    assert "Anne Sofie Lien" in found and "Søknad: innvilget" in found
    assert "Ingen hendelser passer" in client.get("/revisjon?aktor=finnes+ikke").get_data(as_text=True)


def test_search_by_reference_stays_in_scope(api: Api) -> None:
    app = api.application("submitted")
    assert _one(api, app["reference"].lower(), "applicant")["id"] == app["id"]
    assert api.ok(api.get(STATUS_OF.format(app["reference"]), "other_applicant"))["items"] == []
    assert api.ok(api.get(STATUS_OF.format(app["reference"]), "assessor_elsewhere"))["items"] == []
    assert api.get(STATUS_OF.format("RST%00"), "auditor").status_code == 422


def test_a_path_that_leads_nowhere_answers_a_norwegian_page(api: Api) -> None:
    page = api.client.get("/finnes-ikke")
    assert page.status_code == 404 and "Fant ikke siden" in page.get_data(as_text=True)
    assert page.content_type.startswith("text/html")
    assert api.client.get("/api/v1/finnes-ikke").get_json()["status"] == 404
    docs = api.client.get("/docs").get_data(as_text=True)
    assert '<html lang="nb">' in docs and "Tilbake til Tilskudd" in docs


def test_the_application_form_json_matches_the_apis(api: Api) -> None:
    """The page reads its form with the API's submission schema: what the API refuses, the page refuses."""
    round_ = api.round()
    body = application_body(round_["id"], requested_amount="0")
    assert api.post("/api/v1/applications", "applicant", body).status_code == 422
    client = logged_in(api, "applicant")
    answer = send(client, f"/utlysninger/{round_['id']}/soknad", "/soknad",
                  {"title": "T", "summary": "S", "requested_amount": "0", "health_community": "hf-lvs"})
    assert answer.status_code == 422 and "Søkt beløp" in answer.get_data(as_text=True)


def test_an_applicant_amends_before_the_deadline_and_withdraws(api: Api) -> None:
    app = api.application("submitted")
    client = logged_in(api, "applicant")
    page = f"/soknader?referanse={app['reference']}"
    refused = send(client, page, "/endre", {"title": "Nytt navn på tiltaket", "requested_amount": "900 000",
                                            "budget-2025": "800 000"})
    assert refused.status_code == 422 and "til sammen være hele beløpet" in refused.get_data(as_text=True)
    amended = send(client, page, "/endre", {"title": "Nytt navn på tiltaket", "requested_amount": "900 000",
                                            "budget-2025": "900 000"})
    assert amended.status_code == 303
    found = _one(api, app["reference"])
    assert (found["title"], found["requested_amount"]) == ("Nytt navn på tiltaket", "900000.00")
    history = client.get(page).get_data(as_text=True)
    assert "endret: budsjett per år, søkt beløp, tittel" in history  # field names in bokmål, not the API's
    assert send(client, page, "/trekk", {"reason": "Tiltaket er utsatt"}).status_code == 303
    assert _one(api, app["reference"])["status"] == "withdrawn"
    assert "/trekk" not in client.get(page).get_data(as_text=True)  # nothing more to do


def test_a_stale_form_is_refused_and_explained(api: Api) -> None:
    app = api.application("prioritised")
    client = logged_in(api, "committee")
    page = f"/soknader?referanse={app['reference']}"
    html = client.get(page).get_data(as_text=True)
    api.ok(api.post(f"/api/v1/applications/{app['id']}/rejection", "committee",
                    {"reasons": "Avslått i møtet", "decision_ref": "KU-sak 9/2027"}))
    form = next(f for f in forms_of(html) if f["action"].endswith("/innvilg"))
    data = dict(form["fields"]) | {"amount": "1000000", "decision_ref": "KU-sak 9/2025"}
    answer = client.post(form["action"], data=data)
    assert answer.status_code == 422
    assert "endret av noen andre mens du hadde den åpen" in answer.get_data(as_text=True)
    assert _one(api, app["reference"])["status"] == "rejected"


def test_recusal_agreement_reclaim_and_closure_on_the_pages(api: Api) -> None:
    undecided = api.application("prioritised")
    assessor = logged_in(api, "assessor_2")
    assert send(assessor, f"/soknader?referanse={undecided['reference']}", "/inhabil",
                {"reason": "Min svoger leder tiltaket"}).status_code == 303
    assert "Kjetil Brekke" in logged_in(api, "committee").get(f"/moter/{undecided['round_id']}").get_data(as_text=True)
    app = api.application("accepted", round_id=undecided["round_id"])
    page = f"/soknader?referanse={app['reference']}"
    agreed = send(logged_in(api, "assessor"), page, "/avtale", {
        "signed_on": "2025-01-14", "parties": "972418013\n983974899", "document_ref": "Avtale 7",
        "patient_responsibility": "Kommunen etter utskrivning"})
    assert agreed.status_code == 303 and _one(api, app["reference"])["agreement"]["document_ref"] == "Avtale 7"  # type: ignore[index]
    finance = logged_in(api, "finance")
    assert send_confirmed(finance, page, "/utbetal", {"amount": "600000",
                                                      "payment_reference": "UTB-77"}).status_code == 303
    assert send(finance, page, "/forhandsvarsel", {"intent": "reclaim", "amount": "100 000", "text": "Ikke brukt",
                                                   "comment_by": "01.02.2025"}).status_code == 303
    assert send(logged_in(api, "applicant"), page, "/merknad", {"answer": "Vi er enige"}).status_code == 303
    assert send(finance, page, "/tilbakekrev", {"amount": "100 000", "reason": "Ikke brukt",
                                                "due_on": "01.03.2025"}).status_code == 303
    assert send(finance, page, "/tilbakebetalt", {"amount": "100 000", "received_on": "15.01.2025",
                                                  "reference": "INNB-77"}).status_code == 303
    shown = finance.get(page).get_data(as_text=True)  # no final report: closing is not offered, and it says why
    assert 'id="skjema-avslutt"' not in shown and "Du kan ikke avslutte saken nå: Saken kan ikke avsluttes" in shown
    api.ok(api.post(f"/api/v1/applications/{app['id']}/reports", "finance", {"kind": "final", "due_on": "2025-12-31"}),
           201)
    assert send(finance, page, "/frafall-rapport", {"reason": "Tiltaket ble stanset; regnskap mottatt"}).status_code \
        == 303
    assert 'id="skjema-avslutt"' not in finance.get(page).get_data(as_text=True)  # 400 000 unpaid: notice first
    assert send(finance, page, "/forhandsvarsel", {"intent": "close", "text": "Resten utbetales ikke",
                                                   "comment_by": "01.02.2025"}).status_code == 303
    api.clock.advance(days=20)  # nobody answered; the date to comment by has passed
    assert send(finance, page, "/avslutt", {"reason": "Tiltaket er ferdig"}).status_code == 303
    closed = _one(api, app["reference"])
    assert (closed["status"], closed["paid_amount"], closed["reclaimed_amount"], closed["repaid_amount"]) == (
        "closed", "600000.00", "100000.00", "100000.00")
    shown = finance.get(page).get_data(as_text=True)
    assert re.search(r'data-amount="released">kr\xa0400\xa0000<', shown)  # granted 1 000 000, paid 600 000


def test_finance_downloads_the_exports_and_reads_the_budget_of_a_day(api: Api) -> None:
    api.application("approved")
    client = logged_in(api, "finance")
    csv = client.get("/okonomi/eksport/vedtak.csv")
    assert csv.status_code == 200 and csv.content_type.startswith("text/csv")
    assert "attachment" in csv.headers["Content-Disposition"] and "RST-" in csv.get_data(as_text=True)
    assert client.get("/okonomi/eksport/vedtak.xlsx").data[:2] == b"PK"
    day = api.clock.now.date().isoformat()
    then = client.get(f"/okonomi?dato={day}").get_data(as_text=True)
    assert "Avspilt fra hendelsesloggen" in then and 'data-figure="reserved">kr\xa01\xa0000\xa0000<' in then
    before = client.get("/okonomi?dato=2000-01-01").get_data(as_text=True)
    assert "Ingen tilskuddspotter" in before
    assert client.get("/okonomi?dato=i-morgen").status_code == 422
