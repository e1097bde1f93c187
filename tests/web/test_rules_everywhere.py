"""The pages never offer what the domain refuses, nor hide what it accepts: for
applications in every status (and the states within one that a rule looks at — scored,
agreed, a report due, received or overdue), every person of every role, and every
command with a form on the case page, the form is on the page exactly when the domain
carries the command out with valid input. The domain is asked on a copy of the
application, so nothing is recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from application.changes import step_of
from application.service import Grants
from domain.application import Application
from domain.attachments import attachment_of
from domain.commands import (
    AcceptReport,
    AddAttachment,
    Amend,
    AnswerGrant,
    AnswerNotice,
    Approve,
    CaseCommand,
    Close,
    DeclareRecusal,
    Disburse,
    ForwardComplaint,
    GiveNotice,
    LodgeComplaint,
    MoveReport,
    Prioritise,
    ProvideInformation,
    Reclaim,
    RecordAppealDecision,
    RecordRepayment,
    RegisterAgreement,
    Reject,
    RequestInformation,
    RequireReport,
    ReturnReport,
    ReverseDecision,
    Score,
    Screen,
    SubmitReport,
    WaiveReport,
    Withdraw,
)
from domain.errors import GrantsError
from domain.notice import open_notice
from domain.round import local_date
from domain.statuses import Status
from domain.values import APPLICANT, Actor
from tests.web.pageforms import logged_in
from tests.web.support import ISSUER, Api
from web.case_commands import EDGES
from workloads.builders import NLSH

PEOPLE = ("applicant", "partner", "other_applicant", "assessor", "assessor_2", "assessor_elsewhere", "committee",
          "committee_bodo", "finance", "finance_2", "auditor")


def _report(app: Application, *statuses: str) -> str:
    return next((r.id for r in app.requirements.values() if r.status in statuses), "interim-1")


#: A valid command of each kind for an application as it stands.
SAMPLES: dict[type[CaseCommand], Callable[[Application, date], CaseCommand]] = {
    Amend: lambda a, _: Amend(a.id, changes={"title": a.title + " (endret)"}),
    Withdraw: lambda a, _: Withdraw(a.id, reason="Trekkes"),
    ProvideInformation: lambda a, _: ProvideInformation(a.id, answer="Her er svaret"),
    Screen: lambda a, _: Screen(a.id, eligible=True, reason="Kvalifisert"),
    Score: lambda a, _: Score(a.id, scores={"effekt": 3, "samarbeid": 3}),
    Prioritise: lambda a, _: Prioritise(a.id, rank=1, recommended_amount="1"),
    RequestInformation: lambda a, today: RequestInformation(a.id, question="Hvem?", reply_by=today + timedelta(14)),
    DeclareRecusal: lambda a, _: DeclareRecusal(a.id, reason="Inhabil"),
    Approve: lambda a, _: Approve(a.id, amount="1", decision_ref="KU 1/2025", reasons="Redusert"),
    AnswerGrant: lambda a, _: AnswerGrant(a.id, accept=True),
    Reject: lambda a, _: Reject(a.id, reasons="Utenfor formålet", decision_ref="KU-sak 1/2026"),
    RegisterAgreement: lambda a, today: RegisterAgreement(
        a.id, signed_on=today, parties=(a.applicant.org_no, *(p.org_no for p in a.partners)), document_ref="Avtale",
        patient_responsibility="Delt"),
    Disburse: lambda a, _: Disburse(a.id, amount="0.01", payment_reference=f"UTB-PRØVE-{a.version}"),
    Reclaim: lambda a, today: Reclaim(a.id, amount="0.01", reason="Ubrukt", due_on=today + timedelta(30)),
    RecordRepayment: lambda a, today: RecordRepayment(a.id, amount="0.01", received_on=today,
                                                      reference=f"INNB-PRØVE-{a.version}"),
    WaiveReport: lambda a, _: WaiveReport(a.id, report_id=_report(a, "due", "returned"), reason="Frafalt"),
    Close: lambda a, _: Close(a.id, reason="Ferdig"),
    RequireReport: lambda a, today: RequireReport(a.id, kind="interim", due_on=today + timedelta(30), reason="Del"),
    MoveReport: lambda a, today: MoveReport(a.id, report_id=_report(a, "due", "returned"),
                                            due_on=today + timedelta(60), reason="Utsatt"),
    SubmitReport: lambda a, _: SubmitReport(a.id, report_id=_report(a, "due", "returned"), text="Gjort",
                                            spent_amount="0"),
    AcceptReport: lambda a, _: AcceptReport(a.id, report_id=_report(a, "received")),
    ReturnReport: lambda a, _: ReturnReport(a.id, report_id=_report(a, "received"), comment="Mangler regnskap"),
    AddAttachment: lambda a, _: AddAttachment(a.id, attachment_of(b"%PDF-1.7\nprove\n%%EOF\n", "prove.pdf")),
    GiveNotice: lambda a, today: GiveNotice(a.id, intent="close" if open_notice(a.notices, "reclaim") else "reclaim",
                                            text="Vi vurderer vedtaket", comment_by=today + timedelta(14)),
    AnswerNotice: lambda a, _: AnswerNotice(a.id, answer="Ingen merknader"),
    LodgeComplaint: lambda a, today: LodgeComplaint(a.id, text="Vi klager", received_on=today),
    ReverseDecision: lambda a, _: ReverseDecision(
        a.id, amount="1" if a.status == Status.REJECTED else (a.granted_amount or 0) + Decimal("0.01"),
        decision_ref="KU-sak 2/2026", reasons="Omgjort"),
    ForwardComplaint: lambda a, _: ForwardComplaint(a.id, statement="Vi fastholder vedtaket"),
    RecordAppealDecision: lambda a, _: RecordAppealDecision(a.id, outcome="upheld", reasons="Står",
                                                            decision_ref="HOD 1"),
}


def accepts(grants: Grants, application_id: str, actor: Actor, kind: type[CaseCommand]) -> bool:
    """Whether the domain carries out a valid command of `kind` by `actor` now — on a copy
    of the application (and of its pool), never saved."""
    app, now = grants.get_application(application_id), grants.now()
    command = SAMPLES[kind](app, local_date(now))
    try:
        app.check_visible_to(actor)
        if isinstance(command, Disburse):
            app.disburse(command.amount, command.payment_reference, actor, now)
        elif isinstance(command, RecordRepayment):
            app.record_repayment(command.amount, command.received_on, command.reference, actor, now)
        elif isinstance(command, AddAttachment):
            app.add_attachment(command.attachment, actor, now)
        else:
            step, book = step_of(kind)
            if book is None:
                step(grants, app, command, actor, now)
            else:
                pool = grants.get_pool(app.pool_id)
                book(pool, app, step(grants, app, pool, command, actor, now), command, actor, now)
    except GrantsError:
        return False
    return True


def _states(api: Api) -> dict[str, dict[str, Any]]:
    """Applications in every status, and the states within one a rule looks at."""
    def post(app: dict[str, Any], who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return api.ok(api.post(f"/api/v1/applications/{app['id']}/{path}", who, body))

    today = api.clock.now.date()
    states = {stage: api.application(stage) for stage in ("submitted", "scored", "prioritised", "approved",
                                                            "agreed", "paid")}
    states["screened"] = post(api.application("submitted"), "assessor", "screening",
                              {"eligible": True, "reason": "Kvalifisert"})
    states["awaiting_information"] = post(api.application("submitted"), "assessor", "information-request",
                                          {"question": "Hvem?", "reply_by": (today + timedelta(14)).isoformat()})
    states["rejected"] = post(api.application("prioritised"), "committee", "rejection",
                              {"reasons": "Nei", "decision_ref": "KU-sak 1/2026"})
    states["withdrawn"] = post(api.application("submitted"), "applicant", "withdrawal", {"reason": "Trukket"})
    states["closed"] = post(api.heard(api.application("approved"), "close"), "finance", "closure",
                            {"reason": "Ferdig"})
    states["declined"] = post(api.application("approved"), "applicant", "grant-acceptance",
                              {"accept": False, "reason": "Takker nei"})
    states["noticed"] = post(api.application("paid"), "finance", "notices", {
        "intent": "reclaim", "text": "Ubrukte midler", "comment_by": (today + timedelta(14)).isoformat()})
    states["heard"] = api.heard(api.application("paid"))
    states["heard_on_closing"] = api.heard(api.application("approved"), "close")
    states["complained"] = api.complained()
    states["forwarded"] = post(api.complained("approved"), "committee", "complaints/forwarding",
                               {"statement": "Vi fastholder vedtaket"})
    states["reclaimed"] = post(api.heard(api.application("paid")), "finance", "reclaims", {
        "amount": "1000", "reason": "Ubrukt", "due_on": (today + timedelta(30)).isoformat()})
    part_paid = post(api.application("agreed"), "finance", "disbursements", {"amount": "1000",
                                                                              "payment_reference": "UTB-DEL"})
    states["report_due"] = post(part_paid, "finance", "reports", {"kind": "interim",
                                                                  "due_on": (today + timedelta(20)).isoformat()})
    received = post(api.application("agreed"), "finance", "reports", {"kind": "final",
                                                                       "due_on": (today + timedelta(20)).isoformat()})
    states["report_received"] = post(received, "applicant", f"reports/{received['reports'][0]['id']}/submission",
                                     {"text": "Rapport", "spent_amount": "0"})
    overdue = post(api.application("agreed"), "finance", "reports", {"kind": "interim",
                                                                      "due_on": (today + timedelta(1)).isoformat()})
    api.clock.advance(days=2)  # the report is now overdue; the round's deadline is weeks away
    states["report_overdue"] = overdue
    return states


def test_the_pages_offer_exactly_the_forms_the_domain_accepts(api: Api) -> None:
    api.tokens["partner"], _ = api.grants.issue_token(APPLICANT, ISSUER, holder="Nordlandssykehuset",
                                                      org_no=NLSH.org_no)
    states = _states(api)
    assert {Status(api.grants.get_application(s["id"]).status) for s in states.values()} == set(Status)
    browsers = {who: logged_in(api, who) for who in PEOPLE}
    actors = {who: api.grants.authenticate(api.tokens[who]) for who in PEOPLE}
    forms = [(edge.form, edge.command) for edge in EDGES if edge.form] + [("vedlegg", AddAttachment)]
    checked, offered_somewhere, disagreements = 0, set(), []
    for name, state in states.items():
        for who in PEOPLE:
            page = browsers[who].get(f"/soknader?referanse={state['reference']}")
            if page.status_code == 404:  # outside the person's scope: the domain refuses everything too
                assert not any(accepts(api.grants, state["id"], actors[who], kind) for _, kind in forms), who
                continue
            html = page.get_data(as_text=True)
            for form, kind in forms:
                offered = f'/soknader/{state["id"]}/{form}"' in html
                accepted = accepts(api.grants, state["id"], actors[who], kind)
                checked += 1
                if offered:
                    offered_somewhere.add(form)
                if offered != accepted:
                    disagreements.append((name, who, form, "offered" if offered else "hidden",
                                          "accepted" if accepted else "refused"))
    assert disagreements == [], disagreements
    assert offered_somewhere == {form for form, _ in forms}, "every form is offered to someone somewhere"
    print(f"{checked} status × person × command triples: page and domain agree")


@pytest.mark.parametrize("stage", ["submitted", "prioritised"])
def test_a_form_the_page_hides_is_refused_when_sent_all_the_same(api: Api, stage: str) -> None:
    """The hidden form is the domain's refusal, not a missing check: sent as an old page
    would, the command is refused and nothing is recorded."""
    app = api.application(stage)
    finance = logged_in(api, "finance")
    page = finance.get(f"/soknader?referanse={app['reference']}").get_data(as_text=True)
    assert f'/soknader/{app["id"]}/utbetal"' not in page
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    before = api.grants.recorder.max_notification_id()
    refused = finance.post(f"/soknader/{app['id']}/utbetal", data={
        "csrf_token": csrf, "amount": "1", "payment_reference": "UTB-SKJULT"})
    assert refused.status_code == 422 and api.grants.recorder.max_notification_id() == before
