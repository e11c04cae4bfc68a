"""Terminal text helpers: display width of Chinese text and aligned tables."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["display_width", "pad", "table"]


def display_width(text: str) -> int:
    """Terminal columns ``text`` occupies: wide and full-width characters take two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned table (the last column is not padded)."""
    widths = [display_width(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    lines = []
    for row in [list(header), ["-" * w for w in widths], *[list(r) for r in rows]]:
        cells = [pad(c, widths[i]) if i < len(row) - 1 else c for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
