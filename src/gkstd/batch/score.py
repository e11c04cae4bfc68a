"""Scorecards (考核): the measures of one catalog, its score under a :class:`~gkstd.batch.
scheme.Scheme`, and the roll-ups per jurisdiction and per domain, ranked.

The four measures (docs/scoring.md explains each with its legal ground):

* **coverage** — of the parent's items the catalog's level must publish (the parent's level
  view, items marked not applicable left out), the share present.  Only what the parent
  knows counts: a pack that lacks the national table's items cannot ask for them, and an
  item whose 公开层级 the parent does not state is asked of a county, not of a township
  (as GK201 grades it: a warning at county level, a notice below).  Missing
  items are those GK201 reports (a missing group counts all its items) and those GK214
  found only by a similar name (unconfirmed).  ``None`` without a parent.
* **elements** — of the required elements of the catalog's items (名称、内容、依据、时限、
  主体、方式、渠道、公开对象, known gaps exempt), the share stated.
* **time_limits** — of the items matched to a parent item that has a time limit, the share
  whose limit is not looser (GK206).  ``None`` when nothing can be compared.
* **channels** — of the proactive (主动) items, the share published on the government
  website (条例第二十四条); for a village list (村级), the share with a channel villagers
  can reach (公示栏, 微信群, 入户…; :func:`gkstd.rules.village.villager_channel`).  ``None``
  without proactive items.

The score is the weighted mean of the measures that could be computed, times 100, less the
points per finding (at most ``cap``), kept within 0–100 and rounded to one decimal.  An
unusable file scores 0.
"""

from __future__ import annotations

import functools
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

import attrs

from gkstd.batch.naming import sheet_label
from gkstd.batch.scheme import MEASURES, Scheme
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.inherit.conform import required_severity
from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.model import REQUIRED_ELEMENTS, Catalog, Item
from gkstd.model.catalog import UNNAMED, UNNAMED_EN
from gkstd.model.enums import Level, Method
from gkstd.model.item import exempt_elements
from gkstd.rules.disclosure import has_website
from gkstd.rules.village import villager_channel
from gkstd.tables.place import folder_jurisdiction, named_folder

__all__ = ["Measures", "Rollup", "Scorecard", "Views", "measure", "one_decimal", "rollups", "score"]

_MISSING_CODES = frozenset({"GK201", "GK214"})
_LOOSER_CODE = "GK206"


def _level_code(label: str) -> str:
    try:
        return Level.parse(label).code if label else ""
    except ValueError:
        return label


@attrs.frozen
class Measures:
    """The counts behind the four measures of one catalog (``None``: not computable)."""

    required: int | None = None
    present: int | None = None
    elements_expected: int = 0
    elements_stated: int = 0
    limits_compared: int = 0
    limits_looser: int = 0
    proactive: int = 0
    proactive_on_website: int = 0

    def ratio(self, name: str) -> float | None:
        """The measure ``name`` (one of :data:`~gkstd.batch.scheme.MEASURES`) as 0–1."""
        if name == "coverage":
            if not self.required or self.present is None:
                return None
            return self.present / self.required
        if name == "elements":
            return self.elements_stated / self.elements_expected if self.elements_expected else None
        if name == "time_limits":
            if not self.limits_compared:
                return None
            return (self.limits_compared - self.limits_looser) / self.limits_compared
        if name == "channels":
            return self.proactive_on_website / self.proactive if self.proactive else None
        raise KeyError(name)


