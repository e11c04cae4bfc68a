"""Checks of what a rule is declared with (:func:`gkstd.diagnostics.rule.rule`).

A pack's author writes rules; a mistake in one used to surface as Python's own words
(``TypeError: Text.__init__() takes 3 positional arguments but 9 were given`` for a title
written as one string), or worse, was read as something else: the two-character title
``"标题"`` became the Chinese ``标`` and the English ``题``.  Each bilingual argument
(``title``, ``rationale``, ``fix``, ``messages``) is now checked when the rule is
declared, and a mistake raises :class:`~gkstd.diagnostics.arguments.ArgumentError`
(Chinese first, English in ``message_en``) naming the file and line of the
declaration, the rule, the argument, what was given, what it takes and how to write it.

The check function is checked too (:func:`check_function`): one the rule engine cannot
call as it does — ``check(item, ctx)``, ``check(catalog, ctx)`` — used to be found only
when it ran, as a ``GK000`` on every catalog checked.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from collections.abc import Mapping
from types import FrameType

import attr
import attrs

from gkstd.diagnostics.arguments import ArgumentError, refused
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.messages import Message
from gkstd.model.frozen import FrozenDict

__all__ = ["check_function", "declared_at", "message_pair", "messages_of", "text_pair"]

#: What a bilingual argument takes, said in both languages.
PAIR = ("一对文本 (中文, English)", "a pair of texts (中文, English)")

#: How each bilingual argument of :func:`~gkstd.diagnostics.rule.rule` is written.
_WRITTEN = {
    "title": ('("中文标题", "English title")', '("中文标题", "English title")'),
    "rationale": ('("中文理由", "English rationale")', '("中文理由", "English rationale")'),
    "fix": ('("中文改法", "English fix")', '("中文改法", "English fix")'),
    "messages": (
        '("中文消息“{name}”", "English message {name!r}")，或按名称的多条：'
        '{"default": ("…", "…"), "partial": ("…", "…")}',
        '("中文消息“{name}”", "English message {name!r}"), or named variants: '
        '{"default": ("…", "…"), "partial": ("…", "…")}',
    ),
}

_HERE = os.path.dirname(os.path.abspath(__file__))
_ATTRS = tuple(os.path.dirname(os.path.abspath(str(m.__file__))) for m in (attr, attrs))


def declared_at() -> str | None:
    """``file:line`` of the code declaring the rule: the first frame of the stack outside
    gkstd's rule declaration (this folder) and attrs (the rule's ``__init__``)."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith("<"):
            folder = os.path.dirname(os.path.abspath(name))
            if folder != _HERE and not folder.startswith(_ATTRS):
                return f"{name}:{frame.f_lineno}"
        frame = frame.f_back
    return None


def _where(code: str | None, argument: str, variant: str | None = None) -> str:
    """``file:line rule('XX101', title=…)``: the place and the argument, for messages
    (``Rule(messages=…)`` for a rule built without :func:`rule`, whose code is unknown)."""
    at = declared_at()
    given = f"{{{variant!r}: …}}" if variant is not None else "…"
    call = f"rule({code!r}, {argument}={given})" if code else f"Rule({argument}={given})"
    return f"{at} {call}" if at else call


def _fix(argument: str, value: object, variant: str | None = None) -> tuple[str, str]:
    """How to write ``argument``: a text given alone is shown as the pair's Chinese."""
    zh, en = _WRITTEN[argument]
    if isinstance(value, str) and argument != "messages":
        zh = en = f'({json.dumps(value, ensure_ascii=False)}, "English …")'
    if variant is not None:
        pair = _WRITTEN[argument][1].split(", or")[0]
        zh = en = f"{{{json.dumps(variant, ensure_ascii=False)}: {pair}}}"
    if isinstance(value, str):
        return (
            f"一个字符串只有一种语言；请写成 {argument}={zh}。",
            f"One string holds one language only; write {argument}={en}.",
        )
    return f"请写成 {argument}={zh}。", f"Write {argument}={en}."


