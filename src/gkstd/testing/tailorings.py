"""Hypothesis strategies for tailorings (裁剪) of a parent catalog, and chains of them.

A *valid* tailoring only adds (原则上只增不减): it refines inherited items with more
content, channels, citations and levels, a stricter time limit, 依申请 → 主动, a local
subject, and adds local items with every element.  Resolving it must give a superset of
the parent's items at the tailoring's level; :mod:`gkstd.testing.conformance` checks
that for every pack.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import attrs
from hypothesis import strategies as st

from gkstd.inherit.resolved import applies_at
from gkstd.model import (
    Audience,
    Catalog,
    Channel,
    Citation,
    Item,
    Jurisdiction,
    Level,
    Method,
    Relation,
    TimeLimit,
    TimeLimitKind,
)
from gkstd.plugins.registry import Registry

__all__ = [
    "Chain",
    "chains",
    "is_placeholder",
    "levels_below",
    "required_leaves",
    "tailoring_chains",
    "tailorings",
]

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

#: Local wording added by generated tailorings (generated test data, not catalog content).
LOCAL_POINTS = ["本级办理网点", "本级咨询电话", "本级监督举报方式", "本级办理进度", "本级补充说明"]
LOCAL_LAWS = ["本级实施办法（测试数据）", "本级配套规定（测试数据）"]
LOCAL_NAMES = [
    "本级新增事项（测试数据）甲",
    "本级新增事项（测试数据）乙",
    "本级新增事项（测试数据）丙",
]


@attrs.frozen
class Chain:
    """Catalog documents ``docs[0]`` (root) … ``docs[-1]``; each extends the one before
    by its id, so :meth:`parents` supplies the whole chain to a
    :class:`~gkstd.inherit.workspace.Workspace`."""

    docs: tuple[Catalog, ...]

    def parents(self) -> dict[str, Catalog]:
        """The chain's documents by id (what ``extends`` refers to)."""
        return {doc.id: doc for doc in self.docs}


@st.composite
def chains(draw: st.DrawFn, max_depth: int = 6) -> Chain:
    """A synthetic root catalog (domain ``example``) and up to ``max_depth - 1`` valid
    tailorings below it, national → … → village."""
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


# -- tailorings of a given parent ------------------------------------------------------


def _paths(items: tuple[Item, ...], above: tuple[Item, ...] = ()) -> Iterator[tuple[Item, ...]]:
    for item in items:
        yield (*above, item)
        yield from _paths(item.items, (*above, item))


def required_leaves(parent: Catalog, level: Level) -> list[tuple[Item, ...]]:
    """Paths (ancestors …, leaf) of the parent's leaves that a catalog at ``level``
    inherits and may not drop (not marked ``not_applicable``)."""
    return [
        path
        for path in _paths(parent.items)
        if path[-1].is_leaf and all(applies_at(i, level) and i.not_applicable is None for i in path)
    ]


def levels_below(level: Level) -> list[Level]:
    """The levels below ``level`` (national → … → village), nearest first."""
    return [lv for lv in Level if lv.rank > level.rank]


def is_placeholder(item: Item) -> bool:
    """A group whose children could not be verified (``gap: {missing: [items]}``)."""
    return item.gap is not None and "items" in item.gap.missing


def _stricter_limit(draw: st.DrawFn, limit: TimeLimit | None) -> TimeLimit | None:
    """A limit that refines ``limit`` (or one for an item without a limit), or ``None``."""
    if not draw(st.booleans()):
        return None
    if limit is None:
        return TimeLimit.working(draw(st.integers(1, 20)))
    if draw(st.integers(0, 3)) == 0:
        return TimeLimit(TimeLimitKind.IMMEDIATE)
    if (
        limit.kind in (TimeLimitKind.WORKING_DAYS, TimeLimitKind.CALENDAR_DAYS)
        and limit.relation is Relation.WITHIN
        and limit.days
    ):
        return attrs.evolve(limit, days=draw(st.integers(1, limit.days)), text=None)
    return None


def _refine(draw: st.DrawFn, item: Item, level: Level, local: str) -> Item:
    """A refinement of ``item``: only the elements that change (the id and name stay).

    A channel added to an item without the government website is the website (core rule
    GK301 asks 主动 items to list it); the audience is never set (widening it to 全社会
    is a warning, GK208).
    """
    on_website = any(c is Channel.WEBSITE for c in item.channels)
    new_channels = (
        [Channel.WEBSITE] if not on_website else [c for c in Channel if c not in item.channels]
    )
    method = (
        Method.PROACTIVE
        if item.method in (None, Method.ON_REQUEST) and draw(st.booleans())
        else None
    )
    channels: tuple[Channel, ...] = ()
    add_channel: bool = draw(st.booleans())
    if new_channels and (add_channel or (method is not None and not on_website)):
        channels = (draw(st.sampled_from(new_channels)),)
    return Item(
        id=item.id,
        name=item.name,
        content=(draw(st.sampled_from(LOCAL_POINTS)),) if draw(st.booleans()) else (),
        basis=(Citation(draw(st.sampled_from(LOCAL_LAWS))),) if draw(st.booleans()) else (),
        time_limit=_stricter_limit(draw, item.time_limit),
        subject=f"{local}相关部门" if draw(st.booleans()) else None,
        method=method,
        channels=channels,
        levels=() if level in item.levels or not draw(st.booleans()) else (level,),
    )


