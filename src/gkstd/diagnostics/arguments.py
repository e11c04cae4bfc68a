"""Checks of the arguments a public function is called with.

Software that embeds gkstd calls :func:`gkstd.validate`, :func:`gkstd.check`,
:func:`gkstd.deadline`, :func:`gkstd.audit.audit`, :func:`gkstd.tables.import_table` …
from its own code, often without a type checker.  A wrong type used to fail deep inside
(``AttributeError: 'str' object has no attribute 'toordinal'``), or worse, to be read
as something else (``check("目录")`` checked the paths ``目``, ``录``).  Each entry point
now checks what it is given and raises :class:`ArgumentError` — a :class:`TypeError`
(what Python raises for a wrong type), a :class:`ValueError` (for a value outside what
the argument takes) and a :class:`~gkstd.diagnostics.errors.GkstdError`
(Chinese and English message) — naming the function, the argument, what it takes, what
it got and the fix.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from gkstd.diagnostics.errors import GkstdError
from gkstd.model.enums import Level

__all__ = [
    "LEVEL",
    "ArgumentError",
    "callables",
    "codes",
    "each",
    "expect",
    "level",
    "optional_texts",
    "paths",
    "refused",
]

_SHOWN = 60


class ArgumentError(GkstdError, TypeError, ValueError):
    """A public function was given an argument it cannot take: a :class:`TypeError` for
    a wrong type, and a :class:`ValueError` too (a level label no level has)."""


def _shown(value: object) -> str:
    """``value``'s type and a short repr: ``str '2026-01-01'``."""
    text = repr(value)
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    return f"{type(value).__name__} {text}"


def expect(
    value: object,
    types: type | tuple[type, ...],
    where: str,
    wanted: tuple[str, str],
    fix: tuple[str, str] = ("", ""),
) -> None:
    """Raise :class:`ArgumentError` unless ``value`` is one of ``types``.

    ``where`` names the argument (``gkstd.deadline(start)``), ``wanted`` says what it
    takes (Chinese, English) and ``fix`` how to get it (Chinese, English; optional).
    ``bool`` is refused where ``int`` is wanted (``True`` is no number of days).

    >>> expect("x", str, "f(a)", ("文本", "text"))
    >>> expect(1, str, "f(a)", ("文本", "text"))
    Traceback (most recent call last):
    ...
    gkstd.diagnostics.arguments.ArgumentError: f(a)：应为文本，收到 int 1。
    """
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in _tuple(types)):
        return
    raise refused(value, where, wanted, fix)


def refused(
    value: object, where: str, wanted: tuple[str, str], fix: tuple[str, str] = ("", "")
) -> ArgumentError:
    """The :class:`ArgumentError` for ``value`` given as ``where`` (see :func:`expect`)."""
    shown = _shown(value)
    return ArgumentError(
        f"{where}：应为{wanted[0]}，收到 {shown}。{fix[0]}",
        f"{where}: expected {wanted[1]}, got {shown}.{' ' + fix[1] if fix[1] else ''}",
    )


def _tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


_PATH = ("文件或文件夹路径（str 或 pathlib.Path）", "a file or folder path (str or pathlib.Path)")


def each(
    value: object,
    types: type | tuple[type, ...],
    where: str,
    wanted: tuple[str, str],
    fix: tuple[str, str] = ("", ""),
    refuse: tuple[type, ...] = (str, bytes, Mapping),
) -> list[object]:
    """The entries of ``value``, an iterable (not one of ``refuse``: a text or a mapping
    is no list of entries) whose every entry is one of ``types``; :class:`ArgumentError`
    naming the value (``where``) or the entry (``where[n]``) otherwise."""
    if isinstance(value, refuse) or not isinstance(value, Iterable):
        raise refused(value, where, wanted, fix)
    out = list(value)
    for n, entry in enumerate(out):
        expect(entry, types, f"{where}[{n}]", wanted, fix)
    return out


def paths(value: object, where: str) -> list[str | os.PathLike[str]]:
    """``value`` as a list of paths: one path (``str`` or :class:`os.PathLike`) stands for
    itself — ``check("目录")`` is the folder, never its characters — and any other
    iterable must hold only paths."""
    if isinstance(value, str | os.PathLike):
        return [_usable(value, where)]
    entries = each(value, (str, os.PathLike), where, _PATH, refuse=(bytes, Mapping))
    return [_usable(entry, f"{where}[{n}]") for n, entry in enumerate(entries)]  # type: ignore[arg-type]


def _usable(path: str | os.PathLike[str], where: str) -> str | os.PathLike[str]:
    """``path`` unless it is the empty text (which ``Path("")`` reads as the working
    directory: ``check("")`` checked every file under it) or a path object that does
    not stand for a text (its ``__fspath__`` gives bytes or anything else)."""
    if not isinstance(path, str):  # a PathLike: what it stands for must be text too
        try:
            named = os.fspath(path)
        except TypeError as exc:  # __fspath__ gave something else
            raise refused(path, where, _PATH, (str(exc), str(exc))) from None
        if not isinstance(named, str):
            raise refused(path, where, _PATH)
    elif not path.strip():
        raise refused(
            path, where, _PATH, ('当前目录请写 "."。', 'Write "." for the working directory.')
        )
    return path


def codes(value: object, where: str) -> list[str] | str | None:
    """``value`` when it is ``None`` or a string (``"GK101,GK3"``), as a list when it is
    an iterable of strings (``["GK101"]``): what ``select``/``ignore`` take."""
    if value is None or isinstance(value, str):
        return value
    wanted = (
        '规则代码或前缀（如 "GK101,GK3" 或 ["GK101"]）',
        'codes or prefixes ("GK101,GK3" or ["GK101"])',
    )
    return each(value, str, where, wanted, refuse=(bytes, Mapping))  # type: ignore[return-value]


#: what a level argument takes
LEVEL = (
    '层级名称或代码（如 "县级"、"county"）或 Level',
    'a level label or code ("县级", "county") or a Level',
)


def level(value: object, where: str) -> Level | None:
    """``value`` as a :class:`Level`: ``None``, a level, or its label, code or variant
    (``"乡级"``, ``"township"``)."""
    if value is None or isinstance(value, Level):
        return value
    if isinstance(value, str):
        try:
            return Level.parse(value)
        except ValueError:
            labels = "、".join(m.label for m in Level)
            raise refused(
                value, where, LEVEL, (f"可用：{labels}。", f"One of: {labels}.")
            ) from None
    raise refused(value, where, LEVEL)


_TEXT = ("文本或 None", "text or None")
_CALLABLE = ("可调用对象（函数）或 None", "a callable (a function) or None")


def optional_texts(function: str, **values: object) -> None:
    """Refuse any of ``values`` (argument name → value of ``function``) that is neither
    text nor ``None``."""
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            raise refused(value, f"{function}({name})", _TEXT)


def callables(function: str, **values: object) -> None:
    """Refuse any of ``values`` that is neither callable nor ``None`` (a progress
    callback, a sink)."""
    for name, value in values.items():
        if value is not None and not callable(value):
            raise refused(value, f"{function}({name})", _CALLABLE)
