"""公开时限 wording ⇄ structured :class:`~gkstd.model.TimeLimit`.

:func:`parse` reads the free Chinese wording of published catalogs::

    >>> parse("自信息形成或者变更之日起20个工作日内").days
    20
    >>> parse("每季度首月20日前").period.label
    '每季度'

and :func:`format_limit` (also exported as ``format``) writes the canonical wording, so
that ``parse(format_limit(x)) == x``.  Parsing never guesses: wording that is not fully
understood comes back as kind ``text`` with the original words, and the rule GK305 reports
it.  Every parsed value keeps the original wording in ``text`` unless it already is the
canonical wording.  See ``docs/timelimits.md`` for the grammar.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

import attrs

from gkstd.diagnostics.arguments import expect, refused
from gkstd.diagnostics.limits import get as get_limit
from gkstd.model import Period, Relation, TimeLimit, TimeLimitKind, Trigger
from gkstd.model.elements import valid_day
from gkstd.model.wording import format_limit as _format_limit

__all__ = [
    "ParseCoverage",
    "format",
    "format_limit",
    "parse",
    "parse_coverage",
    "resolve_same_as_above",
]

_K = TimeLimitKind


def format_limit(limit: TimeLimit) -> str:
    """The canonical Chinese wording of ``limit`` (``parse(format_limit(x)) == x``; see
    :func:`gkstd.model.wording.format_limit`).  Wording given instead of a
    :class:`~gkstd.model.TimeLimit` is refused: parse it first."""
    expect(
        limit,
        TimeLimit,
        "gkstd.timing.limits.format_limit(limit)",
        ("时限 TimeLimit", "a TimeLimit"),
        ("时限文字请先用 parse() 解析", "parse wording with parse() first"),
    )
    return _format_limit(limit)


format = format_limit


# --------------------------------------------------------------------------- parse

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUM = r"(?:\d+|[零〇一二两三四五六七八九十百]+)"
#: A number that does not start inside a longer one.  Where the search for a number may
#: start anywhere (``_AMOUNT``), the look-behinds keep the regex linear: without them a
#: long run of digits is retried from each of its digits (quadratic time).
_NUM_START = r"(?:(?<!\d)\d+|(?<![零〇一二两三四五六七八九十百])[零〇一二两三四五六七八九十百]+)"


#: A number written in Chinese as a time limit writes it: 七, 十五, 二十, 三十五, 一百,
#: 一百二十, 一百零五 (and 两 for 二).
_CN_NUMBER = re.compile(
    r"^(?:[一二两三四五六七八九]?百(?:零[一二三四五六七八九]|[一二两三四五六七八九]?十[一二三四五六七八九]?)?"
    r"|[一二两三四五六七八九]?十[一二三四五六七八九]?|[零〇一二两三四五六七八九])$"
)


def _number(text: str) -> int | None:
    """``20`` / ``二十`` / ``两`` → int; ``None`` when not a number, or when it has more
    digits than the ``max_digits`` limit (no time limit needs them)."""
    if len(text) > get_limit("max_digits"):
        return None
    if text.isdecimal():  # (int() takes every decimal digit; ² is a digit, no decimal)
        return int(text)
    if not _CN_NUMBER.match(text):  # 一二三, 十十, 百百: no number, nothing guessed
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    value = total + current
    return value or None


def _anchor_key(text: str) -> str:
    for noise in ("公开事项", "政府", "信息", "该", "之", "(", ")", "、", ",", "的"):
        text = text.replace(noise, "")
    return text.replace("或者", "或")


@functools.cache
def _trigger_keys() -> dict[str, Trigger]:
    table: dict[str, Trigger] = {}
    for member in Trigger:
        for spelling in (member.label, *Trigger._variants.get(member.code, ())):
            key = _anchor_key(unicodedata.normalize("NFKC", spelling))
            table.setdefault(key, member)
    return table


def _anchor_fields(anchor: str, *, need_trigger: bool = False) -> dict[str, object] | None:
    """``trigger`` for a standard event, else ``event`` verbatim (None when unusable)."""
    anchor = anchor.removeprefix("该")
    if not anchor or re.search(r"\d|[;:|]|其中|应(?:当)?(?:自|在|于|从)", anchor):
        return None
    trigger = _trigger_keys().get(_anchor_key(anchor))
    if trigger is not None:
        return {"trigger": trigger}
    if need_trigger:
        return None
    return {"event": anchor}


_FILLER = r"(?:予以|及时|并|应当|应)?(?:公开|公示|公布|发布|更新|向社会公布|向社会公开)?"
_LAW = re.compile(
    r"\(?(?:法律、?法规|相关政策法规|法律法规|有关法律法规)(?:对[^;,。()]*?)?另有规定的?,?"
    r"(?:应|则)?(?:从其规定|除外)\)?"
)
_UNIT = r"(?P<unit>个?工作日|个?自然日|日|天|个月|周|个?星期)"
_AMOUNT = re.compile(rf"^(?P<pre>.*?)(?P<num>{_NUM_START}){_UNIT}(?P<post>.*)$")
_AT_LEAST_PRE = re.compile(r"^(?P<act>.*?)(?:不得少于|不少于|不低于|至少)$")
_POSTING_PRE = re.compile(r"^(?P<act>[^\d]*公示期?)$")
_WITHIN_POST = re.compile(rf"^(?:内|以内|之内)?{_FILLER}$")
_BEFORE_POST = re.compile(rf"^(?:前|以前|之前){_FILLER}$")
_ANCHOR_PRE = re.compile(r"^(?:自|从|在|于)?(?P<a>.+?)(?:之日起|之日后|之日|之后|以后|起|后)$")
_BARE_PRE = re.compile(r"^(?:自|从)?(?P<a>.+)$")
_FIXED = re.compile(rf"^每年(?:度)?(?P<m>{_NUM})月(?P<d>{_NUM})日(?:前|之前|以前){_FILLER}$")
_PERIODIC = re.compile(
    r"^(?P<every>每)?(?P<p>年度?|半年|季度|月度?|周)"
    rf"(?P<m>首月|第(?:{_NUM})个月)?(?:(?P<d>{_NUM})日(?:前|之前|以前))?"
    r"(?P<once>(?:至少)?(?:更新|公开|发布)(?:一|1)次)?"
    rf"{_FILLER}$"
)
_AFTER_PERIOD = re.compile(
    rf"^(?:每)?(?P<p>年度?|半年|季度|月度?|周)(?:结束|终了|期满)(?:之日)?(?:后|起)"
    rf"(?P<num>{_NUM})(?P<unit>个?工作日|个?自然日|日|天)(?:内|以内|之内){_FILLER}$"
)
_PERIODS = {
    "年": Period.YEAR,
    "年度": Period.YEAR,
    "半年": Period.HALF_YEAR,
    "季度": Period.QUARTER,
    "月": Period.MONTH,
    "月度": Period.MONTH,
    "周": Period.WEEK,
}
_SCOPE_COLON = re.compile(r"^(?P<scope>[^:\d]{1,40}):(?P<rest>.+)$")
_SCOPE_SHALL = re.compile(
    r"^(?:其中)?(?P<scope>[^:\d]{1,40}?)应(?:当)?(?P<rest>(?:自|在|于|从).+)$"
)
_PLACE = re.compile(r"^在(?P<place>[^\d:]{1,30}?)(?:公开|公示|张贴)$")
#: A list number before a part (1. 2、 (3)), never the integer part of an amount (20.5).
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:[.](?!\d)|[、)])|\(\d{1,2}\))")


def parse(text: str) -> TimeLimit:
    """Parse 公开时限 wording into a :class:`TimeLimit`.

    Accepts full-width and half-width digits, Chinese numerals (二十个工作日), white space
    anywhere, and the clause 法律、法规另有规定的从其规定.  Wording that is not fully
    understood returns ``TimeLimit(kind=text, text=<original>)``: nothing is guessed.
    Raises :class:`~gkstd.diagnostics.arguments.ArgumentError` (a ``ValueError``) for
    empty text or a value that is not text.
    """
    expect(text, str, "gkstd.timing.limits.parse(text)", ("时限文字", "time-limit wording"))
    original = text.strip()
    if not original:
        raise refused(  # an ArgumentError: a ValueError too
            text,
            "gkstd.timing.limits.parse(text)",
            ("非空的时限文字", "wording that is not blank"),
            ("公开时限为空 (empty time limit)：请写出时限", "the time limit is empty: write one"),
        )
    unparsed = TimeLimit(_K.TEXT, text=original)
    folded = re.sub(r"[①-⑳]", ";", original)
    folded = "".join(unicodedata.normalize("NFKC", folded).split())
    folded, law = _LAW.subn("", folded)
    parts: list[TimeLimit] = []
    for segment in re.split(r"[;|。]", folded):
        segment = _NUMBERING.sub("", segment).strip(",、")
        if not segment:
            continue
        got = _segment(segment)
        if got is None:
            return unparsed
        parts.extend(got)
    if not parts:
        return unparsed
    result = parts[0] if len(parts) == 1 else TimeLimit(_K.COMPOUND, parts=tuple(parts))
    if result.kind is _K.COMPOUND and any(p.kind is _K.SAME_AS_ABOVE for p in parts):
        return unparsed
    if law:
        result = attrs.evolve(result, law_exception=True)
    canonical = _format_limit(result)
    return result if canonical == original else attrs.evolve(result, text=original)


def _segment(segment: str) -> list[TimeLimit] | None:
    whole = _part(segment)
    if whole is not None:
        return [whole]
    out: list[TimeLimit] = []
    for piece in segment.split(","):
        piece = piece.strip("、")
        if not piece:
            continue
        place = _PLACE.match(piece)
        if place and out and out[-1].place is None:
            out[-1] = attrs.evolve(out[-1], place=place["place"])
            continue
        part = _part(piece)
        if part is None:
            return None
        out.append(part)
    return out or None


def _part(text: str) -> TimeLimit | None:
    core = _core(text)
    if core is not None:
        return core
    for pattern in (_SCOPE_COLON, _SCOPE_SHALL):
        match = pattern.match(text)
        if match:
            inner = _core(match["rest"])
            if inner is None and "," in match["rest"]:
                pieces = _segment(match["rest"])
                inner = pieces[0] if pieces and len(pieces) == 1 else None
            if inner is not None and inner.kind is not _K.SAME_AS_ABOVE:
                return attrs.evolve(inner, scope=match["scope"])
    return None


def _core(text: str) -> TimeLimit | None:
    place = None
    head, comma, tail = text.rpartition(",")
    match = _PLACE.match(tail) if comma and head else None
    if match:
        text, place = head, match["place"]
    limit = _core_plain(text)
    if limit is not None and place is not None:
        limit = attrs.evolve(limit, place=place)
    return limit


def _core_plain(text: str) -> TimeLimit | None:
    if text in ("同上", "同前"):
        return TimeLimit(_K.SAME_AS_ABOVE)
    if re.fullmatch(r"(?:保持)?(?:长期|永久)(?:公开|有效|保留)?(?:\(动态调整\))?", text):
        return TimeLimit(_K.STANDING)
    if re.fullmatch(r"(?:实时|即时)(?:公开|更新|发布)?", text):
        return TimeLimit(_K.IMMEDIATE)
    if re.fullmatch(r"及时(?:公开|更新|发布)?", text):
        return TimeLimit(_K.TIMELY)
    if re.fullmatch(r"按(?:工作)?进展(?:情况)?及时(?:公开|更新|发布)?", text):
        return TimeLimit(_K.TIMELY, trigger=Trigger.PROGRESS)
    match = re.fullmatch(r"(?P<a>[^\d]+?)后及时(?:公开|更新|发布)?", text)
    if match:
        fields = _anchor_fields(match["a"])
        return TimeLimit(_K.TIMELY, **fields) if fields else None  # type: ignore[arg-type]
    match = re.fullmatch(r"(?:在|于)?(?P<a>[^\d]+?)时", text)
    if match and len(match["a"]) > 1 and not match["a"].endswith(("及", "实", "即")):
        fields = _anchor_fields(match["a"])
        return TimeLimit(_K.IMMEDIATE, **fields) if fields else None  # type: ignore[arg-type]
    return _fixed_or_periodic(text) or _amount(text)


def _fixed_or_periodic(text: str) -> TimeLimit | None:
    match = _FIXED.match(text)
    if match:
        month, day = _number(match["m"]), _number(match["d"])
        if month and day and valid_day(month, day):
            return TimeLimit(_K.FIXED_DATE, month=month, day=day)
        return None
    match = _AFTER_PERIOD.match(text)
    if match:
        days = _number(match["num"])
        if days is None or not 0 < days <= 366:
            return None
        workdays = match["unit"].removeprefix("个") == "工作日"
        return TimeLimit(_K.PERIODIC, period=_PERIODS[match["p"]], days=days, workdays=workdays)
    match = _PERIODIC.match(text)
    if not match or not (match["every"] or match["once"]):
        return None
    period = _PERIODS[match["p"]]
    month = None
    if match["m"]:
        month = 1 if match["m"] == "首月" else _number(match["m"][1:-2])
        limit = {Period.QUARTER: 3, Period.HALF_YEAR: 6}.get(period)
        if month is None or limit is None or month > limit:
            return None
    day = _number(match["d"]) if match["d"] else None
    if match["d"] and (day is None or day > 31 or period in (Period.WEEK, Period.YEAR)):
        return None
    if match["m"] and not day:
        return None
    return TimeLimit(_K.PERIODIC, period=period, month=month, day=day)


def _amount(text: str) -> TimeLimit | None:
    match = _AMOUNT.match(text)
    if not match:
        return None
    amount = _number(match["num"])
    if amount is None:
        return None
    unit = match["unit"].removeprefix("个")
    kind = {"工作日": _K.WORKING_DAYS, "月": _K.MONTHS}.get(unit, _K.CALENDAR_DAYS)
    if unit in ("周", "星期"):
        amount *= 7
    size = {"months": amount} if kind is _K.MONTHS else {"days": amount}
    pre, post = match["pre"], match["post"]
    if not 0 < amount <= 3660:
        return None
    at_least = _AT_LEAST_PRE.match(pre)
    if at_least and _WITHIN_POST.match(post):
        act = at_least["act"]
        fields = _anchor_fields(act) if act else {}
        if fields is None:
            return None
        return TimeLimit(kind, relation=Relation.AT_LEAST, **size, **fields)  # type: ignore[arg-type]
    posting = _POSTING_PRE.match(pre)
    if posting and post == "":
        return TimeLimit(kind, relation=Relation.AT_LEAST, event=posting["act"], **size)  # type: ignore[arg-type]
    if pre == "提前" and (_BEFORE_POST.match(post) or _WITHIN_POST.match(post)):
        return TimeLimit(kind, relation=Relation.BEFORE, **size)  # type: ignore[arg-type]
    if _BEFORE_POST.match(post):
        if pre == "提前":
            return TimeLimit(kind, relation=Relation.BEFORE, **size)  # type: ignore[arg-type]
        anchor = re.sub(r"^(?:在|于)", "", pre)
        fields = _anchor_fields(anchor)
        if fields is None:
            return None
        return TimeLimit(kind, relation=Relation.BEFORE, **size, **fields)  # type: ignore[arg-type]
    if not _WITHIN_POST.match(post):
        return None
    if not pre:
        return TimeLimit(kind, **size)  # type: ignore[arg-type]
    anchored = _ANCHOR_PRE.match(pre)
    fields = _anchor_fields(anchored["a"]) if anchored else None
    if fields is None:
        bare = _BARE_PRE.match(pre)
        fields = _anchor_fields(bare["a"], need_trigger=True) if bare else None
    if fields is None:
        return None
    return TimeLimit(kind, **size, **fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- helpers


def resolve_same_as_above(limits: Sequence[TimeLimit | None]) -> list[TimeLimit | None]:
    """Replace each 同上 by the nearest earlier limit that is not 同上.

    A 同上 with nothing before it stays as it is (the caller reports it).
    """
    out: list[TimeLimit | None] = []
    previous: TimeLimit | None = None
    for limit in limits:
        if limit is not None and limit.kind is _K.SAME_AS_ABOVE and previous is not None:
            limit = previous
        if limit is not None and limit.kind is not _K.SAME_AS_ABOVE:
            previous = limit
        out.append(limit)
    return out


@attrs.frozen
class ParseCoverage:
    """How much of a corpus of 公开时限 wordings :func:`parse` understands.

    ``total``/``parsed`` count occurrences; ``unparsed`` lists each wording not
    understood with its number of occurrences, most frequent first.
    """

    total: int
    parsed: int
    unparsed: tuple[tuple[str, int], ...]
    kinds: tuple[tuple[str, int], ...]

    @property
    def ratio(self) -> float:
        """Share of occurrences parsed (1.0 for an empty corpus)."""
        return self.parsed / self.total if self.total else 1.0


def parse_coverage(wordings: Iterable[str]) -> ParseCoverage:
    """Parse every wording in ``wordings`` and count what was understood."""
    total = parsed = 0
    missed: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for wording in wordings:
        if not wording.strip():
            continue
        total += 1
        limit = parse(wording)
        kinds[limit.kind.code] = kinds.get(limit.kind.code, 0) + 1
        if limit.kind is _K.TEXT:
            missed[wording] = missed.get(wording, 0) + 1
        else:
            parsed += 1
    return ParseCoverage(
        total,
        parsed,
        tuple(sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))),
        tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
