"""Slow clients cannot hold the server: over `grants serve --workers 2` (16 worker threads
in all), 32 connections that stop sending halfway — 16 in the middle of their headers,
16 in the middle of a declared body — hold no thread, and while they hang `/healthz`
and an authenticated read are each answered within a second, every time. What the
server answers itself (a header block or a body too large) is a problem document with
the security headers every answer carries."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
import requests

from application.service import Grants
from domain.values import AUDITOR
from tests.servers import Server, serving
from tests.web.support import ISSUER

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

STALLED = 32
#: How long the stalled connections are held while the server is asked.
HOLD_SECONDS = 8.0


@pytest.fixture
def served(postgres_url: str) -> Iterator[tuple[Server, str]]:
    grants = Grants(postgres_url)
    token, _ = grants.issue_token(AUDITOR, ISSUER, holder="Revisjon Nord")
    grants.close()
    with serving(postgres_url, "--workers", "2") as server:
        yield server, token


def _stall(server: Server, number: int) -> socket.socket:
    """A connection that sends part of a request and then nothing more."""
    host, port = server.url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=5)
    if number % 2 == 0:  # mid-headers
        connection.sendall(b"GET /api/v1/budget HTTP/1.1\r\nHost: tilskudd\r\nAuthorization: Bearer tsk_")
    else:  # mid-body: 100 000 bytes declared, 10 sent
        connection.sendall(b"POST /api/v1/people HTTP/1.1\r\nHost: tilskudd\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 100000\r\n\r\n{\"name\": \"")
    return connection


def test_stalled_connections_hold_no_thread(served: tuple[Server, str]) -> None:
    server, token = served
    stalled = [_stall(server, number) for number in range(STALLED)]
    try:
        time.sleep(0.5)  # every stalled request has reached the server
        latencies: dict[str, list[float]] = {"/healthz": [], "/api/v1/budget": []}
        deadline = time.monotonic() + HOLD_SECONDS
        while time.monotonic() < deadline:
            for path, latency in latencies.items():
                started = time.monotonic()
                answer = requests.get(server.url + path, timeout=1.0, headers={
                    "Authorization": f"Bearer {token}", "Connection": "close"})
                latency.append(time.monotonic() - started)
                assert answer.status_code == 200, (path, answer.status_code, answer.text[:200])
        # The stalled connections are still open: they were held all along, not dropped.
        for connection in stalled:
            connection.setblocking(False)
            with pytest.raises(BlockingIOError):
                connection.recv(1)
        for path, latency in latencies.items():
            print(f"{path}: {len(latency)} answers while {STALLED} connections stalled, "
                  f"slowest {max(latency) * 1000:.0f} ms, median {sorted(latency)[len(latency) // 2] * 1000:.0f} ms")
            assert len(latency) >= 10 and max(latency) < 1.0
    finally:
        for connection in stalled:
            connection.close()


def test_what_the_server_refuses_itself_is_a_problem_with_the_security_headers(served: tuple[Server, str]) -> None:
    server, _ = served
    huge_header = requests.get(server.url + "/healthz", headers={"X-Padding": "x" * 40_000}, timeout=10)
    huge_body = requests.post(server.url + "/api/v1/people", data=b"x" * (11 * 1024 * 1024), timeout=30,
                              headers={"Content-Type": "application/json"})
    for answer, status in ((huge_header, 431), (huge_body, 413)):
        assert answer.status_code == status, (answer.status_code, answer.text[:200])
        assert answer.headers["Content-Type"] == "application/problem+json"
        assert answer.json()["status"] == status
        for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
            assert header in answer.headers, (status, header)