def _pair(value: object) -> tuple[str, str] | None:
    """``value`` as ``(zh, en)`` when it is a tuple or list of two texts."""
    if isinstance(value, tuple | list) and len(value) == 2:
        zh, en = value
        if isinstance(zh, str) and isinstance(en, str):
            return zh, en
    return None


def _refuse(
    value: object, code: str | None, argument: str, variant: str | None = None
) -> ArgumentError:
    return refused(value, _where(code, argument, variant), PAIR, _fix(argument, value, variant))


def text_pair(value: object, code: str, argument: str) -> Text:
    """``value`` as a :class:`Text`: a ``(zh, en)`` pair of texts (a tuple or a list), or a
    :class:`Text` of two texts.  Anything else — one text, three, a text and ``None`` —
    raises :class:`ArgumentError` naming ``argument`` of rule ``code``."""
    if isinstance(value, Text) and isinstance(value.zh, str) and isinstance(value.en, str):
        return value
    pair = _pair(value)
    if pair is None:
        raise _refuse(value, code, argument)
    return Text(*pair)


#: What an example of a rule may be: an :class:`~gkstd.diagnostics.rule.Example`, or its text.
_EXAMPLE = (
    'Example("……", "item")（gkstd.diagnostics.rule.Example），或一段文本（一个事项的 YAML）',
    'an Example("…", "item") (gkstd.diagnostics.rule.Example), or a text (an item in YAML)',
)


def example_fields(value: object, code: str, argument: str) -> None:
    """Refuse (:class:`ArgumentError`, naming rule ``code``'s ``argument``: ``bad`` or
    ``good``) an example that is not an ``Example`` of texts, or a text: a number or a
    dict given as an example had been accepted, and broke the conformance kit and the
    rule's documentation later, far from the declaration."""
    from gkstd.diagnostics.rule import EXAMPLE_SCOPES, Example

    if isinstance(value, str):
        return
    if not isinstance(value, Example):  # (the place is looked up only for a mistake)
        raise refused(value, _where(code, argument), _EXAMPLE)
    for field in ("text", "domain", "encoding"):
        if not isinstance(getattr(value, field), str):
            raise _field(value, code, argument, field, ("文本", "a text"))
    if value.parent is not None and not isinstance(value.parent, str):
        raise _field(value, code, argument, "parent", ("文本或 None", "a text or None"))
    if value.scope not in EXAMPLE_SCOPES:
        shown = "、".join(EXAMPLE_SCOPES)
        raise _field(value, code, argument, "scope", (f"其中之一：{shown}", f"one of: {shown}"))
    try:
        "".encode(value.encoding)
    except LookupError:
        wanted = ("编码名，如 utf-8、gbk", "an encoding such as utf-8, gbk")
        raise _field(value, code, argument, "encoding", wanted) from None


def _field(
    example: object, code: str, argument: str, field: str, wanted: tuple[str, str]
) -> ArgumentError:
    """The :class:`ArgumentError` for ``field`` of the example given as ``argument``."""
    where = f"{_where(code, argument)} Example({field}=…)"
    return refused(getattr(example, field), where, wanted)


def message_pair(value: object, code: str | None, variant: str | None = None) -> Message:
    """One message template of rule ``code``: a :class:`Message`, or a ``(zh, en)`` pair
    of texts (``variant``: its name, when given in a mapping of named messages)."""
    if isinstance(value, Message):
        return value
    pair = _pair(value)
    if pair is None:
        raise _refuse(value, code, "messages", variant)
    return Message(*pair)


