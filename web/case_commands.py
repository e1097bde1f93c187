"""How each command on an application meets the web — once, for the API and the pages:
its endpoint (path, body schema, success status, text for the OpenAPI document) and its
form on the application's page (name, what the page says when it is done). Who may give
it and when is the command's rule (`domain.rules`); its input, the command's fields
(`domain.commands`), which the body schema reads.

`web.api.commands` makes an endpoint of every entry; `web.pages.actions` a form of every
entry that has one, and the case page offers each form whose rule allows it now."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from marshmallow import Schema

from domain.commands import (
    AcceptReport,
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
from domain.values import BudgetLine
from web.schemas import reports, requests
from web.schemas.information import InformationIn, InformationRequestIn

#: A command made from a loaded body and the path's other parts (a report's id).
Build = Callable[[UUID, Mapping[str, Any], Mapping[str, str]], CaseCommand]


@dataclass(frozen=True)
class CaseEdge:
    """One command on an application, as the API and the pages meet it."""

    command: type[CaseCommand]
    #: The endpoint's path below `/applications/<id>` ("" for the application itself).
    path: str
    schema: Schema
    #: What the endpoint does and who does it, for the OpenAPI document.
    summary: str
    success: int = 200
    method: str = "POST"
    #: The blueprint (the document's tag) the endpoint belongs to.
    tag: str = "commands"
    #: Besides `success`, a 200 answer described so (a repeated payment).
    repeat: str | None = None
    #: The form on the application's page, and what the page says once it is carried out.
    form: str | None = None
    done: str = ""
    #: The command from the body; by default its fields by name.
    build: Build | None = None

    def command_for(self, application_id: UUID, body: Mapping[str, Any], path: Mapping[str, str]) -> CaseCommand:
        """The command this body (and path) asks for."""
        if self.build is not None:
            return self.build(application_id, body, path)
        return self.command(application_id, **body, **path)


def _amend(application_id: UUID, body: Mapping[str, Any], _: Mapping[str, str]) -> CaseCommand:
    return Amend(application_id, changes=requests.application_content(dict(body)))


def _approve(application_id: UUID, body: Mapping[str, Any], _: Mapping[str, str]) -> CaseCommand:
    commitments = body.get("commitments")
    return Approve(application_id, amount=body["amount"], conditions=body["conditions"],
                   decision_ref=body["decision_ref"], reasons=body.get("reasons", ""),
                   commitments=None if commitments is None else tuple(
                       BudgetLine(line["year"], line["amount"]) for line in commitments))


def _agreement(application_id: UUID, body: Mapping[str, Any], _: Mapping[str, str]) -> CaseCommand:
    return RegisterAgreement(application_id, signed_on=body["signed_on"], parties=tuple(body["parties"]),
                             document_ref=body.get("document_ref", ""),
                             patient_responsibility=body.get("patient_responsibility", ""),
                             attachment=body.get("attachment") or None)


def _acceptance(application_id: UUID, body: Mapping[str, Any], path: Mapping[str, str]) -> CaseCommand:
    return AcceptReport(application_id, report_id=path["report_id"], comment=body.get("comment") or None)


def _with_files(command: type[CaseCommand]) -> Build:
    def build(application_id: UUID, body: Mapping[str, Any], path: Mapping[str, str]) -> CaseCommand:
        return command(application_id, **{**body, "attachments": tuple(body.get("attachments", ()))}, **path)
    return build


ON_REPORT = "/reports/<report_id>"

#: Every command on an application, in the order its page offers the forms.
EDGES: tuple[CaseEdge, ...] = (
    CaseEdge(Amend, "", requests.ApplicationAmend(partial=requests.AMENDABLE),
             "Change submitted fields before the deadline (applicant).", method="PATCH", form="endre",
             done="Endringen er lagret.", build=_amend),
    CaseEdge(Withdraw, "/withdrawal", requests.Reason(), "Withdraw an undecided application (applicant).",
             form="trekk", done="Søknaden er trukket."),
    CaseEdge(ProvideInformation, "/information", InformationIn(),
             "Answer the secretariat's question, with files already kept with the application (applicant); the "
             "application returns to review.", tag="reports", form="svar",
             done="Svaret er sendt; søknaden er tilbake til behandling.", build=_with_files(ProvideInformation)),
    CaseEdge(Screen, "/screening", requests.Screening(),
             "Record whether the application is eligible, and why (assessor of its community).", form="vurdering",
             done="Den formelle vurderingen er lagret."),
    CaseEdge(Score, "/scores", requests.Scores(),
             "One assessor's scores, 0–5 on each criterion of the round (assessor).", form="poeng",
             done="Poengene er lagret."),
    CaseEdge(Prioritise, "/prioritisation", requests.Prioritisation(),
             "Rank the application within its community and recommend an amount (assessor).", form="prioritet",
             done="Prioriteringen er lagret."),
    CaseEdge(RequestInformation, "/information-request", InformationRequestIn(),
             "Ask the applicant for more information by `reply_by` (the community's secretariat): the application "
             "waits (`awaiting_information`) and its age stands still.", tag="reports", form="sporsmal",
             done="Spørsmålet er sendt til søkeren; søknaden venter på svar."),
    CaseEdge(DeclareRecusal, "/recusal", requests.Reason(),
             "Step aside from the application because of bias, forvaltningsloven § 6 (assessor, committee).",
             form="inhabil", done="Inhabiliteten er registrert."),
    CaseEdge(Approve, "/approval", requests.Approval(),
             "Grant an amount and reserve it in the pool; 409 if the pool cannot (committee).", form="innvilg",
             done="Søknaden er innvilget, og beløpet er reservert i potten.", build=_approve),
    CaseEdge(Reject, "/rejection", requests.Rejection(),
             "Refuse the application, giving reasons, under its case number (committee).",
             form="avslag", done="Søknaden er avslått."),
    CaseEdge(AnswerGrant, "/grant-acceptance", requests.GrantAnswer(),
             "The recipient accepts the grant and its terms, or declines it with its reason; a declined grant's "
             "money returns to the pool, and nothing is paid before acceptance (applicant).", form="tilsagn",
             done="Svaret på tilsagnet er registrert."),
    CaseEdge(RegisterAgreement, "/agreement", requests.AgreementIn(),
             "Register the signed agreement between the parties (assessor, committee).", form="avtale",
             done="Avtalen er registrert.", build=_agreement),
    CaseEdge(Disburse, "/disbursements", requests.Disbursement(),
             "Pay an instalment (finance). The same payment reference again answers 200 and pays nothing.",
             success=201, repeat="this payment reference was paid before", form="utbetal",
             done="Utbetalingen er registrert."),
    CaseEdge(GiveNotice, "/notices", requests.NoticeIn(),
             "Give the parties notice of a reclaim or of closing with less paid than granted, why, and a date to "
             "comment by, forvaltningsloven § 16 (finance); the decision waits until they answered or the date "
             "passed (409 `not-heard`).", success=201, form="forhandsvarsel",
             done="Forhåndsvarselet er sendt til partene."),
    CaseEdge(AnswerNotice, "/notices/answer", requests.NoticeAnswerIn(),
             "The parties' comment on the notice (applicant or partner).", form="merknad",
             done="Merknaden er sendt."),
    CaseEdge(Reclaim, "/reclaims", requests.Reclaim(),
             "Decide to claim paid money back by `due_on` (finance), after notice; the pool shows it as claimed, "
             "and it returns to the pool only when the repayment is recorded.", success=201, form="tilbakekrev",
             done="Tilbakekrevingen er vedtatt. Beløpet føres tilbake til potten når tilbakebetalingen er mottatt."),
    CaseEdge(RecordRepayment, "/repayments", requests.Repayment(),
             "Record money claimed back as received (finance); it returns to the pool. The same reference with the "
             "same amount again answers 200 and records nothing.", success=201,
             repeat="this repayment reference was recorded before", form="tilbakebetalt",
             done="Tilbakebetalingen er registrert, og beløpet er ført tilbake til potten."),
    CaseEdge(Close, "/closure", requests.Reason(),
             "Close a granted application; what was never paid returns to the pool, after notice when anything is "
             "unpaid (finance).", form="avslutt",
             done="Saken er avsluttet; det som ikke er utbetalt, er frigitt i potten."),
    CaseEdge(LodgeComplaint, "/complaints", requests.ComplaintIn(),
             "A party complains of the decision, with the day the complaint arrived (applicant or partner); one "
             "after the three-week deadline is registered as late.", success=201, form="klage",
             done="Klagen er registrert.", build=_with_files(LodgeComplaint)),
    CaseEdge(ReverseDecision, "/complaints/reversal", requests.ReversalIn(),
             "The body that decided takes the complaint and grants `amount` in all, reserved in the pool as an "
             "approval is; 409 if the pool cannot bear it (committee).", form="omgjor",
             done="Vedtaket er omgjort, og beløpet er reservert i potten."),
    CaseEdge(ForwardComplaint, "/complaints/forwarding", requests.ForwardingIn(),
             "The body keeps its decision and forwards the complaint with its statement to the klageinstans "
             "(committee).", form="oversend", done="Klagen er sendt til klageinstansen."),
    CaseEdge(RecordAppealDecision, "/complaints/appeal-decision", requests.AppealDecisionIn(),
             "Record the klageinstans's decision: upheld, reversed (granting `amount`, reserved as an approval "
             "is) or sent back (a refused application returns to review) (committee).", form="klagevedtak",
             done="Klageinstansens vedtak er registrert."),
    CaseEdge(RequireReport, "/reports", reports.ReportRequirementIn(),
             "Add an interim or final reporting requirement with its due date (finance, assessor).", success=201,
             tag="reports", form="rapportkrav", done="Rapportkravet er lagt til."),
    CaseEdge(MoveReport, ON_REPORT + "/due-date", reports.ReportMoveIn(),
             "Give a requirement a new due date, with the reason (finance, assessor).", tag="reports",
             form="flytt-frist", done="Fristen er flyttet."),
    CaseEdge(SubmitReport, ON_REPORT + "/submission", reports.ReportSubmissionIn(),
             "The grant recipient's report: what was done and the money spent (applicant).", tag="reports",
             form="rapport", done="Rapporten er sendt inn.", build=_with_files(SubmitReport)),
    CaseEdge(AcceptReport, ON_REPORT + "/acceptance", reports.ReportCommentIn(),
             "Accept a received report; the final one releases the holdback (finance, assessor).", tag="reports",
             form="godkjenn-rapport", done="Rapporten er godkjent.", build=_acceptance),
    CaseEdge(WaiveReport, ON_REPORT + "/waiver", requests.Reason(),
             "Drop a report the recipient owes, with the reason (finance, assessor); a waived final report lets the "
             "grant close and releases the holdback.", tag="reports", form="frafall-rapport",
             done="Rapportkravet er frafalt."),
    CaseEdge(ReturnReport, ON_REPORT + "/return", reports.ReportReturnIn(),
             "Send a received report back, saying what is missing (finance, assessor).", tag="reports",
             form="returner-rapport", done="Rapporten er sendt tilbake til søkeren."),
)
#: The entries by the name of their page form.
BY_FORM: dict[str, CaseEdge] = {edge.form: edge for edge in EDGES if edge.form is not None}
