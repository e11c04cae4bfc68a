"""Which domain is this table?  Detecting the pack of a catalog table without a flag.

Published tables rarely say their domain in a machine-readable way, but almost always
say it somewhere: in a caption row (``淄川区市政服务领域基层政务公开标准目录``), the sheet
name (``安全生产领域``), the file name (``附件3 扶贫领域.xlsx``), or the rows themselves:
the item names, the content, the cited laws and the subjects of a domain are its own.
:func:`detect_domain` weighs all of it:

* **named** — a pack's Chinese name or alias in the caption (weight 100), the sheet name
  (90) or the file name (80); when several are named, the longest name wins the place;
* **rows** — the cosine similarity of the table's text (item names, content, basis and
  subject cells) with each pack's national catalog, over character bigrams weighted by
  how specific they are to a pack (tf-idf); scaled to 0–100;
* **own name in the cells** — each time a pack's name appears inside a cell (安全生产领域有关的
  国家标准) adds 5, up to 20: this separates packs that share a template (安全生产 and 救灾
  both begin 政策文件/法律法规/部门和地方规章).

The pack with the highest total is chosen.  The guess is *certain* when it was named,
and otherwise when its total leads the next pack's by at least :data:`MARGIN` (twice that
when the caption names a domain, …领域…, that no pack is known by); when two
packs are truly indistinguishable (neither named, totals within the margin) no domain is
chosen and both are reported — unless one of the two is gkstd's own pack and the other a
third party's: then gkstd's own is chosen (the other named as the runner-up), so that
installing a third-party pack never makes a table that gkstd's packs told unusable.  ``docs/tables.md`` explains this for users, and
``benchmarks/accuracy.py`` measures it on the real tables.

The tf-idf is a few dozen lines over dictionaries: 26 short documents do not justify a
dependency on scikit-learn (about 100 MB with SciPy) on intranet servers.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

import attrs

from gkstd.diagnostics.findings import Finding
from gkstd.model import Catalog
from gkstd.model.folding import fold, fold_each
from gkstd.tables.rules import UNKNOWN_DOMAIN

__all__ = [
    "MARGIN",
    "MIN_ROWS",
    "DomainCandidate",
    "DomainGuess",
    "DomainProfile",
    "detect_domain",
    "profile",
    "unknown_domain",
]

#: Lead, in points, that makes an unnamed guess certain.
MARGIN = 8.0
#: Least row similarity (0–100) for a pack that is not named to be chosen at all: below
#: it the table resembles no installed pack (a domain whose pack is not installed).
MIN_ROWS = 15.0
_NAMED_WEIGHT = {"caption": 100.0, "sheet": 90.0, "file": 80.0}
_OWN_NAME_STEP, _OWN_NAME_CAP = 5.0, 20.0


@attrs.frozen
class DomainProfile:
    """What a domain is known by: its code, Chinese name and aliases, and the text of its
    national catalog (names, content, basis titles and subjects)."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    text: str = ""
    #: gkstd's own pack (it wins a tie with a third party's: see :func:`detect_domain`)
    first_party: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        """The name and the aliases, longest first, without a trailing 领域."""
        out = {self.name, *self.aliases}
        out |= {n.removesuffix("领域") for n in out}
        # longest first, then by text: equal lengths must not come out in hash order (a
        # guess would then differ between runs and between the processes of a batch)
        return tuple(sorted((n for n in out if len(n) >= 2), key=lambda n: (-len(n), n)))


def catalog_text(catalog: Catalog) -> str:
    """The words of a catalog that tell its domain: item names, content, cited titles
    and subjects (time limits and channels are the same in every domain)."""
    parts: list[str] = [catalog.title]
    for item in catalog.walk():
        parts.append(item.name)
        parts.extend(item.content)
        parts.extend(c.title for c in item.basis)
        if item.subject:
            parts.append(item.subject)
    return "\n".join(parts)


def profile(
    code: str,
    name: str,
    aliases: Iterable[str],
    catalog: Catalog | None,
    *,
    first_party: bool = True,
) -> DomainProfile:
    """The :class:`DomainProfile` of a pack (``first_party``: one of gkstd's own)."""
    text = catalog_text(catalog) if catalog else ""
    return DomainProfile(code, name, tuple(aliases), text, first_party)


