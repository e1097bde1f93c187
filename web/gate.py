"""`KeepingGate`: WSGI middleware in front of the app that sends what was kept, or lets
the app answer and keeps what it built — the mechanism the API's kept answers
(`web.answers`) and the kept work pages (`web.page_answers`) share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
#: Headers that are the request's own, not the kept answer's.
OWN_HEADERS = frozenset({"x-read-position", "content-length", "date", "server"})


def kept_headers(headers: list[tuple[str, str]]) -> tuple[tuple[str, str], ...] | None:
    """The headers to keep with an answer; None when the answer changes the client's
    session (a `Set-Cookie`): such an answer is the request's own, never kept."""
    if any(name.lower() == "set-cookie" for name, _ in headers):
        return None
    return tuple((name, value) for name, value in headers if name.lower() not in OWN_HEADERS)


class KeepingGate(ABC):
    """Sends `kept(environ)` when there is one (200, before the app is entered); else the
    app answers, and a 200 for a request `wanted` marks is handed to `keep`. A failure
    in the gate is never the client's: the app answers instead."""

    def __init__(self, wsgi: WsgiApp) -> None:
        self.wsgi = wsgi
        #: How many answers this gate has sent from what was kept.
        self.sent = 0

    @abstractmethod
    def kept(self, environ: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]] | None:
        """The kept body and headers to send for this request, or None."""

    @abstractmethod
    def wanted(self, environ: dict[str, Any]) -> bool:
        """Whether the app marked this request's answer to be kept."""

    @abstractmethod
    def keep(self, environ: dict[str, Any], headers: list[tuple[str, str]], body: bytes) -> None:
        """Keep the app's 200 answer to a marked request."""

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            found = self.kept(environ)
        except Exception:  # noqa: BLE001 - the gate only ever saves work: the app answers, errors included
            found = None
        if found is not None:
            body, headers = found
            self.sent += 1
            start_response("200 OK", headers)
            return [body]
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            captured[:] = [status, headers]
            return start_response(status, headers, *rest)

        answer = self.wsgi(environ, capture)
        if not captured or not captured[0].startswith("200 ") or not self.wanted(environ):
            return answer
        body = b"".join(answer)
        if hasattr(answer, "close"):
            answer.close()
        self.keep(environ, captured[1], body)
        return [body]
