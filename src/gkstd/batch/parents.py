"""Parents found within the batch: a county's catalog handed over with its townships' is
their parent (issue 19: "a county's catalog in the same batch is the parent of its
townships' when the caption or a mapping says so").

Only tables get a parent this way: a gkstd document names its own (``conforms_to`` /
``extends``).  A table's candidate parents are the usable catalogs of the batch in the same
domain at a higher level; one is its parent when

* a **mapping** says so (``gkstd check --parents FILE``: a YAML mapping of a child to its
  parent, each named by file name, path or jurisdiction name), or
* the table's **caption** (the catalog title) names the candidate's jurisdiction — 平武县
  in "平武县响岩镇社会保险领域基层政务公开标准目录" — the nearest level winning, and an
  equal tie giving no parent (the caption is then ambiguous, and the pack's national
  catalog stays the parent).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.sidefiles import SideFile, read_side_bytes, side_text
from gkstd.io.sideyaml import load_side_yaml
from gkstd.model import Catalog
from gkstd.model.catalog import UNNAMED

__all__ = ["ParentMap", "ParentMapError", "find_parents", "load_parent_map"]

_SUFFIXES = ("人民政府", "政府")


class ParentMapError(GkstdError):
    """A ``--parents`` file that cannot be used (names file, place and fix)."""


#: A parents file, for its messages (:mod:`gkstd.diagnostics.sidefiles`).
_KIND = SideFile(
    "上级目录对应表",
    "a parents file",
    ParentMapError,
    "例如：\n  平武县响岩镇.xlsx: 平武县.xlsx\n  响岩镇: 平武县",
    "Write one 'child: parent' per line (平武县响岩镇.xlsx: 平武县.xlsx).",
    "GKSTD_LIMIT_MAX_DOCUMENT_BYTES",
)


@attrs.frozen
class ParentMap:
    """Child → parent, each a file name, a path or a jurisdiction name."""

    entries: tuple[tuple[str, str], ...] = ()
    base: Path | None = None

    def parent_of(self, path: Path, catalog: Catalog) -> str | None:
        """The parent this map names for the file ``path`` holding ``catalog``."""
        keys = {str(path), path.name, path.stem, catalog.jurisdiction.name}
        if self.base is not None:
            with contextlib.suppress(ValueError):
                keys.add(str(path.resolve().relative_to(self.base.resolve())))
        return next((parent for child, parent in self.entries if child in keys), None)


def load_parent_map(path: str | os.PathLike[str]) -> ParentMap:
    """Read a ``--parents`` file: a YAML mapping ``child: parent`` of strings."""
    name = os.fspath(path)
    limit = limits.get("max_document_bytes")
    text = side_text(read_side_bytes(name, limit, _KIND), name, _KIND)
    data = load_side_yaml(text, name, _KIND)
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise _KIND.refuse(
            name,
            "应为“下级: 上级”的对应表，每行一对，两边都是文件名或政府名称",
            "expected a mapping 'child: parent', one per line, each a file or government name",
        )
    return ParentMap(tuple(data.items()), Path(name).parent)


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def find_parents(
    entries: Sequence[tuple[Path, str, Catalog | None]],
    mapping: ParentMap | None = None,
) -> Mapping[int, int]:
    """For each table among ``entries`` (path, kind, catalog), the index of its parent in
    the batch, if any (see the module docstring)."""
    out: dict[int, int] = {}
    named: dict[str, list[int]] = {}
    for index, (path, _, catalog) in enumerate(entries):
        if catalog is None:
            continue
        for key in {str(path), path.name, path.stem, catalog.jurisdiction.name}:
            named.setdefault(key, []).append(index)
    for index, (path, kind, catalog) in enumerate(entries):
        if kind != "table" or catalog is None:
            continue

        def fits(j: int, index: int = index, catalog: Catalog = catalog) -> bool:
            other = entries[j][2]
            return (
                j != index
                and other is not None
                and other.domain == catalog.domain
                and other.jurisdiction.level.rank < catalog.jurisdiction.level.rank
            )

        wanted = mapping.parent_of(path, catalog) if mapping is not None else None
        if wanted is not None:
            candidates = [j for j in named.get(wanted, []) if fits(j)]
            if not candidates and mapping is not None and mapping.base is not None:
                target = str((mapping.base / wanted).resolve())
                candidates = [
                    j for j, e in enumerate(entries) if str(e[0].resolve()) == target and fits(j)
                ]
            if len(candidates) == 1:
                out[index] = candidates[0]
            continue
        caption = catalog.title
        best: list[tuple[int, int, int]] = []  # (-rank, -name length, index)
        for j, (_, _, other) in enumerate(entries):
            if other is None or not fits(j):
                continue
            place = _short(other.jurisdiction.name)
            if len(place) < 2 or place == UNNAMED or place not in caption:
                continue
            if place == _short(catalog.jurisdiction.name):
                continue
            best.append((-other.jurisdiction.level.rank, -len(place), j))
        if not best:
            continue
        best.sort()
        if len(best) > 1 and best[0][:2] == best[1][:2]:
            continue  # two equally good parents: the caption does not say which
        out[index] = best[0][2]
    return out
