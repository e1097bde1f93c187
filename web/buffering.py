"""The web processes' HTTP server: gunicorn keeps the processes (forks them, restarts one
that dies, stops them gracefully), and in each of them waitress reads every request —
headers and body — completely, in one thread that waits on all connections at once,
before a request takes one of the worker threads. A client that stops sending halfway
(slowloris, a stalled upload) holds a connection, never a thread: `/healthz` and every
other request go on being answered. Idle connections are closed after
`CHANNEL_TIMEOUT` seconds; at most `CONNECTION_LIMIT` are open per process.

What waitress answers itself — a header block over `MAX_HEADER_BYTES`, a body over
`MAX_BODY_BYTES`, a request it cannot parse — is a problem document with the same
security headers as every other answer (`web.edge.SERVER_ANSWER_HEADERS`)."""

from __future__ import annotations

import gc
import json
import os
import time
from typing import Any, Final

from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from domain.attachments import MAX_ATTACHMENT_BYTES
from web.edge import SERVER_ANSWER_HEADERS

#: Seconds a connection may stay silent (mid-request, or kept alive) before it is closed.
CHANNEL_TIMEOUT: Final = 30
#: Connections one web process keeps open at once (beyond it, new ones wait in the backlog).
CONNECTION_LIMIT: Final = 500
#: The request line and headers together (browsers send a few KB; cookies are small here).
MAX_HEADER_BYTES: Final = 32 * 1024
#: The largest body any endpoint reads: a file and its form (`web.pages.files`).
MAX_BODY_BYTES: Final = MAX_ATTACHMENT_BYTES + 256 * 1024


class ProblemErrorTask(ErrorTask):  # type: ignore[misc]
    """What waitress answers itself (400, 413, 431 ...), as a problem document with the
    security headers every answer carries."""

    def execute(self) -> None:
        error = self.request.error
        body = json.dumps({"type": "about:blank", "title": error.reason, "status": error.code,
                           "detail": " ".join(str(error.body).split())[:300] or error.reason}).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", "application/problem+json"), ("Connection", "close"),
                                      *SERVER_ANSWER_HEADERS])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class ProblemChannel(HTTPChannel):  # type: ignore[misc]
    """A waitress connection whose own error answers are problem documents."""

    error_task_class = ProblemErrorTask


def trusted_proxy() -> dict[str, Any]:
    """Waitress's settings for a reverse proxy in front (`GRANTS_TRUSTED_PROXY`: its
    address, or `*` when nothing but proxies can reach the server): the client's
    address is then taken from `X-Forwarded-For` (the proxy's own hop) and the scheme
    from `X-Forwarded-Proto`. Unset: the peer's address is the client's, and such
    headers are dropped."""
    proxy = os.environ.get("GRANTS_TRUSTED_PROXY", "").strip()
    if not proxy:
        return {"clear_untrusted_proxy_headers": True}
    return {"trusted_proxy": proxy, "trusted_proxy_count": 1, "clear_untrusted_proxy_headers": True,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"}}


class BufferingWorker(Worker):  # type: ignore[misc]
    """A gunicorn worker process that serves its share of the listening socket through
    waitress (see the module's text), beating gunicorn's heartbeat once a second."""

    def run(self) -> None:
        # What start-up made (modules, the app, its schemas and templates: ~150 000 objects)
        # lives as long as the process. Frozen, a full collection no longer walks it — it
        # took ~100 ms of CPU, with every thread of the process stopped (bench/README.md).
        gc.freeze()
        connections: dict[int, Any] = {}
        server = create_server(
            self.wsgi, map=connections, sockets=[listener.sock for listener in self.sockets],
            threads=self.cfg.threads, connection_limit=CONNECTION_LIMIT, channel_timeout=CHANNEL_TIMEOUT,
            cleanup_interval=5, max_request_header_size=MAX_HEADER_BYTES, max_request_body_size=MAX_BODY_BYTES,
            ident="tilskudd", asyncore_use_poll=True, **trusted_proxy())
        listeners = [d for d in connections.values() if hasattr(d, "channel_class")]  # the listening sockets
        for listener in listeners:
            listener.channel_class = ProblemChannel
        while self.alive and os.getppid() == self.ppid:
            self.notify()
            wasyncore.loop(timeout=1.0, map=connections, use_poll=True, count=1)
        self._stop(server, connections, listeners)

    def _stop(self, server: Any, connections: dict[int, Any], listeners: list[Any]) -> None:
        """Stop accepting, let the requests being served finish (at most the graceful
        timeout), then close what is left."""
        for listener in listeners:
            listener.del_channel()  # this process no longer accepts; the socket stays open for the others
        deadline = time.monotonic() + self.cfg.graceful_timeout
        while time.monotonic() < deadline and any(
                isinstance(c, HTTPChannel) and (c.requests or c.total_outbufs_len) for c in list(connections.values())):
            self.notify()
            wasyncore.loop(timeout=0.2, map=connections, use_poll=True, count=1)
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
        wasyncore.close_all(connections)
