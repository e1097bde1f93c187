"""Carrying out a command on an application (`domain.commands`): `run` loads it as the
person may see it, answers a repeated request from the log, runs the command's step,
and saves — with the pool when money moves. Each command's step is registered by its
type (`carries_out`) in the module of its concern; a few commands are use cases of
their own (`use_case`: submission makes an application, a payment also takes its
reference, a file may already be there)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from application.base import GrantsBase, Outcome, trying_out
from application.retrying import retrying
from domain.application import Application
from domain.application_state import NO_SUCH_APPLICATION
from domain.base import CommandKey
from domain.commands import CaseCommand, Submit
from domain.errors import NotFound
from domain.pool import FundingPool
from domain.scope import check_owner, owner_scope
from domain.values import APPLICANT, Actor

C = TypeVar("C")


@dataclass(frozen=True)
class Acting:
    """Who carries out a command, the version of the application they last read (a
    client's If-Match), and the request it answers (its Idempotency-Key)."""

    actor: Actor
    expected_version: int | None = None
    request: CommandKey | None = None


#: What a command does to the application: (the service, the application, the command, who, when).
Step = Callable[[Any, Application, Any, Actor, datetime], object]
#: What a command that moves money does: (the service, the application, its pool, the
#: command, who, when) → the amount (or what its `Book` needs: a reversal gives the amount
#: per year too); booked on the pool by its `Book` in the same save.
MoneyStep = Callable[[Any, Application, FundingPool, Any, Actor, datetime], Any]
Book = Callable[[FundingPool, Application, Any, Any, Actor, datetime], object]
#: A command carried out by a use case of its own: (the service, the command, who acts).
UseCase = Callable[[Any, Any, Acting], Outcome[Application]]


@dataclass(frozen=True)
class _Handling:
    step: Callable[..., Any]  # a `Step`, or a `MoneyStep` when `book` is given
    book: Book | None = None


_STEPS: dict[type[Any], _Handling] = {}
_USE_CASES: dict[type[Any], UseCase] = {}


def carries_out(command: type[C], book: Book | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the step of `command`; with `book`, a step that
    moves money (it returns the amount, `book` records it in the pool)."""
    def register(step: Callable[..., Any]) -> Callable[..., Any]:
        _STEPS[command] = _Handling(step, book)
        return step
    return register


def step_of(command: type[Any]) -> tuple[Callable[..., Any], Book | None]:
    """The step registered for a type of command, and its `Book` for one that moves money
    (None); `KeyError` for a command carried out by a use case of its own."""
    handling = _STEPS[command]
    return handling.step, handling.book


def use_case(command: type[C]) -> Callable[[UseCase], UseCase]:
    """Register the decorated function as the use case that carries out `command`."""
    def register(handler: UseCase) -> UseCase:
        _USE_CASES[command] = handler
        return handler
    return register


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
    """Carrying out the commands on applications."""

    #: This process's turns on each pool (shared by every instance: one per process).
    pool_turns = PoolTurns()

    @retrying
    def run(self, command: CaseCommand | Submit, *, actor: Actor, expected_version: int | None = None,
            request: CommandKey | None = None) -> Outcome[Application]:
        """Carry out `command` as `actor` (see the module's text), retried when a
        concurrent writer got there first; `expected_version` is a client's If-Match,
        `request` its Idempotency-Key."""
        acting = Acting(actor, expected_version, request)
        own = _USE_CASES.get(type(command))
        if own is not None:
            return own(self, command, acting)
        assert isinstance(command, CaseCommand), f"no use case carries out {type(command).__name__}"
        handling = _STEPS[type(command)]
        if handling.book is None:
            return self._change_application(command, acting, handling.step)
        return self._change_with_pool(command, acting, handling.step, handling.book)

    def try_out(self, command: CaseCommand, *, actor: Actor, expected_version: int | None = None) -> None:
        """Whether `run` would carry out `command` now: it raises the domain's refusal
        (the rule, the status, the pool's money, a report overdue …) as `run` would, and
        returns when the command would be recorded — recording nothing. The pages ask
        a person to confirm money only when it would really move."""
        with trying_out():
            self.run(command, actor=actor, expected_version=expected_version)

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

    def load_for(self, command: CaseCommand, acting: Acting) -> tuple[Application, Outcome[Application] | None]:
        """The application the command is on, as the person may see it; and, when the log
        shows the request carried out before, its first outcome (else the client's
        If-Match is checked)."""
        application = self._application_for(command.application_id, acting.actor)
        return application, self._replayed_or_checked(application, application.reference, acting.actor,
                                                       acting.request, acting.expected_version)

    def _change_application(self, command: CaseCommand, acting: Acting, step: Step) -> Outcome[Application]:
        """Get the application, run the step on it, save it. A request carried out before
        answers its first outcome and records nothing."""
        application, first = self.load_for(command, acting)
        if first is not None:
            return first
        with application.answering(acting.request):
            step(self, application, command, acting.actor, self.now())
        return Outcome(application, self._save(application))

    def _change_with_pool(self, command: CaseCommand, acting: Acting, step: MoneyStep,
                          book: Book) -> Outcome[Application]:
        """Like `_change_application`, for a step that moves money: it returns the amount,
        `book` records it in the application's pool, and both are saved at once, so a
        concurrent change of either is a conflict."""
        application, first = self.load_for(command, acting)
        if first is not None:
            return first
        with self.pool_turns.of(application.pool_id):
            pool = self.get_pool(application.pool_id)
            at = self.now()
            with application.answering(acting.request):
                amount = step(self, application, pool, command, acting.actor, at)
            book(pool, application, amount, command, acting.actor, at)
            return Outcome(application, self._save(application, pool))
