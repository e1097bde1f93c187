"""Who decides, on whose recommendation, and where a complaint goes: the legal
decision-maker behind a pool's decisions, read from the registry.

An RHF decides its own pools; its decisions are complained of to the ministry. A health
community "er ikke et myndighetsorgan": the decision on its pool is the hospital
trust's (the community's member hospital trust) on the community's recommendation, and a
complaint of it goes to the trust's RHF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from domain.registry import Registry
from domain.values import HOSPITAL_TRUST

#: The klageinstans for decisions an RHF makes itself.
MINISTRY: Final = "Helse- og omsorgsdepartementet"


@dataclass(frozen=True)
class Authority:
    """The legal decision-maker, the body that recommended (None when the decision-maker
    decides on its own), and the klageinstans, each by name."""

    decides: str
    recommends: str | None
    klageinstans: str


def authority_of(owner_id: str, owner_name: str, registry: Registry | None) -> Authority:
    """The authority behind the decisions on a pool owned by `owner_id` (`owner_name` as
    the pool records it, when the registry does not know the owner)."""
    if registry is None:
        return Authority(owner_name, None, MINISTRY)
    owner = registry.owners.get(owner_id)
    if owner is None or owner.kind == "rhf":
        return Authority(owner_name, None, MINISTRY)
    region = registry.owners.get(owner.region or "")
    community = registry.communities.get(owner.id)
    trusts = [m.name for m in community.members if m.kind == HOSPITAL_TRUST] if community is not None else []
    if trusts and region is not None:
        return Authority(trusts[0], owner.name, region.name)
    return Authority(region.name if region is not None else owner.name, owner.name, MINISTRY)
