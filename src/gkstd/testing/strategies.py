"""Hypothesis strategies for gkstd catalogs, built from the attrs model.

Built from the attrs classes, not from the JSON Schema (hypothesis-jsonschema does not
read Draft 2020-12).  Every generated catalog is schema-valid: it dumps to a document
that loads back equal.  Importing this module registers the type strategies, so that
``st.from_type(Catalog)`` (and ``Item``, ``TimeLimit`` …) work.

* element values: :func:`texts`, :func:`time_limits`, :func:`citations`,
  :func:`channels`, and :func:`element_values` for any element, including a pack's own
  element types (``extra:<column>``, see :func:`register_element_strategy`);
* :func:`items` and :func:`catalogs`, optionally for one pack (its domain code, and
  wording drawn from its national catalog so that its domain rules get exercised);
* tailorings, chains and mutations: re-exported from
  :mod:`gkstd.testing.tailorings` and :mod:`gkstd.testing.mutations`.

Long module: the kit's public strategies are one page of API (element values, items,
catalogs and the type registrations); tailorings and mutations already live apart.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from gkstd.model import (
    Audience,
    Catalog,
    Category,
    Channel,
    Citation,
    Item,
    Jurisdiction,
    Level,
    Mark,
    Method,
    Period,
    Rank,
    Relation,
    Source,
    TimeLimit,
    TimeLimitKind,
    Trigger,
    Waiver,
)
from gkstd.packs.pack import DomainPack
from gkstd.plugins.registry import Registry
from gkstd.testing.mutations import MUTATION_KINDS, Mutation, mutations
from gkstd.testing.tailorings import Chain, chains, tailoring_chains, tailorings

__all__ = [
    "MUTATION_KINDS",
    "Chain",
    "Mutation",
    "Vocabulary",
    "catalogs",
    "chains",
    "channels",
    "citations",
    "element_values",
    "items",
    "jurisdictions",
    "mutations",
    "register_element_strategy",
    "register_type_strategies",
    "simple_time_limits",
    "tailoring_chains",
    "tailorings",
    "texts",
    "time_limits",
    "vocabulary",
    "web_addresses",
]

K = TimeLimitKind

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E)


def web_addresses() -> st.SearchStrategy[str]:
    """A source's ``url``: ``http(s)://`` a host under ``gov.cn`` and a path (the format
    allows only web addresses; see ``URL_PATTERN`` in :mod:`gkstd.io.schema`)."""
    return st.builds(
        "{}://{}.gov.cn/{}".format,
        st.sampled_from(["http", "https"]),
        st.from_regex(r"\A[a-z0-9]{1,12}\Z"),
        st.from_regex(r"\A[A-Za-z0-9_./-]{0,24}\Z"),
    )


def texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Short non-empty text without surrounding white space: CJK, ASCII, ，、（）《》：；."""
    return st.text(
        st.one_of(_CJK, _ASCII, st.sampled_from(" ，、（）《》：；")), min_size=1, max_size=max_size
    ).filter(lambda s: s.strip() == s and s != "")


_SLUG = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,4})?\Z")

# -- time limits ---------------------------------------------------------------------

_EVENTS = st.sampled_from(
    [
        "分配结果确定",
        "收到征地批准文件",
        "组织听证",
        "拟征收土地现状调查结束",
        "规划批准",
        "实地启动拟征收土地工作",
    ]
)
_SCOPES = st.sampled_from(
    ["处罚决定", "行政许可、行政处罚事项", "除处罚决定外其他内容", "批后公布"]
)
_ANCHOR_TRIGGERS = st.sampled_from([t for t in Trigger if t is not Trigger.PROGRESS])


@st.composite
def _anchor(draw: st.DrawFn) -> dict[str, Any]:
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return {}
    if choice == 1:
        return {"trigger": draw(_ANCHOR_TRIGGERS)}
    return {"event": draw(_EVENTS)}


