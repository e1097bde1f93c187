"""`grants` starts at once: its command groups and the domain are imported only when a
command needs them (how long that takes is measured in bench/, not here), and
`grants projections status` reads what `ReadModels.status()` reads without them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from cli.main import LAZY_GROUPS, cli
from infrastructure.config import StoreUnavailable
from readmodels.status import status_of
from workloads.builders import FakeClock, World


def _modules_after(code: str, cwd: Path) -> set[str]:
    found = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
                           capture_output=True, text=True, check=True, cwd=cwd)
    return set(found.stdout.split())


def test_help_loads_neither_the_domain_nor_the_command_groups(tmp_path: Path) -> None:
    loaded = _modules_after("from cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
                            tmp_path)
    assert "cli.main" in loaded
    assert not {"application.service", "readmodels.service", "sqlalchemy", "eventsourcing", "openpyxl",
                *(module for module, _, _ in LAZY_GROUPS.values())} & loaded


@pytest.mark.parametrize(("words", "group"), [(["projections", "status"], "cli.projections"), (["demo"], None)])
def test_the_console_script_runs_the_command_with_the_collector_on_and_start_up_frozen(
        tmp_path: Path, words: list[str], group: str | None) -> None:
    """`console` imports the command's group with the collector off; the command itself
    runs with it on, and what starting made is frozen out of its collections."""
    code = (
        "import gc, sys\n"
        "import cli.main\n"
        "def command(argv=None):\n"
        "    print(gc.isenabled(), gc.get_freeze_count(), ' '.join(sys.modules))\n"
        "cli.main.main = command  # what the command found when it began\n"
        f"sys.argv = ['grants', *{words!r}]\n"
        "cli.main.console()\n"
        "print(gc.isenabled())\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    enabled, frozen, *modules = found.stdout.split("\n")[0].split()
    assert enabled == "True" and int(frozen) > 1000
    assert (group in modules) if group else not {module for module, _, _ in LAZY_GROUPS.values()} & set(modules)
    assert found.stdout.split("\n")[1] == "True"


def test_each_lazy_group_is_listed_with_its_own_first_line() -> None:
    context = click.Context(cli)
    for name, (_, _, line) in LAZY_GROUPS.items():
        group = cli.get_command(context, name)
        assert group is not None and group.name == name
        assert group.get_short_help_str(200) == line


@pytest.mark.parametrize("stopped", [False, True])
def test_status_without_the_domain_equals_the_read_models_status(store_url: str, stopped: bool) -> None:
    from application.service import Grants
    from readmodels.service import ReadModels

    grants = Grants(store_url, clock=FakeClock())
    World(grants, grants.clock).approved()  # type: ignore[arg-type]
    models = ReadModels(grants)
    models.catch_up()
    if stopped:  # as the runner records a view that could not apply an event
        models.failures.record("budget", 7, "domain.pool:FundingPool.FundsPaid", "ValueError: cannot book this")
    World(grants, grants.clock).submitted()  # type: ignore[arg-type]  # lag
    light = status_of(store_url)
    assert light == models.status()
    assert any(s.lag > 0 for s in light) and all(s.position > 0 for s in light)
    assert any(s.failure for s in light) is stopped
    models.close()
    grants.close()


def test_status_of_a_store_without_read_models_asks_for_them_to_be_made(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable):
        status_of(f"sqlite:///{tmp_path / 'empty.sqlite'}")


def test_the_application_is_named_as_the_status_reads_it(tmp_path: Path) -> None:
    from application.service import Grants
    from infrastructure.config import APPLICATION_NAME

    assert Grants(f"sqlite:///{tmp_path / 'g.sqlite'}").name == APPLICATION_NAME
