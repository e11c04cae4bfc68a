"""GK2xx: the inheritance rules ("原则上只增不减").

These rules have ``scope="chain"``: they are not run item by item but reported by the
inheritance checks, which compare a catalog with its parent (:mod:`gkstd.inherit`).
Every finding names the parent catalog, the item, the element, the parent value and the
child value.  Codes are stable and never reused.
"""

from __future__ import annotations

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.rule import Example, Rule, documented_rule
from gkstd.diagnostics.samples import PARENT_DOCUMENT, PARENT_LEAF, child_document

__all__ = [
    "AUDIENCE_NARROWED",
    "AUDIENCE_WIDENED",
    "BAD_MAP",
    "CHAIN_RULES",
    "CYCLE",
    "DOMAIN_MISMATCH",
    "ELEMENT_DROPPED",
    "LEVEL_NOT_BELOW",
    "LIMIT_INCOMPARABLE",
    "LIMIT_LOOSER",
    "LOST_BASIS",
    "LOST_CHANNEL",
    "LOST_CONTENT",
    "LOST_LEVEL",
    "MATCHED_BY_NAME",
    "METHOD_DOWNGRADED",
    "MISSING_ITEM",
    "NOT_APPLICABLE",
    "UNKNOWN_PARENT",
    "UNMATCHED_ITEM",
]

_ONLY_ADD = (
    "国办发〔2019〕54号及各领域标准指引：基层目录以上级目录为基础，“原则上内容只增不减”"
    "（参见种子文件 000、002 第四（二）1 条）"
)
_TIAOLI_15 = "《中华人民共和国政府信息公开条例》第十五条（涉及个人隐私的信息不得公开）"
_TIAOLI_19 = "《中华人民共和国政府信息公开条例》第十九条、第二十条（主动公开的范围）"
_TIAOLI_26 = "《中华人民共和国政府信息公开条例》第二十六条（20个工作日内予以公开）"


def _chain(child: str, parent: str = PARENT_DOCUMENT) -> Example:
    return Example(child, scope="chain", parent=parent)


_GOOD = _chain(child_document())


def _leaf(old: str, new: str) -> Example:
    assert old in PARENT_LEAF, old
    return _chain(child_document(PARENT_LEAF.replace(old, new)))


def _chain_rule(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    rationale: tuple[str, str],
    basis: str,
    bad: Example,
    fix: tuple[str, str],
    good: Example = _GOOD,
) -> Rule:
    return documented_rule(
        code, severity, title, rationale, basis, bad=bad, good=good, scope="chain", fix=fix
    )


MISSING_ITEM = _chain_rule(
    "GK201",
    Severity.ERROR,
    ("缺少上级目录的事项", "An item of the parent catalog is missing"),
    (
        "完整目录（conforms_to）必须包含上级目录中适用于本级的全部事项：按 id 匹配，其次按名称匹配。"
        "公开层级不含本级及以下层级的事项不要求出现；确不适用的事项应保留并标注 not_applicable 和理由。",
        "A complete catalog (conforms_to) must hold every parent item that applies at its "
        "level, matched by id, else by name. Items whose levels exclude this level and the "
        "levels below it are not required; an item that does not apply locally stays and is "
        "marked not_applicable with a reason.",
    ),
    _ONLY_ADD,
    _chain(child_document(None)),
    (
        "补上该事项（保留上级的 id），或标注 not_applicable: {reason: …}。",
        "Add the item (keep the parent's id) or mark it not_applicable with a reason.",
    ),
)

LOST_CONTENT = _chain_rule(
    "GK202",
    Severity.ERROR,
    ("公开内容比上级少", "A content point of the parent is lost"),
    (
        "下级目录只能在上级的公开内容上增加要点。上级的每个要点都要在下级出现"
        "（下级要点包含上级要点的文字即可，如“申请条件及材料”包含“申请条件”）。",
        "A child may only add content points. Every parent point must appear in the child "
        "(a child point that contains the parent's wording counts).",
    ),
    _ONLY_ADD,
    _leaf("content: [申请条件, 申请材料, 申请流程, 法定依据]", "content: [申请条件, 申请材料]"),
    ("补回上级的公开内容要点。", "Restore the parent's content points."),
)