@st.composite
def simple_time_limits(draw: st.DrawFn) -> TimeLimit:
    """A time limit of one kind (not compound, not 同上), in canonical form (no ``text``)."""
    kind = draw(
        st.sampled_from(
            [
                K.WORKING_DAYS,
                K.CALENDAR_DAYS,
                K.MONTHS,
                K.IMMEDIATE,
                K.TIMELY,
                K.STANDING,
                K.PERIODIC,
                K.FIXED_DATE,
            ]
        )
    )
    if kind in (K.WORKING_DAYS, K.CALENDAR_DAYS, K.MONTHS):
        relation = draw(st.sampled_from(list(Relation)))
        anchor = draw(_anchor())
        if relation is Relation.AT_LEAST and "trigger" in anchor:
            anchor = {"event": draw(_EVENTS)}
        size = (
            {"months": draw(st.integers(1, 24))}
            if kind is K.MONTHS
            else {"days": draw(st.integers(1, 365))}
        )
        return TimeLimit(kind, relation=relation, **size, **anchor)  # type: ignore[arg-type]
    if kind is K.IMMEDIATE:
        return TimeLimit(kind, **draw(_anchor()))
    if kind is K.TIMELY:
        return TimeLimit(kind, **draw(st.one_of(_anchor(), st.just({"trigger": Trigger.PROGRESS}))))
    if kind is K.FIXED_DATE:
        return TimeLimit(kind, month=draw(st.integers(1, 12)), day=draw(st.integers(1, 28)))
    if kind is K.PERIODIC:
        period = draw(st.sampled_from(list(Period)))
        month = day = None
        if period in (Period.QUARTER, Period.HALF_YEAR) and draw(st.booleans()):
            month = draw(st.integers(1, 3 if period is Period.QUARTER else 6))
            day = draw(st.integers(1, 28))
        elif period is Period.MONTH and draw(st.booleans()):
            day = draw(st.integers(1, 28))
        elif draw(st.booleans()):  # 每季度结束后15日内 / 15个工作日内
            return TimeLimit(
                kind, period=period, days=draw(st.integers(1, 60)), workdays=draw(st.booleans())
            )
        return TimeLimit(kind, period=period, month=month, day=day)
    return TimeLimit(kind)


@st.composite
def _canonical_limits(draw: st.DrawFn) -> TimeLimit:
    if draw(st.integers(0, 3)) == 0:
        parts = draw(st.lists(simple_time_limits(), min_size=2, max_size=3))
        scoped = [attrs.evolve(p, scope=draw(st.one_of(st.none(), _SCOPES))) for p in parts]
        limit = TimeLimit(K.COMPOUND, parts=tuple(scoped))
    else:
        limit = draw(simple_time_limits())
        if limit.kind in (K.WORKING_DAYS, K.CALENDAR_DAYS) and draw(st.booleans()):
            limit = attrs.evolve(limit, place=draw(st.sampled_from(["村公示栏", "政务公开栏"])))
    return attrs.evolve(limit, law_exception=draw(st.booleans()))


def time_limits(*, canonical: bool = False) -> st.SearchStrategy[TimeLimit]:
    """公开时限 values of every kind, compound ones included.

    With ``canonical=True`` no value carries original wording (``text``), so
    :func:`gkstd.timing.limits.format_limit` and :func:`gkstd.timing.limits.parse` round-trip
    it.  Otherwise some values keep a wording of their own, and some are kind ``text``
    (wording not understood), as in published catalogs.
    """
    if canonical:
        return _canonical_limits()
    worded = st.tuples(_canonical_limits(), texts()).map(lambda p: attrs.evolve(p[0], text=p[1]))
    return st.one_of(_canonical_limits(), worded, texts().map(lambda t: TimeLimit(K.TEXT, text=t)))


# -- other element values ------------------------------------------------------------


def citations(titles: Sequence[str] = ()) -> st.SearchStrategy[Citation]:
    """公开依据 entries; titles are drawn from ``titles`` when given, else generated."""
    title = st.sampled_from(list(titles)) | texts() if titles else texts()
    return st.builds(
        Citation,
        title=title,
        doc_no=st.none() | texts(),
        article=st.none() | texts(),
        rank=st.none() | st.sampled_from(Rank),
    )


def _not_channel(text: str) -> bool:
    try:
        Channel.parse(text)
    except ValueError:
        return True
    return False


def channels() -> st.SearchStrategy[Channel | str]:
    """公开渠道: template channels, or free-text channels that name no template channel."""
    return st.sampled_from(Channel) | texts().filter(_not_channel)


def jurisdictions(levels: Sequence[Level] = tuple(Level)) -> st.SearchStrategy[Jurisdiction]:
    """A government at one of ``levels``, with or without a division code."""
    return st.builds(
        Jurisdiction,
        name=texts(),
        level=st.sampled_from(list(levels)),
        division_code=st.none() | st.from_regex(r"\A[0-9]{6}\Z"),
    )


