"""`grants projections …`: keeping the read models up to date, and checking them."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

import click

from infrastructure.config import StoreUnavailable, database_url
from readmodels.status import VIEW_NAMES, status_of

if TYPE_CHECKING:
    from readmodels.service import ReadModels


def open_models() -> ReadModels:
    """The read models of the configured store (their tables made, upgraded, on first use)."""
    from application.service import Grants
    from readmodels.service import ReadModels

    return ReadModels(Grants())


def _names(names: tuple[str, ...]) -> list[str]:
    unknown = [name for name in names if name not in VIEW_NAMES]
    if unknown:
        raise click.UsageError(f"no projection named {', '.join(unknown)}; there are {', '.join(VIEW_NAMES)}")
    return list(names) or list(VIEW_NAMES)


@click.group()
def projections() -> None:
    """Keep the read models up to date, and check them against the log."""


@projections.command("run")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--once", is_flag=True, help="Catch up and exit instead of following the log.")
@click.option("--poll-interval", default=0.2, show_default=True, type=click.FloatRange(0.01, 60),
              help="Seconds between looks at the log when there is nothing new.")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000),
              help="Events per transaction.")
@click.option("--gather", default=None, type=click.FloatRange(0, 5),
              help="Seconds to let new events gather after a look that found less than a batch "
                   "(default: readmodels.runner.GATHER, 0.05).")
def projections_run(names: tuple[str, ...], once: bool, poll_interval: float, batch_size: int,
                    gather: float | None) -> None:
    """Follow the log and keep the named projections (default: all) up to date.

    Stops cleanly on SIGTERM or Ctrl-C, after the batch it is writing."""
    models = open_models()
    chosen = _names(names)
    runner = models.runner_for([models.view(name) for name in chosen])
    runner.batch_size = batch_size
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    click.echo(f"projections {', '.join(chosen)}: following the log at position {runner.head()}", err=True)
    if once:
        runner.catch_up()
    else:
        runner.run(stop, poll_interval, **({} if gather is None else {"gather": gather}))
    positions = ", ".join(f"{s.name} {s.position}" for s in models.status() if s.name in chosen)
    click.echo(f"projections stopped at positions: {positions}", err=True)
    if once and runner.stopped:
        raise click.ClickException("; ".join(failure.describe() for failure, _, _ in runner.stopped.values()))


@projections.command("status")
def projections_status() -> None:
    """Each projection's position, how far it trails the log, and — for one that has
    stopped — the event it could not apply and the error (exit 1 then)."""
    try:  # read without loading the domain: the command answers at once
        statuses = status_of(database_url())
    except StoreUnavailable:  # no read models yet: made, then read
        statuses = open_models().status()
    click.echo(f"{'projection':<14}{'position':>10}{'lag':>10}")
    for status in statuses:
        stopped = "  stopped" if status.failure else ""
        click.echo(f"{status.name:<14}{status.position:>10}{status.lag:>10}{stopped}")
    failures = [status.failure for status in statuses if status.failure]
    for failure in failures:
        click.echo(f"{failure.describe()} (since {failure.failed_at:%Y-%m-%d %H:%M:%S} UTC)")
    if failures:
        sys.exit(1)


@projections.command("rebuild")
@click.argument("names", nargs=-1, metavar="[NAME]...")
def projections_rebuild(names: tuple[str, ...]) -> None:
    """Rebuild projections (default: all) from the whole log; the live ones keep
    answering until the rebuilt rows replace them in one transaction."""
    from readmodels.rebuild import rebuild

    chosen = _names(names)
    position = rebuild(open_models(), chosen)
    click.echo(f"Rebuilt {', '.join(chosen)} up to position {position}.")


@projections.command("verify")
@click.argument("names", nargs=-1, metavar="[NAME]...")
def projections_verify(names: tuple[str, ...]) -> None:
    """Rebuild into scratch tables and compare with the live ones; exit 1 on any difference."""
    from readmodels.rebuild import verify

    failed = False
    for comparison in verify(open_models(), _names(names)):
        if comparison.ok:
            click.echo(f"{comparison.view}: {comparison.rows} rows at position {comparison.position} "
                       "equal a rebuild")
            continue
        failed = True
        total = len(comparison.differences) + comparison.more
        click.echo(f"{comparison.view}: {total} difference(s) from a rebuild at position {comparison.position}:")
        for difference in comparison.differences:
            click.echo(f"  {difference}")
        if comparison.more:
            click.echo(f"  … and {comparison.more} more")
    if failed:
        sys.exit(1)
