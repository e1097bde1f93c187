"""What a person's membership can do on the pages: the menu and the front page's
cards. Only pages the role may open are offered (none answers 403); every logged-in
person's menu begins with *Mine oppgaver*, their front page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from domain.disclosure import DECIDERS
from domain.values import ADMIN, APPLICANT, ASSESSOR, AUDITOR, COMMITTEE, FINANCE, Actor


@dataclass(frozen=True)
class Entry:
    """One page in the menu: its label, endpoint and what it is for."""

    label: str
    endpoint: str
    purpose: str


TASKS = Entry("Mine oppgaver", "pages.home", "Det som venter på deg nå, det som haster mest først.")
CALLS = Entry("Utlysninger", "pages.calls", "Åpne utlysninger med frist, kriterier og vekter, og søknadsskjemaet.")
CASES = Entry("Søknader", "pages.lookup", "Søknadene du har tilgang til, og søk på referanse.")
QUEUE = Entry("Arbeidsliste", "pages.queue", "Søknader som venter på vurdering, per utlysning, med alder og frist.")
MEETINGS = Entry("Møter", "pages.meetings", "Rangert liste per utlysning med anbefalinger, og vedtak.")
BUDGET = Entry("Økonomi", "pages.finance", "Ramme, reservert, utbetalt og gjenstående per eier og pott.")
POOLS = Entry("Potter og utlysninger", "pages.pools", "Opprett og øk potter, åpne og steng utlysninger.")
PAYOUTS = Entry("Utbetalinger", "pages.payouts",
                "Innvilgede tilskudd som er akseptert, med signert avtale og beløp igjen å betale.")
REPORTS = Entry("Rapporter", "pages.reports", "Rapporter på overtid, og mottatte rapporter som venter på vurdering.")
RESULTS = Entry("Resultater", "pages.results", "Resultatindikatorene tilskuddsmottakerne rapporterer, per prioritert "
                "gruppe og helsefellesskap.")
AUDIT = Entry("Revisjon", "pages.audit", "Alle hendelser i rekkefølge, med hvem, rolle og data.")
REPLAY = Entry("Avspilling", "pages.replay", "Budsjettet slik det var ved slutten av en valgt dag.")
CHAIN = Entry("Kjedekontroll", "pages.chain", "Kontroller at ingen lagret hendelse er endret.")
ADMINISTRATION = Entry("Drift", "pages.admin", "Eiere og helsefellesskap med medlemmer; nye personer med rolle.")
PEOPLE = Entry("Personer", "pages.people", "Registrerte personer, rollene og nøklene deres; gi og fjern roller.")
JOURNAL = Entry("Offentlig journal", "pages.public_journal", "Dokumentene i sakene, slik allmennheten ser dem; be "
                "om innsyn.")
ACCESS = Entry("Innsynskrav", "pages.access_requests_page", "Krav om innsyn i dokumentene i sakene dine, med "
               "svarfrist, og svaret.")
API = Entry("API", "api-docs.openapi_swagger_ui", "Dokumentasjonen av API-et for systemer som henter eller sender "
                                                 "data (på engelsk).")

MENUS: Final[dict[str, tuple[Entry, ...]]] = {
    APPLICANT: (CALLS, CASES),
    ASSESSOR: (QUEUE, REPORTS, CASES),
    COMMITTEE: (MEETINGS, CASES, BUDGET, RESULTS),
    FINANCE: (BUDGET, POOLS, PAYOUTS, REPORTS, RESULTS, CASES),
    AUDITOR: (AUDIT, REPLAY, CHAIN, CASES, BUDGET, RESULTS),
    ADMIN: (ADMINISTRATION, PEOPLE, API),
}


def menu_for(actor: Actor | None, body_name: str | None = None) -> tuple[Entry, ...]:
    """The pages this person may open (the public calls for someone not logged in); the
    meetings are named after the owner's deciding body when it has one (`body_name`)."""
    if actor is None:
        return (CALLS, JOURNAL)
    entries = MENUS.get(actor.role, ()) + ((ACCESS,) if actor.role in DECIDERS else ())
    if body_name:
        entries = tuple(Entry(body_name, e.endpoint, e.purpose) if e is MEETINGS else e for e in entries)
    return (TASKS, *entries)
