"""A JSON Schema error in words, Chinese and English: the common kinds (an unknown key with
the keys allowed, a missing key, a wrong type or range, a value not among the choices) said
as a user of a scheme or report file reads them, else jsonschema's own message."""

from __future__ import annotations

from typing import Any

__all__ = ["said", "where"]

_TYPES = {"number": "数字", "integer": "整数", "string": "文字", "object": "映射", "array": "列表"}


def said(error: Any) -> tuple[str, str]:
    """``error`` (a ``jsonschema.ValidationError``) in Chinese and English."""
    kind, wanted, value = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in value if k not in allowed)
        return (
            f"有未知的键 {'、'.join(extra)}（拼写？）；可用的键：{'、'.join(allowed)}",
            f"unknown key(s) {', '.join(extra)} (a typo?); the keys: {', '.join(allowed)}",
        )
    if kind == "required" and isinstance(value, dict):
        missing = [k for k in wanted if k not in value]
        return f"缺少 {'、'.join(missing)}", f"{', '.join(missing)} missing"
    if kind == "type":
        types = wanted if isinstance(wanted, list) else [wanted]
        zh = "或".join(str(_TYPES.get(str(t), t)) for t in types)
        return (
            f"应为{zh}，收到 {_short(value)}",
            f"expected {' or '.join(map(str, types))}, got {_short(value)}",
        )
    if kind in ("minimum", "exclusiveMinimum"):
        return f"应不小于 {wanted}，收到 {value!r}", f"must be at least {wanted}, got {value!r}"
    if kind in ("maximum", "exclusiveMaximum"):
        return f"应不大于 {wanted}，收到 {value!r}", f"must be at most {wanted}, got {value!r}"
    if kind in ("enum", "const"):
        choices = wanted if isinstance(wanted, list) else [wanted]
        return (
            f"应为 {'、'.join(map(str, choices))} 之一，收到 {value!r}",
            f"expected one of {', '.join(map(str, choices))}, got {value!r}",
        )
    return error.message, error.message


def _short(value: Any) -> str:
    """``value`` as Python writes it, cut to 80 characters (a whole list is no help)."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}…"


def where(path: Any) -> tuple[str, str]:
    """A place in the data (``error.absolute_path``) as ``a/0/b``, or the top level."""
    parts = "/".join(str(p) for p in path)
    return parts or "（顶层）", parts or "(top level)"
