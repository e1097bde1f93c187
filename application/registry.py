"""Use cases of the operator on registered organisations: owners and health communities."""

from __future__ import annotations

from eventsourcing.application import AggregateNotFoundError

from application.base import GrantsBase, Outcome
from application.retrying import retrying
from domain.registry import REGISTRY_ID, Community, RegisteredOwner, Registry
from domain.values import SYSTEM_ACTOR, Actor, Organisation


class RegistryUseCases(GrantsBase):
    """Register owners and communities, and change a community's members (admin)."""

    def registry(self, actor: Actor | None = None) -> Registry:
        """The registry as it stands; an empty one (not yet stored) before the first
        registration, started by `actor` when given."""
        try:
            found: object = self.repository.get(REGISTRY_ID)
        except AggregateNotFoundError:
            return Registry.start(actor or SYSTEM_ACTOR, self.now())
        assert isinstance(found, Registry)
        return found

    def read_registry(self) -> Registry:
        """The registry as it stands, to be read and never changed: the process's cached
        aggregate itself, not a copy (see `GrantsBase.read_round`)."""
        try:
            found: object = self.repository.get(REGISTRY_ID, deepcopy_from_cache=False)
        except AggregateNotFoundError:
            return Registry.start(SYSTEM_ACTOR, self.now())
        assert isinstance(found, Registry)
        return found

    @retrying
    def register_owner(self, owner: RegisteredOwner, actor: Actor) -> Outcome[RegisteredOwner]:
        """Register an owner; the same details again record nothing (`created=False`)."""
        registry = self.registry(actor)
        created = registry.register_owner(owner, actor, self.now())
        return Outcome(registry.owner(owner.id), self._save(registry) if created else None, created=created)

    @retrying
    def register_community(self, community: Community, actor: Actor) -> Outcome[Community]:
        """Register a health community with its members; the same again records nothing."""
        registry = self.registry(actor)
        created = registry.register_community(community, actor, self.now())
        return Outcome(registry.community(community.id), self._save(registry) if created else None, created=created)

    @retrying
    def change_members(self, community_id: str, added: tuple[Organisation, ...], removed: tuple[str, ...],
                       actor: Actor) -> Outcome[Community]:
        """Add and remove members of a health community."""
        registry = self.registry(actor)
        registry.change_members(community_id, added, removed, actor, self.now())
        return Outcome(registry.community(community_id), self._save(registry))
