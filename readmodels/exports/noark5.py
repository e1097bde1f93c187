"""Noark 5 (version 5.0) XML for an archive extraction (*arkivuttrekk*): the archive
structure, the running and the public journal, the change log and the ADDML description
— written from the journal's rows (`readmodels.journal`) in a fixed order, so the same
period gives the same bytes (apart from the creation time passed in).

The elements and their order follow Arkivverket's schemas (`arkivstruktur.xsd` and the
others, validated in the tests); only what Tilskudd knows is written."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final
from uuid import NAMESPACE_URL, uuid5

from domain.journal import ENTRY_TYPES, INTERNAL_SENDER, file_number

_BASE: Final = "http://www.arkivverket.no/standarder/noark5/"
ARKIVSTRUKTUR, LOEPENDE, OFFENTLIG, ENDRINGSLOGG = (
    _BASE + "arkivstruktur", _BASE + "loependeJournal", _BASE + "offentligJournal", _BASE + "endringslogg")
ADDML: Final = "http://www.arkivverket.no/standarder/addml"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
#: Who made the archive (the system's name as creator) and who registered what it made.
SYSTEM: Final = "Tilskudd"
ET.register_namespace("xsi", XSI)


def system_id(*parts: object) -> str:
    """A stable Noark system id for what `parts` name (the same on every extraction)."""
    return str(uuid5(NAMESPACE_URL, "urn:tilskudd:noark5:" + ":".join(map(str, parts))))


@dataclass(frozen=True)
class DocumentFile:
    """A document of the extraction: where it lies under the extraction's folder, its
    format, size and SHA-256."""

    path: str
    format: str
    size: int
    sha256: str


@dataclass
class Extraction:
    """What one extraction holds: the period, the archive creator, the files and their
    entries (journal rows), the documents of each entry, and the changes."""

    start: date
    end: date
    creator_id: str
    creator_name: str
    created_at: datetime
    files: list[dict[str, Any]]
    entries: dict[str, list[dict[str, Any]]]
    documents: dict[str, DocumentFile]
    changes: list[dict[str, Any]] = field(default_factory=list)


def _sub(parent: ET.Element, tag: str, text: object | None = None, ns: str = ARKIVSTRUKTUR) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text.isoformat() if isinstance(text, date | datetime) else str(text)
    return element


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00"


def _bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    content: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return content + b"\n"


def arkivstruktur(x: Extraction) -> bytes:
    """`arkivstruktur.xml`: arkiv → arkivdel → klassifikasjonssystem → klasse (a pool
    owner) → saksmappe/møtemappe → journalpost/møteregistrering → dokumentbeskrivelse →
    dokumentobjekt."""
    ET.register_namespace("", ARKIVSTRUKTUR)
    created = x.created_at.isoformat()
    root = ET.Element(f"{{{ARKIVSTRUKTUR}}}arkiv")
    for tag, value in (("systemID", system_id("arkiv")), ("tittel", "Tilskudd: rekrutterings- og samhandlingstilskudd"),
                       ("arkivstatus", "Avsluttet"), ("dokumentmedium", "Elektronisk arkiv"),
                       ("opprettetDato", created), ("opprettetAv", SYSTEM), ("avsluttetDato", created),
                       ("avsluttetAv", SYSTEM)):
        _sub(root, tag, value)
    creator = _sub(root, "arkivskaper")
    _sub(creator, "arkivskaperID", x.creator_id)
    _sub(creator, "arkivskaperNavn", x.creator_name)
    part = _sub(root, "arkivdel")
    values: tuple[tuple[str, object], ...] = (
                       ("systemID", system_id("arkivdel")), ("tittel", "Søknader om tilskudd og møter"),
                       ("arkivdelstatus", "Avsluttet periode"), ("dokumentmedium", "Elektronisk arkiv"),
                       ("opprettetDato", created), ("opprettetAv", SYSTEM), ("avsluttetDato", created),
                       ("avsluttetAv", SYSTEM), ("arkivperiodeStartDato", x.start),
                       ("arkivperiodeSluttDato", x.end))
    for tag, item in values:
        _sub(part, tag, item)
    scheme = _sub(part, "klassifikasjonssystem")
    for tag, value in (("systemID", system_id("klassifikasjonssystem")), ("klassifikasjonstype", "Emnebasert"),
                       ("tittel", "Tilskuddsforvaltere"), ("opprettetDato", created), ("opprettetAv", SYSTEM)):
        _sub(scheme, tag, value)
    for owner_id, owner_name, files in _by_owner(x.files):
        klasse = _sub(scheme, "klasse")
        for tag, value in (("systemID", system_id("klasse", owner_id)), ("klasseID", owner_id),
                           ("tittel", owner_name), ("opprettetDato", created), ("opprettetAv", SYSTEM)):
            _sub(klasse, tag, value)
        for file in files:
            _mappe(klasse, file, x)
    return _bytes(root)


def _by_owner(files: Sequence[dict[str, Any]]) -> Iterable[tuple[str, str, list[dict[str, Any]]]]:
    owners: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for file in files:
        owners.setdefault(file["owner_id"] or "ukjent", (file["owner_name"] or "Ukjent", []))[1].append(file)
    for owner_id in sorted(owners):
        yield owner_id, owners[owner_id][0], owners[owner_id][1]


def _mappe(parent: ET.Element, file: dict[str, Any], x: Extraction) -> None:
    entries = x.entries.get(file["file_id"], [])
    meeting = file["kind"] == "moetemappe"
    mappe = _sub(parent, "mappe")
    mappe.set(f"{{{XSI}}}type", "moetemappe" if meeting else "saksmappe")
    last = max((e["journal_date"] for e in entries), default=file["opened_on"])
    closed = file["closed_on"] or last
    number = f"M{file['year']}/{file['sequence']}" if meeting else file_number(file["year"], file["sequence"])
    for tag, value in (("systemID", file["file_id"]), ("mappeID", number), ("tittel", file["title"]),
                       ("offentligTittel", file["public_title"]), ("opprettetDato", _stamp(file["opened_on"])),
                       ("opprettetAv", SYSTEM), ("avsluttetDato", _stamp(closed)), ("avsluttetAv", SYSTEM)):
        _sub(mappe, tag, value)
    for entry in entries:
        (_meeting_registration if meeting else _journalpost)(mappe, entry, file, x)
    if meeting:
        info = file["meeting"]
        for tag, value in (("moetenummer", number), ("utvalg", info["body"]), ("moetedato", info["held_on"]),
                           ("moetested", info["place"] or None)):
            if value is not None:
                _sub(mappe, tag, value)
        for name in info["members"]:
            _sub(_sub(mappe, "moetedeltaker"), "moetedeltakerNavn", name)
        return
    for tag, value in (("saksaar", file["year"]), ("sakssekvensnummer", file["sequence"]),
                       ("saksdato", file["opened_on"]), ("administrativEnhet", file["owner_name"]),
                       ("saksansvarlig", file["handler"]), ("saksstatus", file["status"])):
        _sub(mappe, tag, value)


def _registration_start(parent: ET.Element, entry: dict[str, Any], kind: str) -> ET.Element:
    registrering = _sub(parent, "registrering")
    registrering.set(f"{{{XSI}}}type", kind)
    day = _stamp(entry["journal_date"])
    for tag, value in (("systemID", system_id("registrering", entry["entry_id"])), ("opprettetDato", day),
                       ("opprettetAv", SYSTEM), ("arkivertDato", day), ("arkivertAv", SYSTEM)):
        _sub(registrering, tag, value)
    if entry["screening_code"]:
        skjerming = _sub(registrering, "skjerming")
        _sub(skjerming, "tilgangsrestriksjon", entry["screening_code"])
        _sub(skjerming, "skjermingshjemmel", entry["screening_basis"])
        _sub(skjerming, "skjermingMetadata", "korrespondansepartNavn")
        _sub(skjerming, "skjermingDokument", "Hele dokumentet")
    return registrering


def _document(registrering: ET.Element, entry: dict[str, Any], x: Extraction) -> None:
    found = x.documents.get(entry["entry_id"])
    if found is None:
        return
    day = _stamp(entry["journal_date"])
    description = _sub(registrering, "dokumentbeskrivelse")
    for tag, value in (("systemID", system_id("dokumentbeskrivelse", entry["entry_id"])),
                       ("dokumenttype", "Vedlegg" if entry["attachment"] else "Brev"),
                       ("dokumentstatus", "Dokumentet er ferdigstilt"), ("tittel", entry["title"]),
                       ("opprettetDato", day), ("opprettetAv", SYSTEM),
                       ("tilknyttetRegistreringSom", "Hoveddokument"), ("dokumentnummer", 1),
                       ("tilknyttetDato", day), ("tilknyttetAv", SYSTEM)):
        _sub(description, tag, value)
    obj = _sub(description, "dokumentobjekt")
    for tag, value in (("systemID", system_id("dokumentobjekt", entry["entry_id"])), ("versjonsnummer", 1),
                       ("variantformat", "Arkivformat"), ("format", found.format), ("opprettetDato", day),
                       ("opprettetAv", SYSTEM), ("referanseDokumentfil", found.path), ("sjekksum", found.sha256),
                       ("sjekksumAlgoritme", "SHA256"), ("filstoerrelse", found.size)):
        _sub(obj, tag, value)


def _journalpost(parent: ET.Element, entry: dict[str, Any], file: dict[str, Any], x: Extraction) -> None:
    registrering = _registration_start(parent, entry, "journalpost")
    _document(registrering, entry, x)
    _sub(registrering, "registreringsID", file_number(entry["year"], entry["sequence"]))
    _sub(registrering, "tittel", entry["title"])
    _sub(registrering, "offentligTittel", entry["public_title"])
    for party in entry["parties"]:
        korrespondansepart = _sub(registrering, "korrespondansepart")
        _sub(korrespondansepart, "korrespondanseparttype", party["role"])
        _sub(korrespondansepart, "korrespondansepartNavn", party["name"])
    for tag, value in (("journalaar", entry["year"]), ("journalsekvensnummer", entry["sequence"]),
                       ("journalpostnummer", entry["number"]),
                       ("journalposttype", ENTRY_TYPES[entry["entry_type"]]), ("journalstatus", "Arkivert"),
                       ("journaldato", entry["journal_date"]), ("dokumentetsDato", entry["journal_date"])):
        _sub(registrering, tag, value)


def _meeting_registration(parent: ET.Element, entry: dict[str, Any], file: dict[str, Any], x: Extraction) -> None:
    registrering = _registration_start(parent, entry, "moeteregistrering")
    _document(registrering, entry, x)
    _sub(registrering, "tittel", entry["title"])
    kind = "Møtebok" if entry["document"] == "protokoll" else "Vedtak"
    for tag, value in (("moeteregistreringstype", kind), ("administrativEnhet", file["owner_name"]),
                       ("saksbehandler", entry["handler"])):
        _sub(registrering, tag, value)


def _journal(x: Extraction, ns: str, root_tag: str, public: bool) -> bytes:
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}{root_tag}")
    posts = [(file, entry) for file in x.files if file["kind"] == "saksmappe"
             for entry in x.entries.get(file["file_id"], [])]
    posts.sort(key=lambda pair: (pair[1]["year"], pair[1]["sequence"]))
    head = _sub(root, "journalhode", ns=ns)
    _sub(head, "journalStartDato", x.start, ns)
    _sub(head, "journalSluttDato", x.end, ns)
    _sub(head, "antallJournalposter", len(posts), ns)
    creator = _sub(head, "arkivskaper", ns=ns)
    _sub(creator, "arkivskaperID", x.creator_id, ns)
    _sub(creator, "arkivskaperNavn", x.creator_name, ns)
    for file, entry in posts:
        registration = _sub(root, "journalregistrering", ns=ns)
        klasse = _sub(registration, "klasse", ns=ns)
        _sub(klasse, "klasseID", file["owner_id"], ns)
        _sub(klasse, "tittel", file["owner_name"], ns)
        mappe = _sub(registration, "saksmappe", ns=ns)
        _sub(mappe, "mappeID", file_number(file["year"], file["sequence"]), ns)
        _sub(mappe, "saksaar", file["year"], ns)
        _sub(mappe, "sakssekvensnummer", file["sequence"], ns)
        if not public:
            _sub(mappe, "tittel", file["title"], ns)
        _sub(mappe, "offentligTittel", file["public_title"], ns)
        _sub(mappe, "administrativEnhet", file["owner_name"], ns)
        if not public:
            _sub(mappe, "saksansvarlig", file["handler"], ns)
        post = _sub(registration, "journalpost", ns=ns)
        _sub(post, "systemID", system_id("registrering", entry["entry_id"]), ns)
        _sub(post, "registreringsID", file_number(entry["year"], entry["sequence"]), ns)
        _sub(post, "journalaar", entry["year"], ns)
        _sub(post, "journalsekvensnummer", entry["sequence"], ns)
        _sub(post, "journalpostnummer", entry["number"], ns)
        if not public:
            _sub(post, "tittel", entry["title"], ns)
        _sub(post, "offentligTittel", entry["public_title"], ns)
        _sub(post, "journaldato", entry["journal_date"], ns)
        _sub(post, "dokumentetsDato", entry["journal_date"], ns)
        if entry["screening_code"]:
            _sub(post, "tilgangsrestriksjon", entry["screening_code"], ns)
            _sub(post, "skjermingshjemmel", entry["screening_basis"], ns)
        parties = [p for p in entry["parties"] if not public or p["org_no"] or p["role"] == INTERNAL_SENDER]
        for party in parties:
            korrespondansepart = _sub(post, "korrespondansepart", ns=ns)
            _sub(korrespondansepart, "korrespondanseparttype", party["role"], ns)
            _sub(korrespondansepart, "korrespondansepartNavn", party["name"], ns)
    return _bytes(root)


def loepende_journal(x: Extraction) -> bytes:
    """`loependeJournal.xml`: every journal entry of the period, with titles and parties."""
    return _journal(x, LOEPENDE, "loependeJournal", public=False)


def offentlig_journal(x: Extraction) -> bytes:
    """`offentligJournal.xml`: the same entries as the public sees them — public titles,
    parties that are organisations, screenings with their legal basis."""
    return _journal(x, OFFENTLIG, "offentligJournal", public=True)


def endringslogg(x: Extraction) -> bytes:
    """`endringslogg.xml`: each change to a case file's metadata after registration."""
    ET.register_namespace("", ENDRINGSLOGG)
    root = ET.Element(f"{{{ENDRINGSLOGG}}}endringslogg")
    for change in x.changes:
        endring = _sub(root, "endring", ns=ENDRINGSLOGG)
        for tag, value in (("referanseArkivenhet", change["file_id"]), ("referanseMetadata", change["field"]),
                           ("endretDato", _stamp(change["changed_on"])), ("endretAv", change["changed_by"]),
                           ("tidligereVerdi", change["before"]), ("nyVerdi", change["after"])):
            _sub(endring, tag, value, ENDRINGSLOGG)
    return _bytes(root)


