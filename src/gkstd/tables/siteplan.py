"""The website column plan: one column for every 主动公开 item, and the check of a site.

Seed 004 §三(三) asks governments to "确保目录中所有主动公开事项都有相应栏目进行公开".
:func:`column_plan` derives the columns a 政务公开专栏 needs from one or more catalogs
(domain → first-level item → item); :func:`check_site` compares a site's actual column
list (:func:`read_site`) with the plan: GK402 for a 主动 item without a column, GK403 for a
column that matches no item.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.arguments import each
from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.readfiles import read_capped
from gkstd.diagnostics.rule import Example, Rule, rule
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document
from gkstd.io.decode import decode
from gkstd.model import Catalog, Item
from gkstd.model.enums import Method
from gkstd.model.folding import fold

__all__ = [
    "COLUMN_MISSING",
    "COLUMN_UNMATCHED",
    "SITE_RULES",
    "PlanColumn",
    "SiteCheck",
    "SiteColumn",
    "SiteError",
    "check_site",
    "column_plan",
    "read_site",
]

_BASIS = (
    "国办发〔2019〕54号；种子文件 004 第三（三）条：确保目录中所有主动公开事项都有相应栏目进行公开"
)
_EXAMPLE_CATALOG = minimal_document(GOOD_ITEM)

COLUMN_MISSING = rule(
    "GK402",
    Severity.WARNING,
    ("主动公开事项在网站上没有栏目", "A proactive item has no website column"),
    (
        "目录中每个主动公开事项都应在政府网站政务公开专栏中有相应栏目；没有栏目，"
        "该事项的信息就没有固定的公开位置。",
        "Every proactive item of the catalog needs a column on the government website's "
        "disclosure section; without one its information has no fixed place.",
    ),
    _BASIS,
    bad=Example("栏目\n机构职能\n", "site", parent=_EXAMPLE_CATALOG),
    good=Example("栏目\n燃气经营许可证核发\n", "site", parent=_EXAMPLE_CATALOG),
    scope="site",
    fix=(
        "在网站上为该事项开设栏目（栏目名称宜与事项名称一致），或核对栏目名称。",
        "Open a column for the item (named like the item), or fix the column's name.",
    ),
    messages=(
        "主动公开事项“{name}”在网站栏目中没有对应栏目。",
        "The proactive item {name!r} has no column on the site.",
    ),
)

COLUMN_UNMATCHED = rule(
    "GK403",
    Severity.INFO,
    ("网站栏目没有对应的目录事项", "A website column matches no catalog item"),
    (
        "栏目名称与目录中的任何事项都对应不上：可能是目录外的栏目（允许），"
        "也可能是名称写法不同，导致对应的事项被判为没有栏目。",
        "The column matches no catalog item: either a column outside the catalog "
        "(allowed), or a differently worded name that leaves its item without a column.",
    ),
    _BASIS,
    bad=Example("栏目\n燃气经营许可证核发\n工作动态\n", "site", parent=_EXAMPLE_CATALOG),
    good=Example("栏目\n燃气经营许可证核发\n", "site", parent=_EXAMPLE_CATALOG),
    scope="site",
    fix=(
        "若该栏目对应某个事项，请使栏目名称与事项名称一致。",
        "If the column serves an item, name it like the item.",
    ),
    messages=(
        "网站栏目“{column}”没有对应的目录事项。",
        "The site column {column!r} matches no catalog item.",
    ),
)

#: The two site rules.
SITE_RULES: tuple[Rule, ...] = (COLUMN_MISSING, COLUMN_UNMATCHED)


@attrs.frozen
class PlanColumn:
    """A column of the plan: a title, the item it serves (leaves) and sub-columns."""

    title: str
    item: str | None = None
    domain: str | None = None
    children: tuple[PlanColumn, ...] = ()

    def walk(self) -> Iterable[PlanColumn]:
        """This column and every column below it."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready tree."""
        out: dict[str, Any] = {"title": self.title}
        if self.item:
            out["item"] = self.item
        if self.domain:
            out["domain"] = self.domain
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


def _proactive_leaves(item: Item) -> list[Item]:
    return [i for i in item.walk() if i.is_leaf and i.method is Method.PROACTIVE]


