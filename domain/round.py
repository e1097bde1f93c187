"""Round (utlysning): a call for applications against one pool, with a deadline and criteria."""

from __future__ import annotations

import re
from datetime import date, datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from domain import text
from domain.base import CommandKey, GrantAggregate
from domain.errors import DeadlinePassed, InvalidInput, RoundClosed, WrongStatus
from domain.followup import FollowUp
from domain.text import optional_text, require_text
from domain.values import FINANCE, Actor, Criterion

OSLO = ZoneInfo("Europe/Oslo")


def _a_year_after(day: date) -> date:
    """The same day a year later (28 February for 29 February)."""
    return day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else date(day.year + 1, 2, 28)


def local_date(at: datetime) -> date:
    """The calendar date in Norway at the instant `at`."""
    return at.astimezone(OSLO).date()


class Round(GrantAggregate):
    """A call for applications. Submissions are accepted until the end of the deadline day
    (Europe/Oslo) while the round is open."""

    class Opened(GrantAggregate.Created):
        pool_id: UUID
        title: str
        deadline: date
        criteria: tuple[Criterion, ...]
        requires_own_contribution: bool
        open_to_outsiders: bool = False  # absent from rounds opened before it existed
        follow_up: FollowUp | None = None  # likewise
        follows: UUID | None = None  # the round this one repeats (absent from the first of a series)
        call_text: str = ""  # the call's own text (absent from rounds opened before it existed)

        def apply(self, round_: Round) -> None:
            round_.pool_id, round_.title, round_.deadline = self.pool_id, self.title, self.deadline
            round_.criteria = tuple(self.criteria)
            round_.requires_own_contribution = self.requires_own_contribution
            if self.open_to_outsiders:  # kept out of the state otherwise: older rounds' state stays as it was
                round_.open_to_outsiders = True
            if self.follow_up is not None:
                round_.follow_up = self.follow_up
            if self.follows is not None:
                round_.follows = self.follows
            if self.call_text:
                round_.call_text = self.call_text
            round_.status = "open"

    class Closed(GrantAggregate.Event):
        def apply(self, round_: Round) -> None:
            round_.status = "closed"

    class Continued(GrantAggregate.Event):
        next_round_id: UUID

        def apply(self, round_: Round) -> None:
            round_.followed_by = self.next_round_id

    pool_id: UUID
    title: str
    deadline: date
    criteria: tuple[Criterion, ...]
    requires_own_contribution: bool
    status: str
    open_to_outsiders: bool = False  # set in the state only when true
    follow_up: FollowUp | None = None  # set in the state only when the round has terms
    follows: UUID | None = None  # set only for a round that repeats an earlier one
    followed_by: UUID | None = None  # set once the next round of the series is opened
    call_text: str = ""  # set in the state only when the call has a text of its own

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @classmethod
    def open(
        cls, pool_id: UUID, title: str, deadline: date, criteria: list[Criterion],
        requires_own_contribution: bool, actor: Actor, at: datetime,
        round_id: UUID | None = None, request: CommandKey | None = None, open_to_outsiders: bool = False,
        follow_up: FollowUp | None = None, follows: UUID | None = None, call_text: str = "",
    ) -> Round:
        """Open a round against a pool (finance only). `open_to_outsiders`: applicants need
        not be members of the health community they apply through; `follow_up`: the
        holdback and final report every grant of the round gets; `call_text`: the call as
        the owner words it (what is funded, for whom, how to apply)."""
        actor.require_role(FINANCE)
        if not isinstance(deadline, date) or isinstance(deadline, datetime):
            raise InvalidInput("deadline", "must be a date")
        if not isinstance(open_to_outsiders, bool):
            raise InvalidInput("open_to_outsiders", "must be true or false")
        if not isinstance(requires_own_contribution, bool):
            raise InvalidInput("requires_own_contribution", "must be true or false")
        if not isinstance(criteria, (list, tuple)) or not all(isinstance(c, Criterion) for c in criteria):
            raise InvalidInput("criteria", "must be a list of criteria with id, name and weight")
        checked = tuple(c.validated(i) for i, c in enumerate(criteria))
        if not checked:
            raise InvalidInput("criteria", "a round needs at least one criterion")
        if len({c.id for c in checked}) != len(checked):
            raise InvalidInput("criteria", "criterion ids must be unique")
        return cls._create(
            cls.Opened, id=round_id or uuid4(), timestamp=at, actor=actor, pool_id=pool_id, request=request,
            title=require_text(title, "title", text.TITLE), deadline=deadline, criteria=checked,
            requires_own_contribution=requires_own_contribution, open_to_outsiders=open_to_outsiders,
            follow_up=None if follow_up is None else follow_up.validated(), follows=follows,
            call_text=optional_text(call_text, "call_text", text.CALL_TEXT),
        )

    def next_in_series(self, deadline: date | None, title: str | None, actor: Actor, at: datetime,
                       round_id: UUID | None = None, request: CommandKey | None = None) -> Round:
        """The next round of this one's series: the same pool, criteria and terms, a year
        later unless another deadline is given, the years in the title moved on. This round
        records that it was continued (save both together: a series never forks)."""
        if self.followed_by is not None:
            raise WrongStatus(f"round {self.title!r} is already followed by round {self.followed_by}")
        if deadline is None:
            deadline = _a_year_after(self.deadline)
        if title is None:
            title = re.sub(r"\b(20\d\d)\b", lambda year: str(int(year.group(1)) + 1), self.title)
        following = Round.open(self.pool_id, title, deadline, list(self.criteria), self.requires_own_contribution,
                               actor, at, round_id, request, open_to_outsiders=self.open_to_outsiders,
                               follow_up=self.follow_up, follows=self.id, call_text=self.call_text)
        self._record(self.Continued, at, actor, next_round_id=following.id)
        return following

    def close(self, actor: Actor, at: datetime) -> None:
        """Close the round: no more submissions (finance only)."""
        actor.require_role(FINANCE)
        if self.status == "closed":
            raise WrongStatus(f"round {self.title!r} is already closed")
        self._record(self.Closed, at, actor)

    def check_accepts_submissions(self, at: datetime) -> None:
        """Raise unless an application may be submitted or amended at `at`."""
        if self.status != "open":
            raise RoundClosed(f"round {self.title!r} is closed")
        self.check_before_deadline(at)

    def check_before_deadline(self, at: datetime) -> None:
        """Raise when `at` falls after the deadline day (Norwegian time)."""
        if local_date(at) > self.deadline:
            raise DeadlinePassed(f"the deadline of round {self.title!r} was {self.deadline.isoformat()}")
