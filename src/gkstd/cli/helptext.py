"""Help texts in the run's language: ``gkstd --lang en CMD --help`` is English only.

The conventions the command modules write their help in (docs/cli.md):

* A one-line text (an option's help, a command's first line) is ``中文 / English``.  Its
  English part follows the first separator whose right side is English (see :func:`split`);
  the Chinese help shows the whole text, as ever, the English help the English part.
* In a command's long help, a paragraph that begins with ``/ `` is the English version of
  the paragraph before it: the Chinese help leaves it out, the English help shows it in
  place of the Chinese one.
* An option's metavar may be ``中文 / ENGLISH`` too (``问题.jsonl / FINDINGS.jsonl``): each
  help shows the side in its language.

The texts are put in the run's language only while the help is written
(:func:`in_language`), so the command objects, shared by every run of one process, keep
their source texts.  Nothing here imports a command module.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import re
from collections.abc import Iterator

import click

from gkstd.diagnostics.i18n import current_language

__all__ = ["english", "in_language", "install", "localized", "metavar", "one_line", "split"]

#: a paragraph break of a long help (click's own rule: a line of white space only)
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_MARK = "\b\n"  # click's "do not rewrap this paragraph"

# The patterns read a masked text (:func:`_masked`): \x01 stands for a CJK ideograph, \x02
# for CJK punctuation or a full-width form.  A character class of the CJK blocks themselves
# takes milliseconds to compile, which every ``gkstd --help`` would pay.
_CHINESE = re.compile("[\x01\x02]")
#: a slash with white space after it, and white space or a full-width character before it:
#: ``中文 / English``, ``（extends 上级目录）/ write …``; never ``省级/市级`` or ``docs/a.md``
_SEPARATOR = re.compile(r"(?:\s+|(?<=[\x01\x02]))/\s+")
#: an ideograph glued to a letter or digit (``per主动``): Chinese prose, not a term
_GLUED = re.compile("\x01[A-Za-z0-9]|[A-Za-z0-9]\x01")
#: a separator right after Chinese: the right side still holds a Chinese part
_AFTER_CHINESE = re.compile(r"\x01\s*/\s")


def _kind(char: str) -> str:
    r"""``\x01`` for a CJK ideograph, ``\x02`` for CJK punctuation or a full-width form,
    else ``char`` itself."""
    if char < "\u3000":
        return char
    code = ord(char)
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return "\x02"
    if (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    ):
        return "\x01"
    return char


def _masked(text: str) -> str:
    """``text`` with each Chinese character replaced as :func:`_kind` says (the same length,
    so that a position in it is one in ``text``)."""
    return "".join(map(_kind, text))


def _is_english(masked: str) -> bool:
    """True when the (masked) text reads as the English part of a one-line text: it starts
    with a character that is not Chinese, holds no Chinese punctuation, and any Chinese in
    it is a term standing apart (``one per 主动 item``), not a Chinese part of its own."""
    return bool(
        masked
        and masked[0] not in "\x01\x02"
        and "\x02" not in masked
        and not _GLUED.search(masked)
        and not _AFTER_CHINESE.search(masked)
    )


def split(text: str) -> tuple[str, str | None]:
    """``(chinese, english)`` of a one-line text ``中文 / English``.

    The text is split at the first separator (``/`` with white space after it, and white
    space or a full-width character before it) that has Chinese on its left and English
    on its right (see :func:`_is_english`): the English part is the longest English end of
    the text, so it may hold ``a / b`` itself, and a Chinese part may hold ``省级/市级`` or
    ``a / b``.  A text without such a separator has no English part (``None``)."""
    masked = _masked(text)
    for found in _SEPARATOR.finditer(masked):
        if _CHINESE.search(masked, 0, found.start()) and _is_english(masked[found.end() :]):
            return text[: found.start()].rstrip(), text[found.end() :]
    return text, None


def english(text: str) -> str | None:
    """The English of a one-line text: its English part, the whole text when it holds no
    Chinese, ``None`` when it has no English."""
    if not _CHINESE.search(_masked(text)):
        return text
    return split(text)[1]


def _capital(text: str) -> str:
    """``text`` with its first letter in upper case (an English part alone is a sentence);
    ``gkstd`` stays as it is typed."""
    if text[:1].islower() and not text.startswith("gkstd"):
        return text[0].upper() + text[1:]
    return text


def one_line(text: str, lang: str) -> str:
    """A one-line text as the help in ``lang`` shows it: whole in Chinese, the English part
    (or the whole text, when it has none) in English."""
    if lang != "en":
        return text
    found = english(text)
    return text if found is None else _capital(found)


def localized(text: str, lang: str) -> str:
    r"""A command's long help in ``lang``: each paragraph ``/ …`` replaces the paragraph
    before it in English and is left out in Chinese; in English, a paragraph without one
    shows its English part (:func:`one_line`), but one that click does not rewrap (``\b``)
    is shown as it is.  ``text`` may be indented as a docstring."""
    text = inspect.cleandoc(text)
    out: list[str] = []
    replaceable = False  # the last paragraph written is Chinese with no English yet
    for paragraph in _PARAGRAPHS.split(text):
        mark = _MARK if paragraph.startswith(_MARK) else ""
        body = paragraph.removeprefix(mark)
        if body.startswith("/ ") or body == "/":
            if lang == "en":
                shown = mark + body[2:]
                if replaceable:
                    out[-1] = shown
                else:
                    out.append(shown)
            replaceable = False
            continue
        out.append(one_line(paragraph, lang) if lang == "en" and not mark else paragraph)
        replaceable = True
    return "\n\n".join(out)


def metavar(text: str, lang: str) -> str:
    """A metavar ``中文 / ENGLISH`` as the help in ``lang`` shows it: the one side."""
    chinese, english_part = split(text)
    if english_part is None:
        return text
    return english_part if lang == "en" else chinese


@contextlib.contextmanager
def in_language(command: click.Command, lang: str | None = None) -> Iterator[None]:
    """While the block runs, ``command``'s help, epilog and its parameters' help texts and
    metavars are in ``lang`` (default: the run's language); they are restored after."""
    lang = lang or current_language()
    saved: list[tuple[object, str, str | None]] = []

    def swap(owner: object, name: str, new: str) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, new)

    for name in ("help", "epilog"):
        text = getattr(command, name)
        if text:
            swap(command, name, localized(text, lang))
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            swap(param, "help", one_line(param.help, lang))
        if param.metavar:
            swap(param, "metavar", metavar(param.metavar, lang))
    try:
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


def _get_help(command: click.Command, ctx: click.Context) -> str:
    with in_language(command):
        return type(command).get_help(command, ctx)


def install(command: click.Command) -> click.Command:
    """Make ``command``'s ``--help`` follow the run's language (idempotent): its
    ``get_help`` writes the help inside :func:`in_language`."""
    if "get_help" not in vars(command):
        vars(command)["get_help"] = functools.partial(_get_help, command)
    return command
