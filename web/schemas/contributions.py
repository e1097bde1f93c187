"""Each party's own contribution to a project, as a request gives it."""

from __future__ import annotations

from marshmallow import fields, validate

from domain.content import CASH, IN_KIND
from web.fields import Money, org_no
from web.schemas.base import Strict


class ContributionIn(Strict):
    org_no = org_no()
    kind = fields.String(required=True, validate=validate.OneOf([CASH, IN_KIND]),
                         metadata={"description": "cash, or in kind (work and resources valued in kroner)"})
    amount = Money(required=True)
