"""Use cases of logging in through OpenID Connect: find the person an identity belongs
to, linking it at the first login by the person's verified e-mail address."""

from __future__ import annotations

from eventsourcing.application import AggregateNotFoundError

from application.access import AccessUseCases
from domain.errors import EmailNotVerified, NotFound
from domain.identity import Identity
from domain.person import Person
from domain.values import SYSTEM_ACTOR


class IdentityUseCases(AccessUseCases):
    """People by their OpenID Connect identity."""

    def person_for_identity(self, issuer: str, subject: str, email: str | None, email_verified: bool) -> Person:
        """The person with this identity. At their first login, the person admin registered
        with this e-mail address (only when the provider has verified it), now linked to
        the identity for good; `NotFound` when there is no such person."""
        try:
            found: object = self.repository.get(Identity.id_for(issuer, subject))
        except AggregateNotFoundError:
            found = None
        if isinstance(found, Identity):
            return self.get_person(found.person_id)
        if not email:
            raise NotFound("no person is registered for this identity, and the provider gave no e-mail address")
        if not email_verified:
            raise EmailNotVerified(f"the provider has not verified the e-mail address {email}")
        person = self.get_person(Person.id_for("", email.lower()))
        self._save(Identity.link(issuer, subject, person.id, SYSTEM_ACTOR, self.now()))
        return person
