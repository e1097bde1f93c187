"""The demo up to the day it is run. Its story is scripted until autumn 2026; a newcomer
who logs in as an applicant today should still find a call to apply to. So Helse
Nord's yearly series goes on by its rule ("Deretter årlig søknadsfrist 1. oktober"):
each round opens on 1 June of its deadline's year (or today, if that is sooner), after
the pool has gained the round's budget year, and closes the day after its deadline —
until a round is open with its deadline ahead. Run again later, it carries the series
on from where it stands; while a round is open with its deadline ahead it adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Final
from uuid import UUID

from application.service import Grants
from demo.data import HELSE_NORD
from domain.membership import Membership
from domain.round import Round, local_date
from domain.values import FINANCE, Actor
from infrastructure.sql import reading
from readmodels import listing
from readmodels.service import ReadModels

#: Who carries it on: Helse Nord's finance officer of the story.
OFFICER: Final = "Ingrid Solheim, økonomi Helse Nord RHF"
#: Each new year's money (an example: the documents give 2024's figures only).
YEARLY: Final = Decimal(90000000)
YEARLY_REASON: Final = "Tilskudd for {year} (beløpet er et eksempel: dokumentene oppgir bare 2024)"


def continue_series(grants: Grants, latest: UUID, officer: Actor, today: date,
                    move_to: Callable[[date], object] = lambda day: None) -> list[str]:
    """Carry the series whose latest round is `latest` on until a round is open with its
    deadline ahead of `today`: close what has passed, give the pool each new budget year,
    open the next round by the series' rule. `move_to` moves the story's clock to the
    day of each step. Returns the titles of the rounds opened."""
    opened: list[str] = []
    round_ = grants.get_round(latest)
    while True:
        if round_.status == "open" and round_.deadline >= today:
            return opened
        if round_.status == "open":
            move_to(round_.deadline + timedelta(days=1))
            grants.close_round(round_.id, actor=officer)
        expected = round_.next_deadline(round_.deadline + timedelta(days=1))
        move_to(max(min(date(expected.year, 6, 1), today), round_.deadline + timedelta(days=1)))
        deadline = round_.next_deadline(local_date(grants.now()))
        pool = grants.get_pool(round_.pool_id)
        for year in round_.next_years(deadline, pool.fiscal_years):
            if year not in grants.get_pool(round_.pool_id).fiscal_years:
                grants.add_pool_year(pool.id, year=year, amount=YEARLY, reason=YEARLY_REASON.format(year=year),
                                     actor=officer)
        round_ = grants.open_next_round(round_.id, deadline=deadline, title=None, actor=officer).value
        opened.append(round_.title)


def latest_round(grants: Grants, models: ReadModels, owner_id: str) -> Round | None:
    """The round of the owner's pools with the latest deadline."""
    models.catch_up()
    with reading(models.engine) as connection:
        pools = {p["pool_id"] for p in listing.pools(connection, models.budget, 1000, owner=owner_id).items}
        rounds = [r for r in listing.rounds(connection, models.applications) if r["pool_id"] in pools]
    if not rounds:
        return None
    return grants.get_round(max(rounds, key=lambda r: r["deadline"])["id"])


def open_current_call(grants: Grants, models: ReadModels, operator: Actor) -> str | None:
    """Carry Helse Nord's series on to today (its officer registered by `operator` if need
    be); the title of the call open now if one was opened, else None."""
    latest = latest_round(grants, models, HELSE_NORD.id)
    today = local_date(grants.now())
    if latest is None or (latest.status == "open" and latest.deadline >= today):
        return None
    person = grants.register_person(OFFICER, None, operator).value
    membership = Membership.of(FINANCE, owner_id=HELSE_NORD.id)
    grants.grant_membership(person.id, membership, operator)
    officer = grants.get_person(person.id).acting_as(membership.id)
    opened = continue_series(grants, latest.id, officer, today)
    return opened[-1] if opened else None
