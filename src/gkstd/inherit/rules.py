"""GK2xx: the inheritance rules ("原则上只增不减").

These rules have ``scope="chain"``: they are not run item by item but reported by the
inheritance checks, which compare a catalog with its parent (:mod:`gkstd.inherit`).
Every finding names the parent catalog, the item, the element, the parent value and the
child value.  Codes are stable and never reused.

The messages are templates (see :func:`gkstd.diagnostics.rule.rule`).  A finding on one
element of one item (GK202–GK209, GK216 ``item``, GK217) has the fields ``name`` (the
item's name), ``element_name`` / ``element_name_zh`` (the element's key and its Chinese
name), ``parent`` (the parent catalog's id), ``parent_value`` and ``child_value`` (both
values as displayed), besides its own (``lost``: the entries lost, GK202–GK205).  Each of
its messages has an :func:`unverified` variant with ``gap_reason``, used when the parent's
element rests on data that could not be verified (the finding is then a notice).

Long module: one declaration per inheritance rule (GK201–GK219), each with its
documentation, examples and message templates (one variant for each way an item, an
element, a parent reference or an item map can fail); together they are one table.
"""

from __future__ import annotations

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.rule import Example, Rule, rule
from gkstd.diagnostics.samples import PARENT_DOCUMENT, PARENT_LEAF, child_document, replaced

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
    "element_messages",
    "unverified",
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
    return _chain(child_document(replaced(PARENT_LEAF, old, new)))


def unverified(variant: str) -> str:
    """The name of the message that says a finding rests on a parent element that could
    not be verified (the parent item's gap mark names it): ``unverified`` for
    ``default``, else ``VARIANT-unverified``."""
    return "unverified" if variant == "default" else f"{variant}-unverified"


#: The frame of every finding on one element of one item (GK202–GK209, GK216, GK217):
#: the item and the element, then what is wrong, then the parent catalog and both values.
_ITEM_ELEMENT = ("事项“{name}”的{element_name_zh}：", "Item {name!r}, {element_name}: ")
_BOTH_VALUES = (
    "（上级目录{parent_zh}：{parent_value}；本目录：{child_value}）。",
    " (parent {parent}: {parent_value}; this catalog: {child_value}).",
)
_UNVERIFIED = (
    "上级目录的这一要素未能核实（{gap_reason}），仅供参考。",
    " The parent's value is unverified ({gap_reason}); for reference only.",
)


