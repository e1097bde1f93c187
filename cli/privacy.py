"""`grants privacy …`: what Tilskudd stores about a person and where (GDPR art. 15), and
erasing it once the archive duty and the retention allow (art. 17)."""

from __future__ import annotations

import click

from cli.operator import operator
from cli.projections import open_models
from domain.errors import GrantsError
from domain.privacy import ERASED, person_id_for
from infrastructure.config import retention
from readmodels.rebuild import rebuild
from readmodels.status import VIEW_NAMES
from web.idempotency import IdempotencyStore

#: Where a person's data is kept, as the report tells it.
PLACES = (
    "the event log, sealed under the person's own key (personal_keys); never in the clear",
    "the read models: the application's document (contact), the audit trail's event data, the journal "
    "(the name, to screen it from public titles), the letters' recipient",
    "archive extractions already taken (outside Tilskudd, kept by the archive)",
)


@click.group()
def privacy() -> None:
    """Personal data: what is stored about a person, and erasure."""


@privacy.command("report")
@click.option("--email", required=True, help="The person's e-mail address.")
def privacy_report(email: str) -> None:
    """Print what is stored about the person with this address, where, and whether it may
    be erased now."""
    models = open_models()
    grants = models.app
    person_id = person_id_for(email)
    data = grants.personal_data(person_id)  # type: ignore[attr-defined]
    click.echo(f"Person {person_id} (pseudonym of {email})")
    key = data.key
    if key is None:
        click.echo("Nothing is stored about this address.")
        return
    state = (f"erased {key['erased_at']:%Y-%m-%d}: {key['reason']}" if key["erased_at"] else "kept")
    click.echo(f"Key: made {key['created_at']:%Y-%m-%d}, {state}")
    for case in data.cases:
        ended = f"closed {case['ended_on']}" if case["ended_on"] else "open"
        click.echo(f"  contact person of {case['reference']} «{case['title']}» ({case['status']}, {ended})")
    for request in data.requests:
        ended = f"answered {request['ended_on']}" if request["ended_on"] else "not yet answered"
        click.echo(f"  requested access to journal entry {request['entry']} on {request['received_on']} ({ended})")
    if data.letters:
        click.echo(f"  recipient of {len(data.letters)} letter(s)")
    click.echo("Kept in:")
    for place in PLACES:
        click.echo(f"  - {place}")
    click.echo("Retention: " + ", ".join(f"{kind} {period.days} days after it ended"
                                         for kind, period in retention().items()))
    refusal = grants.erasure_refusal(data)  # type: ignore[attr-defined]
    click.echo(f"Erasure: {'refused: ' + refusal if refusal else 'allowed now'}")


@privacy.command("erase")
@click.option("--person", "person_id", required=True, help="The person's pseudonym (from `grants privacy report`).")
@click.option("--reason", required=True, help="Why the data is erased (kept in the log).")
def privacy_erase(person_id: str, reason: str) -> None:
    """Erase the person's data: their key is destroyed, the log stays as it was (its hash
    chain and replay hold), and the read models are rebuilt so that every page, answer
    and export shows «slettet personopplysning». Refused, saying why, while a case is
    open, before the archive has taken the case in, or before the retention has run."""
    models = open_models()
    try:
        data = models.app.erase_person(person_id, reason, operator())  # type: ignore[attr-defined]
    except GrantsError as refused:
        raise click.ClickException(f"not erased: {refused}") from None
    position = rebuild(models, list(VIEW_NAMES))
    store = IdempotencyStore(models.engine)
    store.create()
    dropped = store.forget_mentioning({t for t in data.texts if t != ERASED})
    click.echo(f"Erased person {person_id}: contact of {len(data.cases)} case(s), {len(data.requests)} request(s) "
               f"for access, recipient of {len(data.letters)} letter(s); they now read «{ERASED}». "
               f"Read models rebuilt to position {position}; {dropped} cached answer(s) naming them dropped.")
