"""Answers about people: who the caller is, their memberships and personal tokens."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from domain import text as limits
from domain.person import MAX_TOKEN_LIFETIME, TOKEN_LIFETIME
from domain.roles import ROLES
from web.fields import EmailAddress, text
from web.fields import org_no as org_no_field


class MembershipOut(Schema):
    """A role held with its scope."""

    id = fields.String(allow_none=True, metadata={"description": "null for a token from before people"})
    role = fields.String(required=True)
    org_no = fields.String(allow_none=True)
    community_id = fields.String(allow_none=True)
    owner_id = fields.String(allow_none=True, metadata={"description": "'all' for every owner"})
    employer_org_no = fields.String(allow_none=True)


class PersonOut(Schema):
    """A person and the memberships they hold."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    memberships = fields.List(fields.Nested(MembershipOut), required=True)


class Me(Schema):
    """The caller: their person, and the membership this request acts through."""

    person = fields.Nested(PersonOut, required=True)
    membership = fields.Nested(MembershipOut, required=True)


class TokenOut(Schema):
    """A personal API token as its holder sees it later (never the secret)."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    membership_id = fields.String(required=True)
    issued_at = fields.AwareDateTime(required=True)
    expires_at = fields.AwareDateTime(required=True)
    revoked = fields.Boolean(required=True)


class IssuedToken(TokenOut):
    """A token just issued: the secret is in `token`, shown this once."""

    token = fields.String(required=True, metadata={"description": "the bearer token; not shown again"})


class TokenList(Schema):
    """The caller's tokens, newest first."""

    items = fields.List(fields.Nested(TokenOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "the cursor of the next page; null on the last"})


class TokenRequest(Schema):
    """A new token for one of the caller's memberships (default: the one acting now)."""

    class Meta:
        unknown = RAISE

    name = text(limits.NAME)
    membership_id = fields.String(load_default=None, metadata={"description": "default: the acting membership"})
    days = fields.Integer(load_default=TOKEN_LIFETIME.days, strict=True,
                          validate=validate.Range(min=1, max=MAX_TOKEN_LIFETIME.days),
                          metadata={"description": "how many days the token lives"})


class PersonIn(Schema):
    """A person to register: a name, and an e-mail address to find them by."""

    class Meta:
        unknown = RAISE

    name = text(limits.NAME)
    email = EmailAddress(required=False, load_default=None, allow_none=True)


class MembershipIn(Schema):
    """A role with its scope: `org_no` (applicant), `community_id` (assessor), `owner_id`
    (finance, committee; auditor, or null for all; 'all' for every owner), and the
    member's employer for conflicts of interest."""

    class Meta:
        unknown = RAISE

    role = fields.String(required=True, validate=validate.OneOf([str(r) for r in ROLES]))
    org_no = org_no_field(required=False, load_default=None, allow_none=True)
    community_id = text(limits.ID, required=False, load_default=None, allow_none=True)
    owner_id = text(limits.ID, required=False, load_default=None, allow_none=True)
    employer_org_no = org_no_field(required=False, load_default=None, allow_none=True)
