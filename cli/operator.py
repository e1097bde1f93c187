"""The person at the terminal: an operator with the admin role."""

from __future__ import annotations

import getpass

from domain.values import ADMIN, Actor


def operator() -> Actor:
    """The operator running a `grants` command, as the audit trail records them."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor(id=f"operator:{user}", name=f"Operatør ({user})", role=ADMIN)
