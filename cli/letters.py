"""`grants letters run`: the mail room — writes the letters the log calls for and sends
them to GRANTS_SMTP_URL (without it, letters are kept and shown, not sent)."""

from __future__ import annotations

import signal
import sys
import time
from types import FrameType

import click

from application.service import Grants
from infrastructure.smtp import smtp_url
from mailroom.room import Mailroom
from readmodels.service import ReadModels


@click.group()
def letters() -> None:
    """Decision letters, receipts and reminders."""


@letters.command("run")
@click.option("--once", is_flag=True, help="One round, then exit.")
@click.option("--poll-interval", default=1.0, show_default=True, type=click.FloatRange(0.01, 3600),
              help="Seconds between rounds.")
@click.option("--reminder-days", default=30, show_default=True, type=click.IntRange(1, 365),
              help="Remind this many days before a report falls due.")
def letters_run(once: bool, poll_interval: float, reminder_days: int) -> None:
    """Write and send letters; prints `accepted <id>` when the mail server took a letter,
    `recorded <id>` when its sending is in the log, and `undeliverable <id>: <why>` for
    a letter that cannot be delivered (marked so in the log and skipped)."""
    grants = Grants()
    room = Mailroom(grants, ReadModels(grants), smtp_url(), reminder_days,
                    say=lambda line: print(line, flush=True))
    stopping = False

    def stop(_: int, __: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    while True:
        done = room.run_once()
        if done.written or done.reminders or done.sent or done.undeliverable:
            print(f"written {done.written}, reminders {done.reminders}, sent {done.sent}, "
                  f"undeliverable {done.undeliverable}", flush=True)
        if once or stopping:
            sys.exit(0)
        time.sleep(poll_interval)
