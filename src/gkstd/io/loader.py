"""Loading a catalog document: read → decode → parse → migrate → schema → structure.

Every failure is a finding with a stable code; nothing here raises on bad input.

Long module: the loader's steps in order (which source, read, migrate, normalise, schema,
structure) and the mapping of each step's failures to findings; apart, each step would
need the others' source map and findings to say where a problem is.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs
import cattrs

from gkstd.diagnostics.findings import CellRef, Finding, Location
from gkstd.diagnostics.limits import get as get_limit
from gkstd.diagnostics.readfiles import note_read, open_input
from gkstd.io.build import Decline, build_document
from gkstd.io.checkedbuild import checked_document
from gkstd.io.codes import (
    FILE_UNREADABLE,
    LIMIT_EXCEEDED,
    MIGRATED,
    MIGRATION_FAILED,
    NOT_TEXT,
    SCHEMA_VIOLATION,
    STRUCTURE_ERROR,
    UNKNOWN_ENUM,
)
from gkstd.io.codes import (
    FORMAT_VERSION as FORMAT_VERSION_RULE,
)
from gkstd.io.converter import converter, structure_catalog
from gkstd.io.decode import decode
from gkstd.io.parse import LazyLines, inspect_data, json_path, parse_text
from gkstd.io.schema import (
    NOT_BLANK_PATTERN,
    URL_PATTERN,
    catalog_shape_check,
    catalog_validator,
    enum_paths,
)
from gkstd.model import FORMAT_VERSION, Catalog, TimeLimit, TimeLimitKind
from gkstd.model.elements import blank_time_limit, impossible_date
from gkstd.model.enums import LabelledEnum
from gkstd.timing.limits import parse as parse_time_limit

if TYPE_CHECKING:
    from jsonschema import ValidationError

__all__ = [
    "LoadedDocument",
    "Migration",
    "Source",
    "classify_source",
    "load_document",
    "loaded_from_catalog",
    "read_source",
]

#: What :func:`load_document` accepts: a path, document bytes, or document text.
Source = str | bytes | os.PathLike[str]


@attrs.frozen
class Migration:
    """Upgrades a document's data from ``from_version`` to ``to_version``.

    ``domain`` is the pack code whose documents it applies to (``None``: the core format,
    every document; only gkstd's own plugins may declare those): the loader runs it only on
    documents whose ``domain`` key is that code (or resolves to it, see
    :func:`load_document`).  ``pack`` names the pack that registered it (set by the plugin
    host) so that a failure can name it.  ``example`` is an old-format document it
    upgrades; the conformance check ``migrations`` loads it and expects a clean, usable
    catalog.  An ``upgrade`` that raises or returns something other than a mapping is a
    ``GK014`` finding (the document is unusable), never a crash.
    """

    from_version: str
    to_version: str
    upgrade: Callable[[dict[str, Any]], dict[str, Any]] = attrs.field(eq=False)
    description: str = ""
    domain: str | None = None
    pack: str | None = None
    example: str | None = attrs.field(default=None, eq=False, repr=False)


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
        lines = self.lines
        while probe:
            line = lines.get(probe)
            if line is not None:
                return line
            cut = max(probe.rfind("."), probe.rfind("["))
            if cut <= 0:
                break
            probe = probe[:cut]
        return self.lines.get("$")


def classify_source(source: object) -> str:
    """Whether ``source`` is document ``"text"``, document ``"bytes"`` or a ``"path"``.

    The one answer every entry point uses (:func:`gkstd.load`, :func:`gkstd.validate`,
    :func:`gkstd.resolve`, the workspace).  Bytes are content; an :class:`os.PathLike` is a
    path.  A string is text when it is blank, holds a line break or a NUL, starts with
    ``{`` or ``[`` (JSON), contains ``gkstd:`` (the format key), or is longer than a path
    can be on this system; any other string is a path.  Nothing here touches the file
    system, so the answer never raises.

    >>> classify_source('{"gkstd": "1.0"}'), classify_source("catalog.yaml")
    ('text', 'path')
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return "bytes"
    if isinstance(source, os.PathLike):
        return "path"
    if not isinstance(source, str):
        return "text"
    stripped = source.strip()
    if (
        not stripped
        or "\n" in source
        or "\r" in source
        or "\x00" in source
        or stripped.startswith(("{", "[", "\ufeff"))
        or "gkstd:" in source
    ):
        return "text"
    encoded = os.fsencode(source) if _encodable(source) else None
    if encoded is None or len(encoded) >= _PATH_MAX:
        return "text"
    if any(len(part) > _NAME_MAX for part in re.split(rb"[/\\]", encoded)):
        return "text"
    return "path"


def _encodable(text: str) -> bool:
    try:
        os.fsencode(text)
    except UnicodeError:
        return False
    return True


def _os_limit(name: str, default: int) -> int:
    try:
        return int(os.pathconf("/", name))
    except (AttributeError, OSError, ValueError):  # Windows, or no such limit
        return default


#: The file system's limits on a path and on one name in it (bytes).
_PATH_MAX = _os_limit("PC_PATH_MAX", 4096)
_NAME_MAX = _os_limit("PC_NAME_MAX", 255)


def read_source(source: Source) -> tuple[bytes | str | None, str | None, tuple[Finding, ...]]:
    """Resolve ``source`` to (content, file name, findings); see :func:`classify_source`.

    A path that cannot be read gives a ``GK001`` finding; this never raises ``OSError``.
    """
    kind = classify_source(source)
    if kind == "bytes":
        return bytes(source), None, ()  # type: ignore[arg-type]
    if kind == "text":
        return str(source), None, ()
    name = os.fsdecode(source) if isinstance(source, os.PathLike) else str(source)
    limit = get_limit("max_document_bytes")
    try:
        fd = open_input(name)  # (a folder: IsADirectoryError; a pipe: no wait to open)
        try:
            status = os.fstat(fd)
            if status.st_size > limit:
                finding = FILE_UNREADABLE.emit(
                    "too-large", size=status.st_size, limit=limit, file=name
                )
                return None, name, (finding,)
            content = _read_at_most(fd, status.st_size, limit, stat.S_ISREG(status.st_mode))
        finally:
            os.close(fd)
        note_read(name)
        if len(content) > limit:
            finding = FILE_UNREADABLE.emit("too-large", size=len(content), limit=limit, file=name)
            return None, name, (finding,)
        return content, name, ()
    except FileNotFoundError:
        finding = FILE_UNREADABLE.emit(source=name, file=name)
    except IsADirectoryError:
        finding = FILE_UNREADABLE.emit("directory", source=name, file=name)
    except PermissionError:
        finding = FILE_UNREADABLE.emit("permission", source=name, file=name)
    except OSError as exc:
        error = str(exc.strerror or exc)
        finding = FILE_UNREADABLE.emit("os-error", source=name, error=error, file=name)
    except ValueError as exc:  # a name the OS cannot take (NUL byte, unencodable)
        finding = FILE_UNREADABLE.emit("os-error", source=name, error=str(exc), file=name)
    return None, name, (finding,)


def _read_at_most(fd: int, size: int, limit: int, regular: bool = False) -> bytes:
    """At most ``limit + 1`` bytes of the open file ``fd``, which said it holds ``size``:
    read at once when it does (no buffer of the limit's size is allocated for a small
    file), else a megabyte at a time (a file that grows, ``/dev/zero``, a pipe).  A
    ``regular`` file that gave exactly its ``size`` when asked for one byte more is at
    its end: it is not asked again."""
    chunks = []
    total = 0
    want = size + 1
    while total <= limit:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if regular and total == size:  # asked for one byte more than it gave
            break
        # a short read of a regular file: ask for the rest; past its size: a megabyte
        want = size + 1 - total if total <= size else min(1 << 20, limit + 1 - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _fix(enums: Mapping[str, type[LabelledEnum]], mapping: dict[str, Any], key: str) -> None:
    """The enum value (or list of values) at ``key`` in its canonical spelling."""
    cls = enums[key]
    value = mapping.get(key)
    if isinstance(value, str):
        mapping[key] = _canonical(cls, value)
    elif isinstance(value, list):
        mapping[key] = [_canonical(cls, v) if isinstance(v, str) else v for v in value]


def _fix_limit(enums: Mapping[str, type[LabelledEnum]], limit: dict[str, Any]) -> None:
    """:func:`_fix` for a time limit and its parts (a function of its own, not a closure
    that calls itself: that is a reference cycle per document, which bulk work, with the
    cyclic collector paused, would keep)."""
    for key in ("trigger", "period", "relation"):
        _fix(enums, limit, key)
    parts = limit.get("parts")
    if isinstance(parts, list):
        for part in parts:
            if isinstance(part, dict):
                _fix_limit(enums, part)  # depth is bounded: the parser refused deeper data


def _normalize_enums(data: dict[str, Any], file: str | None = None) -> list[Finding]:
    """Replace accepted enum spellings by their canonical labels, in place, and parse time
    limits written as wording.

    Values of the wrong type are left alone for the schema to report (``GK009``), unknown
    spellings too (``GK103``).  Returns the findings of wording that cannot be read at all
    (a number over the ``max_digits`` limit, ``GK013``); the document is then refused.
    """
    enums = enum_paths()
    findings: list[Finding] = []

    previous: list[Any] = [None]  # the last time limit in document order, for 同上
    same = TimeLimitKind.SAME_AS_ABOVE.code
    stack: list[tuple[Any, tuple[str | int, ...]]] = []

    def push(items: Any, parts: tuple[str | int, ...]) -> None:
        if isinstance(items, list):  # reversed: the first item is popped first
            stack.extend((item, (*parts, i)) for i, item in reversed(list(enumerate(items))))

    push(data.get("items"), ("items",))
    while stack:  # items in document order (a parent, its children, its next sibling)
        item, path = stack.pop()
        if not isinstance(item, dict):
            continue
        for key in ("method", "audience", "category", "levels"):
            _fix(enums, item, key)
        basis = item.get("basis")
        if isinstance(basis, list):
            for citation in basis:
                if isinstance(citation, dict):
                    _fix(enums, citation, "rank")
        limit = item.get("time_limit")
        if isinstance(limit, str):
            digits = _longest_digit_run(limit)
            if digits > get_limit("max_digits"):
                at = json_path((*path, "time_limit"))
                findings.append(
                    LIMIT_EXCEEDED.emit(
                        "wording-digits",
                        at=at,
                        digits=digits,
                        limit=get_limit("max_digits"),
                        file=file,
                        path=at,
                    )
                )
                limit = None
            else:
                limit = item["time_limit"] = _parsed_limit(limit, previous[0])
        if blank_time_limit(limit):  # "　" or {kind: text, text: " "}: none (GK101)
            item.pop("time_limit", None)
            limit = None
        if isinstance(limit, dict) and limit.get("kind") == same and previous[0] is not None:
            limit = item["time_limit"] = previous[0]
        if isinstance(limit, dict):
            _fix_limit(enums, limit)
            if limit.get("kind") != same:
                previous[0] = limit
            for place, part in _limit_parts(limit, (*path, "time_limit")):
                problem = impossible_date(part)
                if problem is not None:
                    where = json_path(place)
                    findings.append(
                        SCHEMA_VIOLATION.emit(
                            "impossible-date",
                            at=where,
                            problem=problem[0],
                            problem_en=problem[1],
                            file=file,
                            path=where,
                        )
                    )
        push(item.get("items"), (*path, "items"))
    jurisdiction = data.get("jurisdiction")
    if isinstance(jurisdiction, dict):
        _fix(enums, jurisdiction, "level")
    return findings


def _limit_parts(
    limit: dict[str, Any], at: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """A time limit written as a mapping and its ``parts`` (depth bounded by the parser),
    with where each is."""
    yield at, limit
    parts = limit.get("parts")
    if isinstance(parts, list):
        for index, part in enumerate(parts):
            if isinstance(part, dict):
                yield from _limit_parts(part, (*at, "parts", index))


def _too_many_items(data: Any, file: str | None) -> Finding | None:
    """GK013 when the document holds more items than ``max_items`` (counted before anything
    is checked or built; the count stops at the limit)."""
    if not isinstance(data, dict):
        return None
    limit = get_limit("max_items")
    count = 0
    stack = [data.get("items")]
    while stack:
        items = stack.pop()
        if not isinstance(items, list):
            continue
        count += len(items)
        if count > limit:
            return LIMIT_EXCEEDED.emit("items", count=limit, limit=limit, file=file, path="$.items")
        stack.extend(i.get("items") for i in items if isinstance(i, dict))
    return None


_DIGIT_RUN = re.compile(r"\d+")


def _longest_digit_run(text: str) -> int:
    """The most digits in a row in ``text`` (full-width and other decimal digits too)."""
    return max((len(run) for run in _DIGIT_RUN.findall(text)), default=0)


def _parsed_limit(wording: str, previous: Any) -> Any:
    """A time limit written as wording, parsed; 同上 takes the previous item's limit.

    Blank wording is returned as it is (the caller drops it: no time limit, GK101); wording
    the parser does not understand becomes ``kind: text`` (reported by GK305).
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


#: The Chinese names of the enumerated fields, for messages (GK103).
_ENUM_NAMES_ZH = {
    "level": "行政层级",
    "levels": "公开层级",
    "method": "公开方式",
    "audience": "公开对象",
    "category": "五公开类别",
    "rank": "依据位阶",
    "trigger": "公开时限起算情形",
    "period": "公开时限周期",
    "relation": "公开时限关系",
}

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
    if keyword == "enum" and element in enum_paths():
        close = difflib.get_close_matches(str(instance), [str(v) for v in expected_value], 1)
        return UNKNOWN_ENUM.emit(
            "default" if close else "no-suggestion",
            at=path,
            value=instance if isinstance(instance, (str, int, float)) else str(instance),
            field=element,
            field_zh=_ENUM_NAMES_ZH.get(element, element),
            allowed=[member.label for member in enum_paths()[element]],
            suggestion=close[0] if close else None,
            file=file,
            path=path,
            line=lines.get(path),
        )
    if keyword == "additionalProperties":
        known = list(schema.get("properties", {}))
        extras = sorted(set(instance) - set(known), key=str) if isinstance(instance, dict) else []
        key = extras[0] if extras else "?"
        close = difflib.get_close_matches(str(key), known, 1)
        key_path = json_path([*parts, str(key)])
        return SCHEMA_VIOLATION.emit(
            "unknown-key" if close else "unknown-key-known",
            at=path,
            key=key if isinstance(key, (str, int, float)) else str(key),
            suggestion=close[0] if close else None,
            known=known,
            file=file,
            path=key_path,
            line=lines.get(key_path, lines.get(path)),
        )
    message, args = _schema_message(keyword, parts, instance, expected_value, error.message)
    return SCHEMA_VIOLATION.emit(message, **args, file=file, path=path, line=lines.get(path))


#: Schema patterns users see described in words rather than as a regular expression.
_PATTERN_WORDS = {
    NOT_BLANK_PATTERN: ("不全是空白的文字", "text that is not only blanks"),
    URL_PATTERN: (
        "以 http:// 或 https:// 开头、不含空白的网址",
        "a web address starting with http:// or https://, without blanks",
    ),
}


def _schema_message(
    keyword: object, parts: list[str | int], instance: Any, expected: Any, detail: str
) -> tuple[str, dict[str, Any]]:
    """The GK009 message (its name and field values) for a schema error at ``parts``."""
    at = json_path(parts)
    if keyword == "required":
        return "missing-keys", {
            "at": at,
            "missing": [k for k in expected if k not in (instance or {})],
        }
    if keyword == "type":
        shown = {"at": at, "got": type(instance).__name__, "value": _short(repr(instance))}
        if not isinstance(expected, str):  # one of several types
            zh = [_TYPE_ZH.get(t, t) for t in expected]
            return "wrong-type-choice", {**shown, "expected": list(expected), "expected_zh": zh}
        quote = expected == "string" and isinstance(instance, int | float | bool)
        zh_type = _TYPE_ZH.get(expected, expected)
        return (
            "wrong-type-quote" if quote else "wrong-type",
            {**shown, "expected": expected, "expected_zh": zh_type},
        )
    if keyword == "not" and parts == []:
        return "extends-with-conforms-to", {}
    if keyword == "pattern":
        described = _PATTERN_WORDS.get(str(expected))
        if described is not None:
            what_zh, what = described
            return "pattern-described", {
                "at": at,
                "value": _short(str(instance)),
                "what_zh": what_zh,
                "what": what,
            }
        return "pattern", {"at": at, "value": str(instance), "pattern": str(expected)}
    if keyword in ("minLength", "minItems"):
        return "empty", {"at": at}
    if keyword == "const":
        return "const", {"at": at, "expected": repr(expected)}
    if keyword in ("maximum", "minimum") and isinstance(instance, int | float):
        return keyword, {"at": at, "value": _short(str(instance)), "limit": expected}
    return "default", {"at": at, "detail": detail}


def _short(text: str, size: int = 80) -> str:
    """``text`` cut to ``size`` characters for a message (the document keeps it whole)."""
    return text if len(text) <= size else f"{text[: size - 1]}…"


def _applicable(
    data: dict[str, Any],
    migrations: Iterable[Migration],
    resolve_domain: Callable[[str], str | None] | None,
) -> dict[str, Migration]:
    """The migrations for this document by ``from_version``: the core ones, and those of
    the document's domain (which win over a core one from the same version)."""
    raw = data.get("domain")
    code: str | None = None
    if isinstance(raw, str):
        code = (resolve_domain(raw) if resolve_domain is not None else None) or raw
    by_version: dict[str, Migration] = {}
    for m in migrations:
        if m.domain is None:
            by_version.setdefault(m.from_version, m)
        elif m.domain == code:
            by_version[m.from_version] = m
    return by_version


def _migrate(
    data: dict[str, Any],
    file: str | None,
    migrations: Iterable[Migration],
    lines: Mapping[str, int],
    resolve_domain: Callable[[str], str | None] | None = None,
) -> tuple[dict[str, Any] | None, list[Finding]]:
    version = data.get("gkstd")
    if version is None:
        return None, [FORMAT_VERSION_RULE.emit("missing", file=file, path="$", line=1)]
    if not isinstance(version, str):
        return None, [
            FORMAT_VERSION_RULE.emit(
                "not-text",
                version=str(version),
                file=file,
                path="$.gkstd",
                line=lines.get("$.gkstd"),
            )
        ]
    by_version = _applicable(data, migrations, resolve_domain) if version != FORMAT_VERSION else {}
    findings: list[Finding] = []
    seen: set[str] = set()
    line = lines.get("$.gkstd")
    while version != FORMAT_VERSION:
        step = by_version.get(version)
        if step is None or version in seen:
            return None, [
                FORMAT_VERSION_RULE.emit(
                    "migratable" if by_version else "default",
                    version=version,
                    current=FORMAT_VERSION,
                    migratable=sorted(by_version),
                    file=file,
                    path="$.gkstd",
                    line=line,
                )
            ]
        seen.add(version)
        named: dict[str, Any] = {
            "from_version": version,
            "to_version": step.to_version,
            "pack": step.pack or "core",
        }
        try:  # typed as a mapping, but a pack's function may return anything
            upgraded: object = cast(object, step.upgrade(dict(data)))
        except Exception as exc:  # a pack's migration must not crash the loader
            named.update(exception=type(exc).__name__, detail=_short(str(exc), 300))
            failed = MIGRATION_FAILED.emit(file=file, path="$.gkstd", line=line, **named)
            return None, [*findings, failed]
        if not isinstance(upgraded, dict):
            named["got"] = type(upgraded).__name__
            failed = MIGRATION_FAILED.emit(
                "not-mapping", file=file, path="$.gkstd", line=line, **named
            )
            return None, [*findings, failed]
        data = upgraded
        findings.append(
            MIGRATED.emit(
                from_version=version,
                to_version=step.to_version,
                file=file,
                path="$.gkstd",
                line=line,
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
            STRUCTURE_ERROR.emit(
                at=path, detail=text, file=file, path=path or None, line=lines.get(path)
            )
        )
    return out


def _item_paths(data: dict[str, Any]) -> Mapping[str, str]:
    """Item id → JSON path of the item's first occurrence (``$.items[0].items[2]``),
    written out as the items are walked (a path of ``items`` keys and indices is never
    quoted, so no general path writer is needed)."""
    out: dict[str, str] = {}
    stack: list[tuple[Any, str]] = [(data.get("items"), "$.items")]
    while stack:
        items, prefix = stack.pop()
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                path = f"{prefix}[{index}]"
                item_id = item.get("id")
                if isinstance(item_id, str) and item_id not in out:
                    out[item_id] = path
                children = item.get("items")
                if children:
                    stack.append((children, f"{path}.items"))
    return out


def loaded_from_catalog(catalog: Catalog, data: dict[str, Any], text: str) -> LoadedDocument | None:
    """The document :func:`load_document` reads from ``text``, the YAML dump
    (:func:`gkstd.io.dumper.dump_data`) of ``data``, ``catalog`` unstructured
    (:func:`gkstd.io.converter.unstructure_catalog`), without parsing the text again:
    the catalog itself, lines found in the text only when a finding asks for one.

    The data the text holds passes the checks loading would run (limits, then the
    schema); when either would find anything, ``None``: the caller loads the text, so
    its findings are exactly those of the written document.  A table's import checks
    its catalog this way (parsing the 3,000-row YAML again took most of the import).
    """
    if inspect_data(data, None, {}):
        return None
    shape_ok = catalog_shape_check()
    if shape_ok is None or not shape_ok(data):
        return None
    return LoadedDocument(catalog, (), None, LazyLines(text, None), _item_paths(data))


def load_document(
    source: Source,
    migrations: Iterable[Migration] = (),
    *,
    resolve_domain: Callable[[str], str | None] | None = None,
) -> LoadedDocument:
    """Load one document; see :func:`gkstd.load` for the public entry point.

    Of ``migrations``, only the core ones (``domain=None``) and those whose ``domain`` is
    the document's ``domain`` run.  The loader knows no registry: ``resolve_domain`` maps
    the document's ``domain`` text (a code, Chinese name or alias) to a pack code, e.g.
    ``lambda d: (p := registry.pack(d)) and p.code``; without it the text is compared
    with the code as written (an old document must then name its domain by code).

    The parser refuses data nested deeper than the ``max_depth`` limit before any
    recursive step runs; should a raised limit still exhaust the stack, the document is
    refused with the same finding (``GK013``) instead of raising ``RecursionError``.
    """
    try:
        return _load_document(source, migrations, resolve_domain)
    except RecursionError:
        file = os.fsdecode(source) if classify_source(source) == "path" else None
        finding = LIMIT_EXCEEDED.emit("depth-unplaced", limit=get_limit("max_depth"), file=file)
        return LoadedDocument(None, (finding,), file)


def _load_document(
    source: Source,
    migrations: Iterable[Migration],
    resolve_domain: Callable[[str], str | None] | None = None,
) -> LoadedDocument:
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
            return _load_document(text.encode("utf-8"), migrations, resolve_domain)
    parsed = parse_text(text, file)
    found.extend(parsed.findings)
    lines = parsed.lines
    if parsed.data is None and not parsed.findings:  # "~", "null", "---": a document of nothing
        found.append(SCHEMA_VIOLATION.emit("not-mapping", got="null", file=file, path="$", line=1))
    if parsed.data is None or any(f.severity.weight == 2 for f in parsed.findings):
        return LoadedDocument(None, tuple(found), file, lines)
    data = parsed.data
    too_many = _too_many_items(data, file)
    if too_many is not None:  # 200,000 items took 106 s and 1.9 GB to check
        return LoadedDocument(None, (*found, too_many), file, lines)
    if not isinstance(data, dict):
        if file is not None and file.lower().endswith((".csv", ".tsv")):  # a table, as text
            found.append(NOT_TEXT.emit(kind="CSV 表格", kind_en="a CSV table", file=file, line=1))
            return LoadedDocument(None, tuple(found), file, lines)
        found.append(
            SCHEMA_VIOLATION.emit(
                "not-mapping", got=type(data).__name__, file=file, path="$", line=1
            )
        )
        return LoadedDocument(None, tuple(found), file, lines)
    migrated, migration_findings = _migrate(data, file, migrations, lines, resolve_domain)
    found.extend(migration_findings)
    if migrated is None:
        return LoadedDocument(None, tuple(found), file, lines)
    shape_ok, catalog = catalog_shape_check(), None
    if shape_ok is not None:  # the usual document: checked and built in one walk, or two
        with contextlib.suppress(Decline):
            catalog = checked_document(migrated)
        if catalog is None and shape_ok(migrated):
            with contextlib.suppress(Decline):  # else normalised, checked and structured below
                catalog = build_document(migrated)
    if catalog is not None:
        return LoadedDocument(catalog, tuple(found), file, lines, _item_paths(migrated))
    refused = _normalize_enums(migrated, file)
    if refused:
        found.extend(f.with_location(line=lines.get(f.location.path or "$")) for f in refused)
        return LoadedDocument(None, tuple(found), file, lines, _item_paths(migrated))
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
        seen = set(found)
        for error in errors:
            finding = _schema_finding(error, file, lines)
            if finding not in seen:  # one per missing key would repeat the same message
                seen.add(finding)
                found.append(finding)
        return LoadedDocument(None, tuple(found), file, lines, _item_paths(migrated))
    try:
        catalog = structure_catalog({k: v for k, v in migrated.items() if k != "provenance"})
    except Exception as exc:  # cattrs raises ExceptionGroups of many kinds
        found.extend(_structure_findings(exc, file, lines))
        return LoadedDocument(None, tuple(found), file, lines, _item_paths(migrated))
    return LoadedDocument(catalog, tuple(found), file, lines, _item_paths(migrated))
