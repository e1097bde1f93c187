"""The `grants` command line for operators and scripts.

Exit status 0 on success, 1 when a check fails, 2 on bad usage or a refused command;
an error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys
from collections.abc import Sequence

import click

from cli.operator import operator
from domain.errors import GrantsError
from domain.roles import Role
from domain.values import (
    ADMIN,
    APPLICANT,
    ASSESSOR,
    AUDITOR,
    COMMITTEE,
    FINANCE,
    ROLES,
)

#: The people `grants demo` prints a token for: role, name, organisation, community, owner.
_DEMO_TOKENS = (
    (APPLICANT, "Hilde Johansen, Bodø kommune", "972418013", None, None),
    (ASSESSOR, "Ragnhild Eide, sekretariatet i Helsefellesskapet Lofoten, Vesterålen og Salten", None, "hf-lvs", None),
    (COMMITTEE, "Anne Sofie Lien, koordineringsutvalget", None, None, "helse-nord-rhf"),
    (FINANCE, "Kari Nordmann, Helse Nord RHF", None, None, "helse-nord-rhf"),
    (AUDITOR, "Revisjon Nord", None, None, None),
    (ADMIN, "Driftsoperatør", None, None, None),
)
#: The name of the tokens `grants demo` prints; a new demo revokes the ones it printed before.
DEMO_TOKEN_NAME = "Demonøkkel"


#: The command groups of their own modules, imported when used (`grants --help` and a
#: command that needs none of them start without loading the domain, the store and the
#: exporters): name -> (module, attribute, the line `grants --help` shows).
LAZY_GROUPS = {
    "archive": ("cli.archive", "archive", "The archive: Noark 5 extractions of the journal and its documents."),
    "audit": ("cli.audit", "audit", "Check the log: its hash chain, the state as of any moment, the pools' money."),
    "community": ("cli.registry", "community", "Health communities (helsefellesskap) and their members."),
    "export": ("cli.export", "export", "Files for finance, auditors and the public."),
    "letters": ("cli.letters", "letters", "Decision letters, receipts and reminders."),
    "owner": ("cli.registry", "owner", "Owners of money: the RHFs, and health communities that own a pool."),
    "privacy": ("cli.privacy", "privacy", "Personal data: what is stored about a person, and erasure."),
    "projections": ("cli.projections", "projections",
                    "Keep the read models up to date, and check them against the log."),
}


class LazyGroup(click.Group):
    """A group whose `LAZY_GROUPS` are imported only when they are run or asked for help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_GROUPS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_GROUPS:
            module, attribute, _ = LAZY_GROUPS[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in LAZY_GROUPS:
                rows.append((name, LAZY_GROUPS[name][2]))
            elif (command := super().get_command(ctx, name)) is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(70)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Tilskudd: the rekrutterings- og samhandlingstilskudd, from application to payout.

    The store is chosen by GRANTS_DATABASE_URL (default: sqlite:///var/grants.sqlite).
    """


@cli.command()
def demo() -> None:
    """Fill the configured database with realistic demo data; print one token per role."""
    from application.service import Grants
    from demo.current import open_current_call
    from demo.scenario import SimulatedClock, has_demo_data, run_demo
    from mailroom.room import Mailroom
    from readmodels.service import ReadModels

    clock = SimulatedClock()
    grants = Grants(clock=clock)
    if has_demo_data(grants):
        click.echo("The database already holds grant data; no demo data added. Fresh tokens:")
    else:
        story = ReadModels(grants)
        mailroom = Mailroom(grants, story, None)  # each day's letters written on the day, as they would be
        result = run_demo(grants, clock, after_day=lambda day: mailroom.run_once())
        story.close()
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(result.statuses.items()))
        click.echo(f"Demo data: {result.pools} pools (and {result.allocated} allocated to communities), "
                   f"{result.rounds} rounds, "
                   f"{result.applications} applications ({statuses}).")
    live = Grants()
    models = ReadModels(live)
    opened = open_current_call(live, models, operator())
    if opened:
        click.echo(f"Open call for applicants today: {opened}")
    for role, holder, org_no, community_id, owner_id in _DEMO_TOKENS:
        person = live.register_person(holder, None, operator()).value
        live.revoke_tokens_named(person.id, DEMO_TOKEN_NAME, operator())
        token, _ = live.issue_token(role, operator(), holder=holder, org_no=org_no, community_id=community_id,
                                    owner_id=owner_id, name=DEMO_TOKEN_NAME)
        click.echo(f"{role:<10} {token}")
    models.catch_up()
    Mailroom(live, models, None).run_once()  # the letters the demo's decisions call for, kept (not sent)


@cli.group()
def token() -> None:
    """Issue and revoke API tokens (stored hashed)."""


@token.command("create")
@click.option("--role", required=True, type=click.Choice([role.value for role in ROLES]), help="What the token may do.")
@click.option("--org", "org_no", help="Organisation number (required for applicants).")
@click.option("--community", "community_id", help="Health community id (required for assessors).")
@click.option("--owner", "owner_id", help="Owner id (required for finance and committee; 'all' for every owner).")
@click.option("--name", "holder", help="The person's name, as shown in the audit trail.")
@click.option("--email", help="The person's e-mail address (finds them when registered).")
def token_create(role: str, org_no: str | None, community_id: str | None, owner_id: str | None,
                 holder: str | None, email: str | None) -> None:
    """Find or create the person (by e-mail, else by name), give them this membership if
    they lack it, and print a token for it alone on the last line (never shown again)."""
    scope = Role(role).scope
    if scope.field == "owner_id" and scope.required and owner_id is None:
        raise click.UsageError(f"a {role} token needs --owner OWNER_ID (or --owner all for every owner)")
    from application.service import Grants

    grants = Grants()
    secret, outcome = grants.issue_token(role, operator(), holder=holder, org_no=org_no, community_id=community_id,
                                         owner_id=owner_id, email=email)
    click.echo(f"Token «{outcome.value.name}», valid until {outcome.value.expires_at:%Y-%m-%d}:", err=True)
    click.echo(secret)


@token.command("revoke")
@click.argument("token_value", metavar="TOKEN")
def token_revoke(token_value: str) -> None:
    """Revoke a token: it no longer authenticates."""
    from application.service import Grants
    from domain.person import Person

    outcome = Grants().revoke_token(token_value, operator())
    holder = outcome.value.name if isinstance(outcome.value, Person) else outcome.value.holder
    click.echo(f"Revoked a token of {holder}.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Web processes; above 1, a projection worker process runs beside them (for PostgreSQL).")
@click.option("--projection-worker/--no-projection-worker", default=None,
              help="Start a projection worker beside the web processes (default: with more than one web process). "
                   "--no-projection-worker on every machine but one when several serve the same PostgreSQL.")
def serve(host: str, port: int, workers: int, projection_worker: bool | None) -> None:
    """Serve the API (/api/v1, /docs) and the web pages; projections kept up to date."""
    from web.serve import serve as run

    run(host, port, workers, projection_worker)




def console() -> None:
    """The `grants` console script: `main`, started without the cyclic collector's work.

    Starting only makes objects that live as long as the process (modules, classes,
    SQLAlchemy's constructs). So the collector stays off while the command line and
    the command's group are imported, and what they made is then frozen out of every
    later collection (`gc.freeze`), the one at exit included. `grants projections status`
    on PostgreSQL took 0.46 s before and 0.35 s after, median of 25 (bench/README.md)."""
    gc.disable()
    try:
        group = LAZY_GROUPS.get(sys.argv[1]) if len(sys.argv) > 1 else None
        if group is not None:
            with contextlib.suppress(Exception):  # `main` imports it again and reports why, in one line
                importlib.import_module(group[0])
    finally:
        gc.freeze()
        gc.enable()
    main()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line on `argv` (default: the process's arguments); exit 1 with
    one line on stderr when the command fails."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="grants", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        _fail(error.format_message())
    except click.exceptions.Abort:
        _fail("aborted")
    except GrantsError as error:
        _fail(str(error))
    except Exception as error:  # noqa: BLE001 - the operator gets one line, never a traceback
        first_line = (str(error).strip().splitlines() or [""])[0]
        _fail(f"{_describe(error)}: {first_line}")


def _describe(error: Exception) -> str:
    """A reader's name for an unexpected error: store trouble first."""
    from eventsourcing.persistence import PersistenceError

    if isinstance(error, PersistenceError):
        return "the database could not be used"
    return type(error).__name__


def _fail(message: str) -> None:
    one_line = " ".join(message.split())
    click.echo(f"grants: error: {one_line}", err=True)
    sys.exit(2)
