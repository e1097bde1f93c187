"""Registry: the registered owners of money (the four RHFs, health communities that own
money) and the health communities with their member municipalities and hospital trusts.
One small aggregate, changed by admin only, read by every command that must check an
owner or a community."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import NAMESPACE_URL, uuid5

from domain import text
from domain.base import GrantAggregate
from domain.errors import InvalidInput, NotAMember, NotFound, NotRegistered, OutsideRegion, RegisteredDifferently
from domain.membership import ALL_OWNERS, Membership
from domain.orgno import require_org_no
from domain.text import require_text
from domain.values import ADMIN, OWNER_KINDS, Actor, Organisation, Owner

REGISTRY_ID: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:registry")


@dataclass(frozen=True)
class RegisteredOwner:
    """An owner of money: an RHF (`region` None: it is a region), or a health community
    that owns money, with its RHF as `region`."""

    id: str
    name: str
    kind: str
    region: str | None = None
    org_no: str | None = None

    @property
    def as_owner(self) -> Owner:
        """The owner as a pool records it."""
        return Owner(self.id, self.name, self.kind)

    @property
    def region_id(self) -> str:
        """The RHF whose region this owner belongs to (an RHF is its own)."""
        return self.region or self.id


@dataclass(frozen=True)
class Community:
    """A health community (helsefellesskap) of one region, with its members."""

    id: str
    name: str
    region: str
    members: tuple[Organisation, ...] = ()

    def has_member(self, org_no: str) -> bool:
        """Whether the organisation is one of the community's members."""
        return any(m.org_no == org_no for m in self.members)


