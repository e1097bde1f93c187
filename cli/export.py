"""`grants export decisions`: the decisions as CSV or Excel, or the approved grants as
360Giving open data — to a file (written whole or not at all) or to standard output."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final

import click

from cli.projections import open_models
from readmodels.exports.csvfile import decisions_csv
from readmodels.exports.opendata import grants_360giving
from readmodels.exports.workbook import decisions_workbook
from readmodels.service import ReadModels

FORMATS: Final = ("csv", "xlsx", "360giving")


@click.group()
def export() -> None:
    """Files for finance, auditors and the public."""


@export.command("decisions")
@click.option("--format", "file_format", required=True, type=click.Choice(FORMATS),
              help="csv: for Excel in a Norwegian locale (; and decimal comma); xlsx: a workbook with a sheet "
                   "per pool; 360giving: open data JSON without personal data.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="File to write (default: standard output; an Excel workbook needs a file or a pipe).")
def export_decisions(file_format: str, output: Path | None) -> None:
    """Export the decisions as they stand once the read models have caught up with the log."""
    models = open_models()
    models.catch_up()
    if output is None:
        if file_format == "xlsx" and sys.stdout.isatty():
            raise click.UsageError("an Excel workbook is not for a terminal: give --output FILE or pipe it")
        _write(models, file_format, sys.stdout.buffer)
        sys.stdout.flush()
        return
    directory = output.resolve().parent
    if not directory.is_dir():
        raise click.BadParameter(f"the folder {directory} does not exist", param_hint="--output")
    descriptor, partial = tempfile.mkstemp(prefix=f".{output.name}.", dir=directory)
    try:
        with os.fdopen(descriptor, "wb") as target:
            _write(models, file_format, target)
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    click.echo(f"Wrote {output} ({output.stat().st_size} bytes, {file_format}).", err=True)


def _write(models: ReadModels, file_format: str, target: IO[bytes]) -> None:
    if file_format == "xlsx":
        decisions_workbook(models, target)
        return
    chunks: Iterator[bytes] = decisions_csv(models) if file_format == "csv" else grants_360giving(models)
    for chunk in chunks:
        target.write(chunk)