def _tuple(strategy: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def _unique_tuple(strategy: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size, unique=True).map(tuple)


# -- a pack's wording ------------------------------------------------------------------


@attrs.frozen
class Vocabulary:
    """Wording taken from a pack's national catalog, to generate items "of" that pack.

    Generated items mix this wording with random text, so that a domain rule keyed on
    the domain's words (名单, 招标 …) meets both the words and noise.
    """

    domain: str
    names: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    laws: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    extra: tuple[tuple[str, tuple[str, ...]], ...] = ()


@functools.cache
def _vocabulary(pack: DomainPack) -> Vocabulary:
    catalog = pack.load_catalog().catalog
    if catalog is None:
        return Vocabulary(pack.code)
    leaves = list(catalog.leaves())

    def distinct(values: Any) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in values if v))

    extra: dict[str, list[str]] = {}
    for item in leaves:
        for key, value in item.extra.items():
            extra.setdefault(key, []).append(value)
    return Vocabulary(
        domain=pack.code,
        names=distinct(i.name for i in catalog.walk()),
        content=distinct(c for i in leaves for c in i.content),
        laws=distinct(c.title for i in leaves for c in i.basis),
        subjects=distinct(i.subject for i in leaves),
        extra=tuple((k, distinct(v)) for k, v in sorted(extra.items())),
    )


def _registry(registry: Registry | None) -> Registry:
    if registry is not None:
        return registry
    from gkstd.plugins.manager import default_registry

    return default_registry()


def _pack(pack: DomainPack | str, registry: Registry | None) -> DomainPack:
    if isinstance(pack, DomainPack):
        return pack
    found = _registry(registry).pack(pack)
    if found is None:
        raise LookupError(
            f"未安装领域包 {pack!r}（gkstd domains 列出已安装的领域包） / "
            f"no installed pack {pack!r} (see gkstd domains)"
        )
    return found


def vocabulary(pack: DomainPack | str, registry: Registry | None = None) -> Vocabulary:
    """The wording of ``pack``'s national catalog (cached per pack)."""
    return _vocabulary(_pack(pack, registry))


def _from(words: Sequence[str], fallback: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(list(words)) | fallback if words else fallback


# -- pack-defined element types --------------------------------------------------------

_ELEMENT_STRATEGIES: dict[tuple[str | None, str], st.SearchStrategy[Any]] = {}


def register_element_strategy(
    element: str, strategy: st.SearchStrategy[Any], *, domain: str | None = None
) -> None:
    """Tell the kit how to generate values of a pack's own element type.

    ``element`` is ``extra:<column>`` (or a core element to override); ``domain`` limits
    it to one pack's catalogs.  Without a registered strategy the kit draws from the
    order's ``samples``, the pack's own values of that column and random text.
    """
    _ELEMENT_STRATEGIES[(domain, element)] = strategy


_CORE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "name": texts(),
    "content": _tuple(texts()),
    "basis": _tuple(citations()),
    "time_limit": time_limits(),
    "subject": texts(),
    "method": st.sampled_from(Method),
    "channels": _unique_tuple(channels()),
    "audience": st.sampled_from(Audience),
    "levels": _unique_tuple(st.sampled_from(Level)),
    "category": st.sampled_from(Category),
    "notes": texts(),
}


def element_values(
    element: str, *, pack: DomainPack | str | None = None, registry: Registry | None = None
) -> st.SearchStrategy[Any]:
    """Present values of ``element``: a core element key (``content`` …) or a pack's own
    element type ``extra:<column>``.

    For a pack's element type the values come from a strategy registered with
    :func:`register_element_strategy`, else from the ``samples`` of the pack's
    :class:`~gkstd.inherit.orders.ElementOrder`, the values of that column in the pack's
    national catalog, and random text.
    """
    domain = None
    if pack is not None:
        domain = _pack(pack, registry).code
    for key in ((domain, element), (None, element)):
        if key in _ELEMENT_STRATEGIES:
            return _ELEMENT_STRATEGIES[key]
    if element in _CORE_VALUES:
        return _CORE_VALUES[element]
    if not element.startswith("extra:"):
        raise KeyError(f"未知要素 {element!r} / unknown element {element!r}")
    column = element.removeprefix("extra:")
    known: list[Any] = []
    if domain is not None:
        reg = _registry(registry)
        for order in reg.orders_for(domain):
            if order.element == element:
                known.extend(order.samples)
        known.extend(
            v for k, values in vocabulary(domain, reg).extra if k == column for v in values
        )
    values = st.text(max_size=12)
    return st.sampled_from(known) | values if known else values


# -- items and catalogs ----------------------------------------------------------------


