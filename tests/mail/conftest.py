"""The SMTP server the letter tests send to: tests/mail/smtp_sink.py, its own process."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from workloads.servers import free_port


@dataclass
class Inbox:
    """What the SMTP server accepted, in order."""

    url: str
    path: Path

    def letters(self) -> list[dict[str, Any]]:
        """The letters whose line the server has finished writing.

        The server may be writing a line while a test reads the file; a line without its
        newline is not yet flushed, so not yet answered 250, so not yet accepted.
        """
        if not self.path.exists():
            return []
        text = self.path.read_text(encoding="utf-8")
        complete = text[: text.rfind("\n") + 1]
        return [json.loads(line) for line in complete.splitlines() if line.strip()]


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    port, path = free_port(), tmp_path / "accepted.jsonl"
    server = subprocess.Popen([sys.executable, "-m", "tests.mail.smtp_sink", "--port", str(port), "--out", str(path)])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield Inbox(f"smtp://127.0.0.1:{port}", path)
    finally:
        server.terminate()
        server.wait(timeout=10)
