"""Attachments over HTTP: the type is read from the content, not the name; a file is
kept once by its SHA-256 and downloaded checked against it; only people in scope see it;
a report names the files it comes with."""

from __future__ import annotations

import hashlib
import io
import zipfile
from urllib.parse import unquote

from tests.web.support import Api, log_head

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(api: Api, app_id: str, who: str, content: bytes, name: str) -> object:
    return api.client.post(f"/api/v1/applications/{app_id}/attachments", data={"file": (io.BytesIO(content), name)},
                           headers={"Authorization": f"Bearer {api.tokens[who]}"}, content_type="multipart/form-data")


def test_a_file_is_kept_by_its_hash_and_downloaded_as_stored(api: Api) -> None:
    app = api.application("agreed")
    answer = _upload(api, app["id"], "applicant", PDF, "sluttrapport.pdf")
    assert answer.status_code == 201, answer.get_json()  # type: ignore[attr-defined]
    (kept,) = answer.get_json()["attachments"]  # type: ignore[attr-defined]
    digest = hashlib.sha256(PDF).hexdigest()
    assert kept == {"sha256": digest, "name": "sluttrapport.pdf", "size": len(PDF), "media_type": "application/pdf"}
    head = log_head(api)
    assert _upload(api, app["id"], "applicant", PDF, "igjen.pdf").status_code == 200  # type: ignore[attr-defined]
    assert log_head(api) == head  # the same content again: nothing new
    assert _upload(api, app["id"], "assessor", _docx(), "avtale.docx").status_code == 201  # type: ignore[attr-defined]
    got = api.get(f"/api/v1/applications/{app['id']}/attachments/{digest}", "auditor")
    assert got.status_code == 200 and got.data == PDF and got.headers["Content-Type"] == "application/pdf"
    assert api.get(f"/api/v1/applications/{app['id']}/attachments/{digest}", "other_applicant").status_code == 404
    assert api.get(f"/api/v1/applications/{app['id']}/attachments/{'0' * 64}", "auditor").status_code == 404


def test_a_file_downloads_under_its_own_name_whatever_its_letters(api: Api) -> None:
    app = api.application("agreed")
    name = "Sluttrapport Bodø «endelig».pdf"
    kept = _upload(api, app["id"], "applicant", PDF, name).get_json()["attachments"][0]  # type: ignore[attr-defined]
    got = api.get(f"/api/v1/applications/{app['id']}/attachments/{kept['sha256']}", "auditor")
    disposition = got.headers["Content-Disposition"]
    assert 'filename="Sluttrapport Bod_ _endelig_.pdf"' in disposition  # for clients that know only ASCII
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == name
    assert "X-Read-Position" in got.headers


def test_what_is_not_a_document_is_refused_whatever_its_name(api: Api) -> None:
    app = api.application("agreed")
    head = log_head(api)
    for content, name in [(b"MZ\x90\x00 program", "rapport.pdf"), (b"", "tom.pdf"), (b"<html>", "side.docx"),
                          (b"PK\x03\x04 not a zip", "falsk.xlsx")]:
        answer = _upload(api, app["id"], "applicant", content, name)
        assert answer.status_code == 422, (name, answer.get_json())  # type: ignore[attr-defined]
    assert _upload(api, app["id"], "other_applicant", PDF, "x.pdf").status_code == 404  # type: ignore[attr-defined]
    too_big = b"%PDF-" + b"0" * (10 * 1024 * 1024)
    assert _upload(api, app["id"], "applicant", too_big, "stor.pdf").status_code in (413, 422)  # type: ignore[attr-defined]
    assert log_head(api) == head


def test_a_report_comes_with_files_of_the_application(api: Api) -> None:
    app = api.application("agreed")
    api.ok(api.post(f"/api/v1/applications/{app['id']}/reports", "finance",
                    {"kind": "final", "due_on": "2025-12-31", "reason": "Sluttrapport"}), 201)
    _upload(api, app["id"], "applicant", PDF, "rapport.pdf")
    digest = hashlib.sha256(PDF).hexdigest()
    path = f"/api/v1/applications/{app['id']}/reports/final-1/submission"
    missing = api.post(path, "applicant", {"text": "Ferdig", "spent_amount": "10", "attachments": ["a" * 64]})
    assert missing.status_code == 422
    done = api.ok(api.post(path, "applicant", {"text": "Ferdig", "spent_amount": "10", "attachments": [digest]}))
    assert done["reports"][0]["attachments"] == [digest]
