"""`AnswerCache`: answers kept in a web process for as long as the read models stand at
the positions they were built at (see `web.answers`)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

#: Answers kept per process (least recently used go first).
MAX_ANSWERS = 2048


@dataclass(frozen=True)
class Answer:
    """A kept answer: its body and headers, and where in the body the live time stands."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    live: tuple[int, int] | None = None

    @classmethod
    def of(cls, body: bytes, headers: tuple[tuple[str, str], ...], live_field: str | None = None) -> Answer:
        """An answer whose JSON body holds, at its top level, the live time under `live_field`."""
        live = None
        if live_field is not None:
            try:
                value = json.loads(body).get(live_field)
            except (ValueError, AttributeError):
                value = None
            encoded = json.dumps(value).encode()
            if isinstance(value, str) and body.count(encoded) == 1:
                start = body.index(encoded)
                live = (start, start + len(encoded))
        return cls(body, headers, live)

    def body_now(self, now: str) -> bytes:
        """The body, with the live time (if any) written in as `now`."""
        if self.live is None:
            return self.body
        start, end = self.live
        return self.body[:start] + json.dumps(now).encode() + self.body[end:]


Kept = TypeVar("Kept")


class AnswerCache(Generic[Kept]):
    """Answers (or pages, `web.page_answers`) by (person, URL), valid while the views
    stand at the positions they were built at."""

    def __init__(self, max_entries: int = MAX_ANSWERS) -> None:
        self._max = max_entries
        self._at: tuple[int, ...] | None = None
        self._answers: OrderedDict[Hashable, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, at: tuple[int, ...], key: Hashable) -> Kept | None:
        """The answer kept for `key` at exactly these positions."""
        with self._lock:
            if at != self._at:
                return None
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def put(self, at: tuple[int, ...], key: Hashable, answer: Kept) -> None:
        """Keep `answer` for `key` at these positions; answers of older positions go."""
        with self._lock:
            if self._at is not None and at != self._at and all(a <= b for a, b in zip(at, self._at, strict=True)):
                return  # built at positions the views have already left
            if at != self._at:  # the views moved on (or were rebuilt): older answers go
                self._at, self._answers = at, OrderedDict()
            self._answers[key] = answer
            while len(self._answers) > self._max:
                self._answers.popitem(last=False)
