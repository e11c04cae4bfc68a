"""The work of ``POST /v1/check``: the uploads (files and unpacked zip files) written into
a temporary folder, checked as ``gkstd check`` checks a folder, the report rendered as
JSON, HTML or Excel; the folder is removed before the result is returned.

Zip files are unpacked safely: no absolute path, no ``..``, no link, at most
``max_files`` files in all, at most ``max_upload × 4`` bytes unpacked in all and no member
compressed more than :data:`MAX_RATIO` times (a zip bomb); anything else refuses the whole
request (GK802 ``zip``, GK801 ``files``) before a file is written.  The report names every
file as it was uploaded (its path inside a zip kept), never by the server's folder.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import attrs

from gkstd.diagnostics.errors import os_reason
from gkstd.serve.rules import BAD_REQUEST, TOO_LARGE, body_refused
from gkstd.serve.work import (
    TEMP_PREFIX,
    RequestError,
    Upload,
    bad_parameter,
    renamed,
    safe_name,
    suffix_of,
)
from gkstd.tables.xlsxscan import zip_reason

__all__ = ["FORMATS", "MAX_RATIO", "BatchParams", "check_uploads", "unpack_plan"]

#: The report formats of ``POST /v1/check``.
FORMATS = ("json", "html", "xlsx")

#: A zip member unpacking to more than this many times its compressed size (and to more
#: than :data:`_RATIO_FROM` bytes) is taken for a zip bomb.
MAX_RATIO = 200
_RATIO_FROM = 1 << 20

#: What a zip of folders made on a Mac carries beside the files.
_MAC_FOLDER = "__MACOSX/"
_CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")


@attrs.frozen(kw_only=True)
class BatchParams:
    """The settings of one ``POST /v1/check``: report format and language, and the
    service's limits on the files and on the bytes unpacked from zip files."""

    fmt: str = "json"
    lang: str = "zh"
    max_files: int = 500
    max_unpacked: int = 200 << 20


#: Most folders a zip member may sit in (the file system's path limit is near).
_MOST_FOLDERS = 32


def _zip_refused(name: str, reason: str, reason_en: str) -> RequestError:
    """400 (GK802): the zip ``name`` cannot be unpacked, and why (Chinese, English)."""
    return RequestError(400, BAD_REQUEST.emit("zip", name=name, reason=reason, reason_en=reason_en))


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as written: names in a zip made on Chinese Windows are GBK
    bytes without the UTF-8 flag (``zipfile`` reads them as cp437)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gb18030")
    return name.replace("\\", "/")


def _safe_member(zip_name: str, info: zipfile.ZipInfo) -> str | None:
    """The relative path a member is written to (``None``: a folder or the Mac's extra
    files), or the refusal of an unsafe member."""
    name = _member_name(info)
    if name.startswith("/") or _DRIVE.match(name):
        raise _zip_refused(zip_name, f"绝对路径 {name!r}", f"absolute path {name!r}")
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if ".." in parts:
        raise _zip_refused(zip_name, f"路径含 .. ：{name!r}", f"path with ..: {name!r}")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _zip_refused(zip_name, f"符号链接 {name!r}", f"symbolic link {name!r}")
    if info.is_dir() or not parts or name.startswith(_MAC_FOLDER):
        return None
    if any(p.startswith(".") for p in parts):  # hidden: the batch check skips them too
        return None
    if info.flag_bits & 0x1:
        raise _zip_refused(zip_name, f"加密的文件 {name!r}", f"encrypted member {name!r}")
    if len(parts) > _MOST_FOLDERS:
        shown = name if len(name) <= 80 else name[:80] + "…"
        raise _zip_refused(
            zip_name,
            f"{shown!r} 的文件夹超过 {_MOST_FOLDERS} 层",
            f"{shown!r} is over {_MOST_FOLDERS} folders deep",
        )
    clean = [safe_name(p, "_") for p in parts]
    return "/".join(clean)


