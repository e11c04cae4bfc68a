"""A hypothesis strategy for chains of tailorings (national → … → village)."""

from __future__ import annotations

import itertools

import attrs
from hypothesis import strategies as st

from gkstd.model import (
    Audience,
    Catalog,
    Channel,
    Citation,
    Item,
    Jurisdiction,
    Level,
    Method,
    TimeLimit,
    TimeLimitKind,
)

#: Distinct words, so that no generated entry contains another.
WORDS = [
    "申请条件", "办理流程", "收费标准", "审批结果", "咨询电话", "监督渠道", "服务网点", "法定依据",
    "申请材料", "补贴标准", "资金分配", "项目名称", "实施主体", "验收情况", "投诉方式", "办理时限",
    "名单公示", "政策解读", "年度计划", "建设规模", "责任单位", "处罚决定", "许可事项", "申报指南",
]  # fmt: skip
NAMES = [
    "燃气经营许可证核发", "城市道路挖掘审批", "园林绿化工程验收", "供水水质信息", "排水许可",
    "特殊车辆通行", "古树名木保护", "户外广告设置", "公厕布局规划", "路灯设施维护",
    "桥梁安全检测", "污水处理收费", "垃圾分类管理", "停车场备案", "临时占道许可", "渣土运输核准",
    "管线迁改审批", "绿地认养", "河道保洁", "积水点治理", "井盖安全", "夜景照明", "水表更换", "节水奖励",
]  # fmt: skip
LAWS = ["城镇燃气管理条例", "城市道路管理条例", "城市绿化条例", "城镇排水与污水处理条例",
        "政府信息公开条例", "行政许可法", "城市供水条例", "地方配套规定"]  # fmt: skip
CHAIN_LEVELS = [Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]  # fmt: skip
LEAF_LEVELS = [Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]
CHANNELS = [Channel.WEBSITE, Channel.GAZETTE, Channel.SERVICE_CENTER, Channel.BULLETIN_BOARD]


@attrs.frozen
class Chain:
    """Catalog documents ``docs[0]`` (root) … ``docs[-1]``; ``docs[i]`` extends ``c{i-1}``."""

    docs: tuple[Catalog, ...]

    def parents(self) -> dict[str, Catalog]:
        return {doc.id: doc for doc in self.docs}


@st.composite
def chains(draw: st.DrawFn, max_depth: int = 6) -> Chain:
    """A root catalog and up to ``max_depth - 1`` valid tailorings below it."""
    depth = draw(st.integers(2, max_depth))
    words = iter(draw(st.permutations(WORDS)))
    names = iter(draw(st.permutations(NAMES)))
    laws = iter(draw(st.permutations(LAWS)))
    ids = (f"i{n}" for n in itertools.count())
    state: dict[str, Item] = {}  # leaf id → its current (resolved) form

    def leaf(item_id: str) -> Item:
        levels = draw(st.lists(st.sampled_from(LEAF_LEVELS), min_size=1, max_size=3, unique=True))
        return Item(
            id=item_id,
            name=next(names),
            content=tuple(next(words) for _ in range(draw(st.integers(1, 2)))),
            basis=(Citation(next(laws)),) if draw(st.booleans()) else (),
            time_limit=TimeLimit(TimeLimitKind.WORKING_DAYS, days=draw(st.integers(5, 30))),
            subject="负责部门",
            method=draw(st.sampled_from([Method.PROACTIVE, Method.ON_REQUEST])),
            channels=(draw(st.sampled_from(CHANNELS)),),
            audience=Audience.PUBLIC,
            levels=tuple(sorted(levels, key=lambda lv: lv.rank)),
        )

    groups = []
    for _ in range(draw(st.integers(1, 2))):
        gid = next(ids)
        children = tuple(leaf(f"{gid}.{next(ids)}") for _ in range(draw(st.integers(1, 2))))
        groups.append(Item(id=gid, name=next(names), items=children))
        state.update((c.id, c) for c in children)
    root = Catalog(
        id="c0",
        domain="example",
        title="示例目录",
        jurisdiction=Jurisdiction("全国", Level.NATIONAL),
        items=tuple(groups),
    )
    docs = [root]
    start = draw(st.integers(1, len(CHAIN_LEVELS) - depth + 1))
    for step, level in enumerate(CHAIN_LEVELS[start : start + depth - 1], start=1):
        usable = [i for i, it in state.items() if any(lv.rank >= level.rank for lv in it.levels)]
        delta_groups: dict[str, list[Item]] = {}
        for item_id in (
            draw(st.lists(st.sampled_from(usable), unique=True, max_size=2)) if usable else []
        ):
            current = state[item_id]
            days = current.time_limit.days if current.time_limit else 20
            refined = Item(
                id=item_id,
                name=current.name,
                content=(next(words),) if draw(st.booleans()) else (),
                time_limit=TimeLimit(TimeLimitKind.WORKING_DAYS, days=draw(st.integers(1, days))),
                method=Method.PROACTIVE if draw(st.booleans()) else None,
                channels=(draw(st.sampled_from(CHANNELS)),) if draw(st.booleans()) else (),
                subject=f"第{step}级主体" if draw(st.booleans()) else None,
            )
            group = item_id.split(".")[0]
            delta_groups.setdefault(group, []).append(refined)
            state[item_id] = attrs.evolve(
                current,
                content=current.content
                + tuple(c for c in refined.content if c not in current.content),
                time_limit=refined.time_limit,
                method=refined.method or current.method,
            )
        if draw(st.booleans()):
            group = draw(st.sampled_from([g.id for g in groups]))
            new = leaf(f"{group}.{next(ids)}")
            new = attrs.evolve(
                new, levels=tuple(lv for lv in CHAIN_LEVELS if lv.rank >= level.rank)[:2]
            )
            delta_groups.setdefault(group, []).append(new)
            state[new.id] = new
        names_by_group = {g.id: g.name for g in groups}
        items = tuple(
            Item(id=g, name=names_by_group[g], items=tuple(children))
            for g, children in delta_groups.items()
        )
        docs.append(
            Catalog(
                id=f"c{step}",
                domain="example",
                title=f"第{step}级目录",
                jurisdiction=Jurisdiction(f"第{step}级政府", level),
                extends=f"c{step - 1}",
                items=items,
            )
        )
    return Chain(tuple(docs))
