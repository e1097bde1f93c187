"""Why a form was refused, in bokmål: one text for each of the domain's named errors,
the form fields as people read them, and the edge's validation messages translated.
The API words its errors for programs; a person reads these."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from domain import errors
from domain.impartiality import Tie
from domain.labels import FIELD_LABELS
from infrastructure.blobs import DamagedContent
from infrastructure.config import ConfigurationError, StoreUnavailable
from readmodels.failures import ProjectionFailed
from readmodels.parallel import RebuildFailed

#: Each named error a form can meet. A test walks the hierarchy and fails on one missing.
ERROR_TEXTS: Final[dict[type[errors.GrantsError], str]] = {
    errors.GrantsError: "Handlingen kunne ikke utføres.",
    errors.InvalidInput: "En verdi i skjemaet er ikke gyldig.",
    errors.InvalidAmount: "Beløpet må være et positivt kronebeløp med høyst to desimaler, for eksempel 150 000 eller "
                          "150 000,50.",
    errors.KeyNotWhole: "Andelene i fordelingsnøkkelen må til sammen være nøyaktig 1, for eksempel 0,41 + 0,33 + "
                        "0,26.",
    errors.YearsMismatch: "Beløpene per år må høre til utlysningens budsjettår og til sammen være hele beløpet.",
    errors.InvalidOrganisationNumber: "Organisasjonsnummeret må ha 9 siffer og et gyldig kontrollsiffer.",
    errors.RequestKeyReused: "Skjemaet er allerede sendt med et annet innhold. Åpne siden på nytt og send igjen.",
    errors.NotPermitted: "Rollen din gir ikke lov til dette.",
    errors.OutOfScope: "Saken finnes ikke, eller den ligger utenfor det du har tilgang til.",
    errors.NotYours: "Søknaden tilhører en annen organisasjon.",
    errors.NotFound: "Saken finnes ikke.",
    errors.EmailNotVerified: "Innloggingstjenesten har ikke bekreftet e-postadressen din. Bekreft adressen hos "
                             "innloggingstjenesten (se e-posten derfra), og logg inn igjen.",
    errors.RuleViolation: "Regelverket tillater ikke dette nå.",
    errors.WrongStatus: "Saken har ikke en status som tillater dette nå. Se gjeldende status på siden.",
    errors.DeadlinePassed: "Søknadsfristen er passert.",
    errors.RoundClosed: "Utlysningen er stengt for nye søknader.",
    errors.AlreadyScored: "Du har allerede gitt poeng på denne søknaden.",
    errors.ConflictOfInterest: "Du er inhabil: du eller en organisasjon du hører til, er part i saken "
                               "(forvaltningsloven § 6).",
    errors.Recused: "Du har meldt deg inhabil i denne saken og kan ikke behandle den.",
    errors.SeparationOfDuties: "Samme person kan ikke både vurdere og vedta, eller både vedta og utbetale.",
    errors.InsufficientFunds: "Potten har ikke nok midler igjen til dette beløpet. Se hva som gjenstår i potten, og "
                              "sett ned beløpet eller avslå.",
    errors.OverGranted: "Beløpet er høyere enn det som er søkt, innvilget eller utbetalt.",
    errors.AgreementMissing: "Det er ikke registrert noen avtale mellom partene ennå.",
    errors.AgreementParties: "Avtalen må være mellom søknadens egne parter, og blant dem minst ett helseforetak og "
                             "minst én kommune (enighet mellom helseforetak og kommuner).",
    errors.NoQuorum: "Organet er ikke vedtaksført i saken: for få av medlemmene som er til stede, er habile.",
    errors.ErasureRefused: "Personopplysningene trengs fortsatt: saken er åpen, arkivet har ikke tatt den inn, "
                           "eller oppbevaringstiden er ikke ute.",
    errors.DecidedInMeeting: "Eieren har et organ som fatter vedtakene i møter. Vedtaket treffes i organets møte.",
    errors.NotHeard: "Partene må få forhåndsvarsel og mulighet til å uttale seg før vedtaket treffes "
                     "(forvaltningsloven § 16). Vent til fristen for merknader er ute, eller til partene har svart.",
    errors.NoComplaint: "Det er ingen klage som venter på dette steget.",
    errors.NotAccepted: "Mottakeren har ikke akseptert tilsagnet ennå. Ingenting utbetales før tilsagnet er akseptert.",
    errors.PaymentReferenceReused: "Betalingsreferansen er allerede brukt på en annen utbetaling.",
    errors.NotEligible: "Søknaden er vurdert som ikke kvalifisert.",
    errors.StaleVersion: "Saken ble endret av noen andre mens du hadde den åpen (for eksempel er det allerede "
                         "fattet vedtak). Siden viser nå den nye tilstanden; vurder saken på nytt.",
    errors.ConcurrentChange: "Mange endret de samme sakene samtidig, så endringen ble ikke lagret. Prøv igjen.",
    errors.RegisteredDifferently: "Id-en er allerede registrert med andre opplysninger.",
    errors.NotAMember: "Søkeren er ikke medlem av helsefellesskapet det søkes gjennom.",
    errors.OutsideRegion: "Helsefellesskapet hører ikke til regionen som eier potten.",
    errors.ReportOverdue: "En rapport er på overtid. Ingen flere utbetalinger før den er mottatt.",
    errors.ReportMissing: "Saken kan ikke avsluttes før sluttrapporten er godkjent, eller kravet om den er frafalt "
                          "med en begrunnelse.",
    errors.DeadlineInPast: "Fristen er passert. Velg en frist i dag eller senere.",
    errors.HeldBack: "Beløpet går inn i den delen som holdes tilbake til sluttrapporten er godkjent.",
    errors.NotRegistered: "Regionen, eieren eller helsefellesskapet du viser til, er ikke registrert.",
    ConfigurationError: "Systemet er ikke satt opp riktig. Kontakt driftsansvarlig.",
    StoreUnavailable: "Lagringen svarer ikke akkurat nå. Ingenting er lagret; prøv igjen om litt.",
    ProjectionFailed: "En oversikt kunne ikke oppdateres med den siste hendelsen. Hendelsen er lagret; "
                      "driftsansvarlig er varslet i loggen.",
    DamagedContent: "Den lagrede filen stemmer ikke med kontrollsummen sin og vises derfor ikke. Driftsansvarlig må "
                    "undersøke saken.",
    RebuildFailed: "Oversiktene kunne ikke bygges opp på nytt. Ingenting i hendelsesloggen er endret.",
}

_EDGE: Final = ((re.compile(r"^Missing data|^Field may not be (null|blank)"), "må fylles ut"),
                (re.compile(r"^Length must be between 1 and (\d+)"), r"må fylles ut, med høyst \1 tegn"),
                (re.compile(r"^Not a valid (integer|number)"), "må være et tall"),
                (re.compile(r"^Not a valid date"), "må være en dato, skrevet som dd.mm.åååå"),
                (re.compile(r"^must be a NOK amount"),
                 "må være et kronebeløp over null, skrevet som 300 000 eller 300000,50 (komma før øre, ikke punktum)"),
                (re.compile(r"^Not a valid email"), "må være en e-postadresse"),
                (re.compile(r"^Must be one of"), "må være et av valgene"),
                (re.compile(r"^Longer than maximum length (\d+)|^Length must be between \d+ and (\d+)"),
                 r"kan ha høyst \1\2 tegn"),
                (re.compile(r"greater than or equal to (-?\d+) and less than or equal to (-?\d+)"),
                 r"må være mellom \1 og \2"))


def field_label(path: str) -> str:
    """`budget[0].amount` or `budget.0.amount` → `Budsjett per år`."""
    return FIELD_LABELS.get(re.split(r"[.\[]", path, maxsplit=1)[0], path)


def tie_text(tie: Tie) -> str:
    """Why the person may not handle the case, in bokmål, naming the tie."""
    if tie.submitted:
        return "Du er inhabil: du sendte selv inn søknaden og kan ikke behandle den (forvaltningsloven § 6)."
    return (f"Du er inhabil: du er registrert hos {tie.org_name} ({tie.org_no}), som er part i saken "
            f"(forvaltningsloven § 6).")


def refusal_text(refused: errors.GrantsError) -> str:
    """Why a command was refused, in bokmål: the text of the error's own class, or of
    the nearest class above it that has one."""
    if isinstance(refused, errors.ConflictOfInterest) and refused.tie is not None:
        return tie_text(refused.tie)
    kind = next(k for k in type(refused).__mro__ if k in ERROR_TEXTS)
    if not isinstance(refused, errors.InvalidInput) or kind is errors.RequestKeyReused:
        return ERROR_TEXTS[kind]
    where = f"Feltet «{field_label(refused.field)}»"
    return f"{where} er ikke gyldig." if kind is errors.InvalidInput else f"{where}: {ERROR_TEXTS[kind]}"


def edge_texts(messages: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """The edge's validation messages (marshmallow's, nested) as `{field path: bokmål}`."""
    found: dict[str, str] = {}
    for name, value in messages.items():
        path = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(value, Mapping):
            found.update(edge_texts(value, path))
            continue
        english = " ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        matches = (pattern.search(english) for pattern, _ in _EDGE)
        text = next((m.expand(words) for m, (_, words) in zip(matches, _EDGE, strict=True) if m), "er ikke gyldig")
        found[path] = f"{field_label(path)} {text}." if path != "_schema" else "Skjemaet er ikke gyldig."
    return found