def element_messages(**variants: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """The messages of a rule reported on one element of one item (``messages=`` of a
    GK2xx rule, or of a pack's rule whose order returns
    :class:`~gkstd.inherit.orders.Violation` objects): each variant (what is wrong, in
    Chinese and English) in the common frame, and its :func:`unverified` variant, which
    adds why the finding is only a notice (提示)::

        element_messages(default=("低于上级的频率", "less often than the parent"))
    """
    out: dict[str, tuple[str, str]] = {}
    for name, (zh, en) in variants.items():
        framed = (
            _ITEM_ELEMENT[0] + zh + _BOTH_VALUES[0],
            _ITEM_ELEMENT[1] + en + _BOTH_VALUES[1],
        )
        out[name] = framed
        out[unverified(name)] = (framed[0] + _UNVERIFIED[0], framed[1] + _UNVERIFIED[1])
    return out


# Pieces of the item and map messages (GK201, GK214, GK219).
_MISSING = ("缺少上级目录{parent_zh}的事项“{name}”（{id}）", "Missing item {name!r} ({id})")
_OF_PARENT = " of parent {parent}."
_GROUP = ("（及其下 {below} 个事项）", " (and {below} item(s) below it)")
_LEVELS_UNKNOWN = (
    "上级目录未写明此事项的公开层级（{partial}），无法确定{level_zh}目录是否必须包含；"
    "如本级不承担此事项，可标为不适用并写明理由（表格：在该事项的备注中写“不适用：理由”；"
    "目录文件：not_applicable）。",
    " The parent does not state this item's levels ({partial_en}), so whether a "
    "{level} catalog must hold it is unknown; mark it not_applicable with a reason if it "
    "does not apply here (in a table: 不适用：reason in the item's 备注).",
)
_UNMATCHED = ("上级目录{parent_zh}的事项“{name}”（{id}）", "Parent {parent} item {name!r} ({id})")
_CLOSEST = (
    "未按 id 或名称找到；最接近的是“{similar_name}”（{similar_id}，相似度 {score:.0f}）。"
    "如是同一事项，请改用 id {id}，或在事项对应表中写明。",
    " is not found by id or name; the closest is {similar_name!r} ({similar_id}, score "
    "{score:.0f}). If it is the same item, use id {id} or map it.",
)
#: The end of GK214 for a group: none of its items was found either, and its id given to
#: the closest item (a leaf, often) would be wrong advice (壤塘县, held-out).
_CLOSEST_GROUP = (
    "未按 id 或名称找到，其下事项也都没有找到；最接近的是“{similar_name}”（{similar_id}，"
    "相似度 {score:.0f}）。如本级改了这一分组及其下事项的名称，请在事项对应表中为分组和其下"
    "事项逐一写明（docs/matching.md）。",
    " is not found by id or name, nor is any item below it; the closest is {similar_name!r} "
    "({similar_id}, score {score:.0f}). If the group and its items were renamed here, map the "
    "group and each of its items (docs/matching.md).",
)
_ENTRY = (
    "{map_name} 中的“{key}: {target}”未采用：",
    "Entry '{key}: {target}' of {map_name_en} was not used: ",
)
_CLAIMED = (
    "本目录的 {count} 个事项（{names}）都对应上级事项 {target}，只采用了第一个（",
    "{count} items here ({names}) map to parent item {target}; only the first (",
)
_ONE_CLAIM = (
    "）；一个上级事项只能对应本目录的一个事项。",
    ") was used: one parent item matches one item here.",
)


MISSING_ITEM = rule(
    "GK201",
    Severity.ERROR,
    ("缺少上级目录的事项", "An item of the parent catalog is missing"),
    (
        "完整目录（conforms_to）必须包含上级目录中适用于本级的全部事项：按 id 匹配，其次按名称匹配。"
        "公开层级不含本级及以下层级的事项不要求出现；确不适用的事项应保留并标注 not_applicable 和理由。"
        "上级目录没有写明公开层级的事项（领域包数据不全，或上级表格没有层级列）无法确定是否必须包含："
        "县级目录缺少时记为警告，乡级、村级目录缺少时只记为提示，也不计入覆盖率。",
        "A complete catalog (conforms_to) must hold every parent item that applies at its "
        "level, matched by id, else by name. Items whose levels exclude this level and the "
        "levels below it are not required; an item that does not apply locally stays and is "
        "marked not_applicable with a reason. When the parent does not state an item's "
        "levels (partial pack data, or a parent table without level columns), whether it "
        "is required is unknown: missing from a county's catalog it is a warning, from a "
        "township's or village's only a notice, and not counted in coverage.",
    ),
    _ONLY_ADD,
    bad=_chain(child_document(None)),
    good=_GOOD,
    scope="chain",
    fix=(
        "补上该事项（保留上级的 id），或标注 not_applicable: {reason: …}。",
        "Add the item (keep the parent's id) or mark it not_applicable with a reason.",
    ),
    messages={
        "default": (_MISSING[0] + "。", _MISSING[1] + _OF_PARENT),
        "group": (_MISSING[0] + _GROUP[0] + "。", _MISSING[1] + _GROUP[1] + _OF_PARENT),
        "levels-unknown": (
            _MISSING[0] + "。" + _LEVELS_UNKNOWN[0],
            _MISSING[1] + _OF_PARENT + _LEVELS_UNKNOWN[1],
        ),
        "group-levels-unknown": (
            _MISSING[0] + _GROUP[0] + "。" + _LEVELS_UNKNOWN[0],
            _MISSING[1] + _GROUP[1] + _OF_PARENT + _LEVELS_UNKNOWN[1],
        ),
    },
)

LOST_CONTENT = rule(
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
    bad=_leaf("content: [申请条件, 申请材料, 申请流程, 法定依据]", "content: [申请条件, 申请材料]"),
    good=_GOOD,
    scope="chain",
    fix=("补回上级的公开内容要点。", "Restore the parent's content points."),
    messages=element_messages(
        default=("缺少公开内容要点：{lost}", "lost content point(s): {lost}")
    ),
)

LOST_BASIS = rule(
    "GK203",
    Severity.ERROR,
    ("公开依据比上级少", "A legal basis of the parent is lost"),
    (
        "下级目录可以补充地方性法规等依据，但不能删去上级列出的依据（按依据名称比较，不计《》和空白）。",
        "A child may add legal bases (local regulations …) but not drop the parent's "
        "(compared by title, ignoring 《》 and blanks).",
    ),
    _ONLY_ADD,
    bad=_leaf(
        "basis:\n  - {title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}\n",
        "basis:\n  - {title: 城镇燃气管理办法, rank: 地方政府规章}\n",
    ),
    good=_GOOD,
    scope="chain",
    fix=("补回上级的公开依据。", "Restore the parent's legal basis."),
    messages=element_messages(default=("缺少公开依据：{lost}", "lost basis: {lost}")),
)

LOST_CHANNEL = rule(
    "GK204",
    Severity.ERROR,
    ("公开渠道比上级少", "A channel of the parent is lost"),
    (
        "公开渠道和载体只能增加：上级勾选的渠道，下级也要勾选。村级目录（村（居）务公开清单）"
        "不要求政府网站、政府公报：村（居）民委员会没有这些平台，其渠道由 GK701 检查。",
        "Channels may only be added: every channel the parent ticks, the child ticks too. A "
        "村级 (village or community) list need not keep the website or the gazette: a "
        "villagers' committee has neither; GK701 checks its channels.",
    ),
    _ONLY_ADD,
    bad=_leaf("channels: [政府网站]", "channels: [政务服务中心]"),
    good=_GOOD,
    scope="chain",
    fix=("补回上级的公开渠道。", "Restore the parent's channels."),
    messages=element_messages(default=("缺少公开渠道：{lost}", "lost channel(s): {lost}")),
)

LOST_LEVEL = rule(
    "GK205",
    Severity.ERROR,
    ("公开层级比上级少", "A disclosure level of the parent is lost"),
    (
        "公开层级只能增加。只比较本级及以下的层级：乡级目录不必保留“县级”。",
        "Levels may only be added. Only this level and the levels below it are compared: a "
        "township catalog need not keep 县级.",
    ),
    _ONLY_ADD,
    bad=_leaf("levels: [县级, 乡级]", "levels: [县级]"),
    good=_GOOD,
    scope="chain",
    fix=("补回上级的公开层级。", "Restore the parent's levels."),
    messages=element_messages(default=("缺少公开层级：{lost}", "lost level(s): {lost}")),
)

LIMIT_LOOSER = rule(
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
    bad=_leaf(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: working_days, days: 30, text: 30个工作日}",
    ),
    good=_leaf(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: working_days, days: 10, text: 10个工作日}",
    ),
    scope="chain",
    fix=("把时限改回不宽于上级的时限。", "Use a limit no looser than the parent's."),
    messages=element_messages(
        default=(
            "{child_value} 比 {parent_value} 宽松",
            "{child_value} is looser than {parent_value}",
        )
    ),
)

