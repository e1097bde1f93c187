"""Changing one application, the way every use case on it does: load it as the actor may
see it, answer a repeated request from the log, run the command, save — with the pool
when money moves."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from application.base import GrantsBase, Outcome
from application.retrying import retrying
from domain.application import Application
from domain.application_state import NO_SUCH_APPLICATION
from domain.base import CommandKey
from domain.errors import NotFound
from domain.pool import FundingPool
from domain.scope import check_owner, owner_scope
from domain.values import APPLICANT, Actor


class PoolTurns:
    """One lock per pool, so that this process's threads take turns on a pool's money
    instead of racing each other into optimistic-concurrency conflicts and retries
    (the log still decides between processes)."""

    def __init__(self) -> None:
        self._locks: dict[UUID, threading.Lock] = {}
        self._guard = threading.Lock()

    def of(self, pool_id: UUID) -> threading.Lock:
        """The lock of this pool."""
        with self._guard:
            return self._locks.setdefault(pool_id, threading.Lock())


class ApplicationChanges(GrantsBase):
    """The shared steps of the use cases on one application."""

    #: This process's turns on each pool (shared by every instance: one per process).
    pool_turns = PoolTurns()

    def _application_for(self, application_id: UUID | str, actor: Actor) -> Application:
        """The application `actor` acts on; outside their scope (another organisation,
        community or owner) it is answered as a missing one (the same words)."""
        try:
            application = self.get_application(application_id)
        except NotFound:
            if actor.role == APPLICANT:
                raise NotFound(NO_SUCH_APPLICATION) from None
            raise
        application.check_visible_to(actor)
        if owner_scope(actor) is not None:
            check_owner(actor, self.get_pool(application.pool_id).owner.id, NO_SUCH_APPLICATION)
        return application

    @retrying
    def _change_application(self, application_id: UUID | str, expected_version: int | None,
                            command: Callable[[Application, datetime], object], actor: Actor,
                            request: CommandKey | None = None) -> Outcome[Application]:
        """Get an application, run `command(application, now)` on it, save it (retrying).
        A request carried out before answers its first outcome and records nothing."""
        application = self._application_for(application_id, actor)
        first = self._replayed_or_checked(application, application.reference, actor, request, expected_version)
        if first is not None:
            return first
        with application.answering(request):
            command(application, self.now())
        return Outcome(application, self._save(application))

    def _change_with_pool(self, application_id: UUID | str, expected_version: int | None,
                          command: Callable[[Application, FundingPool, datetime], Decimal],
                          book: Callable[[FundingPool, Application, Decimal, datetime], object], actor: Actor,
                          request: CommandKey | None = None) -> Outcome[Application]:
        """Like `_change_application`, for a command that moves money: `command(application,
        pool, now)` returns the amount, `book(pool, application, amount, now)` records it in the application's
        pool, and both are saved at once, so a concurrent change of either is a conflict."""
        application = self._application_for(application_id, actor)
        first = self._replayed_or_checked(application, application.reference, actor, request, expected_version)
        if first is not None:
            return first
        with self.pool_turns.of(application.pool_id):
            pool = self.get_pool(application.pool_id)
            at = self.now()
            with application.answering(request):
                amount = command(application, pool, at)
            book(pool, application, amount, at)
            return Outcome(application, self._save(application, pool))
