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
    "MembershipRevoked": "Medlemskap fjernet", "TokenIssued": "Tilgangsnøkkel utstedt",
    "TokenRevoked": "Tilgangsnøkkel trukket tilbake", "Linked": "Innlogging koblet til person",
    "OwnerRegistered": "Eier registrert", "CommunityRegistered": "Helsefellesskap registrert",
    "MembersChanged": "Medlemmer endret", "ReportRequired": "Rapportkrav satt", "ReportMoved": "Rapportfrist flyttet",
    "ReportSubmitted": "Rapport sendt inn", "ReportAccepted": "Rapport godkjent",
    "ReportReturned": "Rapport sendt tilbake", "HoldbackSet": "Beløp holdt tilbake",
    "Written": "Brev skrevet", "Sent": "Brev sendt", "Undeliverable": "Brev kan ikke leveres",
    "AttachmentAdded": "Vedlegg lagt til",
    "Continued": "Neste runde åpnet",
}

#: The fields of an application and of the commands on it, as people read them.
FIELD_LABELS: Final[dict[str, str]] = {
    "health_community": "helsefellesskap", "title": "tittel", "summary": "sammendrag", "applicant": "søker",
    "partners": "samarbeidspartnere", "priority_groups": "prioriterte grupper", "requested_amount": "søkt beløp",
    "own_contribution": "egeninnsats", "budget": "budsjett per år", "contact": "kontaktperson",
}

#: What each kind of record is called.
AGGREGATE_LABELS: Final[dict[str, str]] = {
    "Application": "Søknad", "FundingPool": "Tilskuddspott", "Round": "Utlysning", "ReferenceSeries": "Nummerserie",
    "AccessToken": "Tilgangsnøkkel", "Person": "Person", "Registry": "Register", "Identity": "Innlogging",
    "PaymentReference": "Betalingsreferanse", "Letter": "Brev",
}


def event_label(event_type: str, aggregate_type: str | None = None) -> str:
    """`Approved` → `Innvilget`; with its record, `Round`, `Opened` → `Utlysning: Åpnet`.
    An unknown type is shown as stored."""
    label = EVENT_LABELS.get(event_type, event_type)
    if aggregate_type is None:
        return label
    return f"{AGGREGATE_LABELS.get(aggregate_type, aggregate_type)}: {label[:1].lower()}{label[1:]}"