@attrs.frozen
class Scorecard:
    """One catalog's scorecard: who, which domain, the measures, findings, score, grade."""

    file: str
    jurisdiction: str
    level: str
    domain: str
    domain_name: str
    parent: str | None
    measures: Measures
    errors: int
    warnings: int
    infos: int
    score: float
    grade: str
    grade_en: str = ""
    usable: bool = True
    #: what the jurisdiction roll-up groups by: the division code, else the name; a
    #: jurisdiction the table does not name is its file's own (never pooled with others).
    jurisdiction_key: str = ""
    #: the pack's English name of the domain
    domain_name_en: str = ""

    @property
    def level_en(self) -> str:
        """The level in English (its code: ``county``), blank when unknown."""
        return _level_code(self.level)

    @property
    def jurisdiction_en(self) -> str:
        """The government's name for English text: the import's placeholder for a table
        that names none is said in English; a name is a name."""
        return UNNAMED_EN if self.jurisdiction == UNNAMED else self.jurisdiction

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the counts, the measures as 0–1 (``None``: not computable), score."""
        m = self.measures
        return {
            "file": self.file,
            "jurisdiction": self.jurisdiction,
            "jurisdiction_key": self.jurisdiction_key or self.jurisdiction,
            "level": self.level,
            "level_en": self.level_en,
            "domain": self.domain,
            "domain_name": self.domain_name,
            "domain_name_en": self.domain_name_en,
            "parent": self.parent,
            "usable": self.usable,
            "required": m.required,
            "present": m.present,
            "elements_expected": m.elements_expected,
            "elements_stated": m.elements_stated,
            "limits_compared": m.limits_compared,
            "limits_looser": m.limits_looser,
            "proactive": m.proactive,
            "proactive_on_website": m.proactive_on_website,
            **{name: _round(m.ratio(name), 4) for name in MEASURES},
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "score": self.score,
            "grade": self.grade,
            "grade_en": self.grade_en,
        }


@attrs.frozen
class Rollup:
    """A jurisdiction's (all its domains) or a domain's (all jurisdictions) results:
    catalogs, mean score, rank (1 is best; equal scores share a rank), finding counts."""

    kind: Literal["jurisdiction", "domain"]
    key: str
    name: str
    catalogs: int
    score: float
    rank: int
    errors: int
    warnings: int
    coverage: float | None
    grade: str = ""
    grade_en: str = ""
    #: the name for English text (a domain's English name; a government's name)
    name_en: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "kind": self.kind,
            "key": self.key,
            "name": self.name,
            "name_en": self.name_en or self.name,
            "catalogs": self.catalogs,
            "score": self.score,
            "rank": self.rank,
            "grade": self.grade,
            "grade_en": self.grade_en,
            "errors": self.errors,
            "warnings": self.warnings,
            "coverage": _round(self.coverage, 4),
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _leaves(item: Item, level: Level) -> int:
    """The leaves of ``item`` a catalog at ``level`` is asked for: not marked not
    applicable; and, below county level, only those whose 公开层级 the parent states.  A
    leaf whose levels are not written (a known gap of a partial pack, or a local parent
    without level columns) is counted at county level, where GK201 reports it as a
    warning, and not below it, where GK201 can only note that whether the township must
    hold it is unknown (as :func:`gkstd.inherit.conform.required_severity` grades it)."""
    county_or_above = level.rank <= Level.COUNTY.rank
    return sum(
        1
        for i in item.walk()
        if i.is_leaf
        and i.not_applicable is None
        and (county_or_above or required_severity(i, level) is Severity.ERROR)
    )


class Views:
    """The parents' level views as measured (item index and required count), kept for
    the many catalogs of a batch that share a parent."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, Level], tuple[ResolvedCatalog, dict[str, Item], int]] = {}
        #: id(item) → (item, elements expected, stated, proactive, reachable): items a child
        #: inherits unchanged are the parent's own objects, measured once
        self._items: dict[int, tuple[Item, int, int, bool, bool]] = {}

    def item(self, leaf: Item, village: bool) -> tuple[int, int, bool, bool]:
        """(elements expected, elements stated, proactive, on the website — or, for a
        village, on a channel villagers reach) of ``leaf``."""
        key = id(leaf) * 2 + village
        seen = self._items.get(key)
        if seen is None or seen[0] is not leaf:
            expected = stated = 0
            exempt = exempt_elements(leaf)
            if exempt is not None:
                for element in REQUIRED_ELEMENTS:
                    if element not in exempt:
                        expected += 1
                        stated += leaf.has_element(element)
            proactive = leaf.method is Method.PROACTIVE
            reached = proactive and (
                any(villager_channel(c) for c in leaf.channels) if village else has_website(leaf)
            )
            seen = (leaf, expected, stated, proactive, reached)
            self._items[key] = seen
        return seen[1], seen[2], seen[3], seen[4]

    def of(self, parent: ResolvedCatalog, level: Level) -> tuple[dict[str, Item], int]:
        """The item index of ``parent``'s view at ``level`` and its required leaves."""
        key = (id(parent), level)
        seen = self._seen.get(key)
        if seen is None or seen[0] is not parent:
            view = parent.view(level)
            index = {item.id: item for root in view for item in root.walk()}
            seen = (parent, index, sum(_leaves(root, level) for root in view))
            self._seen[key] = seen
        return seen[1], seen[2]


