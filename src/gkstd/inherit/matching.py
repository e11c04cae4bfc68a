"""Matching the items of a local catalog to the items of its parent.

Local catalogs keep the national items but often reword them (``文化馆公益性群众文化活动服务``
for ``组织开展群众文化活动``), number them afresh, add a grouping level, or give several rows
the same short name (``政策``) under different first-level items.  Matching by id or exact
name alone then reports items as "missing" that are present.  :func:`match_items` matches
on the name *and* the content, in the context of the groups already matched, one to one:

1. a mapping given by the user (:class:`~gkstd.inherit.mapping.ItemMap`) always wins;
2. then equal ids (documents that keep the parent's ids; not used for imported tables);
3. then the best-scoring pairs, taken highest score first, level by level from the top,
   so that a child's group is matched before the child.

The score (0–100) of a pair is::

    name     = the larger of
                 rapidfuzz ratio of the folded names (100 when equal after folding), and
                 100 × LCS/short × (0.6 + 0.4 × short/long)   # one name inside the other
    content  = mean of the Dice and the overlap coefficients of the character bigrams
               of the folded content points
    score    = max(name, (name + content) / 2)        # content only when both have some
             + 15 when the child's group is matched to the candidate's group
             - 15 when it is matched to another group

capped to 0–100, where LCS is the longest common subsequence of the two folded names,
and short and long their lengths (names of one character count by ratio only).  Pairs of
equal score prefer a group for a group and a leaf for a leaf, then the closer content.

Folding is :func:`gkstd.model.folding.fold`.  A pair at or above
``accept`` (default :data:`ACCEPT_SCORE`) is taken; the best pair between ``review`` and
``accept`` is reported for review and not taken.  Every decision is a :class:`Match`,
which the import and validation reports show with its score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

import attrs
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

from gkstd.inherit.mapping import LOCAL, ItemMap
from gkstd.model.folding import fold, strip_numbering

__all__ = [
    "ACCEPT_SCORE",
    "REVIEW_SCORE",
    "Match",
    "MatchStatus",
    "Matchable",
    "bigram_similarity",
    "match_items",
    "name_similarity",
]

#: Scores (0–100) at or above which a candidate is taken.
ACCEPT_SCORE = 80.0
#: Scores at or above which a candidate that is not taken is still shown for review.
REVIEW_SCORE = 60.0
#: What a matched group adds to (or a different group subtracts from) a pair's score.
CONTEXT_BONUS = 15.0

#: ``id`` (same id), ``mapped`` (the user's mapping), ``accepted`` (scored), ``review``
#: (a candidate below the acceptance score, not taken), ``local`` (the mapping says it
#: is a local addition), ``none`` (no candidate worth showing).
MatchStatus = Literal["id", "mapped", "accepted", "review", "local", "none"]


@attrs.frozen
class Match:
    """How one child item was matched.

    ``child``/``name``/``path`` identify the child item (``path`` is its name path, the
    way a mapping file names it); ``parent``/``parent_name`` the parent item, when there
    is a candidate; ``score`` the combined score, ``name_score`` and ``content_score``
    its parts (``content_score`` is ``None`` when either item has no content).
    """

    child: str
    name: str
    path: tuple[str, ...]
    status: MatchStatus
    score: float = 0.0
    parent: str | None = None
    parent_name: str | None = None
    name_score: float = 0.0
    content_score: float | None = None

    @property
    def taken(self) -> bool:
        """True when the child item is treated as the parent item."""
        return self.status in ("id", "mapped", "accepted")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping."""
        out = attrs.asdict(self)
        out["path"] = list(self.path)
        return out


class Matchable(Protocol):
    """What the matching reads of an item: an :class:`~gkstd.model.Item`, or an item read
    from a table before it is made (:class:`gkstd.tables.draft.DraftItem`)."""

    @property
    def id(self) -> str:
        """The item's id."""

    @property
    def name(self) -> str:
        """事项名称."""

    @property
    def content(self) -> tuple[str, ...]:
        """公开内容."""

    @property
    def items(self) -> Sequence[Matchable]:
        """The child items."""

    @property
    def is_leaf(self) -> bool:
        """True when the item has no child items."""


