"""*Mine oppgaver*: each role's front page lists the task the story just created, with
its deadline, most urgent first, and its link leads to the form that does it; once done,
the task is gone. The menu shows the count."""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskClient

from tests.web.pageforms import logged_in, send, send_confirmed
from tests.web.support import Api


def _tasks(client: FlaskClient) -> list[tuple[str, str, str]]:
    """(kind, key, link) of every task on the person's front page."""
    html = client.get("/").get_data(as_text=True)
    found = re.findall(r'<li class="task[^"]*" data-kind="([^"]+)"(?: data-key="([^"]*)")?>\s*<a href="([^"]+)"', html)
    count = re.search(r'<span class="count" data-tasks="(\d+)">', html)
    assert count is not None and int(count.group(1)) == len(found), "the menu counts the tasks listed"
    return [(kind, key, link.replace("&amp;", "&")) for kind, key, link in found]


def _one(tasks: list[tuple[str, str, str]], kind: str, key: str) -> str:
    links = [link for k, ref, link in tasks if k == kind and ref == key]
    assert len(links) == 1, (kind, key, tasks)
    return links[0]


def test_a_question_waits_for_the_applicant_and_the_answer_for_the_secretariat(api: Api) -> None:
    app = api.application("scored")
    reply_by = (api.deadline + timedelta(days=40)).isoformat()
    api.ok(api.post(f"/api/v1/applications/{app['id']}/information-request", "assessor",
                    {"question": "Hvem drifter tiltaket etter 2026?", "reply_by": reply_by}))
    applicant = logged_in(api, "applicant")
    link = _one(_tasks(applicant), "svar", app["reference"])
    assert link.endswith("#skjema-svar")
    front = applicant.get("/").get_data(as_text=True)
    day = reply_by.split("-")
    assert f"Frist {day[2]}.{day[1]}.{day[0]}" in front, "the task shows its reply date"
    page = link.split("#")[0]
    assert 'id="skjema-svar"' in applicant.get(page).get_data(as_text=True), "the link leads to the form"
    assert send(applicant, page, "/svar", {"answer": "Kommunen, fra 2027."}).status_code == 303
    assert not [t for t in _tasks(applicant) if t[0] == "svar"], "answered: no longer waiting"

    assessor = logged_in(api, "assessor")
    link = _one(_tasks(assessor), "svar-mottatt", app["reference"])
    assert "Kommunen, fra 2027." in assessor.get(link.split("#")[0]).get_data(as_text=True)


def test_a_new_application_waits_for_the_secretariat_and_a_prioritised_one_for_the_meeting(api: Api) -> None:
    app = api.application("submitted")
    assessor = logged_in(api, "assessor")
    link = _one(_tasks(assessor), "vurder", app["reference"])
    assert send(assessor, link.split("#")[0], "/vurdering", {"eligible": "ja", "reason": "Kvalifisert"}
                ).status_code == 303
    assert not [t for t in _tasks(assessor) if t[:2] == ("vurder", app["reference"])]

    ready = api.application("prioritised")
    committee = logged_in(api, "committee")
    link = _one(_tasks(committee), "mote", ready["round_id"])
    assert f'value="{ready["id"]}"' in committee.get(link).get_data(as_text=True), "the case can be chosen there"


def test_a_grant_waits_for_the_recipients_acceptance_before_it_can_be_paid(api: Api) -> None:
    app = api.application("approved")
    applicant, finance = logged_in(api, "applicant"), logged_in(api, "finance")
    link = _one(_tasks(applicant), "tilsagn", app["reference"])
    assert link.endswith("#skjema-tilsagn")
    api.ok(api.post(f"/api/v1/applications/{app['id']}/agreement", "assessor", {
        "signed_on": "2025-01-14", "parties": ["972418013", "983974899"], "document_ref": "Avtale 8"}))
    assert not [t for t in _tasks(finance) if t[1] == app["reference"]], "nothing to pay before acceptance"
    desk = finance.get("/okonomi/utbetalinger").get_data(as_text=True)
    assert f'data-reference="{app["reference"]}"' in desk.split('id="venter-aksept"')[1]
    assert send(applicant, link.split("#")[0], "/tilsagn", {"accept": "ja"}).status_code == 303
    assert not [t for t in _tasks(applicant) if t[:2] == ("tilsagn", app["reference"])]
    assert _one(_tasks(finance), "utbetal", app["reference"])


