"""Server processes for tests and benchmarks: `grants serve`, a projection worker, any
Python process — each in a session of its own, stopped (with its children) afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import IO

import requests


def free_ports(count: int) -> list[int]:
    """`count` different TCP ports nobody listens on now. Each is held until all are
    chosen: two ports asked for one after the other, each released at once, are the same
    about once in ten thousand, and a server then cannot bind while the other answers in
    its place (a benchmark measured grants serve's 404 as its baseline)."""
    with ExitStack() as held:
        sockets = [held.enter_context(socket.socket()) for _ in range(count)]
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]


def free_port() -> int:
    """A TCP port nobody listens on now; `free_ports` for more than one."""
    return free_ports(1)[0]


class Running:
    """A started process and what it has written so far."""

    def __init__(self, child: subprocess.Popen[bytes], log: IO[bytes]) -> None:
        self.child, self.log = child, log

    def output(self) -> str:
        """Everything the process wrote to stdout and stderr so far."""
        self.log.flush()
        with open(self.log.name, "rb") as file:
            return file.read().decode(errors="replace")


@contextmanager
def process(arguments: Sequence[str], env: dict[str, str] | None = None,
            ready_url: str | None = None) -> Iterator[Running]:
    """Run `python arguments...` in a new session (output to a temporary file); wait until
    `ready_url` answers 200; afterwards stop the whole session and fail loudly if the
    process logged a traceback."""
    with tempfile.NamedTemporaryFile(prefix="tilskudd-bench-", suffix=".log") as log:
        child = subprocess.Popen([sys.executable, *arguments], env={**os.environ, **(env or {})},
                                 stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        running = Running(child, log)
        try:
            if ready_url is not None:
                _wait_until_ready(child, ready_url)
            yield running
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
                try:
                    child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)
                    child.wait()
            output = running.output()
        if "Traceback" in output:
            raise RuntimeError(f"{' '.join(arguments)} logged an error:\n{output[-3000:]}")


def _wait_until_ready(child: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"the server exited with status {child.returncode} before answering {url}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still booting
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within 60 s")


def grants_serve(url: str, port: int, *options: str, env: dict[str, str] | None = None
                 ) -> AbstractContextManager[Running]:
    """`grants serve --port PORT OPTIONS...` on the store at `url`, ready when entered."""
    return process(["-c", f"from cli.main import main; main(['serve', '--port', '{port}', *{list(options)!r}])"],
                   env={"GRANTS_DATABASE_URL": url, **(env or {})}, ready_url=f"http://127.0.0.1:{port}/healthz")


def projection_worker(url: str) -> AbstractContextManager[Running]:
    """`grants projections run` on the store at `url`."""
    return process(["-c", "from cli.main import main; main(['projections', 'run'])"], env={"GRANTS_DATABASE_URL": url})
