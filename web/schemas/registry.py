"""Registered owners and health communities, as the operator registers them and
everyone reads them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain import text as limits
from domain.values import OWNER_KINDS
from web.fields import org_no, text
from web.schemas.requests import OrganisationIn, Strict
from web.schemas.resources import Organisation


class RegisteredOwnerIn(Strict):
    """An owner of money: an RHF (no region), or a health community with its RHF as region."""

    id = text(limits.ID, metadata={"example": "helse-nord-rhf"})
    name = text(limits.NAME, metadata={"example": "Helse Nord RHF"})
    kind = fields.String(required=True, validate=validate.OneOf(OWNER_KINDS))
    region = text(limits.ID, required=False, load_default=None, allow_none=True,
                  metadata={"description": "the RHF of a health community that owns money; null for an RHF"})
    org_no = org_no(required=False, load_default=None, allow_none=True)


class CommunityIn(Strict):
    """A health community of one region, with its members."""

    id = text(limits.ID, metadata={"example": "hf-lvs"})
    name = text(limits.NAME, metadata={"example": "Helsefellesskapet Lofoten, Vesterålen og Salten"})
    region = text(limits.ID, metadata={"example": "helse-nord-rhf"})
    members = fields.List(fields.Nested(OrganisationIn), load_default=list,
                          validate=validate.Length(max=limits.MEMBERS))


class MembersChange(Strict):
    """Members to add (whole organisations) and to remove (organisation numbers)."""

    add = fields.List(fields.Nested(OrganisationIn), load_default=list, validate=validate.Length(max=limits.MEMBERS))
    remove = fields.List(org_no(), load_default=list, validate=validate.Length(max=limits.MEMBERS))


class RegisteredOwnerOut(Schema):
    """A registered owner."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    region = fields.String(allow_none=True)
    org_no = fields.String(allow_none=True)


class CommunityOut(Schema):
    """A registered health community and its members."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    region = fields.String(required=True)
    members = fields.List(fields.Nested(Organisation), required=True)


class OwnerList(Schema):
    """Every registered owner."""

    items = fields.List(fields.Nested(RegisteredOwnerOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "the cursor of the next page; null on the last"})


class CommunityList(Schema):
    """Every registered health community."""

    items = fields.List(fields.Nested(CommunityOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "the cursor of the next page; null on the last"})
