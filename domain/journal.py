"""The journal's rules (*journalføring*, arkivforskriften § 9 and offentleglova § 10): which
events of a case are documents that come in, go out or stay inside the organisation, what
each is called in the journal, and which are exempt from public access and on what legal
basis. The journal itself is written from the log (`readmodels.journal`), so it can be
rebuilt and equals what it was; the archive extraction (`application.archive`) and the
public journal read it.

A case file (*saksmappe*) is an application; a meeting file (*møtemappe*) a meeting of a
deciding body. Numbers are given in log order: the case file `saksår/sekvensnummer`
(`2025/17`) and each entry's `journalår/sekvensnummer`, both counted per year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from domain.letter import (
    ADVANCE_NOTICE,
    APPEAL_DECISION,
    COMPLAINT_FORWARDED,
    COMPLAINT_RECEIVED,
    DECISION_GRANTED,
    DECISION_RECLAIM,
    DECISION_REJECTED,
    DECISION_REVERSED,
    LETTER_OF_EVENT,
    QUESTION,
    RECEIPT,
    TO_APPLICANT_ONLY,
)

#: Journal entry types (*journalposttype*): incoming, outgoing, internal for follow-up,
#: internal without follow-up.
INCOMING, OUTGOING, INTERNAL_FOLLOW_UP, INTERNAL = "I", "U", "N", "X"
#: The types as Noark 5 names them.
ENTRY_TYPES: Final = {
    INCOMING: "Inngående dokument", OUTGOING: "Utgående dokument",
    INTERNAL_FOLLOW_UP: "Organinternt dokument for oppfølging", INTERNAL: "Organinternt dokument uten oppfølging",
}
#: What a screened word in a public title is replaced by.
SCREENED: Final = "*****"
#: Who a correspondence party is: sender, recipient.
SENDER, RECIPIENT, INTERNAL_SENDER = "Avsender", "Mottaker", "Intern avsender"


@dataclass(frozen=True)
class Screening:
    """Why an entry's document (and persons' names) is exempt from public access: the
    access code (*tilgangsrestriksjon*) and the legal basis (*skjermingshjemmel*)."""

    code: str
    basis: str


#: Personal matters (offentleglova § 13 with forvaltningsloven § 13 first paragraph no. 1).
PERSONAL: Final = Screening("13", "Offl. § 13 jf. fvl. § 13 første ledd nr. 1")
#: Business secrets (offentleglova § 13 with forvaltningsloven § 13 first paragraph no. 2).
BUSINESS_SECRET: Final = Screening("13", "Offl. § 13 jf. fvl. § 13 første ledd nr. 2")
#: Internal documents (offentleglova § 14 first paragraph).
INTERNAL_DOCUMENT: Final = Screening("14", "Offl. § 14 første ledd")
#: Every basis an access request may be refused on, by code (the case handler's choices).
LEGAL_BASES: Final = {s.basis: s for s in (PERSONAL, BUSINESS_SECRET, INTERNAL_DOCUMENT)}


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document an event of a case is: its entry type, its title in the
    journal, whether the partners are parties to it too, and its screening (None: public)."""

    key: str
    entry_type: str
    title: str
    to_partners: bool = True
    screening: Screening | None = None


_LETTER_TITLES: Final = {
    RECEIPT: "Kvittering for mottatt søknad", QUESTION: "Spørsmål om søknaden",
    DECISION_GRANTED: "Vedtak om tilskudd", DECISION_REJECTED: "Vedtak om avslag",
    DECISION_RECLAIM: "Vedtak om tilbakebetaling", ADVANCE_NOTICE: "Forhåndsvarsel",
    COMPLAINT_RECEIVED: "Kvittering for mottatt klage", DECISION_REVERSED: "Vedtak omgjort etter klage",
    COMPLAINT_FORWARDED: "Klage oversendt klageinstansen", APPEAL_DECISION: "Klageinstansens vedtak",
}

_INCOMING: Final = {
    "Submitted": "Søknad om tilskudd", "Amended": "Endring av søknad", "Withdrawn": "Søknaden trukket",
    "AttachmentAdded": "Vedlegg", "InformationProvided": "Svar på spørsmål om søknaden",
    "NoticeAnswered": "Merknad til forhåndsvarsel", "GrantAccepted": "Aksept av tilsagn",
    "GrantDeclined": "Tilsagnet avslått av mottakeren", "AgreementRegistered": "Samarbeidsavtale",
    "ReportSubmitted": "Rapport om bruk av tilskuddet", "ComplaintLodged": "Klage på vedtak",
}
_INTERNAL: Final = {
    "Scored": DocumentKind("vurdering", INTERNAL, "Faglig vurdering", screening=INTERNAL_DOCUMENT),
    "Prioritised": DocumentKind("innstilling", INTERNAL_FOLLOW_UP, "Innstilling og prioritering",
                                screening=INTERNAL_DOCUMENT),
}


def _documents() -> dict[str, tuple[DocumentKind, ...]]:
    found: dict[str, list[DocumentKind]] = {}
    for event, title in _INCOMING.items():
        found.setdefault(event, []).append(DocumentKind(f"inn:{event}", INCOMING, title))
    for event, kind in LETTER_OF_EVENT.items():
        found.setdefault(event, []).append(
            DocumentKind(kind, OUTGOING, _LETTER_TITLES[kind], to_partners=event not in TO_APPLICANT_ONLY))
    for event, internal in _INTERNAL.items():
        found.setdefault(event, []).append(internal)
    return {event: tuple(kinds) for event, kinds in found.items()}


#: The documents each application event is, by the event's class name: exactly one
#: journal entry each.
DOCUMENTS_OF_EVENT: Final = _documents()

#: A case file's status (*saksstatus*): open while it is handled, closed when it is done.
CASE_OPEN, CASE_CLOSED = "Under behandling", "Avsluttet"
#: The status a file had before it was registered (the change log's first earlier value).
NOT_REGISTERED: Final = "Ikke registrert"
#: The application events after which its case is done (refused, withdrawn, declined,
#: closed), and those that open it again (a complaint).
CASE_CLOSED_BY: Final = frozenset({"Rejected", "Withdrawn", "GrantDeclined", "Closed"})
CASE_REOPENED_BY: Final = frozenset({"ComplaintLodged"})


def case_status_after(event_type: str, status: str) -> str:
    """The case file's status after an application event of `event_type`."""
    if event_type in CASE_CLOSED_BY:
        return CASE_CLOSED
    if event_type in CASE_REOPENED_BY:
        return CASE_OPEN
    return status


def public_title(title: str, persons: tuple[str, ...] | list[str]) -> str:
    """The title as the public journal shows it: each person's name (and each of its
    words of three letters or more, so "Kari" is screened as well as "Kari Nordmann")
    replaced by `SCREENED`."""
    pattern = _screening(tuple(persons))
    return title if pattern is None else pattern.sub(SCREENED, title)


@lru_cache(maxsize=4096)
def _screening(persons: tuple[str, ...]) -> re.Pattern[str] | None:
    """The pattern that finds these persons' names (made once per set of names)."""
    words = sorted({w for name in persons for w in (name, *name.split()) if len(w.strip()) >= 3},
                   key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.IGNORECASE)


def file_number(year: int, sequence: int) -> str:
    """A case file's or journal entry's number as people write it (`2025/17`)."""
    return f"{year}/{sequence}"