def unpack_plan(
    zip_name: str, data: bytes, params: BatchParams
) -> tuple[zipfile.ZipFile, list[tuple[zipfile.ZipInfo, str]]]:
    """The opened zip and its members to write (each with its relative path), once every
    member is found safe: a refusal (:class:`RequestError`) otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        zh, en = zip_reason(exc)
        raise _zip_refused(
            zip_name, f"不是有效的 zip 文件（{zh}）", f"not a valid zip file ({en})"
        ) from None
    plan: list[tuple[zipfile.ZipInfo, str]] = []
    for info in infos:
        target = _safe_member(zip_name, info)
        if target is None:
            continue
        if len(plan) >= params.max_files:
            raise RequestError(
                413, TOO_LARGE.emit("files", limit=params.max_files, count=len(infos))
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FROM and ratio > MAX_RATIO:
            raise _zip_refused(
                zip_name,
                f"{target!r} 压缩比 {ratio:.0f} 倍，超过 {MAX_RATIO} 倍（疑为压缩炸弹）",
                f"{target!r} is compressed {ratio:.0f} times, over {MAX_RATIO} (a zip bomb?)",
            )
        plan.append((info, target))
    return archive, plan


class _Budget:
    """The bytes that may still be unpacked, and the files that may still be written."""

    def __init__(self, params: BatchParams) -> None:
        self.params = params
        self.bytes = params.max_unpacked
        self.files = params.max_files

    def take_file(self, count: int) -> None:
        self.files -= 1
        if self.files < 0:
            limit = self.params.max_files
            raise RequestError(413, TOO_LARGE.emit("files", limit=limit, count=count))

    def take_bytes(self, zip_name: str, size: int) -> None:
        self.bytes -= size
        if self.bytes < 0:
            limit = self.params.max_unpacked
            raise _zip_refused(
                zip_name,
                f"解压后超过 {limit} 字节（疑为压缩炸弹）",
                f"over {limit} bytes unpacked (a zip bomb?)",
            )


def _unique(folder: Path, relative: str) -> Path:
    """``folder/relative``, or with ``-2``, ``-3``… before the suffix when taken."""
    target = folder / relative
    number = 2
    while target.exists():
        path = PurePosixPath(relative)
        target = folder / path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return target


def _write_zip(
    folder: Path,
    zip_name: str,
    archive: zipfile.ZipFile,
    plan: Sequence[tuple[zipfile.ZipInfo, str]],
    budget: _Budget,
    count: int,
) -> None:
    """Write the planned members, counting the bytes as they are unpacked (the sizes a
    zip declares may lie)."""
    for info, relative in plan:
        budget.take_file(count)
        try:
            target = _unique(folder, relative)
            target.parent.mkdir(parents=True, exist_ok=True)  # (a file of that name: refused)
            with archive.open(info) as source, target.open("xb") as out:
                while chunk := source.read(_CHUNK):
                    budget.take_bytes(zip_name, len(chunk))
                    out.write(chunk)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
            # an OSError's text names the server's folder: say only why (a file and a
            # folder of one name, a name too long …)
            zh, en = os_reason(exc) if isinstance(exc, OSError) else zip_reason(exc)
            raise _zip_refused(zip_name, f"{relative!r}：{zh}", f"{relative!r}: {en}") from None


def _stage(folder: Path, uploads: Sequence[Upload], params: BatchParams) -> None:
    """Every upload written into ``folder``; zip files unpacked there (all checked first)."""
    plans = []
    count = 0
    for name, data in uploads:
        if suffix_of(name) == ".zip":
            archive, plan = unpack_plan(name, data, params)
            plans.append((name, archive, plan))
            count += len(plan)
        else:
            count += 1
    if count > params.max_files:
        raise RequestError(413, TOO_LARGE.emit("files", limit=params.max_files, count=count))
    budget = _Budget(params)
    for name, data in uploads:
        if suffix_of(name) != ".zip":
            budget.take_file(count)
            try:
                _unique(folder, name).write_bytes(data)
            except OSError as exc:  # a name the file system refuses
                raise RequestError(
                    400,
                    body_refused(
                        f"无法保存上传的文件 {name!r}：{os_reason(exc)[0]}",
                        f"cannot store {name!r}: {os_reason(exc)[1]}",
                    ),
                ) from None
    for name, archive, plan in plans:
        with archive:
            _write_zip(folder, name, archive, plan, budget, count)


def _relative(value: Any, strip: Callable[[str], str]) -> Any:
    """``value`` (a report, a finding, …) with every text and path made relative to the
    temporary folder by ``strip``; the catalogs and the scheme are left as they are."""
    from gkstd.batch.scheme import Scheme
    from gkstd.diagnostics.messages import Args
    from gkstd.model import Catalog

    if isinstance(value, str):
        return strip(value)
    if isinstance(value, Path):
        return Path(strip(str(value)))
    if isinstance(value, tuple):
        return tuple(_relative(v, strip) for v in value)
    if isinstance(value, Args):
        return Args({k: _relative(v, strip) for k, v in value.items()})
    if isinstance(value, (Catalog, Scheme)) or not attrs.has(type(value)):
        return value
    changes = {}
    for field in attrs.fields(type(value)):
        if not field.init:
            continue
        old = getattr(value, field.name)
        new = _relative(old, strip)
        if new is not old and new != old:
            changes[field.alias or field.name] = new
    return attrs.evolve(value, **changes) if changes else value


def _renames(folder: Path) -> dict[str, str]:
    """What makes a text name the files relative to ``folder`` (by its real path too):
    for :func:`gkstd.serve.work.renamed`, the longest prefix first."""
    prefixes = sorted({str(folder) + os.sep, os.path.realpath(folder) + os.sep}, key=len)
    prefixes.reverse()
    return {**dict.fromkeys(prefixes, ""), prefixes[-1].rstrip(os.sep): "."}


def _texts(data: dict[str, Any], report: Any, lang: str) -> None:
    """Each finding of the JSON report with ``text`` in ``lang``."""
    for result, out in zip(report.files, data["files"], strict=True):
        for finding, item in zip(result.report.findings, out["findings"], strict=True):
            item["text"] = finding.text(lang)


def check_uploads(uploads: Sequence[Upload], params: BatchParams) -> dict[str, Any] | bytes | str:
    """``POST /v1/check``: the batch report of the uploads, as JSON data (``fmt`` json),
    an HTML page (a ``str``) or an Excel workbook (``bytes``)."""
    from gkstd.batch.check import check

    if params.fmt not in FORMATS:
        raise bad_parameter(
            "format", params.fmt, "请写 json、html 或 xlsx。", "use json, html or xlsx."
        )
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:
        folder = Path(os.path.realpath(tmp)) / "files"
        folder.mkdir()
        _stage(folder, uploads, params)
        renames = _renames(folder)
        strip: Callable[[str], str] = functools.partial(renamed, renames=renames)
        report = _relative(check([folder], jobs=1), strip)
        if params.fmt == "html":
            from gkstd.batch.html import render_html

            return strip(render_html(report, lang=params.lang))
        if params.fmt == "xlsx":
            from gkstd.batch.xlsx import write_xlsx

            out = Path(tmp) / "gkstd-check.xlsx"
            write_xlsx(report, str(out))
            return out.read_bytes()
        data = report.to_dict()
        _texts(data, report, params.lang)
        data["lang"] = params.lang
        result: dict[str, Any] = renamed(data, renames)
        return result
