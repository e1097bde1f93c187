"""Stopping `grants serve`: a signal that stops the server often reaches its projection
worker too (Ctrl-C, a signal to the process group), and the worker may end before the
server has stopped its web processes. It must not then be started again: a worker
started during the stop kept the server from ending (seen in CI: `grants serve
--workers 2` still running 30 s after SIGTERM to its group)."""

from __future__ import annotations

import os
import signal
import sys
import time
from types import FrameType

from web.serve import STOP_SIGNALS, Supervisor, noting_stop_signals

#: A projection worker that ends by itself shortly after it starts.
SHORT_LIVED = [sys.executable, "-c", "import time; time.sleep(0.3)"]


def _restarts_after_its_end(signalled: bool) -> int:
    supervisor = Supervisor(SHORT_LIVED)
    supervisor.start()
    try:
        if signalled:
            supervisor.stop_signalled()
        # it ends at 0.3 s; a restart would come 1 s after the supervisor sees that
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline and supervisor.restarts == 0:
            time.sleep(0.05)
        return supervisor.restarts
    finally:
        supervisor.stop()


def test_a_worker_that_ends_after_the_server_was_told_to_stop_is_not_started_again() -> None:
    assert _restarts_after_its_end(signalled=True) == 0


def test_a_worker_that_ends_while_the_server_runs_is_started_again() -> None:
    assert _restarts_after_its_end(signalled=False) >= 1


def test_each_stop_signal_is_noted_before_gunicorns_own_handler_runs() -> None:
    seen: list[str] = []

    def gunicorns(signum: int, _frame: FrameType | None) -> None:
        seen.append(f"gunicorn {signum}")

    previous = {number: signal.signal(number, gunicorns) for number in STOP_SIGNALS}
    try:
        noting_stop_signals(lambda: seen.append("noted"))(None)  # as gunicorn calls `when_ready`
        for number in STOP_SIGNALS:
            os.kill(os.getpid(), number)
            deadline = time.monotonic() + 2.0
            while f"gunicorn {number}" not in seen and time.monotonic() < deadline:
                time.sleep(0.01)  # the handler runs in this (the main) thread, between two steps
        assert seen == [entry for number in STOP_SIGNALS for entry in ("noted", f"gunicorn {number}")]
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
