"""Writing output files without losing anything.

Every file gkstd writes (``gkstd import -o``, ``export``, ``derive``, ``resolve``,
``fmt``, ``pack-data`` …) goes through :func:`write_output`:

* it never writes over one of the command's inputs, compared by the real file (symbolic
  links and ``..`` resolved, ``os.path.samefile``), not by the spelling of the path;
* it refuses to replace an existing file unless ``force`` is given;
* it writes to a unique temporary file in the target directory (``tempfile.mkstemp``), so
  that two runs never share a temporary name and an input is never taken for one; on any
  error the temporary file is removed; the final step is one ``os.replace``, so a reader
  sees the old file or the new one, never half of one;
* the new file gets the user's usual mode (``0666`` less the umask), as ``open`` would;
* a symbolic link is written through: the file it leads to is replaced, the link kept; a
  link into ``/proc`` (``/dev/stdout``) is refused.

Errors are :class:`OutputError` with a Chinese and English message naming the file and the
fix.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable

import attrs

from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.readfiles import was_read

__all__ = ["OutputError", "Written", "check_output", "readable_name", "same_file", "write_output"]


class OutputError(GkstdError):
    """An output file cannot (or may not) be written."""


@attrs.frozen
class Written:
    """What :func:`write_output` did: the ``path`` written, its size in ``bytes``, and
    whether it ``replaced`` an existing file."""

    path: str
    bytes: int
    replaced: bool


def same_file(a: str, b: str) -> bool:
    """Whether paths ``a`` and ``b`` name the same file (links and ``..`` resolved)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(
    path: str,
    content: str | bytes | Callable[[str], None],
    *,
    inputs: Iterable[str] = (),
    force: bool = False,
) -> Written:
    """Write ``content`` to ``path`` atomically (see the module docstring).

    ``content`` is text (written as UTF-8), bytes, or a function that writes the file
    whose path it is given (for writers such as xlsxwriter that want a file name).
    ``inputs`` are the files the command read: ``path`` may not be one of them.
    """
    existed = check_output(path, inputs=inputs, force=force)
    target = _destination(path)
    directory = os.path.dirname(target)
    name = os.path.basename(target)
    try:
        os.makedirs(directory, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".gkstd-tmp", dir=directory)
    except OSError as exc:
        raise _cannot(path, exc) from exc
    try:
        if callable(content):
            os.close(handle)
            content(tmp)
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        size = os.path.getsize(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise _cannot(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return Written(path, size, existed)


def check_output(path: str, *, inputs: Iterable[str] = (), force: bool = False) -> bool:
    """Raise :class:`OutputError` when :func:`write_output` would refuse ``path``: one of
    the ``inputs``, a folder, something that is no regular file (a device such as
    ``/dev/null``, a named pipe: never replaced, whatever ``force``), or an existing file
    without ``force``.  Returns whether the file exists.  A command that writes after
    long work checks first, so that it does not fail at the end.  A symbolic link is
    written through (its file replaced, the link kept); a link into ``/proc``, such as
    ``/dev/stdout``, is refused."""
    target = _destination(path)
    for source in inputs:
        if os.path.exists(source) and same_file(target, source):
            raise OutputError(
                f"不能写入 {path}：它就是输入文件 {source}（可能经由链接）。请指定另一个输出路径。",
                f"Cannot write {path}: it is the input {source} (perhaps through a link). "
                "Choose another output path.",
            )
    if was_read(target):  # a parent read through extends, a holiday or parents file …
        raise OutputError(
            f"不能写入 {path}：本命令读取了这个文件（上级目录、放假安排、对应表、上次的报告等），"
            "不会覆盖它（--force 也不会）。请指定另一个输出路径。",
            f"Cannot write {path}: this command read it (a parent, holiday notices, a map, an "
            "earlier report …) "
            "and never writes over it (not even with --force). Choose another output path.",
        )
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        mode = None  # missing (or a dangling link): written as a new file
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(
            f"不能写入 {path}：这是一个文件夹。请给出文件名。",
            f"Cannot write {path}: it is a folder. Give a file name.",
        )
    if mode is not None and not stat.S_ISREG(mode):
        # replacing it would put a plain file where /dev/null or a pipe was (as root)
        raise OutputError(
            f"不能写入 {path}：它不是普通文件（设备、命名管道或套接字），gkstd 只写普通文件，"
            "加 --force 也不替换。请指定一个文件名。",
            f"Cannot write {path}: it is not a regular file (a device, named pipe or "
            "socket); gkstd writes regular files only and does not replace it, even with "
            "--force. Give a file name.",
        )
    existed = os.path.lexists(target)
    if existed and not force:
        raise OutputError(
            f"{path} 已存在，未覆盖。要替换它请加 --force，或指定另一个输出路径。",
            f"{path} exists and was not replaced. Add --force to replace it, or choose "
            "another output path.",
        )
    return existed


def _destination(path: str) -> str:
    """The file ``path`` names: itself, or the file a symbolic link at ``path`` leads to
    (so that writing replaces that file and keeps the link, as a shell's ``>`` does).
    A path that leads through ``/proc`` (``/dev/stdout`` → ``/proc/self/fd/1``,
    ``/dev/fd/1``: a process's open file, not a file of its own) raises
    :class:`OutputError`: replacing it would put a plain file where the link was."""
    target = os.path.abspath(path)
    hops = [os.path.realpath(os.path.dirname(target))]
    current = target
    for _ in range(40):  # the system's own limit of links in a row
        if not os.path.islink(current):
            break
        try:
            current = os.path.join(os.path.dirname(current), os.readlink(current))
        except (OSError, ValueError):
            break
        hops.append(os.path.abspath(current))
    if any(h == "/proc" or h.startswith("/proc/") for h in hops):
        raise OutputError(
            f"不能写入 {path}：它是指向进程打开的文件的链接（如 /dev/stdout），不是普通文件。"
            "要输出到标准输出，请不加 -o；否则请指定一个文件名。",
            f"Cannot write {path}: it is a link to a file a process has open (such as "
            "/dev/stdout), not a regular file. To write to standard output leave out -o; "
            "otherwise give a file name.",
        )
    return os.path.realpath(target) if len(hops) > 1 else target


def _cannot(path: str, exc: OSError) -> OutputError:
    reason, reason_en = os_reason(exc)
    return OutputError(
        f"无法写入 {path}：{reason}。请检查文件夹是否存在、是否有写入权限、磁盘是否已满。",
        f"Cannot write {path}: {reason_en}. Check that the folder exists, that you may write "
        "to it and that the disk is not full.",
    )


def readable_name(name: str) -> str:
    """``name`` (a path from the file system) as text every writer can encode.

    A file name that is not UTF-8 (a zip made on Chinese Windows: GBK bytes) arrives with
    lone surrogates (``os.fsdecode``); it is read as GB18030 when that decodes, else the
    bytes are shown as ``\\xNN`` escapes; a surrogate no file system gives (a JSON
    ``"\\ud800"`` in a value) is shown as ``\\ud800``.  Other names are returned unchanged."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(name)
        except UnicodeEncodeError:  # not from the file system: shown as its escapes
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "backslashreplace")
    return name
