"""Smoke test of ``benchmarks/bench_batch.py --quick``: the batch benchmark runs end to end
and prints its table.  No timing is asserted here: the speed targets live in
``benchmarks/`` (``benchmarks/README.md``), never in unit tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "bench_batch.py"


@pytest.mark.slow  # about 8 s on an idle 2-core machine (eleven fresh processes), more under load
def test_bench_batch_quick_prints_its_table(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # everything it writes stays in tmp_path
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "12 tables (6 .xlsx, 6 .csv), 19 tree documents" in out
    assert "[tables] 12 synthetic real-layout tables" in out
    assert "[tree] 19 gkstd documents" in out
    for label in (
        "loop import_table(path)",
        "loop gkstd.validate(path)",
        "one Workspace.validate_all",
        "batch check jobs=1 + reports",
        "batch check jobs=2 + reports",
        "CLI gkstd check -j 2, 3 reports",
    ):
        assert label in out, label
    # every table usable, the townships found their county in the batch, the tree's
    # documents found their parents (no GK210)
    assert "batch: 12 files, 0 unusable, 2 checked against a parent in the batch" in out
    assert "batch: 19 files, 0 unusable" in out
    assert "WARNING" not in out
    assert "against the targets" in out
    assert out.count(" met") + out.count("NOT met") >= 7
    assert list(tmp_path.iterdir()) == []  # the temporary folder was removed
