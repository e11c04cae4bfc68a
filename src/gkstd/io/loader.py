"""Loading a catalog document: read → decode → parse → migrate → schema → structure.

Every failure is a finding with a stable code; nothing here raises on bad input.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import cattrs
from jsonschema import ValidationError

from gkstd.diagnostics.findings import CellRef, Finding, Location
from gkstd.io.codes import (
    FILE_UNREADABLE,
    MIGRATED,
    SCHEMA_VIOLATION,
    STRUCTURE_ERROR,
    UNKNOWN_ENUM,
)
from gkstd.io.codes import (
    FORMAT_VERSION as FORMAT_VERSION_RULE,
)
from gkstd.io.converter import converter, structure_catalog
from gkstd.io.decode import decode
from gkstd.io.parse import json_path, parse_text
from gkstd.io.schema import catalog_shape_check, catalog_validator, enum_paths
from gkstd.model import FORMAT_VERSION, Catalog, TimeLimit, TimeLimitKind
from gkstd.model.enums import LabelledEnum
from gkstd.timing.limits import parse as parse_time_limit

__all__ = ["LoadedDocument", "Migration", "Source", "load_document", "read_source"]

#: What :func:`load_document` accepts: a path, document bytes, or document text.
Source = str | bytes | os.PathLike[str]

#: Largest document read, in bytes (a catalog is rarely over a few MB).
MAX_BYTES = 64 * 1024 * 1024


@attrs.frozen
class Migration:
    """Upgrades a document's data from ``from_version`` to ``to_version``."""

    from_version: str
    to_version: str
    upgrade: Callable[[dict[str, Any]], dict[str, Any]] = attrs.field(eq=False)
    description: str = ""


@attrs.frozen
class LoadedDocument:
    """A loaded document: the catalog (``None`` if unusable), findings and a source map.

    ``lines`` maps JSON paths to 1-based lines; ``item_paths`` maps item ids to the JSON
    path of their first occurrence.
    """

    catalog: Catalog | None
    findings: tuple[Finding, ...]
    file: str | None = None
    lines: Mapping[str, int] = attrs.field(factory=dict, eq=False, repr=False)
    item_paths: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)

    def locate(self, finding: Finding) -> Finding:
        """Fill in file, JSON path and line of ``finding`` from this document's source map."""
        loc = finding.location
        path = loc.path
        if path is None and loc.item is not None:
            item_path = self.item_paths.get(loc.item)
            if item_path is not None:
                path = f"{item_path}.{loc.element}" if loc.element else item_path
        line = loc.line
        if line is None and path is not None:
            line = self.line_of(path)
        return finding.with_location(file=self.file, path=path, line=line, cell=self._cell(loc))

    def _cell(self, loc: Location) -> CellRef | None:
        """The table cell of a finding on an imported catalog (see :class:`Origin`)."""
        origin = self.catalog.origin if self.catalog is not None else None
        if origin is None or loc.item is None or loc.cell is not None:
            return None
        depth = self.item_paths.get(loc.item, "").count("items[")
        cell = origin.cell(loc.item, loc.element, depth)
        return CellRef(origin.file, origin.sheet, cell) if cell is not None else None

    def line_of(self, path: str) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        probe = path
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            if cut <= 0:
                break
            probe = probe[:cut]
        return self.lines.get("$")


def read_source(source: Source) -> tuple[bytes | str | None, str | None, tuple[Finding, ...]]:
    """Resolve ``source`` to (content, file name, findings).

    A :class:`os.PathLike`, or a one-line string that names an existing file or ends in
    ``.yaml``/``.yml``/``.json``, is a path; other strings and bytes are content.
    """
    if isinstance(source, bytes):
        return source, None, ()
    if isinstance(source, str) and not _looks_like_path(source):
        return source, None, ()
    path = Path(source)
    name = str(source)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError(name)
        if size > MAX_BYTES:
            finding = FILE_UNREADABLE.finding(
                f"文件过大（{size:,} 字节，上限 {MAX_BYTES:,}）。",
                f"The file is too large ({size:,} bytes; limit {MAX_BYTES:,}).",
                file=name,
            )
            return None, name, (finding,)
        return path.read_bytes(), name, ()
    except FileNotFoundError:
        zh, en = "文件不存在", "file not found"
    except IsADirectoryError:
        zh, en = "这是一个目录，不是文件", "this is a directory, not a file"
    except PermissionError:
        zh, en = "没有读取权限", "permission denied"
    except OSError as exc:
        zh, en = f"无法读取（{exc.strerror}）", f"cannot be read ({exc.strerror})"
    finding = FILE_UNREADABLE.finding(
        f"{name}：{zh}。请检查路径。", f"{name}: {en}. Check the path.", file=name
    )
    return None, name, (finding,)


