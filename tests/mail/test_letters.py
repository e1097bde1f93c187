"""Letters from the log: a decision produces letters to the applicant's contact and to
the people acting for the partners, with the amount, the reporting duties and the
complaint notice; reminders come once before a report is due and once when it is
overdue, across restarts; without a mail server letters are kept, not sent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from application.service import Grants
from domain.commands import Approve, Prioritise, Reject, RequestInformation, RequireReport, Score, Submit
from domain.followup import FollowUp
from domain.membership import Membership
from infrastructure.sql import reading
from mailroom.room import Mailroom
from readmodels.mail import letters_of
from readmodels.service import ReadModels
from tests.mail.conftest import Inbox
from tests.web.support import ISSUER
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_ACTOR,
    COMMITTEE_ACTOR,
    CRITERIA,
    DEADLINE,
    FINANCE_ACTOR,
    NLSH,
    FakeClock,
    World,
    content,
    register_organisations,
)

PARTNER_EMAIL = "kontakt@nordlandssykehuset.no"


def _world(url: str, clock: FakeClock) -> tuple[Grants, World]:
    grants = Grants(url, clock=clock)
    register_organisations(grants)
    person = grants.register_person("Nina Partner", PARTNER_EMAIL, ISSUER).value
    grants.grant_membership(person.id, Membership.of("applicant", org_no=NLSH.org_no), ISSUER)
    return grants, World(grants, clock)


def test_a_decision_sends_letters_to_the_applicant_and_the_partners(sqlite_url: str, clock: FakeClock,
                                                                  inbox: Inbox) -> None:
    grants, world = _world(sqlite_url, clock)
    granted = world.approved("750000")
    rejected = world.prioritised()
    grants.run(Reject(rejected.id, reasons="Tiltaket ligger utenfor formålet", decision_ref="KU-sak 2/2025"),
               actor=COMMITTEE_ACTOR)
    room = Mailroom(grants, ReadModels(grants), inbox.url)
    room.run_once()
    accepted = inbox.letters()
    about = {(tuple(m["to"]), m["subject"].split(" – ")[0]) for m in accepted}
    contact = granted.contact.email if granted.contact else ""
    assert ((contact,), "Vedtak: tilskudd innvilget") in about
    assert ((PARTNER_EMAIL,), "Vedtak: tilskudd innvilget") in about
    assert ((contact,), "Vedtak: søknaden er avslått") in about
    letter = next(m for m in accepted if granted.reference in m["subject"] and "innvilget" in m["subject"])
    assert "kr 750 000" in letter["body"] and "forvaltningsloven §§ 28 og 29" in letter["body"]
    assert "tre uker" in letter["body"] and granted.applicant.name in letter["body"]
    refusal = next(m for m in accepted if "avslått" in m["subject"])
    assert "Tiltaket ligger utenfor formålet" in refusal["body"]
    assert room.run_once().sent == 0 and len(inbox.letters()) == len(accepted)  # nothing twice
    with reading(room.models.engine) as connection:
        kept = letters_of(connection, room.models.audit, str(granted.id))
    assert kept and all(k["sent_at"] is not None and k["body"] for k in kept)


def test_reminders_come_once_before_and_once_after_the_due_date(sqlite_url: str, clock: FakeClock) -> None:
    grants, world = _world(sqlite_url, clock)
    app = world.agreed()
    due = clock.now.date() + timedelta(days=40)
    grants.run(RequireReport(app.id, kind="final", due_on=due, reason="Sluttrapport"), actor=FINANCE_ACTOR)

    def letters(kind: str) -> list[dict[str, object]]:
        room = Mailroom(grants, ReadModels(grants), None)  # a new process each time: a restart
        room.run_once()
        with reading(room.models.engine) as connection:
            return [k for k in letters_of(connection, room.models.audit, str(app.id)) if k["kind"] == kind]

    assert letters("paminnelse") == []  # 40 days ahead: not yet
    clock.advance(days=11)
    assert len(letters("paminnelse")) == 1
    clock.advance(days=5)
    assert len(letters("paminnelse")) == 1 and letters("purring") == []
    clock.advance(days=30)
    assert len(letters("purring")) == 1
    assert len(letters("purring")) == 1 and all(k["sent_at"] is None for k in letters("purring"))  # kept, not sent


def test_the_rounds_terms_are_in_the_decision_letter(sqlite_url: str, clock: FakeClock, inbox: Inbox) -> None:
    grants, world = _world(sqlite_url, clock)
    round_ = grants.open_round(world.pool_id, title="Utlysning med vilkår", deadline=DEADLINE, criteria=CRITERIA,
                               requires_own_contribution=True, actor=FINANCE_ACTOR,
                               follow_up=FollowUp(Decimal(20), 3)).value
    app = grants.run(Submit(round_.id, content()), actor=APPLICANT_ACTOR).value
    grants.run(Score(app.id, scores={"effekt": 4, "samarbeid": 3}, comment=""), actor=ASSESSOR_ACTOR)
    grants.run(Prioritise(app.id, rank=1, recommended_amount="500000"), actor=ASSESSOR_ACTOR)
    grants.run(Approve(app.id, amount="500000", reasons="Redusert",
        conditions="", decision_ref="KU-2/2025"), actor=COMMITTEE_ACTOR)
    Mailroom(grants, ReadModels(grants), inbox.url).run_once()
    body = next(m["body"] for m in inbox.letters() if app.reference in m["subject"] and "innvilget" in m["subject"])
    assert "kr 100 000 av tilskuddet holdes tilbake" in body and "Sluttrapport innen 31.03" in body


def test_the_letters_are_shown_with_the_application_over_http_and_on_its_page(sqlite_url: str, clock: FakeClock,
                                                                              inbox: Inbox) -> None:
    from tests.web.pageforms import logged_in
    from tests.web.support import api_for
    from web.app import create_app

    grants, world = _world(sqlite_url, clock)
    api = api_for(create_app(sqlite_url, grants=grants), grants, clock)
    app = world.approved("600000")
    Mailroom(grants, ReadModels(grants), inbox.url).run_once()
    letters = api.ok(api.get(f"/api/v1/applications/{app.id}/letters", "applicant"))["items"]
    decision = next(letter for letter in letters if letter["kind"] == "vedtak-innvilget")
    assert decision["sent_at"] is not None and "kr 600 000" in decision["body"]
    assert any(m["message_id"] == decision["message_id"] for m in inbox.letters())
    assert api.get(f"/api/v1/applications/{app.id}/letters", "other_applicant").status_code == 404
    page = logged_in(api, "auditor").get(f"/soknader?referanse={app.reference}").get_data(as_text=True)
    assert decision["subject"] in page and 'data-letter-kind="vedtak-innvilget"' in page


def test_a_question_from_the_secretariat_is_a_letter_to_the_applicant_only(sqlite_url: str, clock: FakeClock,
                                                                           inbox: Inbox) -> None:
    grants, world = _world(sqlite_url, clock)
    app = world.submitted()
    reply_by = (clock.now + timedelta(days=14)).date()
    grants.run(RequestInformation(app.id, question="Hvem har pasientansvaret om natten?", reply_by=reply_by),
               actor=ASSESSOR_ACTOR)
    Mailroom(grants, ReadModels(grants), inbox.url).run_once()
    questions = [m for m in inbox.letters() if m["subject"].startswith("Spørsmål om søknaden")]
    contact = app.contact.email if app.contact else ""
    assert [m["to"] for m in questions] == [[contact]]  # not the partners: nothing is decided
    assert "Hvem har pasientansvaret om natten?" in questions[0]["body"]
    assert f"Svar innen {reply_by:%d.%m.%Y}" in questions[0]["body"]
