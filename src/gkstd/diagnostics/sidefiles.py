"""Reading a small file a command is given beside its tables: a scoring scheme
(``--scoring``), a parents file (``--parents``), an earlier report (``--compare``).

Each had its own copy of the same steps and said the same failures in different words: the
file read (a pipe too: ``--scoring <(…)``; :func:`~gkstd.diagnostics.readfiles.read_capped`
never waits on one nothing writes to), at most a limit; empty; not UTF-8.  Here they are
said once, each with the file, the reason and the fix, as the caller's own error class
(:class:`SideFile`).  What the text holds (YAML, JSON) is the caller's to read.  Part of
:mod:`gkstd.diagnostics`.
"""

from __future__ import annotations

import os
from typing import Any

import attrs

from gkstd.diagnostics import limits, schemawords
from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.readfiles import read_capped

__all__ = ["SideFile", "read_side_bytes", "side_text"]


@attrs.frozen
class SideFile:
    """What a side file is, for its messages: ``what`` (``评分方案`` / ``the scoring
    scheme``), the ``fix`` said after each failure (where a good one is found), the
    environment variable that raises its ``limit`` (none: a fixed limit), and the
    ``error`` class raised (a :class:`~gkstd.diagnostics.errors.GkstdError`)."""

    what: str
    what_en: str
    error: type[GkstdError]
    fix: str = ""
    fix_en: str = ""
    limit_env: str | None = None

    def refuse(self, name: str, why: str, why_en: str) -> GkstdError:
        """The error for ``name`` (the file as given): ``why``, then the fix."""
        zh = f"{name}：{why}。{self.fix}".rstrip()
        en = f"{name}: {why_en}. {self.fix_en}".rstrip()
        return self.error(zh, en)

    def misfit(self, name: str, error: Any, form: str, form_en: str) -> GkstdError:
        """The error for ``name`` whose data does not fit its JSON Schema: the place and
        what was wrong (jsonschema's ``error``, said in words by
        :mod:`~gkstd.diagnostics.schemawords`), against ``form`` (评分方案格式 / the scheme
        format)."""
        where, where_en = schemawords.where(error.absolute_path)
        said, said_en = schemawords.said(error)
        return self.refuse(
            name,
            f"{where} 不符合{form}（{said}）",
            f"{where_en} does not fit {form_en} ({said_en})",
        )


def _size(limit: int) -> tuple[str, str]:
    if limit >= limits.MiB:
        return f"{limit // limits.MiB} MB", f"{limit // limits.MiB} MB"
    return f"{limit // 1024} KB", f"{limit // 1024} KB"


def read_side_bytes(path: str | os.PathLike[str], limit: int, kind: SideFile) -> bytes:
    """The bytes of the side file ``path``, at most ``limit``; ``kind.error`` when it
    cannot be read (the reason in words: a folder, no such file, no permission), is over
    ``limit`` or is empty."""
    name = os.fspath(path)
    try:
        raw = read_capped(name, limit)
    except (OSError, ValueError) as exc:  # (ValueError: a NUL in the name)
        why, why_en = os_reason(exc) if isinstance(exc, OSError) else ("文件名无效", "invalid name")
        raise kind.refuse(
            name,
            f"无法读取{kind.what}（{why}），请检查路径",
            f"cannot read {kind.what_en} ({why_en}); check the path",
        ) from None
    if len(raw) > limit:
        size, size_en = _size(limit)
        env = f"（可用环境变量 {kind.limit_env} 调高上限）" if kind.limit_env else ""
        env_en = f" (raise the limit with {kind.limit_env})" if kind.limit_env else ""
        raise kind.refuse(
            name,
            f"超过 {size}，不像{kind.what}{env}",
            f"over {size_en}, not {kind.what_en}{env_en}",
        )
    if not raw.strip():
        raise kind.refuse(name, f"是空文件，不是{kind.what}", f"empty, not {kind.what_en}")
    return raw


def side_text(raw: bytes, name: str, kind: SideFile) -> str:
    """``raw`` as text (UTF-8, a BOM allowed); ``kind.error`` naming the first byte that
    is not UTF-8 (a file saved in GBK)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise kind.refuse(
            name,
            f"第 {exc.start + 1} 个字节不是 UTF-8 文本，请另存为 UTF-8 编码",
            f"byte {exc.start + 1} is not UTF-8; save it as UTF-8",
        ) from None
