"""The rebuild's fill runs without automatic cyclic collection and collects once at its end."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from readmodels.collector import collections_paused


class _Node:
    """An object that can take part in a reference cycle and be watched by a weak reference."""

    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


def _cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_no_automatic_collection_inside_and_the_cycles_left_are_collected_at_the_end() -> None:
    gc.enable()
    with collections_paused():
        assert not gc.isenabled()
        left = _cycle()
        assert left() is not None  # only a cyclic collection frees it
    assert gc.isenabled()
    assert left() is None


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collections_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_a_failing_block_restores_the_collector_and_still_collects() -> None:
    gc.enable()
    left: weakref.ref[_Node] | None = None
    with pytest.raises(RuntimeError, match="the fill failed"), collections_paused():
        left = _cycle()
        raise RuntimeError("the fill failed")
    assert gc.isenabled()
    assert left is not None and left() is None