def test_a_grant_without_an_agreement_waits_for_the_secretariat_then_for_finance(api: Api) -> None:
    app = api.application("accepted")
    assessor, finance = logged_in(api, "assessor"), logged_in(api, "finance")
    link = _one(_tasks(assessor), "avtale", app["reference"])
    assert not [t for t in _tasks(finance) if t[1] == app["reference"]], "nothing to pay without an agreement"
    assert send(assessor, link.split("#")[0], "/avtale", {
        "signed_on": "2025-01-14", "parties": "972418013\n983974899", "document_ref": "Avtale 9",
        "patient_responsibility": "Kommunen etter utskrivning"}).status_code == 303
    assert not [t for t in _tasks(assessor) if t[:2] == ("avtale", app["reference"])]

    link = _one(_tasks(finance), "utbetal", app["reference"])
    assert "kr\u00a01\u00a0000\u00a0000" in finance.get("/").get_data(as_text=True), "the amount to pay is stated"
    assert link.endswith("#skjema-utbetal")
    paid = send_confirmed(finance, link.split("#")[0], "/utbetal",
                          {"amount": "1 000 000", "payment_reference": "UTB-OPPGAVE"})
    assert paid.status_code == 303
    assert not [t for t in _tasks(finance) if t[1] == app["reference"]], "paid in full: nothing left to do"


def test_a_report_waits_for_the_applicant_and_once_overdue_stops_finance(api: Api) -> None:
    app = api.application("agreed")
    due = (api.deadline + timedelta(days=60)).isoformat()
    api.ok(api.post(f"/api/v1/applications/{app['id']}/reports", "finance",
                    {"kind": "final", "due_on": due, "reason": "Sluttrapport"}), 201)
    applicant, finance = logged_in(api, "applicant"), logged_in(api, "finance")
    assert _one(_tasks(applicant), "rapport", app["reference"]).endswith("#skjema-rapport")
    assert "Send inn sluttrapport" in applicant.get("/").get_data(as_text=True)
    api.clock.advance(days=120)
    tasks = _tasks(finance)
    assert tasks[0][:2] == ("rapport-overtid", app["reference"]), "the overdue comes first"
    assert not [t for t in tasks if t[:2] == ("utbetal", app["reference"])], "no payment while it is overdue"
    assert "Fristen gikk ut" in applicant.get("/").get_data(as_text=True)


def test_admin_sees_a_person_without_a_role(api: Api) -> None:
    person = api.ok(api.post("/api/v1/people", "admin", {"name": "Uten Rolle", "email": "uten.rolle@example.no"}))
    admin = logged_in(api, "admin")
    link = _one(_tasks(admin), "uten-rolle", person["id"])
    assert f'id="person-{person["id"]}"' in admin.get(link.split("#")[0]).get_data(as_text=True)


def test_a_case_page_says_why_an_action_is_not_offered_and_who_acts_next(api: Api) -> None:
    unanswered = api.application("approved")
    finance = logged_in(api, "finance")
    page = finance.get(f"/soknader?referanse={unanswered['reference']}").get_data(as_text=True)
    assert "Du kan ikke utbetale nå: Mottakeren har ikke akseptert tilsagnet ennå." in page
    assert "Neste steg: svare på tilsagnet – gjøres av søker." in page
    app = api.application("accepted")
    page = finance.get(f"/soknader?referanse={app['reference']}").get_data(as_text=True)
    assert 'id="skjema-utbetal"' not in page
    assert "Du kan ikke utbetale nå: Det er ikke registrert noen avtale mellom partene ennå." in page
    desk = finance.get("/okonomi/utbetalinger").get_data(as_text=True)
    assert f'data-reference="{app["reference"]}"' in desk.split('id="mangler-avtale"')[1], "listed as waiting"
    assert app["reference"] in finance.get(f"/okonomi/utbetalinger?q={app['reference']}").get_data(as_text=True)
    assert "Neste steg: registrere avtalen – gjøres av saksbehandler (helsefellesskap) eller utvalg." in page

    assessor = logged_in(api, "assessor")
    queue = assessor.get("/arbeidsliste").get_data(as_text=True)
    assert "Innvilget – mangler avtale" in queue and f'data-key="{app["reference"]}"' in queue
    case = assessor.get(f"/soknader?referanse={app['reference']}").get_data(as_text=True)
    parties = [app["applicant"]["org_no"], *(p["org_no"] for p in app["partners"])]
    for org_no in parties:  # picked from the application, ticked
        assert f'name="parties" value="{org_no}" checked' in case
    assert send(assessor, f"/soknader?referanse={app['reference']}", "/avtale", {
        "signed_on": "2025-01-14", "document_ref": "Avtale 3", "patient_responsibility": "Delt"}).status_code == 303
    agreed = api.ok(api.get(f"/api/v1/applications/{app['id']}", "finance"))
    assert agreed["agreement"]["parties"] == parties
    page = finance.get(f"/soknader?referanse={app['reference']}").get_data(as_text=True)
    assert 'id="skjema-utbetal"' in page and "Du kan ikke utbetale" not in page
    assert f'data-key="{app["reference"]}"' not in assessor.get("/arbeidsliste").get_data(as_text=True)


