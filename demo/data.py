"""The demo's world: owners, pools, rounds, health communities and ~40 applications.

Drawn from the source documents (shared/seeds): Helse Nord's 40 MNOK of 2024 handed to its
four health communities by allocation ("tildelingsbasert … i første runde", about 11 MNOK
to Lofoten/Vesterålen/Salten), topped up by 90 MNOK in the revised budget (RNB) and
awarded by application (deadline 1 March 2025, the next round 1 October 2025);
Helsefellesskapet Østfold's 9.6 MNOK (deadline 1 December 2024, answer in week 51); and
Helse Midt's 16.2 MNOK allocated to three health communities by a distribution key —
the documents ask for one ("Fordelingsnøkkel?") without giving it, so the demo's key is
an example and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from domain.followup import FollowUp, Indicator
from domain.registry import Community, RegisteredOwner
from domain.round import Series
from domain.values import ADMIN, Actor, Criterion, HealthCommunity, Organisation, Owner


def _org(org_no: str, name: str, kind: str = "municipality") -> Organisation:
    return Organisation(org_no, name, kind)


NLSH = _org("983974899", "Nordlandssykehuset HF", "hospital_trust")
UNN = _org("983974910", "Universitetssykehuset Nord-Norge HF", "hospital_trust")
HSYK = _org("983974880", "Helgelandssykehuset HF", "hospital_trust")
FIN = _org("983974929", "Finnmarkssykehuset HF", "hospital_trust")
SO = _org("983971709", "Sykehuset Østfold HF", "hospital_trust")
HMR = _org("997005562", "Helse Møre og Romsdal HF", "hospital_trust")
STO = _org("883974832", "St. Olavs hospital HF", "hospital_trust")
HNT = _org("983974791", "Helse Nord-Trøndelag HF", "hospital_trust")

COMMUNITIES = {
    "finnmark": HealthCommunity("hf-finnmark", "Helsefellesskapet Finnmark"),
    "unn": HealthCommunity("hf-unn", "Helsefellesskapet UNN (Troms og Ofoten)"),
    "lvs": HealthCommunity("hf-lvs", "Helsefellesskapet Lofoten, Vesterålen og Salten"),
    "helgeland": HealthCommunity("hf-helgeland", "Helsefellesskapet Helgeland"),
    "ostfold": HealthCommunity("hf-ostfold", "Helsefellesskapet Østfold"),
    "more": HealthCommunity("hf-more-romsdal", "Helsefellesskapet Møre og Romsdal"),
    "trondelag-sor": HealthCommunity("hf-trondelag-sor", "Helsefellesskapet St. Olavs hospital og kommunene"),
    "nord-trondelag": HealthCommunity("hf-nord-trondelag", "Helsefellesskapet Nord-Trøndelag"),
}


#: Each community's secretariat: two case handlers of its own (invented names).
SECRETARIATS: dict[str, tuple[str, str]] = {
    "finnmark": ("Marte Isaksen", "Nils Aslak Sara"),
    "unn": ("Tone Hansen", "Eirik Johnsen"),
    "lvs": ("Ragnhild Eide", "Kjetil Brekke"),
    "helgeland": ("Lise Kristiansen", "Håkon Mo"),
    "ostfold": ("Camilla Berg", "Thomas Olsen"),
    "more": ("Ingunn Vik", "Arne Sunde"),
    "trondelag-sor": ("Silje Aune", "Magnus Lund"),
    "nord-trondelag": ("Berit Kvam", "Ola Hegge"),
}

#: Who registers the demo's people (the operator running `grants demo`).
DEMO_OPERATOR: Final = Actor("demo:operator", "Demooperatør", ADMIN)


@dataclass(frozen=True)
class PoolPlan:
    """A pool and the one round opened against it, with the dates of each phase. A pool
    `allocated_from` another plan's pool is not opened: the allocation opens it, and
    its owner opens the round on `opened`."""

    key: str
    owner: Owner
    name: str
    fiscal_years: tuple[int, ...]
    amount: Decimal
    opened: date
    round_title: str
    deadline: date
    criteria: tuple[Criterion, ...]
    decision_prefix: str
    phases: dict[str, date]
    follow_up: FollowUp | None = None
    allocated_from: str | None = None
    round_opened: date | None = None  # the round opens later than the pool
    next_round: tuple[date, date, str] | None = None  # opened on, deadline, title of the next in the series
    next_phases: dict[str, date] | None = None  # the phases of the next round's applications
    series: Series | None = None  # the rule its rounds repeat by
    year_amounts: tuple[tuple[int, Decimal], ...] = ()  # the pool's money per year, when split


@dataclass(frozen=True)
class AllocationPlan:
    """Part of a pool handed to health communities without applications: an amount each,
    or (`amount` given) the amount split by each one's share of a key."""

    pool: str
    on: date
    reason: str
    parts: tuple[tuple[str, Decimal], ...]  # community key → amount, or share of `amount`
    amount: Decimal | None = None


