"""The read path's caches on a real SQLite file: the aggregate cache is exactly as fresh as
the log head it is given (also when an event lands while an aggregate is being loaded),
and kept answers hold only at the positions they were built at."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest

from application import aggregate_cache
from application.aggregate_cache import AggregateCache
from application.service import Grants
from domain.access import token_id
from domain.errors import NotFound
from domain.person import Person
from domain.values import ADMIN, FINANCE, Actor
from web.answer_cache import Answer, AnswerCache
from workloads.builders import FakeClock

ISSUER = Actor("operator:test", "Test", ADMIN)


@pytest.fixture
def two_processes(tmp_path: Path) -> tuple[Grants, Grants]:
    """Two systems on one SQLite file, as a web process and the admin's CLI would be."""
    url = f"sqlite:///{tmp_path / 'grants.sqlite'}"
    web, admin = Grants(url, clock=FakeClock()), Grants(url, clock=FakeClock())
    web.cache_access()
    return web, admin


def _head(grants: Grants) -> int:
    return grants.recorder.max_notification_id() or 0


def test_a_token_revoked_elsewhere_is_refused_at_the_next_head(two_processes: tuple[Grants, Grants]) -> None:
    web, admin = two_processes
    token, _ = admin.issue_token(FINANCE, ISSUER, holder="Kari Nordmann")
    assert web.authenticate(token, _head(web)).name == "Kari Nordmann"
    assert web.access_cache is not None and web.access_cache.seen == _head(web)

    admin.revoke_token(token, ISSUER)

    with pytest.raises(NotFound):
        web.authenticate(token, _head(web))


def test_records_are_read_once_while_the_log_stands_still(two_processes: tuple[Grants, Grants]) -> None:
    web, admin = two_processes
    token, _ = admin.issue_token(FINANCE, ISSUER, holder="Kari Nordmann")
    loads: list[UUID] = []
    load = web._from_events
    web.access_cache = AggregateCache(web.recorder, lambda i: loads.append(i) or load(i))
    head = _head(web)
    for _ in range(5):
        web.authenticate(token, head)
    assert len(loads) == 2  # the token's record and its person, once each
    other, _ = admin.issue_token(FINANCE, ISSUER, holder="Per Hansen")  # touches neither
    web.authenticate(token, _head(web))
    assert len(loads) == 2
    web.authenticate(other, _head(web))
    assert len(loads) == 4


def test_an_event_landing_during_a_load_is_not_missed(two_processes: tuple[Grants, Grants]) -> None:
    web, admin = two_processes
    token, issued = admin.issue_token(FINANCE, ISSUER, holder="Kari Nordmann")
    person_id = UUID(web.authenticate(token).id)
    head = _head(web)
    cache = AggregateCache(web.recorder, lambda i: None)
    cache.get(UUID(int=1), head)  # something kept, so later heads are scanned

    def load_then_revoke(aggregate_id: UUID) -> object | None:
        found = web._from_events(aggregate_id)  # read before the revocation ...
        admin.revoke_membership(person_id, issued.value.membership_id, ISSUER)
        cache.advance(_head(admin))  # ... which another request's scan passes meanwhile
        return found

    cache._load = load_then_revoke
    stale = cache.get(person_id, head)
    assert isinstance(stale, Person) and stale.memberships  # this request saw the old state
    cache._load = web._from_events
    fresh = cache.get(person_id, _head(web))
    assert isinstance(fresh, Person) and not fresh.memberships


def test_a_long_stretch_of_log_empties_the_cache(two_processes: tuple[Grants, Grants],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    web, admin = two_processes
    token, _ = admin.issue_token(FINANCE, ISSUER, holder="Kari Nordmann")
    web.authenticate(token, _head(web))
    monkeypatch.setattr(aggregate_cache, "MAX_SCAN", 1)
    admin.revoke_token(token, ISSUER)
    admin.issue_token(FINANCE, ISSUER, holder="Per Hansen")
    with pytest.raises(NotFound):
        web.authenticate(token, _head(web))
    assert web.access_cache is not None and token_id(token) in web.access_cache._entries  # reloaded


def test_kept_answers_hold_only_at_their_positions() -> None:
    cache = AnswerCache(max_entries=2)
    answer = Answer(b'{"as_of": "2025-01-01T00:00:00+00:00", "x": 1}', (("Content-Type", "application/json"),),
                    (10, 37))
    cache.put((5, 5), "a", answer)
    assert cache.get((5, 5), "a") is answer
    assert cache.get((5, 6), "a") is None
    cache.put((5, 4), "b", answer)  # built before the views moved to (5, 5): not kept
    assert cache.get((5, 5), "b") is None and cache.get((5, 4), "b") is None
    cache.put((6, 6), "c", answer)  # the views moved on: the older answers go
    assert cache.get((6, 6), "c") is answer and cache.get((5, 5), "a") is None
    cache.put((6, 6), "d", answer)
    cache.put((6, 6), "e", answer)
    assert cache.get((6, 6), "c") is None  # the least recently used went
    assert answer.body_now("2026-11-27T10:00:00+00:00") == b'{"as_of": "2026-11-27T10:00:00+00:00", "x": 1}'