def _looks_like_path(text: str) -> bool:
    if "\n" in text or len(text) > 4096:
        return False
    if text.lower().endswith((".yaml", ".yml", ".json")):
        return True
    try:
        return Path(text).exists()
    except OSError:
        return False


def _normalize_enums(data: dict[str, Any]) -> None:
    """Replace accepted enum spellings by their canonical labels, in place.

    Unknown spellings are left alone for the schema to report (as ``GK103``).
    """
    enums = enum_paths()

    def fix(mapping: dict[str, Any], key: str) -> None:
        cls = enums[key]
        value = mapping.get(key)
        if isinstance(value, str):
            mapping[key] = _canonical(cls, value)
        elif isinstance(value, list):
            mapping[key] = [_canonical(cls, v) if isinstance(v, str) else v for v in value]

    def fix_limit(limit: dict[str, Any]) -> None:
        for key in ("trigger", "period", "relation"):
            fix(limit, key)
        for part in limit.get("parts") or []:
            if isinstance(part, dict):
                fix_limit(part)

    previous: list[Any] = [None]  # the last time limit in document order, for 同上

    def walk_items(items: Any) -> None:
        if not isinstance(items, list):
            return
        for item in items:
            if not isinstance(item, dict):
                continue
            for key in ("method", "audience", "category", "levels"):
                fix(item, key)
            for citation in item.get("basis") or []:
                if isinstance(citation, dict):
                    fix(citation, "rank")
            limit = item.get("time_limit")
            if isinstance(limit, str):
                limit = item["time_limit"] = _parsed_limit(limit, previous[0])
            same = TimeLimitKind.SAME_AS_ABOVE.code
            if isinstance(limit, dict) and limit.get("kind") == same and previous[0] is not None:
                limit = item["time_limit"] = previous[0]
            if isinstance(limit, dict):
                fix_limit(limit)
                if limit.get("kind") != same:
                    previous[0] = limit
            walk_items(item.get("items"))

    jurisdiction = data.get("jurisdiction")
    if isinstance(jurisdiction, dict):
        fix(jurisdiction, "level")
    walk_items(data.get("items"))


def _parsed_limit(wording: str, previous: Any) -> Any:
    """A time limit written as wording, parsed; 同上 takes the previous item's limit.

    Blank wording is left for the schema and GK101 to report; wording the parser does not
    understand becomes ``kind: text`` (reported by GK305).
    """
    if not wording.strip():
        return wording
    limit = parse_time_limit(wording)
    if limit.kind is TimeLimitKind.SAME_AS_ABOVE and previous is not None:
        return previous
    return converter().unstructure(limit, TimeLimit)


def _canonical(cls: type[LabelledEnum], value: str) -> str:
    try:
        return cls.parse(value).label
    except ValueError:
        return value


_TYPE_ZH = {
    "string": "字符串",
    "integer": "整数",
    "number": "数字",
    "array": "列表",
    "object": "映射（键: 值）",
    "boolean": "布尔值",
    "null": "空值",
}


