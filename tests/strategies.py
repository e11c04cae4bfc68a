"""Hypothesis strategies for the attrs model (the public kit arrives with gkstd.testing)."""

from __future__ import annotations

import datetime

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
    Source,
    TimeLimit,
    TimeLimitKind,
    Trigger,
    Waiver,
)

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
text = st.text(
    st.one_of(_CJK, _ASCII, st.sampled_from(" ，、（）《》：；")), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s != "")
slug = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,4})?\Z")


def time_limits() -> st.SearchStrategy[TimeLimit]:
    """Schema-valid time limits of every kind."""
    days = st.integers(1, 120)
    maybe_text = st.none() | text
    return st.one_of(
        st.builds(
            TimeLimit,
            kind=st.sampled_from([TimeLimitKind.WORKING_DAYS, TimeLimitKind.CALENDAR_DAYS]),
            days=days,
            trigger=st.none() | st.sampled_from(Trigger),
            text=maybe_text,
        ),
        st.builds(TimeLimit, kind=st.just(TimeLimitKind.IMMEDIATE), text=maybe_text),
        st.builds(
            TimeLimit,
            kind=st.just(TimeLimitKind.PERIODIC),
            period=st.sampled_from(Period),
            month=st.none() | st.integers(1, 12),
            day=st.none() | st.integers(1, 31),
            text=maybe_text,
        ),
        st.builds(
            TimeLimit,
            kind=st.just(TimeLimitKind.FIXED_DATE),
            month=st.integers(1, 12),
            day=st.integers(1, 31),
            text=maybe_text,
        ),
        st.builds(TimeLimit, kind=st.just(TimeLimitKind.TEXT), text=text),
    )


def _tuple(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size).map(tuple)


def _unique_tuple(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size, unique=True).map(tuple)


citations = st.builds(
    Citation,
    title=text,
    doc_no=st.none() | text,
    article=st.none() | text,
    rank=st.none() | st.sampled_from(Rank),
)
channels = st.sampled_from(Channel) | text.filter(lambda s: _not_channel(s))


def _not_channel(s: str) -> bool:
    try:
        Channel.parse(s)
    except ValueError:
        return True
    return False


def items(item_id: str, depth: int = 2) -> st.SearchStrategy[Item]:
    """An item with id ``item_id`` and up to ``depth`` levels of children."""
    children = (
        st.integers(0, 3).flatmap(
            lambda n: st.tuples(*[items(f"{item_id}.c{i}", depth - 1) for i in range(n)])
        )
        if depth > 0
        else st.just(())
    )
    return st.builds(
        Item,
        id=st.just(item_id),
        name=text,
        content=_tuple(text),
        basis=_tuple(citations),
        time_limit=st.none() | time_limits(),
        subject=st.none() | text,
        method=st.none() | st.sampled_from(Method),
        channels=_unique_tuple(channels),
        audience=st.none() | st.sampled_from(Audience),
        levels=_unique_tuple(st.sampled_from(Level)),
        category=st.none() | st.sampled_from(Category),
        sources=_tuple(slug, 2),
        gap=st.none() | st.builds(Mark, reason=text),
        not_applicable=st.none() | st.builds(Mark, reason=text),
        notes=st.none() | text,
        extra=st.dictionaries(text, st.text(max_size=8), max_size=2),
        items=children,
    )


def catalogs() -> st.SearchStrategy[Catalog]:
    """Schema-valid catalogs."""
    return st.builds(
        Catalog,
        id=st.from_regex(r"\A[a-z0-9]{1,8}(/[a-z0-9-]{1,8})?\Z"),
        domain=st.sampled_from(["municipal-services", "example", "social-insurance"]),
        title=text,
        jurisdiction=st.builds(
            Jurisdiction,
            name=text,
            level=st.sampled_from(Level),
            division_code=st.none() | st.from_regex(r"\A[0-9]{6}\Z"),
        ),
        version=st.none() | text,
        issued=st.none() | st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)),
        issuer=st.none() | text,
        sources=_tuple(st.builds(Source, id=slug, title=text, url=st.none() | text), 2),
        extends=st.none() | text,
        notes=st.none() | text,
        items=st.integers(0, 3).flatmap(lambda n: st.tuples(*[items(f"i{i}") for i in range(n)])),
        waivers=_tuple(
            st.builds(Waiver, code=st.from_regex(r"\AGK[0-9]{3}\Z"), item=text, reason=text), 2
        ),
    )
