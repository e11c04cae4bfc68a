"""Reading and writing the cells of a catalog table.

Each element has a reader (cell text → value) and a writer (value → cell text) such that
``read(write(v)) == v`` for the values a table can show.  Readers never guess: text they do
not understand is returned so that the importer keeps it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from itertools import chain

from gkstd.model.elements import Citation
from gkstd.model.enums import Channel, Rank, channel_kind, normalize_label
from gkstd.model.folding import strip_numbering

__all__ = [
    "MARK",
    "NOT_APPLICABLE",
    "format_channels",
    "format_citations",
    "format_list",
    "is_mark",
    "is_no_mark",
    "is_same_as_above",
    "normalize_cell",
    "notes_cell",
    "parse_channels",
    "parse_citations",
    "read_notes",
    "rows_as_text",
    "split_list",
    "split_note",
    "top_level_titles",
    "value_text",
]

#: The mark gkstd writes for a ticked option.
MARK = "√"
_MARKS = frozenset("√✓✔●☑■▪★") | {"是", "有", "Y", "YES", "yes", "TRUE"}
_NO_MARKS = frozenset({"×", "✗", "✘", "否", "无", "-", "—", "/", "／", "N", "NO", "no", "FALSE"})

_SELECTED = "■☑▣√✓✔▄█"  # ▄ and █ are ■ drawn by a fallback font in converted pages
_UNSELECTED = "□☐"
_BOXES = _SELECTED + _UNSELECTED


def is_mark(text: str) -> bool:
    """True when ``text`` is a tick: √, ●, ✓, 是 …"""
    return text.strip() in _MARKS


def is_no_mark(text: str) -> bool:
    """True for an explicit "no": ×, 否, 无, ``-`` or empty."""
    return not text.strip() or text.strip() in _NO_MARKS


def normalize_cell(text: str) -> str:
    """Cell text folded for comparison (full-width forms, white space)."""
    if len(text) <= _CACHED_CHARS:
        return _normalized(text)
    return normalize_label(text)


def is_same_as_above(text: str) -> bool:
    """True for 同上 (and 同上。, "同 上")."""
    if "同" not in text:
        return False  # no other character folds (NFKC) to one holding 同: see the tests
    return normalize_cell(text).rstrip("。.") == "同上"


#: Cells up to this length have their folded text cached (marks, names and short values
#: repeat from row to row; long texts are folded each time, not kept).
_CACHED_CHARS = 200


@functools.lru_cache(maxsize=16_384)
def _normalized(text: str) -> str:
    return normalize_label(text)


# ---------------------------------------------------------------------------- reader values


def value_text(value: object) -> str:
    """A cell value from the workbook reader as text: ``""`` for empty, a whole number
    without ``.0``, a date as ISO (without a midnight time), TRUE/FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        text: str = value.isoformat()
        return text.removesuffix("T00:00:00")
    return str(value)


_ONLY_TEXT = {str}


def rows_as_text(values: Sequence[Sequence[object]]) -> tuple[tuple[str, ...], ...]:
    """The reader's rows as text (:func:`value_text`); a sheet (or a row) of text cells
    only, the usual case, is taken as it is."""
    if set(map(type, chain.from_iterable(values))) <= _ONLY_TEXT:
        return tuple(map(tuple, values))  # type: ignore[arg-type]  # every cell is a str
    out: list[tuple[str, ...]] = []
    for row in values:
        if set(map(type, row)) <= _ONLY_TEXT:
            out.append(tuple(row))  # type: ignore[arg-type]  # every cell is a str
        else:
            out.append(tuple([v if type(v) is str else value_text(v) for v in row]))
    return tuple(out)


# ---------------------------------------------------------------------------- lists

_NUMBER = (
    r"(?:(?P<arabic>\d{1,2})\s*[.、．)）:：]"
    r"|[(（](?P<paren>\d{1,2})[)）]"
    r"|(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"
    r"|(?P<hanzi>[一二三四五六七八九十]{1,2})[、.．]"
    r"|[(（](?P<hanzi_paren>[一二三四五六七八九十]{1,2})[)）])"
)
_MARKER = re.compile(_NUMBER)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HANZI = "一二三四五六七八九十"


def _number(match: re.Match[str]) -> tuple[str, int]:
    for style in ("arabic", "paren"):
        if match.group(style):
            return style, int(match.group(style))
    if match.group("circled"):
        return "circled", _CIRCLED.index(match.group("circled")) + 1
    style = "hanzi" if match.group("hanzi") else "hanzi_paren"
    word = match.group(style)
    if word == "十":
        return style, 10
    if len(word) == 2:
        return style, 10 + _HANZI.index(word[1]) + 1 if word[0] == "十" else -1
    return style, _HANZI.index(word) + 1


