"""Outcome indicators (*resultatindikatorer*): what the measures moved, as their reports
give it — summed per priority group and per health community, what a regional health
authority reports on to the ministry. Each grant counts with its latest report that gives
values (an accepted report before one only received); a grant in several priority groups
counts in each of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from domain.values import PRIORITY_GROUPS
from readmodels import listing
from readmodels.applications import ApplicationsView


@dataclass(frozen=True)
class IndicatorName:
    """An indicator as the rounds name it."""

    id: str
    name: str
    unit: str


@dataclass
class OutcomeRow:
    """One priority group's or health community's sums."""

    label: str
    grants: int = 0
    values: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Outcomes:
    """The indicators, and the sums per priority group and per health community."""

    indicators: list[IndicatorName]
    by_priority_group: list[OutcomeRow]
    by_community: list[OutcomeRow]
    grants: int

    def largest(self, indicator_id: str) -> Decimal:
        """The largest sum of an indicator over the priority groups (for a chart's scale)."""
        return max((row.values.get(indicator_id, Decimal(0)) for row in self.by_priority_group), default=Decimal(0))


#: How many applications are read at a time: memory stays flat however many there are.
PAGE_SIZE = 50


def _documents(connection: Connection, view: ApplicationsView, owner: str | None) -> Iterator[dict[str, Any]]:
    after = None
    while True:
        page = listing.applications(connection, view, PAGE_SIZE, after, owner=owner)
        yield from page.items
        if page.after is None:
            return
        after = page.after


def reported_values(document: dict[str, Any]) -> dict[str, Decimal] | None:
    """The values of the grant's latest report that gives any (accepted first)."""
    reports = [r for r in document.get("reports", []) if r.get("indicator_values")]
    if not reports:
        return None
    latest = max(reports, key=lambda r: (r["status"] == "accepted", r.get("received_at") or ""))
    return {key: Decimal(value) for key, value in latest["indicator_values"].items()}


def outcomes(connection: Connection, view: ApplicationsView, owner: str | None = None) -> Outcomes:
    """The outcome indicators of the rounds of `owner`'s pools (every owner's: None)."""
    names: dict[str, IndicatorName] = {}
    for round_ in listing.rounds(connection, view):
        for indicator in round_.get("indicators", []):
            names.setdefault(indicator["id"], IndicatorName(indicator["id"], indicator["name"], indicator["unit"]))
    groups: dict[str, OutcomeRow] = {}
    communities: dict[str, OutcomeRow] = {}
    grants = 0
    for row in _documents(connection, view, owner):
        values = reported_values(row["document"])
        if values is None:
            continue
        grants += 1
        document = row["document"]
        targets = [groups.setdefault(g, OutcomeRow(PRIORITY_GROUPS.get(g, g))) for g in document["priority_groups"]]
        community = document["health_community"]
        targets.append(communities.setdefault(community["id"], OutcomeRow(community["name"])))
        for target in targets:
            target.grants += 1
            for key, value in values.items():
                target.values[key] = target.values.get(key, Decimal(0)) + value
    used = {key for row in (*groups.values(), *communities.values()) for key in row.values}
    return Outcomes([names.get(key, IndicatorName(key, key, "")) for key in sorted(used, key=lambda k: (
        list(names).index(k) if k in names else len(names), k))],
        sorted(groups.values(), key=lambda r: r.label), sorted(communities.values(), key=lambda r: r.label), grants)
