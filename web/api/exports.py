"""Exports as files: decisions as CSV and Excel (finance, auditor), and the approved
grants as 360Giving open data (anyone, no token: public under offentleglova).

Each file is streamed from one snapshot of the read models; X-Read-Position says how
far into the log it reaches."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any, Final

from flask import Response

from domain.round import OSLO
from domain.scope import owner_scope
from domain.values import AUDITOR, FINANCE
from readmodels.exports.csvfile import decisions_csv
from readmodels.exports.opendata import grants_360giving
from readmodels.exports.workbook import decisions_workbook
from web.api.common import NoArgs, blueprint, documented, query
from web.auth import require
from web.context import services

blp = blueprint("exports", "Decisions as CSV and Excel for finance and auditors; approved grants as 360Giving "
                           "open data for anyone.")

EXPORT_READERS: Final = (FINANCE, AUDITOR)
CSV_TYPE: Final = "text/csv; charset=utf-8; header=present"
XLSX_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A workbook is assembled in memory up to this size, on disk beyond it.
SPOOL_BYTES: Final = 8 * 1024 * 1024
CHUNK_BYTES: Final = 64 * 1024
_FILE = {"type": "string", "format": "binary"}


def _file(body: Any, content_type: str, name: str, extension: str, disposition: str = "attachment") -> Response:
    """`body` as `<name>-<today>.<extension>`, to save (attachment) or to show (inline)."""
    day = services().grants.now().astimezone(OSLO).date().isoformat()
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}-{day}.{extension}"'
    return response


@blp.route("/exports/decisions.csv", methods=["GET"])
@blp.arguments(NoArgs, location="query", as_kwargs=True)
@blp.response(200, _FILE, content_type="text/csv")
@documented(blp, 401, 403, 422, 429, 503)
@query
def decisions_as_csv() -> Any:
    """Every decision (granted and rejected) with its amounts: UTF-8 with BOM, `;`
    between fields, decimal comma — opens directly in Excel in a Norwegian locale."""
    actor = require(*EXPORT_READERS)
    return _file(decisions_csv(services().models, owner_scope(actor)), CSV_TYPE, "vedtak", "csv")


@blp.route("/exports/decisions.xlsx", methods=["GET"])
@blp.arguments(NoArgs, location="query", as_kwargs=True)
@blp.response(200, _FILE, content_type=XLSX_TYPE)
@documented(blp, 401, 403, 422, 429, 503)
@query
def decisions_as_xlsx() -> Any:
    """A summary sheet with every pool's budget and one sheet per pool with its
    decisions; amounts are numbers in NOK format, dates are dates."""
    actor = require(*EXPORT_READERS)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by _chunks
    try:
        decisions_workbook(services().models, spool, owner_scope(actor))
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return _file(_chunks(spool), XLSX_TYPE, "vedtak", "xlsx")


@blp.route("/exports/360giving.json", methods=["GET"])
@blp.doc(security=[])
@blp.arguments(NoArgs, location="query", as_kwargs=True)
@blp.response(200, {"type": "object", "description": "a 360Giving 1.4 data package"}, content_type="application/json")
@documented(blp, 422, 503)
@query
def grants_as_360giving() -> Any:
    """One 360Giving grant per approved application — amounts applied for, awarded and
    disbursed, the commitment and disbursement transactions — without personal data."""
    return _file(grants_360giving(services().models), "application/json", "tilskudd-360giving", "json", "inline")


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
    finally:
        spool.close()
