"""The command line's start: `grants --help` and `grants projections status` (on a store
with the demo's read models), start to exit, against the bare interpreter starting and
exiting (`python -c pass`) in the same run.

    python -m bench.startup [--runs 10] [--stores sqlite,postgres]

Each figure is the median of `--runs` fresh processes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import figure, heading, scratch_store, store_arguments, verdict

TARGET_SECONDS = 0.5


def seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    """The median wall time of `runs` runs of `command` (each must exit 0)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="processes per figure (default 10)")
    store_arguments(parser)
    args = parser.parse_args(argv)
    grants = str(Path(sys.executable).with_name("grants"))
    for kind in args.stores:
        heading(f"Command-line start on {kind}: median of {args.runs} processes")
        with scratch_store(kind) as url:
            env = {**os.environ, "GRANTS_DATABASE_URL": url}
            subprocess.run([grants, "demo"], check=True, capture_output=True, env=env)  # read models made
            bare = seconds([sys.executable, "-c", "pass"], args.runs, env)
            figure("baseline (python -c pass)", f"{bare * 1000:8.0f} ms")
            for words in (["--help"], ["projections", "status"]):
                took = seconds([grants, *words], args.runs, env)
                figure(f"grants {' '.join(words)}", f"{took * 1000:8.0f} ms  ({took / bare:.1f} x the bare start)")
                verdict(f"  seconds to exit, grants {' '.join(words)}", took, TARGET_SECONDS, higher_is_better=False)


if __name__ == "__main__":
    main()
