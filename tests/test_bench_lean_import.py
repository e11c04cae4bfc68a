"""``benchmarks/lean_import.py`` (the lean import that measures how far the real one's
generality costs, issue 20): it runs, and its items are those of ``import_table`` (the
script asserts it; a test that breaks the lean import's renaming shows the check bites).
No timing is asserted: speed targets live in ``benchmarks/``."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "lean_import.py"


@pytest.mark.slow  # a few seconds: the packs, the synthetic table, seven timed kinds of run
def test_lean_import_runs_and_gives_the_real_items() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "300", "--repeat", "1"],
        cwd=ROOT / "benchmarks",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "300 rows, CPU min of 1 (the items of both imports equal)" in done.stdout
    for label in ("lean import (domain given)", "import_table, domain detected", "read", "ids"):
        assert label in done.stdout


@pytest.mark.slow
def test_the_lean_import_is_checked_against_the_real_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    lean = importlib.import_module("lean_import")
    bench = importlib.import_module("bench_tables")
    from gkstd.tables import import_table
    from gkstd.tables.parent import pack_parent

    parent, _ = pack_parent(lean.DOMAIN)
    assert parent is not None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plain.xlsx"
        assert bench.plain_table(bench.synthetic_catalog(lean.DOMAIN, 120, 30), path)
        real = import_table(path, domain=lean.DOMAIN, check=False)
        assert real.catalog is not None
        assert tuple(lean.lean_import(path, parent.items, {})) == real.catalog.items
        # the local additions' ids are part of what is compared
        monkeypatch.setattr(lean, "replace", lambda item, **changes: item)
        assert tuple(lean.lean_import(path, parent.items, {})) != real.catalog.items