@attrs.frozen
class DomainCandidate:
    """One pack's standing: its total ``score`` and what it is made of."""

    code: str
    name: str
    score: float
    named: str | None = None  # where the pack was named: caption, sheet or file
    rows: float = 0.0
    own_name: float = 0.0

    def evidence(self) -> str:
        """Chinese summary of the evidence (for reports)."""
        parts = []
        if self.named:
            parts.append(
                {"caption": "标题", "sheet": "工作表名", "file": "文件名"}[self.named] + "写明领域"
            )
        parts.append(f"内容相似度 {self.rows:.0f}")
        if self.own_name:
            parts.append(f"单元格中出现领域名称（+{self.own_name:.0f}）")
        return "，".join(parts)

    def evidence_en(self) -> str:
        """English summary of the evidence, as :meth:`evidence`."""
        parts = []
        if self.named:
            where = {"caption": "caption", "sheet": "sheet name", "file": "file name"}
            parts.append(f"named in the {where[self.named]}")
        parts.append(f"content similarity {self.rows:.0f}")
        if self.own_name:
            parts.append(f"the domain's name in the cells (+{self.own_name:.0f})")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping."""
        return attrs.asdict(self)


@attrs.frozen
class DomainGuess:
    """The result of :func:`detect_domain`.

    ``code`` is the chosen domain, or ``None`` when the evidence does not decide;
    ``certain`` tells whether the choice is safe to use without asking; ``candidates``
    are the packs by descending score (the first is the choice).  ``unknown_name`` is the
    caption when it names a domain (…领域…) that no pack is named or known by (涉农资金领域,
    自然资源领域): a table of another domain, most likely, whatever its rows resemble.
    """

    code: str | None
    certain: bool
    candidates: tuple[DomainCandidate, ...]
    unknown_name: str | None = None

    @property
    def confidence(self) -> float:
        """0–1: 1 when named, else the lead over the next pack relative to :data:`MARGIN`
        (capped at 1)."""
        if not self.candidates:
            return 0.0
        top = self.candidates[0]
        if top.named:
            return 1.0
        second = self.candidates[1].score if len(self.candidates) > 1 else 0.0
        return round(min(1.0, max(0.0, (top.score - second) / (2 * MARGIN))), 2)

    @property
    def runners_up(self) -> tuple[DomainCandidate, ...]:
        """The next two packs."""
        return self.candidates[1:3]


#: What the bigrams leave out: Latin letters, digits, brackets.
_NOT_TELLING = re.compile(r"[0-9a-z《》\[\]()（）]+")


def _pairs(text: str) -> Counter[str]:
    return Counter(map(str.__add__, text[:-1], text[1:]))  # each pair of neighbours


def _bigrams(text: str) -> Counter[str]:
    """The character bigrams of ``text`` folded, without Latin letters, digits and
    brackets: each distinct line counted once and multiplied, plus the pairs that
    span two lines (folding drops the line breaks)."""
    in_order = text.split("\n")
    lines = Counter(in_order)
    stripped = {line: _NOT_TELLING.sub("", folded) for line, folded in fold_each(lines).items()}
    if any("σ" in s or "ς" in s for s in stripped.values()):  # Σ lowers by its context
        return _pairs(_NOT_TELLING.sub("", fold(text)))
    counts: Counter[str] = Counter()
    for line, times in lines.items():
        for pair, n in _pairs(stripped[line]).items():
            counts[pair] += n * times
    # the pair across each two neighbouring lines that keep text (counted at C speed)
    parts = list(filter(None, map(stripped.__getitem__, in_order)))
    counts.update(map(str.__add__, map(itemgetter(-1), parts[:-1]), map(itemgetter(0), parts[1:])))
    return counts


@functools.lru_cache(maxsize=8)
def _model(
    profiles: tuple[DomainProfile, ...],
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """idf per bigram and each pack's normalised tf-idf vector (cached per pack set)."""
    counts = {p.code: _bigrams(f"{p.text}\n{' '.join(p.names)}") for p in profiles}
    df: Counter[str] = Counter()
    for bag in counts.values():
        df.update(bag.keys())
    n = len(profiles)
    idf = {gram: math.log((1 + n) / (1 + d)) + 1.0 for gram, d in df.items()}
    vectors = {code: _normalise(bag, idf) for code, bag in counts.items()}
    return idf, vectors


