"""Safe parsing of YAML/JSON text into plain data, with a line for every JSON path.

The YAML reader is deliberately strict and predictable:

* only the safe tags (str, int, float, bool, null) are constructed; other tags are errors;
* booleans are ``true``/``false`` only (YAML 1.2): ``no``, ``on`` and ``yes`` stay text;
* integers are decimal (``0755`` is 755, not octal) and ``1:20`` is text, not 80;
* dates stay text (``2020-07-08``), so YAML and JSON documents give identical data;
* duplicate keys are findings (``GK005``), never silently overwritten;
* anchors/aliases are allowed, but an expansion far larger than the document is
  refused (``GK006``) before anything is built;
* what no catalog needs is refused before any recursive code sees it (``GK013``): nesting
  deeper than the ``max_depth`` limit, numbers with more than ``max_digits`` digits, texts
  longer than ``max_text_chars``; so are keys that are not text (``GK009``) and lone
  surrogates, which no writer can encode (``GK002``).

Long module: the YAML builder, the JSON reader and the inspection of what they read share
the line map and the hostile-input guards; each guard sits next to the code it protects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.limits import get as get_limit
from gkstd.io.codes import (
    ALIAS_BOMB,
    DUPLICATE_KEY,
    EMPTY_DOCUMENT,
    LIMIT_EXCEEDED,
    NOT_TEXT,
    SCHEMA_VIOLATION,
    SYNTAX_ERROR,
)
from gkstd.io.syntaxwords import in_chinese

__all__ = ["HugeNumber", "Parsed", "inspect_data", "json_path", "parse_text"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: Expansion budget: a document may expand to at most this many nodes, or to
#: ``_ALIAS_FACTOR`` times its own node count, whichever is larger.
_MIN_BUDGET = 200_000
_ALIAS_FACTOR = 20


def json_path(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """Render path parts as a JSON path, e.g. ``$.items[0].name`` (as jsonschema does)."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENT.match(part):
            out += "." + part
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out += f"['{escaped}']"
    return out


#: libyaml's parser when PyYAML was built with it (the usual wheels are); the pure-Python
#: parser otherwise.  Both yield the same nodes; only construction is ours.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader with YAML 1.2-like implicit typing (see module docstring)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag
        not in (
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:timestamp",
        )
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


@attrs.frozen
class Parsed:
    """Result of :func:`parse_text`: the data (or ``None``), a line map and findings."""

    data: Any
    lines: Mapping[str, int]
    findings: tuple[Finding, ...] = ()


_PATH_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]")


class LazyLines(Mapping[str, int]):
    """A JSON path → line map computed on demand.

    JSON is parsed by the fast :mod:`json` module; lines are only needed when a finding
    must be located.  The text is then composed into nodes once (libyaml), and each
    lookup walks the nodes along the path; the full map is built only if iterated.
    """

    def __init__(self, text: str, file: str | None) -> None:
        self._text = text
        self._file = file
        self._node: Node | None = None
        self._composed = False
        self._lines: dict[str, int] | None = None
        #: A one-line (compact) document: every path is on line 1 (computed once, not
        #: per lookup: a lookup per finding must not rescan a large document).
        self._one_line = "\n" not in text.rstrip("\n")

    def _root(self) -> Node | None:
        if not self._composed:
            self._composed = True
            try:
                loader = _StrictLoader(self._text)
                try:
                    self._node = loader.get_single_node()
                finally:
                    loader.dispose()
            except (yaml.YAMLError, RecursionError, UnicodeError):
                self._node = None
        return self._node

    def __getitem__(self, path: str) -> int:
        if self._one_line and path.startswith("$"):
            return 1
        node = self._root()
        if node is None or not path.startswith("$"):
            raise KeyError(path)
        rest, pos = path[1:], 0
        while pos < len(rest):
            match = _PATH_PART.match(rest, pos)
            if match is None:
                raise KeyError(path)
            pos = match.end()
            name, index, quoted = match.groups()
            if index is not None:
                if not isinstance(node, SequenceNode) or int(index) >= len(node.value):
                    raise KeyError(path)
                node = node.value[int(index)]
                continue
            key = name if name is not None else quoted.replace("\\'", "'").replace("\\\\", "\\")
            if not isinstance(node, MappingNode):
                raise KeyError(path)
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == key:
                    node = value_node
                    break
            else:
                raise KeyError(path)
        return int(node.start_mark.line) + 1

    def _all(self) -> dict[str, int]:
        if self._lines is None:
            self._lines = dict(_parse_yaml(self._text, self._file).lines)
        return self._lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


_COLLECTION_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


