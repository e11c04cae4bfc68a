"""Writing several report files of one run at once.

``gkstd check --report a.html --report a.xlsx --report a.json`` writes three files from
the same report.  The Excel workbook is the slowest (a row per finding, inside
xlsxwriter: about a second for a province's 12,000 findings) and needs nothing the
others need, so on a system that can ``fork`` it is written by a copy of this process
while this one writes the others; the copy shares the report's memory instead of
receiving it through a pipe.  The copy writes exactly as :func:`gkstd.cli.common.write`
would (atomically, never over an input, over an existing file only with ``--force``) and
says nothing; this process reports what was written, in the order the files were asked
for.  If the copy cannot be made (no ``fork``: Windows; threads running, which ``fork``
would not copy safely) or fails for any reason, this process writes that file itself,
with the usual messages and errors: nothing is lost, only the time saved.  When this
process stops at an error (an output it may not replace), it still waits for the copy, so
the copy's file is whole, never half written.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence

from gkstd.cli.common import say_written, t, write
from gkstd.cli.textfmt import say

__all__ = ["refuse_outputs", "write_reports"]

#: What a report writer gives :func:`gkstd.cli.common.write`.
Content = str | bytes | Callable[[str], None]


def write_reports(
    outputs: Sequence[str],
    render: Callable[[str], Content],
    inputs: Sequence[str],
    *,
    force: bool = False,
    apart: Callable[[str], bool] = lambda out: False,
) -> None:
    """Write each of ``outputs`` with the content ``render(out)`` gives; the outputs for
    which ``apart(out)`` is true are written by a forked copy of this process meanwhile
    (see the module docstring), when there is more than one output."""
    children: dict[str, tuple[int, bool]] = {}  # output → (pid, a file was there)
    if len(outputs) > 1 and _can_fork():
        for out in outputs:
            if apart(out) and len(children) < len(outputs) - 1:
                existed = os.path.lexists(out)
                pid = _fork_writer(out, render, inputs, force)
                if pid is not None:
                    children[out] = (pid, existed)
    waiting = {pid for pid, _ in children.values()}
    try:
        for out in outputs:
            child = children.get(out)
            if child is not None and child[0] in waiting:
                waiting.discard(child[0])
                if _succeeded(child[0]):
                    say_written(out, os.path.getsize(out), replaced=child[1])
                    continue
            # not forked, or the copy failed or was stopped: written here, with its messages
            write(render(out), out, inputs, force=force)
    finally:  # stopped by an error: a copy still writing finishes its file (never half)
        for pid in waiting:
            _succeeded(pid)


def refuse_outputs(outputs: Sequence[str], *, force: bool) -> None:
    """Refuse, before any work, an output that would be refused at the end: a folder, or
    an existing file without ``--force`` (a national check may run for hours): the
    message on standard error, exit code 2."""
    from gkstd.diagnostics.errors import GkstdError
    from gkstd.io.files import check_output

    seen: dict[str, str] = {}
    for out in outputs:  # one file asked for twice: the second would replace the first
        real = os.path.realpath(out)
        if real in seen:
            say(
                t(
                    f"{out} 被指定为两个输出（{seen[real]} 与 {out} 是同一个文件），"
                    "第二个会覆盖第一个。请给每个报告不同的文件名。",
                    f"{out} is given as two outputs ({seen[real]} and {out} are the same "
                    "file): the second would replace the first. Give each report its own name.",
                ),
                err=True,
            )
            sys.exit(2)
        seen[real] = out
    for out in outputs:
        try:
            check_output(out, force=force)
        except GkstdError as exc:
            say(exc.text(), err=True)
            sys.exit(2)


def _can_fork() -> bool:
    """``fork`` exists and only this thread runs (a forked copy holds only the forking
    thread; a lock another thread held would stay locked in it)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _fork_writer(
    out: str, render: Callable[[str], Content], inputs: Sequence[str], force: bool
) -> int | None:
    """Fork a copy that writes ``out`` and exits (0 when written); its pid, or ``None``."""
    from gkstd.io.files import write_output

    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid:
        return pid
    status = 1
    try:  # the copy: write, say nothing, leave without running this process's exit code
        write_output(out, render(out), inputs=inputs, force=force)
        status = 0
    except BaseException:  # the parent writes the file again, and says why
        pass
    finally:
        os._exit(status)


def _succeeded(pid: int) -> bool:
    """Wait for the copy ``pid``; true when it wrote its file."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.waitstatus_to_exitcode(status) == 0
