"""Use cases of people and their access: register people, grant and revoke memberships,
issue and revoke personal tokens; and who a token is."""

from __future__ import annotations

import secrets
from datetime import timedelta
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, project_aggregate

from application.aggregate_cache import AggregateCache
from application.base import Outcome, utc_now
from application.registry import RegistryUseCases
from application.retrying import retrying
from domain.access import AccessToken, token_id
from domain.errors import NotFound, NotPermitted
from domain.membership import ALL_OWNERS, Membership
from domain.person import TOKEN_LIFETIME, Person, PersonalToken
from domain.roles import ROLES, Role
from domain.values import Actor


def new_secret() -> str:
    """A fresh bearer token: 256 random bits. Only its hash reaches the store."""
    return "tsk_" + secrets.token_urlsafe(32)


class AccessUseCases(RegistryUseCases):
    """People, memberships and bearer tokens."""

    @retrying
    def register_person(self, name: str, email: str | None, actor: Actor) -> Outcome[Person]:
        """Register a person, or find the one registered with that e-mail (else name)."""
        found = self._person_or_none(Person.id_for(name, email.lower() if email else None))
        if found is not None:
            return Outcome(found, None, created=False)
        person = Person.register(name, email, actor, self.now())
        return Outcome(person, self._save(person))

    @retrying
    def grant_membership(self, person_id: UUID | str, membership: Membership, actor: Actor) -> Outcome[Person]:
        """Give a person a membership (held already: nothing recorded)."""
        person = self.get_person(person_id)
        version = person.version
        self.registry().check_membership(membership)
        person.grant(membership, actor, self.now())
        return Outcome(person, self._save(person) if person.version != version else None)

    @retrying
    def choose_notices(self, person_id: UUID | str, on: bool, actor: Actor) -> Outcome[Person]:
        """Turn a person's e-mail notices on or off (the person, or admin); as it was
        already: nothing recorded."""
        person = self.get_person(person_id)
        changed = person.choose_notices(on, actor, self.now())
        return Outcome(person, self._save(person) if changed else None)

    @retrying
    def revoke_membership(self, person_id: UUID | str, membership_id: str, actor: Actor,
                          reason: str | None = None) -> Outcome[Person]:
        """Take a membership away, saying why; its tokens stop working at once."""
        person = self.get_person(person_id)
        person.revoke_membership(membership_id, actor, self.now(), reason)
        return Outcome(person, self._save(person))

    @retrying
    def issue_personal_token(self, person_id: UUID | str, *, membership_id: str, name: str, actor: Actor,
                             lifetime: timedelta = TOKEN_LIFETIME) -> tuple[str, Outcome[PersonalToken]]:
        """A new token for one of the person's memberships; returns the secret (shown once)."""
        person = self.get_person(person_id)
        secret, at = new_secret(), self.now()
        index = AccessToken.issue_to(secret, person.id, actor, at)
        token = person.issue_token(str(index.id), name, membership_id, lifetime, actor, at, utc_now())
        return secret, Outcome(token, self._save(person, index))

    @retrying
    def revoke_personal_token(self, person_id: UUID | str, token_ref: str, actor: Actor) -> Outcome[Person]:
        """Revoke one of a person's tokens by its id."""
        person = self.get_person(person_id)
        person.revoke_token(token_ref, actor, self.now())
        return Outcome(person, self._save(person))

    def issue_token(self, role: str, actor: Actor, holder: str | None = None, org_no: str | None = None,
                    community_id: str | None = None, owner_id: str | None = None,
                    email: str | None = None, lifetime: timedelta = TOKEN_LIFETIME, name: str | None = None,
                    ) -> tuple[str, Outcome[PersonalToken]]:
        """The operator's `grants token create`: find or create the person (by e-mail, else
        by name), give them this membership if they lack it, and issue a token for it.
        `org_no` is the applicant's organisation, or any other member's employer. Finance
        and committee without an owner get every owner (the operator's scope)."""
        scope = Role(role).scope if role in ROLES else None
        if owner_id is None and scope is not None and scope.field == "owner_id" and scope.required:
            owner_id = ALL_OWNERS
        applicant = scope is not None and scope.field == "org_no"  # for anyone else: their employer
        membership = Membership.of(role, org_no=org_no if applicant else None, community_id=community_id,
                                   owner_id=owner_id, employer_org_no=None if applicant else org_no)
        self.registry().check_membership(membership)  # before anyone is registered for it
        person = self.register_person(holder or role, email, actor).value
        self.grant_membership(person.id, membership, actor)
        return self.issue_personal_token(person.id, membership_id=membership.id,
                                         name=name or f"Nøkkel for {Role(role).label}", actor=actor, lifetime=lifetime)

    @retrying
    def revoke_tokens_named(self, person_id: UUID | str, name: str, actor: Actor) -> Outcome[Person]:
        """Revoke every live token of the person with this name (`grants demo` replaces its own)."""
        person = self.get_person(person_id)
        for token in list(person.tokens.values()):
            if token.name == name and not token.revoked:
                person.revoke_token(token.id, actor, self.now())
        return Outcome(person, self._save(person) if person.pending_events else None)

    @retrying
    def revoke_token(self, token: str, actor: Actor) -> Outcome[AccessToken] | Outcome[Person]:
        """Revoke a token so that it no longer authenticates."""
        record = self._token(token)
        if record.person_id is not None:
            return self.revoke_personal_token(record.person_id, str(record.id), actor)
        record.revoke(actor, self.now())
        return Outcome(record, self._save(record))

    #: Set by `cache_access` (a web process): token and person records kept until their events change.
    access_cache: AggregateCache | None = None

    def cache_access(self) -> None:
        """Keep the records that authentication reads in this process, fresh as of the log
        head each caller passes (see `application.aggregate_cache`)."""
        self.access_cache = AggregateCache(self.recorder, self._from_events)

    def authenticate(self, token: str, head: int | None = None) -> Actor:
        """The person acting through a token; `NotFound` for an unknown, revoked or expired
        token, or one whose membership is gone.

        Expiry is wall-clock time, whatever clock the grant events run on. Every API
        request asks this, so the few events of the token and of its person are
        read directly: the repository would first look for a snapshot (one more query).
        With `head` (the log's last position, just read) and `cache_access`, the records
        come from the process's cache, fresh as of `head`."""
        return self.authenticate_ref(token_id(token), head)

    def authenticate_ref(self, token_ref: UUID, head: int | None = None) -> Actor:
        """Like `authenticate`, for the token's record id (what a page session keeps)."""
        record = self._cached(token_ref, head)
        if not isinstance(record, AccessToken):
            raise NotFound("unknown token")
        if record.person_id is None:  # a token from before people were registered
            if record.revoked:
                raise NotFound("the token has been revoked")
            return record.as_actor()
        person = self._cached(record.person_id, head)
        if not isinstance(person, Person):
            raise NotFound("unknown token")
        try:
            return person.acting_through(str(record.id), utc_now())
        except NotPermitted as refused:
            raise NotFound(str(refused)) from None

    def acting_as(self, person_id: UUID | str, membership_id: str, head: int | None = None) -> Actor:
        """The person acting in one of their memberships (a page session); `NotFound`
        once the membership is revoked."""
        person = self._cached(UUID(str(person_id)), head)
        if not isinstance(person, Person):
            raise NotFound("unknown person")
        return person.acting_as(membership_id)

    def _cached(self, aggregate_id: UUID, head: int | None) -> object | None:
        if self.access_cache is None or head is None:
            return self._from_events(aggregate_id)
        return self.access_cache.get(aggregate_id, head)

    def _from_events(self, aggregate_id: UUID) -> object | None:
        """An aggregate projected from its events (None without any)."""
        return project_aggregate(None, self.events.get(aggregate_id))

    def get_person(self, person_id: UUID | str) -> Person:
        """A registered person; `NotFound` otherwise."""
        return self._get(Person, person_id, "person")

    def _person_or_none(self, person_id: UUID) -> Person | None:
        try:
            return self.get_person(person_id)
        except NotFound:
            return None

    def _token(self, token: str) -> AccessToken:
        try:
            record: object = self.repository.get(token_id(token))
        except AggregateNotFoundError:
            raise NotFound("unknown token") from None
        if not isinstance(record, AccessToken):
            raise NotFound("unknown token")
        return record