class _BuildError(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


class _Builder:
    def __init__(self, file: str | None) -> None:
        self.file = file
        self.lines: dict[str, int] = {}
        self.findings: list[Finding] = []

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            return self.number(node, int)
        if tag == "tag:yaml.org,2002:float":
            lowered = value.lower()
            if lowered.endswith(".inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            if lowered == ".nan":
                return float("nan")
            return self.number(node, float)
        line = node.start_mark.line + 1
        raise _BuildError(
            SYNTAX_ERROR.emit("scalar-tag", lineno=line, tag=tag, file=self.file, line=line)
        )

    def number(self, node: ScalarNode, kind: type[int] | type[float]) -> Any:
        """An int or float scalar; too many digits give a :class:`HugeNumber` (reported by
        :func:`inspect_data` with its path), a value that is no number a finding."""
        value = node.value
        if _too_many_digits(value):
            return HugeNumber(value)
        try:
            return kind(value)
        except ValueError:
            line = node.start_mark.line + 1
            tag = "!!int" if kind is int else "!!float"
            raise _BuildError(
                SYNTAX_ERROR.emit(
                    "bad-number", lineno=line, tag=tag, value=value[:80], file=self.file, line=line
                )
            ) from None

    def build(self, node: Node, parts: tuple[str | int, ...]) -> Any:
        self.lines.setdefault(json_path(parts), node.start_mark.line + 1)
        if not isinstance(node, ScalarNode) and node.tag not in _COLLECTION_TAGS:
            line = node.start_mark.line + 1
            raise _BuildError(
                SYNTAX_ERROR.emit(
                    "collection-tag", lineno=line, tag=node.tag, file=self.file, line=line
                )
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*parts, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    line = key_node.start_mark.line + 1
                    raise _BuildError(
                        SYNTAX_ERROR.emit("complex-key", lineno=line, file=self.file, line=line)
                    )
                key = self.scalar(key_node)
                key_text = key if isinstance(key, str) else str(key)
                if key in out:
                    line = key_node.start_mark.line + 1
                    key_path = json_path((*parts, key_text))
                    first = self.lines.get(key_path)
                    self.findings.append(
                        DUPLICATE_KEY.emit(
                            "default" if first else "unplaced",
                            key=key_text,
                            first=first,
                            file=self.file,
                            line=line,
                            path=key_path,
                        )
                    )
                    continue
                out[key] = self.build(value_node, (*parts, key_text))
            return out
        raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover


class HugeNumber:
    """A number written with more digits than the ``max_digits`` limit allows.

    The readers keep it as written instead of converting it (Python refuses to convert
    more than 4,300 digits, and a float would silently become ``inf``);
    :func:`inspect_data` reports it with its path and the document is refused.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"<number of {_digits(self.text)} digits>"


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _too_many_digits(text: str) -> bool:
    limit = get_limit("max_digits")
    return len(text) > limit and _digits(text) > limit


def _json_int(text: str) -> Any:
    return HugeNumber(text) if _too_many_digits(text) else int(text)


def _json_float(text: str) -> Any:
    return HugeNumber(text) if _too_many_digits(text) else float(text)


#: A lone surrogate code point: valid in a Python string, not encodable as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _path_of(trail: Any) -> str:
    parts: list[str | int] = []
    while trail is not None:
        key, trail = trail
        parts.append(key if isinstance(key, str | int) else str(key))
    return json_path(parts[::-1])


def inspect_data(data: Any, file: str | None, lines: Mapping[str, int]) -> list[Finding]:
    """Findings on parsed ``data`` that no later step may see, in document order.

    One iterative pass (no recursion, so it is safe on any depth): nesting deeper than
    ``max_depth`` (reported once; the pass stops there), a :class:`HugeNumber`, a text
    longer than ``max_text_chars``, a lone surrogate, a key that is not text.
    """
    max_depth = get_limit("max_depth")
    max_chars = get_limit("max_text_chars")
    findings: list[Finding] = []

    def text(value: str, trail: Any) -> None:
        if len(value) > max_chars:
            at = _path_of(trail)
            findings.append(
                LIMIT_EXCEEDED.emit(
                    "text",
                    at=at,
                    chars=len(value),
                    limit=max_chars,
                    file=file,
                    path=at,
                    line=lines.get(at),
                )
            )
        if not value.isascii():
            bad = _SURROGATE.search(value)
            if bad is not None:
                at = _path_of(trail)
                findings.append(
                    NOT_TEXT.emit(
                        "surrogate",
                        at=at,
                        codepoint=f"U+{ord(bad.group()):04X}",
                        file=file,
                        path=at,
                        line=lines.get(at),
                    )
                )

    stack: list[tuple[Any, int, Any]] = [(data, 1, None)]
    while stack:
        value, depth, trail = stack.pop()
        if isinstance(value, str):
            text(value, trail)
        elif isinstance(value, dict | list):
            if depth > max_depth:
                at = _path_of(trail)
                findings.append(
                    LIMIT_EXCEEDED.emit(
                        "depth", at=at, limit=max_depth, file=file, path=at, line=lines.get(at)
                    )
                )
                break
            if isinstance(value, list):
                children = [(v, depth + 1, (i, trail)) for i, v in enumerate(value)]
            else:
                children = []
                for key, child in value.items():
                    key_trail = (key, trail)
                    if isinstance(key, str):
                        text(key, key_trail)
                    else:
                        at = _path_of(trail)
                        shown = key if isinstance(key, int | float | bool) else None
                        findings.append(
                            SCHEMA_VIOLATION.emit(
                                "key-not-text",
                                at=at,
                                key=repr(shown if shown is not None else key)[:80],
                                got=type(key).__name__,
                                file=file,
                                path=at,
                                line=lines.get(at),
                            )
                        )
                    children.append((child, depth + 1, key_trail))
            stack.extend(reversed(children))
        elif isinstance(value, HugeNumber):
            at = _path_of(trail)
            findings.append(
                LIMIT_EXCEEDED.emit(
                    at=at,
                    digits=_digits(value.text),
                    limit=get_limit("max_digits"),
                    file=file,
                    path=at,
                    line=lines.get(at),
                )
            )
    return findings


def _node_too_deep(root: Node) -> tuple[Node, str] | None:
    """The first node nested deeper than ``max_depth`` and its JSON path, or ``None``
    (iterative; aliases are followed, which the expansion budget checked before keeps
    bounded)."""
    limit = get_limit("max_depth")
    stack: list[tuple[Node, int, Any]] = [(root, 1, None)]
    while stack:
        node, depth, trail = stack.pop()
        if isinstance(node, ScalarNode):
            continue
        if depth > limit:
            return node, _path_of(trail)
        if isinstance(node, MappingNode):
            stack.extend(
                (value, depth + 1, (str(key.value) if isinstance(key, ScalarNode) else "?", trail))
                for key, value in node.value
            )
        else:
            stack.extend((child, depth + 1, (i, trail)) for i, child in enumerate(node.value))
    return None


def _expanded_size(root: Node) -> tuple[float, int]:
    """(expanded node count, distinct node count), without building anything.

    A recursive alias (a node that contains itself) expands infinitely.
    """
    memo: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        key = id(node)
        if key in memo:
            continue
        if not ready:
            if key in visiting:
                return float("inf"), len(memo)
            visiting.add(key)
        if isinstance(node, ScalarNode):
            memo[key] = 1
            continue
        children: list[Node] = (
            [n for pair in node.value for n in pair]
            if isinstance(node, MappingNode)
            else list(node.value)
        )
        if ready:
            memo[key] = 1 + sum(memo[id(c)] for c in children)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in memo)
    return memo[id(root)], len(memo)


def _syntax_finding(exc: yaml.YAMLError, file: str | None) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{context}, {problem}" if context else problem
    said = in_chinese(detail)
    if line is None or column is None:
        return SYNTAX_ERROR.emit("unplaced", detail=detail, detail_zh=said, file=file)
    return SYNTAX_ERROR.emit(
        lineno=line, column=column, detail=detail, detail_zh=said, file=file, line=line
    )


def _too_deep(
    file: str | None, at: str | None = None, line: int | None = None, column: int | None = None
) -> Parsed:
    """Refused for nesting deeper than ``max_depth``: at path ``at``, else at ``line`` and
    ``column``, else (nothing could measure it) without a place."""
    limit = get_limit("max_depth")
    if at is not None:
        finding = LIMIT_EXCEEDED.emit("depth", at=at, limit=limit, file=file, path=at, line=line)
    elif line is not None:
        finding = LIMIT_EXCEEDED.emit(
            "depth-line", lineno=line, column=column, limit=limit, file=file, line=line
        )
    else:
        finding = LIMIT_EXCEEDED.emit("depth-unplaced", limit=limit, file=file)
    return Parsed(None, {}, (finding,))


#: The JSON tokens that matter for nesting: a string (skipped whole) or a bracket.
_JSON_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_too_deep(text: str, file: str | None) -> Parsed:
    """The JSON reader ran out of stack: find where the text nests deeper than
    ``max_depth`` (one linear scan) to say so."""
    limit, depth = get_limit("max_depth"), 0
    for match in _JSON_NESTING.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                offset = match.start()
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                return _too_deep(file, line=line, column=column)
        elif token in "]}":
            depth -= 1
    return _too_deep(file)


def _parse_yaml(text: str, file: str | None) -> Parsed:
    try:
        loader = _StrictLoader(text)
    except yaml.YAMLError as exc:  # the reader rejects control characters up front
        return Parsed(None, {}, (_syntax_finding(exc, file),))
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if "nesting depth" in str(getattr(exc, "problem", "")) and mark is not None:
            return _too_deep(file, line=mark.line + 1, column=mark.column + 1)  # libyaml's
        return Parsed(None, {}, (_syntax_finding(exc, file),))
    except RecursionError:
        return _too_deep(file)
    finally:
        loader.dispose()
    if node is None:
        finding = EMPTY_DOCUMENT.emit("comments-only", file=file)
        return Parsed(None, {}, (finding,))
    expanded, distinct = _expanded_size(node)
    budget = max(_MIN_BUDGET, _ALIAS_FACTOR * distinct)
    if expanded == float("inf"):
        finding = ALIAS_BOMB.emit("recursive", file=file, line=1)
        return Parsed(None, {}, (finding,))
    if expanded > budget:
        finding = ALIAS_BOMB.emit(expanded=round(expanded), distinct=distinct, file=file, line=1)
        return Parsed(None, {}, (finding,))
    deep = _node_too_deep(node)
    if deep is not None:
        return _too_deep(file, deep[1], deep[0].start_mark.line + 1)
    builder = _Builder(file)
    try:
        data = builder.build(node, ())
    except _BuildError as exc:
        return Parsed(None, builder.lines, (*builder.findings, exc.finding))
    except RecursionError:
        return _too_deep(file)
    return Parsed(data, builder.lines, tuple(builder.findings))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _parse_json(text: str, file: str | None, huge: list[HugeNumber] | None = None) -> Parsed:
    """JSON: read by :mod:`json` (duplicate keys detected); lines are located lazily.
    Numbers with too many digits are kept as :class:`HugeNumber` and listed in ``huge``."""
    duplicates: list[str] = []
    found = huge if huge is not None else []

    def as_int(number: str) -> Any:
        value = _json_int(number)
        if type(value) is HugeNumber:
            found.append(value)
        return value

    def as_float(number: str) -> Any:
        value = _json_float(number)
        if type(value) is HugeNumber:
            found.append(value)
        return value

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)  # a repeated key: the last value, as json.loads keeps
        if len(out) != len(items):
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
        return out

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=_no_constant,
            parse_int=as_int,
            parse_float=as_float,
        )
    except json.JSONDecodeError as exc:
        finding = SYNTAX_ERROR.emit(
            "json",
            lineno=exc.lineno,
            column=exc.colno,
            detail=exc.msg,
            detail_zh=in_chinese(exc.msg),
            file=file,
            line=exc.lineno,
        )
        return Parsed(None, {}, (finding,))
    except RecursionError:
        return _json_too_deep(text, file)
    except ValueError as exc:  # NaN/Infinity: not JSON
        finding = SYNTAX_ERROR.emit("json-value", detail=str(exc), file=file)
        return Parsed(None, {}, (finding,))
    findings = tuple(DUPLICATE_KEY.emit("json", key=key, file=file) for key in duplicates)
    return Parsed(data, LazyLines(text, file), findings)


#: A ``\\u`` escape of a surrogate code point in JSON text (a pair, or a lone one).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _json_needs_inspection(text: str) -> bool:
    """Whether :func:`inspect_data` could find anything in data parsed from JSON
    ``text`` beyond the numbers with too many digits (the reader lists those as it
    reads); when it cannot, the walk over every value is skipped.  Each test bounds from
    the text alone what the walk looks for: no text is longer than the whole document,
    nesting is no deeper than the number of brackets, a lone surrogate comes only from a
    ``\\u`` escape (the text itself was checked for them), and JSON keys are always
    text.  Inside strings the tests see false alarms, never misses: the walk then runs."""
    return (
        len(text) > get_limit("max_text_chars")
        or text.count("{") + text.count("[") > get_limit("max_depth")
        or ("\\u" in text and _SURROGATE_ESCAPE.search(text) is not None)
    )


def parse_text(text: str, file: str | None = None) -> Parsed:
    """Parse YAML or JSON text (JSON when ``file`` ends in ``.json`` or text starts with ``{``)."""
    bad = _SURROGATE.search(text)
    if bad is not None:  # no reader can take it (and no writer could write it back)
        line = text.count("\n", 0, bad.start()) + 1
        codepoint = f"U+{ord(bad.group()):04X}"
        finding = NOT_TEXT.emit(
            "surrogate-line", lineno=line, codepoint=codepoint, file=file, line=line
        )
        return Parsed(None, {}, (finding,))
    looks_json = (file or "").lower().endswith(".json") or text.lstrip().startswith("{")
    huge: list[HugeNumber] = []
    parsed = _parse_json(text, file, huge) if looks_json else _parse_yaml(text, file)
    if parsed.data is None or (looks_json and not huge and not _json_needs_inspection(text)):
        return parsed
    refused = inspect_data(parsed.data, file, parsed.lines)
    if refused:
        return Parsed(None, parsed.lines, (*parsed.findings, *refused))
    return parsed