def messages_of(value: object, code: str | None = None) -> FrozenDict[str, Message]:
    """The messages of rule ``code`` as given to :func:`~gkstd.diagnostics.rule.rule`:
    ``None`` (none), one ``(zh, en)`` pair or :class:`Message` (the ``default`` message),
    or a mapping of variant names to pairs or messages (``code`` is ``None`` for a rule
    built without :func:`~gkstd.diagnostics.rule.rule`)."""
    if value is None:
        return FrozenDict()
    if isinstance(value, FrozenDict) and all(isinstance(v, Message) for v in value.values()):
        return value  # already converted (attrs.evolve of a rule)
    if isinstance(value, Mapping):
        out: dict[str, Message] = {}
        for name, message in value.items():
            if not isinstance(name, str):
                raise refused(
                    name,
                    _where(code, "messages"),
                    ("消息名称（文本）", "a message name (text)"),
                    _fix("messages", None),
                )
            out[name] = message_pair(message, code, name)
        return FrozenDict(out)
    return FrozenDict({"default": message_pair(value, code)})


#: What the rule engine passes a check function first, by the rule's scope
#: (:func:`gkstd.rules.engine.run_rules`: ``check(catalog, ctx)`` for a catalog rule,
#: ``check(item, ctx)`` for every other).
_FIRST = {"catalog": ("catalog", "Catalog", "目录")}
_ITEM = ("item", "Item", "事项")


def _why_not(function: object) -> tuple[str, str] | None:
    """Why the engine cannot call ``function`` as ``function(first, ctx)``, in Chinese
    and English; ``None`` when it can (or when its signature cannot be read)."""
    if not callable(function):
        shown = repr(function)[:60]
        return (
            f"不是函数（收到 {type(function).__name__} {shown}）",
            f"it is not a function (got {type(function).__name__} {shown})",
        )
    if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
        return (
            "是 async 函数，而规则同步运行，它的结果不会被 await",
            "it is an async function; rules run synchronously and are never awaited",
        )
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # a built-in without a signature: not knowable
        return None
    try:
        signature.bind(None, None)
    except TypeError:
        pass
    else:
        return None
    params = list(signature.parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    keyword = [p.name for p in params if p.kind is p.KEYWORD_ONLY and p.default is p.empty]
    if len(required) > 2:
        return (
            f"它需要 {len(required)} 个参数，引擎只传两个",
            f"it requires {len(required)} arguments; the engine passes two",
        )
    if keyword:
        names = ", ".join(keyword)
        return (
            f"参数 {names} 必须以关键字传入，而引擎按位置传入两个参数",
            f"its keyword-only parameter(s) {names} are never passed; the engine passes two "
            "positional arguments",
        )
    return (
        f"它只接受 {len(positional)} 个参数，引擎传入两个",
        f"it takes {len(positional)} argument(s); the engine passes two",
    )


def check_function(function: object, code: str, scope: str) -> None:
    """Refuse a check function the rule engine cannot call: the engine calls
    ``check(catalog, ctx)`` for a rule of scope ``catalog`` and ``check(item, ctx)`` for
    any other, with two positional arguments; extra parameters need defaults.  The
    :class:`ArgumentError` names the function's file and line, rule ``code``, what is
    wrong and the signature to write.  ``None`` (no check function) is accepted."""
    if function is None:
        return
    why = _why_not(function)
    if why is None:
        return
    first, kind, first_zh = _FIRST.get(scope, _ITEM)
    name = getattr(function, "__name__", "check")
    if not isinstance(name, str) or not name.isidentifier() or name == "<lambda>":
        name = "check"
    code_object = getattr(function, "__code__", None)
    at = (
        f"{code_object.co_filename}:{code_object.co_firstlineno}"
        if code_object is not None
        else declared_at()
    )
    try:
        shown = f"{name}{inspect.signature(function)}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        shown = name
    written = f"def {name}({first}: {kind}, ctx: CheckContext) -> Iterator[Finding]"
    place = f"{at} " if at else ""
    raise ArgumentError(
        f"{place}规则 {code} 的检查函数 {shown}：{why[0]}。gkstd 的规则引擎以 {name}({first}, ctx) "
        f"调用它（两个位置参数：{first_zh}和 CheckContext，scope={scope!r}）；请写成 {written}。",
        f"{place}rule {code}: the check function {shown}: {why[1]}. gkstd's rule engine calls it "
        f"as {name}({first}, ctx) (two positional arguments: the {first} and the "
        f"CheckContext, scope={scope!r}); write {written}.",
    )
