"""Letters name who decides and where to complain: on a health community's money the
decision is the hospital trust's on the community's recommendation, and a complaint goes
to the RHF; on an RHF's own money the ministry is the klageinstans. Each step of a
complaint, and a notice before a reclaim, is a letter to the parties, in bokmål."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from application.service import Grants
from domain.commands import (
    ForwardComplaint,
    GiveNotice,
    LodgeComplaint,
    RecordAppealDecision,
    Reject,
    ReverseDecision,
)
from domain.round import local_date
from domain.values import Owner
from infrastructure.sql import reading
from mailroom.room import Mailroom
from readmodels.mail import letters_of
from readmodels.service import ReadModels
from workloads.builders import (
    APPLICANT_ACTOR,
    COMMITTEE_ACTOR,
    FINANCE_ACTOR,
    LVS,
    NLSH,
    NORD,
    FakeClock,
    World,
)

LVS_OWNER = Owner(LVS.id, LVS.name, "health_community")


def _letters(grants: Grants, app_id: Any) -> dict[str, str]:
    """The letters written about the application, by kind (the latest of each), their
    lines joined (where a line breaks is layout, not content)."""
    room = Mailroom(grants, ReadModels(grants), None)
    room.run_once()
    with reading(room.models.engine) as connection:
        return {k["kind"]: " ".join(k["body"].split()) for k in letters_of(connection, room.models.audit, str(app_id))}


def test_a_communitys_decisions_and_complaints_name_the_trust_the_community_and_the_rhf(
        sqlite_url: str, clock: FakeClock) -> None:
    grants = Grants(sqlite_url, clock=clock)
    world = World(grants, clock, owner=LVS_OWNER)
    app = world.prioritised()
    grants.run(Reject(app.id, reasons="Tiltaket er ordinær drift", decision_ref="SSU-sak 4/2025"),
               actor=COMMITTEE_ACTOR)
    refusal = _letters(grants, app.id)["vedtak-avslag"]
    assert f"{NLSH.name} har, etter innstilling fra {LVS.name}," in refusal
    assert "Vedtaksreferanse: SSU-sak 4/2025" in refusal
    assert f"sendes klagen til {NORD.name} som klageinstans" in refusal and "Klageadgang" in refusal

    today = local_date(grants.now())
    grants.run(LodgeComplaint(app.id, text="Tiltaket er nytt, ikke drift", received_on=today), actor=APPLICANT_ACTOR)
    received = _letters(grants, app.id)["klage-mottatt"]
    assert "Klagen er kommet innen fristen" in received and NORD.name in received

    grants.run(ForwardComplaint(app.id, statement="SSU fastholder at tiltaket er drift"), actor=COMMITTEE_ACTOR)
    forwarded = _letters(grants, app.id)["klage-oversendt"]
    assert "SSU fastholder at tiltaket er drift" in forwarded and f"sendt til {NORD.name} som klageinstans" in forwarded

    grants.run(RecordAppealDecision(app.id, outcome="reversed", decision_ref="Helse Nord 2025/12", amount="700000",
                                    reasons="Tiltaket er nytt og svarer på formålet"), actor=COMMITTEE_ACTOR)
    reversed_ = _letters(grants, app.id)["vedtak-omgjort"]
    assert f"{NORD.name} har som klageinstans" in reversed_ and "kr 700 000" in reversed_
    assert "Vedtaket er endelig og kan ikke påklages" in reversed_ and "Helse Nord 2025/12" in reversed_
    grants.close()


def test_an_rhfs_reversal_and_a_notice_name_the_ministry_and_the_date_to_comment_by(
        sqlite_url: str, clock: FakeClock) -> None:
    grants = Grants(sqlite_url, clock=clock)
    world = World(grants, clock)
    granted = world.approved("500000")
    grants.run(LodgeComplaint(granted.id, text="For lavt beløp", received_on=local_date(grants.now())),
               actor=APPLICANT_ACTOR)
    grants.run(ReverseDecision(granted.id, amount="650000", decision_ref="KU-sak 60/2025",
                               reasons="Ny vurdering av kostnadene"), actor=COMMITTEE_ACTOR)
    letter = _letters(grants, granted.id)["vedtak-omgjort"]
    assert f"{NORD.name} har {local_date(grants.now()).strftime('%d.%m.%Y')} tatt klagen til følge" in letter
    assert "kr 650 000" in letter and "Helse- og omsorgsdepartementet som klageinstans" in letter

    paid = world.paid()
    comment_by = local_date(grants.now()) + timedelta(days=14)
    grants.run(GiveNotice(paid.id, intent="reclaim", amount=Decimal(90000), comment_by=comment_by,
                          text="Sluttrapporten viser ubrukte midler"), actor=FINANCE_ACTOR)
    notice = _letters(grants, paid.id)["forhandsvarsel"]
    assert "forvaltningsloven § 16" in notice and "krav om tilbakebetaling" in notice and "kr 90 000" in notice
    assert comment_by.strftime("%d.%m.%Y") in notice and "Sluttrapporten viser ubrukte midler" in notice
    grants.close()
