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

from eventsourcing.persistence import RecordConflictError

from application.base import GrantsBase, Outcome, is_trying_out, reading_once, trying_out
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


@dataclass(eq=False)  # each is itself: two on one application are two
class _Waiting:
    """A command that moves money, its application loaded, waiting for its pool's turn;
    whoever has the turn fills in its outcome or its error."""

    application: Application
    command: CaseCommand
    acting: Acting
    handling: _Handling
    outcome: Outcome[Application] | None = None
    error: BaseException | None = None
    done: bool = False


class PoolTurns:
    """Per pool, a lock and the commands waiting for it, so that this process's threads
    take turns on a pool's money instead of racing each other into optimistic-concurrency
    conflicts and retries (the log still decides between processes). Whoever has a
    pool's turn carries out every command waiting for it — one per application, in the
    order they came — and saves them with the pool at once (`ApplicationChanges`)."""

    def __init__(self) -> None:
        self._locks: dict[UUID, threading.Lock] = {}
        self._waiting: dict[UUID, list[_Waiting]] = {}
        self._guard = threading.Lock()

    def of(self, pool_id: UUID) -> threading.Lock:
        """The lock of this pool."""
        with self._guard:
            return self._locks.setdefault(pool_id, threading.Lock())

    def wait(self, pool_id: UUID, waiting: _Waiting) -> None:
        """Put a command in the pool's queue."""
        with self._guard:
            self._waiting.setdefault(pool_id, []).append(waiting)

    def take(self, pool_id: UUID) -> list[_Waiting]:
        """The commands waiting for the pool, first come first, at most one per application
        (a second on the same application waits for the next turn)."""
        with self._guard:
            queue = self._waiting.get(pool_id, [])
            taken: list[_Waiting] = []
            seen: set[UUID] = set()
            for waiting in queue:
                if waiting.application.id not in seen:
                    seen.add(waiting.application.id)
                    taken.append(waiting)
            left = [waiting for waiting in queue if waiting not in taken]
            if left:
                self._waiting[pool_id] = left
            else:
                self._waiting.pop(pool_id, None)
            return taken


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
        concurrent change of either is a conflict. Commands of this process waiting for
        the same pool are carried out in one turn and one save (`PoolTurns`)."""
        application, first = self.load_for(command, acting)
        if first is not None:
            return first
        waiting = _Waiting(application, command, acting, _Handling(step, book))
        if is_trying_out():  # tried alone: nothing of it is saved
            with self.pool_turns.of(application.pool_id):
                self._carry_out_in_turn(application.pool_id, [waiting])
            return _answer(waiting)
        self.pool_turns.wait(application.pool_id, waiting)
        while not waiting.done:
            with self.pool_turns.of(application.pool_id):
                if not waiting.done:
                    self._carry_out_in_turn(application.pool_id, self.pool_turns.take(application.pool_id))
        return _answer(waiting)

    @reading_once()
    def _carry_out_in_turn(self, pool_id: UUID, batch: list[_Waiting]) -> None:
        """In the pool's turn: load the pool once, run each command's step and booking on
        it in turn (a refusal is that command's alone), and save every application that
        changed with the pool in one save. What the commands only consult (the round, the
        owner's deciding body) is read once for the turn (`reading_once`)."""
        culprit: _Waiting | None = None
        try:
            pool = self.get_pool(pool_id)
            at = self.now()
            changed: list[_Waiting] = []
            for waiting in batch:
                booked = len(pool.pending_events)
                try:
                    with waiting.application.answering(waiting.acting.request):
                        amount = waiting.handling.step(self, waiting.application, pool, waiting.command,
                                                       waiting.acting.actor, at)
                    assert waiting.handling.book is not None
                    waiting.handling.book(pool, waiting.application, amount, waiting.command, waiting.acting.actor, at)
                except Exception as error:  # raised in the command's own thread
                    waiting.error = error
                    if len(pool.pending_events) != booked:  # the pool took part of it: the others start again
                        culprit = waiting
                        raise RecordConflictError("a refused command had changed the pool") from error
                else:
                    changed.append(waiting)
            if changed:
                position = self._save(*(waiting.application for waiting in changed), pool)
                for waiting in changed:
                    waiting.outcome = Outcome(waiting.application, position)
        except Exception as error:  # noqa: BLE001 - the pool or the save: every command of the turn
            for waiting in batch:
                if waiting is not culprit and waiting.outcome is None and (
                        waiting.error is None or isinstance(error, RecordConflictError)):
                    waiting.error = _own_copy(error)
        finally:
            for waiting in batch:
                waiting.done = True


def _answer(waiting: _Waiting) -> Outcome[Application]:
    """The command's outcome, or its error raised in its own thread."""
    if waiting.error is not None:
        raise waiting.error
    assert waiting.outcome is not None
    return waiting.outcome


def _own_copy(error: BaseException) -> BaseException:
    """An error shared by every command of a turn, as an instance of its own for each
    (each thread raises it, and a raise writes its traceback on the instance)."""
    try:
        copy = type(error)(*error.args)
    except Exception:  # noqa: BLE001 - an error that cannot be made again is shared
        return error
    copy.__cause__ = error
    return copy
