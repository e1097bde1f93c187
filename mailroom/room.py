"""The mail room: writes the letters the log calls for and sends them by SMTP, one
process at a time.

Each round, under a lock that only one process of the system holds at a time (a
PostgreSQL advisory lock; on SQLite a lock on a file beside the database):
1. the letters of decisions and submissions recorded since the last round are written
   (idempotently: a letter's id follows from its occasion and recipient), and the
   notices to the case workers those events bring work (`domain.letter.NOTICES`);
2. reminders are written for reports falling due within `reminder_days`, and for
   overdue ones (one per report, due date and kind);
3. each letter not yet sent is handed to the SMTP server, then its sending is recorded.
   Before sending, the letter itself is read from the event store, so a sending that
   was recorded is never repeated; the only way to send twice is to die between the
   server's acceptance and the recording — and then the duplicate has the same
   `Message-ID`. A letter that cannot be delivered — its recipient is not one e-mail
   address (kept before the rule was as strict as now), or the server refuses that
   recipient — is marked undeliverable (an event, shown with the application), reported,
   and skipped: it never holds up the letters after it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import smtplib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, select, text

from application.service import Grants
from domain.letter import BAD_ADDRESS, NOTICES, OVERDUE, REFUSED, REMINDER, TO_APPLICANT_ONLY
from domain.round import local_date
from infrastructure.smtp import deliver, message_of
from infrastructure.sql import create_tables, reading
from readmodels.followup import is_overdue, reports_in_scope
from readmodels.mail import LETTER_OCCASIONS, applicant_emails, occasions_after, staff_emails, unsent_letters
from readmodels.service import ReadModels

MAIL_LOCK_KEY = 0x7115_4AE1
_METADATA = MetaData()
_POSITION = Table("mailroom_position", _METADATA, Column("name", String(20), primary_key=True),
                  Column("position", Integer, nullable=False))


@dataclass
class Round:
    """What one round of the mail room did."""

    written: int = 0
    reminders: int = 0
    sent: int = 0
    undeliverable: int = 0
    locked_out: bool = False


class Mailroom:
    """Writes and sends the letters of one grant system (see the module's text)."""

    def __init__(self, grants: Grants, models: ReadModels, smtp_url: str | None, reminder_days: int = 30,
                 say: Callable[[str], None] = lambda line: None) -> None:
        self.grants, self.models, self.smtp_url = grants, models, smtp_url
        self.reminder_days, self.say = reminder_days, say
        create_tables(models.engine, _METADATA)

    def run_once(self) -> Round:
        """One round: write, remind, send (nothing if another process holds the lock)."""
        done = Round()
        with self._lock(self.models.engine) as held:
            if not held:
                done.locked_out = True
                return done
            self.models.catch_up()
            done.written = self._write_occasions()
            done.reminders = self._write_reminders(local_date(self.grants.now()))
            if done.written or done.reminders:
                self.models.catch_up()
            if self.smtp_url:
                self._send(done)
        return done

    def _write_occasions(self) -> int:
        engine, audit = self.models.engine, self.models.audit
        with reading(engine) as connection:
            position = connection.execute(select(_POSITION.c.position).where(_POSITION.c.name == "occasions")) \
                .scalar_one_or_none() or 0
            occasions = occasions_after(connection, audit, position)
        written = 0
        for occasion in occasions:
            kind, version = occasion["event_type"], occasion["aggregate_version"]
            app = self.grants.get_application(occasion["aggregate_id"])
            if kind in LETTER_OCCASIONS:
                to_applicant_only = kind in TO_APPLICANT_ONLY
                orgs = {app.applicant.org_no} | (set() if to_applicant_only else {p.org_no for p in app.partners})
                with reading(engine) as connection:
                    people = applicant_emails(connection, audit, orgs)
                written += self.grants.write_occasion(kind, app.id, version, people)
            if kind in NOTICES:
                owner = self.grants.get_pool(app.pool_id).owner.id
                with reading(engine) as connection:
                    staff = staff_emails(connection, audit, NOTICES[kind], app.health_community.id, owner)
                if staff:
                    written += self.grants.write_notice(kind, app.id, version, staff)
            self._remember(occasion["position"])
        return written

    def _remember(self, position: int) -> None:
        with self.models.engine.begin() as connection:
            if connection.execute(select(_POSITION.c.name).where(_POSITION.c.name == "occasions")).first():
                connection.execute(_POSITION.update().where(_POSITION.c.name == "occasions"), {"position": position})
            else:
                connection.execute(_POSITION.insert(), {"name": "occasions", "position": position})

    def _write_reminders(self, today: date) -> int:
        soon = today + timedelta(days=self.reminder_days)
        with reading(self.models.engine) as connection:
            owed = [r for r in reports_in_scope(connection, self.models.applications)
                    if r["status"] in ("due", "returned")]
        written = 0
        for report in owed:
            due = date.fromisoformat(report["due_on"])
            kind = OVERDUE if is_overdue(report, today) else REMINDER if due <= soon else None
            if kind is not None:
                with reading(self.models.engine) as connection:
                    people = applicant_emails(connection, self.models.audit, {report["applicant_org_no"]})
                written += self.grants.write_reminder(kind, report["application_id"], report["id"], people, today)
        return written

    def _send(self, done: Round) -> None:
        assert self.smtp_url is not None
        with reading(self.models.engine) as connection:
            waiting = unsent_letters(connection, self.models.audit)
        for letter in waiting:
            kept = self.grants.get_letter(letter["id"])
            if kept.sent_at is not None or kept.undeliverable is not None:  # the log knows its fate
                continue
            cause, fault = BAD_ADDRESS, kept.recipient_fault()
            if fault is None:
                self.say(f"sending {letter['id']}")
                cause, fault = REFUSED, self._deliver(letter)
            if fault is not None:
                if self.grants.record_letter_undeliverable(letter["id"], cause, fault):
                    done.undeliverable += 1
                self.say(f"undeliverable {letter['id']}: {fault}")
                continue
            self.say(f"accepted {letter['id']}")
            if self.grants.record_letter_sent(letter["id"]):
                done.sent += 1
            self.say(f"recorded {letter['id']}")

    def _deliver(self, letter: dict[str, Any]) -> str | None:
        """Hand one letter to the mail server; why it cannot be delivered when the server
        refuses its recipient (None once accepted). Trouble with the server itself is
        raised: the letter stays unsent and is tried again next round."""
        assert self.smtp_url is not None
        try:
            deliver(self.smtp_url, message_of(letter))
        except smtplib.SMTPRecipientsRefused as refused:
            answers = "; ".join(f"{code} {reply.decode(errors='replace')}"
                                for code, reply in refused.recipients.values())
            return f"the mail server refused the recipient {letter['recipient']!r}: {answers}"[:1000]
        return None

    @staticmethod
    @contextlib.contextmanager
    def _lock(engine: Engine) -> Iterator[bool]:
        """The system's mail lock, held by one process at a time (False: held elsewhere)."""
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                held = bool(connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": MAIL_LOCK_KEY}).scalar())
                try:
                    yield held
                finally:
                    if held:
                        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MAIL_LOCK_KEY})
                        connection.commit()
            return
        path = f"{engine.url.database or 'grants'}.mail.lock"
        with open(path if engine.url.database not in (None, "", ":memory:") else os.devnull, "a") as file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)