@dataclass(frozen=True)
class TopUp:
    """More money for a pool (the revised national budget), for one of its years."""

    pool: str
    on: date
    amount: Decimal
    reason: str
    year: int | None = None


def _criteria(*rows: tuple[str, str]) -> tuple[Criterion, ...]:
    """Criteria of equal weight: none of the documents weighs or orders its criteria
    (Østfold's call says "ikke i prioritert rekkefølge")."""
    return tuple(Criterion(cid, name, Decimal(1)) for cid, name in rows)


#: Helse Nord's criteria "som vil tillegges vekt", and what it calls "særlig prioritert"
#: (waiting times) and asks weight on (local solutions near the smallest hospitals).
HELSE_NORD_CRITERIA = _criteria(
    ("baerekraft", "Forventet effekt for økt bærekraft (BEON, riktig bruk av kompetanse)"),
    ("flere_kommuner", "Samarbeid mellom flere kommuner"),
    ("nye_modeller", "Nye organisasjonsmodeller for samordning av tjenester"),
    ("piloter", "Piloter i kommuner med omstilling"),
    ("samisk", "Tiltak rettet mot samiske pasienter"),
    ("egeninnsats", "Egen ressursinnsats"),
    ("rekruttering", "Rekruttering og god bruk av personell på tvers av nivåene"),
    ("ventetid", "Særlig prioritert: tiltak som kan få ned ventetidene i spesialisthelsetjenesten"),
    ("smaa_sykehus", "Lokale løsninger i opptaksområdet til de minste sykehusene"),
)
#: Østfold's five satsningsområder in its action plan and its six criteria, "ikke i prioritert rekkefølge".
OSTFOLD_CRITERIA = _criteria(
    ("beholde_rekruttere", "Satsningsområde: beholde og rekruttere helsepersonell"),
    ("barn_unge", "Satsningsområde: barn og unge"),
    ("psykisk_rus", "Satsningsområde: personer med alvorlige psykiske lidelser og ruslidelse"),
    ("eldre_kroniske", "Satsningsområde: skrøpelige eldre og personer med flere kroniske lidelser"),
    ("kvalitet", "Satsningsområde: kvalitet og tjenesteutvikling"),
    ("samarbeidsmodeller", "Samarbeidsmodeller mellom primær- og spesialisthelsetjeneste"),
    ("pasientforlop", "Kostnader og gevinster gjennom hele pasientforløpet"),
    ("likeverd", "Likeverdig tilgang i hele opptaksområdet"),
    ("kompetanse", "Faglig dialog og kompetanseheving"),
    ("gevinst", "Gevinstpotensial og spredning"),
    ("forskning", "Forskning og kunnskapsutvikling"),
)
#: What Helse Midt-Norge's ASU note says the money shall support.
MIDT_CRITERIA = _criteria(
    ("samhandling", "Tjenesteutvikling og gode pasientforløp gjennom økt samhandling"),
    ("ventetid", "Reduserte ventetider"),
    ("rekruttering", "Rekruttering og kombinerte stillinger"),
    ("smaa_sykehus", "Lokale løsninger i opptaksområdet til de minste sykehusene"),
    ("egeninnsats", "Partenes egen ressursinnsats"),
)
#: What the measures should move: what the RHF reports on (the names are the scheme's aims; invented as
#: indicators for the demo, and said so in the calls).
INDICATORS = (
    Indicator("kombinerte_stillinger", "Kombinerte stillinger opprettet", "stillinger"),
    Indicator("liggedogn_utskrivningsklare", "Liggedøgn for utskrivningsklare pasienter", "døgn"),
)
EXAMPLE_NOTE: Final = ("Demodata: søknadene og beløpene i dem, andelen som holdes tilbake, rammen etter 2024 og "
                       "resultatindikatorene er oppdiktede eksempler; kriteriene, fristene og rammene for 2024 er "
                       "hentet fra kildedokumentene. Kriteriene teller likt: dokumentene vekter dem ikke.")

