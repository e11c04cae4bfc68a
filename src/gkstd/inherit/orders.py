"""Refinement orders: when does a child's element refine its parent's?

Each element type has an :class:`ElementOrder`: ``compare`` lists the violations of
"only add" (原则上只增不减) between a parent value and a child value, and ``merge`` combines
them when a tailoring (``extends``) states the element.  The core orders are:

* ``content``, ``basis``, ``channels``, ``levels``: may only gain entries;
* ``time_limit``: may only get stricter (see :func:`compare_time_limits`);
* ``method``: 依申请 → 主动 is allowed, 主动 → 依申请 is a removal;
* ``audience``: 特定对象 → 全社会 is a warning, 全社会 → 特定对象 an error;
* ``name``, ``subject``, ``category``, ``notes``: free (renamed locally).

Packs add orders for their own element types (``extra:<column>``) or replace a core
order for their domain through the ``gkstd_register_element_orders`` hook.

Long module: the core orders share one vocabulary (entry keys, generic and optional
points, editions, channel kinds, time-limit spans), and each rule of "what counts as kept"
(docs/inheritance.md) sits next to the order that applies it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from rapidfuzz import fuzz

from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.messages import Args
from gkstd.diagnostics.rule import Rule
from gkstd.inherit.rules import (
    AUDIENCE_NARROWED,
    AUDIENCE_WIDENED,
    LIMIT_INCOMPARABLE,
    LIMIT_LOOSER,
    LOST_BASIS,
    LOST_CHANNEL,
    LOST_CONTENT,
    LOST_LEVEL,
    METHOD_DOWNGRADED,
)
from gkstd.model import Audience, Channel, Citation, Level, Method, Period, TimeLimit, TimeLimitKind
from gkstd.model.enums import channel_kind
from gkstd.model.folding import fold, fold_title
from gkstd.rules.village import government_platform
from gkstd.timing.spans import limit_days, min_calendar_span, working_span

__all__ = [
    "CORE_ORDERS",
    "CompareContext",
    "ElementOrder",
    "Violation",
    "channel_key",
    "compare_time_limits",
    "display_value",
    "entry_key",
    "is_framing_point",
    "is_generic_point",
    "is_optional_point",
]


@attrs.frozen
class CompareContext:
    """What an order may need besides the two values: the child's level."""

    level: Level | None = None


@attrs.frozen
class Violation:
    """A child value that does not refine the parent value: a finding of ``rule`` that
    the inheritance check completes with the catalogs, the item and both values.

    ``variant`` names one of ``rule``'s messages and ``args`` are the values of the fields
    the order knows (``lost``: the entries lost); the check adds the fields every finding
    on an element has (see :mod:`gkstd.inherit.rules`) and emits it with
    :meth:`~gkstd.diagnostics.rule.Rule.emit`.  When the parent's element could not be
    verified, the variant's :func:`~gkstd.inherit.rules.unverified` message is used (the
    finding becomes a notice).

    A pack declares its rule's messages with :func:`gkstd.inherit.rules.element_messages`
    (the common frame and the unverified variants).  Its order may instead explain the
    violation in a text of its own, ``detail`` (Chinese and English): the check then puts
    it in a message of the common form (fields ``detail`` / ``detail_en``).
    """

    rule: Rule
    detail: Text | None = None
    variant: str = "default"
    args: Args = attrs.field(factory=Args, converter=Args)


Compare = Callable[[Any, Any, CompareContext], list[Violation]]
Merge = Callable[[Any, Any], Any]


@attrs.frozen
class ElementOrder:
    """The refinement order of one element type.

    ``element`` is an :class:`~gkstd.model.Item` attribute (``content`` …) or
    ``extra:<column>`` for a pack's extra column.  ``compare(parent, child, ctx)`` gets
    two present values; ``merge(parent, child)`` gives the value a tailoring resolves to.
    ``domain`` limits a pack's order to catalogs of that domain (set by the registry).
    ``samples`` are example values of the element type: the conformance kit
    (:mod:`gkstd.testing`) checks the order on them besides generated values.
    ``keeps_parent`` says that ``merge(parent, child)`` keeps every entry of ``parent``
    whatever ``child`` is (a union), so ``compare(parent, merge(parent, child))`` finds
    nothing: a tailoring's merged value is then not compared again (the conformance kit
    checks the claim on samples and generated values).
    """

    element: str
    title: Text
    compare: Compare = attrs.field(eq=False, repr=False)
    merge: Merge = attrs.field(eq=False, repr=False)
    domain: str | None = None
    samples: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)
    keeps_parent: bool = attrs.field(default=False, eq=False, repr=False)


