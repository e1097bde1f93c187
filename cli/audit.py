"""`grants audit …`: the auditor's commands — the hash chain (digest, verify), the
state as of a past moment (replay), and the pools reconciled against the log."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from decimal import Decimal
from typing import Any

import click

from cli.projections import open_models
from domain.formatting import format_nok
from domain.round import OSLO
from readmodels.asof import replay_as_of
from readmodels.auditcheck import verify_chain
from readmodels.hashchain import Digest
from readmodels.queries import FIGURES, Balance, OwnerBalance, owner_documents
from readmodels.reconcile import reconcile


@click.group()
def audit() -> None:
    """Check the log: its hash chain, the state as of any moment, the pools' money."""


@audit.command("digest")
def audit_digest() -> None:
    """Print the head of the hash chain as POSITION:HASH (write it down to check later)."""
    models = open_models()
    models.runner_for([models.audit]).catch_up()
    report = verify_chain(models)
    if not report.ok:
        raise click.ClickException(f"the chain is broken at position {report.first_bad_position}: {report.reason}; "
                                   "no digest given")
    if report.head is None:
        raise click.ClickException("the log is empty: there is nothing to digest yet")
    click.echo(str(report.head))


@audit.command("verify")
@click.option("--digest", "digest_text", metavar="POSITION:HASH", help="A digest taken earlier to check against.")
def audit_verify(digest_text: str | None) -> None:
    """Recompute the hash chain from the event store; exit 1 at the first position where
    the store, the audit trail or the digest disagree."""
    try:
        digest = Digest.parse(digest_text) if digest_text is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--digest") from None
    report = verify_chain(open_models(), digest)
    if report.ok:
        against = f", and match the digest at position {digest.position}" if digest else ""
        click.echo(f"ok: {report.events_checked} events checked up to position {report.audited_to}{against}.")
        return
    click.echo(f"FAILED at position {report.first_bad_position}: {report.reason} "
               f"({report.events_checked} events checked).")
    sys.exit(1)


def _moment(text: str) -> datetime:
    """ISO 8601 time; without an offset it is read as Europe/Oslo time (a date alone is
    the start of that day there)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not an ISO 8601 time such as 2025-06-30T12:00+02:00",
                                 param_hint="--as-of") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=OSLO)


@audit.command("replay")
@click.option("--as-of", "as_of", required=True, metavar="TIME",
              help="ISO 8601, e.g. 2025-06-30T12:00+02:00 (no offset: Europe/Oslo time).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of tables.")
def audit_replay(as_of: str, as_json: bool) -> None:
    """Replay the log up to TIME and print the budget per owner and every application's
    status as they stood then. The live read models are not touched."""
    replay = replay_as_of(open_models(), _moment(as_of))
    if as_json:
        click.echo(json.dumps(_replay_document(replay.as_of, replay.position, replay.owners, replay.applications),
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"As of {replay.as_of.astimezone(OSLO):%Y-%m-%d %H:%M:%S %Z} "
               f"(log replayed to position {replay.position}).")
    click.echo("\nBudget per owner")
    if not replay.owners:
        click.echo("  no pool had been opened yet")
    for owner in replay.owners:
        click.echo(_figures_line(owner.owner["name"], owner))
        for pool in owner.pools:
            click.echo(_figures_line(f"  {pool.name}", pool))
    click.echo(f"\nApplications ({len(replay.applications)})")
    for document in replay.applications:
        granted = document["granted_amount"]
        amounts = "" if granted is None else (
            f"  granted {format_nok(Decimal(granted))}, paid {format_nok(Decimal(document['paid_amount']))}")
        click.echo(f"  {document['reference']:<14}{document['status']:<14}{document['title']}{amounts}")


def _figures_line(name: str, balance: Balance) -> str:
    figures = "  ".join(f"{f} {format_nok(getattr(balance, f))}" for f in FIGURES)
    return f"  {name}: {figures}"


def _replay_document(as_of: datetime, position: int, owners: list[OwnerBalance], applications: list[dict[str, Any]]
                     ) -> dict[str, Any]:
    return {
        "as_of": as_of.isoformat(), "position": position, "owners": owner_documents(owners),
        "applications": [{key: d[key] for key in ("id", "reference", "title", "status", "requested_amount",
                                                  "granted_amount", "paid_amount", "reclaimed_amount")}
                         for d in applications],
    }


@audit.command("reconcile")
def audit_reconcile() -> None:
    """For every pool: its total, approvals, payments, reclaims and releases from the
    pool's events and from its applications' events, against the budget read model.
    Every difference is named; exit 1 if there is any."""
    result = reconcile(open_models())
    click.echo(f"Reconciled {len(result.pools)} pools against the log up to position {result.position}.")
    for pool in result.pools:
        ledger = pool.application_events
        click.echo(f"  {pool.owner} / {pool.name}: total {format_nok(ledger.total)}, "
                   f"granted {format_nok(ledger.granted)}, paid {format_nok(ledger.paid)}, "
                   f"returned {format_nok(ledger.returned)}, released {format_nok(ledger.released)}, "
                   f"allocated {format_nok(ledger.allocated)}, remaining {format_nok(ledger.remaining)}")
    differences = result.differences()
    if not differences:
        click.echo("ok: the pools' events, the applications' events and the budget read model agree.")
        return
    click.echo(f"FAILED: {len(differences)} difference(s):")
    for difference in differences:
        click.echo(f"  {difference}")
    sys.exit(1)
