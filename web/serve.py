"""`grants serve`: the API and the pages under gunicorn.

One process (the embedded default) keeps the read models up to date itself. With
`--workers N` (N > 1) the web processes only read them, and one projection worker
process beside them keeps them up — the layout for PostgreSQL, where several machines
can each run web processes behind a load balancer and PostgreSQL is the only shared state.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured here rather than by a file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        from web.app import create_app

        return create_app()


def serve(host: str, port: int, workers: int, threads: int = 4) -> None:
    """Run the web app until interrupted; with several workers, a projection worker too."""
    os.environ.setdefault("GRANTS_SECRET_KEY", secrets.token_hex(32))  # one key for every worker
    worker: subprocess.Popen[bytes] | None = None
    if workers > 1:
        os.environ["GRANTS_PROJECTIONS"] = "worker"
        worker = subprocess.Popen([sys.executable, "-c", "from web.cli import main; main(['projections', 'run'])"])
    else:
        os.environ.setdefault("GRANTS_PROJECTIONS", "inline")
    print(f"Tilskudd: http://{host}:{port}/  (API /api/v1, dokumentasjon /docs; "
          f"{workers} webprosess{'er' if workers > 1 else ''}"
          f"{', projeksjoner i egen prosess' if worker else ''})", flush=True)
    try:
        _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
                   "accesslog": "-", "graceful_timeout": 10, "timeout": 60}).run()
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