def test_a_case_waiting_for_an_answer_shows_its_reply_date_in_the_work_list(api: Api) -> None:
    app = api.application("submitted")
    api.ok(api.post(f"/api/v1/applications/{app['id']}/information-request", "assessor",
                    {"question": "Budsjett?", "reply_by": "2025-03-01"}))
    queue = logged_in(api, "assessor").get("/arbeidsliste").get_data(as_text=True)
    row = queue.split(f'data-reference="{app["reference"]}"')[1].split("</tr>")[0]
    assert "Venter på svar, frist 01.03.2025" in row


def test_dates_are_typed_as_people_in_norway_write_them(api: Api) -> None:
    app = api.application("submitted")
    assessor = logged_in(api, "assessor")
    page = f"/soknader?referanse={app['reference']}"
    html = assessor.get(page).get_data(as_text=True)
    assert 'type="date"' not in html and "Skriv datoen som dd.mm.åååå" in html
    wrong = send(assessor, page, "/sporsmal", {"question": "Budsjett?", "reply_by": "31.02.2025"})
    assert wrong.status_code == 422 and "Svarfrist må være en dato, skrevet som dd.mm.åååå." in wrong.get_data(
        as_text=True)
    assert send(assessor, page, "/sporsmal", {"question": "Budsjett?", "reply_by": "1.3.2025"}).status_code == 303
    asked = api.ok(api.get(f"/api/v1/applications/{app['id']}", "assessor"))
    assert asked["information_requests"][0]["reply_by"] == "2025-03-01"


def test_a_person_turns_their_notices_off_and_on_on_their_own_page(api: Api) -> None:
    assessor = logged_in(api, "assessor")
    page = assessor.get("/min-profil").get_data(as_text=True)
    assert "Varsler på e-post" in page and 'id="varsler-ja" name="varsler" value="ja" checked' in page
    assert send(assessor, "/min-profil", "/min-profil/varsler", {"varsler": "nei"}).status_code == 303
    page = assessor.get("/min-profil").get_data(as_text=True)
    assert 'id="varsler-nei" name="varsler" value="nei" checked' in page
    trail = api.ok(api.get("/api/v1/audit/events?type=NoticesChosen", "auditor"))["items"]
    assert [event["data"]["on"] for event in trail] == [False]
    assert send(assessor, "/min-profil", "/min-profil/varsler", {"varsler": "nei"}).status_code == 303
    assert len(api.ok(api.get("/api/v1/audit/events?type=NoticesChosen", "auditor"))["items"]) == 1, "no change"


def test_the_auditor_is_told_of_a_difference_between_the_log_and_the_budget(api: Api) -> None:
    from sqlalchemy import update

    api.application("approved")
    auditor = logged_in(api, "auditor")
    assert not [t for t in _tasks(auditor) if t[0] == "avstemming"], "a healthy log: nothing to look into"
    models = api.client.application.extensions["tilskudd"].models
    pools = models.budget.pools
    with models.engine.begin() as connection:  # the read model drifts from the log
        connection.execute(update(pools).values(paid=pools.c.paid + 1))
    from web.pages import tasks as page_tasks

    page_tasks._checks.clear()  # the next check, not the one kept for five minutes
    link = next(link for kind, _, link in _tasks(auditor) if kind == "avstemming")
    assert "avvik" in auditor.get("/").get_data(as_text=True)
    assert "avstemming=1" in link
