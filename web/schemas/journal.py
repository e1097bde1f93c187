"""The public journal: what is asked, and what is answered (no token needed)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain import text as limits
from domain.disclosure import DECIDED, OUTCOMES, RECEIVED
from domain.journal import ENTRY_TYPES, LEGAL_BASES
from web.fields import filter_text, optional_text, text
from web.schemas.base import Strict


class PublicJournalArgs(Schema):
    from_ = fields.Date(data_key="from", load_default=None,
                        metadata={"description": "first journal date (default: 30 days before `to`)"})
    to = fields.Date(load_default=None, metadata={"description": "last journal date, included (default: today)"})
    q = filter_text(load_default="", metadata={"description": "words in the public title of the entry or its case"})


class PublicParty(Schema):
    name = fields.String(required=True)
    org_no = fields.String(allow_none=True, metadata={"description": "the organisation number"})
    role = fields.String(required=True, metadata={"description": "Avsender, Mottaker or Intern avsender"})


class PublicEntry(Schema):
    entry = fields.String(required=True, metadata={"description": "journalår/sekvensnummer", "example": "2025/117"})
    case = fields.String(required=True, metadata={"description": "the case file: saksår/sekvensnummer",
                                                  "example": "2025/17"})
    case_title = fields.String(required=True, metadata={"description": "the case's public title"})
    title = fields.String(required=True, metadata={"description": "the public title (persons' names screened)"})
    type = fields.String(required=True, validate=validate.OneOf(list(ENTRY_TYPES)),
                         metadata={"description": "I incoming, U outgoing, N/X internal"})
    type_label = fields.String(required=True)
    journal_date = fields.Date(required=True)
    owner = fields.String(required=True, metadata={"description": "whose case it is"})
    parties = fields.List(fields.Nested(PublicParty), required=True,
                          metadata={"description": "the organisations it came from or went to"})
    exempt = fields.Boolean(required=True, metadata={"description": "the document is exempt from public access"})
    legal_basis = fields.String(allow_none=True, metadata={"description": "why it is exempt",
                                                           "example": "Offl. § 13 jf. fvl. § 13 første ledd nr. 2"})


class PublicJournal(Schema):
    from_ = fields.Date(data_key="from", required=True)
    to = fields.Date(required=True)
    entries = fields.List(fields.Nested(PublicEntry), required=True)


class AccessRequestIn(Strict):
    entry = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{4}/[0-9]{1,9}$"),
                          metadata={"description": "the journal entry (journalår/sekvensnummer)",
                                    "example": "2025/117"})
    name = text(limits.NAME, metadata={"example": "Ola Nordmann"})
    email = text(limits.EMAIL, metadata={"example": "ola@example.no",
                                         "description": "where the answer is sent (kept sealed, erased later)"})


class AccessDecisionIn(Strict):
    outcome = fields.String(required=True, validate=validate.OneOf(list(OUTCOMES)),
                            metadata={"description": "granted; partly or refused, with the legal basis"})
    legal_basis = fields.String(load_default=None, validate=validate.OneOf(list(LEGAL_BASES)),
                                metadata={"description": "required unless granted"})
    reasons = optional_text(limits.REASON, metadata={"description": "required unless granted"})


class AccessRequestOut(Schema):
    id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    entry = fields.String(required=True)
    case = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "the entry's public title"})
    received_on = fields.Date(required=True)
    answer_by = fields.Date(required=True, metadata={"description": "the last day to answer (3 working days)"})
    status = fields.String(required=True, validate=validate.OneOf([RECEIVED, DECIDED]))
    outcome = fields.String(allow_none=True)
    legal_basis = fields.String(allow_none=True)


class AccessRequestRow(Schema):
    id = fields.UUID(required=True, data_key="id", attribute="request_id")
    entry = fields.String(required=True)
    case = fields.String(required=True)
    title = fields.String(required=True)
    application_id = fields.UUID(required=True)
    exempt = fields.Boolean(required=True, metadata={"description": "the entry is screened in the journal"})
    received_on = fields.Date(required=True)
    answer_by = fields.Date(required=True)
    outcome = fields.String(allow_none=True)
    legal_basis = fields.String(allow_none=True)
    decided_on = fields.Date(allow_none=True)


class AccessRequestList(Schema):
    requests = fields.List(fields.Nested(AccessRequestRow), required=True)


class AccessRequestArgs(Schema):
    open = fields.Boolean(load_default=False, truthy={"true"}, falsy={"false"},
                          metadata={"description": "`true`: only those not yet answered"})
