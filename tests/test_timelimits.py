"""公开时限 parsing and canonical wording (gkstd.timing.limits)."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gkstd
from gkstd.model import Period, Relation, TimeLimit, TimeLimitKind, Trigger
from gkstd.testing.strategies import time_limits
from gkstd.timing.limits import format_limit, parse, parse_coverage, resolve_same_as_above

K = TimeLimitKind
DATA = Path(__file__).parent / "data" / "timelimit_wordings.tsv"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "自信息形成或者变更之日起20个工作日内",
            TimeLimit(K.WORKING_DAYS, days=20, trigger=Trigger.FORMED_OR_CHANGED),
        ),
        (
            "信息获取(形成变更)20个工作日内",
            TimeLimit(K.WORKING_DAYS, days=20, trigger=Trigger.OBTAINED),
        ),
        ("批准后20日内", TimeLimit(K.CALENDAR_DAYS, days=20, trigger=Trigger.APPROVED)),
        ("实时", TimeLimit(K.IMMEDIATE)),
        ("即时公开", TimeLimit(K.IMMEDIATE)),
        ("及时公开", TimeLimit(K.TIMELY)),
        ("每季度首月20日前", TimeLimit(K.PERIODIC, period=Period.QUARTER, month=1, day=20)),
        ("每年1月31日前", TimeLimit(K.FIXED_DATE, month=1, day=31)),
        ("长期公开", TimeLimit(K.STANDING)),
        ("同上", TimeLimit(K.SAME_AS_ABOVE)),
        ("二十个工作日", TimeLimit(K.WORKING_DAYS, days=20)),
        ("２０个工作日内", TimeLimit(K.WORKING_DAYS, days=20)),
        (
            "自收到申请之日起 20 个工作日内",
            TimeLimit(K.WORKING_DAYS, days=20, trigger=Trigger.RECEIVED),
        ),
        ("3个月内", TimeLimit(K.MONTHS, months=3)),
        (
            "分配结果确定后20个工作日内",
            TimeLimit(K.WORKING_DAYS, days=20, event="分配结果确定"),
        ),
        (
            "在组织听证7个工作日前",
            TimeLimit(K.WORKING_DAYS, days=7, relation=Relation.BEFORE, event="组织听证"),
        ),
        (
            "征求意见期限不得少于30日",
            TimeLimit(K.CALENDAR_DAYS, days=30, relation=Relation.AT_LEAST, event="征求意见期限"),
        ),
        ("按进展情况及时公开", TimeLimit(K.TIMELY, trigger=Trigger.PROGRESS)),
    ],
)
def test_parses_published_wording(text: str, expected: TimeLimit) -> None:
    got = parse(text)
    assert attrs.evolve(got, text=None) == expected
    assert got.display() == text.strip() or got.text is None


def test_compound_with_scopes_and_statute_clause() -> None:
    got = parse("1.除处罚决定外其他内容：长期公开（动态调整）；2.处罚决定：20个工作日内。")
    assert got.kind is K.COMPOUND
    assert [p.kind for p in got.parts] == [K.STANDING, K.WORKING_DAYS]
    assert [p.scope for p in got.parts] == ["除处罚决定外其他内容", "处罚决定"]
    law = parse(
        "信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定。"
    )
    assert law.law_exception
    assert law.days == 20
    place = parse("拟征收土地现状调查结束后5个工作日内，在村公示栏公开。")
    assert (place.days, place.event, place.place) == (5, "拟征收土地现状调查结束", "村公示栏")
    shall = parse(
        "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示"
    )
    assert shall.parts[1].scope == "行政许可、行政处罚事项"
    assert shall.parts[1].trigger is Trigger.DECIDED


@pytest.mark.parametrize(
    "text",
    [
        "提前一周发通知邀请",
        "信息形成个20个工作日内公开",  # a typo is not repaired by guessing
        "信息获取(形成变更)20个工作",  # truncated: no unit
        "①《听证通知书》在组织听证7个工作日前予以公开;②其他听证公开内容为依申请公开",
        "每年2月30日前",
        "尽快",
    ],
)
def test_never_guesses(text: str) -> None:
    got = parse(text)
    assert got == TimeLimit(K.TEXT, text=text)


def test_original_wording_is_kept_unless_canonical() -> None:
    assert parse("自信息形成或者变更之日起20个工作日内").text is None
    assert parse("信息形成(变更)20个工作日内").text == "信息形成(变更)20个工作日内"
    assert parse("信息形成(变更)20个工作日内").display() == "信息形成(变更)20个工作日内"
    with pytest.raises(ValueError, match="empty"):
        parse("  ")


# --------------------------------------------------------------------------- properties


@given(time_limits(canonical=True))
def test_round_trip_parse_of_format(limit: TimeLimit) -> None:
    assert parse(format_limit(limit)) == limit


@given(st.text(max_size=60))
def test_parse_never_raises_and_keeps_wording(text: str) -> None:
    if not text.strip():
        return
    got = parse(text)
    assert got.display() in (text.strip(), format_limit(got))
    if got.kind is K.TEXT:
        assert got.text == text.strip()


# --------------------------------------------------------------------------- corpus


def _corpus() -> list[str]:
    wordings = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        count, _file, wording = line.split("\t", 2)
        # the capture marks characters it restored as [x]; [cut] marks a truncated cell
        wordings += [re.sub(r"\[(?!cut\])([^\]]+)\]", r"\1", wording)] * int(count)
    return wordings


def _pack_wordings() -> list[str]:
    out = []
    for pack in gkstd.registry().packs.values():
        catalog = pack.load_catalog().catalog
        assert catalog is not None
        for item in catalog.walk():
            if item.time_limit is not None and item.time_limit.text:
                out.append(item.time_limit.text)
    return out


def test_parse_coverage_of_packs_and_reference_catalogs() -> None:
    packs = parse_coverage(_pack_wordings())
    assert packs.total > 100
    assert packs.ratio >= 0.98, packs.unparsed
    corpus = [w for w in _corpus() if "[cut]" not in w]
    reference = parse_coverage(corpus)
    assert reference.total > 400
    assert reference.ratio >= 0.98, reference.unparsed


def test_same_as_above_takes_the_previous_limit() -> None:
    twenty = TimeLimit(K.WORKING_DAYS, days=20)
    assert resolve_same_as_above([twenty, parse("同上"), None]) == [twenty, twenty, None]
    alone = parse("同上")
    assert resolve_same_as_above([alone]) == [alone]


def _two_leaves(minimal_text: str, first_limit: str, second_limit: str) -> list[TimeLimit | None]:
    """Load the minimal catalog with a second leaf; return both leaves' time limits."""
    head, leaf = minimal_text.split("      - id: gas.permit", 1)
    leaf = "      - id: gas.permit" + leaf
    original = "{kind: working_days, days: 20, text: 20个工作日}"
    first = leaf.replace(original, first_limit)
    second = (
        leaf.replace("id: gas.permit", "id: gas.change")
        .replace("燃气经营许可证核发", "燃气经营许可证变更")
        .replace(original, second_limit)
    )
    catalog, report = gkstd.load(head + first + second)
    assert catalog is not None, report.findings
    return [i.time_limit for i in catalog.walk() if i.is_leaf]


