"""Checks of what a rule is declared with (:func:`gkstd.diagnostics.rule.rule`).

A pack's author writes rules; a mistake in one used to surface as Python's own words
(``TypeError: Text.__init__() takes 3 positional arguments but 9 were given`` for a title
written as one string), or worse, was read as something else: the two-character title
``"标题"`` became the Chinese ``标`` and the English ``题``.  Each bilingual argument
(``title``, ``rationale``, ``fix``, ``messages``) is now checked when the rule is
declared, and a mistake raises :class:`~gkstd.diagnostics.arguments.ArgumentError`
(Chinese first, English in ``message_en``) naming the file and line of the
declaration, the rule, the argument, what was given, what it takes and how to write it.
"""

from __future__ import annotations

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

__all__ = ["declared_at", "message_pair", "messages_of", "text_pair"]

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
