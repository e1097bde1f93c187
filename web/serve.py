"""`grants serve`: the API and the pages under gunicorn.

One process (the embedded default) keeps the read models up to date itself. With
`--workers N` (N > 1) the web processes only read them, and one projection worker
process beside them keeps them up — the layout for PostgreSQL, where several machines
can each run web processes behind a load balancer and PostgreSQL is the only shared state.
"""

from __future__ import annotations

import gc
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from infrastructure.config import WEB_THREADS, ConfigurationError


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured here rather than by a file, serving what `load_app` returns."""

    def __init__(self, options: dict[str, Any], load_app: Callable[[], Flask]) -> None:
        self.options, self.load_app = options, load_app
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.load_app()


def _create_app() -> Flask:
    from web.app import create_app

    return create_app()


def run_gunicorn(host: str, port: int, workers: int, load_app: Callable[[], Flask] = _create_app,
                 threads: int = WEB_THREADS, on_stop_signal: Callable[[], None] | None = None) -> None:
    """Serve `load_app()` as `grants serve` does: gunicorn's processes, each reading
    requests through waitress before they take a thread (`web.buffering`); bench.http
    serves its baseline through this too, so both are measured on the same server setup.
    No control socket: several `grants serve` on one machine share nothing.
    `on_stop_signal` is called in the master as soon as it is told to stop
    (`STOP_SIGNALS`), before gunicorn begins stopping its workers.

    The web modules are imported here, in the master, before any worker is forked: a
    worker that dies is replaced in the time `create_app` takes (no connection is
    opened before the fork), not the second the imports take."""
    import web.app  # noqa: F401 - imported once, inherited by every worker
    from web.buffering import BufferingWorker

    gc.freeze()  # the imports, shared with every worker: no worker's collection walks (or writes to) them

    options: dict[str, Any] = {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": BufferingWorker,
        "graceful_timeout": 10, "timeout": 60, "control_socket_disable": True}
    if on_stop_signal is not None:
        options["when_ready"] = noting_stop_signals(on_stop_signal)
    _Gunicorn(options, load_app).run()


#: The signals on which gunicorn's master stops (SIGTERM: gracefully; SIGINT, SIGQUIT: at once).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


def noting_stop_signals(on_stop_signal: Callable[[], None]) -> Callable[[Any], None]:
    """A gunicorn `when_ready` hook (run in the master once gunicorn has set its own
    signal handlers) that calls `on_stop_signal` on each of `STOP_SIGNALS` before
    gunicorn's own handler. `on_stop_signal` runs inside a signal handler: it must not
    take a lock."""
    def when_ready(_arbiter: Any) -> None:
        for number in STOP_SIGNALS:
            handler = signal.getsignal(number)

            def noted(signum: int, frame: FrameType | None, handler: Any = handler) -> None:
                on_stop_signal()
                if callable(handler):
                    handler(signum, frame)

            signal.signal(number, noted)

    return when_ready


def check_before_start(host: str, port: int) -> None:
    """Refuse to start (one clear error, before any process is forked) when the store
    cannot be used or the address is taken: `ConfigurationError` or `StoreUnavailable`."""
    from infrastructure.config import database_url, eventsourcing_env, probe_store

    url = database_url()
    probe_store(eventsourcing_env(url))
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ConfigurationError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


class Supervisor:
    """Keeps the projection worker process running: when it dies, it is started again
    after a back-off (1 s, doubling to 30 s; back to 1 s once it has run for a minute).

    A signal that stops the server often reaches the worker too (Ctrl-C, or a signal to
    the process group), and the worker may end before the server has stopped its web
    processes: once the server has been told to stop (`stop_signalled`), a worker that
    ends is not started again."""

    FIRST_WAIT, MAX_WAIT, STEADY_AFTER = 1.0, 30.0, 60.0

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        #: Set from a signal handler, where `stopping` (an Event, with a lock) cannot be set.
        self.signalled = False
        self.restarts = 0
        self._thread = threading.Thread(target=self._watch, name="projection-supervisor", daemon=True)

    def stop_signalled(self) -> None:
        """The server has been told to stop: a worker that ends from now on stays ended.
        Safe to call from a signal handler."""
        self.signalled = True

    def _ending(self) -> bool:
        return self.stopping.is_set() or self.signalled

    def start(self) -> None:
        """Start the worker and watch it."""
        self.process = subprocess.Popen(self.command)
        self._thread.start()

    def _watch(self) -> None:
        wait = self.FIRST_WAIT
        started = time.monotonic()
        while not self._ending():
            assert self.process is not None
            if self.process.poll() is None:
                self.stopping.wait(0.2)
                continue
            if self._ending():
                return
            if time.monotonic() - started > self.STEADY_AFTER:
                wait = self.FIRST_WAIT
            print(f"Tilskudd: projeksjonsprosessen stoppet (kode {self.process.returncode}); "
                  f"starter den igjen om {wait:.0f} s", file=sys.stderr, flush=True)
            self.stopping.wait(wait)
            if self._ending():
                return
            self.process = subprocess.Popen(self.command)
            self.restarts += 1
            started = time.monotonic()
            wait = min(wait * 2, self.MAX_WAIT)

    def stop(self) -> None:
        """Stop watching, then stop the worker (SIGTERM, then SIGKILL after 15 s)."""
        self.stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def serve(host: str, port: int, workers: int, projection_worker: bool | None = None) -> None:
    """Run the web app until interrupted.

    `projection_worker`: start a projection worker process beside the web processes
    (default: when there is more than one web process; one web process alone keeps the
    read models up itself), supervised: restarted when it dies. `False`: the web
    processes only read, and `grants projections run` runs elsewhere — every machine
    but one when several serve the same PostgreSQL.
    """
    os.environ.setdefault("GRANTS_SECRET_KEY", secrets.token_hex(32))  # one key for every worker
    level = os.environ.get("GRANTS_LOG_LEVEL", "WARNING").strip().upper()
    if level not in logging.getLevelNamesMapping():
        raise ConfigurationError(f"GRANTS_LOG_LEVEL={level!r}: use DEBUG, INFO, WARNING or ERROR")
    check_before_start(host, port)
    logging.basicConfig(level=level, format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    inline = projection_worker is None and workers == 1 and os.environ.get("GRANTS_PROJECTIONS") != "worker"
    if projection_worker is None:
        projection_worker = workers > 1
    os.environ["GRANTS_PROJECTIONS"] = "inline" if inline else "worker"
    supervisor: Supervisor | None = None
    if projection_worker:
        supervisor = Supervisor([sys.executable, "-c", "from cli.main import main; main(['projections', 'run'])"])
        supervisor.start()
    where = ("projeksjoner i egen prosess" if supervisor else
             "projeksjoner i denne prosessen" if inline else "projeksjoner holdes av en annen prosess")
    print(f"Tilskudd: http://{host}:{port}/  (API /api/v1, dokumentasjon /docs; "
          f"{workers} webprosess{'er' if workers > 1 else ''}, {where})", flush=True)
    try:
        run_gunicorn(host, port, workers, on_stop_signal=supervisor.stop_signalled if supervisor else None)
    finally:
        if supervisor is not None:
            supervisor.stop()