def display_value(value: Any) -> str:
    """A short Chinese rendering of an element value for messages."""
    if value is None or value == ():
        return "（无）"
    if isinstance(value, tuple | list):
        return "、".join(display_value(v) for v in value)
    if isinstance(value, Citation | TimeLimit):
        return value.display()
    if isinstance(value, Audience | Method | Level | Channel):
        return value.label
    return str(value)


# -- list elements ------------------------------------------------------------------

_PRC = "中华人民共和国"


#: Entries shorter than this are cached by :func:`entry_key` (titles and points are short;
#: a long text is rare, cheap to fold again, and would make the cache large).
_CACHED_CHARS = 200


def entry_key(value: Any) -> str:
    """What makes two entries of a list element the same entry: a citation's title, an
    enumeration's code, or the text, each folded with :func:`gkstd.model.folding.fold`
    (a title also without outer 《》 and without a leading 中华人民共和国, so that
    《政府信息公开条例》 is 《中华人民共和国政府信息公开条例》; a text also with its
    conjunctions 与, 和 and 以及 as 及 and the domain it names as 本领域: :func:`_conjoined`).

    Short values are cached (a bounded LRU keyed by the value, so a long-running process
    keeps at most a few thousand small entries, not every document it has seen)."""
    text = value.title if isinstance(value, Citation) else value
    if isinstance(text, str) and len(text) > _CACHED_CHARS:
        return _entry_key(value)
    try:
        return _cached_entry_key(value)
    except TypeError:  # an unhashable value
        return _entry_key(value)


@functools.lru_cache(maxsize=4096)
def _cached_entry_key(value: Any) -> str:
    return _entry_key(value)


def _entry_key(value: Any) -> str:
    if isinstance(value, Citation):
        return fold_title(value.title).removeprefix(_PRC)
    if isinstance(value, Channel | Level):
        return value.code
    return _conjoined(fold(str(value)))


#: The conjunctions a copy swaps for one another in a content point (解读与回应 for
#: 解读及回应), each compared as 及 (``以及`` first: it holds ``及``).
_CONJUNCTIONS = (("以及", "及"), ("与", "及"), ("和", "及"))


def _conjoined(text: str) -> str:
    """A folded point with its conjunctions 与, 和 and 以及 written 及 (a text that has
    one has the other at the same place: nothing else is made equal), and the domain it
    names written 本领域 (:func:`_domain_free`, first: a domain's name may hold 与)."""
    text = _domain_free(text) if "领域" in text else text
    for form, standard in _CONJUNCTIONS:
        if form in text:
            text = text.replace(form, standard)
    return text


#: What stands before the domain a content point names: 涉及/及, 的, 有关/相关.
_BEFORE_DOMAIN = "及的关"
#: Most characters of a domain's name at the start of a point (安全生产, 公共法律服务); one
#: after 涉及/的/有关 may be as long as :data:`_LONGEST_DOMAIN` (巩固拓展脱贫攻坚成果与推进乡村振兴).
_SHORT_DOMAIN = 6
_LONGEST_DOMAIN = 20