def split_list(text: str) -> list[str]:
    """Split a numbered list (``1.…2.…``, ``①…②…``, ``(1)…(2)…``, ``一、…二、…``).

    A list is recognised only when its markers count up from 1 in one style, each at the
    start of the cell, a line or after a separator; otherwise the cell is one entry (so
    ``2.5万元`` stays whole).  Lines are separate entries too.  Empty entries are dropped.
    """
    text = text.strip()
    if not text:
        return []
    entries = _numbered(text)
    if entries is not None:
        return entries
    return [line.strip() for line in text.splitlines() if line.strip()]


def _numbered(text: str) -> list[str] | None:
    starts: list[tuple[int, int]] = []
    style: str | None = None
    expected = 1
    for match in _MARKER.finditer(text):
        kind, number = _number(match)
        if number != expected or (style is not None and kind != style):
            continue
        previous = text[match.start() - 1] if match.start() else "\n"
        delimited = kind in ("circled", "paren", "hanzi_paren")
        if not delimited and previous not in "\n；;。，,、 \t":
            continue
        if (
            expected == 1
            and match.start()
            and not text[: match.start()].rstrip(" \t\u3000").endswith("\n")
        ):
            continue  # a list starts the cell, or a line (after a heading line)
        style = kind
        starts.append((match.start(), match.end()))
        expected += 1
    if len(starts) < 2:
        return None
    entries: list[str] = []
    head = text[: starts[0][0]].strip()
    if head:
        entries.append(head)
    for index, (_, body_start) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        entry = text[body_start:end].strip().rstrip("；;，,").strip()
        if entry:
            entries.append(entry)
    return entries


def format_list(entries: Sequence[str]) -> str:
    """Cell text of a list: one entry as is, several numbered ``1.…`` on separate lines."""
    if len(entries) == 1:
        return entries[0]
    return "\n".join(f"{n}.{entry}" for n, entry in enumerate(entries, start=1))


# ---------------------------------------------------------------------------- channels

_OCR_BOX = "口"


def _channel(label: str) -> Channel | str:
    try:
        return Channel.parse(label)
    except ValueError:
        return label


_NOTE = re.compile(r"(?:^|(?<=[\s。；;■□]))(?:注|备注|说明)\s*[:：]|(?<=[^\s■□☑√])注\s*[:：]")


#: How a table's 备注 says an item does not apply at this level: ``不适用：理由`` on its
#: first line (``本级不适用`` too); the lines after it are the item's notes.
NOT_APPLICABLE = "不适用"
_NOT_APPLICABLE = re.compile(r"^\s*(?:本级)?不适用\s*(?:[：:，,；;。]\s*(.*))?$")


def read_notes(text: str) -> tuple[str | None, str | None]:
    """(the reason an item does not apply, its notes) of a 备注 cell: ``不适用：理由`` on
    the first line marks it (reason ``不适用`` when none is given); the rest are notes."""
    first, _, rest = text.partition("\n")
    match = _NOT_APPLICABLE.match(first)
    if match is None:
        return None, text
    reason = (match.group(1) or "").strip() or NOT_APPLICABLE
    return reason, rest.strip() or None


def notes_cell(reason: str | None, notes: str | None) -> str:
    """The 备注 cell of an item that does not apply (``reason``) and its ``notes``, read
    back by :func:`read_notes`."""
    if reason is None:
        return notes or ""
    head = NOT_APPLICABLE if reason == NOT_APPLICABLE else f"{NOT_APPLICABLE}：{reason}"
    return f"{head}\n{notes}" if notes else head


def split_note(text: str) -> tuple[str, str | None]:
    """``text`` without a note written inside the cell (``…■其他法律服务网注:有关公开信息可推送…``),
    and the note (``注:有关公开信息可推送…``), or ``None``."""
    match = _NOTE.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), text[match.start() :].strip()


def parse_channels(text: str) -> list[Channel | str]:
    """The channels of a cell: checkbox strings keep only the selected (■) entries.

    ``■政府网站 □政府公报`` gives ``[Channel.WEBSITE]``; ``口`` (OCR damage) before a known
    channel counts as □.  A cell without boxes is split on 、，；, line breaks and spaces,
    and on ``/`` between channels (not inside a template label such as 入户/现场).
    Text that is not a template channel is kept as a string.
    """
    text = split_note(unicodedata.normalize("NFC", text).strip())[0]
    if not text:
        return []
    text = _repair_ocr(text)
    if any(box in text for box in _BOXES):
        return _checkboxes(text)
    out: list[Channel | str] = []
    for token in re.split(r"[、，,；;\n\s]+", text):
        token = strip_numbering(token.strip().strip("。"))
        if token:
            for value in _slashed(token):
                if value not in out:
                    out.append(value)
    return out


