"""Deliberate violations of "only add", each paired with the finding code it must trigger.

A mutation starts from a catalog that conforms to its parent (the resolved form of a
valid tailoring, which declares ``conforms_to``) and breaks it in one place: an item
removed, a content point, citation, channel or level dropped, a looser time limit,
主动 → 依申请, 全社会 → 特定对象, or a stated element left out.  Checking the mutated
catalog against the parent must report :attr:`Mutation.code`.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from gkstd.inherit.orders import (
    CORE_ORDERS,
    CompareContext,
    ElementOrder,
    channel_key,
    entry_key,
    is_generic_point,
    is_optional_point,
)
from gkstd.model import (
    Audience,
    Catalog,
    Item,
    Level,
    Method,
    Relation,
    TimeLimit,
    TimeLimitKind,
)
from gkstd.plugins.registry import Registry
from gkstd.testing.tailorings import is_placeholder, levels_below, required_leaves, tailorings

__all__ = ["MUTATION_KINDS", "Mutation", "apply_mutation", "mutations", "possible_kinds"]

#: Mutation kind → (the code it must trigger, what it does).
MUTATION_KINDS: dict[str, tuple[str, str]] = {
    "remove-item": ("GK201", "删除上级要求的事项 / remove a required item"),
    "drop-content": ("GK202", "删去一条公开内容 / drop a content point"),
    "drop-basis": ("GK203", "删去一条公开依据 / drop a citation"),
    "drop-channel": ("GK204", "删去一个公开渠道 / drop a channel"),
    "drop-level": ("GK205", "删去一个公开层级 / drop a level"),
    "looser-limit": ("GK206", "放宽公开时限 / loosen the time limit"),
    "downgrade-method": ("GK207", "主动公开改为依申请公开 / 主动 → 依申请"),
    "narrow-audience": ("GK209", "全社会缩小为特定对象 / 全社会 → 特定对象"),
    "drop-element": ("GK101", "删去上级写明的必需要素 / leave out a stated required element"),
    "weaken-extra": (
        "",
        "把领域包自定义要素改为不细化上级的值（代码取自该要素次序） / "
        "give a pack-defined element a value that does not refine the parent's "
        "(the code comes from the element's order)",
    ),
}

#: Codes also accepted for a kind: a removed item with a similarly named local item is
#: reported as a probable rename (GK214); the last level dropped from the only leaf that
#: states levels leaves the element out of the whole catalog (GK216).
ALSO_ACCEPTED: dict[str, frozenset[str]] = {
    "remove-item": frozenset({"GK214"}),
    "drop-level": frozenset({"GK216"}),
}

#: The code that reports a list element left empty by a drop: a required element that
#: is missing altogether is reported by GK101 (channels: GK106), not as "lost".
EMPTIED: dict[str, str] = {"content": "GK101", "basis": "GK101", "channels": "GK106"}


@attrs.frozen
class Mutation:
    """A catalog broken in one place, and the code that checking it must report."""

    kind: str
    catalog: Catalog
    code: str
    item: str
    detail: str
    also: frozenset[str] = frozenset()

    def caught_by(self, codes: Iterable[str]) -> bool:
        """True when ``codes`` (a report's codes) include the expected code."""
        found = set(codes)
        return self.code in found or bool(self.also & found)

    def describe(self) -> str:
        """One line for a failure message."""
        return f"{self.kind} @ {self.item}: {self.detail} (应报 / expected {self.code})"


def _replace(items: tuple[Item, ...], item_id: str, new: Item | None) -> tuple[Item, ...]:
    out = []
    for item in items:
        if item.id == item_id:
            if new is not None:
                out.append(new)
            continue
        if item.items:
            item = attrs.evolve(item, items=_replace(item.items, item_id, new))
        out.append(item)
    return tuple(out)


#: (kind, item id, change, detail, code); an empty code means the kind's own code.
Candidate = tuple[str, str, Callable[[Item], Item | None], str, str]


def _change(
    kind: str, item_id: str, change: Callable[[Item], Item | None], detail: str, code: str = ""
) -> Candidate:
    return (kind, item_id, change, detail, code)


def _evolve(item: Item, **changes: Any) -> Item:
    return attrs.evolve(item, **changes)


def _key_of(element: str) -> Callable[[Any], str]:
    """How the checks tell entries of ``element`` apart: a channel by the template channel
    it stands for (部门网站 is a 政府网站), other entries by :func:`entry_key`."""
    return channel_key if element == "channels" else entry_key


def _kept(values: tuple[Any, ...], key: str, contains: bool, element: str) -> tuple[Any, ...]:
    key_of = _key_of(element)
    return tuple(v for v in values if not (key in key_of(v) if contains else key == key_of(v)))


def _list_cut(element: str, key: str, contains: bool) -> Callable[[Item], Item]:
    def cut(item: Item) -> Item:
        values: tuple[Any, ...] = item.element(element)  # type: ignore[assignment]
        return attrs.evolve(item, **{element: _kept(values, key, contains, element)})  # type: ignore[arg-type]

    return cut


def _candidates(
    parent_item: Item, child: Item, level: Level, names: Counter[str]
) -> list[Candidate]:
    """Every mutation of the core elements this item allows."""
    out: list[Candidate] = []
    if child.not_applicable is not None:
        return out
    unverified = set(child.gap.missing) if child.gap is not None else set()
    if names[child.name] == 1:
        out.append(_change("remove-item", child.id, lambda _: None, child.name))
    for kind, element, contains in (
        ("drop-content", "content", True),
        ("drop-basis", "basis", True),
        ("drop-channel", "channels", False),
        ("drop-level", "levels", False),
    ):
        if element in unverified:
            continue
        if element == "levels" and level is Level.VILLAGE:
            # a village list needs no 公开层级 (its items are all 村级): a level dropped
            # there may leave the element unstated, which gkstd does not report (GK216)
            continue
        entries: tuple[Any, ...] = parent_item.element(element)  # type: ignore[assignment]
        for entry in entries:
            if element == "levels" and entry.rank < level.rank:
                continue
            if contains and is_generic_point(entry):
                continue  # a child may refine a generic point with concrete documents
            if element == "content" and is_optional_point(entry):
                continue  # 〔*…〕: the template marks the point optional
            key = _key_of(element)(entry)
            kept = _kept(child.element(element), key, contains, element)  # type: ignore[arg-type]
            order = CORE_ORDERS.get(element)
            if order is not None and not order.compare((entry,), kept, CompareContext(level)):
                continue  # what is left still covers the entry (e.g. a later edition's title)
            emptied = not kept
            out.append(
                _change(
                    kind,
                    child.id,
                    _list_cut(element, key, contains),
                    f"{element}: {key}",
                    EMPTIED.get(element, "") if emptied else "",
                )
            )
    limit = parent_item.time_limit
    if limit is not None and "time_limit" not in unverified:
        looser: TimeLimit | None = None
        if limit.kind is TimeLimitKind.IMMEDIATE:
            looser = TimeLimit.working(20)
        elif (
            limit.kind in (TimeLimitKind.WORKING_DAYS, TimeLimitKind.CALENDAR_DAYS)
            and limit.relation is Relation.WITHIN
            and limit.days
        ):
            looser = attrs.evolve(limit, days=limit.days + 10, text=None, scope=None)
        if looser is not None:
            out.append(
                _change(
                    "looser-limit",
                    child.id,
                    functools.partial(_evolve, time_limit=looser),
                    looser.display(),
                )
            )
    if parent_item.method is Method.PROACTIVE and "method" not in unverified:
        out.append(
            _change(
                "downgrade-method",
                child.id,
                lambda i: attrs.evolve(i, method=Method.ON_REQUEST),
                "依申请公开",
            )
        )
    if parent_item.audience is Audience.PUBLIC and "audience" not in unverified:
        out.append(
            _change(
                "narrow-audience",
                child.id,
                lambda i: attrs.evolve(i, audience=Audience.SPECIFIC),
                "特定对象",
            )
        )
    for element in ("time_limit", "subject", "method", "audience"):
        if parent_item.has_element(element) and element not in unverified:
            out.append(
                _change(
                    "drop-element",
                    child.id,
                    functools.partial(_evolve, **{element: None}),  # type: ignore[arg-type]
                    element,
                )
            )
    return out


def _extra_candidates(
    parent_item: Item, child: Item, level: Level, orders: Mapping[str, ElementOrder]
) -> list[Candidate]:
    """Mutations of a pack's own element types: a sample value that the element's order
    says does not refine the parent's value, expecting the code the order reports."""
    out: list[Candidate] = []
    ctx = CompareContext(level=level)
    for key, parent_value in parent_item.extra.items():
        order = orders.get(f"extra:{key}")
        if order is None:
            continue
        for sample in order.samples:
            violations = order.compare(parent_value, sample, ctx)
            if violations:
                extra = {**child.extra, key: sample}
                out.append(
                    (
                        "weaken-extra",
                        child.id,
                        functools.partial(_evolve, extra=extra),
                        f"extra:{key}: {parent_value} → {sample}",
                        violations[0].rule.code,
                    )
                )
    return out


def apply_mutation(
    complete: Catalog,
    kind: str,
    item_id: str,
    change: Callable[[Item], Item | None],
    detail: str,
    code: str = "",
) -> Mutation:
    """``complete`` with ``change`` applied to item ``item_id``, as a :class:`Mutation`
    expecting ``code`` (default: the kind's code in :data:`MUTATION_KINDS`)."""
    item = complete.item(item_id)
    assert item is not None, item_id
    mutated = attrs.evolve(complete, items=_replace(complete.items, item_id, change(item)))
    code = code or MUTATION_KINDS[kind][0]
    return Mutation(kind, mutated, code, item_id, detail, ALSO_ACCEPTED.get(kind, frozenset()))


def _path_candidates(
    path: tuple[Item, ...],
    child: Item,
    level: Level,
    names: Counter[str],
    orders: Mapping[str, ElementOrder],
) -> list[Candidate]:
    """The mutations of ``child``, the catalog's form of the parent leaf ``path[-1]``.

    A placeholder (a group whose children are a known gap) is not broken, and a child of
    one is not removed: a missing child of such a group is not reported.
    """
    leaf = path[-1]
    if is_placeholder(child):
        return []
    found = _candidates(leaf, child, level, names)
    found += _extra_candidates(leaf, child, level, orders)
    if any(is_placeholder(a) for a in path[:-1]):
        found = [c for c in found if c[0] != "remove-item"]
    return found


def possible_kinds(parent: Catalog, registry: Registry | None = None) -> list[str]:
    """The mutation kinds that ``parent`` offers at some level below its own, in the
    order of :data:`MUTATION_KINDS`."""
    from gkstd.inherit.workspace import Workspace

    orders = Workspace(registry).orders(parent.domain)
    names = Counter(item.name for item in parent.walk())
    found = {
        candidate[0]
        for level in levels_below(parent.jurisdiction.level)
        for path in required_leaves(parent, level)
        for candidate in _path_candidates(path, path[-1], level, names, orders)
    }
    return [k for k in MUTATION_KINDS if k in found]


@st.composite
def mutations(
    draw: st.DrawFn,
    parent: Catalog,
    *,
    kinds: Iterable[str] = tuple(MUTATION_KINDS),
    registry: Registry | None = None,
) -> Mutation:
    """A mutation of a catalog that conforms to ``parent``.

    The catalog is the resolved form of a generated valid tailoring of ``parent`` (so it
    has refinements and local items); one inherited item is then broken.  Kinds a
    tailoring can express (:data:`IN_TAILORING`: a looser limit, 主动 → 依申请, a
    narrower audience, a pack element's weaker value) are sometimes written into the
    tailoring itself instead, which then ``extends`` ``parent``.  Check
    ``mutation.catalog`` with ``parents={parent.id: parent}`` and expect
    ``mutation.code``.  Draws are rejected when ``parent`` offers nothing to break.
    """
    from gkstd.inherit.workspace import Workspace

    wanted = set(kinds)
    unknown = wanted - set(MUTATION_KINDS)
    if unknown:
        raise ValueError(f"未知的变异类型 / unknown mutation kind(s): {', '.join(sorted(unknown))}")
    tailoring = draw(tailorings(parent, parent.id))
    ws = Workspace(registry, parents={parent.id: parent})
    resolved = ws.resolve(tailoring)
    complete = resolved.catalog
    if complete is None:  # pragma: no cover - a valid tailoring always resolves
        raise AssertionError(f"{tailoring.id} did not resolve: {resolved.findings}")
    level = complete.jurisdiction.level
    names = Counter(item.name for item in complete.walk())
    orders = ws.orders(parent.domain)
    candidates: list[Candidate] = []
    paths: dict[str, tuple[Item, ...]] = {}
    for path in required_leaves(parent, level):
        paths[path[-1].id] = path
        child = complete.item(path[-1].id)
        if child is not None:
            found = _path_candidates(path, child, level, names, orders)
            candidates.extend(c for c in found if c[0] in wanted)
    if not candidates:
        reject()
    kind, item_id, change, detail, code = draw(st.sampled_from(candidates))
    if kind in IN_TAILORING and draw(st.booleans()):
        return _in_tailoring(tailoring, paths[item_id], kind, change, detail, code)
    return apply_mutation(complete, kind, item_id, change, detail, code)


#: Kinds that a tailoring (``extends``) can also express, by stating the element.
IN_TAILORING = frozenset({"looser-limit", "downgrade-method", "narrow-audience", "weaken-extra"})


def _in_tailoring(
    tailoring: Catalog,
    path: tuple[Item, ...],
    kind: str,
    change: Callable[[Item], Item | None],
    detail: str,
    code: str,
) -> Mutation:
    """The mutation written into the tailoring itself: the item's refinement states the
    violating value (a refinement is added, under its ancestors, if there is none)."""
    leaf = path[-1]
    existing = tailoring.item(leaf.id)
    if existing is not None:
        changed = change(existing)
        assert changed is not None
        items = _replace(tailoring.items, leaf.id, changed)
    else:
        changed = change(Item(id=leaf.id, name=leaf.name))
        assert changed is not None
        items = _insert(tailoring.items, path[:-1], changed)
    mutated = attrs.evolve(tailoring, items=items)
    return Mutation(
        kind,
        mutated,
        code or MUTATION_KINDS[kind][0],
        leaf.id,
        f"{detail}（写在裁剪中 / stated in the tailoring）",
        ALSO_ACCEPTED.get(kind, frozenset()),
    )


def _insert(items: tuple[Item, ...], ancestors: tuple[Item, ...], leaf: Item) -> tuple[Item, ...]:
    """``items`` with ``leaf`` added under ``ancestors`` (id-and-name copies are added
    for the ancestors the delta does not list yet)."""
    if not ancestors:
        return (*items, leaf)
    head, rest = ancestors[0], ancestors[1:]
    for index, item in enumerate(items):
        if item.id == head.id:
            updated = attrs.evolve(item, items=_insert(item.items, rest, leaf))
            return (*items[:index], updated, *items[index + 1 :])
    return (*items, Item(id=head.id, name=head.name, items=_insert((), rest, leaf)))
