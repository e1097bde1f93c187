"""The money as the API gives it and takes it: pools with their figures, allocations to
health communities, and the budget per owner (rolled up over what it allocated)."""

from __future__ import annotations

from typing import Any, Final

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from domain import text as limits
from web.fields import Amount, Money, text
from web.schemas.requests import Strict
from web.schemas.resources import DATE_TIME, Owner, page_of

#: A share of a distribution key: above 0, at most 1, at most 12 decimals.
SHARE_PATTERN: Final = r"^(0\.[0-9]{0,11}[1-9]|1(\.0{1,12})?)$"


class Figures(Schema):
    total = Amount(required=True)
    reserved = Amount(required=True)
    paid = Amount(required=True)
    returned = Amount(required=True)
    remaining = Amount(required=True, metadata={"description": "total − reserved − paid + returned − allocated"})


class PoolFigures(Figures):
    allocated = Amount(required=True, metadata={"description": "handed to health communities' pools, not taken back"})


class AllocationOut(Schema):
    pool_id = fields.String(required=True, metadata={"description": "the community's pool"})
    amount = Amount(required=True, metadata={"description": "allocated, net of what was withdrawn"})


class YearFigures(Schema):
    year = fields.Integer(required=True)
    money = Amount(allow_none=True, metadata={"description": "the year's money; null: the pool's money is not split "
                                                            "by year, and any of its years may use all of it"})
    committed = Amount(required=True, metadata={"description": "granted for this year and not released"})
    paid = Amount(required=True, metadata={"description": "paid of this year's commitments"})
    returned = Amount(required=True, metadata={"description": "reclaimed of what was paid for this year"})
    left = Amount(allow_none=True, metadata={"description": "money − committed + returned (null when not split)"})


class Pool(PoolFigures):
    id = fields.String(required=True)
    owner = fields.Nested(Owner, required=True)
    name = fields.String(required=True)
    fiscal_years = fields.List(fields.Integer(), required=True)
    allocated_from = fields.String(allow_none=True, metadata={"description": "the pool this one was allocated from"})
    years = fields.List(fields.Nested(YearFigures), metadata={"description": "money, commitments, payments per year"})
    allocations = fields.List(fields.Nested(AllocationOut), metadata={"description": "the pools allocated from this"})
    claims_outstanding = Amount(metadata={
        "description": "claimed back from its grants and not yet received (not in `remaining` until repaid)"})
    version = fields.Integer(required=True)


PoolList = page_of(Pool, "PoolList")


class OwnerBudget(PoolFigures):
    owner = fields.Nested(Owner, required=True)
    pools = fields.List(fields.Nested(Pool), required=True)
    allocations = fields.List(fields.Nested(Pool), required=True,
                              metadata={"description": "the communities' pools allocated from this owner's pools"})
    rolled_up = fields.Nested(Figures, required=True, metadata={
        "description": "this owner's figures with its allocations': what the communities reserved, paid and "
                       "have left; the total counts allocated money once"})


class Budget(Schema):
    owners = fields.List(fields.Nested(OwnerBudget), required=True)
    as_of = fields.String(required=True, metadata=DATE_TIME)
    projection_position = fields.Integer(required=True)


class AllocationPart(Strict):
    owner_id = text(limits.ID, metadata={"description": "a registered health community of the pool's region"})
    amount = Money(load_default=None, metadata={"description": "this community's amount (without a key)"})
    share = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(
        SHARE_PATTERN, error="must be a decimal between 0 and 1 with at most 12 decimals, e.g. \"0.25\""),
        metadata={"description": "its share of `amount`, as a string (a key sums to exactly 1)", "example": "0.25"})


class AllocationIn(Strict):
    allocations = fields.List(fields.Nested(AllocationPart), required=True, validate=validate.Length(min=1, max=50))
    amount = Money(load_default=None, metadata={"description": "the amount a distribution key splits"})
    reason = text(limits.REASON, multiline=True, metadata={"example": "Tildeling etter fordelingsnøkkel 2024"})

    @validates_schema
    def _one_way(self, data: dict[str, Any], **_: object) -> None:
        keyed = [part["share"] is not None for part in data.get("allocations") or []]
        if any(keyed) and not all(keyed):
            raise ValidationError("give every community a share, or every community an amount", "allocations")


class AllocationChange(Strict):
    amount = Money(required=True)
    reason = text(limits.REASON, multiline=True, metadata={"example": "Ubrukte midler trekkes tilbake"})
