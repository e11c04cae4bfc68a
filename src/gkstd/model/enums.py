"""Enumerations of catalog element values.

Every enumeration has a stable English code (the member value) and a Chinese label
(what documents and tables show).  Parsing accepts the code, the label and the common
variants seen in published catalogs; output always uses the Chinese label.
"""

from __future__ import annotations

import enum
import functools
import re
import types
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self

from gkstd.model.folding import fold

__all__ = [
    "Audience",
    "Category",
    "Channel",
    "LabelledEnum",
    "Level",
    "Method",
    "Period",
    "Rank",
    "Relation",
    "TimeLimitKind",
    "Trigger",
    "normalize_label",
]


def normalize_label(text: str) -> str:
    """Fold full-width forms and drop white space, so that variants compare equal.

    ``（电子屏）`` and ``(电子屏)`` fold to the same text, as do ``县 级`` and ``县级``.
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split())


class LabelledEnum(enum.Enum):
    """An enum whose members carry a Chinese label and accepted input variants.

    Members hash by identity (each is a singleton and equals only itself): ``enum.Enum``
    hashes by name in Python code, and the resolution of a province tree hashes levels
    and channels some hundred thousand times."""

    _labels: ClassVar[Mapping[str, str]]
    _variants: ClassVar[Mapping[str, tuple[str, ...]]]

    __hash__ = object.__hash__

    @property
    def code(self) -> str:
        """Stable English code of the member."""
        return str(self._value_)  # not ``self.value``: a descriptor call, per channel compared

    @property
    def label(self) -> str:
        """Canonical Chinese label of the member."""
        return type(self)._labels[self.code]

    @classmethod
    def spellings(cls) -> dict[str, Self]:
        """Every accepted input spelling (normalised) mapped to its member."""
        return dict(_spellings(cls))

    @classmethod
    def accepted(cls) -> list[str]:
        """Accepted spellings in a stable order: labels, codes, then variants."""
        out: list[str] = []
        for member in cls:
            for name in (member.label, member.code, *cls._variants.get(member.code, ())):
                if name not in out:
                    out.append(name)
        return out

    @classmethod
    def parse(cls, text: str) -> Self:
        """Return the member for ``text`` (code, label or variant).

        Raises ``ValueError`` naming the accepted labels when ``text`` is unknown.
        """
        table = _spellings(cls)
        member: Self | None = table.get(text) or table.get(normalize_label(text))
        if member is None:
            labels = "、".join(m.label for m in cls)
            raise ValueError(f"未知的取值 {text!r}，可用取值：{labels}")
        return member

    @classmethod
    def parse_many(cls, texts: Iterable[str]) -> list[Self]:
        """Parse each text; see :meth:`parse`."""
        return [cls.parse(t) for t in texts]


@functools.cache
def _spellings(cls: type[LabelledEnum]) -> Mapping[str, Any]:
    table: dict[str, Any] = {}
    for member in cls:
        names = (member.code, member.label, *cls._variants.get(member.code, ()))
        for name in names:
            table[normalize_label(name)] = member
    return types.MappingProxyType(table)


def _setup(
    cls: type[LabelledEnum], labels: dict[str, str], variants: dict[str, tuple[str, ...]]
) -> None:
    cls._labels = labels
    cls._variants = variants


class Level(LabelledEnum):
    """Administrative level of a jurisdiction, and a 公开层级 value."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"

    @property
    def rank(self) -> int:
        """0 for national … 5 for village: a larger rank is a lower level."""
        return _LEVEL_RANKS[self]


#: Each level's rank, in declaration order (resolution compares levels per item).
_LEVEL_RANKS: dict[Level, int] = {level: rank for rank, level in enumerate(Level)}


_setup(
    Level,
    {
        "national": "国家级",
        "provincial": "省级",
        "municipal": "市级",
        "county": "县级",
        "township": "乡级",
        "village": "村级",
    },
    {
        "national": ("全国", "国家", "中央"),
        "provincial": ("省", "省级", "自治区级", "直辖市级", "省(区、市)级"),
        "municipal": ("市", "地市级", "设区的市级", "州级", "盟级", "地级"),
        "county": (
            "县",
            "区级",
            "区",
            "县(区)级",
            "县(市、区)级",
            "县(市、区)",
            "区县级",
            "县区级",
            "旗级",
            "县(市)级",
        ),
        "township": (
            "乡",
            "乡镇",
            "乡镇级",
            "镇级",
            "镇",
            "街道",
            "街道级",
            "镇街级",
            "镇(街)级",
            "镇(街道)级",
            "乡(镇)级",
            "乡镇(街道)级",
            "苏木级",
            "镇街乡",
            "镇街",
            "乡镇街道",
            "乡镇街道级",
            "镇(街)",
            "镇街乡级",
        ),
        "village": (
            "村",
            "村级",
            "社区",
            "村(居)级",
            "村(社区)级",
            "村居级",
            "嘎查级",
            "村(社区)",
            "村居",
            "村(居)",
        ),
    },
)


