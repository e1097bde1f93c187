"""Use cases of a request for access (*innsynskrav*): anyone registers one for an entry of
the public journal; a case worker of the case's owner decides, and the answer — saved
with the decision in one save — is a letter to the requester."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import IntegrityError

from application.base import GrantsBase, Outcome
from application.letter_texts import render_access_answer
from application.retrying import retrying
from domain.base import CommandKey
from domain.disclosure import AccessRequest, JournalReference
from domain.letter import ACCESS_ANSWER, Letter
from domain.round import local_date
from domain.values import Actor, Contact

#: Who registers a request made by someone who has not logged in.
PUBLIC_ACTOR = Actor("public", "Allmennheten (innsynskrav)", "system")


class DisclosureUseCases(GrantsBase):
    """Requests for access to documents in the public journal."""

    def get_access_request(self, request_id: UUID | str) -> AccessRequest:
        """One request for access."""
        return self._get(AccessRequest, request_id, "access request")

    @retrying
    def request_access(self, reference: JournalReference, requester: Contact) -> Outcome[AccessRequest]:
        """Register a request for the entry `reference` (the same person asking for the
        same entry on the same day is one request)."""
        at = self.now()
        request = AccessRequest.request(reference, requester, local_date(at), PUBLIC_ACTOR, at)
        try:
            return Outcome(request, self._save(request))
        except IntegrityError:
            return Outcome(self.get_access_request(request.id), None, created=False)

    @retrying
    def decide_access(self, request_id: UUID | str, *, outcome: str, legal_basis: str | None, reasons: str,
                      actor: Actor, request: CommandKey | None = None) -> Outcome[AccessRequest]:
        """Decide on a request; the answer is written as a letter to the requester in the
        same save."""
        access = self.get_access_request(request_id)
        access.check_decider(actor)
        first = self._first_outcome(access, actor, request)
        if first is not None:
            return first
        at = self.now()
        with access.answering(request):
            access.decide(outcome, legal_basis, reasons, actor, at)
        subject, body = render_access_answer(access)
        letter = Letter.write(f"{access.id}:{ACCESS_ANSWER}", UUID(access.reference.application_id), ACCESS_ANSWER,
                              access.requester.email, subject, body, actor, at)
        return Outcome(access, self._save(access, letter))
