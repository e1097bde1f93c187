"""Request bodies. Unknown fields are refused (marshmallow's RAISE), so a client can
never set `status`, `granted_amount`, `version` or any other field the server owns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import (
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from domain import text as limits
from domain.complaint import OUTCOMES
from domain.content import Contribution
from domain.notice import INTENTS
from domain.values import (
    ORGANISATION_KINDS,
    OWNER_KINDS,
    PRIORITY_GROUPS,
    BudgetLine,
    Contact,
    HealthCommunity,
    Organisation,
)
from web.fields import EmailAddress, Money, StorableText, StrictBoolean, optional_text, org_no, text
from web.schemas.base import Strict
from web.schemas.contributions import ContributionIn
from web.schemas.followup import FollowUpTerms

__all__ = ["Strict"]  # the base of the request bodies, here since the first of them

YEAR = validate.Range(min=2000, max=2100)


class Empty(Strict):
    """No fields: the command needs none (and refuses any)."""


class OwnerIn(Strict):
    id = text(limits.ID, metadata={"example": "helse-nord-rhf"})
    name = text(limits.NAME, metadata={"example": "Helse Nord RHF"})
    kind = fields.String(required=True, validate=validate.OneOf(OWNER_KINDS))


class BudgetLineIn(Strict):
    year = fields.Integer(required=True, strict=True, validate=YEAR)
    amount = Money(required=True)


class PoolCreate(Strict):
    owner = fields.Nested(OwnerIn, required=True)
    name = text(limits.NAME, metadata={"example": "Rekrutterings- og samhandlingstilskudd 2024–2025"})
    fiscal_years = fields.List(fields.Integer(strict=True, validate=YEAR), required=True,
                               validate=validate.Length(min=1, max=10), metadata={"uniqueItems": True})
    amount = Money(required=True)
    year_amounts = fields.List(fields.Nested(BudgetLineIn), load_default=None, validate=validate.Length(min=1, max=10),
                               metadata={"description": "the money per fiscal year (each year once, summing to "
                                                        "`amount`); left out, any year may use all of it"})


class PoolIncrease(Strict):
    amount = Money(required=True)
    reason = text(limits.REASON, multiline=True, metadata={"example": "RNB 2024"})
    year = fields.Integer(load_default=None, strict=True, validate=YEAR,
                          metadata={"description": "the year whose money it adds to (a pool split by year)"})


class PoolYearIn(Strict):
    year = fields.Integer(required=True, strict=True, validate=YEAR, metadata={"example": 2027})
    amount = Money(required=True, metadata={"description": "the year's money"})
    reason = text(limits.REASON, multiline=True, metadata={"example": "Statsbudsjettet 2027"})


def _weight(value: Decimal) -> None:
    if not Decimal(0) < value <= Decimal(100):
        raise ValidationError("must be greater than 0 and at most 100")


class CriterionIn(Strict):
    id = text(limits.CRITERION_ID, metadata={"example": "effekt"})
    name = text(limits.TITLE, metadata={"example": "Forventet effekt på bærekraft"})
    weight = fields.Decimal(required=True, places=None, allow_nan=False, validate=_weight,
                            metadata={"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": 100,
                                      "example": 3})


class IndicatorIn(Strict):
    id = text(limits.CRITERION_ID, metadata={"example": "kombinerte-stillinger"})
    name = text(limits.NAME, metadata={"example": "Antall kombinerte stillinger"})
    unit = optional_text(limits.CRITERION_ID, multiline=False, metadata={"example": "stillinger"})


class SeriesIn(Strict):
    deadline_month = fields.Integer(required=True, strict=True, validate=validate.Range(1, 12),
                                    metadata={"example": 10})
    deadline_day = fields.Integer(required=True, strict=True, validate=validate.Range(1, 31), metadata={"example": 1})


class RoundCreate(FollowUpTerms, Strict):
    pool_id = fields.UUID(required=True)
    title = text(limits.TITLE, metadata={"example": "Utlysning 2025"})
    deadline = fields.Date(required=True, metadata={"example": "2025-03-01"})
    criteria = fields.List(fields.Nested(CriterionIn), required=True, validate=validate.Length(min=1, max=30))
    requires_own_contribution = StrictBoolean(required=True)
    open_to_outsiders = StrictBoolean(load_default=False, metadata={
        "description": "applicants need not be members of the health community they apply through"})
    call_text = optional_text(limits.CALL_TEXT, metadata={
        "description": "the call's own text: what is funded, for whom, how to apply (may be left out)"})
    budget_years = fields.List(fields.Integer(strict=True, validate=YEAR), load_default=list,
                               validate=validate.Length(max=10), metadata={
                                   "description": "the pool's years its grants are budgeted in (left out: all)"})
    series = fields.Nested(SeriesIn, load_default=None, metadata={
        "description": "a yearly series: the next round's deadline falls on this day (left out: a year on)"})
    indicators = fields.List(fields.Nested(IndicatorIn), load_default=list, validate=validate.Length(max=10),
                             metadata={"description": "the outcomes the measures should move; reports give values"})

    @validates_schema
    def _distinct_criteria(self, data: dict[str, Any], **kwargs: Any) -> None:
        ids = [c["id"].strip() for c in data.get("criteria", [])]
        if len(set(ids)) != len(ids):
            raise ValidationError("two criteria have the same id", "criteria")


class HealthCommunityIn(Strict):
    id = text(limits.ID, metadata={"example": "hf-lvs"})
    name = text(limits.NAME, metadata={"example": "Helsefellesskapet Lofoten, Vesterålen og Salten"})


class OrganisationIn(Strict):
    org_no = org_no()
    name = text(limits.NAME, metadata={"example": "Bodø kommune"})
    kind = fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))


class ContactIn(Strict):
    name = text(limits.NAME, metadata={"example": "Hilde Johansen"})
    email = EmailAddress(required=True)


class ApplicationContent(Strict):
    """What an applicant writes (all of it on submission; any of it in an amendment)."""

    health_community = fields.Nested(HealthCommunityIn, required=True)
    title = text(limits.TITLE, metadata={"example": "FACT-team for Salten"})
    summary = text(limits.SUMMARY, multiline=True)
    applicant = fields.Nested(OrganisationIn, required=True)
    partners = fields.List(fields.Nested(OrganisationIn), load_default=list, validate=validate.Length(max=50))
    priority_groups = fields.List(fields.String(validate=validate.OneOf(list(PRIORITY_GROUPS))),
                                  load_default=list, validate=validate.Length(max=len(PRIORITY_GROUPS)),
                                  metadata={"uniqueItems": True})
    requested_amount = Money(required=True)
    own_contribution = Money(allow_zero=True, load_default="0")
    budget = fields.List(fields.Nested(BudgetLineIn), load_default=list, validate=validate.Length(max=20))
    contact = fields.Nested(ContactIn, load_default=None, allow_none=True)
    contributions = fields.List(fields.Nested(ContributionIn), load_default=list, validate=validate.Length(max=100),
                                metadata={"description": "each party's own contribution; they sum to own_contribution"})
    lasting_operation = optional_text(limits.SUMMARY, metadata={"description": "the plan for lasting operation "
                                                                               "after the grant (varig drift)"})


class ApplicationSubmit(ApplicationContent):
    round_id = fields.UUID(required=True)


class ApplicationAmend(ApplicationContent):
    """Any submitted field but `round_id`; at least one. Load it with `partial=AMENDABLE`:
    each field may be left out, but one that is sent is whole (`partial=True` would let
    a partner without its `kind` through)."""

    @validates_schema
    def _something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError("name at least one field to change", "_schema")


class Reason(Strict):
    reason = text(limits.REASON, multiline=True)


class Screening(Strict):
    eligible = StrictBoolean(required=True)
    reason = text(limits.REASON, multiline=True)


class Scores(Strict):
    scores = fields.Dict(keys=fields.String(validate=[validate.Length(min=1, max=limits.CRITERION_ID),
                                                      StorableText(False)]),
                         values=fields.Integer(strict=True, validate=validate.Range(0, 5)), required=True,
                         metadata={"example": {"effekt": 4, "samarbeid": 3}})
    comment = optional_text(limits.COMMENT)


class Prioritisation(Strict):
    rank = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100000))
    recommended_amount = Money(required=True)


class Approval(Strict):
    amount = Money(required=True)
    conditions = optional_text(limits.CONDITIONS)
    decision_ref = text(limits.DECISION_REF, metadata={"example": "KU-sak 12/2025"})
    commitments = fields.List(fields.Nested(BudgetLineIn), load_default=None, validate=validate.Length(min=1, max=20),
                              metadata={"description": "the grant per fiscal year of the pool, summing to `amount`; "
                                                       "left out: the budget lines scaled to the amount"})
    reasons = optional_text(limits.REJECTION_REASONS, metadata={
        "description": "why less than requested is granted; required when `amount` is below the requested amount "
                       "(forvaltningsloven § 25)"})


class GrantAnswer(Strict):
    accept = StrictBoolean(required=True, metadata={"description": "true: the grant and its terms are accepted"})
    reason = optional_text(limits.REASON, metadata={"description": "required when the grant is declined"})


class Rejection(Strict):
    reasons = text(limits.REJECTION_REASONS, multiline=True)
    decision_ref = text(limits.DECISION_REF, metadata={"example": "KU-sak 13/2025",
                                                       "description": "the decision's case number"})


class AgreementIn(Strict):
    signed_on = fields.Date(required=True)
    parties = fields.List(org_no(), required=True, validate=validate.Length(min=1, max=50),
                          metadata={"uniqueItems": True})
    document_ref = optional_text(limits.DOCUMENT_REF, multiline=False, metadata={
        "description": "the signed agreement's archive reference; required unless `attachment` is given"})
    patient_responsibility = optional_text(limits.REASON, metadata={
        "description": "who is responsible for the patients in the measure, where relevant"})
    attachment = fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$"), load_default=None, metadata={
        "description": "SHA-256 of the signed agreement, already kept with the application"})


class Disbursement(Strict):
    amount = Money(required=True)
    payment_reference = text(limits.PAYMENT_REFERENCE, metadata={"example": "UTB-2025-0001"})


class Repayment(Strict):
    amount = Money(required=True)
    received_on = fields.Date(required=True, metadata={"description": "the day the money was received"})
    reference = text(limits.PAYMENT_REFERENCE, metadata={
        "example": "INNB-2026-0007", "description": "the bank's reference; the same one again records nothing"})


class NoticeIn(Strict):
    intent = fields.String(required=True, validate=validate.OneOf(INTENTS), metadata={
        "description": "what is intended: `reclaim` (claim money back) or `close` (close with less paid than "
                       "granted)"})
    text = text(limits.REJECTION_REASONS, multiline=True, metadata={"description": "what is intended, and why"})
    comment_by = fields.Date(required=True, metadata={"description": "the parties may comment until this day"})
    amount = Money(load_default=None, metadata={"description": "the amount intended, where there is one"})


class NoticeAnswerIn(Strict):
    answer = text(limits.COMMENT, multiline=True)


class ComplaintIn(Strict):
    text = text(limits.REJECTION_REASONS, multiline=True, metadata={
        "description": "the decision complained of, the change wanted, and why"})
    received_on = fields.Date(required=True, metadata={"description": "the day the complaint arrived"})
    attachments = fields.List(fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$")), load_default=list,
                              validate=validate.Length(max=20),
                              metadata={"description": "SHA-256 of files already kept with the application"})


class ReversalIn(Strict):
    amount = Money(required=True, metadata={"description": "what is now granted in all, more than before"})
    decision_ref = text(limits.DECISION_REF, metadata={"example": "KU-sak 20/2025"})
    reasons = text(limits.REJECTION_REASONS, multiline=True)
    conditions = optional_text(limits.CONDITIONS)


class ForwardingIn(Strict):
    statement = text(limits.REJECTION_REASONS, multiline=True, metadata={
        "description": "the body's statement to the klageinstans (the parties get a copy)"})


class AppealDecisionIn(Strict):
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    reasons = text(limits.REJECTION_REASONS, multiline=True)
    decision_ref = text(limits.DECISION_REF, metadata={"description": "the klageinstans's case number"})
    amount = Money(load_default=None, metadata={"description": "what is granted in all, when `reversed`"})


class Reclaim(Strict):
    amount = Money(required=True)
    due_on = fields.Date(required=True, metadata={"description": "when the money must be repaid"})
    reason = text(limits.REASON, multiline=True)


#: The fields an amendment may leave out: the top level only, never inside one.
AMENDABLE: tuple[str, ...] = tuple(ApplicationContent._declared_fields)


def application_content(body: dict[str, Any]) -> dict[str, Any]:
    """Request fields as the domain's value objects."""
    makers: dict[str, Any] = {
        "health_community": lambda v: HealthCommunity(**v),
        "applicant": lambda v: Organisation(**v),
        "partners": lambda v: [Organisation(**p) for p in v],
        "budget": lambda v: [BudgetLine(line["year"], line["amount"]) for line in v],
        "contact": lambda v: None if v is None else Contact(**v),
        "contributions": lambda v: [Contribution(c["org_no"], c["kind"], c["amount"]) for c in v],
    }
    return {name: makers[name](value) if name in makers else value for name, value in body.items()}
