"""How people read a status or a role (bokmål)."""

from __future__ import annotations

from domain.roles import Role
from domain.statuses import Status


def label_of(kind: type[Status] | type[Role], value: str) -> str:
    """The bokmål label of a status or a role; an unknown value as it was stored."""
    try:
        return kind(value).label
    except ValueError:
        return value
