"""What a text cell of an imported table gives: the element's value and the cell's
wording kept beside it (``extra``) when the value does not carry all of it.

A table repeats its cells: the same subject, channels, basis and time limit on row after
row.  Each distinct cell is therefore read once per table (:class:`TextCells`); the
readers are pure functions of the column's role, the column's label and the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

import attrs

from gkstd.model.elements import Mark
from gkstd.model.enums import Category
from gkstd.tables import cells as C
from gkstd.timing.limits import parse as parse_limit

__all__ = ["CellReading", "TextCells", "read_text_cell", "signature", "strip_ranks"]


def signature(text: str) -> Counter[str]:
    """The letters and digits of ``text`` (NFKC, without tick marks), counted: what a
    value must account for before the cell's own wording can be dropped."""
    folded = unicodedata.normalize("NFKC", C._MARKER.sub("", text))
    return Counter(ch for ch in folded if ch.isalnum())


def strip_ranks(text: str) -> str:
    """``text`` without the rank marks of its citations (【法律】, [行政法规]): the parsed
    basis keeps the rank as data, not as text."""

    def keep(match: re.Match[str]) -> str:
        rank, _ = C._rank(match.group(0))
        return "" if rank is not None else match.group(0)

    return re.sub(r"[【\[][^】\]]{2,12}[】\]]", keep, text)


@attrs.frozen
class CellReading:
    """What one text cell gives: element values and ``extra`` entries, each in the order
    they are set (a later entry of the same key replaces an earlier one)."""

    values: tuple[tuple[str, Any], ...] = ()
    extra: tuple[tuple[str, str], ...] = ()


def read_text_cell(role: str, label: str, text: str) -> CellReading:
    """Read ``text`` of a column with ``role`` (content, basis, time limit, subject,
    channels, category, notes) and header ``label``."""
    extra: list[tuple[str, str]] = []

    def keep_original(text: str, written: str) -> None:
        if signature(text) - signature(written):
            extra.append((f"{label}（原文）", text))

    if role == "content":
        entries = C.split_list(text)
        keep_original(text, C.format_list(entries))
        return CellReading((("content", tuple(entries)),), tuple(extra))
    if role == "basis":
        citations = C.parse_citations(text)
        if 0 < len(C.top_level_titles(text)) < len(citations):
            extra.append((f"{label}（原文）", text))  # text outside 《》 split off: review
        keep_original(strip_ranks(text), strip_ranks(C.format_citations(citations)))
        return CellReading((("basis", tuple(citations)),), tuple(extra))
    if role == "time_limit":
        limit = parse_limit(text)
        if signature(text) - signature(limit.display()):
            limit = attrs.evolve(limit, text=text)  # keep the wording the parse folded
        return CellReading((("time_limit", limit),))
    if role == "subject":
        return CellReading((("subject", text),))
    if role == "channels":
        note = C.split_note(text)[1]
        if note is not None:
            extra.append((f"{label}（注）", note))  # a note in the cell is not a channel
        return CellReading((("channels", tuple(C.parse_channels(text))),), tuple(extra))
    if role == "category":
        try:
            return CellReading((("category", Category.parse(text)),))
        except ValueError:
            return CellReading((), ((label, text),))
    if role == "notes":  # 不适用：理由 marks the item (see cells.read_notes)
        reason, notes = C.read_notes(text)
        if reason is None:
            return CellReading((("notes", text),))
        return CellReading((("not_applicable", Mark(reason)), ("notes", notes)))
    return CellReading()


class TextCells:
    """:func:`read_text_cell`, each distinct cell of one table read once."""

    def __init__(self) -> None:
        self._read: dict[tuple[str, str, str], CellReading] = {}

    def read(self, role: str, label: str, text: str) -> CellReading:
        """The reading of ``text`` in a column with ``role`` and ``label``."""
        key = (role, label, text)
        reading = self._read.get(key)
        if reading is None:
            reading = self._read[key] = read_text_cell(role, label, text)
        return reading