class Method(LabelledEnum):
    """公开方式.  ``withheld`` (不予公开) is recognised only so a rule can reject it."""

    PROACTIVE = "proactive"
    ON_REQUEST = "on_request"
    WITHHELD = "withheld"


_setup(
    Method,
    {"proactive": "主动", "on_request": "依申请", "withheld": "不予公开"},
    {
        "proactive": ("主动公开",),
        "on_request": ("依申请公开", "申请", "申请公开"),
        "withheld": ("不公开", "免予公开", "不予公开"),
    },
)


class Audience(LabelledEnum):
    """公开对象."""

    PUBLIC = "public"
    SPECIFIC = "specific"


_setup(
    Audience,
    {"public": "全社会", "specific": "特定对象"},
    {
        "public": ("全社会公开", "社会公众", "社会"),
        "specific": ("特定群体", "特定群众", "特定对象公开", "特定人群"),
    },
)


class Category(LabelledEnum):
    """五公开: 决策、执行、管理、服务、结果公开."""

    DECISION = "decision"
    EXECUTION = "execution"
    MANAGEMENT = "management"
    SERVICE = "service"
    RESULT = "result"


_setup(
    Category,
    {
        "decision": "决策",
        "execution": "执行",
        "management": "管理",
        "service": "服务",
        "result": "结果",
    },
    {
        "decision": ("决策公开",),
        "execution": ("执行公开",),
        "management": ("管理公开",),
        "service": ("服务公开",),
        "result": ("结果公开",),
    },
)


class Channel(LabelledEnum):
    """公开渠道和载体: the template vocabulary.  Other channels stay free text."""

    WEBSITE = "website"
    GAZETTE = "gazette"
    NEW_MEDIA = "new_media"
    PRESS_HEARING = "press_hearing"
    BROADCAST = "broadcast"
    PRINT = "print"
    READING_POINT = "reading_point"
    SERVICE_CENTER = "service_center"
    SERVICE_STATION = "service_station"
    DOOR_TO_DOOR = "door_to_door"
    BULLETIN_BOARD = "bulletin_board"
    TARGETED_PUSH = "targeted_push"
    OTHER = "other"


_setup(
    Channel,
    {
        "website": "政府网站",
        "gazette": "政府公报",
        "new_media": "两微一端",
        "press_hearing": "发布会/听证会",
        "broadcast": "广播电视",
        "print": "纸质媒体",
        "reading_point": "公开查阅点",
        "service_center": "政务服务中心",
        "service_station": "便民服务站",
        "door_to_door": "入户/现场",
        "bulletin_board": "社区/企事业单位/村公示栏（电子屏）",
        "targeted_push": "精准推送",
        "other": "其他",
    },
    {
        "website": ("政府门户网站", "门户网站"),
        "new_media": ("政务新媒体",),
        "press_hearing": ("发布会听证会", "发布会", "新闻发布会"),
        "print": ("纸质载体",),
        "service_center": ("政府服务中心",),
        "door_to_door": ("入户/现场宣传",),
        "bulletin_board": (
            "社区/企事业单位、村公示栏（电子屏）",
            "社区/企事业单位/村公示栏",
            "村居/企事业单位公示栏（电子屏）",
            "社区/企事业单位公示栏（电子屏）",
        ),
        "targeted_push": ("精准报送",),
        "other": ("其他_",),
    },
)


#: Local names of template channels: a channel written in a local catalog's own words
#: (铁力市政府网站, 嘉荫县司法局公众号, 市行政服务中心) is the template channel it names.
_CHANNEL_KINDS: tuple[tuple[re.Pattern[str], Channel], ...] = (
    (re.compile(r"网站|政府网|门户网|政务服务网|政务网"), Channel.WEBSITE),
    # a 村（居）民微信群 is a chat group, not a 政务新媒体 account: the seeds name 微信群 and
    # 公众号 as two channels, so a 微信群 stays a free-text channel of its own
    (
        re.compile(r"公众号|微信(?!群)|微博|客户端|新媒体|[两一]微一端|抖音|APP|app"),
        Channel.NEW_MEDIA,
    ),
    (re.compile(r"(?:政务|行政|政府)服务(?:中心|大厅)|政务大厅|办事大厅"), Channel.SERVICE_CENTER),
    (re.compile(r"公示栏|公开栏|宣传栏|公告栏|电子屏"), Channel.BULLETIN_BOARD),
    (re.compile(r"查阅点|查阅室|阅览室|档案馆|图书馆"), Channel.READING_POINT),
    (re.compile(r"公报"), Channel.GAZETTE),
    (re.compile(r"广播|电视"), Channel.BROADCAST),
    (re.compile(r"报纸|报刊|纸质"), Channel.PRINT),
)


