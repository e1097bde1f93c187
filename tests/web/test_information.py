"""More information over HTTP: the secretariat asks, the application waits and its age
in the outstanding list stands still, the applicant answers with a file, and the
application returns to review; every wrong request is refused and records nothing."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from typing import Any

from tests.web.support import Api, log_head

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _age(api: Api, application_id: str) -> int:
    listed = api.ok(api.get("/api/v1/applications/outstanding", "assessor"))["items"]
    row: dict[str, Any] = next(item for item in listed if item["id"] == application_id)
    return int(row["age_days"])


def test_asking_for_more_information_pauses_the_age_until_the_applicant_answers(api: Api) -> None:
    app = api.application("scored")
    path = f"/api/v1/applications/{app['id']}"
    api.clock.advance(days=5)
    assert _age(api, app["id"]) == 5
    reply_by = (api.clock.now + timedelta(days=14)).date().isoformat()
    asked = api.ok(api.post(f"{path}/information-request", "assessor",
                            {"question": "Send avtalen om ansvarsdeling med helseforetaket.", "reply_by": reply_by}))
    assert asked["status"] == "awaiting_information"
    inquiry = asked["information_requests"][0]
    assert inquiry["reply_by"] == reply_by and inquiry["answer"] is None
    api.clock.advance(days=10)
    assert _age(api, app["id"]) == 5  # the waiting is not counted
    upload = api.client.post(f"{path}/attachments", data={"file": (io.BytesIO(PDF), "avtale.pdf")},
                             headers={"Authorization": f"Bearer {api.tokens['applicant']}"},
                             content_type="multipart/form-data")
    assert upload.status_code == 201, upload.get_json()
    answered = api.ok(api.post(f"{path}/information", "applicant", {
        "answer": "Avtalen er vedlagt.", "attachments": [hashlib.sha256(PDF).hexdigest()]}))
    assert answered["status"] == "under_review"  # back where it was (it had been scored)
    inquiry = answered["information_requests"][0]
    assert inquiry["answer"] == "Avtalen er vedlagt." and inquiry["attachments"] == [hashlib.sha256(PDF).hexdigest()]
    api.clock.advance(days=3)
    assert _age(api, app["id"]) == 8  # 5 before the question, 3 after the answer
    # the application can be prioritised again
    api.ok(api.post(f"{path}/prioritisation", "assessor", {"rank": 1, "recommended_amount": "1000000"}))


def test_wrong_questions_and_answers_are_refused_and_record_nothing(api: Api) -> None:
    app = api.application("submitted")
    path = f"/api/v1/applications/{app['id']}"
    later = (api.clock.now + timedelta(days=14)).date().isoformat()
    yesterday = (api.clock.now - timedelta(days=1)).date().isoformat()
    head = log_head(api)
    for who, where, body, status in [
        ("applicant", "information-request", {"question": "Hvorfor?", "reply_by": later}, 403),  # not the secretariat
        ("assessor_elsewhere", "information-request", {"question": "Hvorfor?", "reply_by": later}, 404),
        ("assessor", "information-request", {"question": "Hvorfor?", "reply_by": yesterday}, 422),
        ("assessor", "information-request", {"question": " ", "reply_by": later}, 422),
        ("assessor", "information-request", {"question": "Hvorfor?"}, 422),
        ("applicant", "information", {"answer": "Svar uten spørsmål"}, 409),  # nothing was asked
    ]:
        answer = api.post(f"{path}/{where}", who, body)
        assert answer.status_code == status, (who, where, body, answer.get_json())
    assert log_head(api) == head
    api.ok(api.post(f"{path}/information-request", "assessor", {"question": "Hvorfor?", "reply_by": later}))
    head = log_head(api)
    for who, body, status in [("other_applicant", {"answer": "Ikke min søknad"}, 404),
                              ("applicant", {"answer": "Med en fil som ikke finnes", "attachments": ["0" * 64]}, 422),
                              ("assessor", {"answer": "Svar fra feil rolle"}, 403)]:
        assert api.post(f"{path}/information", who, body).status_code == status, (who, body)
    again = api.post(f"{path}/information-request", "assessor", {"question": "En til?", "reply_by": later})
    assert again.status_code == 409  # one question at a time
    assert log_head(api) == head


def test_the_question_and_the_answer_go_through_the_application_page(api: Api) -> None:
    from tests.web.pageforms import logged_in, send

    app = api.application("submitted")
    page = f"/soknader?referanse={app['reference']}"
    reply_by = (api.clock.now + timedelta(days=14)).date().isoformat()
    assessor = logged_in(api, "assessor")
    asked = send(assessor, page, f"/soknader/{app['id']}/sporsmal",
                 {"question": "Hvem har pasientansvaret om natten?", "reply_by": reply_by})
    assert asked.status_code == 303
    applicant = logged_in(api, "applicant")
    shown = applicant.get(page).get_data(as_text=True)
    assert "Hvem har pasientansvaret om natten?" in shown and "Venter på svar" in shown
    answered = send(applicant, page, f"/soknader/{app['id']}/svar",
                    {"answer": "Kommunens legevakt.", "file": (io.BytesIO(PDF), "svar.pdf")},
                    content_type="multipart/form-data")
    assert answered.status_code == 303
    document = api.ok(api.get(f"/api/v1/applications/{app['id']}", "assessor"))
    assert document["status"] == "submitted"
    assert document["information_requests"][0]["answer"] == "Kommunens legevakt."
    assert document["information_requests"][0]["attachments"] == [hashlib.sha256(PDF).hexdigest()]
