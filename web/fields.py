"""Marshmallow fields for the HTTP edge: money as strings, non-blank text, org numbers.

Each field's OpenAPI description says exactly what it accepts, so a client (or a
fuzzer) that follows the document is never refused for a reason it could not see.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate

from domain.errors import InvalidAmount
from domain.money import MAX_AMOUNT, non_negative_money, positive_money
from domain.text import EMAIL, FILTER, pattern, text_fault
from domain.values import email_fault

#: Digits before the decimal point that an amount in a request may have (below MAX_AMOUNT).
_DIGITS = len(str(int(MAX_AMOUNT))) - 2
#: A positive NOK amount with at most two decimals, as a string: "2500000", "0.50".
MONEY_PATTERN = rf"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{{0,{_DIGITS}}}(\.[0-9]{{1,2}})?)$"
#: Like MONEY_PATTERN, and zero too (an own contribution may be nothing).
MONEY_OR_ZERO_PATTERN = rf"^(0|0\.00?|0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{{0,{_DIGITS}}}(\.[0-9]{{1,2}})?)$"
ORG_NO_PATTERN = r"^[0-9]{9}$"
#: A NOK amount in an answer: two decimals, zero or more, of any size.
AMOUNT_PATTERN = r"^(0|[1-9][0-9]*)\.[0-9]{2}$"


class _Nok(fields.Field[Decimal]):
    """A NOK amount written as a string with two decimals."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return f"{Decimal(value):.2f}"


class Money(_Nok):
    """A NOK amount in a request: a JSON string in the form the OpenAPI document gives
    (at most two decimals); its value is the domain's to judge (`domain.money`), so a
    refusal reads the same wherever an amount arrives. A JSON number is refused: no floats."""

    def __init__(self, allow_zero: bool = False, **kwargs: Any) -> None:
        pattern = MONEY_OR_ZERO_PATTERN if allow_zero else MONEY_PATTERN
        metadata = {"type": "string", "pattern": pattern, "example": "2500000.00",
                    "description": "NOK as a string, at most two decimals" + ("" if allow_zero else ", above zero")}
        metadata.update(kwargs.pop("metadata", {}))
        super().__init__(metadata=metadata, **kwargs)
        self._pattern = re.compile(pattern)
        self._parse = non_negative_money if allow_zero else positive_money
        self._refusal = ("must be a NOK amount of zero or more" if allow_zero else
                         "must be a NOK amount above zero") + " with at most two decimals, e.g. \"2500000.50\""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if not isinstance(value, str):
            raise ValidationError("must be a string such as \"2500000.00\" (a JSON number is not accepted)")
        if not value.strip():
            raise ValidationError("Field may not be blank.")
        if not self._pattern.fullmatch(value):
            raise ValidationError(self._refusal)
        try:
            return self._parse(value, attr or "amount")
        except InvalidAmount as error:
            raise ValidationError(error.message) from None


class Amount(_Nok):
    """A NOK amount in an answer: a string with exactly two decimals. Unlike `Money`
    it has no upper bound — an owner's sum over pools, or a pool increased many times,
    may exceed what one request may state."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"type": "string", "pattern": AMOUNT_PATTERN, "example": "90000000.00",
                    "description": "NOK as a string with two decimals"}
        metadata.update(kwargs.pop("metadata", {}))
        super().__init__(metadata=metadata, dump_only=True, **kwargs)


class StorableText:
    """The domain's text rule as a marshmallow validator (domain.text). At the API a
    carriage return is refused too, so the rule is exactly the documented pattern."""

    def __init__(self, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, value: str) -> str:
        fault = text_fault(value, self.multiline)
        if fault is not None:
            raise ValidationError(fault)
        return value


def text(max_length: int, multiline: bool = False, **kwargs: Any) -> fields.String:
    """A required text with at least one visible character and at most `max_length`
    (a limit from domain.text), holding only characters the domain may store."""
    return fields.String(
        required=kwargs.pop("required", True),
        validate=[validate.Length(min=1, max=max_length), StorableText(multiline),
                  validate.Regexp(pattern(multiline, non_blank=True), error="must not be blank")],
        **kwargs)


def optional_text(max_length: int, multiline: bool = True, **kwargs: Any) -> fields.String:
    """A text that may be empty or left out."""
    return fields.String(load_default="", validate=[validate.Length(max=max_length), StorableText(multiline),
                                                    validate.Regexp(pattern(multiline))], **kwargs)


def filter_text(**kwargs: Any) -> fields.String:
    """A query filter: a single-line text the domain could have stored (else 422)."""
    return fields.String(validate=[validate.Length(min=1, max=FILTER), StorableText(False),
                                   validate.Regexp(pattern())], **kwargs)


class StrictBoolean(fields.Boolean):
    """JSON true or false, and nothing else (not 0, 1, "true" or "yes")."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if type(value) is not bool:
            raise ValidationError("must be true or false")
        return value


def org_no(**kwargs: Any) -> fields.String:
    """A Norwegian organisation number: 9 digits (the mod-11 check is the domain's)."""
    return fields.String(required=kwargs.pop("required", True),
                         validate=validate.Regexp(ORG_NO_PATTERN, error="must be 9 digits"),
                         metadata={"example": "972418013"}, **kwargs)


class EmailAddress(fields.Email):
    """One e-mail address (`format: email` in the document), checked by the domain's
    rule (`domain.values.require_email`, stricter than marshmallow's, which it
    replaces): the same rule for a person's address and an application's contact, at
    the API, on the pages and on the command line."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"maxLength": EMAIL, "example": "kari.nordmann@helse-nord.no",
                    "description": "one address: no spaces, commas or other separators"}
        metadata.update(kwargs.pop("metadata", {}))
        super().__init__(metadata=metadata, **kwargs)
        self.validators = [validate.Length(max=EMAIL), StorableText(False), _one_address]


def _one_address(value: str) -> str:
    fault = email_fault(value)
    if fault is not None:
        raise ValidationError("Not a valid email address: " + fault)
    return value
