"""Identity: who a person is to an OpenID Connect provider (issuer and subject). Found by
its id, which follows from issuer and subject, so a login finds its person in one read."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import text
from domain.base import GrantAggregate
from domain.text import require_text
from domain.values import Actor

_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:identity")


class Identity(GrantAggregate):
    """An OpenID Connect identity linked to a registered person."""

    class Linked(GrantAggregate.Created):
        issuer: str
        subject: str
        person_id: UUID

        def apply(self, identity: Identity) -> None:
            identity.issuer, identity.subject, identity.person_id = self.issuer, self.subject, self.person_id

    issuer: str
    subject: str
    person_id: UUID

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def id_for(issuer: str, subject: str) -> UUID:
        """The id of the identity `subject` at `issuer`."""
        return uuid5(_NAMESPACE, f"{issuer}|{subject}")

    @classmethod
    def link(cls, issuer: str, subject: str, person_id: UUID, actor: Actor, at: datetime) -> Identity:
        """Link an identity to a person (at their first login, matched by verified e-mail)."""
        checked_issuer = require_text(issuer, "iss", text.ISSUER)
        checked_subject = require_text(subject, "sub", text.SUBJECT)
        return cls._create(cls.Linked, id=cls.id_for(checked_issuer, checked_subject), timestamp=at, actor=actor,
                           issuer=checked_issuer, subject=checked_subject, person_id=person_id)