def _schema_finding(error: ValidationError, file: str | None, lines: Mapping[str, int]) -> Finding:
    parts = list(error.absolute_path)
    path = json_path(parts)
    keyword = error.validator
    instance: Any = error.instance
    expected_value: Any = error.validator_value
    schema: Any = error.schema
    element = next((p for p in reversed(parts) if isinstance(p, str)), None)
    line = None
    if keyword == "enum" and element in enum_paths():
        allowed = "、".join(member.label for member in enum_paths()[element])
        close = difflib.get_close_matches(str(instance), [str(v) for v in expected_value], 1)
        hint = f"，是否应为“{close[0]}”？" if close else "。"
        hint_en = f"; did you mean {close[0]!r}?" if close else "."
        return UNKNOWN_ENUM.finding(
            f"{path} 的取值“{instance}”不是有效的{element}取值，可用：{allowed}{hint}",
            f"{path}: {instance!r} is not a valid {element} value; use one of {allowed}{hint_en}",
            file=file,
            path=path,
            line=lines.get(path),
        )
    if keyword == "additionalProperties":
        known = list(schema.get("properties", {}))
        extras = sorted(set(instance) - set(known)) if isinstance(instance, dict) else []
        key = extras[0] if extras else "?"
        close = difflib.get_close_matches(str(key), known, 1)
        hint = f"是否应为“{close[0]}”？" if close else f"可用的键：{', '.join(known)}。"
        hint_en = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}."
        key_path = json_path([*parts, str(key)])
        return SCHEMA_VIOLATION.finding(
            f"{path} 有未知的键“{key}”。{hint}",
            f"{path} has an unknown key {key!r}; {hint_en}",
            file=file,
            path=key_path,
            line=lines.get(key_path, lines.get(path)),
        )
    if keyword == "required":
        missing = [k for k in expected_value if k not in (instance or {})]
        names = "、".join(missing)
        zh = f"{path} 缺少必需的键：{names}。"
        en = f"{path} is missing the required key(s): {', '.join(missing)}."
    elif keyword == "type":
        expected = expected_value
        exp_zh = _TYPE_ZH.get(expected, expected) if isinstance(expected, str) else expected
        got = type(instance).__name__
        zh = f"{path} 应为{exp_zh}，实际为 {got} {instance!r}。"
        en = f"{path} should be {expected}, got {got} {instance!r}."
        if expected == "string" and isinstance(instance, int | float | bool):
            zh += "如需原样保留，请给取值加引号。"
            en += " Quote the value to keep it as text."
    elif keyword == "not" and parts == []:
        zh = "extends 与 conforms_to 不能同时出现：一个文档要么是剪裁（extends），要么是完整目录（conforms_to）。"
        en = "extends and conforms_to cannot both be given: a document is either a tailoring or a complete catalog."
    elif keyword == "pattern":
        zh = f"{path} 的取值 {instance!r} 格式不对（应匹配 {expected_value}）。"
        en = f"{path}: {instance!r} does not match {expected_value}."
    elif keyword in ("minLength", "minItems"):
        zh = f"{path} 不能为空。"
        en = f"{path} must not be empty."
    elif keyword == "const":
        zh = f"{path} 应为 {expected_value!r}。"
        en = f"{path} must be {expected_value!r}."
    else:
        zh = f"{path} 不符合文档格式：{error.message}"
        en = f"{path} does not match the format: {error.message}"
    return SCHEMA_VIOLATION.finding(
        zh, en, file=file, path=path, line=line if line is not None else lines.get(path)
    )


def _migrate(
    data: dict[str, Any],
    file: str | None,
    migrations: Iterable[Migration],
    lines: Mapping[str, int],
) -> tuple[dict[str, Any] | None, list[Finding]]:
    version = data.get("gkstd")
    if version is None:
        return None, [
            FORMAT_VERSION_RULE.finding(
                '缺少格式版本：请在文档开头加上 gkstd: "1.0"。',
                'Missing format version: add gkstd: "1.0" at the top of the document.',
                file=file,
                path="$",
                line=1,
            )
        ]
    if not isinstance(version, str):
        return None, [
            FORMAT_VERSION_RULE.finding(
                f'格式版本必须是字符串：请写成 gkstd: "{version}"（加引号）。',
                f'The format version must be a string: write gkstd: "{version}" (quoted).',
                file=file,
                path="$.gkstd",
                line=lines.get("$.gkstd"),
            )
        ]
    by_version = {m.from_version: m for m in migrations}
    findings: list[Finding] = []
    seen: set[str] = set()
    while version != FORMAT_VERSION:
        step = by_version.get(version)
        if step is None or version in seen:
            return None, [
                FORMAT_VERSION_RULE.finding(
                    f"不支持的格式版本 {version!r}：本程序读取 {FORMAT_VERSION!r}"
                    f"{'及可迁移的旧版本 ' + ', '.join(sorted(by_version)) if by_version else ''}。"
                    "若文档来自更新的 gkstd，请升级。",
                    f"Unsupported format version {version!r}; this gkstd reads "
                    f"{FORMAT_VERSION!r}. For a newer document, upgrade gkstd.",
                    file=file,
                    path="$.gkstd",
                    line=lines.get("$.gkstd"),
                )
            ]
        seen.add(version)
        data = step.upgrade(dict(data))
        findings.append(
            MIGRATED.finding(
                f"文档格式 {version} 已迁移到 {step.to_version}（原文件未修改）。",
                f"Document format {version} was migrated to {step.to_version} (file unchanged).",
                file=file,
                path="$.gkstd",
                line=lines.get("$.gkstd"),
            )
        )
        version = step.to_version
        data["gkstd"] = version
    return data, findings