def _domain_free(text: str) -> str:
    """``text`` with the domain it names as its scope written 本领域: 涉及扶贫领域的行政法规
    and 涉及乡村振兴领域的行政法规 (a county that publishes 扶贫 as 乡村振兴, the 2021 rename)
    are one point; a catalog's points are all of its own domain.  The domain is the 2–20
    Chinese characters before 领域 after 涉及/及/的/有关/相关 (涉及巩固拓展脱贫攻坚成果与推进
    乡村振兴领域, 文山市: the 2021 successor's full name), or 2–6 at the start."""
    out: list[str] = []
    done = 0
    while (end := text.find("领域", done)) >= 0:
        start = end
        while (
            start > done
            and end - start < _LONGEST_DOMAIN
            and text[start - 1] not in _BEFORE_DOMAIN
            and "\u4e00" <= text[start - 1] <= "\u9fa5"
        ):
            start -= 1
        after = start > 0 and text[start - 1] in _BEFORE_DOMAIN
        named = end - start >= 2 and (after or (start == 0 and end - start <= _SHORT_DOMAIN))
        out.append(text[done:start] + "本领域" if named else text[done : end + 2])
        done = end + 2
    out.append(text[done:])
    return "".join(out)


#: A content point or citation that names documents only by kind (与安全生产有关的法律、法规;
#: 各地配套政策法规文件; 安全生产领域有关的国家标准、行业标准、地方标准等).
_GENERIC = re.compile(
    r"(?:有关|相关|涉及|配套|各类|各项|各级|其他|各省|各地|各市|本省|本地|地方)[^，,；;。]{0,12}?"
    r"(?:法律|法规|规章|规范性文件|政策|文件|标准|规定|制度|规划|办法)"
    r"|(?:法律|法规|规章|规范性文件|文件|标准)[^，,；;。]{0,8}等$"
)
#: A concrete document: a 《》 title that names a kind of document, or a standard's number.
_CONCRETE = re.compile(
    r"[《<〈][^《》<>〈〉]{2,80}?(?:法|条例|规定|办法|细则|规则|意见|通知|决定|规划|标准|规范|"
    r"制度|方案|纲要|指南|指引|目录|准则|公告)[》>〉]|\bGB(?:/T)?\s?\d"
)


def is_optional_point(point: str) -> bool:
    """A point the template marks optional: 〔*对调查结果有异议的救济措施〕."""
    text = unicodedata.normalize("NFKC", point).strip()
    return bool(re.match(r"^[〔\[【(（]\s*\*", text))


def is_framing_point(point: str) -> bool:
    """A point that states the duty, not a piece of information: 在拟征收土地前，应明确征收
    土地有关事项并予以公开 (the points after it are the matters).  It is never lost."""
    text = unicodedata.normalize("NFKC", point).strip().rstrip("。:：")
    return bool(
        re.search(
            r"(?:有关|相关|以下|下列)事项[^，,；;]{0,6}公开$|公开(?:以下|下列|如下)(?:事项|内容|信息)?$",
            text,
        )
    )


def is_generic_point(value: Any) -> bool:
    """True for a point or citation that names documents only by kind, which a child
    refines by naming the concrete documents (see :func:`_lost`)."""
    text = value.title if isinstance(value, Citation) else str(value)
    if "解读" in text or "回应" in text:
        return False  # 有关重大政策的解读: the point is the interpretation, not the documents
    if isinstance(value, Citation) and _KIND_ONLY.match(fold(text)):
        return True  # 信息公开规定: a kind of document, not a document
    return bool(_GENERIC.search(text)) and not _CONCRETE.search(text)


#: A short citation that names only a kind of document: 信息公开规定, 相关法律法规.
_KIND_ONLY = re.compile(r"^[\u4e00-\u9fa5]{0,4}(?:规定|法规|法律法规|政策|文件|政策法规)$")


def _concrete(value: Any) -> bool:
    if isinstance(value, Citation):
        return bool(_CONCRETE.search(f"《{value.title}》"))
    return bool(_CONCRETE.search(str(value)))


def _parts(value: Any) -> list[str]:
    """The folded parts of a point written as a list (机构名称、开放时间), without a
    closing 等 (普法讲师团信息等 is 普法讲师团信息)."""
    text = value.title if isinstance(value, Citation) else str(value)
    parts = [_place_free(_conjoined(fold(p))) for p in re.split(r"[、，,；;/]", text)]
    return [re.sub(r"等+$", "", p) for p in parts if len(p) >= 2]


