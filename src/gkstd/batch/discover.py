"""Finding the catalogs a supervisor hands over: files and folders in, a list of what each
file is out.

A supervisor's folder mixes Excel/WPS tables, CSV exports, gkstd documents and everything
else an office keeps (Word files, PDFs, notes).  :func:`discover` walks the folders (sorted;
hidden files and folders not checked, those that may hold catalogs listed; links inside
folders listed but not followed) and sorts each file into

* ``table`` — ``.xlsx .xlsm .xls .et .ods .csv``, and a ``.docx`` with a table that may be a
  catalog (one naming 公开; a letter or a notice beside the tables is listed, not read):
  imported on the fly by the batch check;
* ``document`` — ``.yaml .yml .json`` that declare the gkstd format (``gkstd:`` in the
  first 4 KB);

and lists every other file as :class:`Skipped` with the reason, so that nothing handed
over disappears silently.  Paths that do not exist, cannot be reached (a folder without
read permission, a name too long for the file system) or are no regular file (a named
pipe, which would block the check forever, a device, a socket) are skipped with a reason
too: a batch never stops, or hangs, at the first bad name.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import attrs

from gkstd.diagnostics.arguments import paths as path_list
from gkstd.diagnostics.errors import os_reason
from gkstd.io.files import readable_name

__all__ = [
    "DOCUMENT_SUFFIXES",
    "INCOMPLETE_REASONS",
    "REPORT_COMMENT",
    "SKIP_REASON_NAMES",
    "TABLE_SUFFIXES",
    "Discovery",
    "Found",
    "Skipped",
    "discover",
    "unread",
]

#: Table files the batch check imports (``.et`` is WPS's own spreadsheet format; Word's
#: ``.docx`` when it holds a table that may be a catalog).
TABLE_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv", ".docx"})
#: Document files that may hold a gkstd catalog.
DOCUMENT_SUFFIXES = frozenset({".yaml", ".yml", ".json"})

_PEEK = 4096

SkipReason = Literal[
    "missing",
    "not-a-catalog-format",
    "not-gkstd",
    "unreadable",
    "link",
    "not-a-file",
    "office-lock",
    "gkstd-report",
    "word-no-catalog",
    "old-word",
    "hidden",
    "duplicate",
]

#: Each reason said briefly, Chinese and English (the reports' column of reasons).
SKIP_REASON_NAMES: dict[str, tuple[str, str]] = {
    "missing": ("路径不存在", "missing"),
    "not-a-catalog-format": ("非目录格式", "not a catalog format"),
    "not-gkstd": ("非 gkstd 文件", "not a gkstd file"),
    "unreadable": ("无法读取", "unreadable"),
    "link": ("链接", "link"),
    "not-a-file": ("非普通文件", "not a regular file"),
    "office-lock": ("临时锁定文件", "office lock file"),
    "gkstd-report": ("gkstd 检查报告", "gkstd report"),
    "word-no-catalog": ("非目录 Word 文档", "Word document without a catalog"),
    "old-word": ("旧版 Word 文档", "old Word document"),
    "hidden": ("隐藏文件", "hidden"),
    "duplicate": ("重复报送", "sent twice"),
}

#: Hidden folders of tools, never listed: version control, editors, the system's own.
_TOOL_FOLDERS = frozenset(
    {
        ".git",
        ".svn",
        ".hg",
        ".idea",
        ".vscode",
        ".Trash",
        ".Trashes",
        ".fseventsd",
        ".Spotlight-V100",
        ".TemporaryItems",
        ".cache",
        ".tox",
        ".venv",
        ".mypy_cache",
    }
)

#: The comment of the workbook ``gkstd check --report FILE.xlsx`` writes (its document
#: properties): a report saved beside the tables is known for one the next time.
REPORT_COMMENT = "由 gkstd check 生成；不含公式。"
_REPORT_MARK = REPORT_COMMENT.encode("utf-8")
_PROPERTIES = "docProps/core.xml"
_PROPERTIES_BYTES = 64 * 1024
#: A Word document's body, read (at most this much of it) to tell a catalog from a letter.
_WORD_BODY = "word/document.xml"
_WORD_BODY_BYTES = 64 * 1024 * 1024
_TABLE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?tbl[\s>]")


@attrs.frozen
class Found:
    """A file to check: its ``path`` and ``kind`` (``table`` or ``document``)."""

    path: Path
    kind: Literal["table", "document"]


#: The reasons of a path that may hold catalogs nobody read (see :attr:`Skipped.incomplete`).
INCOMPLETE_REASONS = frozenset({"missing", "unreadable"})


def unread(skipped: Iterable[Skipped]) -> int:
    """How many of ``skipped`` could not be read: a batch with one is incomplete,
    never passed."""
    return sum(1 for s in skipped if s.incomplete)


@attrs.frozen
class Skipped:
    """A path that is not checked, and why (``reason`` is a stable code; ``zh``/``en``
    say it for people)."""

    path: Path
    reason: SkipReason
    zh: str
    en: str

    @property
    def incomplete(self) -> bool:
        """True when the path may hold catalogs that were not read (it does not exist, or
        it or a folder cannot be read): the batch cannot then be called passed. A file of
        another format, a document that is not gkstd's, a link or a pipe holds no catalog
        the batch missed."""
        return self.reason in INCOMPLETE_REASONS

    def to_dict(self) -> dict[str, str]:
        """Plain data: the file, the reason code and the messages."""
        return {
            "file": readable_name(str(self.path)),
            "reason": self.reason,
            "message": self.zh,
            "message_en": self.en,
        }


@attrs.frozen
class Discovery:
    """What :func:`discover` found: the ``files`` to check, in a stable order, and the
    ``skipped`` paths with their reasons."""

    files: tuple[Found, ...]
    skipped: tuple[Skipped, ...]


def discover(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
) -> Discovery:
    """Walk ``paths`` (files and folders; one path alone is that path) and sort every file found (see the module
    docstring).  Folders are walked recursively in sorted order; a file named twice, or
    reached through two paths to the same real file, is listed once."""
    files: list[Found] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()

    def visit(path: Path, real: str | None = None) -> None:
        real = real if real is not None else os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        kind, why = _classify(path)
        if kind is not None:
            files.append(Found(path, kind))
        elif why is not None:
            skipped.append(why)

    def unreachable(exc: OSError) -> None:  # a folder os.walk cannot list
        skipped.append(_unreachable(Path(exc.filename or ""), exc, folder=True))

    for given in path_list(paths, "gkstd.check(paths)"):
        path = Path(given)
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
            skipped.append(_unreachable(path, exc))
            continue
        if stat.S_ISDIR(mode):
            for folder, dirs, names in os.walk(path, followlinks=False, onerror=unreachable):
                skipped.extend(
                    _hidden(Path(folder) / d, folder=True)
                    for d in sorted(dirs)
                    if d.startswith(".") and d not in _TOOL_FOLDERS
                )
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                real = os.path.realpath(folder)  # a file that is no link: real/name
                for name in sorted(names):
                    if name.startswith("."):
                        # hidden: listed when it may be a catalog (.收件.xlsx); editor
                        # locks (.~lock.…#) and the system's files are left alone
                        suffix = os.path.splitext(name)[1].lower()
                        candidate = suffix in TABLE_SUFFIXES | DOCUMENT_SUFFIXES
                        if candidate and not name.startswith(".~lock."):
                            skipped.append(_hidden(Path(folder) / name, folder=False))
                        continue
                    child = Path(folder) / name
                    try:
                        child_mode = os.lstat(child).st_mode
                    except OSError as exc:
                        skipped.append(_unreachable(child, exc))
                        continue
                    if stat.S_ISLNK(child_mode):  # in a folder walk, a link is not followed
                        skipped.append(
                            Skipped(
                                child,
                                "link",
                                f"{child}：是符号链接，批量检查文件夹时不跟随；需要时请直接给出该文件。",
                                f"{child}: a symbolic link, not followed in a folder walk; "
                                "name the file itself if it should be checked.",
                            )
                        )
                    elif not stat.S_ISREG(child_mode):
                        skipped.append(_not_a_file(child))
                    else:
                        visit(child, os.path.join(real, name))
        elif stat.S_ISREG(mode):
            visit(path)
        else:
            skipped.append(_not_a_file(path))
    files.sort(key=lambda f: str(f.path))
    kept, copies = _without_copies(files)
    return Discovery(tuple(kept), (*skipped, *copies))


def _without_copies(files: list[Found]) -> tuple[list[Found], list[Skipped]]:
    """``files`` without byte-identical copies in one folder (扶贫领域目录.csv and
    扶贫领域目录(1).csv: one submission sent twice, which would count twice in the
    ranking); each copy listed, naming the file kept.  Identical files in different
    folders are different governments' (a template both filled alike) and both stay."""
    by_size: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, found in enumerate(files):
        try:
            size = os.stat(found.path).st_size
        except (OSError, ValueError):
            continue  # the check says why it cannot be read
        by_size[(os.path.dirname(os.path.abspath(found.path)), size)].append(index)
    dropped: dict[int, Skipped] = {}
    for indexes in by_size.values():
        if len(indexes) < 2:
            continue
        first: dict[bytes, int] = {}
        # the plainest name is kept: 扶贫领域目录.csv, not 扶贫领域目录(1).csv
        for index in sorted(indexes, key=lambda i: (len(files[i].path.name), files[i].path.name)):
            digest = _digest(files[index].path)
            if digest is None:
                continue
            if digest in first:
                dropped[index] = _copy(files[index].path, files[first[digest]].path)
            else:
                first[digest] = index
    kept = [f for i, f in enumerate(files) if i not in dropped]
    return kept, [dropped[i] for i in sorted(dropped)]


