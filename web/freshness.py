"""Reading one's own writes: `X-Log-Position` on commands, `X-Min-Position` and
`X-Read-Position` on queries (docs/api.md, Conventions)."""

from __future__ import annotations

import re
import threading

from flask import g, request

from web.auth import known_actor, page_actor
from web.context import positions, services
from web.problems import Problem

#: How long a query waits for the read models to reach X-Min-Position.
MAX_WAIT_SECONDS = 5.0
#: How many requests of one process may wait at once (of its
#: `infrastructure.config.WEB_THREADS` threads).
MAX_WAITERS = 2
_WAITERS = threading.BoundedSemaphore(MAX_WAITERS)


def header_int(name: str) -> int | None:
    """A non-negative integer header, or None when absent; 422 when malformed."""
    raw = request.headers.get(name)
    if raw is None:
        return None
    if not re.fullmatch(r"\s*[0-9]{1,18}\s*", raw):
        raise Problem(422, f"{name} must be a whole number", kind="invalid-header",
                      errors={name: ["must be a whole number of at least 0"]})
    return int(raw)


def expected_version() -> int | None:
    """The aggregate version of `If-Match` (`3`, `"3"` or `W/"3"`; werkzeug parses the
    entity tags), if given; `*` asks for no particular version."""
    if "If-Match" not in request.headers:
        return None
    tags = request.if_match
    if tags.star_tag:
        return None
    versions = tags.as_set(include_weak=True)
    version = versions.pop() if len(versions) == 1 else ""
    if not (version.isascii() and version.isdigit() and len(version) <= 9):
        raise Problem(422, "If-Match must be the version number of the resource", kind="invalid-header",
                      errors={"If-Match": ["must be a version number such as 3"]})
    return int(version)


def prepare_query() -> None:
    """Before a query: bring the read models up (embedded), or wait for X-Min-Position
    (at most five seconds, then 503 with Retry-After). Only an authenticated caller
    waits, and only `MAX_WAITERS` at a time per process: a request nobody may make
    cannot hold a thread. Done once per request (an answer from the cache prepares first)."""
    if "read_position" in g:
        return
    wanted = header_int("X-Min-Position")
    system = services()
    if system.inline:
        system.models.catch_up()
        positions(fresh=True)
    if wanted is not None and positions().read < wanted and (known_actor() is not None or page_actor() is not None):
        if not _WAITERS.acquire(blocking=False):
            raise Problem(503, "too many requests are waiting for the read models; try again shortly",
                          kind="not-caught-up", headers={"Retry-After": "1"})
        try:
            system.models.wait(wanted, timeout=MAX_WAIT_SECONDS)
        except TimeoutError:
            stopped = [s.failure.describe() for s in system.models.status() if s.failure]
            detail = f"the read models have not reached position {wanted} yet"
            if stopped:
                detail += "; " + "; ".join(stopped)
            raise Problem(503, detail, kind="not-caught-up", headers={"Retry-After": "1"}) from None
        finally:
            _WAITERS.release()
        positions(fresh=True)
    g.read_position = positions().read


def after_command(position: int | None) -> dict[str, str]:
    """After a command: bring the read models up (embedded); the headers to answer with."""
    system = services()
    if system.inline and position is not None:
        system.models.catch_up()
    if position is None:
        position = system.models.runner.head()
    return {"X-Log-Position": str(position)}


def read_position_headers() -> dict[str, str]:
    """`X-Read-Position` for the query being answered."""
    return {"X-Read-Position": str(g.get("read_position", 0))}