METHOD_DOWNGRADED = rule(
    "GK207",
    Severity.ERROR,
    ("公开方式由主动降为依申请", "The method is downgraded from proactive"),
    (
        "依申请公开改为主动公开是更加公开，允许；主动公开改为依申请公开（或不予公开）是减少公开，不允许。",
        "依申请 → 主动 is more open and allowed; 主动 → 依申请 (or 不予公开) removes "
        "disclosure and is not.",
    ),
    f"{_ONLY_ADD}；{_TIAOLI_19}",
    bad=_leaf("method: 主动", "method: 依申请"),
    good=_GOOD,
    scope="chain",
    fix=("保持主动公开。", "Keep the item proactive (主动)."),
    messages=element_messages(
        default=("主动公开改为{child_value}", "主动 changed to {child_value}"),
        withheld=("依申请公开改为不予公开", "依申请 → 不予公开"),
    ),
)

AUDIENCE_WIDENED = rule(
    "GK208",
    Severity.WARNING,
    ("公开对象由特定对象扩大为全社会", "The audience is widened to the public"),
    (
        "把“特定对象”改为“全社会”是更加公开，但可能公开个人信息；请确认已去标识化或不涉及个人隐私。",
        "Widening 特定对象 to 全社会 is more open but may expose personal information; "
        "confirm that the data is de-identified or not personal.",
    ),
    _TIAOLI_15,
    bad=_chain(
        child_document(PARENT_LEAF),
        replaced(PARENT_DOCUMENT, "audience: 全社会", "audience: 特定对象"),
    ),
    good=_GOOD,
    scope="chain",
    fix=(
        "确认不涉及个人隐私后，用豁免（waivers）写明理由；否则改回特定对象。",
        "If no personal data is involved, waive with a reason; else restore 特定对象.",
    ),
    messages=element_messages(default=("特定对象扩大为全社会", "特定对象 → 全社会")),
)

