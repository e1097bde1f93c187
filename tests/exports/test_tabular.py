"""Decisions as Excel and CSV: the workbook's totals equal the budget endpoint's, the CSV
parses back to the applications' amounts, who may fetch what, and text never becomes
a formula."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from application.service import Grants
from domain.round import OSLO
from readmodels.exports.csvfile import decisions_csv
from readmodels.exports.decisions import COLUMNS
from readmodels.exports.workbook import (
    DATE_FORMAT,
    NOK_FORMAT,
    OUTCOMES_TITLE,
    SUMMARY_HEADINGS,
    SUMMARY_TITLE,
    YEARS_TITLE,
    decisions_workbook,
)
from readmodels.queries import FIGURES
from readmodels.service import ReadModels
from tests.exports.support import Demo
from tests.readmodels.support import grants_cli
from workloads.builders import World

HEADINGS = [c.heading for c in COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _amount(value: Any) -> Decimal:
    """A number cell as the exact amount (openpyxl reads numbers back as int or float)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _workbook(demo: Demo) -> openpyxl.Workbook:
    response = demo.get("/api/v1/exports/decisions.xlsx", "finance")
    assert response.status_code == 200 and response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"].startswith('attachment; filename="vedtak-')
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def _csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith("\ufeff".encode())
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    header = next(reader)
    assert header == HEADINGS
    return [dict(zip(header, row, strict=True)) for row in reader]


def _decided(demo: Demo) -> dict[str, dict[str, Any]]:
    items = demo.get("/api/v1/applications?limit=500", "auditor").get_json()["items"]
    return {a["reference"]: a for a in items if a["decided_at"] is not None}


def test_the_workbook_totals_equal_the_budget_endpoint(demo: Demo) -> None:
    book = _workbook(demo)
    budget = demo.get("/api/v1/budget", "finance").get_json()
    pools = [pool for owner in budget["owners"] for pool in owner["pools"]]
    assert book.sheetnames[0] == SUMMARY_TITLE and len(book.sheetnames) == 3 + len(pools)
    assert book.sheetnames[-2:] == [YEARS_TITLE, OUTCOMES_TITLE]
    # per year: what is committed to a pool's years is what it has reserved and paid
    committed: dict[tuple[str, str], Decimal] = {}
    for row in book[YEARS_TITLE].iter_rows(min_row=3, values_only=True):
        committed[(row[0], row[1])] = committed.get((row[0], row[1]), Decimal(0)) + _amount(row[4])
    for pool in pools:
        assert committed[(pool["owner"]["name"], pool["name"])] == Decimal(pool["reserved"]) + Decimal(pool["paid"])
    summary = list(book[SUMMARY_TITLE].iter_rows(min_row=3, values_only=True))
    assert list(summary[0]) == list(SUMMARY_HEADINGS)
    by_label = {row[0] if row[1] is None else (row[0], row[1]): row for row in summary[1:]}
    for owner in budget["owners"]:
        row = by_label[f"Sum {owner['owner']['name']}"]
        assert [_amount(v) for v in row[3:]] == [Decimal(owner[f]) for f in FIGURES]
        for pool in owner["pools"]:
            row = by_label[(owner["owner"]["name"], pool["name"])]
            assert [_amount(v) for v in row[3:]] == [Decimal(pool[f]) for f in FIGURES]
    grand = by_label["Sum alle eiere"]
    # each krone once: an allocated pool's total is the allocating pool's `allocated`
    children = [Decimal(p["total"]) for p in pools if p["allocated_from"]]
    expected = {f: sum(Decimal(p[f]) for p in pools if f != "total" or not p["allocated_from"]) for f in FIGURES}
    expected["allocated"] -= sum(children, Decimal(0))
    assert [_amount(v) for v in grand[3:]] == [expected[f] for f in FIGURES]
    # each pool's sheet: its decisions add up to the pool's figures
    decided = _decided(demo)
    seen: set[str] = set()
    for sheet, pool in zip(book.worksheets[1:-2], pools, strict=True):
        assert sheet.cell(1, 1).value.endswith(pool["name"])
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        body, sums = rows[:-1], dict(zip(HEADINGS, rows[-1], strict=True))
        assert sums["Referanse"] == "Sum"
        for heading, figure in (("Utbetalt", "paid"), ("Tilbakebetalt", "returned"), ("Reservert", "reserved")):
            assert _amount(sums[heading]) == Decimal(pool[figure])
            assert sum((_amount(dict(zip(HEADINGS, r, strict=True))[heading]) for r in body), Decimal(0)) == \
                Decimal(pool[figure])
        for values in body:
            row = dict(zip(HEADINGS, values, strict=True))
            seen.add(row["Referanse"])
            assert _amount(row["Innvilget"]) == Decimal(decided[row["Referanse"]]["granted_amount"] or "0")
    assert seen == set(decided)


