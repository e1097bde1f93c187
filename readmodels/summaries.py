"""A readable Norwegian (bokmål) line for every kind of event, for the audit trail.

`Subjects` names what an event is about (a pool's name, an application's reference);
the audit view keeps those names in its own table, learnt from the creation events.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from domain.access import AccessToken
from domain.application import Application
from domain.body import Body
from domain.formatting import format_date, format_nok
from domain.identity import Identity
from domain.labels import FIELD_LABELS, event_label, label_of
from domain.letter import BAD_ADDRESS, REFUSED, Letter
from domain.meeting import DECISIONS, Meeting
from domain.membership import Membership
from domain.notice import INTENTS
from domain.payment_reference import PaymentReference
from domain.person import Person
from domain.pool import FundingPool
from domain.references import PREFIX, ReferenceSeries
from domain.registry import Registry
from domain.roles import Role
from domain.round import Round

#: What the klageinstans did, as the audit trail says it.
_APPEAL_OUTCOMES = {"upheld": "ikke tatt klagen til følge", "sent_back": "opphevet vedtaket og sendt saken tilbake"}


class Subjects(Protocol):
    """Names of aggregates, by id."""

    def label(self, aggregate_id: Any) -> str: ...


def _pool(e: Any, s: Subjects) -> str:
    return f"«{s.label(e.originator_id)}»"


def _membership(membership: Membership) -> str:
    return f"{label_of(Role, membership.role)} ({membership.scope})"


def _app(e: Any, s: Subjects) -> str:
    return s.label(e.originator_id)


def _share(share: Any) -> str:
    """` (andel 41 %)` for a part of a distribution key."""
    return "" if share is None else f" (andel {format(share * 100, 'f').rstrip('0').rstrip('.').replace('.', ',')} %)"


def _for(e: Any, s: Subjects) -> str:
    return s.label(e.application_id)


#: Why a letter could not be delivered, in bokmål (`domain.letter.UNDELIVERABLE`).
UNDELIVERABLE_TEXT: dict[str, str] = {BAD_ADDRESS: "adressen er ikke én gyldig e-postadresse",
                                      REFUSED: "e-posttjeneren avviste mottakeren"}

_TEMPLATES: dict[type[Any], Callable[[Any, Subjects], str]] = {
    FundingPool.Opened: lambda e, s: (
        f"Tilskuddspott «{e.name}» opprettet for {e.owner.name} med {format_nok(e.amount)}"),
    FundingPool.Increased: lambda e, s: f"Tilskuddspott {_pool(e, s)} økt med {format_nok(e.amount)}: {e.reason}",
    FundingPool.FundsReserved: lambda e, s: f"{format_nok(e.amount)} reservert i {_pool(e, s)} for {_for(e, s)}",
    FundingPool.ReservationReleased: lambda e, s: (
        f"{format_nok(e.amount)} frigitt i {_pool(e, s)} fra {_for(e, s)}"),
    FundingPool.FundsPaid: lambda e, s: (
        f"{format_nok(e.amount)} utbetalt fra {_pool(e, s)} til {_for(e, s)} (referanse {e.payment_reference})"),
    FundingPool.FundsReturned: lambda e, s: (
        f"{format_nok(e.amount)} tilbakeført til {_pool(e, s)} fra {_for(e, s)}: {e.reason}"),
    FundingPool.FundsClaimed: lambda e, s: (
        f"{format_nok(e.amount)} krevd tilbake fra {_for(e, s)} til {_pool(e, s)}, frist {format_date(e.due_on)}; "
        "føres tilbake når det er mottatt"),
    FundingPool.YearAdded: lambda e, s: (
        f"Budsjettår {e.year} lagt til {_pool(e, s)} med {format_nok(e.amount)}: {e.reason}"),
    FundingPool.Allocated: lambda e, s: (
        f"{format_nok(e.amount)} tildelt {e.recipient.name} fra {_pool(e, s)}{_share(e.share)}: {e.reason}"),
    FundingPool.AllocationWithdrawn: lambda e, s: (
        f"{format_nok(e.amount)} trukket tilbake til {_pool(e, s)} fra «{s.label(e.pool_id)}»: {e.reason}"),
    FundingPool.AllocationIncreased: lambda e, s: (
        f"Tildelingen {_pool(e, s)} økt med {format_nok(e.amount)}: {e.reason}"),
    FundingPool.AllocationReduced: lambda e, s: (
        f"Tildelingen {_pool(e, s)} redusert med {format_nok(e.amount)}: {e.reason}"),
    Round.Opened: lambda e, s: f"Utlysning «{e.title}» åpnet med søknadsfrist {format_date(e.deadline)}",
    Round.Closed: lambda e, s: f"Utlysning «{s.label(e.originator_id)}» lukket",
    Application.Submitted: lambda e, s: (
        f"Søknad {e.reference} «{e.content['title']}» sendt inn av {e.content['applicant'].name} "
        f"({format_nok(e.content['requested_amount'])} søkt)"),
    Application.Amended: lambda e, s: (
        f"Søknad {_app(e, s)} endret: {', '.join(sorted(FIELD_LABELS.get(c, c).lower() for c in e.changes))}"),
    Application.Withdrawn: lambda e, s: f"Søknad {_app(e, s)} trukket: {e.reason}",
    Application.InformationRequested: lambda e, s: (
        f"Søker av {_app(e, s)} bedt om flere opplysninger innen {format_date(e.reply_by)}: {e.question}"),
    Application.InformationProvided: lambda e, s: (
        f"Søker har svart på spørsmålet om {_app(e, s)}"
        f"{f' ({len(e.attachments)} vedlegg)' if e.attachments else ''}"),
    Application.Screened: lambda e, s: (
        f"Søknad {_app(e, s)} vurdert som {'kvalifisert' if e.eligible else 'ikke kvalifisert'}: {e.reason}"),
    Application.Scored: lambda e, s: (
        f"Søknad {_app(e, s)} poengsatt av {e.actor.name}: vektet snitt "
        f"{str(round(e.scoring.weighted_mean(), 2)).replace('.', ',')}"),
    Application.Prioritised: lambda e, s: (
        f"Søknad {_app(e, s)} prioritert som nr. {e.rank}, anbefalt {format_nok(e.recommended_amount)}"),
    Application.RecusalDeclared: lambda e, s: f"{e.actor.name} erklærte seg inhabil i {_app(e, s)}: {e.reason}",
    Application.Approved: lambda e, s: (
        f"Søknad {_app(e, s)} innvilget med {format_nok(e.amount)} (vedtak {e.decision_ref})"),
    Application.Rejected: lambda e, s: (
        f"Søknad {_app(e, s)} avslått{f' (vedtak {e.decision_ref})' if e.decision_ref else ''}: {e.reasons}"),
    Application.GrantAccepted: lambda e, s: f"Tilsagnet til {_app(e, s)} er akseptert av mottakeren",
    Application.GrantDeclined: lambda e, s: (
        f"Mottakeren takket nei til tilsagnet til {_app(e, s)}: {e.reason}; {format_nok(e.released_amount)} frigitt"),
    Application.AgreementRegistered: lambda e, s: (
        f"Avtale for {_app(e, s)} registrert ({e.agreement.document_ref or 'signert avtale vedlagt'}, signert "
        f"{format_date(e.agreement.signed_on)})"),
    Application.FundsDisbursed: lambda e, s: (
        f"{format_nok(e.amount)} utbetalt til {_app(e, s)} (utbetaling nr. {e.instalment}, "
        f"referanse {e.payment_reference})"),
    Application.FundsReclaimed: lambda e, s: (
        f"{format_nok(e.amount)} krevd tilbake fra {_app(e, s)}"
        f"{'' if e.due_on is None else ', frist ' + format_date(e.due_on)}: {e.reason}"),
    Application.RepaymentReceived: lambda e, s: (
        f"{format_nok(e.amount)} tilbakebetalt av {_app(e, s)}, mottatt {format_date(e.received_on)} "
        f"(referanse {e.reference})"),
    Application.ReportWaived: lambda e, s: f"Rapportkrav {e.report_id} for {_app(e, s)} frafalt: {e.reason}",
    Application.NoticeGiven: lambda e, s: (
        f"Forhåndsvarsel {e.notice_id} om {INTENTS[e.intent]} sendt til partene i {_app(e, s)}"
        f"{'' if e.amount is None else ' (' + format_nok(e.amount) + ')'}, frist for merknader "
        f"{format_date(e.comment_by)}: {e.text}"),
    Application.NoticeAnswered: lambda e, s: f"Partene i {_app(e, s)} svarte på forhåndsvarsel {e.notice_id}",
    Application.ComplaintLodged: lambda e, s: (
        f"Klage {e.complaint_id} på vedtaket om {_app(e, s)} kom inn {format_date(e.received_on)}"
        f"{' etter fristen ' + format_date(e.deadline) if e.late else ' innen fristen'} (fra {e.lodged_by})"),
    Application.DecisionReversed: lambda e, s: (
        f"Vedtaket om {_app(e, s)} omgjort etter klage {e.complaint_id} av "
        f"{'klageinstansen' if e.by == 'appeal' else 'organet som vedtok'}: innvilget {format_nok(e.amount)}, "
        f"{format_nok(e.added)} mer reservert (vedtak {e.decision_ref})"),
    Application.ComplaintForwarded: lambda e, s: (
        f"Klage {e.complaint_id} på vedtaket om {_app(e, s)} sendt til klageinstansen: {e.statement}"),
    Application.AppealDecided: lambda e, s: (
        f"Klageinstansen har {_APPEAL_OUTCOMES[e.outcome]} i klage {e.complaint_id} for {_app(e, s)} "
        f"(vedtak {e.decision_ref}): {e.reasons}"),
    Application.ReportDue: lambda e, s: f"Rapport for {_app(e, s)} skal leveres innen {format_date(e.due_on)}",
    Application.ReportReceived: lambda e, s: (
        f"Rapport for {_app(e, s)} mottatt {format_date(e.received_on)} ({e.document_ref})"),
    Application.Closed: lambda e, s: (
        f"Søknad {_app(e, s)} avsluttet: {e.reason}" + (
            f"; {format_nok(e.released_amount)} frigitt" if e.released_amount else "")),
    AccessToken.Issued: lambda e, s: f"Tilgang som {e.role} utstedt til {e.holder}",
    AccessToken.Revoked: lambda e, s: f"Tilgangen til {s.label(e.originator_id)} trukket tilbake",
    AccessToken.IssuedToPerson: lambda e, s: f"Tilgangsnøkkel registrert for {s.label(e.person_id)}",
    Person.Registered: lambda e, s: f"Person {e.name} registrert" + (f" ({e.email})" if e.email else ""),
    Person.MembershipGranted: lambda e, s: (
        f"{s.label(e.originator_id)} fikk rollen {_membership(e.membership)}"),
    Person.NoticesChosen: lambda e, s: f"{s.label(e.originator_id)} slo {'på' if e.on else 'av'} varsler på e-post",
    Person.MembershipRevoked: lambda e, s: f"{s.label(e.originator_id)} mistet et medlemskap ({e.membership_id})"
                                           + (f": {e.reason}" if e.reason else ""),
    Person.TokenIssued: lambda e, s: (
        f"Tilgangsnøkkel «{e.token.name}» utstedt til {s.label(e.originator_id)}, gyldig til "
        f"{format_date(e.token.expires_at.date())}"),
    Identity.Linked: lambda e, s: f"Innlogging hos {e.issuer} knyttet til {s.label(e.person_id)}",
    Person.TokenRevoked: lambda e, s: f"Tilgangsnøkkel for {s.label(e.originator_id)} trukket tilbake",
    ReferenceSeries.Started: lambda e, s: f"Saksnummerserie {PREFIX}-{e.year} startet",
    ReferenceSeries.NumberTaken: lambda e, s: (
        f"Saksnummer {s.label(e.originator_id)}-{e.number:04d} tildelt"),
    Application.ReportRequired: lambda e, s: (
        f"{'Sluttrapport' if e.kind == 'final' else 'Delrapport'} for {_app(e, s)} kreves innen "
        f"{format_date(e.due_on)} ({e.report_id})"),
    Application.ReportMoved: lambda e, s: (
        f"Frist for rapport {e.report_id} på {_app(e, s)} flyttet til {format_date(e.due_on)}: {e.reason}"),
    Application.ReportSubmitted: lambda e, s: (
        f"Rapport {e.report_id} for {_app(e, s)} sendt inn ({format_nok(e.spent_amount)} brukt)"),
    Application.ReportAccepted: lambda e, s: f"Rapport {e.report_id} for {_app(e, s)} godkjent",
    Application.ReportReturned: lambda e, s: f"Rapport {e.report_id} for {_app(e, s)} sendt tilbake: {e.comment}",
    Application.HoldbackSet: lambda e, s: (
        f"{format_nok(e.amount)} av tilskuddet til {_app(e, s)} holdes tilbake til sluttrapporten er godkjent"),
    Application.AttachmentAdded: lambda e, s: (
        f"Vedlegg «{e.attachment.name}» ({e.attachment.size} byte) lagt til {_app(e, s)}"),
    Round.Continued: lambda e, s: f"Utlysningen {_pool(e, s)} fortsetter i en ny runde",
    Letter.Written: lambda e, s: f"Brev «{e.subject}» til {e.recipient.email} skrevet",
    Letter.Sent: lambda e, s: "Brev levert til e-posttjeneren",
    Letter.Undeliverable: lambda e, s: "Brevet kan ikke leveres: " + UNDELIVERABLE_TEXT.get(e.cause, e.cause),
    Registry.Started: lambda e, s: "Registeret over eiere og helsefellesskap opprettet",
    Registry.OwnerRegistered: lambda e, s: f"Eier {e.owner.name} ({e.owner.id}) registrert",
    Registry.CommunityRegistered: lambda e, s: (
        f"{e.community.name} ({e.community.id}) registrert med {len(e.community.members)} medlemmer"),
    Registry.MembersChanged: lambda e, s: (
        f"Medlemmer i {e.community_id} endret: {len(e.added)} lagt til, {len(e.removed)} fjernet"),
    PaymentReference.Taken: lambda e, s: (
        f"Betalingsreferanse {e.payment_reference} brukt for {e.application_reference}"),
    Body.BodyRegistered: lambda e, s: (
        f"{e.name} registrert for {e.owner_id}: {len(e.members)} medlemmer, vedtaksført med {e.quorum}, vedtar for "
        f"{e.decides_for}, klageinstans {e.klageinstans}"),
    Body.MeetingOpened: lambda e, s: f"Møte i {_pool(e, s)} registrert",
    Body.CaseNumberTaken: lambda e, s: f"Saksnummer {e.number}/{e.year} tatt i {_pool(e, s)}",
    Meeting.Held: lambda e, s: (
        f"Møte i {e.body_name} {format_date(e.held_on)} ({e.place}): {len(e.present)} av {len(e.members)} "
        f"medlemmer til stede"),
    Meeting.RecusalRecorded: lambda e, s: (
        f"Medlem {e.member_id} fratrådte som inhabil i {_for(e, s)}: {e.reason}"),
    Meeting.CaseDecided: lambda e, s: (
        f"{e.decision.case_number}: {e.decision.reference} {DECISIONS[e.decision.decision]} i møtet"
        f"{'' if e.decision.amount is None else ' med ' + format_nok(e.decision.amount)}"),
    Meeting.Closed: lambda e, s: "Møtet er avsluttet, og protokollen er skrevet",
}


def summarise(event: Any, subjects: Subjects) -> str:
    """One line saying, in Norwegian, what the event records."""
    template = _TEMPLATES.get(type(event))
    if template is None:
        aggregate, _, name = type(event).__qualname__.rpartition(".")
        return f"{event_label(name, aggregate)} ({event.originator_id})"
    return template(event, subjects)


def subject_label(event: Any) -> str | None:
    """The name a creation event gives its aggregate (None for other events)."""
    if isinstance(event, FundingPool.Opened):
        return event.name
    if isinstance(event, Round.Opened):
        return event.title
    if isinstance(event, Application.Submitted):
        return event.reference
    if isinstance(event, AccessToken.Issued):
        return event.holder
    if isinstance(event, Person.Registered):
        return event.name
    if isinstance(event, Body.BodyRegistered):
        return event.name
    if isinstance(event, ReferenceSeries.Started):
        return f"{PREFIX}-{event.year}"
    return None