_NORD_PHASES = {"submit": date(2025, 1, 13), "close": date(2025, 3, 3), "screen": date(2025, 3, 10),
                "score": date(2025, 3, 24), "prioritise": date(2025, 4, 22), "decide": date(2025, 5, 20),
                "agreement": date(2025, 6, 16), "pay1": date(2025, 7, 1), "pay2": date(2026, 1, 15),
                "report": date(2026, 2, 1), "after": date(2026, 3, 16)}
_OSTFOLD_PHASES = {"submit": date(2024, 10, 14), "close": date(2024, 12, 2), "screen": date(2024, 12, 3),
                   "score": date(2024, 12, 5), "prioritise": date(2024, 12, 10), "decide": date(2024, 12, 17),
                   "agreement": date(2025, 1, 20), "pay1": date(2025, 2, 3), "pay2": date(2025, 8, 1),
                   "report": date(2025, 11, 3), "after": date(2026, 1, 12)}
_MIDT_PHASES = {"submit": date(2025, 3, 3), "close": date(2025, 5, 2), "screen": date(2025, 5, 6),
                "score": date(2025, 5, 13), "prioritise": date(2025, 5, 27), "decide": date(2025, 6, 10),
                "agreement": date(2025, 8, 18), "pay1": date(2025, 9, 1), "pay2": date(2026, 2, 2),
                "report": date(2026, 3, 2), "after": date(2026, 4, 6)}

_LVS_PHASES = {"submit": date(2024, 9, 25), "close": date(2024, 10, 15), "screen": date(2024, 10, 16),
                "score": date(2024, 10, 18), "prioritise": date(2024, 10, 22), "decide": date(2024, 11, 5),
                "agreement": date(2024, 11, 20), "pay1": date(2024, 12, 2), "pay2": date(2025, 6, 2),
                "report": date(2025, 9, 1), "after": date(2025, 10, 6)}
#: Helse Nord's yearly round for the next year's grants ("Søknadsfrist for tilskudd 2026: 1. oktober 2025"):
#: submitted in September, decided in December, paid from January.
_NORD_2026_PHASES = {"submit": date(2025, 8, 18), "close": date(2025, 10, 2), "screen": date(2025, 10, 8),
                     "score": date(2025, 10, 22), "prioritise": date(2025, 11, 12), "decide": date(2025, 12, 10),
                     "agreement": date(2026, 1, 12), "pay1": date(2026, 2, 2), "pay2": date(2026, 8, 3),
                     "report": date(2026, 9, 1), "after": date(2026, 10, 5)}

HELSE_NORD = Owner("helse-nord-rhf", "Helse Nord RHF", "rhf")
HELSE_MIDT_NAME = "Helse Midt-Norge RHF"
HELSE_MIDT = Owner("helse-midt-norge-rhf", HELSE_MIDT_NAME, "rhf")
_MIDT_KEY_NOTE = "fordelingsnøkkel (eksempel: dokumentene nevner en nøkkel uten å oppgi den)"