def column_plan(catalogs: Sequence[Catalog]) -> tuple[PlanColumn, ...]:
    """The columns ``catalogs`` need: per catalog (domain), per first-level item, one
    column for each 主动 item.  First-level items with no 主动 item are left out."""
    catalogs = each(  # type: ignore[assignment]
        [catalogs] if isinstance(catalogs, Catalog) else catalogs,
        Catalog,
        "column_plan(catalogs)",
        ("目录 Catalog 的列表", "a list of catalogs"),
    )
    plan: list[PlanColumn] = []
    for catalog in catalogs:
        groups: list[PlanColumn] = []
        for top in catalog.items:
            leaves = _proactive_leaves(top)
            if not leaves:
                continue
            if top.is_leaf:
                groups.append(PlanColumn(top.name, top.id, catalog.domain))
                continue
            children = tuple(PlanColumn(i.name, i.id, catalog.domain) for i in leaves)
            groups.append(PlanColumn(top.name, None, catalog.domain, children))
        plan.append(PlanColumn(catalog.title, None, catalog.domain, tuple(groups)))
    return tuple(plan)


@attrs.frozen
class SiteColumn:
    """A column of the actual site: its path of titles (``栏目/子栏目``) and URL."""

    path: tuple[str, ...]
    url: str | None = None
    row: int | None = None

    @property
    def title(self) -> str:
        """The column's own title (last path segment)."""
        return self.path[-1]


