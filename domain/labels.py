"""How people read a status, a role or an event type (bokmål)."""

from __future__ import annotations

from typing import Final

from domain.roles import Role
from domain.statuses import Status


def label_of(kind: type[Status] | type[Role], value: str) -> str:
    """The bokmål label of a status or a role; an unknown value as it was stored."""
    try:
        return kind(value).label
    except ValueError:
        return value


#: What each recorded event means, by its type (the class name the log stores).
EVENT_LABELS: Final[dict[str, str]] = {
    "Submitted": "Søknad sendt inn", "Amended": "Søknad endret", "Withdrawn": "Søknad trukket",
    "Screened": "Formell vurdering", "Scored": "Poeng gitt", "Prioritised": "Prioritert",
    "RecusalDeclared": "Inhabilitet meldt", "Approved": "Innvilget", "Rejected": "Avslått",
    "AgreementRegistered": "Avtale registrert", "FundsDisbursed": "Utbetalt", "FundsReclaimed": "Tilbakekrevd",
    "Closed": "Avsluttet", "ReportDue": "Rapportfrist satt", "ReportReceived": "Rapport mottatt",
    "Opened": "Åpnet", "Increased": "Ramme økt", "FundsReserved": "Midler reservert",
    "FundsPaid": "Midler utbetalt", "FundsReturned": "Midler tilbakeført",
    "ReservationReleased": "Reservasjon frigitt", "Allocated": "Tildelt helsefellesskap",
    "AllocationWithdrawn": "Tildeling trukket tilbake", "AllocationIncreased": "Tildeling økt",
    "AllocationReduced": "Tildeling redusert", "InformationRequested": "Opplysninger etterspurt",
    "InformationProvided": "Opplysninger mottatt", "Started": "Nummerserie startet", "Taken": "Referanse tildelt",
    "NumberTaken": "Referanse tildelt", "Created": "Opprettet", "Issued": "Tilgangsnøkkel utstedt",
    "IssuedToPerson": "Tilgangsnøkkel utstedt", "Revoked": "Tilgangsnøkkel trukket tilbake",
    "Registered": "Person registrert", "MembershipGranted": "Medlemskap gitt",
    "MembershipRevoked": "Medlemskap fjernet", "NoticesChosen": "Varsler på e-post valgt",
    "TokenIssued": "Tilgangsnøkkel utstedt",
    "TokenRevoked": "Tilgangsnøkkel trukket tilbake", "Linked": "Innlogging koblet til person",
    "OwnerRegistered": "Eier registrert", "CommunityRegistered": "Helsefellesskap registrert",
    "MembersChanged": "Medlemmer endret", "ReportRequired": "Rapportkrav satt", "ReportMoved": "Rapportfrist flyttet",
    "ReportSubmitted": "Rapport sendt inn", "ReportAccepted": "Rapport godkjent",
    "ReportReturned": "Rapport sendt tilbake", "HoldbackSet": "Beløp holdt tilbake",
    "Written": "Brev skrevet", "Sent": "Brev sendt", "Undeliverable": "Brev kan ikke leveres",
    "AttachmentAdded": "Vedlegg lagt til",
    "Continued": "Neste runde åpnet", "GrantAccepted": "Tilsagn akseptert",
    "GrantDeclined": "Mottakeren takket nei", "RepaymentReceived": "Tilbakebetaling mottatt",
    "FundsClaimed": "Midler krevd tilbake", "YearAdded": "Budsjettår lagt til", "ReportWaived": "Rapportkrav frafalt",
    "NoticeGiven": "Forhåndsvarsel sendt", "NoticeAnswered": "Merknader til forhåndsvarsel",
    "ComplaintLodged": "Klage mottatt", "DecisionReversed": "Vedtak omgjort etter klage",
    "ComplaintForwarded": "Klage sendt til klageinstansen", "AppealDecided": "Klageinstansens vedtak",
    "BodyRegistered": "Organ registrert", "MeetingOpened": "Møte registrert", "CaseNumberTaken": "Saksnummer tatt",
    "Held": "Møte holdt", "RecusalRecorded": "Inhabilitet i møtet", "CaseDecided": "Sak avgjort i møtet",
}