def items(
    item_id: str = "i0",
    depth: int = 2,
    *,
    pack: DomainPack | str | None = None,
    registry: Registry | None = None,
) -> st.SearchStrategy[Item]:
    """An item with id ``item_id`` and up to ``depth`` levels of children.

    With ``pack``, names, content, laws, subjects and the pack's own element types are
    partly drawn from the pack's national catalog.
    """
    vocab = vocabulary(pack, registry) if pack is not None else Vocabulary("example")
    extra_keys: list[str] = [k for k, _ in vocab.extra]
    if pack is not None:
        extra_keys += [
            o.element.removeprefix("extra:")
            for o in _registry(registry).orders_for(vocab.domain)
            if o.element.startswith("extra:")
        ]
    extra_keys = list(dict.fromkeys(extra_keys))
    if extra_keys:
        extra: st.SearchStrategy[dict[str, str]] = st.fixed_dictionaries(
            {},
            optional={
                k: element_values(f"extra:{k}", pack=pack, registry=registry) for k in extra_keys
            },
        )
    else:
        extra = st.dictionaries(texts(), st.text(max_size=8), max_size=2)
    fields: dict[str, st.SearchStrategy[Any]] = {
        "name": _from(vocab.names, texts()),
        "content": _tuple(_from(vocab.content, texts())),
        "basis": _tuple(citations(vocab.laws)),
        "time_limit": st.none() | time_limits(),
        "subject": st.none() | _from(vocab.subjects, texts()),
        "method": st.none() | st.sampled_from(Method),
        "channels": _unique_tuple(channels()),
        "audience": st.none() | st.sampled_from(Audience),
        "levels": _unique_tuple(st.sampled_from(Level)),
        "category": st.none() | st.sampled_from(Category),
        "sources": _tuple(_SLUG, 2),
        "gap": st.none() | st.builds(Mark, reason=texts()),
        "not_applicable": st.none() | st.builds(Mark, reason=texts()),
        "notes": st.none() | texts(),
        "extra": extra,
    }
    return _items(item_id, depth, fields)


def _items(
    item_id: str, depth: int, fields: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[Item]:
    """An item tree; ``fields`` are the element strategies, built once per :func:`items`."""
    children = (
        st.integers(0, 3).flatmap(
            lambda n: st.tuples(*[_items(f"{item_id}.c{i}", depth - 1, fields) for i in range(n)])
        )
        if depth > 0
        else st.just(())
    )
    return st.builds(Item, id=st.just(item_id), items=children, **fields)


def catalogs(
    pack: DomainPack | str | None = None,
    *,
    registry: Registry | None = None,
    max_items: int = 3,
) -> st.SearchStrategy[Catalog]:
    """Schema-valid catalogs, with no parent (``extends``/``conforms_to`` unset).

    With ``pack`` the catalogs belong to that pack's domain and use its wording (see
    :func:`items`); otherwise the domain is drawn from a few codes.
    """
    if pack is not None:
        domain: st.SearchStrategy[str] = st.just(_pack(pack, registry).code)
    else:
        domain = st.sampled_from(["municipal-services", "example", "social-insurance"])
    return st.builds(
        Catalog,
        id=st.from_regex(r"\A[a-z0-9]{1,8}(/[a-z0-9-]{1,8})?\Z"),
        domain=domain,
        title=texts(),
        jurisdiction=jurisdictions(),
        version=st.none() | texts(),
        issued=st.none() | st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)),
        issuer=st.none() | texts(),
        sources=_tuple(
            st.builds(Source, id=_SLUG, title=texts(), url=st.none() | web_addresses()), 2
        ),
        notes=st.none() | texts(),
        items=st.integers(0, max_items).flatmap(
            lambda n: st.tuples(*[items(f"i{i}", pack=pack, registry=registry) for i in range(n)])
        ),
        waivers=_tuple(
            st.builds(Waiver, code=st.from_regex(r"\AGK[0-9]{3}\Z"), item=texts(), reason=texts()),
            2,
        ),
    )


def register_type_strategies() -> None:
    """Register the strategies with hypothesis so ``st.from_type(Catalog)`` works.

    Called when this module is imported; safe to call again.
    """
    for cls, strategy in (
        (Catalog, catalogs()),
        (Item, items()),
        (TimeLimit, time_limits()),
        (Citation, citations()),
        (Jurisdiction, jurisdictions()),
        (Source, st.builds(Source, id=_SLUG, title=texts(), url=st.none() | web_addresses())),
        (
            Waiver,
            st.builds(Waiver, code=st.from_regex(r"\AGK[0-9]{3}\Z"), item=texts(), reason=texts()),
        ),
        (Mark, st.builds(Mark, reason=texts())),
        (Chain, chains()),
    ):
        st.register_type_strategy(cls, strategy)


register_type_strategies()