AUDIENCE_NARROWED = rule(
    "GK209",
    Severity.ERROR,
    ("公开对象由全社会缩小为特定对象", "The audience is narrowed from the public"),
    (
        "上级目录面向全社会公开的事项，下级不能缩小为只向特定对象公开。",
        "An item the parent discloses to the public cannot be narrowed to specific persons.",
    ),
    _ONLY_ADD,
    bad=_leaf("audience: 全社会", "audience: 特定对象"),
    good=_GOOD,
    scope="chain",
    fix=("改回全社会。", "Restore 全社会."),
    messages=element_messages(default=("全社会缩小为特定对象", "全社会 → 特定对象")),
)

UNKNOWN_PARENT = rule(
    "GK210",
    Severity.ERROR,
    ("找不到上级目录", "Unknown parent catalog"),
    (
        "extends / conforms_to 的值必须是已安装领域包的代码、相对于本文件的路径，"
        "或在目录搜索路径（--catalog-path）中能找到的目录 id。"
        "路径只能指向本文件所在文件夹、当前工作目录或 --catalog-path 给出的文件夹（含子文件夹）"
        "中的文件；指向其外（绝对路径、../ 越出、符号链接指向其外）的引用不读取，"
        "消息也不说明该文件是否存在。",
        "extends / conforms_to must name an installed pack, a path relative to this file, "
        "or a catalog id found on the catalog search path (--catalog-path). A path may "
        "only lead to a file inside this document's folder, the working directory or a "
        "--catalog-path folder (subfolders included); a reference leading elsewhere "
        "(absolute path, ../ escape, link pointing out) is not read, and the message does "
        "not say whether the file exists.",
    ),
    "gkstd 文档格式 1.0：extends / conforms_to",
    bad=_chain(child_document(parent="no-such-parent")),
    good=_GOOD,
    scope="chain",
    fix=(
        "检查拼写，或用 --catalog-path 指定上级目录所在目录。",
        "Check the spelling or pass the parent's directory with --catalog-path.",
    ),
    messages={
        "default": (
            "找不到上级目录 {ref!r}。已查找：{tried}。",
            "Parent catalog {ref!r} not found. Tried: {tried_en}.",
        ),
        "catalog": (
            "找不到目录 {ref!r}。已查找：{tried}。",
            "Catalog {ref!r} not found. Tried: {tried_en}.",
        ),
        "unusable": (
            "上级目录 {ref!r}（{source}）无法使用：{reason}",
            "Parent catalog {ref!r} ({source}) is unusable: {reason_en}",
        ),
        "outside": (
            "目录引用 {ref!r} 指向允许读取的文件夹之外，未读取。上级目录文件只从本文件所在文件夹、"
            "当前工作目录和 --catalog-path 给出的文件夹（含子文件夹）中读取；"
            "如确需使用该文件，请用 --catalog-path FOLDER 指定它所在的文件夹。",
            "Catalog reference {ref!r} points outside the folders parent files may be read "
            "from, and was not read. Parent files are read only from this document's folder, "
            "the working directory and the --catalog-path folders (with their subfolders); "
            "to use this file, pass its folder with --catalog-path FOLDER.",
        ),
        "ambiguous": (
            "目录 id {ref!r} 在目录搜索路径中由多个文件声明（{files}），无法确定指哪一个，均未读取。"
            "请给每个目录不同的 id（如旧版本另存时改 id），或用相对路径指明上级目录文件。",
            "Catalog id {ref!r} is declared by several files on the catalog search path "
            "({files}): which one is meant cannot be told, so none was read. Give each catalog "
            "its own id (an old copy kept aside too), or name the parent file by its path.",
        ),
    },
)