def test_loader_reads_wording_and_resolves_same_as_above(minimal_text: str) -> None:
    limits = _two_leaves(minimal_text, "信息形成(变更)10个工作日内", "同上")
    assert limits[0] == limits[1]
    assert limits[0] is not None
    assert limits[0].days == 10
    lonely = minimal_text.replace("{kind: working_days, days: 20, text: 20个工作日}", "同上")
    assert "GK305" in gkstd.validate(lonely).codes()


def test_same_as_above_mapping_is_resolved_too(minimal_text: str) -> None:
    limits = _two_leaves(minimal_text, "20个工作日", "{kind: same_as_above}")
    assert limits[0] == limits[1]
    assert limits[0] is not None
    assert limits[0].days == 20


@pytest.mark.parametrize(
    "wording",
    ["20.5个工作日", "0.5个工作日", "1.5个月", "一二三个工作日", "十十个工作日", "百百日"],
)
def test_amounts_that_are_no_whole_number_are_not_guessed(wording: str) -> None:
    """20.5个工作日 was read as 5 working days (20. taken for a list number), 一二三 as 3."""
    assert parse(wording).kind is TimeLimitKind.TEXT


@pytest.mark.parametrize(
    ("wording", "days"),
    [("一百零五天", 105), ("一百二十日", 120), ("十五个工作日", 15), ("1.二十日内", 20)],
)
def test_chinese_numbers_as_time_limits_write_them(wording: str, days: int) -> None:
    assert parse(wording).days == days