class _Node(NamedTuple):  # a tuple: made once per item of both trees, on every match
    item: Matchable
    holder: str | None  # id of the item this one sits under
    path: tuple[str, ...]
    depth: int
    #: the folded name without its outline number, and the bigrams of the folded content
    #: (worked out once per item, not once per pair)
    folded: str
    grams: frozenset[str]


def _nodes(items: Iterable[Matchable]) -> list[_Node]:
    out: list[_Node] = []
    grams: dict[tuple[str, ...], frozenset[str]] = {}  # a table repeats its content
    stack: list[tuple[Matchable, str | None, tuple[str, ...]]]
    stack = [(item, None, ()) for item in reversed(list(items))]
    while stack:  # no closure that calls itself: a reference cycle, kept in bulk work
        item, holder, path = stack.pop()
        here = (*path, item.name)
        folded = fold(strip_numbering(item.name))
        content = grams.get(item.content)
        if content is None:
            content = grams[item.content] = _bigrams("".join(item.content))
        out.append(_Node(item, holder, here, len(here), folded, content))
        stack.extend((child, item.id, here) for child in reversed(item.items))
    return out


def name_similarity(a: str, b: str) -> float:
    """0–100: how alike two item names are (see the module docstring).

    >>> name_similarity("出生", "出生登记")
    80.0
    """
    return _folded_similarity(fold(strip_numbering(a)), fold(strip_numbering(b)))


def _folded_similarity(fa: str, fb: str) -> float:
    """:func:`name_similarity` of two names already folded and stripped."""
    if fa == fb:
        return 100.0
    ratio = float(fuzz.ratio(fa, fb))
    short, long = sorted((len(fa), len(fb)))
    if short < 2:
        return ratio
    inside = LCSseq.similarity(fa, fb) / short
    return max(ratio, 100.0 * inside * (0.6 + 0.4 * short / long))


def _bigrams(text: str) -> frozenset[str]:
    folded = fold(text)
    if len(folded) < 2:
        return frozenset({folded}) if folded else frozenset()
    return frozenset(map(str.__add__, folded[:-1], folded[1:]))  # each pair of neighbours


def bigram_similarity(a: Sequence[str], b: Sequence[str]) -> float | None:
    """0–100: mean of the Dice and overlap coefficients of the character bigrams of two
    content lists, or ``None`` when either is empty.  Chinese has no spaces, so bigrams
    stand in for words; the overlap coefficient keeps a short local rewording that the
    national content contains (or the reverse) close."""
    return _grams_similarity(_bigrams("".join(a)), _bigrams("".join(b)))


def _grams_similarity(ga: frozenset[str], gb: frozenset[str]) -> float | None:
    """:func:`bigram_similarity` of two bigram sets."""
    if not ga or not gb:
        return None
    common = len(ga & gb)
    dice = 2.0 * common / (len(ga) + len(gb))
    overlap = common / min(len(ga), len(gb))
    return 50.0 * (dice + overlap)


def _content_score(
    ga: frozenset[str], gb: frozenset[str], contents: dict[tuple[int, int], float | None]
) -> float | None:
    """:func:`_grams_similarity` of two bigram sets, kept in ``contents`` by the pair of
    sets (a table repeats its content, and :func:`_nodes` gives equal content one set)."""
    key = (id(ga), id(gb))
    if key not in contents:
        contents[key] = _grams_similarity(ga, gb)
    return contents[key]