def channel_kind(channel: Channel | str) -> Channel | None:
    """The template channel a channel stands for: itself, or the template channel a
    local name names (``铁力市政府网站`` → 政府网站, ``县司法局公众号`` → 两微一端); ``None``
    for a channel of no template kind (其他法律服务网, 村民微信群).  The text is read folded
    (:func:`~gkstd.model.folding.fold`), as list entries are compared: 公开 栏 is 公开栏, so two
    channels that are one entry always stand for the same template channel."""
    if isinstance(channel, Channel):
        return channel
    text = fold(channel)
    for pattern, kind in _CHANNEL_KINDS:
        if pattern.search(text):
            return kind
    return None


class Rank(LabelledEnum):
    """效力位阶 of a cited document (公开依据)."""

    LAW = "law"
    ADMINISTRATIVE_REGULATION = "administrative_regulation"
    LOCAL_REGULATION = "local_regulation"
    DEPARTMENT_RULE = "department_rule"
    LOCAL_GOVERNMENT_RULE = "local_government_rule"
    NORMATIVE_DOCUMENT = "normative_document"

    @property
    def is_statute(self) -> bool:
        """True for 法律 and 法规 (行政法规, 地方性法规): what 条例 第二十六条 calls 法律、法规."""
        return self in (Rank.LAW, Rank.ADMINISTRATIVE_REGULATION, Rank.LOCAL_REGULATION)


_setup(
    Rank,
    {
        "law": "法律",
        "administrative_regulation": "行政法规",
        "local_regulation": "地方性法规",
        "department_rule": "部门规章",
        "local_government_rule": "地方政府规章",
        "normative_document": "规范性文件",
    },
    {
        "department_rule": ("规章",),
        "normative_document": ("部门规章及规范性文件", "政策文件", "其他规范性文件"),
    },
)


class TimeLimitKind(LabelledEnum):
    """Kinds of 公开时限 (see :class:`gkstd.model.TimeLimit`)."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    IMMEDIATE = "immediate"
    TIMELY = "timely"
    STANDING = "standing"
    PERIODIC = "periodic"
    FIXED_DATE = "fixed_date"
    SAME_AS_ABOVE = "same_as_above"
    COMPOUND = "compound"
    TEXT = "text"


_setup(
    TimeLimitKind,
    {
        "working_days": "工作日",
        "calendar_days": "日",
        "months": "月",
        "immediate": "实时",
        "timely": "及时",
        "standing": "长期",
        "periodic": "定期",
        "fixed_date": "固定日期",
        "same_as_above": "同上",
        "compound": "分项",
        "text": "原文",
    },
    {},
)


class Relation(LabelledEnum):
    """How an amount of time relates to its event.

    ``within``: at most N after the event (a deadline, the usual case);
    ``before``: at least N before the event (e.g. 听证7个工作日前);
    ``at_least``: lasts at least N (e.g. 公示不少于7个工作日, 征求意见不少于30日).
    """

    WITHIN = "within"
    BEFORE = "before"
    AT_LEAST = "at_least"


_setup(Relation, {"within": "以内", "before": "之前", "at_least": "不少于"}, {})


class Trigger(LabelledEnum):
    """The event a 公开时限 counts from."""

    FORMED_OR_CHANGED = "formed_or_changed"
    FORMED = "formed"
    OBTAINED = "obtained"
    APPROVED = "approved"
    RECEIVED = "received"
    DECIDED = "decided"
    PROGRESS = "progress"


_setup(
    Trigger,
    {
        "formed_or_changed": "信息形成或者变更",
        "formed": "信息形成",
        "obtained": "制定或获取信息",
        "approved": "批准",
        "received": "收到申请",
        "decided": "作出决定",
        "progress": "进展情况",
    },
    {
        "formed_or_changed": (
            "信息形成或变更",
            "形成或者变更",
            "形成或变更",
            "信息形成(变更)",
            "信息形成（变更）",
            "信息产生、变更",
            "信息形成、变更",
        ),
        "formed": ("形成", "信息产生"),
        "obtained": (
            "获取",
            "制作或获取",
            "信息获取",
            "制作或获取信息",
            "信息获取(形成变更)",
            "信息获取（形成变更）",
        ),
        "decided": ("作出行政决定", "决定作出"),
        "progress": ("工作进展", "进展"),
    },
)


class Period(LabelledEnum):
    """Recurrence of a periodic 公开时限."""

    YEAR = "year"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"


_setup(
    Period,
    {"year": "每年", "half_year": "每半年", "quarter": "每季度", "month": "每月", "week": "每周"},
    {"year": ("年度", "每年度"), "half_year": ("半年",), "quarter": ("季度",), "month": ("月度",)},
)
