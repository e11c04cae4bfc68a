"""A compiled yes/no shape check for gkstd's own JSON Schema.

python-jsonschema explains *why* a document is invalid, which is what users need, but it
costs several microseconds per node.  Most documents are valid, so the loader first asks
this compiled predicate — a tree of small closures built once from the schema — and only
runs python-jsonschema for the error report when the answer is no.

The compiler understands exactly the keywords gkstd's schema uses (see ``_KEYWORDS``);
any other keyword makes :func:`compile_schema` raise :class:`UnsupportedSchema`, and the
loader then uses python-jsonschema alone.  A property test checks that the predicate and
python-jsonschema agree on generated and mutated documents.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Check", "UnsupportedSchema", "compile_schema"]

#: A compiled check: True when the instance satisfies the (sub)schema.
Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset(
    {"$id", "$schema", "$defs", "$comment", "title", "description", "examples", "default", "format"}
)
_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "const",
        "pattern",
        "minLength",
        "minItems",
        "minimum",
        "maximum",
        "allOf",
        "if",
        "then",
        "else",
        "not",
        "uniqueItems",
        "$ref",
    }
)


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this compiler does not implement."""


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _json_key(value: Any) -> Any:
    """A hashable key under which JSON-equal values (and only those) coincide."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        # not float(value): an int too large for a float would raise OverflowError; an int
        # and a float that are equal (1, 1.0) are equal keys with equal hashes anyway
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if value is None:
        return ("null",)
    if isinstance(value, list):
        return ("array", tuple(_json_key(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _json_key(v)) for k, v in value.items()))
    return ("other", id(value))


#: ``isinstance``'s second argument for every element of a list (``map`` in C).
_STR = itertools.repeat(str)

#: The most strings whose match against one pattern is remembered.
_PATTERN_MEMORY = 1 << 16


def _pattern(pattern: str) -> Check:
    """``pattern`` searched in strings, the answers remembered (a tree of tailorings
    repeats the same item ids thousands of times), up to :data:`_PATTERN_MEMORY`."""
    search = re.compile(pattern).search
    known: dict[str, bool] = {}

    def check(v: Any) -> bool:
        if not isinstance(v, str):
            return True
        found = known.get(v)
        if found is None:
            found = search(v) is not None
            if len(known) < _PATTERN_MEMORY:
                known[v] = found
        return found

    return check


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}
        self.pending: dict[str, list[Check]] = {}  # definitions being compiled: their slot
        self.recursive: set[str] = set()

    def ref(self, pointer: str) -> Check:
        if pointer in self.refs:
            return self.refs[pointer]
        if pointer in self.pending:  # the definition refers to itself: through a slot
            slot = self.pending[pointer]
            self.recursive.add(pointer)
            return lambda v: slot[0](v)
        if not pointer.startswith("#/"):
            raise UnsupportedSchema(f"non-local $ref {pointer!r}")
        slot = self.pending[pointer] = []
        node: Any = self.root
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        compiled = self.compile(node)
        slot.append(compiled)
        del self.pending[pointer]
        # a definition that does not refer to itself is called directly, not through a slot
        self.refs[pointer] = compiled
        return compiled

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, Mapping):
            raise UnsupportedSchema(f"schema must be an object, not {schema!r}")
        unknown = set(schema) - _KEYWORDS - _ANNOTATIONS
        if unknown:
            raise UnsupportedSchema(f"unsupported keyword(s): {', '.join(sorted(unknown))}")
        special = self._special(schema)
        if special is not None:
            return special
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            tests = [_TYPES[n] for n in names]
            plain = {"string": str, "object": dict, "array": list}
            if all(n in plain for n in names):  # e.g. ["object", "string"]: one isinstance
                classes = tuple(plain[n] for n in names)
                checks.append(lambda v: isinstance(v, classes))
            else:
                checks.append(lambda v: any(test(v) for test in tests))
        if "enum" in schema and all(isinstance(v, str) for v in schema["enum"]):
            texts = frozenset(schema["enum"])  # only a string equals a string in JSON
            checks.append(lambda v: isinstance(v, str) and v in texts)
        elif "enum" in schema:
            allowed = {_json_key(v) for v in schema["enum"]}
            checks.append(lambda v: _json_key(v) in allowed)
        if "const" in schema:
            expected = _json_key(schema["const"])
            checks.append(lambda v: _json_key(v) == expected)
        if "pattern" in schema:
            checks.append(_pattern(schema["pattern"]))
        if "minLength" in schema:
            n = schema["minLength"]
            checks.append(lambda v: not isinstance(v, str) or len(v) >= n)
        if "minimum" in schema:
            lo = schema["minimum"]
            checks.append(lambda v: not _TYPES["number"](v) or v >= lo)
        if "maximum" in schema:
            hi = schema["maximum"]
            checks.append(lambda v: not _TYPES["number"](v) or v <= hi)
        if "required" in schema:
            keys = frozenset(schema["required"])
            checks.append(lambda v: not isinstance(v, dict) or keys.issubset(v))
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(self._object(schema))
        if "items" in schema:
            item = self.compile(schema["items"])

            def each(v: Any) -> bool:
                if isinstance(v, list):
                    for x in v:
                        if not item(x):
                            return False
                return True

            checks.append(each)
        if "minItems" in schema:
            least = schema["minItems"]
            checks.append(lambda v: not isinstance(v, list) or len(v) >= least)
        if schema.get("uniqueItems"):
            checks.append(
                lambda v: not isinstance(v, list) or len({_json_key(x) for x in v}) == len(v)
            )
        if "allOf" in schema:
            parts = [self.compile(s) for s in schema["allOf"]]
            checks.append(lambda v: all(c(v) for c in parts))
        if "if" in schema:
            cond = self.compile(schema["if"])
            then = self.compile(schema.get("then", True))
            other = self.compile(schema.get("else", True))
            checks.append(lambda v: then(v) if cond(v) else other(v))
        if "not" in schema:
            negated = self.compile(schema["not"])
            checks.append(lambda v: not negated(v))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        every = tuple(checks)

        def check_all(v: Any) -> bool:
            for check in every:  # noqa: SIM110 - a plain loop is faster than all(genexpr)
                if not check(v):
                    return False
            return True

        return check_all

    def _special(self, schema: Mapping[str, Any]) -> Check | None:
        """One function for the usual combinations of keywords (a string with a minimum
        length, a pattern or an enumeration; an array of such strings; an object with
        its properties), where the general case calls one function per keyword: the
        same answers (the keywords are independent conditions, each applying to one
        type, and the type is tested first), in fewer calls."""
        keys = frozenset(schema) - _ANNOTATIONS
        if schema.get("type") == "string" and len(keys) == 2:
            if "minLength" in keys:
                n = schema["minLength"]
                return lambda v: isinstance(v, str) and len(v) >= n
            if "pattern" in keys:
                matches = _pattern(schema["pattern"])
                return lambda v: isinstance(v, str) and matches(v)
            if "enum" in keys and all(isinstance(e, str) for e in schema["enum"]):
                texts = frozenset(schema["enum"])
                return lambda v: isinstance(v, str) and v in texts
        if schema.get("type") == "array" and keys == {"type", "items"}:
            strings = self._strings(schema["items"])
            if strings is not None:
                return lambda v: (
                    isinstance(v, list) and all(map(isinstance, v, _STR)) and strings(v)
                )
        if schema.get("type") == "object" and keys == {
            "type",
            "properties",
            "required",
            "additionalProperties",
        }:
            required = frozenset(schema["required"])
            properties = self._object(schema)
            return lambda v: isinstance(v, dict) and required.issubset(v) and properties(v)
        return None

    def _strings(self, schema: Any) -> Check | None:
        """For an array whose items are strings of ``schema`` (a minimum length, a
        pattern or an enumeration): the test of a list already known to hold only
        strings; ``None`` for any other item schema."""
        if not isinstance(schema, Mapping) or schema.get("type") != "string":
            return None
        keys = frozenset(schema) - _ANNOTATIONS
        if keys == {"type"}:
            return lambda v: True
        if keys == {"type", "minLength"}:
            n = schema["minLength"]
            if n <= 0:
                return lambda v: True
            if n == 1:
                return lambda v: "" not in v
            return lambda v: all(len(x) >= n for x in v)
        if keys == {"type", "pattern"}:
            matches = _pattern(schema["pattern"])
            return lambda v: all(map(matches, v))
        if keys == {"type", "minLength", "pattern"}:  # channels: not blank
            n, matches = schema["minLength"], _pattern(schema["pattern"])
            return lambda v: all(len(x) >= n and matches(x) for x in v)
        if keys == {"type", "enum"} and all(isinstance(e, str) for e in schema["enum"]):
            texts = frozenset(schema["enum"])
            return lambda v: texts.issuperset(v)
        return None

    def _object(self, schema: Mapping[str, Any]) -> Check:
        props = {k: self.compile(s) for k, s in schema.get("properties", {}).items()}
        extra_schema = schema.get("additionalProperties", True)
        extra = None if extra_schema is True else self.compile(extra_schema)

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for key, value in v.items():
                test = props.get(key)
                if test is not None:
                    if not test(value):
                        return False
                elif extra is not None and not extra(value):
                    return False
            return True

        return check


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """Compile ``schema`` (with local ``$ref`` s into its ``$defs``) into a predicate.

    Raises :class:`UnsupportedSchema` when the schema uses a keyword outside the
    supported subset; callers then validate with python-jsonschema alone.
    """
    return _Compiler(schema).compile(schema)
