"""GK307's topic search: ``covered_topics`` (one search per word in a catalog's text) finds
exactly the topics ``township_topic_coverage`` finds entries for (item by item)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gkstd.model import Catalog, Item, Jurisdiction, Level
from gkstd.rules.township import ART21_TOWNSHIP_TOPICS, covered_topics, township_topic_coverage

_WORDS = [w for _, _, words in ART21_TOWNSHIP_TOPICS for w in words]
_PIECES = st.sampled_from([*_WORDS, *(w[:-1] for w in _WORDS), *(w[1:] for w in _WORDS), "情况"])
_TEXT = st.lists(_PIECES | st.text(max_size=3), max_size=3).map("".join)


def test_no_topic_word_holds_a_separator() -> None:
    assert not any(ch.isspace() for w in _WORDS for ch in w)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.lists(st.lists(_TEXT, max_size=3), max_size=4))
def test_covered_topics_is_the_item_by_item_coverage(title: str, groups: list[list[str]]) -> None:
    items = tuple(
        Item(
            id=f"i{g}",
            name=f"一级{g}",
            items=tuple(Item(id=f"i{g}.{k}", name=name or "x") for k, name in enumerate(names)),
        )
        for g, names in enumerate(groups)
    )
    catalog = Catalog(
        id="c",
        domain="x",
        title=title or "t",
        jurisdiction=Jurisdiction("某镇", Level.TOWNSHIP),
        items=items,
    )
    coverage = township_topic_coverage([catalog])
    expected = {topic for topic, found in coverage.items() if found}
    assert covered_topics(catalog) == expected
    memo: dict[int, str] = {}
    assert covered_topics(catalog, memo) == covered_topics(catalog, memo) == expected
