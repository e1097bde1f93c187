"""AccessToken: a bearer token, found by its hash (only the SHA-256 is ever stored). A
personal token points at its person, who says what it may do (`domain.person`); a token
issued before people were registered carries its own role and scope."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import text
from domain.base import GrantAggregate
from domain.errors import InvalidInput, WrongStatus
from domain.orgno import require_org_no
from domain.text import require_text
from domain.values import ADMIN, APPLICANT, ASSESSOR, ROLES, Actor

_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:access-token")


def token_hash(token: str) -> str:
    """SHA-256 of a token. Tokens are 256-bit random strings, so a fast hash is enough:
    there is nothing to brute-force, and a lookup must stay cheap on every request."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_id(token: str) -> UUID:
    """The id of the AccessToken aggregate for a token (derived from its hash only)."""
    return uuid5(_NAMESPACE, token_hash(token))


class AccessToken(GrantAggregate):
    """Who may act through a token, in which role, for which organisation or community."""

    class Issued(GrantAggregate.Created):
        role: str
        holder: str
        org_no: str | None
        community_id: str | None

        def apply(self, token: AccessToken) -> None:
            token.role, token.holder, token.org_no = self.role, self.holder, self.org_no
            token.community_id, token.revoked, token.person_id = self.community_id, False, None

    class IssuedToPerson(GrantAggregate.Created):
        """A personal token: what it may do is the person's to say (`domain.person`)."""

        person_id: UUID

        def apply(self, token: AccessToken) -> None:
            token.person_id, token.revoked = self.person_id, False
            token.role, token.holder, token.org_no, token.community_id = None, None, None, None

    class Revoked(GrantAggregate.Event):
        def apply(self, token: AccessToken) -> None:
            token.revoked = True

    role: str | None
    holder: str | None
    org_no: str | None
    community_id: str | None
    person_id: UUID | None
    revoked: bool

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @classmethod
    def issue(
        cls, token: str, role: str, holder: str | None, org_no: str | None, community_id: str | None,
        actor: Actor, at: datetime,
    ) -> AccessToken:
        """Issue a token (admin only). Applicants need an organisation, assessors a community."""
        actor.require_role(ADMIN)
        if role not in ROLES:
            raise InvalidInput("role", f"must be one of {', '.join(ROLES)}")
        if role == APPLICANT and org_no is None:
            raise InvalidInput("org", "an applicant token needs the organisation number (--org)")
        if role == ASSESSOR and community_id is None:
            raise InvalidInput("community", "an assessor token needs the health community (--community)")
        return cls._create(
            cls.Issued, id=token_id(token), timestamp=at, actor=actor, role=role,
            holder=require_text(holder or f"{role} token", "name", text.NAME),
            org_no=None if org_no is None else require_org_no(org_no, "org"),
            community_id=None if community_id is None else require_text(community_id, "community", text.ID),
        )

    @classmethod
    def issue_to(cls, token: str, person_id: UUID, actor: Actor, at: datetime) -> AccessToken:
        """Index a personal token by its hash, pointing at its person (who records the
        token's name, membership and expiry, and its revocation)."""
        return cls._create(cls.IssuedToPerson, id=token_id(token), timestamp=at, actor=actor, person_id=person_id)

    def revoke(self, actor: Actor, at: datetime) -> None:
        """Make the token useless from now on (admin only)."""
        actor.require_role(ADMIN)
        if self.revoked:
            raise WrongStatus("the token is already revoked")
        self._record(self.Revoked, at, actor)

    def as_actor(self) -> Actor:
        """Who acts through a token from before people were registered: the token is its
        own person."""
        assert self.role is not None and self.holder is not None, "a personal token acts through its person"
        return Actor(id=str(self.id), name=self.holder, role=self.role,
                     org_no=self.org_no, community_id=self.community_id)