CYCLE = rule(
    "GK211",
    Severity.ERROR,
    ("上级目录循环引用", "Cycle in the parent chain"),
    (
        "目录链必须从国家级标准目录逐级向下，不能绕回自身。",
        "The chain must run from the national catalog downwards, never back to itself.",
    ),
    "gkstd 文档格式 1.0：extends / conforms_to",
    bad=_chain(
        child_document(mode="extends"),
        replaced(PARENT_DOCUMENT, "items:\n", "extends: child\nitems:\n", 1),
    ),
    good=_GOOD,
    scope="chain",
    fix=("去掉形成循环的 extends。", "Remove the extends that closes the cycle."),
    messages=("上级目录形成循环：{cycle}。", "The parent chain is a cycle: {cycle}."),
)

DOMAIN_MISMATCH = rule(
    "GK212",
    Severity.ERROR,
    ("与上级目录的领域不同", "Domain differs from the parent's"),
    (
        "一个领域的目录只能以同一领域的目录为上级。",
        "A catalog's parent must be a catalog of the same domain.",
    ),
    "国办发〔2019〕54号：分领域编制标准目录",
    bad=_chain(child_document(domain="other-domain")),
    good=_GOOD,
    scope="chain",
    fix=("改正 domain 或上级引用。", "Fix the domain or the parent reference."),
    messages=(
        "本目录领域为 {domain}，上级目录{parent_zh}的领域为 {parent_domain}。",
        "This catalog's domain is {domain}; its parent {parent} is {parent_domain}.",
    ),
)

LEVEL_NOT_BELOW = rule(
    "GK213",
    Severity.ERROR,
    ("行政层级不低于上级目录", "Level is not below the parent's"),
    (
        "目录链按国家→省→市→县→乡→村逐级向下：下级目录的行政层级必须低于上级目录。",
        "The chain runs national → provincial → municipal → county → township → village: "
        "the child's level must be below the parent's.",
    ),
    "国办发〔2019〕54号：基层目录以上级目录为基础编制",
    bad=_chain(child_document(level="国家级")),
    good=_GOOD,
    scope="chain",
    fix=("改正 jurisdiction.level 或上级引用。", "Fix jurisdiction.level or the parent."),
    messages=(
        "本目录为{level_zh}，上级目录{parent_zh}为{parent_level_zh}；下级目录的层级必须更低。",
        "This catalog is {level}; its parent {parent} is {parent_level}; a child must be lower.",
    ),
)

