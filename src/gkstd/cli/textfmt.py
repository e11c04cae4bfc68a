"""Terminal text helpers: display width of Chinese text, aligned tables, and text made safe
for a terminal (control characters from documents shown, not obeyed)."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

import click

__all__ = [
    "display_width",
    "markdown_text",
    "pad",
    "printable",
    "say",
    "stderr_is_terminal",
    "stdout_is_terminal",
    "table",
]

#: Code points a terminal obeys rather than shows (tab and newline excepted).
TERMINAL_CONTROLS: tuple[int, ...] = (
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    *range(0x202A, 0x202F),  # bidi embeddings and overrides ("Trojan source")
    *range(0x2066, 0x206A),  # bidi isolates
)
_VISIBLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in TERMINAL_CONTROLS}


def printable(text: str) -> str:
    """``text`` with control characters (C0 but tab and newline, DEL, C1, bidi overrides)
    shown as escapes (``\\x1b``): a name in a catalog cannot move the cursor, clear the
    screen, retitle the window or reorder what the terminal shows."""
    shown = text.translate(_VISIBLE)
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (lone surrogates)
        from gkstd.io.files import readable_name

        shown = readable_name(shown)
    return shown


def one_line(text: str) -> str:
    """:func:`printable`, and line breaks shown as ``\\n``/``\\r`` too: for a file name in
    a table row or before a finding, where a name with a line break would break the
    layout (a message keeps its own line breaks)."""
    return printable(text).replace("\r", "\\r").replace("\n", "\\n")


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


#: The widest a padded column of :func:`table` gets (display columns): one long cell (a
#: 32,000-character name) padded every line of its table to its width (300 MB of output).
MOST_COLUMN = 60


def clipped(text: str, width: int = MOST_COLUMN) -> str:
    """``text`` cut to ``width`` display columns, in the middle (the start and the end of
    a name or a path say most): ``很长的名称…名称的结尾``."""
    if display_width(text) <= width:
        return text
    half = (width - 1) // 2
    head, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > half:
            break
        head.append(ch)
    tail, used = [], 0
    for ch in reversed(text):
        used += display_width(ch)
        if used > half:
            break
        tail.append(ch)
    return "".join(head) + "…" + "".join(reversed(tail))


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned table (the last column is not padded; the others at most
    :data:`MOST_COLUMN` wide, a longer cell cut in the middle)."""
    last = len(header) - 1
    rows = [[c if i >= last else clipped(c) for i, c in enumerate(r)] for r in rows]
    widths = [display_width(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    lines = []
    for row in [list(header), ["-" * w for w in widths], *[list(r) for r in rows]]:
        cells = [pad(c, widths[i]) if i < len(row) - 1 else c for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_CODE = re.compile(r"`([^`]+)`")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _inline(text: str) -> str:
    text = re.sub(r"<a id=\"[^\"]*\"></a>", "", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _EMPHASIS.sub(r"\2", text)
    return _CODE.sub(r"\1", text)


def _cells(line: str) -> list[str]:
    return [_inline(c.strip()) for c in line.strip().strip("|").split("|")]


def markdown_text(markdown: str) -> str:
    """Markdown as plain terminal text: headings as titles (underlined by level), tables
    as aligned :func:`table` text, code blocks indented by four spaces, links as their
    text, emphasis and inline-code marks dropped, quotes indented."""
    out: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = line.lstrip()
        if fence.startswith(("```", "~~~")):
            mark = fence[:3]
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith(mark):
                out.append(("    " + lines[i]).rstrip())
                i += 1
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            title = _inline(heading.group(2))
            out.append(title)
            out.append(("=" if len(heading.group(1)) <= 2 else "-") * display_width(title))
            i += 1
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
            header = _cells(line)
            rows = []
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                row = _cells(lines[i])
                rows.append((row + [""] * len(header))[: len(header)])
                i += 1
            out.extend(table(header, rows).splitlines())
            continue
        if line.startswith(">"):
            out.append("  " + _inline(line[1:].lstrip()))
        else:
            out.append(_inline(line))
        i += 1
    return "\n".join(out)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (not a file, a pipe or a test runner)."""
    return _is_terminal(sys.stdout)


def stderr_is_terminal() -> bool:
    """Whether standard error is a terminal (where a progress bar belongs)."""
    return _is_terminal(sys.stderr)