LOST_BASIS = _chain_rule(
    "GK203",
    Severity.ERROR,
    ("公开依据比上级少", "A legal basis of the parent is lost"),
    (
        "下级目录可以补充地方性法规等依据，但不能删去上级列出的依据（按依据名称比较，不计《》和空白）。",
        "A child may add legal bases (local regulations …) but not drop the parent's "
        "(compared by title, ignoring 《》 and blanks).",
    ),
    _ONLY_ADD,
    _leaf(
        "basis:\n  - {title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}\n",
        "basis:\n  - {title: 城镇燃气管理办法, rank: 地方政府规章}\n",
    ),
    ("补回上级的公开依据。", "Restore the parent's legal basis."),
)

LOST_CHANNEL = _chain_rule(
    "GK204",
    Severity.ERROR,
    ("公开渠道比上级少", "A channel of the parent is lost"),
    (
        "公开渠道和载体只能增加：上级勾选的渠道，下级也要勾选。",
        "Channels may only be added: every channel the parent ticks, the child ticks too.",
    ),
    _ONLY_ADD,
    _leaf("channels: [政府网站]", "channels: [政务服务中心]"),
    ("补回上级的公开渠道。", "Restore the parent's channels."),
)

LOST_LEVEL = _chain_rule(
    "GK205",
    Severity.ERROR,
    ("公开层级比上级少", "A disclosure level of the parent is lost"),
    (
        "公开层级只能增加。只比较本级及以下的层级：乡级目录不必保留“县级”。",
        "Levels may only be added. Only this level and the levels below it are compared: a "
        "township catalog need not keep 县级.",
    ),
    _ONLY_ADD,
    _leaf("levels: [县级, 乡级]", "levels: [县级]"),
    ("补回上级的公开层级。", "Restore the parent's levels."),
)

LIMIT_LOOSER = _chain_rule(
    "GK206",
    Severity.ERROR,
    ("公开时限比上级宽松", "The time limit is looser than the parent's"),
    (
        "公开时限只能收紧：10个工作日可以细化20个工作日；工作日时限不能改成更长的自然日时限；"
        "“实时/即时”细化任何时限；定期时限可以缩短周期（每季度→每月）或结束后的天数；"
        "把“信息形成之日起20个工作日内”改成“半年至少更新1次”这样等待更久的定期公开，也是放宽。",
        "Time limits may only get stricter: 10 working days refines 20; a working-day limit "
        "cannot become a longer calendar-day limit; immediate refines every limit; a periodic "
        "limit may shorten its period (quarterly → monthly) or the days after it ends; "
        "turning 20 working days from formation into a periodic update that can wait longer "
        "(半年至少更新1次) loosens it too.",
    ),
    f"{_ONLY_ADD}；{_TIAOLI_26}",
    _leaf(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: working_days, days: 30, text: 30个工作日}",
    ),
    ("把时限改回不宽于上级的时限。", "Use a limit no looser than the parent's."),
    good=_leaf(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: working_days, days: 10, text: 10个工作日}",
    ),
)

METHOD_DOWNGRADED = _chain_rule(
    "GK207",
    Severity.ERROR,
    ("公开方式由主动降为依申请", "The method is downgraded from proactive"),
    (
        "依申请公开改为主动公开是更加公开，允许；主动公开改为依申请公开（或不予公开）是减少公开，不允许。",
        "依申请 → 主动 is more open and allowed; 主动 → 依申请 (or 不予公开) removes "
        "disclosure and is not.",
    ),
    f"{_ONLY_ADD}；{_TIAOLI_19}",
    _leaf("method: 主动", "method: 依申请"),
    ("保持主动公开。", "Keep the item proactive (主动)."),
)

