"""Decisions as an Excel workbook (openpyxl, write-only: rows go to disk as they are
written). A summary sheet with every pool's budget, a subtotal per owner and a grand
total; then one sheet per pool with its decisions and a sum row. Amounts are number
cells in NOK format, dates are date cells; text is always text, never a formula."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from domain.money import ZERO
from domain.round import OSLO
from infrastructure.sql import reading
from readmodels.exports.decisions import COLUMNS, MONEY_KEYS, decisions
from readmodels.outcomes import Outcomes, outcomes
from readmodels.queries import FIGURES, Balance, OwnerBalance, budget
from readmodels.service import ReadModels

NOK_FORMAT: Final = '#,##0.00 "kr"'
DATE_FORMAT: Final = "DD.MM.YYYY"
SUMMARY_TITLE: Final = "Sammendrag"
SUMMARY_HEADINGS: Final = ("Eier", "Tilskuddspott", "Budsjettår", "Ramme", "Reservert", "Utbetalt", "Tilbakeført",
                           "Tildelt", "Gjenstår")
YEARS_TITLE: Final = "Per budsjettår"
OUTCOMES_TITLE: Final = "Resultatindikatorer"
YEARS_HEADINGS: Final = ("Eier", "Tilskuddspott", "År", "Midler", "Forpliktet", "Utbetalt", "Tilbakebetalt", "Ledig")
_BOLD = Font(bold=True)
_FORBIDDEN_IN_TITLES = re.compile(r"[\[\]:*?/\\]")


def decisions_workbook(models: ReadModels, target: IO[bytes], owner_id: str | None = None) -> None:
    """Write the workbook (of one owner's pools, with `owner_id`) to `target` from one
    snapshot of the read models."""
    workbook = Workbook(write_only=True)
    with reading(models.engine, snapshot=True) as connection:
        position = models.budget.position(connection, models.app.name) or 0
        owners = [o for o in budget(connection, models.budget) if owner_id in (None, o.owner["id"])]
        summary = workbook.create_sheet(SUMMARY_TITLE)
        _widths(summary, [34, 60, 12, 18, 18, 18, 18, 18, 18])
        summary.append([_text(summary, "Tilskuddsmidler og vedtak", bold=True)])
        summary.append([_text(summary, f"Utarbeidet {models.app.now().astimezone(OSLO):%d.%m.%Y %H:%M}, "
                              f"hendelseslogg til nr. {position}")])
        summary.append([_text(summary, heading, bold=True) for heading in SUMMARY_HEADINGS])
        for owner in owners:
            for pool in owner.pools:
                summary.append([_text(summary, owner.owner["name"]), _text(summary, pool.name),
                                _text(summary, ", ".join(str(y) for y in pool.fiscal_years)), *_figures(summary, pool)])
            summary.append([_text(summary, f"Sum {owner.owner['name']}", bold=True), None, None,
                            *_figures(summary, owner, bold=True)])
        summary.append([_text(summary, "Sum alle eiere", bold=True), None, None,
                        *_figures(summary, grand_total(owners), bold=True)])
        summary.append([_text(summary, "Tildelt til helsefellesskap regnes én gang: som deres ramme, ikke i "
                                       "summen av tildelt.")])
        number = 0
        for owner in owners:
            for pool in owner.pools:
                number += 1
                sheet = workbook.create_sheet(_sheet_title(number, owner.owner["name"]))
                _pool_sheet(sheet, connection, models, pool.pool_id, f"{owner.owner['name']}: {pool.name}")
        _years_sheet(workbook.create_sheet(YEARS_TITLE), owners)
        _outcomes_sheet(workbook.create_sheet(OUTCOMES_TITLE), outcomes(connection, models.applications, owner_id))
    workbook.save(target)


def _outcomes_sheet(sheet: WriteOnlyWorksheet, found: Outcomes) -> None:
    """The outcome indicators the reports give, per priority group and per health community."""
    _widths(sheet, [60, 14, *(22 for _ in found.indicators)])
    sheet.append([_text(sheet, OUTCOMES_TITLE, bold=True)])
    sheet.append([_text(sheet, "Hvert tilskudd teller med sin siste rapport som oppgir verdier; et tilskudd til flere "
                               "prioriterte grupper teller i hver av dem.")])
    for title, rows in (("Prioritert gruppe", found.by_priority_group), ("Helsefellesskap", found.by_community)):
        sheet.append([])
        sheet.append([_text(sheet, heading, bold=True) for heading in (
            title, "Tilskudd", *(f"{i.name} ({i.unit})" if i.unit else i.name for i in found.indicators))])
        for row in rows:
            sheet.append([_text(sheet, row.label), row.grants,
                          *(row.values.get(i.id, Decimal(0)) for i in found.indicators)])


def _years_sheet(sheet: WriteOnlyWorksheet, owners: list[OwnerBalance]) -> None:
    """Each pool's money, commitments and payments per fiscal year (the last sheet)."""
    _widths(sheet, [34, 60, 10, 18, 18, 18, 18, 18])
    sheet.append([_text(sheet, "Per budsjettår", bold=True)])
    sheet.append([_text(sheet, heading, bold=True) for heading in YEARS_HEADINGS])
    for owner in owners:
        for pool in owner.pools:
            for year in pool.years:
                sheet.append([_text(sheet, owner.owner["name"]), _text(sheet, pool.name), _text(sheet, year["year"]),
                              *(_cell(sheet, "money", year[key]) if year[key] is not None else
                                _text(sheet, "felles ramme" if key == "money" else "–")
                                for key in ("money", "committed", "paid", "returned", "left"))])


def grand_total(owners: list[OwnerBalance]) -> Balance:
    """Every pool's figures summed, each krone once: a pool allocated from another pool
    (both listed) adds what it reserved, paid and has left, not its total, and the
    allocating pool's `allocated` is not counted again."""
    listed = {pool.pool_id for owner in owners for pool in owner.pools}
    grand = Balance()
    for pool in (pool for owner in owners for pool in owner.pools):
        if pool.allocated_from in listed:
            grand.add(pool, ("reserved", "paid", "returned", "remaining"))
            grand.allocated -= pool.total
        else:
            grand.add(pool)
    return grand


def _pool_sheet(sheet: WriteOnlyWorksheet, connection: Any, models: ReadModels, pool_id: str, heading: str) -> None:
    _widths(sheet, [16, 11, 13, 18, 14, 24, 40, 40, 40, 14, 34, 50, 40, *[16] * len(MONEY_KEYS)])
    sheet.append([_text(sheet, heading, bold=True)])
    sheet.append([_text(sheet, column.heading, bold=True) for column in COLUMNS])
    sums = dict.fromkeys(MONEY_KEYS, ZERO)
    for decision in decisions(connection, models, pool_id):
        sheet.append([_cell(sheet, column.kind, decision.value(column.key)) for column in COLUMNS])
        for key in MONEY_KEYS:
            sums[key] += decision.value(key)
    sheet.append([_text(sheet, "Sum", bold=True), *(
        _cell(sheet, "money", sums[c.key], bold=True) if c.kind == "money" else None for c in COLUMNS[1:])])


def _figures(sheet: WriteOnlyWorksheet, balance: Balance, bold: bool = False) -> list[WriteOnlyCell]:
    return [_cell(sheet, "money", getattr(balance, name), bold) for name in FIGURES]


def _cell(sheet: WriteOnlyWorksheet, kind: str, value: Any, bold: bool = False) -> WriteOnlyCell:
    if kind == "money":
        cell = WriteOnlyCell(sheet, value=Decimal(value))
        cell.number_format = NOK_FORMAT
    elif kind == "date" and isinstance(value, (date, datetime)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    else:
        return _text(sheet, value, bold)
    if bold:
        cell.font = _BOLD
    return cell


def _text(sheet: WriteOnlyWorksheet, value: Any, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    # control characters cannot be stored in a worksheet: each shows as U+FFFD instead
    cell.value = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
    cell.data_type = "s"  # text starting with "=" stays text
    if bold:
        cell.font = _BOLD
    return cell


def _widths(sheet: WriteOnlyWorksheet, widths: Iterable[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _sheet_title(number: int, owner: str) -> str:
    """`3 Helsefellesskapet Møre og Rom`: the number keeps titles unique; Excel allows
    31 characters and no []:*?/\\ — nor control characters (a store written before
    the text rule may hold them), which would make the workbook unreadable."""
    return _FORBIDDEN_IN_TITLES.sub(" ", ILLEGAL_CHARACTERS_RE.sub(" ", f"{number} {owner}"))[:31].strip()
