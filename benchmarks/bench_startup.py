"""Start-up benchmark: how long ``gkstd --help`` and ``gkstd validate`` of the README example
take as fresh processes, against the floors they cannot beat in the same run.

    python benchmarks/bench_startup.py [--repeat 15]

Each command runs ``--repeat`` times as a new process; printed are the minimum and median
wall time and CPU time (user + system of the child).  The floors:

* ``python -c pass``: the interpreter alone;
* the libraries every gkstd start loads (``click``, ``attrs``, ``cattrs``, ``yaml``,
  ``pluggy``, ``rapidfuzz``) imported in one process: what any tool built on them pays.

Targets (issue 15): ``gkstd --help`` under 0.15 s and ``gkstd validate`` of the example under
0.3 s on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zichuan-municipal-services.yaml"
TARGETS = {"gkstd --help": 0.15, "gkstd validate (README example)": 0.30}


def run(argv: list[str], repeat: int) -> tuple[float, float, float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        before = os.times()
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(
            (after.children_user - before.children_user)
            + (after.children_system - before.children_system)
        )
    return min(walls), statistics.median(walls), min(cpus), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    gkstd = shutil.which("gkstd") or sys.exit("gkstd is not installed in this environment")
    libs = "import click, attrs, cattrs, yaml, pluggy, rapidfuzz"
    cases = [
        ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
        ("import the libraries gkstd uses (floor)", [sys.executable, "-c", libs]),
        ("gkstd --help", [gkstd, "--help"]),
        ("gkstd validate (README example)", [gkstd, "validate", str(EXAMPLE)]),
    ]
    for _, argv in cases:  # warm the file cache and the bytecode
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    print(f"{'command':42} {'wall min':>9} {'median':>8} {'cpu min':>8} {'median':>8}  target")
    for name, argv in cases:
        wall_min, wall_med, cpu_min, cpu_med = run(argv, args.repeat)
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"< {target:.2f} s: {'met' if wall_med < target else 'NOT MET'} (median)"
        print(
            f"{name:42} {wall_min:8.3f}s {wall_med:7.3f}s {cpu_min:7.3f}s {cpu_med:7.3f}s  {verdict}"
        )


if __name__ == "__main__":
    main()