class Registry(GrantAggregate):
    """Every registered owner and health community."""

    class Started(GrantAggregate.Created):
        def apply(self, registry: Registry) -> None:
            registry.owners, registry.communities = {}, {}

    class OwnerRegistered(GrantAggregate.Event):
        owner: RegisteredOwner

        def apply(self, registry: Registry) -> None:
            registry.owners[self.owner.id] = self.owner

    class CommunityRegistered(GrantAggregate.Event):
        community: Community

        def apply(self, registry: Registry) -> None:
            registry.communities[self.community.id] = self.community

    class MembersChanged(GrantAggregate.Event):
        community_id: str
        added: tuple[Organisation, ...]
        removed: tuple[str, ...]

        def apply(self, registry: Registry) -> None:
            old = registry.communities[self.community_id]
            kept = tuple(m for m in old.members if m.org_no not in self.removed and m not in self.added)
            members = tuple(sorted((*kept, *self.added), key=lambda m: m.name))
            registry.communities[self.community_id] = Community(old.id, old.name, old.region, members)

    owners: dict[str, RegisteredOwner]
    communities: dict[str, Community]

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @classmethod
    def start(cls, actor: Actor, at: datetime) -> Registry:
        """The empty registry (made on the first registration)."""
        return cls._create(cls.Started, id=REGISTRY_ID, timestamp=at, actor=actor)

    def register_owner(self, owner: RegisteredOwner, actor: Actor, at: datetime) -> bool:
        """Register an owner (admin). The same details again: nothing recorded (False)."""
        actor.require_role(ADMIN)
        checked = RegisteredOwner(
            require_text(owner.id, "id", text.ID), require_text(owner.name, "name", text.NAME), owner.kind,
            None if owner.region is None else require_text(owner.region, "region", text.ID),
            None if owner.org_no is None else require_org_no(owner.org_no, "org_no"))
        if checked.kind not in OWNER_KINDS:
            raise InvalidInput("kind", f"must be one of {', '.join(OWNER_KINDS)}")
        if (checked.kind == "rhf") != (checked.region is None):
            raise InvalidInput("region", "an RHF has no region; a health community names its RHF")
        if checked.region is not None:
            self._check_region(checked.region)
        return self._register(self.owners, checked, self.OwnerRegistered, "owner", actor, at)

    def register_community(self, community: Community, actor: Actor, at: datetime) -> bool:
        """Register a health community of a region with its members (admin)."""
        actor.require_role(ADMIN)
        self._check_region(community.region)
        checked = Community(require_text(community.id, "id", text.ID), require_text(community.name, "name", text.NAME),
                            community.region, _members(community.members))
        return self._register(self.communities, checked, self.CommunityRegistered, "community", actor, at)

    def change_members(self, community_id: str, added: tuple[Organisation, ...], removed: tuple[str, ...],
                       actor: Actor, at: datetime) -> None:
        """Add and remove members of a community (admin)."""
        actor.require_role(ADMIN)
        self.community(community_id)
        checked = _members(added)
        gone = tuple(require_org_no(org_no, f"remove[{i}]") for i, org_no in enumerate(removed))
        if not checked and not gone:
            raise InvalidInput("body", "add or remove at least one member")
        self._record(self.MembersChanged, at, actor, community_id=community_id, added=checked, removed=gone)

    # -- what commands check -------------------------------------------------------------
    def owner(self, owner_id: str) -> RegisteredOwner:
        """A registered owner; `NotFound` otherwise."""
        try:
            return self.owners[owner_id]
        except KeyError:
            raise NotFound(f"no registered owner {owner_id!r}") from None

    def community(self, community_id: str) -> Community:
        """A registered health community; `NotFound` otherwise."""
        try:
            return self.communities[community_id]
        except KeyError:
            raise NotFound(f"no registered health community {community_id!r}") from None

    def check_owner(self, owner_id: str, field: str = "owner.id") -> RegisteredOwner:
        """The registered owner a pool names; `NotRegistered` otherwise."""
        if owner_id not in self.owners:
            raise NotRegistered(f"{field}: {owner_id!r} is not a registered owner (the operator registers owners)")
        return self.owners[owner_id]

    def check_membership(self, membership: Membership) -> None:
        """A membership's community and owner must be registered (`ALL_OWNERS` aside)."""
        if membership.community_id is not None and membership.community_id not in self.communities:
            raise NotRegistered(f"community_id: {membership.community_id!r} is not a registered health community")
        owner = membership.owner_id
        if owner is not None and owner != ALL_OWNERS:
            self.check_owner(owner, "owner_id")

    def place(self, owner_id: str, community_id: str, applicant_org_no: str,
              open_to_outsiders: bool = False) -> Community:
        """Where an application to a pool of `owner_id` belongs: a registered community of
        the owner's region, of which its applicant is a member (unless the round is open
        to applicants from outside)."""
        if community_id not in self.communities:
            raise NotRegistered(f"health_community.id: {community_id!r} is not a registered health community")
        community = self.communities[community_id]
        if community.region != self.check_owner(owner_id, "the pool's owner").region_id:
            raise OutsideRegion(f"{community.name} is not a health community of this pool's region")
        if not open_to_outsiders and not community.has_member(applicant_org_no):
            raise NotAMember(f"organisation {applicant_org_no} is not a member of {community.name}")
        return community

    def _check_region(self, region: str) -> None:
        if region not in self.owners or self.owners[region].kind != "rhf":
            raise InvalidInput("region", f"{region!r} is not a registered RHF")

    def _register(self, table: dict[str, RegisteredOwner] | dict[str, Community], entry: RegisteredOwner | Community,
                  event: type[GrantAggregate.Event], field: str, actor: Actor, at: datetime) -> bool:
        known = table.get(entry.id)
        if known == entry:
            return False
        if known is not None:
            raise RegisteredDifferently(f"{entry.id!r} is registered already as {known.name}")
        self._record(event, at, actor, **{field: entry})
        return True


def _members(members: tuple[Organisation, ...]) -> tuple[Organisation, ...]:
    if len(members) > text.MEMBERS:
        raise InvalidInput("members", f"at most {text.MEMBERS} at a time")
    checked = tuple(m.validated(f"members[{i}]") for i, m in enumerate(members))
    if len({m.org_no for m in checked}) != len(checked):
        raise InvalidInput("members", "lists an organisation twice")
    return checked