#: Words for "the area this government covers": the national 辖区 is a local catalog's
#: 县域, 镇域, 本县 … (辖区内法治文化阵地信息 = 县域内法治文化阵地信息).
_PLACE_WORDS = re.compile(
    r"辖区|县域|区域|镇域|乡域|市域|本地|当地|本县|本区|本镇|本乡|本市|全县|全区|全镇|全乡|全市"
)


def _place_free(text: str) -> str:
    return _PLACE_WORDS.sub("本地", text)


_ANGLES = str.maketrans({"<": "《", ">": "》", "〈": "《", "〉": "》"})


def _titles(text: str) -> set[str]:
    """The 《》 titles a text cites, folded, without a leading 中华人民共和国."""
    found = re.findall(r"《([^《》]+)》", unicodedata.normalize("NFKC", text).translate(_ANGLES))
    return {fold_title(t).removeprefix(_PRC) for t in found}


#: What differs between editions of one document: 第七个五年 / 第八个五年, “七五” / “八五”,
#: years, (试行), 修订 / 修正.
_EDITION = re.compile(
    r"第[一二三四五六七八九十\d]+个五年|[一二三四五六七八九十]五(?=普法|规划|时期)"
    r"|[(（]?\d{4}\s*[-—–~至到]\s*\d{4}\s*年?[)）]?|\d{4}年(?:版|度)?|[(（]?试行[)）]?|修订|修正"
)


def _edition_free(title: str) -> str:
    return _EDITION.sub("", fold_title(title).removeprefix(_PRC))


def _same_document(parent: Citation, child: Any) -> bool:
    """True when ``child`` cites another edition of ``parent``'s document (《…第八个五年规划
    （2021-2025年）》 for 《…第七个五年规划（2016-2020年）》): the titles agree to 90 % once
    edition numbers, years, 试行 and 修订 are set aside."""
    if not isinstance(child, Citation):
        return False
    a, b = _edition_free(parent.title), _edition_free(child.title)
    return bool(a) and (a == b or (min(len(a), len(b)) >= 8 and fuzz.ratio(a, b) >= 90))


def _unquoted(key: str, entry: Any) -> str:
    """A child citation's key without the titles it quotes (a notice that issues a
    document is not that document); other entries unchanged."""
    if isinstance(entry, Citation) and "《" in key:
        return re.sub(r"《[^《》]*》", "", key)
    return key


#: The document a notice issues: 印发《关于全面推进政务公开工作的意见》的通知 (folded keys).
_ISSUES = re.compile(r"(?:印发|转发|颁发|发布)《([^《》]+)》(?=的(?:通知|函|决定)|$)")


def _issues(parent_key: str, child_keys: Sequence[str]) -> bool:
    """True when a child cites the notice that issues the parent's document, by its
    title: 《中共中央办公厅 国务院办公厅印发〈关于全面推进政务公开工作的意见〉的通知》 cites
    《关于全面推进政务公开工作的意见》 (the usual way to cite a document issued by a notice;
    the notice's number, 中办发〔2016〕8号, is the document's).  Only the very document
    counts: the notice issuing 《…条例实施办法》 does not cite 《…条例》, nor does 印发《…意见》
    实施细则的通知 (it issues the rules for applying the 意见) cite the 意见."""
    plain = parent_key.replace("《", "").replace("》", "")
    return any(
        issued.removeprefix(_PRC) == plain
        for key in child_keys
        if "《" in key
        for issued in _ISSUES.findall(key)
    )


def _issued_by(parent_key: str, child_keys: Sequence[str]) -> bool:
    """True when a child cites the document that the parent's notice issues:
    《关于全面推进政务公开工作的意见》实施细则 for 《国务院办公厅印发〈…意见〉实施细则的通知》."""
    plain = parent_key.replace("《", "").replace("》", "")
    for key in child_keys:
        inner = key.replace("《", "").replace("》", "")
        if len(inner) >= 10 and inner != plain and inner in plain:
            return True
    return False