AUDIENCE_WIDENED = _chain_rule(
    "GK208",
    Severity.WARNING,
    ("公开对象由特定对象扩大为全社会", "The audience is widened to the public"),
    (
        "把“特定对象”改为“全社会”是更加公开，但可能公开个人信息；请确认已去标识化或不涉及个人隐私。",
        "Widening 特定对象 to 全社会 is more open but may expose personal information; "
        "confirm that the data is de-identified or not personal.",
    ),
    _TIAOLI_15,
    _chain(
        child_document(PARENT_LEAF),
        PARENT_DOCUMENT.replace("audience: 全社会", "audience: 特定对象"),
    ),
    (
        "确认不涉及个人隐私后，用豁免（waivers）写明理由；否则改回特定对象。",
        "If no personal data is involved, waive with a reason; else restore 特定对象.",
    ),
)

AUDIENCE_NARROWED = _chain_rule(
    "GK209",
    Severity.ERROR,
    ("公开对象由全社会缩小为特定对象", "The audience is narrowed from the public"),
    (
        "上级目录面向全社会公开的事项，下级不能缩小为只向特定对象公开。",
        "An item the parent discloses to the public cannot be narrowed to specific persons.",
    ),
    _ONLY_ADD,
    _leaf("audience: 全社会", "audience: 特定对象"),
    ("改回全社会。", "Restore 全社会."),
)

UNKNOWN_PARENT = _chain_rule(
    "GK210",
    Severity.ERROR,
    ("找不到上级目录", "Unknown parent catalog"),
    (
        "extends / conforms_to 的值必须是已安装领域包的代码、相对于本文件的路径，"
        "或在目录搜索路径（--catalog-path）中能找到的目录 id。",
        "extends / conforms_to must name an installed pack, a path relative to this file, "
        "or a catalog id found on the catalog search path (--catalog-path).",
    ),
    "gkstd 文档格式 1.0：extends / conforms_to",
    _chain(child_document(parent="no-such-parent")),
    (
        "检查拼写，或用 --catalog-path 指定上级目录所在目录。",
        "Check the spelling or pass the parent's directory with --catalog-path.",
    ),
)

CYCLE = _chain_rule(
    "GK211",
    Severity.ERROR,
    ("上级目录循环引用", "Cycle in the parent chain"),
    (
        "目录链必须从国家级标准目录逐级向下，不能绕回自身。",
        "The chain must run from the national catalog downwards, never back to itself.",
    ),
    "gkstd 文档格式 1.0：extends / conforms_to",
    _chain(
        child_document(mode="extends"),
        PARENT_DOCUMENT.replace("items:\n", "extends: child\nitems:\n", 1),
    ),
    ("去掉形成循环的 extends。", "Remove the extends that closes the cycle."),
)

DOMAIN_MISMATCH = _chain_rule(
    "GK212",
    Severity.ERROR,
    ("与上级目录的领域不同", "Domain differs from the parent's"),
    (
        "一个领域的目录只能以同一领域的目录为上级。",
        "A catalog's parent must be a catalog of the same domain.",
    ),
    "国办发〔2019〕54号：分领域编制标准目录",
    _chain(child_document(domain="other-domain")),
    ("改正 domain 或上级引用。", "Fix the domain or the parent reference."),
)

LEVEL_NOT_BELOW = _chain_rule(
    "GK213",
    Severity.ERROR,
    ("行政层级不低于上级目录", "Level is not below the parent's"),
    (
        "目录链按国家→省→市→县→乡→村逐级向下：下级目录的行政层级必须低于上级目录。",
        "The chain runs national → provincial → municipal → county → township → village: "
        "the child's level must be below the parent's.",
    ),
    "国办发〔2019〕54号：基层目录以上级目录为基础编制",
    _chain(child_document(level="国家级")),
    ("改正 jurisdiction.level 或上级引用。", "Fix jurisdiction.level or the parent."),
)

