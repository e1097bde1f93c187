"""`grants serve`: the API and the pages under gunicorn.

One process (the embedded default) keeps the read models up to date itself. With
`--workers N` (N > 1) the web processes only read them, and one projection worker
process beside them keeps them up — the layout for PostgreSQL, where several machines
can each run web processes behind a load balancer and PostgreSQL is the only shared state.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from application.config import ConfigurationError

THREADS = 4  # per web process


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
                 threads: int = THREADS) -> None:
    """Serve `load_app()` under gunicorn as `grants serve` does (bench.http serves its
    baseline through this too, so both are measured on the same server setup)."""
    _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
               "accesslog": "-", "graceful_timeout": 10, "timeout": 60}, load_app).run()


def serve(host: str, port: int, workers: int, projection_worker: bool | None = None) -> None:
    """Run the web app until interrupted.

    `projection_worker`: start a projection worker process beside the web processes
    (default: when there is more than one web process; one web process alone keeps the
    read models up itself). `False`: the web processes only read, and
    `grants projections run` runs elsewhere — every machine but one when several serve
    the same PostgreSQL.
    """
    os.environ.setdefault("GRANTS_SECRET_KEY", secrets.token_hex(32))  # one key for every worker
    level = os.environ.get("GRANTS_LOG_LEVEL", "WARNING").strip().upper()
    if level not in logging.getLevelNamesMapping():
        raise ConfigurationError(f"GRANTS_LOG_LEVEL={level!r}: use DEBUG, INFO, WARNING or ERROR")
    logging.basicConfig(level=level, format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    inline = projection_worker is None and workers == 1 and os.environ.get("GRANTS_PROJECTIONS") != "worker"
    if projection_worker is None:
        projection_worker = workers > 1
    os.environ["GRANTS_PROJECTIONS"] = "inline" if inline else "worker"
    worker: subprocess.Popen[bytes] | None = None
    if projection_worker:
        worker = subprocess.Popen([sys.executable, "-c", "from web.cli import main; main(['projections', 'run'])"])
    where = ("projeksjoner i egen prosess" if worker else
             "projeksjoner i denne prosessen" if inline else "projeksjoner holdes av en annen prosess")
    print(f"Tilskudd: http://{host}:{port}/  (API /api/v1, dokumentasjon /docs; "
          f"{workers} webprosess{'er' if workers > 1 else ''}, {where})", flush=True)
    try:
        run_gunicorn(host, port, workers)
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
