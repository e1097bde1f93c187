"""Round (utlysning): a call for applications against one pool, with a deadline and criteria."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from domain import text
from domain.base import CommandKey, GrantAggregate
from domain.errors import DeadlineInPast, DeadlinePassed, InvalidInput, RoundClosed, WrongStatus
from domain.followup import FollowUp, Indicator
from domain.text import optional_text, require_text
from domain.values import FINANCE, Actor, Criterion

OSLO = ZoneInfo("Europe/Oslo")


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February)."""
    if (day.month, day.day) == (2, 29):
        return date(day.year + years, 2, 28)
    return day.replace(year=day.year + years)


@dataclass(frozen=True)
class Series:
    """How a series of rounds repeats: yearly, with the deadline on the same day each
    year (e.g. 1 October: "Deretter årlig søknadsfrist 1. oktober")."""

    deadline_month: int
    deadline_day: int

    def validated(self) -> Series:
        """This rule, or `InvalidInput` when it names no day of the year."""
        try:
            date(2023, self.deadline_month, self.deadline_day)  # a common year: never 29 February
        except (TypeError, ValueError):
            raise InvalidInput("series", "must name a day of the year, as month and day (not 29 February)") from None
        return self

    def next_deadline(self, after: date, not_before: date) -> date:
        """The rule's first deadline after `after` that is not before `not_before`."""
        found = date(after.year, self.deadline_month, self.deadline_day)
        while found <= after or found < not_before:
            found = found.replace(year=found.year + 1)
        return found


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
        budget_years: tuple[int, ...] = ()  # the years its grants are budgeted in (absent: the pool's years)
        series: Series | None = None  # how the series repeats (absent: a year after, or as given)
        indicators: tuple[Indicator, ...] = ()  # the outcomes its reports give values for

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
            if self.budget_years:
                round_.budget_years = tuple(self.budget_years)
            if self.series is not None:
                round_.series = self.series
            if self.indicators:
                round_.indicators = tuple(self.indicators)
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
    budget_years: tuple[int, ...] = ()  # set only when the round names its years (else the pool's)
    series: Series | None = None  # set only for a series with a rule
    indicators: tuple[Indicator, ...] = ()  # set only when the round names outcome indicators

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @classmethod
    def open(
        cls, pool_id: UUID, title: str, deadline: date, criteria: list[Criterion],
        requires_own_contribution: bool, actor: Actor, at: datetime,
        round_id: UUID | None = None, request: CommandKey | None = None, open_to_outsiders: bool = False,
        follow_up: FollowUp | None = None, follows: UUID | None = None, call_text: str = "",
        budget_years: tuple[int, ...] = (), series: Series | None = None, indicators: tuple[Indicator, ...] = (),
    ) -> Round:
        """Open a round against a pool (finance only). `open_to_outsiders`: applicants need
        not be members of the health community they apply through (and the agreement may be
        between any of its parties); `follow_up`: the holdback and reports every grant of
        the round gets; `call_text`: the call as the owner words it (what is funded, for
        whom, how to apply); `budget_years`: the pool's years its grants are budgeted in
        (none: all the pool's years); `series`: how the next round's deadline follows;
        `indicators`: the outcomes its reports give values for."""
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
            budget_years=_checked_years(budget_years), series=None if series is None else series.validated(),
            indicators=_checked_indicators(indicators),
        )

    def years_of(self, pool_years: list[int]) -> tuple[int, ...]:
        """The fiscal years the round's grants are budgeted in: its own, or its pool's."""
        return self.budget_years or tuple(pool_years)

    def next_in_series(self, deadline: date | None, title: str | None, actor: Actor, at: datetime,
                       round_id: UUID | None = None, request: CommandKey | None = None,
                       pool_years: list[int] | None = None) -> Round:
        """The next round of this one's series: the same pool, criteria, terms and
        indicators. Its deadline is `deadline`, or the series' rule (or a year on) — never
        in the past; its budget years are those after this round's last (its own, or
        `pool_years` when it names none): one, or as many as the deadline moved years (a
        series that skipped a year takes it on); the years in its title move on with them. This
        round records that it was continued (save both together: a series never forks)."""
        if self.followed_by is not None:
            raise WrongStatus(f"round {self.title!r} is already followed by round {self.followed_by}")
        today = local_date(at)
        if deadline is None:
            deadline = self.next_deadline(today)
        elif not isinstance(deadline, date) or isinstance(deadline, datetime):
            raise InvalidInput("deadline", "must be a date")
        elif deadline < today:
            raise DeadlineInPast("deadline", f"{deadline.isoformat()} has passed: the next round's deadline is "
                                             f"{today.isoformat()} or later")
        years = self.next_years(deadline, pool_years or [])
        if title is None:
            shift = years[-1] - max(self.years_of(pool_years or []), default=self.deadline.year)
            title = re.sub(r"\b(20\d\d)\b", lambda year: str(int(year.group(1)) + shift), self.title)
        following = Round.open(self.pool_id, title, deadline, list(self.criteria), self.requires_own_contribution,
                               actor, at, round_id, request, open_to_outsiders=self.open_to_outsiders,
                               follow_up=self.follow_up, follows=self.id, call_text=self.call_text,
                               budget_years=years, series=self.series, indicators=self.indicators)
        self._record(self.Continued, at, actor, next_round_id=following.id)
        return following

    def next_deadline(self, today: date) -> date:
        """The next round's deadline by the series' rule (or a year on), not before `today`."""
        return self.series.next_deadline(self.deadline, today) if self.series is not None \
            else _next_yearly(self.deadline, today)

    def next_years(self, deadline: date, pool_years: list[int]) -> tuple[int, ...]:
        """The budget years of the next round, whose deadline is `deadline`: those after
        this round's last, one or as many as the deadline moved years."""
        last = max(self.years_of(pool_years), default=self.deadline.year)
        return tuple(range(last + 1, last + 1 + max(1, deadline.year - self.deadline.year)))

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


def _next_yearly(previous: date, today: date) -> date:
    """A year after `previous`, or as many more years as it takes not to be in the past."""
    years = 1
    while _years_after(previous, years) < today:
        years += 1
    return _years_after(previous, years)


def _checked_years(years: object) -> tuple[int, ...]:
    if not years:
        return ()
    from domain.years import check_fiscal_years

    return check_fiscal_years(years, "budget_years")


#: At most this many outcome indicators per round.
MAX_INDICATORS = 10


def _checked_indicators(indicators: object) -> tuple[Indicator, ...]:
    if not indicators:
        return ()
    if not isinstance(indicators, (list, tuple)) or not all(isinstance(i, Indicator) for i in indicators):
        raise InvalidInput("indicators", "must be a list of indicators with id, name and unit")
    if len(indicators) > MAX_INDICATORS:
        raise InvalidInput("indicators", f"a round names at most {MAX_INDICATORS} indicators")
    checked = tuple(
        Indicator(require_text(i.id, f"indicators[{n}].id", text.CRITERION_ID),
                  require_text(i.name, f"indicators[{n}].name", text.NAME),
                  optional_text(i.unit, f"indicators[{n}].unit", text.CRITERION_ID))
        for n, i in enumerate(indicators))
    if len({i.id for i in checked}) != len(checked):
        raise InvalidInput("indicators", "indicator ids must be unique")
    return checked