UNMATCHED_ITEM = _chain_rule(
    "GK214",
    Severity.WARNING,
    ("上级事项只找到名称相近的事项", "A parent item matches only by a similar name"),
    (
        "完整目录中找不到上级事项的 id，按名称和内容也没有足够相近的事项（相似度不到 80），"
        "只有一个有些相近的事项（相似度 60 至 80，可能改了名）。gkstd 不把两者当作同一事项比较，"
        "也不报告“缺少事项”，请人工确认：是同一事项就使用上级的 id 或写入事项对应表（docs/matching.md）。",
        "The parent item's id is absent and no item resembles it closely enough by name and "
        "content (score below 80); one item resembles it somewhat (60 to 80, probably a "
        "rename). gkstd neither compares the two as one item nor reports the item missing: "
        "confirm by hand, and if it is the same item use the parent's id or an item map "
        "(docs/matching.md).",
    ),
    _ONLY_ADD,
    _chain(
        child_document(
            PARENT_LEAF.replace(
                "id: gas.permit\nname: 燃气经营许可证核发",
                "id: gas.licence\nname: 瓶装燃气经营审批",
            ).replace(
                "content: [申请条件, 申请材料, 申请流程, 法定依据]",
                "content: [办理条件, 所需材料, 办理时限]",
            )
        )
    ),
    (
        "是同一事项就给它上级的 id（或写入事项对应表）；不是就保留为本级新增事项。",
        "If it is the same item, give it the parent's id (or map it); if not, keep it as a "
        "local addition.",
    ),
)

NOT_APPLICABLE = _chain_rule(
    "GK215",
    Severity.WARNING,
    ("事项标注为不适用", "Item marked not applicable"),
    (
        "本地确不适用的上级事项可以标注 not_applicable 并写明理由；这是对“只增不减”的例外，"
        "报告出来供监督检查复核，不会被默认接受。",
        "A parent item that does not apply locally may be marked not_applicable with a "
        "reason; as an exception to 'only add' it is reported for review, not accepted "
        "silently.",
    ),
    _ONLY_ADD,
    _leaf(
        "levels: [县级, 乡级]\n", "levels: [县级, 乡级]\nnot_applicable: {reason: 本县无管道燃气}\n"
    ),
    (
        "复核理由；确认后可用 waivers 记录复核结论。",
        "Review the reason; a waiver can record the review.",
    ),
)

ELEMENT_DROPPED = _chain_rule(
    "GK216",
    Severity.WARNING,
    ("上级有的要素下级整列没有", "An element of the parent is dropped from the whole catalog"),
    (
        "上级目录写明了公开层级等要素，下级完整目录却整列没有（没有这一列，或每个事项都空着），"
        "无法与上级比较这一要素。按目录报告一次，不逐项重复。必需要素（名称、内容、依据、时限、主体、"
        "方式、渠道、对象）在某个事项上空缺的，由 GK101/GK106 报告，不在此重复。",
        "The parent states an element such as 公开层级 (levels) that the child's complete "
        "catalog leaves out entirely (no such column, or empty for every item), so it cannot "
        "be compared. It is reported once per catalog, not item by item. A required element "
        "(name, content, basis, time limit, subject, method, channels, audience) missing on "
        "an item is reported by GK101/GK106, not again here.",
    ),
    _ONLY_ADD,
    _leaf("levels: [县级, 乡级]\n", ""),
    ("补上该列（公开层级：本级及以下各级勾选 √）。", "Add the column (tick the levels)."),
)

