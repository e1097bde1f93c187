"""`grants archive export`: a Noark 5 archive extraction of a period, for the archive
(Arkivverket's schemas in the repository's tests validate it)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import click

from cli.operator import operator
from cli.projections import open_models
from infrastructure.blobs import BlobStore
from readmodels.exports.archive import export_archive


@click.group()
def archive() -> None:
    """The archive: Noark 5 extractions of the journal and its documents."""


@archive.command("export")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="First journal date of the period (YYYY-MM-DD).")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Last journal date of the period (YYYY-MM-DD), included.")
@click.option("--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A new folder to write the extraction into (it must not exist).")
def archive_export(start: datetime, end: datetime, output: Path) -> None:
    """Write the Noark 5 v5.0 extraction of every case and meeting file with entries
    journalled in the period: arkivstruktur.xml, loependeJournal.xml, offentligJournal.xml,
    endringslogg.xml, arkivuttrekk.xml (ADDML, with each file's SHA-256) and the documents
    under dokumenter/."""
    if not output.resolve().parent.is_dir():
        raise click.BadParameter(f"the folder {output.resolve().parent} does not exist", param_hint="--output")
    models = open_models()
    models.catch_up()
    grants = models.app
    blobs = BlobStore(models.engine)
    try:
        summary = export_archive(models, grants.occasion_letter, blobs.get,  # type: ignore[attr-defined]
                                 start.date(), end.date(), output, datetime.now(UTC).replace(microsecond=0))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    digest = hashlib.sha256((output / "arkivuttrekk.xml").read_bytes()).hexdigest()
    grants.record_extraction(start.date(), end.date(), digest, operator())  # type: ignore[attr-defined]
    click.echo(f"Wrote {output}: {summary.case_files} case files, {summary.meeting_files} meeting files, "
               f"{summary.entries} journal entries, {summary.documents} documents, {summary.size} bytes.")
