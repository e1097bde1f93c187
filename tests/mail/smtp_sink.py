"""A real SMTP server for the letter tests, run as its own process: every message it
accepts is appended as one JSON line (Message-ID, recipients, subject, text) to a file,
flushed before the server answers 250 — so what the file holds, the server accepted.
A recipient whose address starts with `finnes.ikke` is refused (550), as a server
refuses a mailbox it does not know.

    python -m tests.mail.smtp_sink --port 2525 --out letters.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import time
from email import message_from_bytes, policy
from typing import Any

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path: str) -> None:
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open while the server runs

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("finnes.ikke"):  # a mailbox the server does not know: refused
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        self.file.write(json.dumps({"message_id": message["Message-ID"], "to": list(envelope.rcpt_tos),
                                    "subject": str(message["Subject"]),
                                    "body": body.get_content() if body is not None else ""}) + "\n")
        self.file.flush()
        os.fsync(self.file.fileno())
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    controller = Controller(Sink(args.out), hostname="127.0.0.1", port=args.port)
    controller.start()
    running = True

    def stop(*_: Any) -> None:
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    while running:
        time.sleep(0.1)
    controller.stop()


if __name__ == "__main__":
    main()
