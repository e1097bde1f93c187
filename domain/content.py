"""What an applicant writes in an application, and its validation (shared by submit and amend)."""

from __future__ import annotations

from typing import Any, Final

from domain import text
from domain.errors import InvalidAmount, InvalidInput
from domain.money import ZERO, non_negative_money, positive_money
from domain.text import require_text
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
    "requested_amount", "own_contribution", "budget", "contact",
)
_SEQUENCES: Final = ("partners", "priority_groups", "budget")


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
