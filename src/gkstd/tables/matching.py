"""Matching imported item names to a parent catalog's items (rapidfuzz, character level).

Names are compared after :func:`match_key`: full-width forms folded, punctuation and
white space dropped.  ``fuzz.ratio`` is used (token scorers mean nothing without spaces,
see ``../shared/reference/law.md`` §3).  A candidate at or above ``accept`` is taken; one
between ``review`` and ``accept`` is *not* taken but reported for review.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import attrs

from gkstd.model import Item

__all__ = ["ACCEPT_SCORE", "REVIEW_SCORE", "Match", "match_items", "match_key"]

#: Scores (0–100) at or above which a candidate is accepted.
ACCEPT_SCORE = 90.0
#: Scores at or above which a rejected candidate is still shown for review.
REVIEW_SCORE = 60.0

_PUNCT = re.compile(r"[\s\W_《》〈〉「」『』【】〔〕（）()“”‘’\"'·•]+", re.UNICODE)


def match_key(name: str) -> str:
    """``name`` folded for matching: NFKC, lower case, no punctuation or white space."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", name)).lower()


@attrs.frozen
class Match:
    """One imported item and its best parent candidate.

    ``status`` is ``accepted`` (the parent's id was assigned), ``review`` (a candidate
    below the acceptance score, not assigned), or ``none`` (no candidate worth showing).
    ``row`` is the item's 1-based row in the sheet.
    """

    row: int
    name: str
    status: str
    score: float
    candidate_id: str | None = None
    candidate_name: str | None = None


def _scorer() -> object:
    try:
        from rapidfuzz import fuzz
    except ImportError:
        raise ImportError(
            "按名称匹配上级目录需要 rapidfuzz：pip install 'gkstd[tables]' "
            "(matching names to a parent catalog needs rapidfuzz)"
        ) from None
    return fuzz.ratio


def match_items(
    names: Sequence[tuple[int, str]],
    candidates: Sequence[Item],
    *,
    accept: float = ACCEPT_SCORE,
    review: float = REVIEW_SCORE,
) -> list[Match]:
    """Match ``names`` ((row, name) pairs) to ``candidates``, one to one.

    Pairs are taken best score first, so two rows never get the same parent id.
    Raises ``ImportError`` when rapidfuzz is not installed.
    """
    ratio = _scorer()
    keys = [(c, match_key(c.name)) for c in candidates]
    scored: list[tuple[float, int, int]] = []
    for row_index, (_, name) in enumerate(names):
        key = match_key(name)
        for cand_index, (_, cand_key) in enumerate(keys):
            score = 100.0 if key == cand_key else float(ratio(key, cand_key))  # type: ignore[operator]
            if score >= review:
                scored.append((score, row_index, cand_index))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    best: dict[int, tuple[float, int]] = {}
    taken_rows: set[int] = set()
    taken_cands: set[int] = set()
    accepted: dict[int, tuple[float, int]] = {}
    for score, row_index, cand_index in scored:
        best.setdefault(row_index, (score, cand_index))
        if score < accept or row_index in taken_rows or cand_index in taken_cands:
            continue
        accepted[row_index] = (score, cand_index)
        taken_rows.add(row_index)
        taken_cands.add(cand_index)
    out: list[Match] = []
    for row_index, (row, name) in enumerate(names):
        if row_index in accepted:
            score, cand_index = accepted[row_index]
            status = "accepted"
        elif row_index in best:
            score, cand_index = best[row_index]
            status = "review"
        else:
            out.append(Match(row, name, "none", 0.0))
            continue
        cand = keys[cand_index][0]
        out.append(Match(row, name, status, round(score, 1), cand.id, cand.name))
    return out
