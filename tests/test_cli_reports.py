"""Several report files written at once (:mod:`gkstd.cli.reports`): the slowest by a
forked copy of the process, the others meanwhile; the same files and messages as one
after another, and nothing lost when the copy fails."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

#: Writes three files; ``b.txt`` apart.  Each file holds the pid that rendered it, so
#: the test sees which process wrote it.  ``FAIL_IN_COPY`` makes rendering fail in any
#: process but the first.
_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from gkstd.cli.reports import write_reports
    parent = os.getpid()
    def render(out):
        if os.environ.get("FAIL_IN_COPY") and os.getpid() != parent:
            raise RuntimeError("broken in the copy")
        return f"{out} {os.getpid()}"
    outs = [os.path.join(sys.argv[1], n) for n in ("a.txt", "b.txt", "c.txt")]
    write_reports(outs, render, (), force="--force" in sys.argv,
                  apart=lambda out: out.endswith("b.txt"))
    print(parent)
    """
)


def _run(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(folder), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "GKSTD_LANG": "en", **env},
        check=False,
        timeout=60,
    )


def _wrote(stderr: str) -> list[str]:
    return [Path(line.split()[1]).name for line in stderr.splitlines() if line.startswith("Wrote")]


def test_the_slowest_is_written_by_a_copy_and_reported_in_order(tmp_path: Path) -> None:
    done = _run(tmp_path)
    assert done.returncode == 0, done.stderr
    parent = done.stdout.strip()
    pids = {n: (tmp_path / n).read_text("utf-8").split()[-1] for n in ("a.txt", "b.txt", "c.txt")}
    assert pids["a.txt"] == pids["c.txt"] == parent
    assert pids["b.txt"] != parent  # the forked copy wrote it
    assert _wrote(done.stderr) == ["a.txt", "b.txt", "c.txt"]
    assert "bytes" in done.stderr


def test_a_copy_that_fails_leaves_the_file_to_this_process(tmp_path: Path) -> None:
    done = _run(tmp_path, FAIL_IN_COPY="1")
    assert done.returncode == 0, done.stderr
    parent = done.stdout.strip()
    assert (tmp_path / "b.txt").read_text("utf-8").split()[-1] == parent
    assert _wrote(done.stderr) == ["a.txt", "b.txt", "c.txt"]


def test_an_existing_file_is_refused_as_when_written_in_turn(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("keep me", "utf-8")
    done = _run(tmp_path)
    assert done.returncode == 2
    assert (tmp_path / "b.txt").read_text("utf-8") == "keep me"  # not replaced
    assert "exists and was not replaced" in done.stderr
    assert not (tmp_path / "c.txt").exists()  # stopped there, as one after another
    replaced = _run(tmp_path, "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert "replacing the old file" in replaced.stderr
    assert (tmp_path / "b.txt").read_text("utf-8").split()[-1] != replaced.stdout.strip()


def test_an_error_before_the_copy_s_file_waits_for_it_whole(tmp_path: Path) -> None:
    """a.txt is refused (it exists): the run stops with that error, and the copy that was
    writing b.txt meanwhile is waited for, so b.txt is whole, never half written."""
    (tmp_path / "a.txt").write_text("keep me", "utf-8")
    done = _run(tmp_path)
    assert done.returncode == 2
    assert (tmp_path / "a.txt").read_text("utf-8") == "keep me"
    assert (tmp_path / "b.txt").read_text("utf-8").startswith(str(tmp_path / "b.txt"))
    assert not [p for p in tmp_path.iterdir() if p.name not in ("a.txt", "b.txt")]


def test_the_progress_bar_leaves_no_thread_behind() -> None:
    """tqdm's monitor thread would outlive the bar, and a process with a second thread
    writes its reports one after another instead of forking."""
    import threading

    from gkstd.cli.progress import progress_bar
    from gkstd.cli.reports import _can_fork

    before = threading.active_count()
    with progress_bar(True, ("个", "files"), ("检查", "check")) as tell:
        assert tell is not None
        for done in range(1, 4):
            tell(done, 3, None)
        assert threading.active_count() == before
    assert threading.active_count() == before
    assert _can_fork() == (before == 1)


def test_one_long_cell_does_not_pad_every_line_of_a_table() -> None:
    """A 32,000-character item name padded each line of the import's match table to its
    width (322 MB of output for a 3,000-row table)."""
    from gkstd.cli.textfmt import MOST_COLUMN, display_width, table

    text = table(["名称", "结果"], [["名" * 32_000, "采用"], ["短", "采用"]])
    assert max(display_width(line) for line in text.splitlines()) < MOST_COLUMN + 10
    assert "…" in text.splitlines()[2]


def test_red_error_counts_are_colour_not_escaped_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The error column showed the literal text \\x1b[31m8\\x1b[0m on a terminal."""
    from click.testing import CliRunner

    from gkstd.cli import batch_verdict
    from gkstd.cli.main import cli

    monkeypatch.setattr(batch_verdict, "stdout_is_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    table = Path(__file__).parent / "data/tables/real/anquan-shengchan__sichuan-dazhou-dachuan.csv"
    result = CliRunner().invoke(cli, ["check", str(table)], color=True)
    assert "\\x1b[" not in result.output
    assert "\x1b[31m" in result.output  # the colour itself