#: The fields of an application, of the commands on it and of the forms, as people read them
#: (capitalised, as on a form; a summary writes them in lower case).
FIELD_LABELS: Final[dict[str, str]] = {
    "id": "Id", "name": "Navn", "kind": "Type", "region": "Region", "org_no": "Organisasjonsnummer",
    "email": "E-post", "role": "Rolle", "community_id": "Helsefellesskap", "owner_id": "Eier",
    "employer_org_no": "Arbeidsgivers organisasjonsnummer", "members": "Medlemmer",
    "health_community": "Helsefellesskap", "title": "Tittel", "summary": "Sammendrag", "applicant": "Søker",
    "partners": "Samarbeidspartnere", "priority_groups": "Prioriterte grupper", "requested_amount": "Søkt beløp",
    "own_contribution": "Egeninnsats", "budget": "Budsjett per år", "contact": "Kontaktperson",
    "round_id": "Utlysning", "reason": "Begrunnelse", "eligible": "Kvalifisert", "scores": "Poeng",
    "comment": "Kommentar", "rank": "Prioritet", "recommended_amount": "Anbefalt beløp", "amount": "Beløp",
    "conditions": "Vilkår", "decision_ref": "Vedtaksreferanse", "reasons": "Begrunnelse for avslag",
    "signed_on": "Signert dato", "parties": "Parter", "document_ref": "Dokumentreferanse",
    "payment_reference": "Betalingsreferanse", "fiscal_years": "Budsjettår", "deadline": "Søknadsfrist",
    "criteria": "Kriterier", "owner": "Eier", "as_of": "Dato", "year": "År", "person_id": "Person", "file": "Vedlegg",
    "text": "Rapport", "spent_amount": "Brukt beløp", "attachments": "Vedlegg", "due_on": "Frist",
    "allocations": "Tildelinger", "share": "Andel", "question": "Spørsmål", "reply_by": "Svarfrist",
    "answer": "Svar", "commitments": "Innvilget per år", "report_id": "Rapport", "changes": "Endringer",
    "contributions": "Bidrag per part", "lasting_operation": "Plan for varig drift",
    "patient_responsibility": "Pasientansvar", "holdback_percent": "Andel som holdes tilbake",
    "final_report_months": "Frist for sluttrapport", "weight": "Vekt",
    "call_text": "Utlysningsteksten", "accept": "Svar på tilsagnet", "attachment": "Signert avtale",
    "received_on": "Mottatt dato", "reference": "Innbetalingsreferanse", "indicator_values": "Resultatindikatorer",
    "budget_years": "Budsjettår for tilskuddene", "series": "Søknadsfrist hvert år",
    "indicators": "Resultatindikatorer",
    "interim_report_months": "Frist for delrapport", "unit": "Enhet",
    "intent": "Hva som varsles", "comment_by": "Frist for merknader", "statement": "Uttalelse",
    "outcome": "Utfall", "held_on": "Møtedato", "place": "Sted", "present": "Til stede", "member_id": "Medlem",
    "decision": "Vedtak", "votes_for": "Stemte for", "votes_against": "Stemte mot", "votes": "Stemmer",
    "quorum": "Vedtaksført med", "decides_for": "Vedtar for", "klageinstans": "Klageinstans",
    "prefix": "Saksnummer begynner med", "application_id": "Sak",
}

#: What each command on an application does, as a sentence goes on ("Du kan ikke …
#: nå", "Venter på at … "), by its rule's name (`domain.commands`).
COMMAND_LABELS: Final[dict[str, str]] = {
    "amend": "endre søknaden", "withdraw": "trekke søknaden", "screen": "gjøre den formelle vurderingen",
    "score": "gi poeng", "prioritise": "prioritere søknaden", "request_information": "be søkeren om opplysninger",
    "provide_information": "svare på spørsmålet", "declare_recusal": "melde inhabilitet",
    "approve": "innvilge søknaden", "reject": "avslå søknaden", "register_agreement": "registrere avtalen",
    "disburse": "utbetale", "reclaim": "kreve tilbake", "close": "avslutte saken",
    "require_report": "kreve en rapport", "move_report": "flytte en rapportfrist",
    "submit_report": "sende inn rapporten", "accept_report": "vurdere rapporten",
    "return_report": "sende rapporten tilbake", "add_attachment": "legge ved en fil",
    "answer_grant": "svare på tilsagnet", "record_repayment": "registrere en tilbakebetaling",
    "waive_report": "frafalle et rapportkrav", "give_notice": "sende forhåndsvarsel",
    "answer_notice": "svare på forhåndsvarselet", "lodge_complaint": "klage på vedtaket",
    "reverse_decision": "omgjøre vedtaket", "forward_complaint": "sende klagen til klageinstansen",
    "record_appeal_decision": "registrere klageinstansens vedtak",
}

def report_label(kind: str, report_id: str) -> str:
    """A reporting requirement as people name it: `Sluttrapport`, or `Delrapport 2` for
    the second interim report (its id: `interim-2`); a second final one `Sluttrapport 2`."""
    name = "Sluttrapport" if kind == "final" else "Delrapport"
    number = report_id.rpartition("-")[2]
    if kind == "final":
        return name if number in ("", "1") or not number.isdigit() else f"{name} {number}"
    return f"{name} {number}" if number.isdigit() else name


#: What each kind of record is called.
AGGREGATE_LABELS: Final[dict[str, str]] = {
    "Application": "Søknad", "FundingPool": "Tilskuddspott", "Round": "Utlysning", "ReferenceSeries": "Nummerserie",
    "AccessToken": "Tilgangsnøkkel", "Person": "Person", "Registry": "Register", "Identity": "Innlogging",
    "PaymentReference": "Betalingsreferanse", "Letter": "Brev", "Body": "Organ", "Meeting": "Møte",
}


def event_label(event_type: str, aggregate_type: str | None = None) -> str:
    """`Approved` → `Innvilget`; with its record, `Round`, `Opened` → `Utlysning: Åpnet`.
    An unknown type is shown as stored."""
    label = EVENT_LABELS.get(event_type, event_type)
    if aggregate_type is None:
        return label
    return f"{AGGREGATE_LABELS.get(aggregate_type, aggregate_type)}: {label[:1].lower()}{label[1:]}"