def _in_order(needle: str, haystack: str) -> bool:
    """True when every character of ``needle`` appears in ``haystack`` in order, within a
    span at most twice its length (信息公开规定 in 信息公开条例及相关规定)."""
    if len(needle) < 4:
        return False
    for start, char in enumerate(haystack):
        if char != needle[0]:
            continue
        position, end = 0, start
        for index in range(start, min(len(haystack), start + 2 * len(needle))):
            if haystack[index] == needle[position]:
                position += 1
                end = index
                if position == len(needle):
                    return end - start < 2 * len(needle)
    return False


def channel_key(value: Any) -> str:
    """What makes two channels the same channel: the template channel they stand for
    (:func:`gkstd.model.enums.channel_kind`: 铁力市政府网站 is 政府网站), else the folded text."""
    kind = channel_kind(value)
    return kind.code if kind is not None else entry_key(value)


def _lost_channels(parent: Sequence[Any], child: Sequence[Any]) -> list[Any]:
    """The parent's channels the child does not use.  The parent's 其他 (other, not
    named) is kept by any channel of the child's that the parent does not list."""
    keys = {channel_key(c) for c in child}
    parent_keys = {channel_key(p) for p in parent}
    lost = [p for p in parent if channel_key(p) not in keys]
    if Channel.OTHER in lost and keys - parent_keys:
        lost.remove(Channel.OTHER)
    return lost


