"""A request for access (innsynskrav): anyone asks on the public journal's page, it is
registered with its deadline, a case worker in scope answers it (a refusal names its
legal basis), and the answer is a letter to the requester; out of scope it is not found,
and an answered request is not answered twice."""

from __future__ import annotations

from domain.application import Application
from domain.journal import BUSINESS_SECRET
from domain.letter import ACCESS_ANSWER, Letter
from readmodels.log import notifications
from tests.web.pageforms import logged_in, send
from tests.web.support import Api, log_head


def _letters(api: Api) -> list[Letter.Written]:
    events = (api.grants.mapper.to_domain_event(n) for n in notifications(api.grants.recorder))
    return [e for e in events if isinstance(e, Letter.Written) and e.kind == ACCESS_ANSWER]


def test_a_request_for_access_is_registered_answered_by_a_case_worker_and_the_answer_is_a_letter(api: Api) -> None:
    app = api.application("submitted")
    public = api.client.application.test_client()  # nobody logged in
    journal = api.ok(api.call("GET", "/api/v1/journal/public?from=2025-01-01&to=2025-12-31"))["entries"]
    entry = next(e for e in journal if e["type"] == "I")["entry"]
    answer = send(public, f"/offentlig-journal/innsyn?journalpost={entry}", "/offentlig-journal/innsyn",
                  {"name": "Ola Journalist", "email": "ola@avis.example.no"}, follow_redirects=True)
    assert answer.status_code == 200
    assert f"Innsynskravet for journalpost {entry} er registrert" in answer.get_data(as_text=True)

    listed = api.ok(api.get("/api/v1/access-requests?open=true", "assessor"))["requests"]
    assert [(r["entry"], r["application_id"]) for r in listed] == [(entry, app["id"])]
    request_id = listed[0]["id"]
    assert api.ok(api.get("/api/v1/access-requests", "assessor_elsewhere"))["requests"] == []
    assert api.get("/api/v1/access-requests", "applicant").status_code == 403
    assert api.get("/api/v1/access-requests", None).status_code == 401

    head = log_head(api)
    decision = f"/api/v1/access-requests/{request_id}/decision"
    refused_without_basis = api.post(decision, "assessor", {"outcome": "refused", "reasons": "Forretningshemmelig"})
    assert refused_without_basis.status_code == 422
    assert api.post(decision, "assessor_elsewhere", {"outcome": "granted"}).status_code == 404
    assert log_head(api) == head  # nothing recorded by the refusals

    page = logged_in(api, "assessor")
    assert entry in page.get("/innsynskrav").get_data(as_text=True)
    done = send(page, "/innsynskrav", f"/innsynskrav/{request_id}/svar",
                {"outcome": "refused", "legal_basis": BUSINESS_SECRET.basis,
                 "reasons": "Dokumentet viser timepriser som er forretningshemmeligheter."}, follow_redirects=True)
    assert done.status_code == 200 and "Innsynskravet er besvart" in done.get_data(as_text=True)
    again = api.post(decision, "assessor", {"outcome": "granted"})
    assert again.status_code == 409

    (letter,) = _letters(api)
    assert letter.recipient.email == "ola@avis.example.no" and str(letter.application_id) == app["id"]
    assert BUSINESS_SECRET.basis in letter.body and "Du kan klage" in letter.body
    assert "Ola Journalist" not in letter.body  # the name stays sealed in the request, not in the letter
    answered = api.ok(api.get("/api/v1/access-requests", "assessor"))["requests"]
    assert answered[0]["outcome"] == "refused" and answered[0]["legal_basis"] == BUSINESS_SECRET.basis
    assert isinstance(api.grants.get_application(app["id"]), Application)


def test_a_request_for_an_unknown_entry_or_with_a_bad_address_is_refused_and_records_nothing(api: Api) -> None:
    api.application("submitted")
    head = log_head(api)
    for body in ({"entry": "2099/1", "name": "Ola", "email": "ola@avis.example.no"},
                 {"entry": "1/1", "name": "Ola", "email": "ola@avis.example.no"},
                 {"entry": "2025/1", "name": "Ola", "email": "ikke en adresse"},
                 {"entry": "2025/1", "name": "", "email": "ola@avis.example.no"},
                 {"entry": "2025/1", "name": "Ola", "email": "ola@avis.example.no", "role": "admin"}):
        assert api.call("POST", "/api/v1/journal/access-requests", None, body).status_code in (404, 422), body
    assert log_head(api) == head
    assert api.client.get("/offentlig-journal/innsyn?journalpost=2099/1").status_code == 404