def _normalise(bag: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    weights = {g: (1 + math.log(c)) * idf.get(g, 0.0) for g, c in bag.items()}
    norm = math.sqrt(math.fsum(w * w for w in weights.values())) or 1.0  # any order
    return {g: w / norm for g, w in weights.items() if w}


#: The most mentions of a pack's own name that count (more would not raise the bonus).
_MOST_MENTIONS = math.ceil(_OWN_NAME_CAP / _OWN_NAME_STEP)


def _cell_text(cells: Iterable[str]) -> str:
    """The text the packs' own names are counted in: each distinct cell folded once and
    written as often as it occurs, but at most :data:`_MOST_MENTIONS` times (the capped
    bonus comes out the same), one cell per line, so that a name is counted inside a
    cell, never across two."""
    counts = Counter(cells)
    folded = fold_each(counts)
    return "\n".join(
        "\n".join([folded[cell]] * min(times, _MOST_MENTIONS)) for cell, times in counts.items()
    )


def _named(profiles: Sequence[DomainProfile], places: Mapping[str, str]) -> dict[str, str]:
    """Pack code → the first place (caption, sheet, file) that names it.  Within one
    place, a name inside a longer named one does not count (国有土地上房屋征收 ⊃ 征收)."""
    found: dict[str, str] = {}
    for place in ("caption", "sheet", "file"):
        text = fold(places.get(place) or "")
        if not text:
            continue
        hits = [(n, p.code) for p in profiles for n in p.names if fold(n) in text]
        for name, code in hits:
            longer = any(fold(name) in fold(other) and name != other for other, _ in hits)
            if not longer:
                found.setdefault(code, place)
    return found


def _names_unknown_domain(caption: str | None, named: Mapping[str, str]) -> bool:
    """Whether ``caption`` names a domain (it says 领域) and no pack is named there."""
    return bool(caption) and "领域" in str(caption) and "caption" not in named.values()


def detect_domain(
    profiles: Sequence[DomainProfile],
    *,
    caption: str | None = None,
    sheet: str | None = None,
    file: str | os.PathLike[str] | None = None,
    text: str = "",
    cells: Iterable[str] = (),
) -> DomainGuess:
    """Score every pack on the evidence and choose one (see the module docstring).

    ``text`` is the table's telling words (item names, content, basis, subjects);
    ``cells`` every cell text, searched for the packs' own names.
    """
    if not profiles:
        return DomainGuess(None, False, ())
    stem = os.path.splitext(os.path.basename(os.fspath(file)))[0] if file is not None else ""
    named = _named(profiles, {"caption": caption or "", "sheet": sheet or "", "file": stem})
    idf, vectors = _model(tuple(profiles))
    table = _normalise(_bigrams(text), idf)
    cell_text = _cell_text(cells)
    candidates = []
    for p in profiles:
        vector = vectors[p.code]
        rows = 100.0 * math.fsum(w * vector.get(g, 0.0) for g, w in table.items())
        mentions = sum(cell_text.count(fold(n)) for n in p.names[:1]) if cell_text else 0
        own = min(_OWN_NAME_CAP, _OWN_NAME_STEP * mentions)
        place = named.get(p.code)
        total = (_NAMED_WEIGHT[place] if place else 0.0) + rows + own
        candidates.append(
            DomainCandidate(p.code, p.name, round(total, 1), place, round(rows, 1), own)
        )
    candidates.sort(key=lambda c: (-c.score, c.code))
    top = candidates[0]
    second = candidates[1] if len(candidates) > 1 else None
    ranked = tuple(candidates)
    if top.named and (second is None or not second.named):
        return DomainGuess(top.code, True, ranked)
    unknown = caption if _names_unknown_domain(caption, named) else None
    if top.rows + top.own_name < MIN_ROWS and not top.named:
        return DomainGuess(None, False, ranked, unknown)  # like no installed pack
    # a caption that names a domain (…领域…) none of the packs is known by (涉农资金领域): the
    # rows alone must lead by twice the margin (generic rows such as 政策文件 fit many packs)
    margin = MARGIN * 2 if unknown else MARGIN
    if second is None or top.score - second.score >= margin:
        return DomainGuess(top.code, True, ranked)
    gkstds = {p.code for p in profiles if p.first_party}
    if (top.code in gkstds) != (second.code in gkstds):  # gkstd's pack against a third party's
        chosen = top if top.code in gkstds else second
        return DomainGuess(chosen.code, True, (chosen, *(c for c in ranked if c is not chosen)))
    return DomainGuess(None, False, ranked, unknown)


def unknown_domain(file: str, guess: DomainGuess | None) -> Finding:
    """GK614, naming the packs that came closest when there were any, and the caption
    when it names a domain no pack is known by (then no pack is offered as "one of them":
    the table is most likely of another domain)."""
    close = [c for c in (guess.candidates[:2] if guess is not None else ()) if c.score > 0]
    if guess is not None and guess.unknown_name:
        shown = guess.unknown_name[:60]
        if not close:
            return UNKNOWN_DOMAIN.emit("unknown-name-alone", source=file, caption=shown, file=file)
        return UNKNOWN_DOMAIN.emit(
            "unknown-name", source=file, caption=shown, **_fields("first", close[0]), file=file
        )
    if len(close) == 2:
        return UNKNOWN_DOMAIN.emit(
            "indistinguishable",
            source=file,
            **_fields("first", close[0]),
            **_fields("second", close[1]),
            file=file,
        )
    return UNKNOWN_DOMAIN.emit(source=file, file=file)


def _fields(prefix: str, candidate: DomainCandidate) -> dict[str, Any]:
    """A GK614 message's fields of one pack that came close: code, name and evidence."""
    return {
        prefix: candidate.code,
        f"{prefix}_name": candidate.name,
        f"{prefix}_evidence": candidate.evidence(),
        f"{prefix}_evidence_en": candidate.evidence_en(),
    }