POOLS = (
    PoolPlan("nord", HELSE_NORD, "Rekrutterings- og samhandlingstilskudd",
             (2024, 2025), Decimal(40000000), date(2024, 2, 15),
             "Søknadsbasert rekrutterings- og samhandlingstilskudd for 2024 og 2025", date(2025, 3, 1),
             HELSE_NORD_CRITERIA, "KU-sak", _NORD_PHASES, FollowUp(Decimal(0), 3), round_opened=date(2024, 12, 19),
             next_round=(date(2025, 6, 2), date(2025, 10, 1),
                         "Søknadsbasert rekrutterings- og samhandlingstilskudd for 2026"),
             series=Series(10, 1), next_phases=_NORD_2026_PHASES),
    PoolPlan("lvs", Owner("hf-lvs", "Helsefellesskapet Lofoten, Vesterålen og Salten", "health_community"),
             "", (2024, 2025), Decimal(0), date(2024, 3, 1), "Felles digital satsning i Lofoten, Vesterålen og Salten",
             date(2024, 10, 14), HELSE_NORD_CRITERIA, "SSU-sak", _LVS_PHASES, allocated_from="nord",
             round_opened=date(2024, 9, 24)),
    PoolPlan("ostfold", Owner("hf-ostfold", "Helsefellesskapet Østfold", "health_community"),
             "Rekrutterings- og samhandlingstilskudd 2024", (2024,), Decimal(9600000), date(2024, 9, 2),
             "Utlysning av rekrutterings- og samhandlingstilskudd 2024", date(2024, 12, 1),
             OSTFOLD_CRITERIA, "SSU-sak", _OSTFOLD_PHASES,
             # an example: the call names no holdback; 10 % held back until the final report (due 30.09.2025)
             FollowUp(Decimal(10), 9)),
    PoolPlan("more", Owner("hf-more-romsdal", "Helsefellesskapet Møre og Romsdal", "health_community"),
             "", (2025,), Decimal(0), date(2025, 1, 20), "Samhandlingstilskudd 2025 i Møre og Romsdal",
             date(2025, 4, 30), MIDT_CRITERIA, "ASU-sak", _MIDT_PHASES, allocated_from="midt"),
    PoolPlan("trondelag-sor", Owner("hf-trondelag-sor", "Helsefellesskapet St. Olavs hospital og kommunene",
                                    "health_community"),
             "", (2025,), Decimal(0), date(2025, 1, 20), "Samhandlingstilskudd 2025 i Trøndelag sør",
             date(2025, 4, 30), MIDT_CRITERIA, "ASU-sak", _MIDT_PHASES, allocated_from="midt"),
    PoolPlan("nord-trondelag", Owner("hf-nord-trondelag", "Helsefellesskapet Nord-Trøndelag", "health_community"),
             "", (2025,), Decimal(0), date(2025, 1, 20), "Samhandlingstilskudd 2025 i Nord-Trøndelag",
             date(2025, 4, 30), MIDT_CRITERIA, "ASU-sak", _MIDT_PHASES, allocated_from="midt"),
)

#: Pools that are only allocated (no round of their own).
ALLOCATING_POOLS = (
    PoolPlan("midt", HELSE_MIDT, "Samhandlingstilskudd (årlig varig tilskudd)", (2025,), Decimal(16200000),
             date(2025, 1, 10), "", date(2025, 1, 10), (), "", {}, year_amounts=((2025, Decimal(16200000)),)),
)
TOP_UPS = (TopUp("nord", date(2024, 6, 21), Decimal(90000000),
                 "RNB 2024: 90 mill. kroner i revidert nasjonalbudsjett, tildeles etter søknad"),)


@dataclass(frozen=True)
class YearPlan:
    """A pool's next fiscal year, with its money, added when the budget is known."""

    pool: str
    on: date
    year: int
    amount: Decimal
    reason: str


#: Helse Midt-Norge's 16.2 MNOK every year ("årlig varig tilskudd"), and Helse Nord's money for
#: 2026 (the amount is an example: the documents give 2024's only).
YEARS = (
    YearPlan("midt", date(2026, 1, 8), 2026, Decimal(16200000),
             "Statsbudsjettet 2026: 16,2 mill. kroner i årlig varig tilskudd til Helseregion Midt"),
    YearPlan("nord", date(2025, 6, 2), 2026, Decimal(90000000),
             "Tilskudd for 2026 (beløpet er et eksempel: dokumentene oppgir bare 2024)"),
)
#: Each year's money of Helse Midt-Norge goes to the three communities by the same key.
YEARLY_ALLOCATIONS = ((date(2026, 1, 15), Decimal(16200000)),)
ALLOCATIONS = (
    AllocationPlan("nord", date(2024, 3, 1),
                   "Tildelingsbasert første runde 2024: om lag 11 mill. kroner til Lofoten, Vesterålen og Salten "
                   "(fra dokumentene); fordelingen mellom de andre helsefellesskapene er et eksempel",
                   (("lvs", Decimal(11000000)), ("unn", Decimal(12000000)), ("finnmark", Decimal(9000000)),
                    ("helgeland", Decimal(8000000)))),
    AllocationPlan("midt", date(2025, 1, 15), f"Samhandlingstilskudd 2025 fordelt etter {_MIDT_KEY_NOTE}",
                   (("more", Decimal("0.33")), ("trondelag-sor", Decimal("0.43")), ("nord-trondelag", Decimal("0.24"))),
                   Decimal(16200000)),
)


