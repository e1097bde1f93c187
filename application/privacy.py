"""Use cases of personal data: what is stored about a person and where (GDPR art. 15), and
erasing it when the rules allow (art. 17, `domain.privacy`); and the archive's record of
the extractions taken (`domain.archive`), which the archive duty is read from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from application.base import GrantsBase, Outcome
from application.retrying import retrying
from domain.application import Application
from domain.archive import ARCHIVE_ID, Archive
from domain.complaint import deadline_for, open_complaint
from domain.disclosure import AccessRequest
from domain.errors import ErasureRefused, NotFound
from domain.letter import Letter
from domain.privacy import CONTACT, RECIPIENT, REQUESTER, Erasure, Holding, erasure_refusal, person_id_for
from domain.round import local_date
from domain.statuses import Status
from domain.values import Actor
from infrastructure.config import retention

#: Where persons' data arrives in the log.
_TOPICS = tuple(get_topic(cls) for cls in (Application.Submitted, Application.Amended, AccessRequest.Requested,
                                           Letter.Written))
_ENDED = (Status.CLOSED, Status.WITHDRAWN, Status.DECLINED)


@dataclass
class PersonalData:
    """What is stored about one person (by pseudonym): the cases they are the contact of,
    their requests for access, the letters sent to them, and their key's state."""

    person_id: str
    cases: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    letters: list[dict[str, Any]] = field(default_factory=list)
    key: dict[str, Any] | None = None
    holdings: list[Holding] = field(default_factory=list)
    #: The names and addresses found (read before an erasure, to clear caches of them).
    texts: set[str] = field(default_factory=set)


class PrivacyUseCases(GrantsBase):
    """Personal data: the report of what is kept, and erasure."""

    def get_archive(self) -> Archive | None:
        """The archive's record of extractions (None before the first)."""
        try:
            found: Any = self.repository.get(ARCHIVE_ID)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Archive) else None

    @retrying
    def record_extraction(self, start: date, end: date, digest: str, actor: Actor) -> Outcome[Archive]:
        """Note an archive extraction of the period (its description's SHA-256)."""
        at = self.now()
        archive = self.get_archive() or Archive.start(actor, at)
        archive.record_extraction(start, end, digest, actor, at)
        return Outcome(archive, self._save(archive))

    def personal_data(self, person_id: str) -> PersonalData:
        """Everything stored about the person with this pseudonym, found in the log."""
        found = PersonalData(person_id, key=self.personal_keys.status(person_id))
        cases: dict[UUID, None] = {}
        for event in self._events_of(_TOPICS):
            if isinstance(event, Application.Submitted | Application.Amended):
                contact = (event.content if isinstance(event, Application.Submitted) else event.changes).get("contact")
                if contact is not None and person_id_for(contact.email) == person_id:
                    cases[event.originator_id] = None
                    found.texts |= {contact.name, contact.email}
            elif isinstance(event, AccessRequest.Requested):
                if person_id_for(event.requester.email) == person_id:
                    found.requests.append(self._request(event.originator_id))
                    found.texts |= {event.requester.name, event.requester.email}
            elif isinstance(event, Letter.Written) and person_id_for(event.recipient.email) == person_id:
                found.texts.add(event.recipient.email)
                found.letters.append({"letter_id": str(event.originator_id), "kind": event.kind,
                                      "application_id": str(event.application_id),
                                      "written_on": local_date(event.timestamp)})
        found.cases = [self._case(application_id) for application_id in cases]
        found.holdings = [Holding(CONTACT, c["reference"], c["open"], c["ended_on"]) for c in found.cases] + [
            Holding(REQUESTER, f"innsynskrav {r['entry']}", r["open"], r["ended_on"]) for r in found.requests]
        return found

    def _events_of(self, topics: tuple[str, ...]) -> Iterator[Any]:
        """The log's events of these topics, oldest first, a thousand at a time."""
        position: int | None = None
        while True:
            batch = self.recorder.select_notifications(start=position, limit=1000, topics=topics,
                                                       inclusive_of_start=position is None)
            yield from (self.mapper.to_domain_event(n) for n in batch)
            if len(batch) < 1000:
                return
            position = batch[-1].id

    def _case(self, application_id: UUID) -> dict[str, Any]:
        app = self.get_application(application_id)
        ended_on: date | None = None
        if app.status in _ENDED:
            ended_on = local_date(app.modified_on)
        elif app.status == Status.REJECTED and app.decided_at is not None and open_complaint(app.complaints) is None:
            last_day = deadline_for(local_date(app.decided_at))
            ended_on = last_day if last_day < local_date(self.now()) else None
        return {"application_id": str(app.id), "reference": app.reference, "title": app.title,
                "status": app.status, "open": ended_on is None, "ended_on": ended_on}

    def _request(self, request_id: UUID) -> dict[str, Any]:
        request = self._get(AccessRequest, request_id, "access request")
        decided = request.outcome is not None
        return {"request_id": str(request.id), "entry": request.reference.entry, "received_on": request.received_on,
                "outcome": request.outcome, "open": not decided,
                "ended_on": local_date(request.modified_on) if decided else None}

    def erasure_refusal(self, data: PersonalData) -> str | None:
        """Why this person's data may not be erased today (`domain.privacy`), or None."""
        archive = self.get_archive()
        return erasure_refusal(data.holdings, archive.archived_to if archive else None, local_date(self.now()),
                               retention())

    def erase_person(self, person_id: str, reason: str, actor: Actor) -> PersonalData:
        """Erase the person's data by destroying their key, and record that it was done
        (with the reason, not the data); `ErasureRefused` (saying why) while a case is
        open, the archive has not taken it in, or the retention has not run."""
        data = self.personal_data(person_id)
        if data.key is None:
            raise NotFound(f"nothing is stored about person {person_id}")
        if data.key.get("erased_at") is not None and not (data.cases or data.requests or data.letters):
            raise ErasureRefused(f"person {person_id} was erased on {data.key['erased_at']:%Y-%m-%d} already")
        refusal = self.erasure_refusal(data)
        if refusal is not None:
            raise ErasureRefused(refusal)
        at = self.now()
        kinds = tuple(kind for kind, held in ((CONTACT, data.cases), (REQUESTER, data.requests),
                                              (RECIPIENT, data.letters)) if held)
        record = Erasure.record(person_id, reason, kinds, actor, at)
        self._save(record)
        self.personal_keys.erase(person_id, reason, at)
        self._forget([c["application_id"] for c in data.cases] + [r["request_id"] for r in data.requests]
                     + [letter["letter_id"] for letter in data.letters])
        return data

    def _forget(self, aggregate_ids: list[str]) -> None:
        """Drop these aggregates from the process's cache: as read before, they hold what was
        just erased."""
        cache = self.repository.cache
        if cache is None:
            return
        for aggregate_id in aggregate_ids:
            with suppress(KeyError):
                cache.get(UUID(aggregate_id), evict=True)
