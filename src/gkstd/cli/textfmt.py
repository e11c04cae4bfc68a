"""Terminal text helpers: display width of Chinese text, aligned tables, and text made safe
for a terminal (control characters from documents shown, not obeyed)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import click

__all__ = ["display_width", "pad", "printable", "say", "table"]

_CONTROLS = [
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    *range(0x202A, 0x202F),  # bidi embeddings and overrides ("Trojan source")
    *range(0x2066, 0x206A),  # bidi isolates
]
_VISIBLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROLS}


def printable(text: str) -> str:
    """``text`` with control characters (C0 but tab and newline, DEL, C1, bidi overrides)
    shown as escapes (``\\x1b``): a name in a catalog cannot move the cursor, clear the
    screen, retitle the window or reorder what the terminal shows."""
    return text.translate(_VISIBLE)


def say(message: Any = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of text for people: :func:`printable` first.  Data written to
    standard output (YAML, JSON, CSV) goes through ``click.echo`` unchanged."""
    click.echo(printable(str(message)), err=err, nl=nl)


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