class SiteError(GkstdError, ValueError):
    """The site column file cannot be used (Chinese ``message``, English ``message_en``)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message, message_en)


_TITLE_KEYS = ("栏目", "栏目名称", "title", "name", "名称", "column")
_PATH_KEYS = ("路径", "栏目路径", "path")
_PARENT_KEYS = ("上级栏目", "parent", "父栏目")
_URL_KEYS = ("链接", "网址", "url", "地址")


def _pick(record: dict[str, Any], keys: Sequence[str]) -> str | None:
    for key in keys:
        for name, value in record.items():
            if str(name).strip().lower() == key and value not in (None, ""):
                return str(value).strip()
    return None


def _split_path(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in text.replace(">", "/").replace("＞", "/").split("/")]
    return tuple(p for p in parts if p)


def read_site(
    source: str | os.PathLike[str] | bytes, *, fmt: str | None = None
) -> list[SiteColumn]:
    """Read a site's column list.

    JSON: a list of titles, or of objects with ``title``/``name`` (and ``url``,
    ``children``), or ``{"columns": [...]}``.  CSV (UTF-8 or GBK): a header with
    ``栏目``/``title`` and optionally ``路径``/``path`` (``政务公开/市政服务/…``),
    ``上级栏目``/``parent`` and ``链接``/``url``.  Raises :class:`SiteError`.
    """
    file = "<site>" if isinstance(source, bytes) else str(source)
    kind = (
        fmt or ("csv" if isinstance(source, bytes) else Path(source).suffix.lstrip("."))
    ).lower()
    largest = limits.get("max_document_bytes")
    try:
        data = source if isinstance(source, bytes) else read_capped(source, largest)
    except OSError as exc:
        raise SiteError(
            f"无法读取 {file}：{os_reason(exc)[0]}。",
            f"Cannot read {file}: {os_reason(exc)[1]}.",
        ) from None
    if len(data) > largest:
        raise SiteError(
            f"{file} 超过 {largest // 1024 // 1024} MB，不像网站栏目方案；请检查文件。",
            f"{file} is over {largest // 1024 // 1024} MB, not a site plan; check the file.",
        )
    decoded = decode(data, file)
    if decoded.text is None:
        first = decoded.findings[0]
        raise SiteError(f"{file}：{first.message}", f"{file}: {first.message_en}")
    if kind == "json":
        return _site_json(decoded.text, file)
    if kind not in ("csv", "txt"):
        raise SiteError(
            f"{file}：栏目清单请使用 .json 或 .csv。", f"{file}: give the columns as .json or .csv."
        )
    return _site_csv(decoded.text, file)


def _site_json(text: str, file: str) -> list[SiteColumn]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SiteError(
            f"{file} 第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON：{exc.msg}。",
            f"{file} line {exc.lineno} column {exc.colno} is not valid JSON: {exc.msg}.",
        ) from None
    except RecursionError:
        raise SiteError(
            f"{file} 嵌套过深，不是栏目清单。栏目清单是栏目的列表，每个栏目可有下级栏目。",
            f"{file} is nested too deeply to be a column list (a list of columns, each with "
            "its own sub-columns).",
        ) from None
    if isinstance(value, dict):
        value = value.get("columns", value.get("栏目"))
    if not isinstance(value, list):
        raise SiteError(
            f"{file} 应为栏目列表（JSON 数组，或含 columns 数组的对象）。",
            f"{file} must be a list of columns (a JSON array, or an object with columns).",
        )
    out: list[SiteColumn] = []
    _site_walk(value, (), 1, out, file)
    return out


def _site_walk(
    entries: list[Any], prefix: tuple[str, ...], depth: int, out: list[SiteColumn], file: str
) -> None:
    """The columns of ``entries`` (nested ``depth`` deep under ``prefix``), added to ``out``."""
    deepest = limits.get("max_depth")
    if depth > deepest:
        raise SiteError(
            f"{file} 的栏目嵌套超过 {deepest} 层（{'/'.join(prefix[:3])}/…）。"
            f"请检查文件；确需更深时设置 GKSTD_LIMIT_MAX_DEPTH。",
            f"{file} nests columns more than {deepest} deep ({'/'.join(prefix[:3])}/…). "
            "Check the file; set GKSTD_LIMIT_MAX_DEPTH if it really is that deep.",
        )
    for entry in entries:
        if isinstance(entry, str):
            path = prefix + _split_path(entry)
            if path:
                out.append(SiteColumn(path))
        elif isinstance(entry, dict):
            title = _pick(entry, _TITLE_KEYS)
            path = prefix + (_split_path(title) if title else ())
            if title:
                out.append(SiteColumn(path, _pick(entry, _URL_KEYS)))
            children = entry.get("children") or entry.get("子栏目") or []
            if isinstance(children, list):
                _site_walk(children, path, depth + 1, out, file)


def _site_csv(text: str, file: str) -> list[SiteColumn]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if not set(fields) & {*_TITLE_KEYS, *_PATH_KEYS}:
        raise SiteError(
            f"{file} 第 1 行（表头）没有“栏目”或“路径”列；实际表头：{'、'.join(fields)}。",
            f"{file}: row 1 (header) has no 栏目/title or 路径/path column; found: "
            f"{', '.join(fields)}.",
        )
    out: list[SiteColumn] = []
    for number, record in enumerate(reader, start=2):
        path_text = _pick(record, _PATH_KEYS)
        title = _pick(record, _TITLE_KEYS)
        parent = _pick(record, _PARENT_KEYS)
        path = _split_path(path_text) if path_text else ()
        if title and (not path or path[-1] != title):
            path = (*(_split_path(parent) if parent else ()), *path, title)
        if path:
            out.append(SiteColumn(path, _pick(record, _URL_KEYS), number))
    return out


@attrs.frozen
class SiteCheck:
    """The result of :func:`check_site`: findings, and which column serves which item."""

    findings: tuple[Finding, ...]
    served: dict[str, SiteColumn]
    items: int

    @property
    def coverage(self) -> float | None:
        """Share of 主动 items with a column (``None`` when there are none)."""
        return len(self.served) / self.items if self.items else None


def match_key(name: str) -> str:
    """A column title or item name folded for matching: :func:`gkstd.model.folding.fold`
    without any punctuation."""
    return _PUNCT.sub("", fold(name))


_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


@functools.cache
def _ratio() -> Callable[[str, str], float]:
    """Character-level similarity 0–100 (rapidfuzz)."""
    from rapidfuzz import fuzz

    return lambda a, b: float(fuzz.ratio(a, b))


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and short in long:
        return True
    return _ratio()(a, b) >= 90.0


def check_site(
    catalogs: Sequence[Catalog],
    columns: Sequence[SiteColumn],
    *,
    files: Sequence[str | None] = (),
    site_file: str | None = None,
) -> SiteCheck:
    """Compare the site's ``columns`` with the plan of ``catalogs``.

    A 主动 item is served by a column whose title matches its name (after folding
    full-width forms and punctuation; containment of 4+ characters and a character-level
    similarity of 90 count).  ``files`` names each catalog's file for the findings.
    """
    keys = [(column, match_key(column.title)) for column in columns]
    served: dict[str, SiteColumn] = {}
    used: set[int] = set()
    findings: list[Finding] = []
    total = 0
    group_keys: set[str] = set()
    for index, catalog in enumerate(catalogs):
        file = files[index] if index < len(files) else None
        group_keys.update(match_key(t) for t in (catalog.title, catalog.domain))
        for top in catalog.items:
            group_keys.add(match_key(top.name))
            for leaf in _proactive_leaves(top):
                total += 1
                name = match_key(leaf.name)
                hit = next((n for n, (_, key) in enumerate(keys) if _similar(name, key)), None)
                if hit is None:
                    findings.append(COLUMN_MISSING.emit(name=leaf.name, file=file, item=leaf.id))
                    continue
                served[leaf.id] = keys[hit][0]
                used.add(hit)
    parents = {column.path[:-1] for column in columns}
    for n, (column, key) in enumerate(keys):
        if n in used or column.path in parents or key in group_keys:
            continue
        findings.append(
            COLUMN_UNMATCHED.emit(column="/".join(column.path), file=site_file, line=column.row)
        )
    return SiteCheck(tuple(findings), served, total)