def _slashed(token: str) -> list[Channel | str]:
    """The channel ``token`` names, or, when it is no template channel (入户/现场 and
    发布会/听证会 are) but several joined by ``/`` (政府网站/被征收范围内公告栏), each of
    them; not when a piece names no channel while the whole does (社区/村公示栏: the
    公示栏 of the 社区 and the 村, as the template's 社区/企事业单位/村公示栏)."""
    value = _channel(token)
    if isinstance(value, Channel) or "/" not in token or _URL.search(token):
        return [value]  # (a web address's slashes join, not part: 县政府网站http://…/)
    pieces = [_channel(piece.strip()) for piece in token.split("/") if piece.strip()]
    if channel_kind(token) is not None and any(_a_place_only(p) for p in pieces):
        return [value]  # 社区/村公示栏: one 公示栏 (社区 alone is no channel)
    return pieces


#: How a channel's name ends when it is a place or a means of publishing (便民服务中心,
#: 公示栏, 公众号, 电子屏): a piece of a ``/`` list ending otherwise (社区, 村, 企事业单位) is
#: where the channel stands, not a channel.
_MEANS = re.compile(r"(?:中心|站|厅|栏|屏|网|点|室|号|端|群|台|报|刊|会|场|所|窗口|热线|平台|箱)$")


def _a_place_only(piece: Channel | str) -> bool:
    """Whether ``piece`` of a ``/`` list names where a channel stands (社区), not one."""
    return isinstance(piece, str) and channel_kind(piece) is None and not _MEANS.search(piece)


#: A web address in a channel cell (its ``/`` are no separators).
_URL = re.compile(r"(?i)https?://|www\.")


def _repair_ocr(text: str) -> str:
    """口 in front of a template channel label is an OCR'd □."""
    if _OCR_BOX not in text:
        return text
    labels = sorted((s for s in Channel.spellings() if not s.isascii()), key=len, reverse=True)
    out = []
    i = 0
    while i < len(text):
        if text[i] == _OCR_BOX:
            rest = normalize_label(text[i + 1 : i + 30])
            if any(rest.startswith(label) for label in labels):
                out.append("□")
                i += 1
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _checkboxes(text: str) -> list[Channel | str]:
    out: list[Channel | str] = []
    parts = re.split(f"([{_BOXES}])", text)
    leading = parts[0].strip()
    if leading:
        for token in re.split(r"[、，,；;\s]+", leading):
            if token.strip():
                out.append(_channel(token.strip()))
    for index in range(1, len(parts), 2):
        box, label = parts[index], parts[index + 1].strip().strip("、，,；;")
        if box in _SELECTED and label:
            value = _channel(label)
            if value not in out:
                out.append(value)
    return out


def format_channels(channels: Sequence[Channel | str], *, checkboxes: bool = True) -> str:
    """Cell text: the template list with ■ for chosen channels and □ for the rest, then
    ■ and each free-text channel; ``checkboxes=False`` lists only the chosen ones (、)."""
    if not checkboxes:
        return "、".join(c.label if isinstance(c, Channel) else c for c in channels)
    chosen = set(channels)
    boxes = [("■" if ch in chosen else "□") + ch.label for ch in Channel]
    boxes += ["■" + c for c in channels if not isinstance(c, Channel)]
    return " ".join(boxes)


# ---------------------------------------------------------------------------- citations

_RANK_PREFIX = re.compile(r"^[【\[](?P<rank>[^】\]]{2,12})[】\]]\s*")
#: A document number: 国务院令第711号, 国令第711号, 建村〔2017〕192号, 朝人社发[2022]25号.
_DOC_NO = (
    r"(?:[\u4e00-\u9fa5]{0,10}令第\s*\d+\s*号?"
    r"|[\u4e00-\u9fa5]{1,12}\s*[〔\[(（【]\s*\d{4}\s*[〕\])）】]\s*(?:第\s*)?\d+\s*号)"
)
_AFTER = re.compile(
    rf"\s*(?:[(（](?P<doc_no>[^()（）]*)[)）]|(?P<bare_no>{_DOC_NO}))?"
    r"(?P<article>(?:第[^《》、，,；;。\n]*?[条款项章节])+(?:[^《》、，,；;。\n]*?[条款项])?)?"
)
#: Text between or after titles that is not a citation: list numbers and separators.
_FILLER = re.compile(r"^[\s\d.、，,;；:：。)）(（①-⑳]*$")
#: A tail that only says "and others" (等, 等有关规定 …): part of the list, not a citation.
#: (等法律法规和文件规定, 阳泉市郊区: kinds joined by 和/及/与/、 too).
_ETC = re.compile(
    r"^(?:等|等等)(?:[有相]关)?(?:(?:法律|法规|规章|规定|文件|政策|制度)[和及与、]?)*(?:等)?$"
)
#: Document-type endings, to split a list of titles written without 《》.
_DOC_END = r"(?:法|条例|规定|办法|细则|规则|意见|通知|决定|规划|方案|标准|规范|纲要|指引|指南)"


