"""The public journal (offentleglova § 10): anyone may read it, without a token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.round import local_date
from infrastructure.sql import reading
from readmodels.public_journal import public_entries
from web.api.common import blueprint, documented, query
from web.context import services
from web.problems import Problem
from web.schemas.journal import PublicJournal, PublicJournalArgs

blp = blueprint("journal", "The public journal: the documents of every case, as the public may see them.")
#: The longest period one request may ask for.
MAX_DAYS = 366


@blp.route("/journal/public", methods=["GET"])
@blp.doc(security=[])
@blp.arguments(PublicJournalArgs, location="query")
@blp.response(200, PublicJournal)
@documented(blp, 422)
@query
def public_journal(args: dict[str, Any]) -> Any:
    """The journal entries of the period, newest first (at most 200): public titles with
    persons' names screened, the parties that are organisations, and for an exempt
    document the legal basis — never a screened name or an exempt document."""
    end = args["to"] or local_date(services().grants.now())
    start = args["from_"] or end - timedelta(days=30)
    if end < start or (end - start).days > MAX_DAYS:
        raise Problem(422, f"the period runs from `from` to `to`, at most {MAX_DAYS} days", kind="invalid-input",
                      errors={"to": [f"must be on or after `from`, at most {MAX_DAYS} days later"]})
    models = services().models
    with reading(models.engine) as connection:
        entries = public_entries(connection, models.journal, start, end, args["q"])
    return {"from": start, "to": end, "entries": entries}
