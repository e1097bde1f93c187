"""The public journal over the API and the page, without logging in: a person's name
planted in a title is screened, a file holding business secrets is listed as exempt with
its legal basis and never shown; bad periods are refused with 422 and nothing else."""

from __future__ import annotations

from pathlib import Path

from application.service import Grants
from domain.attachments import attachment_of
from domain.commands import AddAttachment
from domain.journal import BUSINESS_SECRET
from domain.values import Contact
from web.app import create_app
from workloads.builders import APPLICANT_ACTOR, FakeClock, World

SECRET = b"%PDF-1.4\n% Timepris 1234 kr: forretningshemmelighet\n%%EOF\n"


def _client(sqlite_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    grants = Grants(sqlite_url, clock=clock)
    try:
        app = World(grants, clock).submitted(title="Kompetanseløft ledet av Kari Nordmann",
                                             contact=Contact("Kari Nordmann", "kari.nordmann@bodo.kommune.no"))
        grants.run(AddAttachment(app.id, attachment_of(SECRET, "timepriser.pdf", business_secret=True)),
                   actor=APPLICANT_ACTOR)
    finally:
        grants.close()
    return create_app(sqlite_url, secret_key="test").test_client()


def test_the_public_journal_screens_names_and_lists_exempt_documents_with_their_basis(
        sqlite_url: str, tmp_path: Path) -> None:
    client = _client(sqlite_url, tmp_path)
    answer = client.get("/api/v1/journal/public?from=2025-01-01&to=2025-12-31")
    assert answer.status_code == 200 and "X-Read-Position" in answer.headers
    assert (answer.get_json()["from"], answer.get_json()["to"]) == ("2025-01-01", "2025-12-31")
    entries = answer.get_json()["entries"]
    assert {e["type"] for e in entries} == {"I", "U"}  # the application, its receipt, the attachment
    assert len(entries) == 3
    exempt = [e for e in entries if e["exempt"]]
    assert [e["legal_basis"] for e in exempt] == [BUSINESS_SECRET.basis]
    assert all(p["org_no"] for e in entries for p in e["parties"])  # organisations only
    page = client.get("/offentlig-journal?fra=01.01.2025&til=31.12.2025")
    assert page.status_code == 200 and page.data.count(b"data-entry=") == 3
    for body in (answer.data, page.data):
        assert b"Kari" not in body and b"Nordmann" not in body and b"kari.nordmann" not in body
        assert b"Timepris" not in body and b"1234" not in body
    assert all("Kompetanseløft ledet av *****" in e["case_title"] for e in entries)
    assert b"data-exempt" in page.data
    found = client.get("/api/v1/journal/public?from=2025-01-01&to=2025-12-31&q=kompetanseløft").get_json()
    assert len(found["entries"]) == 3
    assert client.get("/api/v1/journal/public?from=2025-01-01&to=2025-12-31&q=kari").get_json()["entries"] == []


def test_bad_periods_are_refused_with_422(sqlite_url: str, tmp_path: Path) -> None:
    client = _client(sqlite_url, tmp_path)
    for query in ("from=2025-12-31&to=2025-01-01", "from=2020-01-01&to=2025-01-01", "from=igår",
                  "q=%00", "ukjent=1"):
        assert client.get(f"/api/v1/journal/public?{query}").status_code == 422, query
    for query in ("fra=31.12.2025&til=01.01.2025", "fra=igår", "q=%00"):
        assert client.get(f"/offentlig-journal?{query}").status_code == 422, query
