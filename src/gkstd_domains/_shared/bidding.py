"""中标候选人公示: 招标投标法实施条例 第五十四条, shared by two packs.

第五十四条第一款: 依法必须进行招标的项目，招标人应当自收到评标报告之日起3日内公示中标候选人，
公示期不得少于3日。  Both 公共资源交易 (GGZY, 工程建设项目招标投标) and 重大建设项目 (ZDJS,
招标投标信息) catalogs may list the 公示 as an item; :func:`bidding_rules` builds the same
three rules for each pack:

* ``…101`` (error): the item's 公开时限 is longer than 3 日 after the evaluation report;
* ``…102`` (warning): the 公开时限 is counted in working days (may run past 3 日);
* ``…103`` (error): the item states a 公示期 shorter than 3 日.

Items are recognised by 中标候选人 in their **name** only: a combined item (招标投标, whose
content lists 招标公告、中标候选人公示、中标结果公示 …) has one time limit for several kinds
of information, and checking it against the 3 days would be wrong.  Items about 政府采购
(采购 in the name) are left out: 条例 第八十三条 gives way to the 政府采购 laws.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import attrs

from gkstd import Finding, Item, Rule, Severity, rule
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.rule import Example
from gkstd.diagnostics.samples import replaced
from gkstd.model import Method, TimeLimit, TimeLimitKind
from gkstd.rules.core import limit_days
from gkstd_domains._shared.limits import compare_with_calendar_days

__all__ = ["BASIS_54", "bidding_rules", "is_candidate_publicity", "stated_publicity_period"]

#: The verified article (LawRefBook/Laws mirror of the 2019 revision, 国务院令第613号).
BASIS_54 = "《中华人民共和国招标投标法实施条例》（国务院令第613号，2019年修订）第五十四条第一款"

#: Days of 第五十四条: publish within 3 日 of the evaluation report; 公示期 at least 3 日.
DAYS = 3

_NUM = r"[0-9]+|[零〇一二两三四五六七八九十]+"
#: A stated 公示 duration: 公示期不少于3日, 公示期为三个工作日, 公示时间：5天, 公示3日.
_PERIOD = re.compile(
    r"公示(?:期限|期间|期|时间)?\s*(?:应当|应|为|不得?少于|不低于|至少|[:：])*\s*"
    rf"(?P<n>{_NUM})\s*个?\s*(?P<unit>工作日|日|天)(?!内)"
)


def is_candidate_publicity(item: Item) -> bool:
    """An item about 中标候选人公示 (by name; 政府采购 items excepted)."""
    name = unicodedata.normalize("NFKC", item.name)
    return "中标候选人" in name and "采购" not in name


def stated_publicity_period(item: Item) -> tuple[str, TimeLimitKind, int] | None:
    """The shortest 公示期 the item states (wording, kind, days), if any.

    Looked for in the time limit's wording, the content points and the notes.
    """
    texts = [item.time_limit.text if item.time_limit else None, *item.content, item.notes]
    found: list[tuple[str, TimeLimitKind, int]] = []
    for text in texts:
        if not text:
            continue
        for match in _PERIOD.finditer(unicodedata.normalize("NFKC", text)):
            read = limit_days(
                TimeLimit(TimeLimitKind.TEXT, text=match.group("n") + match.group("unit"))
            )
            if read is not None:
                found.append((match.group(0), *read))
    return min(found, key=lambda f: f[2]) if found else None


def _publication_limit(limit: TimeLimit | None) -> TimeLimit | None:
    """The limit with any 公示期 clause removed from its wording (only 公布 counts here)."""
    if limit is None or limit.kind is not TimeLimitKind.TEXT or not limit.text:
        return limit
    return attrs.evolve(limit, text=_PERIOD.sub("", unicodedata.normalize("NFKC", limit.text)))


def _applies(item: Item) -> bool:
    return (
        item.not_applicable is None
        and item.method is not Method.ON_REQUEST
        and is_candidate_publicity(item)
    )


_ITEM_BASE = """name: 中标候选人公示
content: [中标候选人名称及排序, 投标报价, 提出异议的渠道和方式]
basis:
  - {title: 中华人民共和国招标投标法实施条例, doc_no: 国务院令第613号, article: 第五十四条, rank: 行政法规}