def _score(
    child: _Node,
    cand: _Node,
    name: float,
    holder_match: str | None,
    contents: dict[tuple[int, int], float | None],
) -> tuple[float, float | None]:
    """The score of a pair whose name similarity is ``name``, and its content part
    (:func:`_content_score`)."""
    content = _content_score(child.grams, cand.grams, contents)
    score = name if content is None else max(name, (name + content) / 2)
    if holder_match is not None:
        score += CONTEXT_BONUS if cand.holder == holder_match else -CONTEXT_BONUS
    return max(0.0, min(100.0, score)), content


def _name_matrix(children: Sequence[str], parents: Sequence[str]) -> npt.NDArray[np.float64]:
    """:func:`name_similarity` of every pair of folded names, as one matrix (rapidfuzz's
    ``cdist`` computes the LCS of all pairs in C, and the ratio follows from it; the
    combination is the same arithmetic in the same order, so each value equals the
    scalar one).  numpy is imported here, for the first large level, not when gkstd
    starts."""
    import numpy as np
    from rapidfuzz.process import cdist

    if not children or not parents:
        return np.zeros((len(children), len(parents)))
    lcs = cdist(children, parents, scorer=LCSseq.similarity, dtype=np.int64)
    la = np.array([len(c) for c in children])[:, None]
    lb = np.array([len(p) for p in parents])[None, :]
    short, long = np.minimum(la, lb), np.maximum(la, lb)
    with np.errstate(divide="ignore", invalid="ignore"):
        # fuzz.ratio is the normalised Indel similarity, and the Indel distance is the
        # lengths' sum less twice the LCS: rapidfuzz's arithmetic, from the one matrix
        total = la + lb
        ratio = np.where(total == 0, 100.0, (1.0 - (total - 2 * lcs) / total) * 100.0)
        inside = lcs / short
        within = 100.0 * inside * (0.6 + 0.4 * short / long)
    names = np.where(short < 2, ratio, np.maximum(ratio, within))
    same = np.array(children, dtype=object)[:, None] == np.array(parents, dtype=object)[None, :]
    names[same] = 100.0
    return names


#: Pairs of a level (children × free candidates) from which names are scored as one
#: matrix (:func:`_name_matrix`, with numpy); fewer are scored one by one, so a small
#: catalog does not load numpy.
_MATRIX_PAIRS = 5_000

#: A scored pair: (score, 1.0 when both or neither are groups, content score or 0, index
#: of the child node, index of the parent node, name score, content score or ``None``).
_Scored = tuple[float, float, float, int, int, float, float | None]


def _sort_key(pair: _Scored) -> tuple[float, float, float, int, int]:
    """Best pair first: score, then a group for a group and a leaf for a leaf, then the
    closer content, then document order."""
    return (-pair[0], -pair[1], -pair[2], pair[3], pair[4])


def _scored_one_by_one(
    children: Sequence[_Node],
    parents: Sequence[_Node],
    level: Sequence[int],
    free: Sequence[int],
    matched: Sequence[str | None],
    review: float,
    contents: dict[tuple[int, int], float | None],
) -> list[_Scored]:
    """Every pair of the level scored (:func:`_score`), those at or above ``review``,
    best first."""
    scored: list[_Scored] = []
    for row, index in enumerate(level):
        node = children[index]
        for pi in free:
            cand = parents[pi]
            name = _folded_similarity(node.folded, cand.folded)
            score, content = _score(node, cand, name, matched[row], contents)
            if score >= review:
                kind = float(node.item.is_leaf == cand.item.is_leaf)
                scored.append((score, kind, content or 0.0, index, pi, name, content))
    scored.sort(key=_sort_key)
    return scored


def _distinct(grams: Iterable[frozenset[str]]) -> tuple[list[int], list[frozenset[str]]]:
    """The position of each bigram set among the distinct ones (by identity: equal
    content shares one set, see :func:`_nodes`), and the distinct sets in first-seen
    order."""
    positions: dict[int, int] = {}
    sets: list[frozenset[str]] = []
    out: list[int] = []
    for g in grams:
        k = positions.get(id(g))
        if k is None:
            k = positions[id(g)] = len(sets)
            sets.append(g)
        out.append(k)
    return out, sets


