"""Decisions as CSV for Excel in a Norwegian locale: UTF-8 with a byte-order mark (so
Excel reads æøå), `;` between fields, decimal comma and no thousands separator in
amounts (`1250000,00`), dates as `YYYY-MM-DD`, one header row.

Text that a spreadsheet would take for a formula (starting with = + - @, tab or
carriage return) is prefixed with an apostrophe: an applicant's title never runs as a
formula on a finance officer's machine."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Final

from infrastructure.sql import reading
from readmodels.exports.decisions import COLUMNS, decisions
from readmodels.service import ReadModels

DELIMITER: Final = ";"
BOM: Final = "\ufeff"
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
#: Rows written per chunk handed to the caller.
ROWS_PER_CHUNK: Final = 200


def cell(value: Any) -> str:
    """A value as the CSV holds it: `Decimal('1250000.5')` → `1250000,50`."""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decisions_csv(models: ReadModels, owner: str | None = None) -> Iterator[bytes]:
    """The decisions (of one owner's pools, with `owner`) as CSV, in chunks of bytes,
    from one snapshot of the read models."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([column.heading for column in COLUMNS])
    with reading(models.engine, snapshot=True) as connection:
        for count, decision in enumerate(decisions(connection, models, owner=owner), start=1):
            writer.writerow([cell(decision.value(column.key)) for column in COLUMNS])
            if count % ROWS_PER_CHUNK == 0:
                yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")
