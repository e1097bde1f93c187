"""`grants serve` as the tests meet it over real HTTP: its address, and its web and
projection-worker processes to kill (the process handling is workloads.servers')."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workloads.servers import Running, free_port, grants_serve


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
    """A running `grants serve`: its address and its process."""

    url: str
    running: Running

    def web_workers(self) -> list[int]:
        """The gunicorn worker processes (children of the gunicorn master)."""
        return [pid for pid in children(self.running.child.pid) if "projections" not in command_line(pid)]

    def projection_workers(self) -> list[int]:
        """The supervised projection worker processes."""
        return [pid for pid in children(self.running.child.pid) if "projections" in command_line(pid)]


@contextmanager
def serving(database_url: str, *args: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`grants serve ARGS` on `database_url`, healthy when entered; stopped afterwards,
    failing loudly if it logged a traceback."""
    port = free_port()
    with grants_serve(database_url, port, *args, env=env) as running:
        yield Server(f"http://127.0.0.1:{port}", running)
