"""Message templates and the values they are filled with.

A rule declares its messages as templates in Chinese and English with named fields
(``缺少要素：{elements}`` / ``missing elements: {elements}``); a finding carries the
values (:class:`Args`) and renders its message only when it is displayed.  Other systems
read the values from ``Finding.args`` (and from ``args`` in JSON output) instead of
parsing sentences, and a run that only counts findings never formats a message.

Rendering joins a list with ``、`` in Chinese and ``, `` in English, writes ``None`` as
``-``, and accepts the usual format specs (``{score:.0f}``).
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from gkstd.diagnostics.errors import GkstdError

__all__ = ["RESERVED", "Args", "Message", "TemplateError", "fields_of", "render"]

#: Field names a template may not use: they are the keyword arguments that place a
#: finding (``Rule.emit(item=…, element=…)``) or choose its severity and message.
RESERVED = frozenset({"item", "element", "path", "file", "line", "severity", "message"})


_SCALAR = frozenset({str, int, float, bool})


def _frozen(value: Any) -> Any:
    """``value`` made hashable and JSON-ready: lists and sets become tuples (sets sorted)."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(_frozen(v) for v in value))
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(
        f"finding field value {value!r} ({type(value).__name__}) is not text, a number, "
        "a truth value or a list of them"
    )


class Args(Mapping[str, Any]):
    """The values of a finding's message fields: a read-only, hashable mapping whose values
    are text, numbers, truth values, ``None`` or tuples of them (JSON-ready)."""

    __slots__ = ("_hash", "_plain", "_values")
    _values: dict[str, Any]
    _plain: bool
    _hash: int | None

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        if not values:
            frozen: dict[str, Any] = {}
            plain = True
        elif _SCALAR.issuperset(map(type, values.values())):  # the common case, at C speed
            frozen = dict(values)
            plain = True
        else:
            frozen = {key: _frozen(value) for key, value in values.items()}
            plain = False
        object.__setattr__(self, "_values", frozen)
        object.__setattr__(self, "_plain", plain)
        object.__setattr__(self, "_hash", None)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        if self._hash is None:  # the values never change: hashed once
            object.__setattr__(self, "_hash", hash(frozenset(self._values.items())))
        assert self._hash is not None
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Args):
            return self._values == other._values
        if isinstance(other, Mapping):
            return bool(self._values == dict(other))
        return NotImplemented

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Args is read-only")

    def __repr__(self) -> str:
        return f"Args({dict(sorted(self._values.items()))!r})"

    def __reduce__(self) -> tuple[type[Args], tuple[dict[str, Any]]]:
        return (Args, (dict(self._values),))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready copy (tuples become lists), keys sorted."""
        return {name: _plain(value) for name, value in sorted(self._values.items())}

    def render(self, template: str, lang: str) -> str:
        """``template`` filled with these values (see :func:`render`)."""
        if self._plain:
            return template.format_map(self._values)
        joiner = _JOINERS["en" if lang == "en" else "zh"]
        return template.format_map({k: _shown(v, joiner) for k, v in self._values.items()})


_JOINERS = {"zh": "、", "en": ", "}


def _plain(value: Any) -> Any:
    """``value`` with tuples as lists, all the way down (a module function: a nested
    recursive one is a reference cycle per call, garbage the collector must find, and an
    audit writing millions of findings runs with the collector paused)."""
    return [_plain(v) for v in value] if isinstance(value, tuple) else value


def _shown(value: Any, joiner: str) -> Any:
    if value is None:
        return "-"
    if value.__class__ is tuple:
        return joiner.join(str(_shown(v, joiner)) for v in value)
    return value


def fields_of(template: str) -> frozenset[str]:
    """The field names a template uses (``{name}``, ``{score:.0f}`` → ``name``, ``score``)."""
    return frozenset(
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    )


def _paired(names: frozenset[str]) -> frozenset[str]:
    """Field names with a language suffix (``_en``, ``_zh``) taken off, for comparing the
    two templates of one message."""
    return frozenset(n.removesuffix("_en").removesuffix("_zh") for n in names)


def render(template: str, args: Mapping[str, Any], lang: str = "zh") -> str:
    """``template`` filled with ``args`` (see the module docstring for the rules)."""
    joiner = _JOINERS["en" if lang == "en" else "zh"]
    return template.format_map({key: _shown(value, joiner) for key, value in args.items()})


class TemplateError(GkstdError, ValueError):
    """A message template that cannot be used: its Chinese and English fields differ, or
    it uses a reserved field (said in both languages, with the declaring file and line)."""


def _declared_at() -> str:
    """``file:line：`` of the code declaring the template (outside gkstd's diagnostics)."""
    from gkstd.diagnostics.ruleargs import declared_at

    at = declared_at()
    return f"{at}：" if at else ""


@attrs.frozen
class Message:
    """A message template in Chinese and English.  Both use the same named fields (a value
    that itself needs two languages is two fields, ``{reason}`` in Chinese and
    ``{reason_en}`` in English), none of them :data:`RESERVED`; literal braces are written
    ``{{`` and ``}}``."""

    zh: str
    en: str
    fields: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    """The named fields the template needs (both languages: a value given in two
    languages is two fields, ``reason`` for Chinese and ``reason_en`` for English)."""

    def __attrs_post_init__(self) -> None:
        zh, en = fields_of(self.zh), fields_of(self.en)
        object.__setattr__(self, "fields", zh | en)
        if _paired(zh) != _paired(en):
            at = _declared_at()
            raise TemplateError(
                f"{at}消息模板的中英文字段不一致：中文用 {sorted(zh)}，英文用 {sorted(en)}"
                f"（{self.zh!r}）。两种语言要用同样的字段；一个需要两种语言的值写成两个字段，"
                "如中文 {reason} 和英文 {reason_en}。",
                f"{at}message fields differ: zh {sorted(zh)} / en {sorted(en)} ({self.zh!r}). "
                "Both languages use the same fields; a value needed in two languages is two "
                "fields, {reason} in Chinese and {reason_en} in English.",
            )
        clash = (zh | en) & RESERVED
        if clash:
            at = _declared_at()
            raise TemplateError(
                f"{at}消息字段 {sorted(clash)} 是保留名称（{self.zh!r}），"
                f"请改用别的名称（保留的有：{'、'.join(sorted(RESERVED))}）。",
                f"{at}message fields {sorted(clash)} are reserved ({self.zh!r}); rename them "
                f"(reserved: {', '.join(sorted(RESERVED))}).",
            )

    def render(self, args: Mapping[str, Any], lang: str = "zh") -> str:
        """The message in ``lang`` with ``args`` filled in."""
        template = self.en if lang == "en" else self.zh
        if isinstance(args, Args):
            return args.render(template, lang)
        return render(template, args, lang)

    @classmethod
    def literal(cls, zh: str, en: str) -> Message:
        """A message without fields: its text as given (braces are kept as written)."""
        message = cls.__new__(cls)
        object.__setattr__(message, "zh", zh.replace("{", "{{").replace("}", "}}"))
        object.__setattr__(message, "en", en.replace("{", "{{").replace("}", "}}"))
        object.__setattr__(message, "fields", frozenset())
        return message
