"""The letters' texts in bokmål, rendered from templates: the decision letter (granted
or rejected, with the complaint notice of forvaltningsloven §§ 28–29), the receipt on
submission, the secretariat's question to the applicant, and the reminders before and
after a report falls due."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from jinja2 import Environment, StrictUndefined

from domain.formatting import format_date, format_nok

_ENVIRONMENT: Final = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                                  trim_blocks=True, lstrip_blocks=True)
_ENVIRONMENT.filters.update(nok=format_nok, day=format_date)

COMPLAINT: Final = """Klageadgang
Vedtaket kan påklages, jf. forvaltningsloven §§ 28 og 29. Klagefristen er tre uker fra
det tidspunktet dette brevet kom fram. Klagen sendes til {{ owner }}, som vurderer den
og kan endre vedtaket. Blir vedtaket ikke endret, sendes klagen videre til klageinstansen.
Klagen må nevne vedtaket det klages over, endringen som ønskes, og grunnene for klagen.
Dere har rett til å se dokumentene i saken, jf. forvaltningsloven §§ 18 og 19."""

TEMPLATES: Final[dict[str, tuple[str, str]]] = {
    "vedtak-innvilget": ("Vedtak: tilskudd innvilget – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Vedtak om rekrutterings- og samhandlingstilskudd – {{ app.reference }} «{{ app.title }}»

{{ owner }} har {{ decided_on|day }} innvilget {{ app.granted_amount|nok }} til tiltaket.
Vedtaksreferanse: {{ app.decision_ref }}.

Vilkår
{{ app.conditions or 'Ingen særskilte vilkår ut over utlysningen.' }}

Rapportering
{% for report in reports %}
- {{ 'Sluttrapport' if report.kind == 'final' else 'Delrapport' }} innen {{ report.due_on|day }}.
{% else %}
- Rapportkrav blir fastsatt senere.
{% endfor %}
{% if app.holdback > 0 %}
{{ app.holdback|nok }} av tilskuddet holdes tilbake og utbetales når sluttrapporten er godkjent.
{% endif %}

Utbetaling
Tilskuddet utbetales når avtalen mellom partene er registrert. En rapport på overtid
stanser videre utbetalinger til den er mottatt.

""" + COMPLAINT + """

Med hilsen
{{ owner }}
"""),
    "vedtak-avslag": ("Vedtak: søknaden er avslått – {{ app.reference }}", """\
Til {{ app.applicant.name }} (org.nr. {{ app.applicant.org_no }})
{% if app.partners %}Kopi: {{ app.partners|map(attribute='name')|join(', ') }}
{% endif %}

Vedtak om rekrutterings- og samhandlingstilskudd – {{ app.reference }} «{{ app.title }}»

{{ owner }} har {{ decided_on|day }} avslått søknaden.

Begrunnelse
{{ app.rejection_reasons }}

""" + COMPLAINT + """

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


def render(kind: str, app: Any, owner: str, decided_on: date | None = None, report: Any = None) -> tuple[str, str]:
    """The subject and body of a letter of `kind` about `app` (the application's state)."""
    subject, body = TEMPLATES[kind]
    values = {"app": app, "owner": owner, "decided_on": decided_on, "report": report,
              "reports": sorted(app.reports.values(), key=lambda r: r.due_on)}
    return (_ENVIRONMENT.from_string(subject).render(values).strip(),
            _ENVIRONMENT.from_string(body).render(values))
