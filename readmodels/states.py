"""An aggregate's state kept in a read-model row, so the next event is applied by the
domain's own code (`event.mutate`) rather than by a second copy of its rules.

The state is the aggregate's attributes, encoded by the application's transcoder —
deterministic (no snapshot timestamp), so a rebuild writes identical bytes.
"""

from __future__ import annotations

import typing
from functools import cache
from typing import Any, TypeVar, cast

from eventsourcing.persistence import Transcoder
from sqlalchemy import Engine

from readmodels.view import View

A = TypeVar("A")


def encode_state(transcoder: Transcoder, aggregate: object) -> bytes:
    """The aggregate's attributes as the transcoder's bytes."""
    state = dict(vars(aggregate))
    state.pop("_pending_events", None)
    return transcoder.encode(state)


def decode_state(transcoder: Transcoder, cls: type[A], data: bytes) -> A:
    """The aggregate of class `cls` whose attributes `encode_state` wrote."""
    state = transcoder.decode(data)
    for name in _tuple_attributes(cast(Any, cls)):
        if isinstance(state.get(name), list):
            state[name] = tuple(state[name])
    aggregate = object.__new__(cls)
    aggregate.__dict__.update(state)
    aggregate.__dict__["_pending_events"] = []
    return aggregate


@cache
def _tuple_attributes(cls: Any) -> tuple[str, ...]:
    """Attributes annotated as tuples (JSON gives them back as lists)."""
    hints = typing.get_type_hints(cls)
    return tuple(name for name, hint in hints.items() if typing.get_origin(hint) is tuple)


class StatefulView(View):
    """A view whose rows keep their aggregate's state in a `state` column."""

    def __init__(self, engine: Engine, transcoder: Transcoder, prefix: str = "rm_") -> None:
        self.transcoder = transcoder
        super().__init__(engine, prefix)

    def load_state(self, cls: type[A], row: dict[str, Any] | None) -> A | None:
        """The aggregate a row holds (None for no row)."""
        return None if row is None else decode_state(self.transcoder, cls, row["state"])

    def dump_state(self, aggregate: object) -> bytes:
        """The bytes to keep in the row's `state` column."""
        return encode_state(self.transcoder, aggregate)
