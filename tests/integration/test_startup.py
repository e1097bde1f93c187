"""Several processes starting at once on one PostgreSQL database (as web workers do)."""

from __future__ import annotations

import multiprocessing

import pytest

from application.service import Grants


def _start(url: str, barrier: object) -> None:
    barrier.wait(timeout=60)  # type: ignore[attr-defined]
    Grants(url).close()


@pytest.mark.postgres
@pytest.mark.slow
def test_processes_starting_together_all_get_a_working_store(postgres_url: str) -> None:
    # without the schema lock, concurrent CREATE TABLE failed ("tuple concurrently updated")
    # in roughly one start of ten; five waves of six give it every chance
    context = multiprocessing.get_context("spawn")
    for _ in range(5):
        barrier = context.Barrier(6)
        processes = [context.Process(target=_start, args=(postgres_url, barrier)) for _ in range(6)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=120)
        assert [p.exitcode for p in processes] == [0] * 6
    grants = Grants(postgres_url)
    try:
        assert grants.recorder.max_notification_id() is None
    finally:
        grants.close()