def test_the_workbook_cells_are_typed(demo: Demo) -> None:
    # the first pool with decisions (an allocating pool's sheet has only its sum)
    sheet = next(s for s in _workbook(demo).worksheets[1:-2] if s.cell(3, 1).value != "Sum")
    headings = [c.value for c in sheet[2]]
    first = sheet[3]
    for column in COLUMNS:
        cell = first[headings.index(column.heading)]
        if column.kind == "money":
            assert cell.data_type == "n" and cell.number_format == NOK_FORMAT
        elif column.kind == "date":
            assert isinstance(cell.value, datetime) and cell.number_format == DATE_FORMAT
        else:
            assert cell.data_type == "s" or cell.value is None


def test_the_csv_parses_back_to_the_applications_amounts(demo: Demo) -> None:
    response = demo.get("/api/v1/exports/decisions.csv", "auditor")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8; header=present"
    rows = _csv_rows(response.get_data())
    decided = _decided(demo)
    assert sorted(r["Referanse"] for r in rows) == sorted(decided)
    for row in rows:
        document = decided[row["Referanse"]]
        for heading, key in (("Søkt beløp", "requested_amount"), ("Egeninnsats", "own_contribution"),
                             ("Innvilget", "granted_amount"), ("Utbetalt", "paid_amount"),
                             ("Tilbakebetalt", "reclaimed_amount")):
            assert "." not in row[heading]
            assert Decimal(row[heading].replace(",", ".")) == Decimal(document[key] or "0"), (heading, row)
        decided_on = datetime.fromisoformat(document["decided_at"]).astimezone(OSLO).date()
        assert row["Vedtaksdato"] == decided_on.isoformat()
        assert row["Vedtak"] == ("Avslått" if document["status"] == "rejected" else "Innvilget")


@pytest.mark.parametrize("path", ["decisions.csv", "decisions.xlsx"])
def test_finance_and_auditors_may_fetch_decisions_and_no_one_else(demo: Demo, path: str) -> None:
    url = f"/api/v1/exports/{path}"
    for who in ("finance", "auditor"):
        assert demo.get(url, who).status_code == 200
    for who in ("applicant", "assessor", "committee", "admin"):
        response = demo.get(url, who)
        assert response.status_code == 403 and response.headers["Content-Type"] == "application/problem+json"
    assert demo.get(url, None).status_code == 401
    assert demo.get(url + "?pool=1", "finance").status_code == 422


def test_anyone_may_fetch_the_open_data(demo: Demo) -> None:
    for who in (None, "applicant", "auditor"):
        assert demo.get("/api/v1/exports/360giving.json", who).status_code == 200


def test_the_command_line_writes_what_the_api_serves(
        demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRANTS_DATABASE_URL", demo.url)
    target = tmp_path / "vedtak.csv"
    status, out = grants_cli(capsys, "export", "decisions", "--format", "csv", "--output", str(target))
    assert status == 0 and f"Wrote {target}" in out
    assert target.read_bytes() == demo.get("/api/v1/exports/decisions.csv", "finance").get_data()
    workbook = tmp_path / "vedtak.xlsx"
    assert grants_cli(capsys, "export", "decisions", "--format", "xlsx", "--output", str(workbook))[0] == 0
    assert openpyxl.load_workbook(workbook).sheetnames[0] == SUMMARY_TITLE
    status, out = grants_cli(capsys, "export", "decisions", "--format", "pdf")
    assert status == 2 and "'pdf' is not one of" in out
    status, out = grants_cli(capsys, "export", "decisions", "--format", "csv", "--output",
                             str(tmp_path / "missing" / "x.csv"))
    assert status == 2 and "does not exist" in out and not (tmp_path / "missing").exists()


def test_text_that_looks_like_a_formula_stays_text(grants: Grants, world: World, tmp_path: Path) -> None:
    title = '=HYPERLINK("http://evil.example","Klikk")'
    world.approved(title=title)
    models = ReadModels(grants)
    models.catch_up()
    (row,) = _csv_rows(b"".join(decisions_csv(models)))
    assert row["Tiltak"] == "'" + title
    target = tmp_path / "vedtak.xlsx"
    with target.open("wb") as file:
        decisions_workbook(models, file)
    sheet = openpyxl.load_workbook(target).worksheets[1]
    cell = sheet.cell(3, HEADINGS.index("Tiltak") + 1)
    assert cell.value == title and cell.data_type == "s"
    models.close()
