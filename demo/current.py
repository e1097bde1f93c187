"""An open call as of the day the demo runs. The demo's story happens in 2024–2025; a
newcomer who logs in as an applicant today should still find a call to apply to. So
when Helse Nord has no open round whose deadline lies ahead, its finance officer opens
next year's pool and call, with the yearly deadline of 1 October the documents give
("Deretter årlig søknadsfrist 1. oktober"), on the real clock. Running the demo again
adds nothing while that call is open."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from application.service import Grants
from demo.data import HELSE_NORD, HELSE_NORD_CRITERIA
from domain.membership import Membership
from domain.round import local_date
from domain.values import FINANCE, Actor
from infrastructure.sql import reading
from readmodels import listing
from readmodels.service import ReadModels

#: Who opens it: Helse Nord's finance officer of the story.
OFFICER: Final = "Ingrid Solheim, økonomi Helse Nord RHF"
#: The yearly frame Helse Nord announces for the scheme.
YEARLY: Final = Decimal(90000000)


def next_deadline(today: date) -> date:
    """The next 1 October at least a month away."""
    deadline = date(today.year, 10, 1)
    return deadline if (deadline - today).days >= 30 else date(today.year + 1, 10, 1)


def open_current_call(grants: Grants, models: ReadModels, operator: Actor) -> str | None:
    """Open Helse Nord's next call unless one is open with its deadline ahead (the
    officer registered by `operator` if need be); the title of the call opened, or None."""
    today = local_date(grants.now())
    models.catch_up()
    with reading(models.engine) as connection:
        pools = {p["pool_id"]: p for p in listing.pools(connection, models.budget, 1000, owner=HELSE_NORD.id).items}
        open_ahead = [r for r in listing.rounds(connection, models.applications)
                      if r["pool_id"] in pools and r["status"] == "open" and date.fromisoformat(r["deadline"]) > today]
    if open_ahead:
        return None
    person = grants.register_person(OFFICER, None, operator).value
    membership = Membership.of(FINANCE, owner_id=HELSE_NORD.id)
    grants.grant_membership(person.id, membership, operator)
    officer = grants.get_person(person.id).acting_as(membership.id)
    deadline = next_deadline(today)
    year = deadline.year + 1  # the deadline of 1 October is for next year's grants
    pool = grants.open_pool(HELSE_NORD, name=f"Rekrutterings- og samhandlingstilskudd {year}", fiscal_years=[year],
                            amount=YEARLY, actor=officer).value
    title = f"Søknadsbasert rekrutterings- og samhandlingstilskudd for {year}"
    grants.open_round(pool.id, title=title, deadline=deadline, criteria=list(HELSE_NORD_CRITERIA),
                      requires_own_contribution=True, actor=officer)
    return title