LIMIT_INCOMPARABLE = _chain_rule(
    "GK217",
    Severity.WARNING,
    ("无法判断时限是否收紧", "Cannot tell whether the time limit is stricter"),
    (
        "两个时限类型不同（如工作日与自然日、定期与文字描述），或定期公开的最长等待时间与上级时限"
        "互有长短（每月公开对20个工作日），无法机械地证明下级不比上级宽松。",
        "The two limits are of different kinds (working vs calendar days, periodic vs text), "
        "or a periodic limit's longest wait overlaps the parent's span (monthly against 20 "
        "working days); gkstd cannot prove the child's is no looser.",
    ),
    f"{_ONLY_ADD}；{_TIAOLI_26}",
    _leaf(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: periodic, period: 每月, text: 每月公开}",
    ),
    (
        "改用可比较的写法（如 N 个工作日），或复核后用 waivers 记录。",
        "Use a comparable limit (N working days) or record a review as a waiver.",
    ),
)

MATCHED_BY_NAME = _chain_rule(
    "GK218",
    Severity.INFO,
    ("事项按名称和内容匹配（id 不同）", "Item matched by name and content, not id"),
    (
        "完整目录中的事项与上级事项 id 不同，但名称和公开内容足够相近（相似度不低于 80，"
        "计算方法见 docs/matching.md），已当作同一事项逐项比较。建议改用上级的 id；"
        "匹配错了可以用事项对应表纠正。",
        "The item has another id than the parent item, but its name and content are close "
        "enough (score 80 or more, see docs/matching.md): they were compared as one item. "
        "Use the parent's id; fix a wrong match with an item map.",
    ),
    _ONLY_ADD,
    _leaf("id: gas.permit\n", "id: gas.local-permit\n"),
    ("使用上级的 id；匹配错了就写入事项对应表。", "Use the parent's id; map a wrong match."),
)

BAD_MAP = _chain_rule(
    "GK219",
    Severity.ERROR,
    ("事项对应表无法使用", "The item map cannot be used"),
    (
        "事项对应表（NAME.map.yaml）写明本目录的事项对应上级目录的哪个事项。文件无法读取、"
        "不是有效的 YAML 或写法不对时，gkstd 不猜测，只按名称和内容自动匹配，并报告此问题（错误）。"
        "文件可用但个别条目无法采用时（上级目录没有该编号、该事项不适用于本级、本目录没有该事项、"
        "两条对应同一上级事项），该条目被跳过，并作为警告报告。",
        "An item map (NAME.map.yaml) says which parent item each local item is. When it "
        "cannot be read, is not valid YAML or is not written as documented, gkstd does not "
        "guess: it matches automatically and reports this (error). An entry that cannot be "
        "used (the parent has no such id, the item does not apply at this level, no local "
        "item has that key, two entries claim one parent item) is skipped with a warning.",
    ),
    "gkstd 事项对应表格式（docs/matching.md）",
    Example(
        "需要一个写错的对应表文件，无法用单个文档演示；见 tests/test_real_catalogs.py。", "none"
    ),
    (
        '按 docs/matching.md 的样例改正对应表：gkstd-map: "1.0"，items: 本目录事项: 上级事项编号。',
        'Fix the map as in docs/matching.md: gkstd-map: "1.0" and items: child: parent id.',
    ),
)

#: All GK2xx rules, in code order.
CHAIN_RULES: tuple[Rule, ...] = (
    MISSING_ITEM,
    LOST_CONTENT,
    LOST_BASIS,
    LOST_CHANNEL,
    LOST_LEVEL,
    LIMIT_LOOSER,
    METHOD_DOWNGRADED,
    AUDIENCE_WIDENED,
    AUDIENCE_NARROWED,
    UNKNOWN_PARENT,
    CYCLE,
    DOMAIN_MISMATCH,
    LEVEL_NOT_BELOW,
    UNMATCHED_ITEM,
    NOT_APPLICABLE,
    ELEMENT_DROPPED,
    LIMIT_INCOMPARABLE,
    MATCHED_BY_NAME,
    BAD_MAP,
)
