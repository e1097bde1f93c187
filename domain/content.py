"""What an applicant writes in an application, and its validation (shared by submit and amend)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from domain import text
from domain.errors import InvalidAmount, InvalidInput
from domain.money import ZERO, non_negative_money, positive_money
from domain.text import optional_text, require_text
from domain.values import (
    PRIORITY_GROUPS,
    BudgetLine,
    Contact,
    HealthCommunity,
    Organisation,
)

#: The fields an applicant submits and may amend (everything but the round).
CONTENT_FIELDS: Final = (
    "health_community", "title", "summary", "applicant", "partners", "priority_groups",
    "requested_amount", "own_contribution", "budget", "contact", "contributions", "lasting_operation",
)
#: Fields added later: absent from older applications, which read as these.
LATER_FIELDS: Final[dict[str, Any]] = {"contributions": (), "lasting_operation": ""}
_SEQUENCES: Final = ("partners", "priority_groups", "budget", "contributions")
CASH, IN_KIND = "cash", "in_kind"


@dataclass(frozen=True)
class Contribution:
    """What one party (the applicant or a partner) puts into the project itself: money
    (`cash`) or work and other resources valued in kroner (`in_kind`, *egeninnsats*)."""

    org_no: str
    kind: str
    amount: Decimal


def normalised(name: str, value: Any) -> Any:
    """Sequences are kept as tuples, whatever the event store hands back."""
    return tuple(value) if name in _SEQUENCES and value is not None else value


def check_content(content: dict[str, Any], requires_own_contribution: bool) -> dict[str, Any]:
    """Validate a complete application content; return it with normalised values."""
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise InvalidInput(min(unknown), "is not a field of an application")
    applicant = _organisation(content.get("applicant"), "applicant")
    partners = tuple(
        _organisation(p, f"partners[{i}]") for i, p in enumerate(_sequence(content.get("partners", ()), "partners"))
    )
    org_nos = [applicant.org_no, *(p.org_no for p in partners)]
    if len(set(org_nos)) != len(org_nos):
        raise InvalidInput("partners", "an organisation is listed twice (or also as the applicant)")
    requested = positive_money(content.get("requested_amount"), "requested_amount")
    own = non_negative_money(content.get("own_contribution", "0"), "own_contribution")
    if requires_own_contribution and own <= ZERO:
        raise InvalidAmount("own_contribution", "this round requires an own contribution greater than 0")
    health_community = content.get("health_community")
    if not isinstance(health_community, HealthCommunity):
        raise InvalidInput("health_community", "is required")
    contact = content.get("contact")
    if contact is not None and not isinstance(contact, Contact):
        raise InvalidInput("contact", "must be a name and an e-mail address")
    return {
        "health_community": health_community.validated(),
        "title": require_text(content.get("title"), "title", text.TITLE),
        "summary": require_text(content.get("summary"), "summary", text.SUMMARY, multiline=True),
        "applicant": applicant,
        "partners": partners,
        "priority_groups": _priority_groups(content.get("priority_groups", ())),
        "requested_amount": requested,
        "own_contribution": own,
        "budget": _budget(content.get("budget", ())),
        "contact": contact.validated() if contact else None,
        "contributions": _contributions(content.get("contributions", ()), org_nos, own),
        "lasting_operation": optional_text(content.get("lasting_operation"), "lasting_operation",
                                           text.SUMMARY, multiline=True),
    }


def _sequence(value: object, field: str) -> tuple[Any, ...]:
    if not isinstance(value, (list, tuple)):
        raise InvalidInput(field, "must be a list")
    return tuple(value)


def _organisation(value: object, field: str) -> Organisation:
    if not isinstance(value, Organisation):
        raise InvalidInput(field, "must be an organisation with org_no, name and kind")
    return value.validated(field)


def _priority_groups(value: object) -> tuple[str, ...]:
    groups = _sequence(value, "priority_groups")
    for group in groups:
        if group not in PRIORITY_GROUPS:
            raise InvalidInput("priority_groups", f"{group!r} is not one of {', '.join(PRIORITY_GROUPS)}")
    if len(set(groups)) != len(groups):
        raise InvalidInput("priority_groups", "lists a group twice")
    return groups


def _contributions(value: object, parties: list[str], own: Decimal) -> tuple[Contribution, ...]:
    """Each party's own contribution; together they are the own contribution stated."""
    found = []
    for i, item in enumerate(_sequence(value, "contributions")):
        if not isinstance(item, Contribution):
            raise InvalidInput(f"contributions[{i}]", "must be an organisation number, a kind and an amount")
        if item.org_no not in parties:
            raise InvalidInput(f"contributions[{i}].org_no", "must be the applicant or one of the partners")
        if item.kind not in (CASH, IN_KIND):
            raise InvalidInput(f"contributions[{i}].kind", f"must be {CASH} or {IN_KIND}")
        found.append(Contribution(item.org_no, item.kind, positive_money(item.amount, f"contributions[{i}].amount")))
    if len({(c.org_no, c.kind) for c in found}) != len(found):
        raise InvalidInput("contributions", "lists a party's cash or in-kind contribution twice")
    if found and sum((c.amount for c in found), ZERO) != own:
        raise InvalidAmount("own_contribution", f"the parties' contributions sum to "
                                                f"{sum((c.amount for c in found), ZERO)} NOK, not {own} NOK")
    return tuple(found)


def _budget(value: object) -> tuple[BudgetLine, ...]:
    lines = _sequence(value, "budget")
    checked = []
    for i, line in enumerate(lines):
        if not isinstance(line, BudgetLine):
            raise InvalidInput(f"budget[{i}]", "must be a year and an amount")
        if isinstance(line.year, bool) or not isinstance(line.year, int) or not 2000 <= line.year <= 2100:
            raise InvalidInput(f"budget[{i}].year", f"{line.year!r} is not a year")
        checked.append(BudgetLine(line.year, positive_money(line.amount, f"budget[{i}].amount")))
    if len({line.year for line in checked}) != len(checked):
        raise InvalidInput("budget", "lists a year twice")
    return tuple(checked)
