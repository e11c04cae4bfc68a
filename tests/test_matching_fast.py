"""The fast paths of item matching, folding and domain detection give what the plain definitions give.

``match_items`` scores all name pairs of a level as one matrix (rapidfuzz ``cdist``) and
scores in full only the pairs that could reach the review score; ``fold_each`` folds
each distinct text once; domain detection counts the packs' names in each distinct cell
once, as often as it can still count.  Each is compared here with the definition it replaces.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gkstd.inherit import matching
from gkstd.inherit.matching import (
    CONTEXT_BONUS,
    Match,
    _folded_similarity,
    _name_matrix,
    bigram_similarity,
    match_items,
    name_similarity,
)
from gkstd.model import Item
from gkstd.model.folding import fold, fold_each, strip_numbering
from gkstd.tables import domain
from gkstd.tables.textcells import TextCells, read_text_cell

#: Characters that folding treats specially, CJK, Greek sigma, combining marks, space.
_CHARS = st.sampled_from(
    [
        *"公开事项目录申请条件材料法规政策安全生产〈〉<>【】、，,;；。 \n\t“”ΣσAaＡ１1",
        "\u0301",
        "\u3000",
        "ﬁ",
    ]
)
_TEXT = st.text(_CHARS, max_size=12)


@given(st.lists(_TEXT, max_size=8))
def test_fold_each_is_fold_of_each_text(texts: list[str]) -> None:
    assert fold_each(texts) == {text: fold(text) for text in texts}


_NAMES = ["安全生产", "政府网站", "生产安全", "Σσ"]


@given(
    st.lists(st.text(_CHARS, max_size=10) | st.sampled_from([*_NAMES, "安全生产领域安全生产"])),
    st.sampled_from(_NAMES),
)
def test_the_cell_text_counts_a_name_in_each_cell_up_to_the_cap(
    cells: list[str], name: str
) -> None:
    """Counted in the capped cell text, a pack's name is counted as in every cell on its
    own, as far as the bonus's cap; never across two cells."""
    capped = domain._MOST_MENTIONS
    in_cells = sum(fold(cell).count(fold(name)) for cell in cells)
    found = domain._cell_text(cells).count(fold(name))
    assert min(found, capped) == min(in_cells, capped)
    assert found <= in_cells


@given(st.lists(_TEXT, max_size=6), st.lists(_TEXT, max_size=6))
@example(["1"], ["1、1"])  # an outline number: name_similarity strips it
def test_the_name_matrix_is_the_pairwise_name_similarity(a: list[str], b: list[str]) -> None:
    fa = [fold(strip_numbering(x)) for x in a]  # as matching folds names (_nodes)
    fb = [fold(strip_numbering(x)) for x in b]
    matrix = _name_matrix(fa, fb)
    assert matrix.shape == (len(fa), len(fb))
    for i, x in enumerate(fa):
        for j, y in enumerate(fb):
            assert matrix[i, j] == _folded_similarity(x, y)
            assert matrix[i, j] == name_similarity(a[i], b[j])


def _reference(children: list[Item], parents: list[Item], review: float, accept: float) -> list:
    """match_items without ids or mapping, every pair scored by the public definitions."""

    def nodes(items: list[Item]) -> list[tuple[Item, str | None, int]]:
        out: list[tuple[Item, str | None, int]] = []

        def walk(item: Item, holder: str | None, depth: int) -> None:
            out.append((item, holder, depth))
            for child in item.items:
                walk(child, item.id, depth + 1)

        for item in items:
            walk(item, None, 1)
        return out

    kids, pars = nodes(children), nodes(parents)
    decided: dict[int, tuple[str, float, str | None]] = {}
    by_child: dict[str, tuple[str, float, str | None]] = {}
    taken: set[str] = set()
    for depth in sorted({d for _, _, d in kids}):
        level = [i for i, (_, _, d) in enumerate(kids) if d == depth]
        scored = []
        for index in level:
            item, holder_id, _ = kids[index]
            holder = by_child.get(holder_id) if holder_id is not None else None
            group = holder[2] if holder is not None and holder[0] == "accepted" else None
            for pi, (cand, cand_holder, _) in enumerate(pars):
                if cand.id in taken:
                    continue
                name = name_similarity(item.name, cand.name)
                content = bigram_similarity(item.content, cand.content)
                score = name if content is None else max(name, (name + content) / 2)
                if group is not None:
                    score += CONTEXT_BONUS if cand_holder == group else -CONTEXT_BONUS
                score = max(0.0, min(100.0, score))
                if score >= review:
                    kind = float(item.is_leaf == cand.is_leaf)
                    scored.append((score, kind, content or 0.0, index, pi))
        scored.sort(key=lambda t: (-t[0], -t[1], -t[2], t[3], t[4]))
        for score, _, _, index, pi in scored:
            cand = pars[pi][0]
            if score < accept or index in decided or cand.id in taken:
                continue
            decided[index] = ("accepted", round(score, 1), cand.id)
            by_child.setdefault(kids[index][0].id, decided[index])
            taken.add(cand.id)
        for score, _, _, index, pi in scored:
            if index not in decided and pars[pi][0].id not in taken:
                decided[index] = ("review", round(score, 1), pars[pi][0].id)
        for index in level:
            decided.setdefault(index, ("none", 0.0, None))
            by_child.setdefault(kids[index][0].id, decided[index])
    return [decided[i] for i in range(len(kids))]