def measure(
    catalog: Catalog,
    findings: Sequence[Finding],
    parent: ResolvedCatalog | None,
    views: Views | None = None,
) -> Measures:
    """The counts behind the measures of ``catalog`` checked against ``parent``
    (``views`` keeps the parents' views between calls)."""
    required = present = None
    limits_compared = limits_looser = 0
    views = views or Views()
    leaves = [i for i in catalog.leaves() if i.not_applicable is None]
    if parent is not None and parent.catalog is not None:
        index, required = views.of(parent, catalog.jurisdiction.level)
        missing = 0
        counted: set[str] = set()
        for finding in findings:
            if finding.code not in _MISSING_CODES:
                continue
            item_id = finding.args.get("id")
            if not isinstance(item_id, str) or item_id in counted or item_id not in index:
                continue
            counted.add(item_id)
            missing += _leaves(index[item_id], catalog.jurisdiction.level)
        present = max(0, required - missing)
        aliases = parent.aliases if parent is not None else {}
        looser = {f.location.item for f in findings if f.code == _LOOSER_CODE and f.location.item}
        for leaf in leaves:
            matched = index.get(leaf.id) or index.get(aliases.get(leaf.id, ""))
            if matched is None or matched.time_limit is None or leaf.time_limit is None:
                continue
            limits_compared += 1
            limits_looser += leaf.id in looser
    expected = stated = 0
    proactive = on_website = 0
    village = catalog.jurisdiction.level is Level.VILLAGE  # no website: a villager channel
    for leaf in leaves:
        e, s, p, w = views.item(leaf, village)
        expected += e
        stated += s
        proactive += p
        on_website += w
    return Measures(
        required=required,
        present=present,
        elements_expected=expected,
        elements_stated=stated,
        limits_compared=limits_compared,
        limits_looser=limits_looser,
        proactive=proactive,
        proactive_on_website=on_website,
    )


def score(measures: Measures | None, findings: Iterable[Finding], scheme: Scheme) -> float:
    """The score (0–100, one decimal) of a catalog with ``measures`` and ``findings``
    under ``scheme``; 0 for an unusable file (``measures`` is ``None``)."""
    if measures is None:
        return 0.0
    total = weight = 0.0
    for name in MEASURES:
        ratio = measures.ratio(name)
        w = scheme.weight(name)
        if ratio is None or w <= 0:
            continue
        total += w * ratio
        weight += w
    base = 100.0 * total / weight if weight else 100.0
    points = {Severity.ERROR: scheme.error, Severity.WARNING: scheme.warning}
    points[Severity.INFO] = scheme.info
    penalty = sum(points.get(f.severity, 0.0) for f in findings)
    return one_decimal(max(0.0, min(100.0, base - min(penalty, scheme.cap))))


def one_decimal(value: float) -> float:
    """``value`` rounded to one decimal half up, as Excel's ROUND and 四舍五入 do
    (Python's ``round`` rounds a tie to the even digit: 48.25 → 48.2)."""
    return float(Decimal(repr(value)).quantize(_TENTH, ROUND_HALF_UP))


_TENTH = Decimal("0.1")


def _place_key(name: str, level: Level, file: str) -> str:
    """A government in a batch, when it has no division code: its name, with the nearest
    folder above the file that is named after a government of a higher level (甲县/城关镇/…
    and 乙县/城关镇/… are two towns: names repeat across a province)."""
    return _placed(name, level, os.path.dirname(file))


@functools.lru_cache(maxsize=4096)  # the files of a folder share it
def _placed(name: str, level: Level, folder_path: str) -> str:
    parts = Path(folder_path).parts
    for end in range(len(parts), 0, -1):
        found = named_folder(parts[end - 1])
        if found is not None and found[0] != name and found[1].rank < level.rank:
            return f"{name}（{os.path.join(*parts[:end])}）"
    return name