def top_level_titles(text: str) -> list[tuple[int, int, str]]:
    """(start, end, title) of each top-level 《…》, nested 《》 kept inside the title."""
    out: list[tuple[int, int, str]] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "《":
            if depth == 0:
                start = index
            depth += 1
        elif char == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, index + 1, text[start + 1 : index]))
    return out


def _rank(text: str) -> tuple[Rank | None, str]:
    match = _RANK_PREFIX.match(text)
    if not match:
        return None, text
    try:
        return Rank.parse(match.group("rank")), text[match.end() :]
    except ValueError:
        return None, text


def parse_citations(text: str) -> list[Citation]:
    """The citations of a 公开依据 cell.

    ``【行政法规】《城镇燃气管理条例》（国务院令第583号）第十五条`` gives one citation with
    rank, document number and article; several 《》 titles give several citations; a
    document number written after a title without brackets (``《…通知》朝人社发〔2022〕25号``)
    is that title's number.  List numbers (``1.``), a closing ``等`` and the quoted text
    of a cited article are not citations.  Text outside 《》 (e.g. ``相关法律法规``)
    becomes a citation with that text as its title; several document titles written
    without 《》 and separated by 、 or spaces become several citations.
    """
    out: list[Citation] = []
    for entry in split_list(text):
        for segment in re.split(r"[；;\n]+", entry):
            out.extend(_segment_citations(segment.strip()))
    return out


def _loose_titles(text: str) -> list[str]:
    """Titles written without 《》: split on 、，and spaces only when every piece ends
    like a document (…通知、…意见), else the text is one title."""
    pieces = [p.strip("、，,。 ") for p in re.split(r"[、，,\s]+", text) if p.strip("、，,。 ")]
    if len(pieces) > 1 and all(re.search(_DOC_END + r"$", p) for p in pieces):
        return pieces
    return [text.strip("、，,。 ")]


#: A notice whose title quotes another document without outer 《》:
#: 国务院办公厅印发《关于全面推进政务公开工作的意见》实施细则的通知.
_WRAPPED = re.compile(
    r"(?<![《\u4e00-\u9fa5])(?P<head>[\u4e00-\u9fa5 ]{2,40}(?:印发|转发|发布|颁布))《(?P<inner>[^《》]+)》"
    r"(?P<tail>[^、，,；;《》()（）]{0,20}?(?:的通知|的意见|的决定|的批复|的函))"
)


def _wrap_titles(text: str) -> str:
    """Put outer 《》 around a notice that quotes a document without them."""
    return _WRAPPED.sub(lambda m: f"《{m['head']}《{m['inner']}》{m['tail']}》", text)


def _segment_citations(segment: str) -> list[Citation]:
    rank, rest = _rank(segment)
    if not rest or _FILLER.match(rest):
        return []
    if "《" in rest:
        rest = _wrap_titles(rest)
    titles = top_level_titles(rest)
    if not titles:
        return [Citation(title, rank=rank) for title in _loose_titles(rest) if title]
    out: list[Citation] = []
    cursor = 0
    for start, end, title in titles:
        if start < cursor:
            continue
        gap = rest[cursor:start].strip("、，,。及和与 ")
        if gap and not _FILLER.match(gap) and not _ETC.match(gap):
            out.extend(Citation(t) for t in _loose_titles(gap))
        after = _AFTER.match(rest, end)
        assert after is not None  # every group is optional
        doc_no = (after.group("doc_no") or after.group("bare_no") or "").strip() or None
        out.append(
            Citation(
                title.strip(),
                doc_no=doc_no,
                article=(after.group("article") or "").strip() or None,
                rank=rank,
            )
        )
        cursor = after.end()
    tail = rest[cursor:].strip("、，,。 ")
    quoted_article = bool(out and out[-1].article)
    if tail and not _FILLER.match(tail) and not _ETC.match(tail) and not quoted_article:
        if re.match(r"^[及和与]?其(?=实施细则|实施办法|实施条例|配套)", tail) and out:
            out.append(Citation(out[-1].title + tail.lstrip("及和与").removeprefix("其")))
        else:
            out.append(Citation(tail[1:] if tail[0] in "及和与" else tail))  # 及相关规定
    return out


def format_citations(citations: Sequence[Citation]) -> str:
    """Cell text: one citation per line, ``【rank】《title》（doc_no）article``."""
    lines = []
    for citation in citations:
        prefix = f"【{citation.rank.label}】" if citation.rank else ""
        lines.append(prefix + citation.display())
    return "\n".join(lines)