def _scored_in_matrix(
    children: Sequence[_Node],
    parents: Sequence[_Node],
    level: Sequence[int],
    free: Sequence[int],
    matched: Sequence[str | None],
    review: float,
    contents: dict[tuple[int, int], float | None],
) -> list[_Scored]:
    """:func:`_scored_one_by_one` with numpy: the names as one matrix; only the pairs that
    can reach ``review`` even with content 100 (the best case of :func:`_score`) are
    scored in full, with :func:`_score` 's arithmetic on arrays (the same IEEE operations
    in the same order, so each score equals the scalar one) and one content score per
    distinct pair of bigram sets (a table repeats its content)."""
    import numpy as np  # loaded with the first large level, not when gkstd starts

    names = _name_matrix([children[i].folded for i in level], [parents[pi].folded for pi in free])
    bonus = None
    if any(m is not None for m in matched):
        holders = np.array([parents[pi].holder or "" for pi in free], dtype=object)
        wanted = np.array([m or "" for m in matched], dtype=object)[:, None]
        same_group = np.where(holders[None, :] == wanted, CONTEXT_BONUS, -CONTEXT_BONUS)
        has_group = np.array([m is not None for m in matched])[:, None]
        bonus = np.where(has_group, same_group, 0.0)
    best_case = np.maximum(names, (names + 100.0) / 2)
    if bonus is not None:
        best_case += bonus
    rows, cols = np.nonzero(np.clip(best_case, 0.0, 100.0) >= review)
    if not rows.size:
        return []
    name = names[rows, cols]
    # the content score of each distinct pair of bigram sets, then spread to the pairs
    child_of_row, child_list = _distinct(children[i].grams for i in level)
    parent_of_col, parent_list = _distinct(parents[pi].grams for pi in free)
    width = len(parent_list)
    child_set = np.array(child_of_row, dtype=np.int64)
    parent_set = np.array(parent_of_col, dtype=np.int64)
    distinct, spread = np.unique(child_set[rows] * width + parent_set[cols], return_inverse=True)
    values: list[float] = []
    for key in distinct.tolist():
        found = _content_score(child_list[key // width], parent_list[key % width], contents)
        values.append(np.nan if found is None else found)
    content = np.array(values, dtype=np.float64)[spread.reshape(-1)]
    has = ~np.isnan(content)
    known = np.where(has, content, 0.0)
    score = np.where(has, np.maximum(name, (name + known) / 2), name)
    if bonus is not None:
        score = score + bonus[rows, cols]
    score = np.clip(score, 0.0, 100.0)
    keep = np.nonzero(score >= review)[0]
    index = np.asarray(level)[rows[keep]]
    pi = np.asarray(free)[cols[keep]]
    leaf_child = np.array([children[i].item.is_leaf for i in level])
    leaf_parent = np.array([parents[p].item.is_leaf for p in free])
    kind = (leaf_child[rows[keep]] == leaf_parent[cols[keep]]).astype(np.float64)
    score, known, name, has = score[keep], known[keep], name[keep], has[keep]
    order = np.lexsort((pi, index, -known, -kind, -score))  # the last key sorts first
    contents_out = [
        c if h else None for c, h in zip(known[order].tolist(), has[order].tolist(), strict=True)
    ]
    return list(
        zip(
            score[order].tolist(),
            kind[order].tolist(),
            known[order].tolist(),
            index[order].tolist(),
            pi[order].tolist(),
            name[order].tolist(),
            contents_out,
            strict=True,
        )
    )


def match_items(
    children: Sequence[Matchable],
    parents: Sequence[Matchable],
    *,
    mapping: ItemMap | None = None,
    use_ids: bool = True,
    accept: float = ACCEPT_SCORE,
    review: float = REVIEW_SCORE,
    exclude: Iterable[str] = (),
) -> list[Match]:
    """Match every item of the ``children`` tree to an item of the ``parents`` tree.

    Returns one :class:`Match` per child item, in document order.  ``use_ids=False``
    ignores equal ids (an imported table numbers its rows itself).  Parent ids in
    ``exclude`` are never candidates (e.g. items already matched elsewhere).
    """
    child_nodes = _nodes(children)
    excluded = set(exclude)
    parent_nodes = [n for n in _nodes(parents) if n.item.id not in excluded]
    by_id = {n.item.id: n for n in parent_nodes}
    decided: dict[int, Match] = {}  # by index in child_nodes (ids may repeat in bad input)
    decided_ids: dict[str, Match] = {}
    taken: set[str] = set()
    contents: dict[tuple[int, int], float | None] = {}  # bigram sets alive in the nodes

    def decide(index: int, match: Match) -> None:
        decided[index] = match
        decided_ids.setdefault(match.child, match)
        if match.taken and match.parent is not None:
            taken.add(match.parent)

    def make(
        node: _Node,
        status: MatchStatus,
        score: float = 0.0,
        cand: Matchable | None = None,
        name: float = 0.0,
        content: float | None = None,
    ) -> Match:
        return Match(
            node.item.id,
            node.item.name,
            node.path,
            status,
            round(score, 1),
            cand.id if cand is not None else None,
            cand.name if cand is not None else None,
            round(name, 1),
            None if content is None else round(content, 1),
        )

    for index, node in enumerate(child_nodes):  # 1. the user's mapping
        target = mapping.lookup(node.item.id, node.path) if mapping is not None else None
        if target is None:
            continue
        if target == LOCAL:
            decide(index, make(node, "local"))
        elif target in by_id and target not in taken:
            cand = by_id[target].item
            decide(
                index, make(node, "mapped", 100.0, cand, name_similarity(node.item.name, cand.name))
            )
    if use_ids:  # 2. equal ids
        for index, node in enumerate(child_nodes):
            cand_node = by_id.get(node.item.id)
            if index in decided or cand_node is None or node.item.id in taken:
                continue
            cand = cand_node.item
            decide(index, make(node, "id", 100.0, cand, name_similarity(node.item.name, cand.name)))
    # 3. scores, level by level, best pair first
    for depth in sorted({n.depth for n in child_nodes}):
        level = [i for i, n in enumerate(child_nodes) if n.depth == depth and i not in decided]
        free = [pi for pi, n in enumerate(parent_nodes) if n.item.id not in taken]
        matched: list[str | None] = []  # the candidate group of each child's matched group
        for index in level:
            holder_id = child_nodes[index].holder
            holder = decided_ids.get(holder_id) if holder_id is not None else None
            matched.append(holder.parent if holder is not None and holder.taken else None)
        large = len(level) * len(free) >= _MATRIX_PAIRS
        scoring = _scored_in_matrix if large else _scored_one_by_one
        scored = scoring(child_nodes, parent_nodes, level, free, matched, review, contents)
        for score, _, _, index, pi, name, content in scored:
            if score < accept:
                break  # best first: no later pair is taken
            cand = parent_nodes[pi].item
            if index in decided or cand.id in taken:
                continue
            decide(index, make(child_nodes[index], "accepted", score, cand, name, content))
        best: dict[int, tuple[float, int, float, float | None]] = {}
        for score, _, _, index, pi, name, content in scored:  # the closest candidate still free
            if index not in decided and parent_nodes[pi].item.id not in taken:
                best.setdefault(index, (score, pi, name, content))
        for index in level:
            if index in decided:
                continue
            node = child_nodes[index]
            if index in best:
                score, pi, name, content = best[index]
                decide(index, make(node, "review", score, parent_nodes[pi].item, name, content))
            else:
                decide(index, make(node, "none"))
    return [decided[i] for i in range(len(child_nodes))]


def matched_ids(matches: Iterable[Match]) -> Mapping[str, str]:
    """Child id → parent id for the matches that were taken."""
    return {m.child: m.parent for m in matches if m.taken and m.parent is not None}