def rollups(
    cards: Sequence[Scorecard], scheme: Scheme, kind: Literal["jurisdiction", "domain"]
) -> tuple[Rollup, ...]:
    """The cards grouped by jurisdiction or domain, best first (mean score, ties share a
    rank and are ordered by name).  Unusable files count only for the government their
    folder names (score 0), never for a domain."""
    groups: dict[str, list[Scorecard]] = defaultdict(list)
    names: dict[str, str] = {}
    names_en: dict[str, str] = {}
    cards = [c for c in cards if c.usable or (kind == "jurisdiction" and c.jurisdiction_key)]
    for card in cards:
        key = (
            (card.jurisdiction_key or card.jurisdiction) if kind == "jurisdiction" else card.domain
        )
        groups[key].append(card)
        if kind == "domain":
            names[key] = card.domain_name
            names_en[key] = card.domain_name_en or card.domain_name
        elif card.jurisdiction_key.startswith(UNNAMED):  # its own row: named by its file
            path = card.jurisdiction_key[len(UNNAMED) :]
            names[key], names_en[key] = f"{UNNAMED} {path}", f"{UNNAMED_EN} {path}"
        else:
            names[key] = names_en[key] = card.jurisdiction
    if kind == "jurisdiction":  # a name two governments share: say where each is
        shared = Counter(names.values())
        for key, name in names.items():
            if shared[name] > 1 and key.startswith(f"{name}（"):  # 城关镇（甲县）
                above = os.path.basename(key[len(name) + 1 : -1])
                names[key], names_en[key] = f"{name}（{above}）", f"{name} ({above})"
    rows = []
    for key, members in groups.items():
        mean = one_decimal(sum(c.score for c in members) / len(members))
        required = sum(c.measures.required or 0 for c in members)
        present = sum(c.measures.present or 0 for c in members)
        rows.append((key, members, mean, present / required if required else None))
    rows.sort(key=lambda r: (-r[2], names[r[0]]))
    out: list[Rollup] = []
    for position, (key, members, mean, coverage) in enumerate(rows, 1):
        rank = out[-1].rank if out and out[-1].score == mean else position
        grade = scheme.grade(mean)
        out.append(
            Rollup(
                kind,
                key,
                names[key],
                len(members),
                mean,
                rank,
                sum(c.errors for c in members),
                sum(c.warnings for c in members),
                coverage,
                grade.name if grade else "",
                grade.name_en if grade else "",
                names_en[key],
            )
        )
    return tuple(out)


def rescored(scorecard: Scorecard, findings: Sequence[Finding], scheme: Scheme) -> Scorecard:
    """``scorecard`` with its counts and score computed again for ``findings`` (the
    measures stay: a batch leaves out the findings another file of the batch reports)."""
    if not scorecard.usable:
        return scorecard
    value = score(scorecard.measures, findings, scheme)
    grade = scheme.grade(value)
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return attrs.evolve(
        scorecard,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        score=value,
        grade=grade.name if grade else "",
        grade_en=grade.name_en if grade else "",
    )


def card(
    file: str,
    catalog: Catalog | None,
    findings: Sequence[Finding],
    parent: ResolvedCatalog | None,
    scheme: Scheme,
    domain_names: Mapping[str, str],
    views: Views | None = None,
    domain_names_en: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> Scorecard:
    """The scorecard of one file (``catalog`` ``None``: unusable, score 0); the domain
    named by ``domain_names`` (and ``domain_names_en``: pack code → name); ``sheet``: the
    catalog's sheet when its workbook holds several (named with it, and one government
    with the workbook's other sheets when the jurisdiction is not named)."""
    measures = measure(catalog, findings, parent, views) if catalog is not None else None
    value = score(measures, findings, scheme)
    grade = scheme.grade(value)
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    domain = catalog.domain if catalog is not None else ""
    key = ""
    name, level = "（无法使用）", ""
    if catalog is not None:
        place = catalog.jurisdiction
        name, level = place.name, place.level.label
        key = place.division_code or _place_key(place.name, place.level, file)
        if not place.name or place.name == UNNAMED:  # its own row, named by its path:
            key = f"{UNNAMED}{file}"  # two folders' 目录.xlsx are two governments (a
            # workbook's sheets one)
    elif (folder := folder_jurisdiction(file)) is not None:
        # an unusable file in a folder named after a government counts for it, as 0
        # (a county that sent a broken file is not one that was never asked)
        name, level = folder[0], folder[1].label
        key = _place_key(name, folder[1], file)
    return Scorecard(
        file=sheet_label(file, sheet),
        jurisdiction=name,
        level=level,
        domain=domain,
        domain_name=domain_names.get(domain, domain) if domain else "",
        parent=parent.id if parent is not None and parent.catalog is not None else None,
        measures=measures if measures is not None else Measures(),
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        score=value,
        grade=grade.name if grade else "",
        grade_en=grade.name_en if grade else "",
        usable=catalog is not None,
        jurisdiction_key=key,
        domain_name_en=(domain_names_en or {}).get(domain, domain) if domain else "",
    )
