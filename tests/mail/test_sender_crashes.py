"""The mail room killed at random moments during a burst of 200 letters, and restarted:
every letter arrives, and a letter arrives twice only when the sender died after the
SMTP server accepted it and before its sending was recorded — with the same Message-ID.
Two mail rooms on PostgreSQL at once send no letter twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from uuid import uuid4

import pytest

from application.service import Grants
from domain.letter import RECEIPT
from tests.mail.conftest import Inbox

pytestmark = pytest.mark.slow
BURST = 200
SENDER = ["-c", "from cli.main import main; main(['letters', 'run', '--poll-interval', '0.05'])"]


def _burst(url: str, count: int) -> None:
    grants = Grants(url)
    for number in range(count):
        assert grants.write_letter(f"burst-{number}", uuid4(), RECEIPT, f"mottaker{number}@example.no",
                                   f"Kvittering {number}", f"Brev nummer {number}.\n")


def _sender(url: str, inbox: Inbox, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, *SENDER], stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "GRANTS_DATABASE_URL": url, "GRANTS_SMTP_URL": inbox.url})


def test_a_killed_sender_loses_nothing_and_repeats_only_in_the_window(sqlite_url: str, inbox: Inbox,
                                                                     tmp_path: Path) -> None:
    _burst(sqlite_url, BURST)
    rng, kills, window = random.Random(20261126), 0, set()
    for run in range(60):
        log = tmp_path / f"run-{run}.log"
        sender = _sender(sqlite_url, inbox, log)
        if len({m["message_id"] for m in inbox.letters()}) >= BURST:  # all arrived: a last, calm round
            time.sleep(2.0)
            sender.send_signal(signal.SIGTERM)
            sender.wait(timeout=30)
        else:  # killed amid the burst, after a few more letters — however fast the machine sends
            wanted, deadline = len(inbox.letters()) + rng.randint(1, 40), time.monotonic() + 20
            while len(inbox.letters()) < wanted and sender.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))
            sender.send_signal(signal.SIGKILL)
            sender.wait(timeout=10)
            kills += 1
        lines = log.read_text(errors="replace").split()
        sending = {lines[i + 1] for i, word in enumerate(lines[:-1]) if word == "sending"}
        recorded = {lines[i + 1] for i, word in enumerate(lines[:-1]) if word == "recorded"}
        window |= sending - recorded  # handed over (maybe accepted) and never recorded by this run
        if len({m["message_id"] for m in inbox.letters()}) >= BURST and run > 0 and not (sending - recorded):
            break
    arrived = Counter(m["message_id"] for m in inbox.letters())
    duplicates = {message_id: n for message_id, n in arrived.items() if n > 1}
    in_window = {message_id for message_id in duplicates if message_id.strip("<>").split("@")[0] in window}
    print(f"letters expected {BURST}, arrived {len(arrived)} distinct ({sum(arrived.values())} in all), "
          f"kills {kills}, duplicates {len(duplicates)}, of them in the window {len(in_window)}")
    assert len(arrived) == BURST  # none lost
    assert kills >= 3
    assert set(duplicates) == in_window and all(n == 2 for n in duplicates.values())


@pytest.mark.postgres
def test_two_senders_on_postgresql_send_no_letter_twice(postgres_url: str, inbox: Inbox, tmp_path: Path) -> None:
    _burst(postgres_url, 100)
    senders = [_sender(postgres_url, inbox, tmp_path / f"sender-{n}.log") for n in (1, 2)]
    try:
        deadline = time.monotonic() + 120
        while len(inbox.letters()) < 100 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # time for a second sending, were there one
    finally:
        for sender in senders:
            sender.send_signal(signal.SIGTERM)
        for sender in senders:
            sender.wait(timeout=30)
    arrived = Counter(m["message_id"] for m in inbox.letters())
    assert len(arrived) == 100 and set(arrived.values()) == {1}
    assert all(sender.returncode == 0 for sender in senders)
