"""Helpers of the read-side tests."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection

from cli.main import main


def grants_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run `grants ARGS` in this process (GRANTS_DATABASE_URL set by the test); its exit
    status and its output, standard output and error together."""
    try:
        main(list(args))
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def events_table(connection: Connection) -> tuple[str, str]:
    """The stored events' table and its position column, per store."""
    return ("stored_events", "rowid") if connection.dialect.name == "sqlite" else ("grants_events", "notification_id")