@dataclass(frozen=True)
class ApplicationPlan:
    """One demo application and how far it gets (its `fate`)."""

    pool: str
    community: str
    applicant: Organisation
    partners: tuple[Organisation, ...]
    title: str
    priority_groups: tuple[str, ...]
    requested: int
    contact: str
    fate: str
    share: Decimal = Decimal("0.9")  # of what is requested, granted (a partial grant gives its reasons)
    round: str = ""  # the round of the pool's series it applies to ("": the first)
    complaint: str = ""  # a refusal complained of: "reversed" by the body, or "forwarded" to the klageinstans
    steps_aside: str = ""  # the member (id in the body) who steps aside from the case in the meeting


#: The pools whose owner decides in the meetings of its body, and that body: its name, members
#: (the first is the chair, the second the member from Bodø kommune), quorum, and whom it acts for.
@dataclass(frozen=True)
class BodyPlan:
    """An owner's deciding body in the demo."""

    name: str
    kind: str
    members: tuple[str, ...]
    quorum: int
    decides_for: str
    klageinstans: str
    prefix: str
    place: str


#: Østfold's SSU recommends and Sykehuset Østfold HF decides ("helsefellesskapet er ikke et
#: myndighetsorgan"); complaints go to Helse Sør-Øst RHF.
MEETING_BODIES: dict[str, BodyPlan] = {
    "ostfold": BodyPlan("Strategisk samarbeidsutvalg i Helsefellesskapet Østfold", "ssu",
                        ("Jørn Eriksen", "Tone Sandvik", "Kjell Arne Berg", "Lise Mathisen", "Geir Amundsen"), 3,
                        "Sykehuset Østfold HF", "Helse Sør-Øst RHF", "SSU-sak", "Sykehuset Østfold Kalnes"),
}
_A = ApplicationPlan
_K = "municipality"
APPLICATIONS = (
    _A("nord", "lvs", _org("972418013", "Bodø kommune"), (NLSH,), "FACT-team for Salten",
       ("severe_mental_illness_and_substance_abuse",), 4_500_000, "Hilde Johansen", "paid_recused"),
    _A("nord", "unn", _org("940101808", "Tromsø kommune"), (UNN,),
       "Kombinerte stillinger for sykepleiere mellom UNN og Tromsø kommune", ("frail_elderly",), 3_200_000,
       "Ole Martin Nilsen", "paid1_amended"),
    _A("nord", "unn", _org("959469059", "Narvik kommune"), (UNN,),
       "Felles koordinerende enhet for utskrivningsklare pasienter i Ofoten", ("discharge_ready_patients",),
       2_800_000, "Siri Larsen", "agreement"),
    _A("nord", "lvs", _org("940013224", "Vågan kommune"), (NLSH,),
       "Digital hjemmeoppfølging av personer med kroniske lidelser i Lofoten",
       ("multiple_chronic_illnesses",), 3_900_000, "Eirik Pedersen", "approved"),
    _A("nord", "finnmark", _org("940882060", "Guovdageainnu suohkan / Kautokeino kommune"), (FIN,),
       "Samisk språk og kultur i psykisk helsevern for barn og unge", ("children_and_youth",), 2_400_000,
       "Máret Sara", "paid1"),
    _A("nord", "finnmark", _org("944588132", "Alta kommune"), (FIN,),
       "Felles legevakt og observasjonsplasser i Alta", ("discharge_ready_patients",), 5_200_000,
       "Tor Arne Isaksen", "rejected", complaint="forwarded"),
    _A("nord", "finnmark", _org("964830533", "Hammerfest kommune"), (FIN,),
       "Ambulerende geriatrisk team i Vest-Finnmark", ("frail_elderly",), 3_100_000, "Liv Mathisen", "prioritised"),
    _A("nord", "helgeland", _org("872418032", "Rana kommune"), (HSYK,),
       "Kombinerte stillinger for jordmødre på Helgeland", ("pregnancy_birth_postnatal",), 2_600_000,
       "Anne Grete Strand", "paid"),
    _A("nord", "helgeland", _org("945114878", "Vefsn kommune"), (HSYK,),
       "Tidlig innsats: barneteam på tvers av kommune og sykehus", ("children_and_youth",), 1_900_000,
       "Jon Kristian Eliassen", "scored"),
    _A("nord", "finnmark", _org("964994102", "Sør-Varanger kommune"), (FIN,),
       "ROP-team for personer med rus og psykiske lidelser",
       ("integrated_mental_health_and_substance_services",), 3_300_000, "Natalia Ivanova", "withdrawn"),
    _A("nord", "finnmark", _org("940128285", "Vadsø kommune"), (FIN,),
       "Felles kompetansesenter for rehabilitering i Øst-Finnmark", ("rehabilitation",), 2_100_000,
       "Bjørn Hansen", "screened"),
    _A("nord", "unn", _org("972417971", "Harstad kommune"), (UNN,),
       "Virtuell avdeling for skrøpelige eldre i Harstad", ("frail_elderly",), 4_200_000, "Kristin Berg", "paid1"),
    _A("nord", "helgeland", _org("964983291", "Brønnøy kommune"), (HSYK,),
       "Velferdsteknologi i hjemmetjenesten", ("frail_elderly",), 1_700_000, "Geir Solberg", "ineligible"),
    _A("nord", "helgeland", _org("945445890", "Alstahaug kommune"), (HSYK,),
       "Ambulant akutteam på Helgelandskysten", ("severe_mental_illness_and_substance_abuse",), 2_300_000,
       "Randi Jakobsen", "declined"),
    _A("nord", "lvs", _org("972417920", "Saltdal kommune"), (NLSH,),
       "Kombinerte stillinger: fastlege og sykehuslege i Indre Salten", ("multiple_chronic_illnesses",),
       1_800_000, "Per Inge Moe", "approved"),
    _A("nord", "lvs", _org("945012986", "Lødingen kommune"), (NLSH,),
       "Felles pasientforløp for utskrivningsklare pasienter", ("discharge_ready_patients",), 1_500_000,
       "Trine Karlsen", "submitted"),
    _A("nord", "lvs", _org("945468661", "Øksnes kommune"), (NLSH,),
       "Lærings- og mestringstilbud for personer med flere kroniske lidelser", ("multiple_chronic_illnesses",),
       1_200_000, "Hans Petter Olsen", "rejected"),
    _A("nord", "finnmark", _org("964830975", "Porsanger kommune"), (_org("964979316", "Lebesby kommune"), FIN),
       "Felles psykisk helseteam for unge i Midt-Finnmark", ("children_and_youth",), 2_700_000,
       "Inga Nilsen Eira", "agreement"),
    _A("nord", "finnmark", _org("964977526", "Deatnu gielda / Tana kommune"), (FIN,),
       "Samisk tilpasset demensomsorg", ("frail_elderly",), 1_600_000, "Ánde Porsanger", "prioritised"),
    _A("nord", "helgeland", _org("938712441", "Nesna kommune"), (_org("945462221", "Herøy kommune"), HSYK),
       "Interkommunal jordmortjeneste på Helgeland", ("pregnancy_birth_postnatal",), 1_400_000,
       "Marianne Hagen", "submitted"),
    _A("lvs", "lvs", _org("972418013", "Bodø kommune"),
       (NLSH, _org("940013224", "Vågan kommune"), _org("972417920", "Saltdal kommune"),
        _org("945012986", "Lødingen kommune")),
       "Felles digital satsning: digital samhandling og hjemmeoppfølging i Lofoten, Vesterålen og Salten",
       ("multiple_chronic_illnesses",), 11_000_000, "Marit Jensen", "closed", share=Decimal(1)),
    _A("nord", "lvs", _org("945114312", "Hadsel kommune"), (NLSH, _org("945082887", "Sortland kommune")),
       "Felles prehospital beredskap og akuttmedisinsk team i Vesterålen", ("prehospital_services",), 2_400_000,
       "Siv Hansen", "paid1", round="2026"),
    _A("nord", "unn", _org("940101808", "Tromsø kommune"), (UNN, _org("940330408", "Balsfjord kommune")),
       "Kombinerte stillinger: spesialsykepleiere i kommunal akuttberedskap", ("frail_elderly",), 3_000_000,
       "Ole Martin Nilsen", "agreement", round="2026"),
    _A("nord", "helgeland", _org("872418032", "Rana kommune"), (HSYK,),
       "Felles team for utskrivningsklare pasienter på Helgeland", ("discharge_ready_patients",), 1_800_000,
       "Anne Grete Strand", "prioritised", round="2026"),
    _A("ostfold", "ostfold", _org("940039541", "Fredrikstad kommune"), (SO,),
       "Felles ambulant team for barn og unge med psykiske lidelser", ("children_and_youth",), 1_800_000,
       "Lene Andersen", "reclaim"),
    _A("ostfold", "ostfold", _org("938801363", "Sarpsborg kommune"), (SO,),
       "Kombinasjonsstillinger for sykepleiere i kommune og sykehus", ("frail_elderly",), 1_200_000,
       "Morten Kristiansen", "closed"),
    _A("ostfold", "ostfold", _org("959159092", "Halden kommune"), (SO,),
       "Hospitering og kompetansedeling mellom Halden og SØ", ("multiple_chronic_illnesses",), 600_000,
       "Eva Lund", "rejected", complaint="reversed"),
    _A("ostfold", "ostfold", _org("988638234", "Moss kommune"), (SO,),
       "FACT ung i Mosseregionen", ("severe_mental_illness_and_substance_abuse",), 1_500_000,
       "Nils Erik Holm", "paid", steps_aside="m4"),
    _A("ostfold", "ostfold", _org("920123899", "Indre Østfold kommune"), (SO,),
       "Digitalt tilsyn for skrøpelige eldre", ("frail_elderly",), 1_100_000, "Camilla Bakken", "paid"),
    _A("ostfold", "ostfold", _org("940802652", "Råde kommune"), (_org("959272581", "Hvaler kommune"), SO),
       "Felles korttidsplasser for utskrivningsklare pasienter", ("discharge_ready_patients",), 900_000,
       "Arild Sørensen", "closed_early"),
    _A("ostfold", "ostfold", _org("945372281", "Rakkestad kommune"), (SO,),
       "Jordmor i kommune og sykehus: sammenhengende svangerskapsomsorg", ("pregnancy_birth_postnatal",),
       700_000, "Hanne Moen", "rejected"),
    _A("ostfold", "ostfold", _org("964947082", "Skiptvet kommune"), (SO,),
       "Rehabilitering i hjemmet etter hjerneslag", ("rehabilitation",), 500_000, "Stein Rønning", "withdrawn"),
    _A("ostfold", "ostfold", SO, (_org("940039541", "Fredrikstad kommune"), _org("938801363", "Sarpsborg kommune")),
       "Felles kompetanseplattform for kommunale helsearbeidere", ("multiple_chronic_illnesses",), 1_300_000,
       "Ingvild Dahl", "paid"),
    _A("ostfold", "ostfold", _org("940039541", "Fredrikstad kommune"), (SO,),
       "Forskningsbasert oppfølging av ROP-pasienter", ("integrated_mental_health_and_substance_services",),
       800_000, "Lene Andersen", "rejected"),
    _A("more", "more", _org("991891919", "Kristiansund kommune"), (HMR,),
       "Kombinerte stillinger for psykologer", ("severe_mental_illness_and_substance_abuse",), 1_400_000,
       "Gunn Rita Aasen", "paid1"),
    _A("more", "more", _org("939760946", "Volda kommune"), (_org("964978573", "Ørsta kommune"), HMR),
       "Felles observasjonsenhet på Søre Sunnmøre", ("discharge_ready_patients",), 1_900_000,
       "Oddvar Hovden", "approved"),
    _A("more", "more", _org("964981183", "Aukra kommune"), (HMR,),
       "Digital hjemmeoppfølging i Romsdal", ("multiple_chronic_illnesses",), 700_000, "Berit Vike", "submitted"),
    _A("trondelag-sor", "trondelag-sor", _org("942110464", "Trondheim kommune"), (STO,),
       "Utskrivningsteam for skrøpelige eldre", ("frail_elderly",), 2_500_000, "Sindre Aune", "agreement"),
    _A("trondelag-sor", "trondelag-sor", _org("939865942", "Malvik kommune"), (STO,),
       "Samhandlingsteam for barn og unge med BUP", ("children_and_youth",), 1_300_000, "Kari Wold",
       "prioritised"),
    _A("trondelag-sor", "trondelag-sor", _org("938772924", "Hitra kommune"), (STO,),
       "Lokalmedisinsk senter med spesialistpoliklinikk", ("multiple_chronic_illnesses",), 1_700_000,
       "Roar Sandvik", "scored"),
    _A("nord-trondelag", "nord-trondelag", _org("938587418", "Levanger kommune"),
       (_org("938587051", "Verdal kommune"), HNT), "Felles FACT-team for Innherred",
       ("severe_mental_illness_and_substance_abuse",), 1_600_000, "Tone Lyng", "paid1"),
    _A("nord-trondelag", "nord-trondelag", _org("938587787", "Stjørdal kommune"), (HNT,),
       "Rehabilitering i kommunen etter sykehusopphold", ("rehabilitation",), 900_000, "Frode Hegge", "rejected"),
    _A("nord-trondelag", "nord-trondelag", HNT, (_org("938587418", "Levanger kommune"),),
       "Rekrutteringsprogram for sykepleiere i kombinerte stillinger", ("frail_elderly",), 1_100_000,
       "Elisabeth Vist", "screened"),
    _A("nord-trondelag", "nord-trondelag", _org("938587051", "Verdal kommune"), (HNT,),
       "Sammenhengende svangerskaps- og barselomsorg", ("pregnancy_birth_postnatal",), 600_000,
       "Linn Ekle", "submitted"),
)


