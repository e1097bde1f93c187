"""Reporting on the pages: finance asks for a report, the applicant sends it, the
secretariat returns it and later accepts it; overdue reports are counted where finance
and the secretariat work."""

from __future__ import annotations

from datetime import timedelta

from tests.web.pageforms import logged_in, send
from tests.web.support import Api


def test_a_report_is_required_sent_returned_and_accepted_on_the_pages(api: Api) -> None:
    app = api.application("agreed")
    page = f"/soknader?referanse={app['reference']}"
    due = (api.clock.now.date() + timedelta(days=20)).isoformat()
    finance, applicant, assessor = (logged_in(api, who) for who in ("finance", "applicant", "assessor"))
    assert send(finance, page, "/rapportkrav", {"kind": "interim", "due_on": due,
                                                "reason": "Midtveisrapport"}).status_code == 303
    assert send(applicant, page, "/rapport", {"text": "Halvveis.", "spent_amount": "300 000"}).status_code == 303
    assert f'formaction="/soknader/{app["id"]}/returner-rapport"' in assessor.get(page).get_data(as_text=True)
    returned = send(assessor, page, "/godkjenn-rapport", {"comment": "Mangler regnskap"}, button="/returner-rapport")
    assert returned.status_code == 303
    shown = applicant.get(page).get_data(as_text=True)
    assert 'data-report-status="returned"' in shown and "Mangler regnskap" in shown
    assert send(applicant, page, "/rapport", {"text": "Med regnskap.", "spent_amount": "310 000"}).status_code == 303
    assert send(assessor, page, "/godkjenn-rapport", {"comment": ""}).status_code == 303
    (report,) = api.ok(api.get(f"/api/v1/applications/{app['id']}/reports", "auditor"))["items"]
    assert (report["status"], report["spent_amount"]) == ("accepted", "310000.00")


def test_overdue_reports_are_counted_and_listed_for_finance_and_the_secretariat(api: Api) -> None:
    app = api.application("agreed")
    due = api.clock.now.date() + timedelta(days=3)
    api.ok(api.post(f"/api/v1/applications/{app['id']}/reports", "finance",
                    {"kind": "final", "due_on": due.isoformat(), "reason": "Sluttrapport"}), 201)
    api.clock.advance(days=5)
    for who, page in (("assessor", "/arbeidsliste"), ("finance", "/okonomi/utbetalinger")):
        client = logged_in(api, who)
        assert 'data-overdue="1"' in client.get(page).get_data(as_text=True), who
        listed = client.get("/rapporter").get_data(as_text=True)
        assert app["reference"] in listed and 'data-overdue="1"' in listed
    # The page offers no payment while a report is overdue, as the domain would refuse it;
    # a payment sent all the same (a page opened before) is refused with the reason.
    finance = logged_in(api, "finance")
    page = finance.get(f"/soknader?referanse={app['reference']}").get_data(as_text=True)
    assert 'id="skjema-utbetal"' not in page
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    refused = finance.post(f"/soknader/{app['id']}/utbetal",
                           data={"csrf_token": csrf, "amount": "1000", "payment_reference": "UTB-SEN"})
    assert refused.status_code == 422 and "En rapport er på overtid" in refused.get_data(as_text=True)


def test_a_report_is_sent_with_a_file_and_the_file_is_downloaded_in_scope(api: Api) -> None:
    import hashlib
    import io

    app = api.application("agreed")
    api.ok(api.post(f"/api/v1/applications/{app['id']}/reports", "finance",
                    {"kind": "final", "due_on": "2025-12-31", "reason": "Sluttrapport"}), 201)
    applicant = logged_in(api, "applicant")
    page = f"/soknader?referanse={app['reference']}"
    html = applicant.get(page).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    pdf = b"%PDF-1.4\nrapport\n%%EOF\n"
    sent = send(applicant, page, "/rapport", {"text": "Ferdig.", "spent_amount": "900 000",
                                              "file": (io.BytesIO(pdf), "sluttrapport.pdf")},
                content_type="multipart/form-data")
    assert sent.status_code == 303
    digest = hashlib.sha256(pdf).hexdigest()
    (report,) = api.ok(api.get(f"/api/v1/applications/{app['id']}/reports", "auditor"))["items"]
    assert report["attachments"] == [digest] and report["status"] == "received"
    link = f"/soknader/{app['id']}/vedlegg/{digest}"
    assert link in logged_in(api, "finance").get(page).get_data(as_text=True)
    assert logged_in(api, "finance").get(link).data == pdf
    assert logged_in(api, "other_applicant").get(link).status_code == 404
    refused = send(applicant, page, "/vedlegg", {"file": (io.BytesIO(b"MZ program"), "faktura.pdf")},
                   content_type="multipart/form-data")
    assert refused.status_code == 422 and "Feltet «Vedlegg»" in refused.get_data(as_text=True)


def test_a_file_of_several_megabytes_is_taken_and_one_too_large_refused_in_bokmal(api: Api) -> None:
    import io

    app = api.application("agreed")
    page = f"/soknader?referanse={app['reference']}"
    client = logged_in(api, "assessor")
    big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    taken = send(client, page, "/vedlegg", {"file": (io.BytesIO(big), "avtale.pdf")},
                 content_type="multipart/form-data")
    assert taken.status_code == 303
    assert api.ok(api.get(f"/api/v1/applications/{app['id']}", "auditor"))["attachments"][0]["size"] == len(big)
    huge = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    refused = send(client, page, "/vedlegg", {"file": (io.BytesIO(huge), "stor.pdf")},
                   content_type="multipart/form-data")
    assert refused.status_code in (413, 422) and "10 MB" in refused.get_data(as_text=True)
    assert refused.content_type.startswith("text/html")