def _addition(draw: st.DrawFn, item_id: str, name: str, level: Level, local: str) -> Item:
    """A local item with every element."""
    return Item(
        id=item_id,
        name=name,
        content=tuple(
            draw(st.lists(st.sampled_from(LOCAL_POINTS), min_size=1, max_size=2, unique=True))
        ),
        basis=(Citation("中华人民共和国政府信息公开条例", doc_no="国务院令第711号"),),
        time_limit=TimeLimit.working(draw(st.integers(1, 20))),
        subject=f"{local}相关部门",
        method=Method.PROACTIVE,
        channels=tuple(dict.fromkeys((Channel.WEBSITE, draw(st.sampled_from(CHANNELS))))),
        audience=Audience.PUBLIC,
        levels=(level,),
    )


def _nest(paths: list[tuple[Item, ...]], leaves: dict[str, Item]) -> tuple[Item, ...]:
    """The delta tree: each changed leaf under copies (id, name) of its ancestors."""
    root: dict[str, tuple[Item, dict[str, object]]] = {}
    for path in paths:
        level = root
        for ancestor in path[:-1]:
            entry = level.setdefault(ancestor.id, (ancestor, {}))
            level = entry[1]  # type: ignore[assignment]
        level[path[-1].id] = (leaves[path[-1].id], {})

    return _nested(root)


def _nested(level: dict[str, tuple[Item, dict[str, object]]]) -> tuple[Item, ...]:
    out = []
    for item, children in level.values():
        if children:
            out.append(Item(id=item.id, name=item.name, items=_nested(children)))  # type: ignore[arg-type]
        else:
            out.append(item)
    return tuple(out)


@st.composite
def tailorings(
    draw: st.DrawFn,
    parent: Catalog,
    ref: str | None = None,
    *,
    level: Level | None = None,
    max_refined: int = 3,
    max_added: int = 2,
) -> Catalog:
    """A valid tailoring of ``parent``: a catalog that ``extends`` ``ref`` (default: the
    parent's id) at a level below the parent's, refining up to ``max_refined`` inherited
    items and adding up to ``max_added`` local items.

    Raises ``ValueError`` when ``parent`` is a village catalog (nothing lies below it).
    """
    ref = ref or parent.id
    below = levels_below(parent.jurisdiction.level)
    if not below:
        raise ValueError(
            f"{parent.id}: 村级目录之下没有层级 / nothing lies below a village catalog"
        )
    level = level or draw(st.sampled_from(below))
    local = f"测试{level.label}"
    required = [p for p in required_leaves(parent, level) if not is_placeholder(p[-1])]
    chosen = (
        draw(
            st.lists(st.sampled_from(required), unique_by=lambda p: p[-1].id, max_size=max_refined)
        )
        if required
        else []
    )
    leaves = {path[-1].id: _refine(draw, path[-1], level, local) for path in chosen}
    paths = list(chosen)
    taken = {item.id for item in parent.walk()}
    groups = [g for g in parent.items if g.items and applies_at(g, level)]
    for n in range(draw(st.integers(0, max_added))):
        name = LOCAL_NAMES[n % len(LOCAL_NAMES)]
        nest: bool = draw(st.booleans())
        under = draw(st.sampled_from(groups)) if groups and nest else None
        base = f"{under.id}.local{n}" if under is not None else f"local{n}"
        item_id, k = base, 0
        while item_id in taken:
            k += 1
            item_id = f"{base}x{k}"
        taken.add(item_id)
        leaves[item_id] = _addition(draw, item_id, name, level, local)
        paths.append((under, leaves[item_id]) if under is not None else (leaves[item_id],))
    return Catalog(
        id=f"{parent.id}/{level.code}",
        domain=parent.domain,
        title=f"{local}{parent.title}（裁剪，测试数据）",
        jurisdiction=Jurisdiction(f"{local}政府", level),
        extends=ref,
        items=_nest(paths, leaves),
    )


@st.composite
def tailoring_chains(
    draw: st.DrawFn,
    parent: Catalog,
    *,
    max_depth: int = 3,
    registry: Registry | None = None,
) -> Chain:
    """``parent`` and up to ``max_depth`` valid tailorings below it, each tailoring the
    resolved form of the one before (e.g. national → provincial → county → township)."""
    from gkstd.inherit.workspace import Workspace

    docs = [parent]
    current = parent
    for _ in range(max_depth):
        if current.jurisdiction.level is Level.VILLAGE:
            break
        child = draw(tailorings(current, docs[-1].id))
        docs.append(child)
        ws = Workspace(registry, parents={d.id: d for d in docs})
        resolved = ws.resolve(child).catalog
        if resolved is None:  # pragma: no cover - a valid tailoring always resolves
            raise AssertionError(f"{child.id} did not resolve")
        current = resolved
        if not draw(st.booleans()):
            break
    return Chain(tuple(docs))