def _digest(path: Path) -> bytes | None:
    """The BLAKE2 digest of the file at ``path`` (``None`` when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "blake2b").digest()
    except (OSError, ValueError):
        return None


def _copy(path: Path, kept: Path) -> Skipped:
    name, original = readable_name(str(path)), readable_name(str(kept))
    return Skipped(
        path,
        "duplicate",
        f"{name}：与同一文件夹中的 {original} 内容完全相同（重复报送），只检查一次，不重复计入排名。",
        f"{name}: the same bytes as {original} in the same folder (sent twice); checked "
        "once, not counted twice in the ranking.",
    )


def _unreachable(path: Path, exc: OSError | ValueError, *, folder: bool = False) -> Skipped:
    """A path that does not exist, or cannot be reached (permission, a name too long)."""
    name = readable_name(str(path))
    if isinstance(exc, OSError) and exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Skipped(
            path,
            "missing",
            f"{name}：文件或文件夹不存在，请检查路径。",
            f"{name}: no such file or folder; check the path.",
        )
    why, why_en = os_reason(exc)
    if folder:
        return Skipped(
            path,
            "unreadable",
            f"{name}：无法读取文件夹（{why}），其中的文件未检查。",
            f"{name}: the folder cannot be read ({why_en}); the files in it were not checked.",
        )
    return Skipped(
        path,
        "unreadable",
        f"{name}：无法读取（{why}），未检查。",
        f"{name}: cannot be read ({why_en}); not checked.",
    )


def _hidden(path: Path, *, folder: bool) -> Skipped:
    """A hidden file or folder (its name starts with ``.``): not checked, but said, so
    that no catalog is left out without a word."""
    name = readable_name(str(path))
    what, what_en = ("隐藏文件夹", "a hidden folder") if folder else ("隐藏文件", "a hidden file")
    return Skipped(
        path,
        "hidden",
        f"{name}：{what}（名称以“.”开头），未检查；如其中有要检查的目录，请去掉名称开头的“.”。",
        f"{name}: {what_en} (its name starts with '.'), not checked; remove the leading '.' "
        "if it holds a catalog to check.",
    )


def _not_a_file(path: Path) -> Skipped:
    """A named pipe, device or socket: reading it could block the check forever."""
    name = readable_name(str(path))
    return Skipped(
        path,
        "not-a-file",
        f"{name}：不是普通文件（命名管道、设备或套接字），未检查。",
        f"{name}: not a regular file (a named pipe, device or socket); not checked.",
    )


def _classify(path: Path) -> tuple[Literal["table", "document"] | None, Skipped | None]:
    suffix = path.suffix.lower()
    if path.name.startswith("~$"):
        return None, Skipped(
            path,
            "office-lock",
            f"{readable_name(str(path))}：Excel/WPS 打开表格时生成的临时锁定文件（表格正在被打开），"
            "不是目录，未检查。",
            f"{readable_name(str(path))}: the lock file Excel/WPS keeps while a table is open; "
            "not a catalog, not checked.",
        )
    if suffix == ".xlsx" and _is_report(path):
        return None, Skipped(
            path,
            "gkstd-report",
            f"{readable_name(str(path))}：gkstd check 生成的检查报告，不是目录，未检查。",
            f"{readable_name(str(path))}: a report written by gkstd check, not a catalog; "
            "not checked.",
        )
    if suffix == ".doc":
        return None, Skipped(
            path,
            "old-word",
            f"{readable_name(str(path))}：旧版 Word 文档（.doc）无法读取，未检查；"
            "如其中有标准目录表格，请用 Word/WPS 另存为 .docx 后再检查。",
            f"{readable_name(str(path))}: an old Word document (.doc), which cannot be read; "
            "not checked. If it holds a catalog table, save it as .docx and check again.",
        )
    if suffix == ".docx" and not _may_hold_catalog(path):
        return None, Skipped(
            path,
            "word-no-catalog",
            f"{readable_name(str(path))}：Word 文档中没有可能是标准目录的表格"
            "（没有表格，或表格中没有“公开”二字），未检查。",
            f"{readable_name(str(path))}: a Word document without a table that could be a "
            "catalog (no table, or none with 公开 in it); not checked.",
        )
    if suffix in TABLE_SUFFIXES:
        return "table", None
    if suffix not in DOCUMENT_SUFFIXES:
        return None, Skipped(
            path,
            "not-a-catalog-format",
            f"{readable_name(str(path))}：不是目录表格（xlsx/xls/et/ods/csv/docx）或目录文件（yaml/json），未检查。",
            f"{readable_name(str(path))}: not a catalog table (xlsx/xls/et/ods/csv/docx) or document (yaml/json); "
            "not checked.",
        )
    try:
        with path.open("rb") as stream:
            head = stream.read(_PEEK)
    except OSError as exc:
        return None, Skipped(
            path,
            "unreadable",
            f"{readable_name(str(path))}：无法读取（{os_reason(exc)[0]}），未检查。",
            f"{readable_name(str(path))}: cannot be read ({os_reason(exc)[1]}); not checked.",
        )
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # validate reads it
    text = head.decode("utf-16" if utf16 else "utf-8", errors="replace")
    if "gkstd:" in text or '"gkstd"' in text:
        return "document", None
    return None, Skipped(
        path,
        "not-gkstd",
        f'{readable_name(str(path))}：文件开头没有 gkstd 格式版本（gkstd: "1.0"），不是 gkstd 目录文件，未检查。',
        f'{readable_name(str(path))}: no gkstd format version (gkstd: "1.0") at its top; not a gkstd '
        "document; not checked.",
    )


def _is_report(path: Path) -> bool:
    """Whether ``path`` is a workbook ``gkstd check --report`` wrote (its document
    properties say so).  Anything unreadable or odd is left to the table reader."""
    head = _member_head(path, _PROPERTIES, _PROPERTIES_BYTES + 1)
    return head is not None and len(head) <= _PROPERTIES_BYTES and _REPORT_MARK in head


def _may_hold_catalog(path: Path) -> bool:
    """Whether the Word document at ``path`` has a table and the word 公开 (every catalog's
    header has it): a cover letter or notice beside the tables is not read as a catalog.
    Anything unreadable or odd is left to the table reader, which says what is wrong."""
    body = _member_head(path, _WORD_BODY, _WORD_BODY_BYTES)
    if body is None:
        return True
    return _TABLE_TAG.search(body) is not None and "公开".encode() in body


def _member_head(path: Path, member: str, limit: int) -> bytes | None:
    """The first ``limit`` bytes of ``member`` of the ZIP at ``path``; ``None`` when it is
    no ZIP, lacks the member or is damaged."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            return stream.read(limit)
    except Exception:
        return None
