"""Folding text before two catalogs are compared (“只增不减” checks and item matching).

Local catalogs copy the national wording by hand, in Word or Excel, often through a web
page.  The copies differ in ways that change nothing: full-width or half-width forms,
spaces, the kind of angle brackets around a nested title, the separators between
content points.  :func:`fold` removes exactly these differences, and nothing else:

* Unicode NFKC (full-width letters, digits and punctuation become their ASCII forms);
* white space of every kind is dropped;
* the bracket forms ``〈〉 <> ＜＞ ‹› ⟨⟩`` become ``《》``, and ``【】 〔〕 ［］`` become ``[]``;
* Chinese and ASCII quotation marks ``“”‘’"'「」『』`` are dropped;
* the separators between list entries ``、 , ， ; ； 。 . ：:`` and the middle dot are dropped;
* letters are lower-cased.

Characters are never dropped otherwise: ``《安全生产法》`` and ``《安全生产条例》`` stay different.
``docs/inheritance.md`` lists the same rules for users.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["FOLDED", "fold", "fold_each", "fold_title", "strip_numbering"]

#: The differences :func:`fold` removes, for documentation and messages.
FOLDED: tuple[tuple[str, str], ...] = (
    ("全角与半角字符（NFKC）", "full-width and half-width forms (NFKC)"),
    ("空白（空格、换行、制表符）", "white space (spaces, line breaks, tabs)"),
    ("书名号的写法：〈〉、<>、＜＞ 视同《》", "angle brackets 〈〉 <> ＜＞ count as 《》"),
    ("方括号的写法：【】、〔〕、［］ 视同 []", "bracket forms 【】 〔〕 ［］ count as []"),
    ("引号“”‘’「」『』", "quotation marks"),
    ("列举之间的分隔符：、，,；;。：:·", "separators between listed points: 、，,；;。：:·"),
    ("英文字母大小写", "letter case"),
)

#: The bracket forms folded to ``《》`` and ``[]``, applied one ``str.replace`` each (a
#: ``str.translate`` with a table looks up every character in Python: 50 times slower
#: on a whole table's text).  No target is itself a source, so the order is free.
_BRACKETS: tuple[tuple[str, str], ...] = (
    ("〈", "《"),
    ("〉", "》"),
    ("<", "《"),
    (">", "》"),
    ("‹", "《"),
    ("›", "》"),
    ("⟨", "《"),
    ("⟩", "》"),
    ("【", "["),
    ("】", "]"),
    ("〔", "["),
    ("〕", "]"),
)
_DROP = re.compile(r"[\s“”‘’\"'「」『』、,，;；。.:：·•・]+")


#: Texts up to this length are cached by :func:`fold` and :func:`fold_title`; longer ones
#: are folded each time, so that the caches stay small in a long-running process.
_CACHED_CHARS = 200
#: Entries per cache (each holds a short text and its folded form: well under 1 MB).
_CACHE_SIZE = 4096


def fold(text: str) -> str:
    """``text`` with the differences listed in :data:`FOLDED` removed.

    >>> fold("《广东省实施〈中华人民共和国就业促进法〉办法》") == fold("《广东省实施<中华人民共和国就业促进法>办法》")
    True
    >>> fold("申请条件、申请材料") == fold("申请条件 申请材料")
    True
    """
    if len(text) > _CACHED_CHARS:
        return _fold(text)
    return _cached_fold(text)


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    for form, standard in _BRACKETS:
        if form in folded:
            folded = folded.replace(form, standard)
    return _DROP.sub("", folded).lower()


def fold_each(texts: Iterable[str]) -> dict[str, str]:
    """Each distinct text of ``texts`` mapped to its :func:`fold`, folded once and not
    cached (a table's thousands of cells would crowd out :func:`fold`'s cache).

    >>> fold_each(["申请条件、申请材料", "申请条件、申请材料"])
    {'申请条件、申请材料': '申请条件申请材料'}
    """
    return {text: _fold(text) for text in dict.fromkeys(texts)}


_cached_fold = functools.lru_cache(maxsize=_CACHE_SIZE)(_fold)


def fold_title(text: str) -> str:
    """A citation title folded for comparison: :func:`fold`, without outer 《》."""
    if len(text) > _CACHED_CHARS:
        return _fold_title(text)
    return _cached_fold_title(text)


def _fold_title(text: str) -> str:
    folded = fold(text)
    while folded.startswith("《") and folded.endswith("》"):
        folded = folded[1:-1]
    return folded


_cached_fold_title = functools.lru_cache(maxsize=_CACHE_SIZE)(_fold_title)


_NUMBERING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)+\.?|\d+[.、．)）]|[(（]\d+[)）]|[一二三四五六七八九十]+[、.．]"
    r"|[(（][一二三四五六七八九十]+[)）]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*"
)


def strip_numbering(name: str) -> str:
    """An item name without the outline number a table put in front of it.

    ``1.1主要文艺演出活动查询服务`` → ``主要文艺演出活动查询服务``; ``（二）招生管理`` →
    ``招生管理``.  A number that is part of the name stays: ``12345热线``.

    >>> strip_numbering("1. 公共服务"), strip_numbering("12345热线")
    ('公共服务', '12345热线')
    """
    stripped = _NUMBERING.sub("", name, count=1)
    return stripped if stripped.strip() else name
