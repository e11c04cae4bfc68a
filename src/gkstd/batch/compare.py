"""A batch check beside an earlier one (``gkstd check 各地目录 --compare 上季度.json``):
which governments, domains and catalogs scored higher or lower than last time, which are
new and which are gone, as data (the CLI and the reports only format it).

The earlier report is the JSON a ``gkstd check`` wrote, read by
:func:`gkstd.batch.earlier.load_earlier` before any work.

Rows are matched by key: a government by its ranking key (its division code, else its
name and the higher-level folder that tells two 城关镇 apart), a domain by its pack code, a
catalog by its government's key and its domain.  A catalog whose key two catalogs share in
either report (two 社会保险 catalogs of one county) is left out of the catalog rows, never
matched by guess; the rankings count it as usual.  A score moves when it differs by 0.1 or
more (scores are rounded to one decimal).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from gkstd.batch.earlier import (
    Earlier,
    EarlierReportError,
    Standing,
    load_earlier,
    rooted,
    scored_catalogs,
)
from gkstd.batch.scheme import Scheme
from gkstd.batch.score import Rollup, Scorecard, one_decimal
from gkstd.diagnostics.arguments import expect

__all__ = [
    "Change",
    "Comparison",
    "Earlier",
    "EarlierReportError",
    "Standing",
    "compare",
    "load_earlier",
]

Kind = Literal["jurisdiction", "domain", "catalog"]
Status = Literal["up", "down", "same", "new", "gone"]

#: Each status in Chinese and English (the reports' words).
STATUS_NAMES: Mapping[str, tuple[str, str]] = {
    "up": ("上升", "up"),
    "down": ("下降", "down"),
    "same": ("持平", "same"),
    "new": ("新增", "new"),
    "gone": ("本次没有", "gone"),
}


@attrs.frozen
class Change:
    """One row of the comparison: a government, a domain or a catalog (``key``, this
    check's ranking key; a catalog's is its government's and its domain, written
    ``key|domain``), its standing now and last time (``None``: not in that report)."""

    kind: Kind
    key: str
    now: Standing | None
    before: Standing | None

    @property
    def file(self) -> str | None:
        """A catalog's file (this check's, else the earlier one's); ``None`` for a ranking
        row."""
        return (self.now.file if self.now else None) or (self.before.file if self.before else None)

    @property
    def name(self) -> str:
        """The row's name (this check's, else the earlier one's)."""
        standing = self.now or self.before
        assert standing is not None
        return standing.name

    @property
    def name_en(self) -> str:
        """The row's name for English text (a domain's English name; a government's name)."""
        standing = self.now or self.before
        assert standing is not None
        return standing.name_en or standing.name

    @property
    def delta(self) -> float | None:
        """The score now minus the score before, to one decimal (``None``: new or gone)."""
        if self.now is None or self.before is None:
            return None
        return one_decimal(self.now.score - self.before.score)

    @property
    def status(self) -> Status:
        """up, down, same, new (not in the earlier report) or gone (not in this one)."""
        if self.before is None:
            return "new"
        if self.now is None:
            return "gone"
        delta = self.delta or 0.0
        return "up" if delta > 0 else "down" if delta < 0 else "same"

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        now, before = self.now, self.before
        return {
            "kind": self.kind,
            "key": self.key,
            "name": self.name,
            "name_en": self.name_en,
            "file": self.file,
            "status": self.status,
            "score": now.score if now else None,
            "score_before": before.score if before else None,
            "delta": self.delta,
            "rank": now.rank if now else None,
            "rank_before": before.rank if before else None,
            "grade": now.grade if now else None,
            "grade_before": before.grade if before else None,
            "errors": now.errors if now else None,
            "errors_before": before.errors if before else None,
        }


