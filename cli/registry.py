"""`grants owner add` and `grants community add`: registering organisations."""

from __future__ import annotations

import click

from application.service import Grants
from cli.operator import operator
from domain.registry import Community, RegisteredOwner
from domain.values import ORGANISATION_KINDS, OWNER_KINDS, Organisation


@click.group()
def owner() -> None:
    """Owners of money: the RHFs, and health communities that own a pool."""


@owner.command("add")
@click.option("--id", "owner_id", required=True, help="A short stable id, e.g. helse-nord-rhf.")
@click.option("--name", required=True, help="The owner's name, e.g. 'Helse Nord RHF'.")
@click.option("--kind", required=True, type=click.Choice(OWNER_KINDS))
@click.option("--region", help="For a health community: the id of its RHF.")
@click.option("--org", "org_no", help="Organisation number.")
def owner_add(owner_id: str, name: str, kind: str, region: str | None, org_no: str | None) -> None:
    """Register an owner; prints its id on the last line. The same again changes nothing."""
    outcome = Grants().register_owner(RegisteredOwner(owner_id, name, kind, region, org_no), operator())
    click.echo("Registered." if outcome.created else "Already registered, unchanged.", err=True)
    click.echo(outcome.value.id)


def _member(value: str) -> Organisation:
    org_no, _, rest = value.partition(":")
    name, _, kind = rest.rpartition(":")
    if not org_no or not name or kind not in ORGANISATION_KINDS:
        raise click.BadParameter(f"{value!r}: write ORGNO:NAME:KIND, KIND one of {', '.join(ORGANISATION_KINDS)}",
                                 param_hint="--member")
    return Organisation(org_no, name, kind)


@click.group()
def community() -> None:
    """Health communities (helsefellesskap) and their members."""


@community.command("add")
@click.option("--id", "community_id", required=True, help="A short stable id, e.g. hf-lvs.")
@click.option("--name", required=True, help="The community's name.")
@click.option("--region", required=True, help="The id of its RHF.")
@click.option("--member", "members", multiple=True, metavar="ORGNO:NAME:KIND",
              help="A member municipality or hospital trust (repeat the option).")
def community_add(community_id: str, name: str, region: str, members: tuple[str, ...]) -> None:
    """Register a health community with its members; prints its id on the last line. The
    same again changes nothing."""
    registered = Community(community_id, name, region, tuple(_member(m) for m in members))
    outcome = Grants().register_community(registered, operator())
    click.echo("Registered." if outcome.created else "Already registered, unchanged.", err=True)
    click.echo(outcome.value.id)
