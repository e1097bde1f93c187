"""The public journal: what is asked, and what is answered (no token needed)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.journal import ENTRY_TYPES
from web.fields import filter_text


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
