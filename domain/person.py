"""Person: someone who acts in Tilskudd, the memberships (role + scope) they hold, and
the personal API tokens they act through. Rules about "the same person" compare the
person's id, whichever token or membership they use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import text
from domain.base import GrantAggregate
from domain.errors import InvalidInput, NotFound, NotPermitted, WrongStatus
from domain.membership import Membership
from domain.text import require_text
from domain.values import ADMIN, Actor, require_email

_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:person")
#: How long a personal API token lives unless its holder asks for less.
TOKEN_LIFETIME: Final = timedelta(days=90)
#: The longest a token may be asked to live.
MAX_TOKEN_LIFETIME: Final = timedelta(days=366)


@dataclass(frozen=True)
class PersonalToken:
    """What a person knows of one of their tokens (the secret itself is never stored)."""

    id: str
    name: str
    membership_id: str
    issued_at: datetime
    expires_at: datetime
    revoked: bool = False


class Person(GrantAggregate):
    """A person, their memberships and their tokens. Changed by admin, and by the person
    themselves for their own tokens."""

    class Registered(GrantAggregate.Created):
        name: str
        email: str | None

        def apply(self, person: Person) -> None:
            person.name, person.email, person.memberships, person.tokens = self.name, self.email, {}, {}
            person.notices = True

    class MembershipGranted(GrantAggregate.Event):
        membership: Membership

        def apply(self, person: Person) -> None:
            person.memberships[self.membership.id] = self.membership

    class MembershipRevoked(GrantAggregate.Event):
        """Version 2 carries why (None when not said); version-1 records are upcast so."""

        class_version = 2
        membership_id: str
        reason: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state.setdefault("reason", None)

        def apply(self, person: Person) -> None:
            del person.memberships[self.membership_id]

    class TokenIssued(GrantAggregate.Event):
        token: PersonalToken

        def apply(self, person: Person) -> None:
            person.tokens[self.token.id] = self.token

    class TokenRevoked(GrantAggregate.Event):
        token_id: str

        def apply(self, person: Person) -> None:
            token = person.tokens[self.token_id]
            person.tokens[self.token_id] = PersonalToken(token.id, token.name, token.membership_id,
                                                         token.issued_at, token.expires_at, revoked=True)

    class NoticesChosen(GrantAggregate.Event):
        """The person turned the e-mail notices of their work on or off."""

        on: bool

        def apply(self, person: Person) -> None:
            person.notices = self.on

    name: str
    email: str | None
    memberships: dict[str, Membership]
    tokens: dict[str, PersonalToken]
    #: Whether the person is told by e-mail when work arrives for them (the default).
    notices: bool

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def id_for(name: str, email: str | None) -> UUID:
        """A person is found by e-mail address when they have one, else by name."""
        key = f"email:{email.strip().lower()}" if email else f"name:{name.strip()}"
        return uuid5(_NAMESPACE, key)

    @classmethod
    def register(cls, name: str, email: str | None, actor: Actor, at: datetime) -> Person:
        """Register a person (admin)."""
        actor.require_role(ADMIN)
        checked_name = require_text(name, "name", text.NAME)
        checked_email = None if email is None else require_email(email, "email").lower()
        return cls._create(cls.Registered, id=cls.id_for(checked_name, checked_email), timestamp=at, actor=actor,
                           name=checked_name, email=checked_email)

    def grant(self, membership: Membership, actor: Actor, at: datetime) -> Membership:
        """Give the person a membership (admin); one they hold already is left as it is."""
        actor.require_role(ADMIN)
        if membership.id not in self.memberships:
            self._record(self.MembershipGranted, at, actor, membership=membership)
        return membership

    def revoke_membership(self, membership_id: str, actor: Actor, at: datetime, reason: str | None = None) -> None:
        """Take a membership away (admin), saying why; its tokens and sessions stop
        working at once."""
        actor.require_role(ADMIN)
        self.membership(membership_id)
        said = None if reason is None or not reason.strip() else require_text(reason, "reason", multiline=True)
        self._record(self.MembershipRevoked, at, actor, membership_id=membership_id, reason=said)

    def issue_token(self, token_id: str, name: str, membership_id: str, lifetime: timedelta,
                    actor: Actor, at: datetime, valid_from: datetime) -> PersonalToken:
        """Record a personal token for one of the person's memberships (admin, or the
        person themselves); it is valid from `valid_from` (wall-clock time, which the
        business clock `at` of a replayed or simulated story need not be) for `lifetime`."""
        self._check_self_or_admin(actor)
        self.membership(membership_id)
        if not timedelta(0) < lifetime <= MAX_TOKEN_LIFETIME:
            raise InvalidInput("expires_at", f"must be within {MAX_TOKEN_LIFETIME.days} days from now")
        token = PersonalToken(token_id, require_text(name, "name", text.NAME), membership_id, valid_from,
                              valid_from + lifetime)
        self._record(self.TokenIssued, at, actor, token=token)
        return token

    def revoke_token(self, token_id: str, actor: Actor, at: datetime) -> None:
        """Revoke one of the person's tokens (admin, or the person themselves)."""
        self._check_self_or_admin(actor)
        token = self.tokens.get(token_id)
        if token is None:
            raise NotFound(f"{self.name} has no token {token_id}")
        if token.revoked:
            raise WrongStatus("the token is already revoked")
        self._record(self.TokenRevoked, at, actor, token_id=token_id)

    def membership(self, membership_id: str) -> Membership:
        """One of the person's current memberships; `NotFound` when they hold no such."""
        try:
            return self.memberships[membership_id]
        except KeyError:
            raise NotFound(f"{self.name} holds no membership {membership_id}") from None

    def acting_as(self, membership_id: str) -> Actor:
        """The person acting through one of their memberships."""
        membership = self.membership(membership_id)
        return Actor(id=str(self.id), name=self.name, role=membership.role,
                     org_no=membership.org_no or membership.employer_org_no, community_id=membership.community_id,
                     owner_id=membership.owner_id, membership_id=membership.id, ties=self.ties)

    @property
    def ties(self) -> tuple[str, ...]:
        """Every organisation the person belongs to, in any membership (sorted)."""
        return tuple(sorted({org for m in self.memberships.values() for org in (m.org_no, m.employer_org_no) if org}))

    def acting_through(self, token_id: str, at: datetime) -> Actor:
        """The person acting through a token of theirs at wall-clock time `at`:
        `NotPermitted` once it is revoked or expired, or its membership is gone."""
        token = self.tokens.get(token_id)
        if token is None or token.revoked:
            raise NotPermitted("the token has been revoked")
        if at >= token.expires_at:
            raise NotPermitted("the token has expired")
        if token.membership_id not in self.memberships:
            raise NotPermitted("the token's membership has been revoked")
        return self.acting_as(token.membership_id)

    def choose_notices(self, on: bool, actor: Actor, at: datetime) -> bool:
        """Turn the e-mail notices of the person's work on or off (the person themselves,
        or admin); False when they already were so."""
        self._check_self_or_admin(actor)
        if self.notices == on:
            return False
        self._record(self.NoticesChosen, at, actor, on=on)
        return True

    def _check_self_or_admin(self, actor: Actor) -> None:
        if actor.role != ADMIN and actor.id != str(self.id):
            raise NotPermitted(f"{actor.name} may not change the tokens of {self.name}")
