"""Every path argument of every command given a named pipe nothing writes to, a folder or
``/dev/zero`` (an output: a link to it): an answer within the time limit (a wait for a
writer, or a read of an endless device, fails the test instead of hanging the suite),
exit 0, 1 or 2, no traceback, no temporary file left, the pipe or link left as it was.

Each run is a child process (:func:`harness.cli_subprocess`): slow, so marked slow.
``/dev/zero`` itself is never given as an output (as root, a replaced device node would
be lost); a link to it is, and must still be a link afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fuzz import harness

ROOT = Path(__file__).parents[2]
EXAMPLE = str(ROOT / "examples" / "zichuan-municipal-services.yaml")
RECORDS = str(ROOT / "examples" / "synthetic-records-municipal-services.csv")
TABLE = str(ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv")
AS_OF = ("--as-of", "2026-06-30")
COUNTY = ("--jurisdiction", "某县", "--level", "县级")

#: case → the command line, ``P`` the hostile path (``O`` an output that is not): those
#: whose ``P`` is an output are named ``…-out``
CASES: dict[str, tuple[str, ...]] = {
    "audit-records": ("audit", "P", "--catalog", EXAMPLE, *AS_OF),
    "audit-catalog": ("audit", RECORDS, "--catalog", "P", *AS_OF),
    "audit-holidays": ("audit", RECORDS, "--catalog", EXAMPLE, "--holidays", "P", *AS_OF),
    "audit-findings-out": ("audit", RECORDS, "--catalog", EXAMPLE, "--findings-out", "P", *AS_OF),
    "check": ("check", "P", "-q"),
    "check-report-out": ("check", EXAMPLE, "-q", "--report", "P.json"),
    "check-jsonl-out": ("check", EXAMPLE, "-q", "--jsonl", "P"),
    "check-scoring": ("check", EXAMPLE, "-q", "--scoring", "P"),
    "check-parents": ("check", EXAMPLE, "-q", "--parents", "P"),
    "check-compare": ("check", EXAMPLE, "-q", "--compare", "P"),
    "columns": ("columns", "P"),
    "columns-site": ("columns", EXAMPLE, "--site", "P"),
    "conformance-xfail": ("conformance", "municipal-services", "--check", "loads", "--xfail", "P"),
    "deadline-catalog": ("deadline", "--from", "2026-03-02", "--item", "甲", "--catalog", "P"),
    "deadline-holidays": (
        "deadline",
        "--from",
        "2026-03-02",
        "--working-days",
        "5",
        "--holidays",
        "P",
    ),
    "derive": ("derive", "P", *COUNTY, "-o", "O"),
    "derive-out": ("derive", "municipal-services", *COUNTY, "-o", "P"),
    "diff-old": ("diff", "P", EXAMPLE),
    "diff-new": ("diff", EXAMPLE, "P"),
    "export": ("export", "P", "--to", "csv", "-o", "O"),
    "export-out": ("export", EXAMPLE, "--to", "xlsx", "-o", "P"),
    "import": ("import", "P", "-o", "O"),
    "import-out": ("import", TABLE, "-o", "P"),
    "import-conforms-to": ("import", TABLE, "--conforms-to", "P", "-o", "O"),
    "import-map": ("import", TABLE, "--map", "P", "-o", "O"),
    "migrate": ("migrate", "P", "-o", "O"),
    "migrate-out": ("migrate", EXAMPLE, "-o", "P"),
    "new-pack-out": ("new-pack", "测试", "--code", "test-pack", "--dir", "P"),
    "pack-data": ("pack-data", "municipal-services", "P", "-o", "O"),
    "resolve": ("resolve", "P", "-o", "O"),
    "resolve-out": ("resolve", EXAMPLE, "-o", "P"),
    "validate": ("validate", "P"),
    "validate-jobs": ("validate", "-j", "2", "P", EXAMPLE),
}


def _hostile(kind: str, folder: Path, output: bool, suffix: str) -> str:
    path = folder / f"hostile{suffix}"
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif output:  # never the device itself
        path.symlink_to("/dev/zero")
    else:
        return "/dev/zero"
    return str(path)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("kind", ["pipe", "folder", "zero"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_path_argument_keeps_the_contract(tmp_path: Path, case: str, kind: str) -> None:
    output = case.endswith("-out")
    args = []
    for arg in CASES[case]:
        if arg.startswith("P"):
            arg = _hostile(kind, tmp_path, output, arg[1:])
        elif arg == "O":
            arg = str(tmp_path / "out.yaml")
        args.append(arg)
    harness.cli_subprocess(args, cwd=str(tmp_path))
    assert [p.name for p in tmp_path.rglob("*gkstd-tmp*")] == []
    for path in tmp_path.glob("hostile*"):
        if kind == "pipe":
            assert path.is_fifo(), f"{case}: the pipe {path.name} was replaced"
        elif kind == "zero":
            assert path.is_symlink(), f"{case}: the link {path.name} was replaced"
