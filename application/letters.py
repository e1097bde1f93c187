"""Use cases of letters: write the letters an occasion calls for (a decision, a
submission, a report falling due), kept as written; and note that one was sent.

Writing is idempotent — a letter's id follows from its occasion and recipient — so the
mail room may write an occasion's letters again after a crash without writing twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from application.base import GrantsBase
from application.letter_texts import render, render_notice
from domain.application import Application
from domain.authority import Authority, authority_of
from domain.letter import DECISION_RECLAIM, LETTER_OF_EVENT, NOTICE, Letter
from domain.pool import FundingPool
from domain.registry import REGISTRY_ID
from domain.round import local_date
from domain.values import SYSTEM_ACTOR


class LetterUseCases(GrantsBase):
    """Letters about applications, and their sending."""

    def decided_state(self, application_id: UUID | str, version: int) -> Application:
        """The application as the save that recorded `version` left it (an approval's
        holdback and report duties are recorded in the same save, after it)."""
        app = self.get_application(application_id, version=version)
        while True:
            try:
                later = self.get_application(application_id, version=app.version + 1)
            except (ValueError, LookupError):
                return app
            if later.version == app.version or later.modified_on != app.modified_on:
                return app
            app = later

    def authority(self, pool: FundingPool) -> Authority:
        """Who decides on the pool's money, on whose recommendation, and the klageinstans."""
        try:
            registry: Any = self.repository.get(REGISTRY_ID)
        except AggregateNotFoundError:
            registry = None
        return authority_of(pool.owner.id, pool.owner.name, registry)

    def write_occasion(self, event_type: str, application_id: UUID | str, version: int,
                       recipients: set[str]) -> int:
        """Write the letters an application event calls for; returns how many were new."""
        kind = LETTER_OF_EVENT[event_type]
        app, subject, body = self._occasion_letter(kind, application_id, version)
        to = recipients | ({app.contact.email} if app.contact is not None else set())
        return sum(self.write_letter(f"{app.id}:{version}:{kind}", app.id, kind, address, subject, body)
                   for address in sorted(to))

    def occasion_letter(self, event_type: str, application_id: UUID | str, version: int) -> tuple[str, str]:
        """The subject and body of the letter an application event calls for, as written
        to each of its recipients (the same from the log at any later time)."""
        _, subject, body = self._occasion_letter(LETTER_OF_EVENT[event_type], application_id, version)
        return subject, body

    def _occasion_letter(self, kind: str, application_id: UUID | str, version: int) -> tuple[Application, str, str]:
        app = self.decided_state(application_id, version)
        pool = self.get_pool(app.pool_id)
        event = next(iter(self.events.get(app.id, gt=version - 1, lte=version)))
        claim = event if kind == DECISION_RECLAIM else None
        subject, body = render(kind, app, pool.owner.name, decided_on=local_date(app.modified_on), claim=claim,
                               authority=self.authority(pool), event=event)
        return app, subject, body

    def write_notice(self, event_type: str, application_id: UUID | str, version: int, recipients: set[str]) -> int:
        """Write the notices an application event sends the case workers it brings work
        (`domain.letter.NOTICES`); returns how many were new."""
        app = self.get_application(application_id, version=version)
        owner = self.get_pool(app.pool_id).owner.name
        subject, body = render_notice(event_type, app, owner)
        return sum(self.write_letter(f"{app.id}:{version}:{NOTICE}:{event_type}", app.id, NOTICE, address, subject,
                                     body) for address in sorted(recipients))

    def write_reminder(self, kind: str, application_id: UUID | str, report_id: str, recipients: set[str],
                       today: date) -> int:
        """Write a reminder about a report (`paminnelse` before it falls due, `purring`
        after); one per report, due date and kind, however often it is asked for."""
        app = self.get_application(application_id)
        report = app.reports[report_id]
        pool = self.get_pool(app.pool_id)
        subject, body = render(kind, app, pool.owner.name, report=report, authority=self.authority(pool))
        to = recipients | ({app.contact.email} if app.contact is not None else set())
        occasion = f"{app.id}:{report_id}:{report.due_on.isoformat()}:{kind}"
        return sum(self.write_letter(occasion, app.id, kind, address, subject, body) for address in sorted(to))

    def write_letter(self, occasion: str, application_id: UUID, kind: str, recipient: str, subject: str,
                     body: str) -> bool:
        """Write one letter (kept as written); False when this occasion wrote it to this recipient before."""
        letter = Letter.write(occasion, application_id, kind, recipient, subject, body, SYSTEM_ACTOR, self.now())
        try:
            self.save(letter)
        except IntegrityError:  # written before (a retry after a crash, or another process)
            return False
        return True

    def get_letter(self, letter_id: UUID | str) -> Letter:
        """One letter as written (and whether its sending was recorded)."""
        letter: Any = self.repository.get(UUID(str(letter_id)))
        assert isinstance(letter, Letter)
        return letter

    def record_letter_undeliverable(self, letter_id: UUID | str, cause: str, reason: str) -> bool:
        """Note that a letter cannot be delivered, and why; False if it was sent or so noted before."""
        return self._note(letter_id, lambda letter: letter.mark_undeliverable(cause, reason, SYSTEM_ACTOR, self.now()))

    def record_letter_sent(self, letter_id: UUID | str) -> bool:
        """Note that the mail server accepted the letter; False if that was noted before."""
        return self._note(letter_id, lambda letter: letter.record_sent(SYSTEM_ACTOR, self.now()))

    def _note(self, letter_id: UUID | str, record: Callable[[Letter], bool]) -> bool:
        """Record what became of a letter; False when `record` found it noted before, or
        another process noted it first."""
        letter = self.get_letter(letter_id)
        if not record(letter):
            return False
        try:
            self.save(letter)
        except IntegrityError:  # another process noted it first
            return False
        return True