UNMATCHED_ITEM = rule(
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
    bad=_chain(
        child_document(
            replaced(
                replaced(
                    PARENT_LEAF,
                    "id: gas.permit\nname: 燃气经营许可证核发",
                    "id: gas.licence\nname: 瓶装燃气经营审批",
                ),
                "content: [申请条件, 申请材料, 申请流程, 法定依据]",
                "content: [办理条件, 所需材料, 办理时限]",
            )
        )
    ),
    good=_GOOD,
    scope="chain",
    fix=(
        "是同一事项就给它上级的 id（或写入事项对应表）；不是就保留为本级新增事项。",
        "If it is the same item, give it the parent's id (or map it); if not, keep it as a "
        "local addition.",
    ),
    messages={
        "default": (_UNMATCHED[0] + _CLOSEST[0], _UNMATCHED[1] + _CLOSEST[1]),
        "group": (
            _UNMATCHED[0] + _GROUP[0] + _CLOSEST_GROUP[0],
            _UNMATCHED[1] + _GROUP[1] + _CLOSEST_GROUP[1],
        ),
    },
)

NOT_APPLICABLE = rule(
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
    bad=_leaf(
        "levels: [县级, 乡级]\n", "levels: [县级, 乡级]\nnot_applicable: {reason: 本县无管道燃气}\n"
    ),
    good=_GOOD,
    scope="chain",
    fix=(
        "复核理由；确认后可用 waivers 记录复核结论。",
        "Review the reason; a waiver can record the review.",
    ),
    messages=(
        "事项“{name}”标注为不适用（上级目录{parent_zh}要求此事项）：{reason}",
        "Item {name!r} is marked not applicable (required by parent {parent}): {reason}",
    ),
)

ELEMENT_DROPPED = rule(
    "GK216",
    Severity.WARNING,
    ("上级有的要素下级整列没有", "An element of the parent is dropped from the whole catalog"),
    (
        "上级目录写明了公开层级等要素，下级完整目录却整列没有（没有这一列，或每个事项都空着），"
        "无法与上级比较这一要素。按目录报告一次，不逐项重复。必需要素（名称、内容、依据、时限、主体、"
        "方式、渠道、对象）在某个事项上空缺的，由 GK101/GK106 报告，不在此重复。村级目录没有公开层级列"
        "不报告：村级是最低一级，清单中的事项都是村级事项。",
        "The parent states an element such as 公开层级 (levels) that the child's complete "
        "catalog leaves out entirely (no such column, or empty for every item), so it cannot "
        "be compared. It is reported once per catalog, not item by item. A required element "
        "(name, content, basis, time limit, subject, method, channels, audience) missing on "
        "an item is reported by GK101/GK106, not again here. A 村级 list without a 公开层级 "
        "column is not reported: 村级 is the lowest level, every item of the list is a "
        "village item.",
    ),
    _ONLY_ADD,
    bad=_leaf("levels: [县级, 乡级]\n", ""),
    good=_GOOD,
    scope="chain",
    fix=("补上该列（公开层级：本级及以下各级勾选 √）。", "Add the column (tick the levels)."),
    messages={
        "default": (
            "上级目录{parent_zh}写明了{element_name_zh}，本目录整列没有（没有这一列，或每个事项都空着），"
            "未能与上级比较这一要素。",
            "Parent {parent} states {element_name}, which this catalog leaves out entirely (no "
            "such column, or empty everywhere); it was not compared.",
        ),
        **element_messages(item=("上级有此要素，本目录没有", "dropped")),
    },
)

LIMIT_INCOMPARABLE = rule(
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
    bad=_leaf(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: periodic, period: 每月, text: 每月公开}",
    ),
    good=_GOOD,
    scope="chain",
    fix=(
        "改用可比较的写法（如 N 个工作日），或复核后用 waivers 记录。",
        "Use a comparable limit (N working days) or record a review as a waiver.",
    ),
    messages=element_messages(
        default=(
            "无法判断 {child_value} 是否不宽于 {parent_value}",
            "cannot tell whether {child_value} is within {parent_value}",
        )
    ),
)

