"""Finding the parent a document names in ``extends`` / ``conforms_to``.

A reference (REF) is tried, in order, as:

1. a document the caller supplied in memory (``parents={"REF": text_or_catalog}``);
2. an installed pack's code or alias (its national catalog), also ``CODE/national``;
3. a file path relative to the referencing document;
4. a catalog id on the search path: ``DIR/REF``, ``DIR/REF.yaml|.yml|.json``, else any
   file under ``DIR`` whose ``id`` is REF.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from gkstd.model import Catalog

if TYPE_CHECKING:
    from gkstd.plugins.registry import Registry

__all__ = ["Located", "ParentLocator", "absolute_path"]

_SUFFIXES = (".yaml", ".yml", ".json")
_YAML_ID = re.compile(r"^id:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


@attrs.frozen
class Located:
    """Where a reference led: a cache ``key`` and what to load.

    Exactly one of ``pack`` (a pack code), ``path`` (a file) and ``memory`` (a
    caller-supplied document or catalog) is set.
    """

    key: str
    pack: str | None = None
    path: Path | None = None
    memory: str | bytes | Catalog | None = None


class ParentLocator:
    """Resolves references for one workspace (the search-path index is built once)."""

    def __init__(
        self,
        registry: Registry,
        search_path: Iterable[str | Path] = (),
        parents: Mapping[str, str | bytes | Catalog] | None = None,
    ) -> None:
        self.registry = registry
        self.search_path = tuple(Path(p) for p in search_path)
        self.parents = dict(parents or {})
        self._ids: dict[str, Path] | None = None

    def locate(self, ref: str, base: Path | None) -> tuple[Located | None, list[str]]:
        """(what ``ref`` names, or ``None``; the places tried, for the error message)."""
        tried: list[str] = []
        if ref in self.parents:
            return Located(f"memory:{ref}", memory=self.parents[ref]), tried
        tried.append("已提供的文档 / supplied documents")
        code = ref[: -len("/national")] if ref.endswith("/national") else ref
        pack = self.registry.pack(code)
        if pack is not None:
            return Located(f"pack:{pack.code}", pack=pack.code), tried
        tried.append("领域包 / packs: " + ", ".join(sorted(self.registry.packs)))
        if base is not None:
            candidate = absolute_path(base / ref)
            tried.append(str(candidate))
            if candidate.is_file():
                return Located(f"file:{candidate}", path=candidate), tried
        for directory in self.search_path:
            for name in (ref, *(ref + s for s in _SUFFIXES)):
                candidate = absolute_path(directory / name)
                if candidate.is_file():
                    return Located(f"file:{candidate}", path=candidate), tried
            tried.append(f"{directory}/{ref}[.yaml|.yml|.json]")
        if self.search_path:
            found = self._index().get(ref)
            tried.append("id 索引 / id index of the search path")
            if found is not None:
                return Located(f"file:{found}", path=found), tried
        return None, tried

    def _index(self) -> dict[str, Path]:
        """Catalog id → file, for every document under the search path (built once)."""
        if self._ids is None:
            self._ids = {}
            for directory in self.search_path:
                for path in sorted(directory.rglob("*")):
                    if path.suffix.lower() not in _SUFFIXES or not path.is_file():
                        continue
                    catalog_id = _peek_id(path)
                    if catalog_id is not None:
                        self._ids.setdefault(catalog_id, absolute_path(path))
        return self._ids


def absolute_path(path: Path) -> Path:
    """An absolute, normalised path (``..`` folded; symlinks kept, which is cheaper)."""
    return Path(os.path.normpath(os.path.abspath(path)))


def _peek_id(path: Path) -> str | None:
    """The document's ``id`` read cheaply (top-level ``id:`` line or JSON key)."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except ValueError:
            return None
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None
    match = _YAML_ID.search(text)
    return match.group(1) if match else None
