"""Handing a letter to the mail server (SMTP), with the letter's own `Message-ID`."""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlparse

from infrastructure.config import ConfigurationError

DEFAULT_SENDER = "Tilskudd <tilskudd@localhost>"


def smtp_url() -> str | None:
    """The mail server from GRANTS_SMTP_URL (`smtp://host:port`); None: letters are kept, not sent."""
    return os.environ.get("GRANTS_SMTP_URL") or None


def message_of(letter: dict[str, Any], sender: str | None = None) -> EmailMessage:
    """The letter as an e-mail: its recipient, subject, text, and the `Message-ID` fixed
    when it was written (a letter sent twice arrives as a recognisable duplicate)."""
    message = EmailMessage()
    message["From"] = sender or os.environ.get("GRANTS_MAIL_FROM", DEFAULT_SENDER)
    message["To"] = letter["recipient"]
    message["Subject"] = letter["subject"]
    message["Message-ID"] = letter["message_id"]
    message["Date"] = format_datetime(letter["written_at"])
    message.set_content(letter["body"], charset="utf-8")
    return message


def deliver(url: str, message: EmailMessage, timeout: float = 30.0) -> None:
    """Hand `message` to the SMTP server at `url`; returns once the server has accepted it."""
    parsed = urlparse(url)
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise ConfigurationError(f"GRANTS_SMTP_URL must be smtp://host:port, not {url!r}")
    connect = smtplib.SMTP_SSL if parsed.scheme == "smtps" else smtplib.SMTP
    with connect(parsed.hostname, parsed.port or (465 if parsed.scheme == "smtps" else 25), timeout=timeout) as smtp:
        if parsed.username:
            smtp.login(parsed.username, parsed.password or "")
        smtp.send_message(message)
