"""A named pipe given where a file is expected is an error at once, never a wait for ever.

``open`` of a FIFO nothing writes to waits for a writer: ``gkstd validate pipe``,
``gkstd import pipe``, ``gkstd check --scoring pipe`` and ``--parents pipe`` hung until
killed.  Inputs are now opened without waiting (:func:`gkstd.diagnostics.readfiles.open_input`):
a catalog, table or side file read from a pipe nothing writes to is empty.  A pipe that
is written to is read (``cat catalog.yaml | gkstd validate /dev/stdin``), a table too,
once, into memory (``gkstd import <(…)`` had read as an empty file: a table is read more
than once, and a pipe gives its bytes once).  Each command runs as a process of
its own with a time limit: a wait would fail the test, not hang the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gkstd.diagnostics.readfiles import open_input, read_capped
from tests.fuzz import harness

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "zichuan-municipal-services.yaml"
TABLE = ROOT / "tests" / "data" / "tables" / "real" / "jiuzai__hainan-wenchang.csv"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _gkstd(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GKSTD_LANG": "zh", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "gkstd", *args],
        cwd=cwd,
        input=stdin if stdin is not None else None,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        timeout=120,  # a wait for a writer would run into this
        env=env,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


@pytest.fixture
def pipe(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("validate", "{pipe}"), "GK007"),  # an empty file
        (("resolve", "{pipe}"), "GK007"),
        (("columns", "{pipe}"), "GK007"),
        (("import", "{pipe}", "-o", "out.json"), "GK601"),  # an empty table
        (("check", "{folder}", "--scoring", "{pipe}"), "评分方案"),
        (("check", "{folder}", "--parents", "{pipe}"), "对应表"),
        (("check", "{folder}", "--compare", "{pipe}"), "上次的检查报告"),
    ],
)
def test_a_pipe_nothing_writes_to_is_an_error_at_once(
    tmp_path: Path, pipe: Path, args: tuple[str, ...], said: str
) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "文昌市救灾.csv").write_bytes(TABLE.read_bytes())
    filled = [a.format(pipe=pipe, folder=folder) for a in args]
    done = _gkstd(*filled, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert said in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.json").exists()


def test_an_xfail_file_is_read_without_waiting_and_within_a_limit(
    tmp_path: Path, pipe: Path
) -> None:
    """``gkstd conformance --xfail pipe`` waited for a writer for ever (the file was read
    with ``Path.read_text``), and ``--xfail /dev/zero`` read until memory ran out: a pipe
    nothing writes to is an empty list of known gaps, a file over 1 MB is refused."""
    quick = ("conformance", "municipal-services", "--check", "loads", "--xfail")
    empty = _gkstd(*quick, str(pipe), cwd=tmp_path)
    assert empty.returncode == 0, empty.stdout + empty.stderr
    if not Path("/dev/zero").exists():
        return
    endless = harness.cli_subprocess([*quick, "/dev/zero"])  # (under a memory limit)
    assert endless.exit_code == 2, endless.output
    assert "/dev/zero: 超过 1 MB" in endless.output


def test_a_pipe_in_a_checked_folder_is_named_and_the_rest_checked(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "文昌市救灾.csv").write_bytes(TABLE.read_bytes())
    os.mkfifo(folder / "管道.xlsx")
    done = _gkstd("check", str(folder), cwd=tmp_path)
    assert "管道.xlsx" in done.stdout + done.stderr
    assert "不是普通文件" in done.stdout + done.stderr
    assert "文昌市" in done.stdout


def test_a_pipe_that_is_written_to_is_read(tmp_path: Path) -> None:
    if not Path("/dev/stdin").exists():
        pytest.skip("no /dev/stdin here")
    alone = _gkstd("validate", str(EXAMPLE), cwd=tmp_path)
    piped = _gkstd("validate", "/dev/stdin", cwd=tmp_path, stdin=EXAMPLE.read_bytes())
    assert alone.returncode == piped.returncode == 0, piped.stdout + piped.stderr
    assert piped.stdout.splitlines()[-1] == alone.stdout.splitlines()[-1]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_table_written_to_a_pipe_is_imported_as_the_file_is(tmp_path: Path, kind: str) -> None:
    if not Path("/dev/stdin").exists():
        pytest.skip("no /dev/stdin here")
    if kind == "xlsx":
        from gkstd.tables import export_xlsx, import_table

        result = import_table(TABLE, check=False)
        assert result.catalog is not None
        source = tmp_path / "文昌市救灾.xlsx"
        export_xlsx(result.catalog, source)
    else:
        source = tmp_path / "文昌市救灾.csv"
        source.write_bytes(TABLE.read_bytes())
    alone = _gkstd(
        "import",
        str(source),
        "-o",
        "a.json",
        "--jurisdiction",
        "文昌市",
        "--level",
        "县级",
        cwd=tmp_path,
    )
    piped = _gkstd(
        "import",
        "/dev/stdin",
        "-o",
        "b.json",
        "--jurisdiction",
        "文昌市",
        "--level",
        "县级",
        cwd=tmp_path,
        stdin=source.read_bytes(),
    )
    assert piped.returncode == alone.returncode, piped.stderr
    first = yaml.safe_load((tmp_path / "a.json").read_text("utf-8"))
    second = yaml.safe_load((tmp_path / "b.json").read_text("utf-8"))
    first.pop("origin", None)
    second.pop("origin", None)
    assert second == first


def test_open_input_does_not_wait_and_reads_what_is_written(pipe: Path) -> None:
    assert read_capped(pipe, 100) == b""  # nothing writes: at its end at once
    with os.fdopen(open_input(pipe), "rb") as handle:  # opened first, then a writer comes
        writer = os.open(pipe, os.O_WRONLY)
        os.write(writer, b"title: x\n")
        os.close(writer)
        assert handle.read() == b"title: x\n"


def test_open_input_says_a_folder_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        open_input(tmp_path)


def test_an_endless_device_as_a_table_is_over_the_limit_said_plainly(tmp_path: Path) -> None:
    """/dev/zero as a table is read up to the limit, not whole, and said to be over it
    (it had said “有 104 MB，超过 104 MB 的上限”: the size of a stream is not known)."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    done = _gkstd("import", "/dev/zero", "-o", "z.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "读到上限为止" in done.stdout + done.stderr
    assert not (tmp_path / "z.yaml").exists()