def _structure_findings(
    exc: Exception, file: str | None, lines: Mapping[str, int]
) -> list[Finding]:
    out = []
    for message in cattrs.transform_error(exc, path="$"):
        text, _, path = message.rpartition(" @ ")
        out.append(
            STRUCTURE_ERROR.finding(
                f"{path}：{text}",
                f"{path}: {text}",
                file=file,
                path=path or None,
                line=lines.get(path),
            )
        )
    return out


def _item_paths(data: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data.get("items"), ("items",))]
    while stack:
        items, parts = stack.pop()
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                path = (*parts, index)
                if isinstance(item.get("id"), str):
                    out.setdefault(item["id"], json_path(path))
                stack.append((item.get("items"), (*path, "items")))
    return out


def load_document(source: Source, migrations: Iterable[Migration] = ()) -> LoadedDocument:
    """Load one document; see :func:`gkstd.load` for the public entry point."""
    content, file, findings = read_source(source)
    if content is None:
        return LoadedDocument(None, findings, file)
    if isinstance(content, bytes):
        decoded = decode(content, file)
        found = list(decoded.findings)
        if decoded.text is None:
            return LoadedDocument(None, tuple(found), file)
        text = decoded.text
    else:
        found, text = [], content
        if not text.strip():
            return load_document(text.encode("utf-8"), migrations)
    parsed = parse_text(text, file)
    found.extend(parsed.findings)
    lines = parsed.lines
    if parsed.data is None or any(f.severity.weight == 2 for f in parsed.findings):
        return LoadedDocument(None, tuple(found), file, lines)
    data = parsed.data
    if not isinstance(data, dict):
        found.append(
            SCHEMA_VIOLATION.finding(
                f"文档顶层应为映射（键: 值），实际为 {type(data).__name__}。",
                f"The top level must be a mapping, got {type(data).__name__}.",
                file=file,
                path="$",
                line=1,
            )
        )
        return LoadedDocument(None, tuple(found), file, lines)
    migrated, migration_findings = _migrate(data, file, migrations, lines)
    found.extend(migration_findings)
    if migrated is None:
        return LoadedDocument(None, tuple(found), file, lines)
    _normalize_enums(migrated)
    shape_ok = catalog_shape_check()
    valid_shape = shape_ok is not None and shape_ok(migrated)
    errors = (
        []
        if valid_shape
        else sorted(
            catalog_validator().iter_errors(migrated),
            key=lambda e: (
                lines.get(json_path(list(e.absolute_path)), 0),
                list(e.absolute_path).__repr__(),
            ),
        )
    )
    if errors:
        for error in errors:
            finding = _schema_finding(error, file, lines)
            if finding not in found:  # one per missing key would repeat the same message
                found.append(finding)
        return LoadedDocument(None, tuple(found), file, lines, _item_paths(migrated))
    try:
        catalog = structure_catalog({k: v for k, v in migrated.items() if k != "provenance"})
    except Exception as exc:  # cattrs raises ExceptionGroups of many kinds
        found.extend(_structure_findings(exc, file, lines))
        return LoadedDocument(None, tuple(found), file, lines, _item_paths(migrated))
    return LoadedDocument(catalog, tuple(found), file, lines, _item_paths(migrated))