def _compare_channels(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    """GK204: the parent's channels the child lost.  A village (村级) list need not keep
    the government's own platforms (政府网站, 政府公报): a 村（居）民委员会 has neither
    (:func:`gkstd.rules.village.government_platform`; GK701 checks its own channels)."""
    lost = _lost_channels(parent, child)
    if ctx.level is Level.VILLAGE:
        lost = [c for c in lost if not government_platform(c)]
    return _lost_entries(LOST_CHANNEL, lost)


def _lost(parent: Sequence[Any], child: Sequence[Any], contains: bool) -> list[Any]:
    """The parent entries the child does not have.

    Entries compare by :func:`entry_key`.  With ``contains`` (content, basis) a child
    entry that contains the parent's wording counts, as does a parent point written as a
    list whose parts all appear in the child's text (separators and splits differ between
    copies), a parent point citing documents whose 《》 titles all appear in the child, a
    parent citation whose title's characters all appear in order, closely, in the child's
    citations (信息公开规定 in 《信息公开条例》及相关规定), and a generic parent point
    (:func:`is_generic_point`) when the child adds concrete documents of its own.
    """
    keys = [entry_key(c) for c in child]
    joined: str | None = None  # the child's keys run together, when first needed
    lost = []
    refined_by: list[Any] | None = None
    cited: set[str] | None = None
    for entry in parent:
        key = entry_key(entry)
        if key in keys or (contains and any(key in _unquoted(k, entry) for k in keys)):
            continue
        if contains:
            parts = _parts(entry)
            if len(parts) > 1:
                if joined is None:
                    joined = _place_free("".join(keys))
                if all(part in joined for part in parts):
                    continue
            if len(parts) == 1 and any(parts[0] in _place_free(_unquoted(k, entry)) for k in keys):
                continue
            if isinstance(entry, str):
                titles = _titles(entry)
                if cited is None:
                    cited = set().union(*(_titles(str(c)) for c in child)) if child else set()
                if titles and titles <= cited:
                    continue  # the same documents, numbered or punctuated differently
            if isinstance(entry, Citation) and (
                _in_order(key, "".join(_unquoted(k, entry) for k in keys))
                or any(_same_document(entry, c) for c in child)
                or _issued_by(key, keys)
                or _issues(key, keys)
            ):
                continue
            if isinstance(entry, str) and (is_optional_point(entry) or is_framing_point(entry)):
                continue
            if is_generic_point(entry):
                if refined_by is None:
                    parent_keys = [entry_key(p) for p in parent]
                    refined_by = [
                        c
                        for c, k in zip(child, keys, strict=True)
                        if not any(pk and (pk in k or k in pk) for pk in parent_keys)
                        and _concrete(c)
                    ]
                if refined_by:
                    continue
        lost.append(entry)
    return lost


def _union(parent: tuple[Any, ...], child: tuple[Any, ...]) -> tuple[Any, ...]:
    """Parent entries (a child entry with the same key refines it in place), then new ones."""
    child_keys = [entry_key(c) for c in child]
    parent_keys = [entry_key(p) for p in parent]
    by_key = dict(zip(child_keys, child, strict=True))  # a repeated key: the last entry
    out = [by_key.pop(k, p) for k, p in zip(parent_keys, parent, strict=True)]
    seen = set(parent_keys)
    out.extend(c for k, c in zip(child_keys, child, strict=True) if k not in seen and k in by_key)
    return tuple(out)


def _lost_entries(rule: Rule, lost: Sequence[Any]) -> list[Violation]:
    """One violation of ``rule`` naming the ``lost`` entries (as displayed), or none."""
    if not lost:
        return []
    return [Violation(rule, args={"lost": [display_value(v) for v in lost]})]


def _gain_only(rule: Rule, contains: bool = False) -> Compare:
    def compare(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
        return _lost_entries(rule, _lost(parent, child, contains))

    return compare


def _compare_levels(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    floor = ctx.level.rank if ctx.level is not None else -1
    relevant = tuple(lv for lv in parent if lv.rank >= floor)
    return _lost_entries(LOST_LEVEL, _lost(relevant, child, contains=False))


def _merge_levels(parent: tuple[Level, ...], child: tuple[Level, ...]) -> tuple[Level, ...]:
    return tuple(sorted(set(parent) | set(child), key=lambda lv: lv.rank))


# -- scalar elements ----------------------------------------------------------------


def _child_wins(parent: Any, child: Any) -> Any:
    return child


def _free(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    return []


#: The longest a period lasts, in calendar days.
_PERIOD_DAYS = {
    Period.WEEK: 7,
    Period.MONTH: 31,
    Period.QUARTER: 92,
    Period.HALF_YEAR: 184,
    Period.YEAR: 366,
}


def _periodic_max_delay(limit: TimeLimit) -> int | None:
    """The most calendar days a periodic limit lets pass between information being formed
    and its publication: the whole period, plus the days allowed after it ends."""
    if limit.kind is not TimeLimitKind.PERIODIC or limit.period is None:
        return None
    if limit.month or limit.day:
        return None  # 每季度首月20日前: the date is fixed, the information's age is not
    after = 0
    if limit.days:
        after = working_span(limit.days)[1] if limit.workdays else limit.days
    return _PERIOD_DAYS[limit.period] + after


def _compare_periodic(parent: TimeLimit, child: TimeLimit) -> str:
    """Both periodic: a shorter period is stricter; within the same period, fewer days
    after its end are.  A parent with no stated date is refined by one with a date."""
    assert parent.period is not None
    assert child.period is not None
    p_rank, c_rank = _PERIOD_DAYS[parent.period], _PERIOD_DAYS[child.period]
    if c_rank != p_rank:
        return "ok" if c_rank < p_rank else "looser"
    p_dated, c_dated = bool(parent.days or parent.day), bool(child.days or child.day)
    if not p_dated:
        return "ok"
    if not c_dated or not (parent.days and child.days):
        return "unknown"
    if parent.workdays == child.workdays or not child.workdays:
        return "ok" if child.days <= parent.days else "looser"
    fewest, most = working_span(child.days)
    return "ok" if most <= parent.days else "looser" if fewest > parent.days else "unknown"


#: The longest 及时 may take: 20 working days from the information's making or change
#: (条例第二十六条); N calendar days never exceed N working days.
_TIMELY_WORKING_DAYS = 20


def compare_time_limits(parent: TimeLimit, child: TimeLimit) -> str:
    """``"ok"`` (child is as strict or stricter), ``"looser"`` or ``"unknown"``.

    Immediate refines every limit.  Working days compare with working days and calendar
    days with calendar days by number; a calendar-day child refines a working-day
    parent when it is not longer (N calendar days never exceed N working days); a
    working-day child refines a calendar-day parent only if even its longest span fits.
    Two periodic limits compare by period, then by the days after it ends.  A periodic
    child of a deadline parent (半年至少更新1次 for 20个工作日内) is looser when the wait it
    allows can exceed the parent's longest span, and as strict when even its longest
    wait fits the parent's shortest.  A child of a fixed number of days (working or
    calendar) refines a 及时 parent when it is within 20 (条例第二十六条: 及时 means within
    20 working days at most).  Other kinds are equal or unknown.
    """
    if child.kind is TimeLimitKind.IMMEDIATE:
        return "ok"
    if parent.kind is TimeLimitKind.IMMEDIATE:
        return "looser"
    if attrs.evolve(child, text=None) == attrs.evolve(parent, text=None):
        return "ok"
    if parent.kind is TimeLimitKind.PERIODIC and child.kind is TimeLimitKind.PERIODIC:
        if parent.period is not None and child.period is not None:
            return _compare_periodic(parent, child)
        return "unknown"
    wait = _periodic_max_delay(child)
    span = limit_days(parent)
    if wait is not None and span is not None:
        p_kind, p_days = span
        fewest, most = (
            (min_calendar_span(p_days), working_span(p_days)[1])
            if p_kind is TimeLimitKind.WORKING_DAYS
            else (p_days, p_days)
        )
        return "ok" if wait <= fewest else "looser" if wait > most else "unknown"
    p, c = limit_days(parent), limit_days(child)
    if parent.kind is TimeLimitKind.TIMELY and c is not None:
        # 及时 is at most 20 working days (条例第二十六条): a child within it is as strict
        return "ok" if c[1] <= _TIMELY_WORKING_DAYS else "unknown"
    if p is None or c is None:
        return "unknown"
    (p_kind, p_days), (c_kind, c_days) = p, c
    if p_kind is c_kind:
        return "ok" if c_days <= p_days else "looser"
    if p_kind is TimeLimitKind.WORKING_DAYS:  # child counts calendar days
        return "ok" if c_days <= p_days else "looser"
    fewest, most = working_span(c_days)  # child counts working days, parent calendar
    if most <= p_days:
        return "ok"
    return "looser" if fewest > p_days else "unknown"


def _compare_time_limits(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    verdict = compare_time_limits(parent, child)
    if verdict == "ok":
        return []
    return [Violation(LIMIT_LOOSER if verdict == "looser" else LIMIT_INCOMPARABLE)]


def _compare_method(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    if parent is Method.PROACTIVE and child is not Method.PROACTIVE:
        return [Violation(METHOD_DOWNGRADED)]
    if parent is Method.ON_REQUEST and child is Method.WITHHELD:
        return [Violation(METHOD_DOWNGRADED, variant="withheld")]
    return []


def _compare_audience(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    if parent is Audience.SPECIFIC and child is Audience.PUBLIC:
        return [Violation(AUDIENCE_WIDENED)]
    if parent is Audience.PUBLIC and child is Audience.SPECIFIC:
        return [Violation(AUDIENCE_NARROWED)]
    return []


def _order(
    element: str, zh: str, compare: Compare, merge: Merge = _child_wins, *, keeps: bool = False
) -> ElementOrder:
    return ElementOrder(element, Text(zh, element), compare, merge, keeps_parent=keeps)


#: The core orders, by element.
CORE_ORDERS: dict[str, ElementOrder] = {
    o.element: o
    for o in (
        _order("name", "事项名称（可改写，id 不变）", _free),
        _order(
            "content",
            "公开内容（只增）",
            _gain_only(LOST_CONTENT, contains=True),
            _union,
            keeps=True,  # every parent point is in the union by its key
        ),
        _order(
            "basis",
            "公开依据（只增）",
            _gain_only(LOST_BASIS, contains=True),
            _union,
            keeps=True,
        ),
        _order("time_limit", "公开时限（只能收紧）", _compare_time_limits),
        _order("subject", "公开主体（可改为本地主体）", _free),
        _order("method", "公开方式（依申请→主动）", _compare_method),
        _order(
            "channels",
            "公开渠道（只增）",
            _compare_channels,
            _union,
            keeps=True,  # one entry key, one channel kind (both read the folded text)
        ),
        _order("audience", "公开对象（不得缩小）", _compare_audience),
        _order("levels", "公开层级（只增）", _compare_levels, _merge_levels, keeps=True),
        _order("category", "五公开类别", _free),
    )
}