#: The regional health authorities (RHF), each a region of its own.
RHFS: Final = (
    RegisteredOwner("helse-nord-rhf", "Helse Nord RHF", "rhf", org_no="883658752"),
    RegisteredOwner("helse-midt-norge-rhf", "Helse Midt-Norge RHF", "rhf", org_no="983658776"),
    RegisteredOwner("helse-vest-rhf", "Helse Vest RHF", "rhf", org_no="983658725"),
    RegisteredOwner("helse-sor-ost-rhf", "Helse Sør-Øst RHF", "rhf", org_no="991324968"),
)
#: The region each health community belongs to.
REGION_OF_COMMUNITY: Final = {
    "finnmark": "helse-nord-rhf", "unn": "helse-nord-rhf", "lvs": "helse-nord-rhf", "helgeland": "helse-nord-rhf",
    "ostfold": "helse-sor-ost-rhf", "more": "helse-midt-norge-rhf", "trondelag-sor": "helse-midt-norge-rhf",
    "nord-trondelag": "helse-midt-norge-rhf",
}


def owners() -> tuple[RegisteredOwner, ...]:
    """Every owner of the demo's money: the RHFs, and the health communities that own a
    pool (their own, or one allocated to them)."""
    keys = dict.fromkeys([*(p.key for p in POOLS if p.owner.kind == "health_community"),
                          *(key for a in ALLOCATIONS for key, _ in a.parts)])
    return (*RHFS, *(RegisteredOwner(COMMUNITIES[key].id, COMMUNITIES[key].name, "health_community",
                                     region=REGION_OF_COMMUNITY[key]) for key in keys))


def communities() -> tuple[Community, ...]:
    """Every health community, with the municipalities and hospital trusts that apply or
    partner in its applications as members."""
    members: dict[str, dict[str, Organisation]] = {key: {} for key in COMMUNITIES}
    for plan in APPLICATIONS:
        for organisation in (plan.applicant, *plan.partners):
            members[plan.community][organisation.org_no] = organisation
    return tuple(Community(c.id, c.name, REGION_OF_COMMUNITY[key],
                           tuple(sorted(members[key].values(), key=lambda o: o.name)))
                 for key, c in COMMUNITIES.items())