_WORDS = ["申请", "条件", "材料", "政策", "文件", "安全"]


@st.composite
def _trees(draw: st.DrawFn, prefix: str) -> list[Item]:
    def item(path: str, depth: int) -> Item:
        name = "".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3)))
        content = tuple(
            "".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4)))
            for _ in range(draw(st.integers(0, 2)))
        )
        children = ()
        if depth < 2:
            count = draw(st.integers(0, 3))
            children = tuple(item(f"{path}-{k}", depth + 1) for k in range(count))
        return Item(id=f"{prefix}{path}", name=name, content=content, items=children)

    return [item(str(k), 1) for k in range(draw(st.integers(1, 4)))]


def _check_against_the_definition(
    children: list[Item], parents: list[Item], review_at: int, above: int, matrix_from: int
) -> None:
    review, accept = float(review_at), float(min(100, review_at + above))
    kept = matching._MATRIX_PAIRS
    matching._MATRIX_PAIRS = matrix_from
    try:
        got: list[Match] = match_items(
            children, parents, use_ids=False, review=review, accept=accept
        )
    finally:
        matching._MATRIX_PAIRS = kept
    want = _reference(children, parents, review, accept)
    assert [(m.status, m.score, m.parent) for m in got] == want


@settings(max_examples=300, deadline=None)
@given(_trees("c"), _trees("p"), st.integers(0, 100), st.integers(0, 40))
def test_matching_by_matrix_is_the_pairwise_definition(
    children: list[Item], parents: list[Item], review_at: int, above: int
) -> None:
    """Names as one matrix, only pairs that can reach the review score scored in full."""
    _check_against_the_definition(children, parents, review_at, above, matrix_from=0)


@settings(max_examples=100, deadline=None)
@given(_trees("c"), _trees("p"), st.integers(0, 100), st.integers(0, 40))
def test_matching_pair_by_pair_is_the_pairwise_definition(
    children: list[Item], parents: list[Item], review_at: int, above: int
) -> None:
    """A small level (no numpy): every pair scored."""
    _check_against_the_definition(children, parents, review_at, above, matrix_from=10**9)


@given(
    st.sampled_from(["content", "basis", "time_limit", "channels", "category", "notes"]),
    st.text(
        st.sampled_from(list("《》〈〉【法律】政府网站■□20个工作日内、；注：决策")),
        min_size=1,
        max_size=20,
    ),
)
def test_a_text_cell_is_read_once_and_as_read_alone(role: str, text: str) -> None:
    cells = TextCells()
    first = cells.read(role, "列", text)
    assert first == read_text_cell(role, "列", text)
    assert cells.read(role, "列", text) is first


@given(
    st.lists(
        st.text(_CHARS, max_size=8) | st.sampled_from(["应急管理部门", "政府网站"]), max_size=10
    )
)
def test_domain_bigrams_by_line_are_the_bigrams_of_the_whole_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    whole = domain._NOT_TELLING.sub("", fold(text))
    assert domain._bigrams(text) == Counter(whole[i : i + 2] for i in range(len(whole) - 1))