MATCHED_BY_NAME = rule(
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
    bad=_leaf("id: gas.permit\n", "id: gas.local-permit\n"),
    good=_GOOD,
    scope="chain",
    fix=("使用上级的 id；匹配错了就写入事项对应表。", "Use the parent's id; map a wrong match."),
    messages=(
        "事项“{name}”按名称和内容对应上级目录{parent_zh}的事项“{parent_name}”（{parent_id}，"
        "相似度 {score:.0f}）；建议把 id {id} 改为 {parent_id}。",
        "Item {name!r} matches parent {parent} item {parent_name!r} ({parent_id}, score "
        "{score:.0f}) by name and content; use id {parent_id} instead of {id}.",
    ),
)

BAD_MAP = rule(
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
    bad=Example(
        "需要一个写错的对应表文件，无法用单个文档演示；见 tests/test_real_catalogs.py。", "none"
    ),
    good=_GOOD,
    scope="chain",
    fix=(
        '按 docs/matching.md 的样例改正对应表：gkstd-map: "1.0"，items: 本目录事项: 上级事项编号。',
        'Fix the map as in docs/matching.md: gkstd-map: "1.0" and items: child: parent id.',
    ),
    messages={
        "default": (
            '{map_file} 不是事项对应表：应有 gkstd-map: "1.0" 和 items: 映射（本目录事项 → 上级事项编号）。',
            '{map_file} is not an item map: it needs gkstd-map: "1.0" and an items: mapping.',
        ),
        "unreadable": (
            "无法读取事项对应表 {map_file}：{error}。",
            "Cannot read the item map {map_file}: {error_en}.",
        ),
        "not-utf8": (
            "事项对应表 {map_file} 不是 UTF-8 编码；请在编辑器中另存为 UTF-8。",
            "The item map {map_file} is not UTF-8; save it as UTF-8.",
        ),
        "bad-yaml": (
            "事项对应表 {map_file} 不是有效的 YAML；请按 docs/matching.md 中的样例书写。",
            "The item map {map_file} is not valid YAML; see docs/matching.md.",
        ),
        "bad-yaml-at": (
            "事项对应表 {map_file} 第 {row} 行不是有效的 YAML；请按 docs/matching.md 中的样例书写。",
            "The item map {map_file} is not valid YAML at line {row}; see docs/matching.md.",
        ),
        "bad-entry": (
            "事项对应表 {map_file} 中的条目 {entry} 写法不对：应为“本目录事项: 上级事项编号”。",
            "Entry {entry} of the item map {map_file} should read 'child item: parent id'.",
        ),
        "unknown-key": (
            _ENTRY[0] + "本目录中没有这个事项编号或名称路径（名称路径用“一级事项/二级事项”）。",
            _ENTRY[1]
            + "no item of this catalog has this id or name path (write names as 一级/二级).",
        ),
        "unknown-target": (
            _ENTRY[0] + "上级目录{parent_zh}没有编号为 {target} 的事项；请改为上级目录中的事项编号"
            "（gkstd show {parent} 可列出）。",
            _ENTRY[1] + "parent {parent} has no item {target}; use one of its ids "
            "(gkstd show {parent} lists them).",
        ),
        "not-at-level": (
            _ENTRY[0] + "上级目录的事项 {target} 的公开层级不含本级，本级目录不需要对应它。",
            _ENTRY[1] + "parent item {target} does not apply at this level.",
        ),
        "claimed": (
            _ENTRY[0] + _CLAIMED[0] + "{taken}" + _ONE_CLAIM[0],
            _ENTRY[1] + _CLAIMED[1] + "{taken}" + _ONE_CLAIM[1],
        ),
        "claimed-none-taken": (
            _ENTRY[0] + _CLAIMED[0] + "无" + _ONE_CLAIM[0],
            _ENTRY[1] + _CLAIMED[1] + "none" + _ONE_CLAIM[1],
        ),
    },
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
