"""Case workers are told by e-mail when work arrives for them — the secretariat of an
application's community when it is submitted, answered or reported on, the committee of
its pool's owner when it is ready for the meeting, finance when its agreement makes it
payable — each notice written once from the log, in bokmål, and never to someone who
turned notices off; the applicant never sees them."""

from __future__ import annotations

from application.service import Grants
from domain.commands import ProvideInformation, RegisterAgreement, RequestInformation
from domain.membership import Membership
from infrastructure.sql import reading
from mailroom.room import Mailroom
from readmodels.mail import letters_of
from readmodels.service import ReadModels
from tests.mail.conftest import Inbox
from tests.web.support import ISSUER
from workloads.builders import APPLICANT_ACTOR, ASSESSOR_ACTOR, LVS, NORD, FakeClock, World, register_organisations

SECRETARIAT, QUIET, COMMITTEE, FINANCE = ("sekretariat@lvs.no", "stille@lvs.no", "utvalg@helse-nord.no",
                                           "okonomi@helse-nord.no")


def _staff(grants: Grants) -> None:
    for name, email, membership in (
            ("Siri Sekretær", SECRETARIAT, Membership.of("assessor", community_id=LVS.id)),
            ("Stian Stille", QUIET, Membership.of("assessor", community_id=LVS.id)),
            ("Ulla Utvalg", COMMITTEE, Membership.of("committee", owner_id=NORD.id)),
            ("Øyvind Økonomi", FINANCE, Membership.of("finance", owner_id=NORD.id)),
            ("Annen Region", "sor@helse-sor-ost.no", Membership.of("finance", owner_id="helse-sor-ost-rhf"))):
        person = grants.register_person(name, email, ISSUER).value
        grants.grant_membership(person.id, membership, ISSUER)
        if email == QUIET:
            actor = grants.get_person(person.id).acting_as(membership.id)
            assert grants.choose_notices(person.id, False, actor).position is not None  # by themselves


def _notices(inbox: Inbox) -> set[tuple[str, str]]:
    return {(m["to"][0], m["subject"].split(":")[0]) for m in inbox.letters() if m["subject"].split(":")[0] in (
        "Ny søknad", "Svar fra søkeren", "Klar til vedtak", "Klar til utbetaling", "Rapport mottatt")}


def test_each_case_worker_is_told_of_the_work_that_arrives_for_them_once(sqlite_url: str, clock: FakeClock,
                                                                         inbox: Inbox) -> None:
    grants = Grants(sqlite_url, clock=clock)
    register_organisations(grants)
    _staff(grants)
    world = World(grants, clock)
    room = Mailroom(grants, ReadModels(grants), inbox.url)

    app = world.submitted()
    room.run_once()
    assert _notices(inbox) == {(SECRETARIAT, "Ny søknad")}, "the quiet one and the other roles are not told"
    new = next(m for m in inbox.letters() if m["subject"].startswith("Ny søknad"))
    assert app.reference in new["subject"] and "Mine oppgaver" in new["body"] and "Min profil" in new["body"]

    grants.run(RequestInformation(app.id, question="Hvem drifter?", reply_by=clock.now.date()), actor=ASSESSOR_ACTOR)
    grants.run(ProvideInformation(app.id, answer="Kommunen."), actor=APPLICANT_ACTOR)
    room.run_once()
    assert (SECRETARIAT, "Svar fra søkeren") in _notices(inbox)

    ready = world.prioritised()
    room.run_once()
    assert (COMMITTEE, "Klar til vedtak") in _notices(inbox)
    assert ready.reference in next(m["subject"] for m in inbox.letters() if m["subject"].startswith("Klar til vedtak"))

    approved = world.approved()
    grants.run(RegisterAgreement(approved.id, signed_on=clock.now.date(), parties=(
        approved.applicant.org_no, *(p.org_no for p in approved.partners)), document_ref="Avtale 1",
        patient_responsibility="Delt"), actor=ASSESSOR_ACTOR)
    room.run_once()
    notices = _notices(inbox)
    assert (FINANCE, "Klar til utbetaling") in notices
    assert not any(to in (QUIET, "sor@helse-sor-ost.no") for to, _ in notices)

    count = len(inbox.letters())
    assert Mailroom(grants, ReadModels(grants), inbox.url).run_once().written == 0  # a restart writes nothing again
    assert len(inbox.letters()) == count
    with reading(room.models.engine) as connection:
        for_staff = letters_of(connection, room.models.audit, str(app.id))
        for_applicant = letters_of(connection, room.models.audit, str(app.id), with_notices=False)
    assert any(letter["kind"] == "varsel" for letter in for_staff)
    assert for_applicant and all(letter["kind"] != "varsel" for letter in for_applicant)
