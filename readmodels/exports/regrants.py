"""Allocations as open data: each pool an owner allocated to a health community is a
grant in the 360Giving sense, marked as a regrant (`FRG010`, common regrant: given for
onward distribution as grants). The community's own grants name the community as the
funder, so a reader who adds up the awards can leave out the regrants and count each
krone once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from domain.round import OSLO
from readmodels.service import ReadModels

REGRANT: Final = "FRG010"


def regrants(connection: Connection, models: ReadModels, prefix: str, programme: str,
             organisation: Any) -> Iterator[dict[str, Any]]:
    """Every allocated pool as a 360Giving grant; `organisation(owner_id)` is the owner's
    identifier."""
    pools = models.budget.pools
    source = aliased(pools)
    query = (select(pools, source.c.owner_id.label("from_owner_id"), source.c.owner_name.label("from_owner_name"))
             .join(source, source.c.pool_id == pools.c.allocated_from).order_by(pools.c.opened_at, pools.c.pool_id))
    for row in connection.execute(query).mappings():
        years = sorted(row["fiscal_years"])
        yield {
            "id": f"{prefix}-tildeling-{row['pool_id']}", "title": f"Tildeling: {row['name']}",
            "description": f"Midler tildelt {row['owner_name']} uten søknad, til fordeling som tilskudd.",
            "currency": "NOK", "amountAwarded": row["total"],
            "awardDate": row["opened_at"].astimezone(OSLO).isoformat(),
            "recipientOrganization": [{"id": organisation(row["owner_id"]), "name": row["owner_name"]}],
            "fundingOrganization": [{"id": organisation(row["from_owner_id"]), "name": row["from_owner_name"]}],
            "grantProgramme": [{"code": "tildeling", "title": programme}],
            "fromOpenCall": "No", "regrantType": REGRANT,
            "plannedDates": [{"startDate": str(years[0]), "endDate": str(years[-1])}],
            "dateModified": row["changed_at"].astimezone(OSLO).isoformat(),
        }
