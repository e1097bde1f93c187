"""The journal, written from the log on an SQLite file and on PostgreSQL: each document of a
case (the application and what comes in later, the letters that go out, the internal
notes) is exactly one journal entry, numbered per year in log order; persons' names are
screened from public titles; a file said to hold business secrets is exempt; the journal
equals its rebuild."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from application.service import Grants
from demo.scenario import SimulatedClock, run_demo
from domain.attachments import attachment_of
from domain.commands import AddAttachment, ProvideInformation, RequestInformation, Withdraw
from domain.journal import (
    BUSINESS_SECRET,
    DOCUMENTS_OF_EVENT,
    INCOMING,
    INTERNAL,
    INTERNAL_FOLLOW_UP,
    OUTGOING,
    SCREENED,
)
from domain.values import Contact
from infrastructure.sql import reading
from readmodels.journal import MEETING_ENTRY
from readmodels.log import notifications
from readmodels.rebuild import verify
from readmodels.service import ReadModels
from workloads.builders import APPLICANT_ACTOR, ASSESSOR_ACTOR, FakeClock, World

PDF = b"%PDF-1.4\n% Forretningshemmelig kalkyle\n%%EOF\n"


@pytest.fixture
def grants(store_url: str, clock: FakeClock):  # type: ignore[no-untyped-def]
    service = Grants(store_url, clock=clock)
    yield service
    service.close()


def _expected(grants: Grants) -> Counter[tuple[str, str]]:
    """One entry per kind of document each application event of the log is."""
    expected: Counter[tuple[str, str]] = Counter()
    for row in notifications(grants.recorder):
        event = grants.mapper.to_domain_event(row)
        if type(event).__qualname__.startswith("Application."):
            for kind in DOCUMENTS_OF_EVENT.get(type(event).__name__, ()):
                expected[(type(event).__name__, kind.key)] += 1
    return expected


def _entries(models: ReadModels) -> list[dict[str, Any]]:
    models.catch_up()
    journal = models.journal
    with reading(models.engine) as connection:
        return [dict(r._mapping) for r in connection.execute(select(journal.entries).order_by(
            journal.entries.c.position, journal.entries.c.entry_id))]


def test_each_document_of_a_case_is_exactly_one_journal_entry_and_the_journal_equals_its_rebuild(
        grants: Grants, clock: FakeClock) -> None:
    world = World(grants, clock, pool_amount=Decimal(5000000))
    paid = world.paid("800000")
    secret = attachment_of(PDF, "kalkyle.pdf", business_secret=True)
    grants.run(AddAttachment(paid.id, secret), actor=APPLICANT_ACTOR)
    asked = world.submitted(title="Jordmor i felles stilling")
    grants.run(RequestInformation(asked.id, question="Hvem er partnerne?", reply_by=date(2025, 2, 1)),
               actor=ASSESSOR_ACTOR)
    clock.advance(days=1)
    grants.run(ProvideInformation(asked.id, answer="Nordlandssykehuset", attachments=()), actor=APPLICANT_ACTOR)
    grants.run(Withdraw(asked.id, reason="Slått sammen med en annen søknad"), actor=APPLICANT_ACTOR)

    models = ReadModels(grants)
    try:
        entries = _entries(models)
        # every application event that is a document gave one entry per kind of document, and nothing else did
        assert Counter((e["event_type"], e["document"]) for e in entries) == _expected(grants)
        assert {"inn:AttachmentAdded", "inn:InformationProvided", "sporsmal"} <= {e["document"] for e in entries}
        types = {e["entry_type"] for e in entries}
        assert {INCOMING, OUTGOING, INTERNAL, INTERNAL_FOLLOW_UP} <= types
        # numbered per year in log order without gaps; within each case file 1, 2, 3 …
        assert [e["sequence"] for e in entries] == list(range(1, len(entries) + 1))
        by_file: dict[object, list[object]] = {}
        for e in entries:
            by_file.setdefault(e["file_id"], []).append(e["number"])
        assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in by_file.values())
        # the file said to hold business secrets is exempt on its legal basis; the application is public
        attachment = next(e for e in entries if e["event_type"] == "AttachmentAdded")
        assert (attachment["screening_code"], attachment["screening_basis"]) == (
            BUSINESS_SECRET.code, BUSINESS_SECRET.basis)
        submitted = next(e for e in entries if e["document"] == "inn:Submitted")
        assert submitted["screening_code"] is None and submitted["entry_type"] == INCOMING
        # the rebuild gives every entry the same number, title and screening
        assert all(c.ok for c in verify(models, ["journal"]))
    finally:
        models.close()


def test_a_persons_name_in_a_title_is_screened_from_the_public_title(grants: Grants, clock: FakeClock) -> None:
    world = World(grants, clock)
    world.submitted(title="Kompetanseløft ledet av Kari Nordmann",
                    contact=Contact("Kari Nordmann", "kari.nordmann@bodo.kommune.no"))
    models = ReadModels(grants)
    try:
        entries = _entries(models)
        assert entries and all("Kari" in e["title"] for e in entries)
        for e in entries:
            assert "Kari" not in e["public_title"] and "Nordmann" not in e["public_title"]
            assert SCREENED in e["public_title"]
    finally:
        models.close()


def test_every_kind_of_document_in_the_demo_is_exactly_one_entry(tmp_path: Path) -> None:
    clock = SimulatedClock()
    grants = Grants(f"sqlite:///{tmp_path / 'demo.db'}", clock=clock)
    models = None
    try:
        run_demo(grants, clock)
        models = ReadModels(grants)
        entries = [e for e in _entries(models) if e["entry_type"] != MEETING_ENTRY]
        assert Counter((e["event_type"], e["document"]) for e in entries) == _expected(grants)
        every = {kind.key for kinds in DOCUMENTS_OF_EVENT.values() for kind in kinds}
        # the three the demo has not are made in the test above
        assert every - {e["document"] for e in entries} == {"inn:AttachmentAdded", "inn:InformationProvided",
                                                              "sporsmal"}
        meeting = [e for e in _entries(models) if e["entry_type"] == MEETING_ENTRY]
        assert {e["document"] for e in meeting} == {"sak", "protokoll"}
    finally:
        if models is not None:
            models.close()
        grants.close()