time_limit: {kind: calendar_days, days: 3, text: 收到评标报告之日起3日内公示，公示期不少于3日}
subject: 招标人或者其委托的招标代理机构
method: 主动
channels: [政府网站, 公共资源交易平台]
audience: 全社会
levels: [县级]
"""
_GOOD_TIME = (
    "time_limit: {kind: calendar_days, days: 3, text: 收到评标报告之日起3日内公示，公示期不少于3日}"
)


def _example(item_id: str, time_limit: str | None = None) -> str:
    text = f"id: {item_id}\n" + _ITEM_BASE
    return text if time_limit is None else replaced(text, _GOOD_TIME, time_limit)


def bidding_rules(prefix: str, pack: str, *, field: tuple[str, str]) -> tuple[Rule, Rule, Rule]:
    """The three 中标候选人公示 rules ``{prefix}101``–``{prefix}103`` for catalogs of ``pack``.

    ``field`` names the part of the domain (zh, en) for the rationale.
    """
    good = Example(_example("candidates"), domain=pack)

    def too_late(item: Item, ctx: CheckContext) -> Iterator[Finding]:
        if not _applies(item):
            return
        cmp = compare_with_calendar_days(_publication_limit(item.time_limit), DAYS)
        if cmp is None or cmp.verdict != "longer":
            return
        yield rule_101.emit(
            name=item.name,
            days=cmp.days,
            unit=cmp.unit_zh,
            unit_en=cmp.unit_en,
            item=item.id,
            element="time_limit",
        )

    def in_working_days(item: Item, ctx: CheckContext) -> Iterator[Finding]:
        if not _applies(item):
            return
        cmp = compare_with_calendar_days(_publication_limit(item.time_limit), DAYS)
        if cmp is None or cmp.verdict != "working_days":
            return
        yield rule_102.emit(name=item.name, days=cmp.days, item=item.id, element="time_limit")

    def short_period(item: Item, ctx: CheckContext) -> Iterator[Finding]:
        if not _applies(item):
            return
        stated = stated_publicity_period(item)
        if stated is None or stated[2] >= DAYS:
            return
        yield rule_103.emit(name=item.name, stated=stated[0], item=item.id, element="time_limit")

    scope_zh = (
        f"以名称中的“中标候选人”识别事项（{field[0]}）；名称含“采购”的事项不检查（第八十三条：政府"
        "采购另有规定的从其规定），内容中顺带列出中标候选人公示的综合事项也不检查，因为其时限涵盖多类信息。"
    )
    scope_en = (
        f" Items are recognised by 中标候选人 in the name ({field[1]}); 政府采购 items (采购 in "
        "the name) are left out (Art. 83 defers to the procurement laws), and so are combined "
        "items that only list the 公示 among their content, whose limit covers several kinds of "
        "information."
    )
    rule_101 = rule(
        f"{prefix}101",
        Severity.ERROR,
        ("中标候选人公示时限长于3日", "Bid-candidate publicity later than 3 days"),
        (
            "招标投标法实施条例第五十四条：依法必须进行招标的项目，招标人应当自收到评标报告之日起3日内"
            "公示中标候选人。公开时限按日超过3日，或按工作日计算且即使不遇节假日也超过3日（4个工作日"
            "及以上），即晚于法定期限。" + scope_zh,
            "Art. 54 of the bidding regulation: for projects that must be tendered, the "
            "tenderer publishes the bid candidates within 3 days (日) of receiving the "
            "evaluation report. A limit over 3 calendar days, or of 4 or more working days "
            "(longer than 3 days even without holidays), is later than the law." + scope_en,
        ),
        BASIS_54,
        bad=Example(
            _example(
                "candidates",
                "time_limit: {kind: working_days, days: 20, text: 信息形成之日起20个工作日内}",
            ),
            domain=pack,
        ),
        good=good,
        fix=(
            "把公开时限改为“收到评标报告之日起3日内”。",
            "Set the limit to 收到评标报告之日起3日内 (3 days after the evaluation report).",
        ),
        pack=pack,
        messages=(
            "中标候选人公示事项“{name}”的公开时限为 {days}{unit}，长于招标投标法实施条例"
            "第五十四条规定的收到评标报告之日起3日。",
            "Item {name!r} allows {days} {unit_en}, longer than the 3 days after "
            "the evaluation report of Art. 54 of the bidding regulation.",
        ),
    )(too_late)
    rule_102 = rule(
        f"{prefix}102",
        Severity.WARNING,
        ("中标候选人公示时限按工作日计算", "Bid-candidate publicity counted in working days"),
        (
            "第五十四条的3日按日（自然日）计算。以1至3个工作日表示的时限不一定更长，但遇周末或节假日"
            "就会超过3日（例如周四收到评标报告，3个工作日到下周二，已是第5日）。更长的时限由前一条规则"
            "报告。" + scope_zh,
            "The 3 days of Art. 54 are calendar days. A limit of 1 to 3 working days is not "
            "always longer, but overruns across a weekend or holiday (a report received on "
            "Thursday plus 3 working days is Tuesday, day 5). Longer limits are reported by the "
            "previous rule." + scope_en,
        ),
        BASIS_54,
        bad=Example(
            _example(
                "candidates",
                "time_limit: {kind: working_days, days: 3, text: 收到评标报告之日起3个工作日内}",
            ),
            domain=pack,
        ),
        good=good,
        fix=(
            "按日写明时限：“收到评标报告之日起3日内”。",
            "Count in calendar days: 收到评标报告之日起3日内.",
        ),
        pack=pack,
        messages=(
            "中标候选人公示事项“{name}”的公开时限按工作日计算（{days}个工作日），"
            "而第五十四条按日计算（3日），遇周末或节假日会超过3日。",
            "Item {name!r} counts {days} working days; Art. 54 counts 3 calendar "
            "days, which working days overrun across a weekend or holiday.",
        ),
    )(in_working_days)
    rule_103 = rule(
        f"{prefix}103",
        Severity.ERROR,
        ("中标候选人公示期少于3日", "Bid-candidate publicity period shorter than 3 days"),
        (
            "第五十四条：中标候选人公示期不得少于3日；投标人或其他利害关系人对评标结果有异议的，应当在"
            "公示期间提出。事项的公开时限、公开内容或备注写明的公示期（如“公示期2日”“公示期为两个"
            "工作日”）少于3日即为不足。不写公示期的事项不检查。" + scope_zh,
            "Art. 54: the publicity period is at least 3 days; objections to the evaluation "
            "are raised during it. A period stated in the limit, content or notes (公示期2日, "
            "公示期为两个工作日) shorter than 3 is too short. Items that state no period are "
            "not checked." + scope_en,
        ),
        BASIS_54,
        bad=Example(
            _example(
                "candidates",
                "time_limit: {kind: calendar_days, days: 3, text: 收到评标报告之日起3日内公示，公示期2日}",
            ),
            domain=pack,
        ),
        good=good,
        fix=(
            "把公示期改为不少于3日。",
            "Make the publicity period at least 3 days.",
        ),
        pack=pack,
        messages=(
            "中标候选人公示事项“{name}”写明的公示期（“{stated}”）少于第五十四条规定的3日。",
            "Item {name!r} states a publicity period ({stated!r}) shorter than the "
            "3 days of Art. 54.",
        ),
    )(short_period)
    return rule_101, rule_102, rule_103
