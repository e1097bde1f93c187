"""The letters' texts in bokmål, rendered from templates: the decision letter (granted
or rejected, with the complaint notice of forvaltningsloven §§ 28–29), the receipt on
submission, the secretariat's question to the applicant, the reminders before and
after a report falls due, the notice before a burdensome decision (§ 16), and the
letters of a complaint's steps. Each decision names its legal decision-maker, the body
that recommended it, and the klageinstans (`domain.authority`)."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from jinja2 import Environment, StrictUndefined

from domain.authority import Authority
from domain.formatting import format_date, format_nok

_ENVIRONMENT: Final = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                                  trim_blocks=True, lstrip_blocks=True)
_ENVIRONMENT.filters.update(nok=format_nok, day=format_date)

#: Who decided, and on whose recommendation: "X har" or "X har, etter innstilling fra Y,".
DECIDER: Final = ("{{ authority.decides }} har{% if authority.recommends %}, etter innstilling fra "
                  "{{ authority.recommends }},{% endif %}")

COMPLAINT: Final = """Klageadgang
Vedtaket kan påklages, jf. forvaltningsloven §§ 28 og 29. Klagefristen er tre uker fra
det tidspunktet dette brevet kom fram. Klagen sendes til {{ authority.decides
}}{% if authority.recommends %} ved {{ authority.recommends }}{% endif %}, for eksempel på søknadens side
i Tilskudd. Vedtaket blir da vurdert på nytt og kan endres. Blir det ikke endret, sendes klagen
til {{ authority.klageinstans }} som klageinstans.
Klagen må nevne vedtaket det klages over, endringen som ønskes, og grunnene for klagen.
Dere har rett til å se dokumentene i saken, jf. forvaltningsloven §§ 18 og 19."""

TEMPLATES: Final[dict[str, tuple[str, str]]] = {
    "vedtak-innvilget": ("Vedtak: tilskudd innvilget – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Tilsagnsbrev: rekrutterings- og samhandlingstilskudd – {{ app.reference }} «{{ app.title }}»

""" + DECIDER + """ {{ decided_on|day }} innvilget
{{ app.granted_amount|nok }} til tiltaket (søkt: {{ app.requested_amount|nok }}).
Vedtaksreferanse: {{ app.decision_ref }}.
{% if app.grant_reasons %}

Begrunnelse for beløpet
{{ app.grant_reasons }}
{% endif %}

Formål
Tilskuddet skal gjøre det enklere for kommuner og sykehus å samarbeide om felles planlegging,
tjenesteutvikling og gode pasientforløp for de prioriterte pasientgruppene, og gis til tiltaket
slik det er beskrevet i søknaden:
{{ app.summary }}

Beløp per år
{% for line in app.commitments %}
- {{ line.year }}: {{ line.amount|nok }}
{% else %}
- {{ app.granted_amount|nok }}
{% endfor %}

Vilkår
{{ app.conditions or 'Ingen særskilte vilkår ut over utlysningen.' }}
Midlene skal brukes etter enighet mellom helseforetak og kommune(r), dokumentert i en signert avtale
som også avklarer ansvaret for pasientene der det er relevant.

Rapportering
{% for report in reports %}
- {{ 'Sluttrapport' if report.kind == 'final' else 'Delrapport' }} innen {{ report.due_on|day }}.
{% else %}
- Rapportkrav blir fastsatt senere.
{% endfor %}
Saken kan ikke avsluttes før sluttrapporten er godkjent. En rapport på overtid stanser videre
utbetalinger til den er mottatt.
{% if app.holdback > 0 %}
{{ app.holdback|nok }} av tilskuddet holdes tilbake og utbetales når sluttrapporten er godkjent.
{% endif %}

Aksept og utbetaling
Tilsagnet må aksepteres av {{ app.applicant.name }} på søknadens side før noe utbetales. Dere kan
også takke nei; da frigis midlene til andre tiltak. Tilskuddet utbetales når tilsagnet er akseptert
og avtalen mellom partene er registrert.

Kontroll og tilbakebetaling
{{ authority.decides }} kan kontrollere at midlene brukes etter forutsetningene, og Riksrevisjonen kan gjøre
det samme, jf. bevilgningsreglementet § 10 og lov om Riksrevisjonen § 12. Midler som ikke er brukt
etter formålet og vilkårene, eller som ikke er brukt, kan kreves tilbakebetalt. Et krav om
tilbakebetaling er et eget vedtak med frist; ved for sen betaling kan det kreves forsinkelsesrente.

""" + COMPLAINT + """

Med hilsen
{{ owner }}
"""),
    "vedtak-tilbakekreving": ("Vedtak: krav om tilbakebetaling – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})

Vedtak om tilbakebetaling av rekrutterings- og samhandlingstilskudd – {{ app.reference }} «{{ app.title }}»

""" + DECIDER + """ {{ decided_on|day }} vedtatt å kreve tilbake
{{ claim.amount|nok }} av tilskuddet.

Begrunnelse
{{ claim.reason }}

Frist
Beløpet skal være betalt innen {{ claim.due_on|day }}. Ved for sen betaling kan det kreves
forsinkelsesrente etter forsinkelsesrenteloven.

""" + COMPLAINT + """

Med hilsen
{{ owner }}
"""),
    "vedtak-avslag": ("Vedtak: søknaden er avslått – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Vedtak om rekrutterings- og samhandlingstilskudd – {{ app.reference }} «{{ app.title }}»

""" + DECIDER + """ {{ decided_on|day }} avslått søknaden.
{% if app.decision_ref %}Vedtaksreferanse: {{ app.decision_ref }}.
{% endif %}

Begrunnelse
{{ app.rejection_reasons }}

""" + COMPLAINT + """

Med hilsen
{{ owner }}
"""),
    "forhandsvarsel": ("Forhåndsvarsel: {{ notice.intent_label }} – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Forhåndsvarsel om vedtak – {{ app.reference }} «{{ app.title }}»

{{ authority.decides }} vurderer å treffe vedtak om {{ notice.intent_label }}{% if notice.amount %}
på {{ notice.amount|nok }}{% endif %}, jf. forvaltningsloven § 16.

Hvorfor
{{ notice.text }}

Dere kan uttale dere
Dere kan gi merknader til dette innen {{ notice.comment_by|day }}, på søknadens side i Tilskudd.
Vedtak treffes ikke før fristen er ute, med mindre dere har svart før.

Med hilsen
{{ owner }}
"""),
    "klage-mottatt": ("Klagen er mottatt – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Klage på vedtak – {{ app.reference }} «{{ app.title }}»

Vi har mottatt klagen deres; den kom inn {{ complaint.received_on|day }}.
{% if complaint.late %}
Klagefristen gikk ut {{ complaint.deadline|day }}, så klagen er kommet for sent. Den er registrert,
og den kan likevel bli tatt under behandling, jf. forvaltningsloven § 31.
{% else %}
Klagen er kommet innen fristen ({{ complaint.deadline|day }}).
{% endif %}

{{ authority.decides }} vurderer vedtaket på nytt{% if authority.recommends %}, etter innstilling fra
{{ authority.recommends }}{% endif %} (forvaltningsloven § 33). Blir vedtaket ikke endret, sendes klagen til
{{ authority.klageinstans }} som klageinstans, og dere får kopi av oversendelsen.

Med hilsen
{{ owner }}
"""),
    "vedtak-omgjort": ("Vedtak: vedtaket er omgjort etter klage – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Nytt vedtak etter klage – {{ app.reference }} «{{ app.title }}»

{% if event.by == 'appeal' %}
{{ authority.klageinstans }} har som klageinstans {{ decided_on|day }} tatt klagen til følge og
{% else %}
""" + DECIDER + """ {{ decided_on|day }} tatt klagen til følge og
{% endif %}
innvilget {{ event.amount|nok }} til tiltaket (søkt: {{ app.requested_amount|nok }}).
Vedtaksreferanse: {{ event.decision_ref }}.

Begrunnelse
{{ event.reasons }}

Vilkårene, rapporteringen og retten til kontroll og tilbakebetaling er som i utlysningen og
tilsagnsbrevet.
{% if app.acceptance_due and not app.grant_answer %}
Tilsagnet må aksepteres på søknadens side før noe utbetales.
{% endif %}

{% if event.by == 'appeal' %}
Vedtaket er endelig og kan ikke påklages, jf. forvaltningsloven § 28 tredje ledd.
{% else %}
""" + COMPLAINT + """
{% endif %}

Med hilsen
{{ owner }}
"""),
    "klage-oversendt": ("Klagen er sendt til klageinstansen – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Klage på vedtak – {{ app.reference }} «{{ app.title }}»

{{ authority.decides }} har vurdert klagen på nytt og finner ikke grunn til å endre vedtaket.
Klagen er derfor sendt til {{ authority.klageinstans }} som klageinstans, med denne uttalelsen:

{{ event.statement }}

Dere kan gi merknader til uttalelsen direkte til {{ authority.klageinstans }}, jf. forvaltningsloven § 33.

Med hilsen
{{ owner }}
"""),
    "klagevedtak": ("Vedtak i klagesaken – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Klagevedtak – {{ app.reference }} «{{ app.title }}»

{% if event.outcome == 'upheld' %}
{{ authority.klageinstans }} har som klageinstans {{ decided_on|day }} ikke tatt klagen til følge.
Vedtaket fra {{ authority.decides }} står ved lag.
{% else %}
{{ authority.klageinstans }} har som klageinstans {{ decided_on|day }} opphevet vedtaket og sendt saken
tilbake til {{ authority.decides }} for ny behandling.
{% endif %}
Vedtaksreferanse: {{ event.decision_ref }}.

Begrunnelse
{{ event.reasons }}

{% if event.outcome == 'upheld' %}
Vedtaket er endelig og kan ikke påklages, jf. forvaltningsloven § 28 tredje ledd.
{% else %}
Dere får et nytt vedtak når saken er behandlet på nytt.
{% endif %}

Med hilsen
{{ owner }}
"""),
    "kvittering": ("Kvittering: søknaden er mottatt – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})

Vi har mottatt søknaden «{{ app.title }}» om {{ app.requested_amount|nok }}.
Referansen er {{ app.reference }}; oppgi den når dere kontakter oss om saken.
Dere kan endre søknaden fram til fristen.

Med hilsen
{{ owner }}
"""),
    "sporsmal": ("Spørsmål om søknaden – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})

Sekretariatet i {{ app.health_community.name }} behandler søknaden «{{ app.title }}» ({{ app.reference }})
og trenger flere opplysninger:

{{ app.inquiries[-1].question }}

Svar innen {{ app.inquiries[-1].reply_by|day }} på søknadens side; dere kan legge ved dokumenter.
Søknaden venter til svaret er kommet, og ventetiden regnes ikke med i saksbehandlingstiden.

Med hilsen
{{ app.health_community.name }}
"""),
    "paminnelse": ("Påminnelse: rapport innen {{ report.due_on|day }} – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})

{{ 'Sluttrapporten' if report.kind == 'final' else 'Delrapporten' }} for «{{ app.title }}» ({{ app.reference }})
skal være levert innen {{ report.due_on|day }}. Rapporten sendes inn på søknadens side.

Med hilsen
{{ owner }}
"""),
    "purring": ("Rapporten er på overtid – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})

{{ 'Sluttrapporten' if report.kind == 'final' else 'Delrapporten' }} for «{{ app.title }}» ({{ app.reference }})
skulle vært levert innen {{ report.due_on|day }}. Videre utbetalinger er stanset til rapporten
er mottatt. Send den inn på søknadens side så snart som mulig.

Med hilsen
{{ owner }}
"""),
}


#: The notices to case workers, by the event that brings them work (`domain.letter.NOTICES`).
NOTICE_TEMPLATES: Final[dict[str, tuple[str, str]]] = {
    "Submitted": ("Ny søknad: {{ app.reference }} – {{ app.title }}", """\
En ny søknad er kommet inn til {{ app.health_community.name }}:
{{ app.reference }} «{{ app.title }}» fra {{ app.applicant.name }}, søkt {{ app.requested_amount|nok }}.
"""),
    "InformationProvided": ("Svar fra søkeren: {{ app.reference }}", """\
{{ app.applicant.name }} har svart på spørsmålet om {{ app.reference }} «{{ app.title }}».
Søknaden er tilbake til behandling.
"""),
    "ReportSubmitted": ("Rapport mottatt: {{ app.reference }}", """\
{{ app.applicant.name }} har sendt inn en rapport for {{ app.reference }} «{{ app.title }}».
Den venter på vurdering.
"""),
    "Prioritised": ("Klar til vedtak: {{ app.reference }}", """\
{{ app.reference }} «{{ app.title }}» fra {{ app.applicant.name }} er prioritert
(nr. {{ app.rank }}, anbefalt {{ app.recommended_amount|nok }}) og klar til møtet.
"""),
    "GrantAccepted": ("Tilsagnet er akseptert: {{ app.reference }}", """\
{{ app.applicant.name }} har akseptert tilsagnet for {{ app.reference }} «{{ app.title }}».
{% if app.agreement %}Avtalen er registrert; tilskuddet kan utbetales.
{% else %}Utbetaling venter på at avtalen registreres.
{% endif %}
"""),
    "AgreementRegistered": ("Klar til utbetaling: {{ app.reference }}", """\
Avtalen for {{ app.reference }} «{{ app.title }}» er registrert. Tilskuddet til
{{ app.applicant.name }} ({{ app.granted_amount|nok if app.granted_amount else 'ikke innvilget ennå' }}) kan utbetales.
"""),
}
_NOTICE_END: Final = """
Du finner saken under Mine oppgaver i Tilskudd.

Dette er et varsel fra Tilskudd til {{ owner }}. Du kan slå av varslene på siden Min profil.
"""


def render_notice(event_type: str, app: Any, owner: str) -> tuple[str, str]:
    """The subject and body of the notice an application event sends case workers."""
    subject, body = NOTICE_TEMPLATES[event_type]
    values = {"app": app, "owner": owner}
    return (_ENVIRONMENT.from_string(subject).render(values).strip(),
            _ENVIRONMENT.from_string(body + _NOTICE_END).render(values))


def render(kind: str, app: Any, owner: str, authority: Authority, decided_on: date | None = None,
           report: Any = None, claim: Any = None, event: Any = None) -> tuple[str, str]:
    """The subject and body of a letter of `kind` about `app` (the application's state),
    from `owner` (the pool's owner, who writes it) naming the `authority`; `event`: what
    the letter is about (a reclaim: `claim`), whose notice or complaint it tells of."""
    subject, body = TEMPLATES[kind]
    notice = next((n for n in app.notices if n.id == getattr(event, "notice_id", None)), None)
    complaint = next((c for c in app.complaints if c.id == getattr(event, "complaint_id", None)), None)
    values = {"app": app, "owner": owner, "authority": authority, "decided_on": decided_on, "report": report,
              "claim": claim, "event": event, "notice": notice, "complaint": complaint,
              "reports": sorted(app.reports.values(), key=lambda r: r.due_on)}
    return (_ENVIRONMENT.from_string(subject).render(values).strip(),
            _ENVIRONMENT.from_string(body).render(values))


_ACCESS_ANSWER: Final = ("Svar på innsynskrav – journalpost {{ ref.entry }}", """\
Til deg som ba om innsyn

Du ba {{ request.received_on|day }} om innsyn i journalpost {{ ref.entry }} i sak {{ ref.case }}:
«{{ ref.title }}».

{% if request.outcome == "granted" -%}
Du får innsyn i dokumentet. Det sendes deg fra {{ ref.owner_name }}s arkiv.
{%- else -%}
{% if request.outcome == "partly" %}Du får innsyn i deler av dokumentet; resten er unntatt offentlighet.
{%- else %}Du får ikke innsyn i dokumentet: det er unntatt offentlighet.{% endif %}
Hjemmel: {{ request.legal_basis }}.
{%- endif %}
{% if request.reasons %}
Begrunnelse: {{ request.reasons }}
{% endif %}
{%- if request.outcome != "granted" %}
Du kan klage på avslaget (offentleglova § 32). Send klagen til {{ ref.owner_name }} innen tre
uker etter at du fikk dette svaret. Vi vurderer saken på nytt, og sender klagen videre til
klageinstansen hvis vi ikke gir deg medhold.
{% endif %}
Med hilsen
{{ ref.owner_name }}
""")


def render_access_answer(request: Any) -> tuple[str, str]:
    """The subject and body of the answer to a request for access (`domain.disclosure`)."""
    subject, body = _ACCESS_ANSWER
    values = {"request": request, "ref": request.reference}
    return (_ENVIRONMENT.from_string(subject).render(values).strip(),
            _ENVIRONMENT.from_string(body).render(values))
