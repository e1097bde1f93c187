"""Use cases of the operator: issue and revoke tokens; and who a token is."""

from __future__ import annotations

import secrets

from eventsourcing.application import AggregateNotFoundError, project_aggregate

from application.base import GrantsBase, Outcome
from application.retrying import retrying
from domain.access import AccessToken, token_id
from domain.errors import NotFound
from domain.values import Actor


class AccessUseCases(GrantsBase):
    """Bearer tokens. Only a token's hash reaches the store."""

    def issue_token(self, role: str, actor: Actor, holder: str | None = None, org_no: str | None = None,
                    community_id: str | None = None) -> tuple[str, Outcome[AccessToken]]:
        """Issue a new random token; returns it (shown once, never stored) and the record."""
        token = "tsk_" + secrets.token_urlsafe(32)
        record = AccessToken.issue(token, role, holder, org_no, community_id, actor, self.now())
        return token, Outcome(record, self._save(record))

    @retrying
    def revoke_token(self, token: str, actor: Actor) -> Outcome[AccessToken]:
        """Revoke a token so that it no longer authenticates."""
        record = self._token(token)
        record.revoke(actor, self.now())
        return Outcome(record, self._save(record))

    def authenticate(self, token: str) -> Actor:
        """The person acting through a token; `NotFound` for unknown or revoked tokens.

        Every API request asks this, so the token's few events are read directly: the
        repository would first look for a snapshot tokens never have (one more query
        per request)."""
        record = project_aggregate(None, self.events.get(token_id(token)))
        if not isinstance(record, AccessToken):
            raise NotFound("unknown token")
        if record.revoked:
            raise NotFound("the token has been revoked")
        return record.as_actor()

    def _token(self, token: str) -> AccessToken:
        try:
            record: object = self.repository.get(token_id(token))
        except AggregateNotFoundError:
            raise NotFound("unknown token") from None
        if not isinstance(record, AccessToken):
            raise NotFound("unknown token")
        return record
