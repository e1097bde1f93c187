"""The person at the terminal: an operator with the admin role."""

from __future__ import annotations

import getpass

from domain.values import ADMIN, Actor


def operator() -> Actor:
    """The operator running a `grants` command, as the audit trail records them: by the
    system user in the id (who it was, for the auditor), as "Driftsoperatør" where
    people read it (a system user is no one's name)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor(id=f"operator:{user}", name="Driftsoperatør (kommandolinjen)", role=ADMIN)
