"""The one exception family of gkstd's public entry points.

A public function (``gkstd.load``, ``validate``, ``resolve``, ``diff``, ``import_table``,
``audit`` …) returns findings for anything wrong *in* a document.  When it cannot work at
all — the file is not a table, the records file has no usable row, a limit is exceeded
before anything could be read — it raises a subclass of :class:`GkstdError`, never a bare
``TypeError``, ``RecursionError``, ``OverflowError`` or a reader's panic.  Each carries a
Chinese and an English message that name the file, the place and the fix.  An argument of
the wrong type is :class:`gkstd.diagnostics.arguments.ArgumentError`, a kind of it (and a
``TypeError``).
"""

from __future__ import annotations

import errno
import os
import traceback
from typing import Any

__all__ = ["GkstdError", "os_reason", "raised_in"]

#: The Chinese and English of the file-system errors people meet.
_REASONS = {
    errno.ENOENT: ("文件或文件夹不存在", "no such file or folder"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "a part of the path is not a folder"),
    errno.EISDIR: ("这是文件夹，不是文件", "it is a folder, not a file"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("不允许此操作", "operation not permitted"),
    errno.EEXIST: ("已存在同名文件", "a file of that name exists"),
    errno.ENOSPC: ("磁盘已满", "no space left on the disk"),
    errno.EROFS: ("只读的文件系统", "a read-only file system"),
    errno.ENAMETOOLONG: ("文件名过长", "the file name is too long"),
    errno.EMFILE: ("打开的文件过多", "too many open files"),
    errno.EIO: (
        "读写错误（磁盘或网络盘故障？）",
        "input/output error (a failing or network disk?)",
    ),
    errno.EBUSY: ("文件正被占用", "the file is busy"),
    errno.EADDRINUSE: ("端口已被占用", "the port is in use"),
    errno.EADDRNOTAVAIL: ("本机没有这个地址", "this machine has no such address"),
}


class GkstdError(Exception):
    """Base class of the errors gkstd raises on purpose (``message`` Chinese,
    ``message_en`` English; ``str()`` is the Chinese message)."""

    def __init__(self, message: str, message_en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en if message_en is not None else message

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``zh`` or ``en``; default: the current language)."""
        from gkstd.diagnostics.i18n import current_language

        return self.message_en if (lang or current_language()) == "en" else self.message


def os_reason(exc: BaseException) -> tuple[str, str]:
    """Why a file operation failed, in Chinese and English: the common file-system errors
    said in words (``strerror`` is English only), anything else as Python says it."""
    if isinstance(exc, OSError) and exc.errno in _REASONS:
        return _REASONS[exc.errno]
    text = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    return text, text


def raised_in(function: Any, exc: BaseException, *, besides: str | None = None) -> str | None:
    """``file:line`` in the code of ``function`` (a plugin's rule or order) where ``exc``
    was raised: the deepest frame of the traceback in the folder of the function's file;
    else, with ``besides`` (the caller's own file), the deepest frame in any other file.
    A plugin's author finds the place without a traceback."""
    home = os.path.dirname(getattr(getattr(function, "__code__", None), "co_filename", ""))
    frames = list(traceback.walk_tb(exc.__traceback__))
    mine = [(f, n) for f, n in frames if home and f.f_code.co_filename.startswith(home)]
    if not mine and besides is not None:
        mine = [(f, n) for f, n in frames if f.f_code.co_filename != besides]
    if not mine:
        return None
    frame, line = mine[-1]
    return f"{frame.f_code.co_filename}:{line}"
