"""Large exports stream: the memory an export needs does not grow with the number of
applications. Measured with tracemalloc over the demo plus a few hundred, then ten
times as many, decided applications (rows added to the read model directly — the
exports read nothing else)."""

from __future__ import annotations

import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from readmodels.exports import decisions as decisions_module
from readmodels.exports import opendata as opendata_module
from readmodels.exports.csvfile import decisions_csv
from readmodels.exports.opendata import grants_360giving
from readmodels.exports.workbook import decisions_workbook
from readmodels.service import ReadModels
from tests.exports.support import Demo, open_demo

SMALL, LARGE = 300, 3000


@pytest.fixture
def sqlite_demo(sqlite_url: str) -> Iterator[Demo]:
    system = open_demo(sqlite_url)
    yield system
    system.close()


def _add_decided_applications(models: ReadModels, count: int, start: int) -> None:
    """`count` copies of a paid application, each with its own id and reference."""
    table = models.applications.applications
    with models.engine.begin() as connection:
        model = dict(connection.execute(select(table).where(table.c.status == "paid").limit(1)).mappings().one())
        rows = []
        for number in range(start, start + count):
            key, reference = str(uuid.uuid4()), f"RST-2099-{number:05d}"
            document = {**model["document"], "id": key, "reference": reference,
                        "title": f"{model['document']['title']} ({number})"}
            rows.append({**model, "application_id": key, "reference": reference, "document": document})
        connection.execute(insert(table), rows)


def _peak(export: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        export()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _drain(chunks: Iterator[bytes]) -> int:
    return sum(len(chunk) for chunk in chunks)


@pytest.mark.slow
def test_exports_need_no_more_memory_for_ten_times_the_applications(
        sqlite_demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pages of 50 rows, so both sizes span several pages and only the page size bounds memory
    monkeypatch.setattr(decisions_module, "FETCH_SIZE", 50)
    monkeypatch.setattr(opendata_module, "PAGE_SIZE", 50)
    models = sqlite_demo.models
    exports: dict[str, Callable[[], Any]] = {
        "csv": lambda: _drain(decisions_csv(models)),
        "360giving": lambda: _drain(grants_360giving(models)),
        "xlsx": lambda: decisions_workbook(models, (tmp_path / "vedtak.xlsx").open("wb")),
    }
    _add_decided_applications(models, SMALL, 0)
    small = {name: _peak(export) for name, export in exports.items()}
    sizes = {"csv": _drain(decisions_csv(models))}
    _add_decided_applications(models, LARGE - SMALL, SMALL)
    large = {name: _peak(export) for name, export in exports.items()}
    assert _drain(decisions_csv(models)) > 8 * sizes["csv"]  # the output did grow tenfold
    for name in exports:
        assert large[name] < 1.5 * small[name] + 256 * 1024, (name, small[name], large[name])