@attrs.frozen
class Comparison:
    """This check beside an earlier one: a :class:`Change` per government, per domain
    and per catalog (this check's order, then the rows only the earlier report had)."""

    earlier: str
    jurisdictions: tuple[Change, ...] = ()
    domains: tuple[Change, ...] = ()
    catalogs: tuple[Change, ...] = ()
    #: whether both checks held their catalogs' results (else no catalog rows: a streamed
    #: run's summary, or this check streamed)
    catalogs_compared: bool = True
    #: whether the two checks scored under the same scheme (``None``: the earlier report
    #: does not say; scores under two schemes are not comparable)
    same_scheme: bool | None = None
    _index: dict[tuple[str, str], Change] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        for change in (*self.jurisdictions, *self.domains):  # change_of: one look-up each
            self._index.setdefault((change.kind, change.key), change)

    def counts(self, kind: Kind = "catalog") -> dict[str, int]:
        """How many rows of ``kind`` went up, down, stayed, are new or gone."""
        rows = {"jurisdiction": self.jurisdictions, "domain": self.domains}.get(kind, self.catalogs)
        found: Counter[str] = Counter(c.status for c in rows)
        return {status: found.get(status, 0) for status in STATUS_NAMES}

    def change_of(self, kind: Kind, key: str) -> Change | None:
        """The row of ``kind`` with ``key`` (a ranking's row), if any."""
        return self._index.get((kind, key))

    def falls(self, most: int = 10) -> tuple[Change, ...]:
        """The catalogs whose score fell most (at most ``most``; the largest fall first,
        then in this check's order)."""
        down = [c for c in self.catalogs if c.status == "down"]
        return tuple(sorted(down, key=lambda c: c.delta or 0.0)[:most])

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the ``comparison`` of the JSON report)."""
        return {
            "earlier": self.earlier,
            "catalogs_compared": self.catalogs_compared,
            "same_scheme": self.same_scheme,
            "counts": {kind: self.counts(kind) for kind in ("jurisdiction", "domain", "catalog")},
            "by_jurisdiction": [c.to_dict() for c in self.jurisdictions],
            "by_domain": [c.to_dict() for c in self.domains],
            "catalogs": [c.to_dict() for c in self.catalogs],
        }


def compare(
    jurisdictions: Sequence[Rollup],
    domains: Sequence[Rollup],
    cards: Iterable[Scorecard] | None,
    earlier: Earlier,
    scheme: Scheme | None = None,
) -> Comparison:
    """This check's rankings (``jurisdictions``, ``domains``) and scorecards (``cards``;
    ``None`` when the results were streamed and not held) beside ``earlier``; ``scheme``
    (this check's) is held against the earlier one's (:attr:`Comparison.same_scheme`)."""
    expect(earlier, Earlier, "gkstd.batch.compare(earlier)", _EARLIER)
    cards = list(cards) if cards is not None else None
    own = rooted(
        [r.key for r in jurisdictions] + [c.jurisdiction_key for c in cards or ()],
        [c.file for c in cards or ()],
    )
    now_j = {own.get(r.key, r.key): _standing(r) for r in jurisdictions}
    keyed = {own.get(r.key, r.key): r.key for r in jurisdictions}  # (this check's keys)
    now_d = {r.key: _standing(r) for r in domains}
    catalogs: tuple[Change, ...] = ()
    compared = cards is not None and earlier.has_files

    if compared:
        assert cards is not None
        now_c, doubled = scored_catalogs([(c.to_dict(), c.file) for c in cards], own)
        shared = doubled | earlier.shared
        now_c = {k: v for k, v in now_c.items() if k not in shared}
        before_c = {k: v for k, v in earlier.catalogs.items() if k not in shared}
        catalogs = tuple(
            Change("catalog", f"{keyed.get(k[0], k[0])}|{k[1]}", now_c.get(k), before_c.get(k))
            for k in _keys(now_c, before_c)
        )
    return Comparison(
        earlier.file,
        tuple(
            Change("jurisdiction", keyed.get(k, k), now_j.get(k), earlier.jurisdictions.get(k))
            for k in _keys(now_j, earlier.jurisdictions)
        ),
        tuple(
            Change("domain", k, now_d.get(k), earlier.domains.get(k))
            for k in _keys(now_d, earlier.domains)
        ),
        catalogs,
        compared,
        _same_scheme(scheme, earlier.scheme),
    )


def _same_scheme(now: Scheme | None, before: Mapping[str, Any] | None) -> bool | None:
    """Whether the weights, penalties and grades are the same (its name and file aside)."""
    if now is None or before is None:
        return None
    keys = ("weights", "penalties", "grades")
    mine = now.to_dict()
    return all(mine.get(k) == before.get(k) for k in keys)


def _keys(now: Mapping[Any, Any], before: Mapping[Any, Any]) -> list[Any]:
    """This check's keys in order, then those only the earlier report has, in its order."""
    return [*now, *(k for k in before if k not in now)]


def _standing(rollup: Rollup) -> Standing:
    return Standing(
        rollup.name, rollup.score, rollup.grade, rollup.errors, rollup.rank, rollup.name_en
    )


_EARLIER = (
    "上次的检查报告（gkstd.batch.load_earlier(路径) 的结果）",
    "an earlier report (what gkstd.batch.load_earlier(path) returns)",
)
