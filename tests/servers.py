"""`grants serve` as its own process group, for tests that talk to it over real HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    """The direct child processes of `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def command_line(pid: int) -> str:
    """A process's command line, or '' once it is gone."""
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@dataclass
class Server:
    """A running `grants serve`: its address and process."""

    url: str
    process: subprocess.Popen[bytes]
    output: str = ""  # what it printed, once it has stopped

    def web_workers(self) -> list[int]:
        """The gunicorn worker processes (children of the gunicorn master)."""
        return [pid for pid in children(self.process.pid) if "projections" not in command_line(pid)]

    def projection_workers(self) -> list[int]:
        """The supervised projection worker processes."""
        return [pid for pid in children(self.process.pid) if "projections" in command_line(pid)]

    def wait_until_healthy(self, timeout: float = 60) -> None:
        """Return once /healthz answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"grants serve exited with {self.process.returncode}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.1)
        raise AssertionError("grants serve did not become healthy")


@contextmanager
def serving(database_url: str, *args: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`grants serve ARGS` on `database_url`, stopped (and checked for tracebacks) after."""
    port = free_port()
    environment = {**os.environ, "GRANTS_DATABASE_URL": database_url, **(env or {})}
    # The output goes to a file: a pipe nobody reads fills up with the access log and
    # blocks the server mid-request.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-c", f"from cli.main import main; main(['serve', '--port', '{port}', *{list(args)!r}])"],
            env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        server = Server(f"http://127.0.0.1:{port}", process)
        try:
            server.wait_until_healthy()
            yield server
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.seek(0)
            server.output = log.read().decode(errors="replace")