def arkivuttrekk(x: Extraction, checksums: dict[str, str]) -> bytes:
    """`arkivuttrekk.xml` (ADDML): the extraction, its period and creator, and each XML
    file with its SHA-256 and schema."""
    ET.register_namespace("", ADDML)

    def add(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ADDML}}}{tag}", attributes)
        return element

    def prop(parent: ET.Element, name: str, value: str | None = None) -> ET.Element:
        properties = parent.find(f"{{{ADDML}}}properties")
        if properties is None:
            properties = add(parent, "properties")
        element = add(properties, "property", name=name)
        if value is not None:
            add(element, "value").text = value
        return element

    root = ET.Element(f"{{{ADDML}}}addml")
    dataset = add(root, "dataset", name="Noark 5 arkivuttrekk")
    reference = add(dataset, "reference")
    context = add(reference, "context")
    additional = add(context, "additionalElements")
    for name, value in (("systemName", SYSTEM), ("archivalPeriod", f"{x.start.isoformat()}–{x.end.isoformat()}"),
                        ("recordCreator", f"{x.creator_name} ({x.creator_id})"),
                        ("documentCount", str(len(x.documents)))):
        element = add(additional, "additionalElement", name=name)
        add(element, "value").text = value
    objects = add(dataset, "dataObjects")
    extraction = add(objects, "dataObject", name="Noark 5 arkivuttrekk")
    prop(extraction, "info", "Noark 5 versjon 5.0")
    inner = add(extraction, "dataObjects")
    for name, checksum in sorted(checksums.items()):
        data_object = add(inner, "dataObject", name=name.removesuffix(".xml"))
        file_property = prop(data_object, "file")
        file_properties = add(file_property, "properties")
        for key, value in (("name", name), ("format", "XML"), ("schema", name.replace(".xml", ".xsd"))):
            item = add(file_properties, "property", name=key)
            add(item, "value").text = value
        checksum_property = add(file_properties, "property", name="checksum")
        checksum_values = add(checksum_property, "properties")
        for key, value in (("algorithm", "SHA256"), ("value", checksum)):
            item = add(checksum_values, "property", name=key)
            add(item, "value").text = value
    return _bytes(root)
