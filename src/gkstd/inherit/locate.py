"""Finding the parent a document names in ``extends`` / ``conforms_to``.

A reference (REF) is tried, in order, as:

1. a document the caller supplied in memory (``parents={"REF": text_or_catalog}``);
2. an installed pack's code or alias (its national catalog), also ``CODE/national``;
3. a file path relative to the referencing document;
4. a catalog id on the search path: ``DIR/REF``, ``DIR/REF.yaml|.yml|.json``, else any
   file under ``DIR`` whose ``id`` is REF.

A reference never reads an arbitrary file: a file is used only when its real path (links
followed) is inside an allowed folder (:meth:`ParentLocator.roots`): the referencing
document's folder, the current working directory, the search path and any folder the
caller allows explicitly (``allow_paths``), each with its subfolders, and the files the
caller gave itself (:meth:`ParentLocator.allow_file`).  A path outside is
refused before anything looks at it (:meth:`ParentLocator.outside`), so the answer is the
same whether such a file exists or not.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gkstd.model import Catalog

if TYPE_CHECKING:
    from gkstd.plugins.registry import Registry

__all__ = ["Located", "ParentLocator", "absolute_path", "tried_fields"]

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
    """Resolves references for one workspace (the search-path index is built once).

    ``allow_paths`` are further folders (with their subfolders) parent files may be read
    from, beyond the referencing document's folder, the working directory and the search
    path; unlike the search path they are not searched for catalog ids.
    """

    #: Whether the working directory is an allowed folder (the command line's default).
    #: The HTTP service turns it off for a request's workspace, and for every workspace of
    #: its worker processes (:func:`gkstd.serve.work.start_worker`): an uploaded document
    #: then names no file of the server's, wherever the server runs.
    working_directory: bool = True

    def __init__(
        self,
        registry: Registry,
        search_path: Iterable[str | Path] = (),
        parents: Mapping[str, str | bytes | Catalog] | None = None,
        allow_paths: Iterable[str | os.PathLike[str]] = (),
    ) -> None:
        self.registry = registry
        self.search_path = tuple(Path(p) for p in search_path)
        self.allow_paths = tuple(Path(p) for p in allow_paths)
        self.parents = dict(parents or {})
        self._ids: dict[str, Path] | None = None
        #: ids declared by more than one file of the search path → those files (sorted)
        self._twins: dict[str, tuple[Path, ...]] = {}
        self._given: set[str] = set()  # real paths of the allowed files worked out so far
        self._given_paths: set[str] = set()  # the allowed files, absolute and normalised
        self._pending: list[str] = []  # allowed files whose real path is not worked out yet
        self._roots: dict[tuple[Path | None, str], tuple[str, ...]] = {}
        #: (reference, folder, confined) → the file it led to: a workspace resolves a
        #: parent once, so the fifteen townships naming ``county.json`` need not look again
        self._found: dict[tuple[str, Path | None, bool], tuple[Located, tuple[str, ...]]] = {}
        #: folder → real path, for :meth:`roots` (a batch asks for the same few folders
        #: thousands of times; the candidate files themselves are always looked at afresh)
        self._folders: dict[Path, str] = {}
        self._bases: dict[str, Path] = {}  # folder name → its Path (:meth:`folder_of`)

    def forget(self) -> None:
        """Drop what the look-ups found (parents, folders and their real paths), keeping
        the allowed files and the catalog ids of the search path:
        :meth:`gkstd.Workspace.forget`."""
        self._roots.clear()
        self._found.clear()
        self._folders.clear()
        self._bases.clear()

    def folder_of(self, name: str) -> Path:
        """The folder of the absolute, normalised file name ``name``, one :class:`Path`
        per folder (a batch names thousands of files in a few hundred folders; the
        folder is part of the key of every parent look-up, and a path hashes once)."""
        folder = os.path.dirname(name)
        path = self._bases.get(folder)
        if path is None:
            path = self._bases[folder] = Path(folder)
        return path

    def text_folder(self) -> Path | None:
        """The folder a document given as text or bytes refers from: the working
        directory, or none when :attr:`working_directory` is off."""
        return Path.cwd() if self.working_directory else None

    def allow_file(self, path: str | os.PathLike[str]) -> None:
        """Allow ``path`` as a parent wherever it is: the caller named it itself (a
        document it validates, a reference it resolves), so naming it again as another
        document's parent reveals nothing.

        Cheap (a batch allows every file it checks): the path is kept as written out in
        full; the real paths of the allowed files are worked out only when a parent
        outside the allowed folders is not one of them by name."""
        name = os.path.normcase(os.path.normpath(os.path.abspath(path)))
        if name not in self._given_paths:
            self._given_paths.add(name)
            self._pending.append(name)

    def _allowed(self, path: Path, roots: tuple[str, ...]) -> bool:
        real = self._real_file(path)
        if _under(real, roots):
            return True
        if not self._given_paths:
            return False
        if os.path.normcase(str(path)) in self._given_paths:
            return True  # the very file the caller named (its real path is its own)
        if self._pending:  # a link to an allowed file, or an allowed link: real paths
            self._given.update(self._real_file(Path(name)) for name in self._pending)
            self._pending.clear()
        return real in self._given

    def _real_file(self, path: Path) -> str:
        """The real path of ``path`` (an absolute, normalised path): its folder's real
        path, cached like :meth:`roots`'s, joined with its name, unless the name itself
        is a link (one ``lstat``); a path the system refuses is resolved as
        :func:`_real` resolves it."""
        try:
            if not path.is_absolute() or not path.name or os.path.islink(path):
                return _real(path)
        except ValueError:
            return _real(path)
        return os.path.normcase(os.path.join(self._real_folder(path.parent), path.name))

    def roots(self, base: Path | None) -> tuple[str, ...]:
        """The real paths of the folders parent files may be in, for a document in
        folder ``base`` (``None``: a document that is no file)."""
        try:
            cwd = os.getcwd() if self.working_directory else ""
        except OSError:  # the working directory may have been removed
            cwd = ""
        key = (base, cwd)
        roots = self._roots.get(key)
        if roots is None:
            folders = [*self.search_path, *self.allow_paths]
            if cwd:
                folders.append(Path(cwd))
            if base is not None:
                folders.append(base)
            roots = tuple(dict.fromkeys(self._real_folder(folder) for folder in folders))
            self._roots[key] = roots
        return roots

    def _real_folder(self, folder: Path) -> str:
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = _real(folder)
        return real

    def _candidates(self, ref: str, base: Path | None) -> Iterator[Path]:
        """The files ``ref`` may name, in the order :meth:`locate` tries them."""
        if base is not None:
            yield absolute_path(base / ref)
        for directory in self.search_path:
            for name in (ref, *(ref + s for s in _SUFFIXES)):
                yield absolute_path(directory / name)

    def outside(self, ref: str, base: Path | None) -> bool:
        """Whether ``ref``, not found, named a file outside the allowed folders (it was
        then not looked at: the caller must say so without saying whether it exists)."""
        if ref in self.parents or self.registry.pack(ref.removesuffix("/national")):
            return False
        roots = self.roots(base)
        return any(not self._allowed(path, roots) for path in self._candidates(ref, base))

    def locate(
        self, ref: str, base: Path | None, *, confine: bool = True
    ) -> tuple[Located | None, list[str]]:
        """(what ``ref`` names, or ``None``; the places tried, for the error message).

        ``base`` is the referencing document's folder (``None``: not a file).  Files
        outside :meth:`roots` are skipped unread (see :meth:`outside`), unless
        ``confine`` is false: a reference the caller gave itself, not one read from a
        document, may name any file.  A reference that led to a file leads there again
        for the rest of this locator's life (its workspace has read that file).
        """
        known = self._found.get((ref, base, confine))
        if known is not None:
            return known[0], list(known[1])
        located, tried = self._locate(ref, base, confine)
        if located is not None and located.path is not None:
            self._found[(ref, base, confine)] = (located, tuple(tried))
        return located, tried

    def _locate(
        self, ref: str, base: Path | None, confine: bool
    ) -> tuple[Located | None, list[str]]:
        tried: list[str] = []
        if ref in self.parents:
            return Located(f"memory:{ref}", memory=self.parents[ref]), tried
        tried.append("已提供的文档 / supplied documents")
        code = ref[: -len("/national")] if ref.endswith("/national") else ref
        pack = self.registry.pack(code)
        if pack is not None:
            return Located(f"pack:{pack.code}", pack=pack.code), tried
        tried.append("领域包 / packs: " + ", ".join(sorted(self.registry.packs)))
        roots = self.roots(base) if confine else (os.sep,)
        if base is not None:
            candidate = absolute_path(base / ref)
            if self._allowed(candidate, roots):
                tried.append(str(candidate))
                if _is_file(candidate):
                    return Located(f"file:{candidate}", path=candidate), tried
        for directory in self.search_path:
            for name in (ref, *(ref + s for s in _SUFFIXES)):
                candidate = absolute_path(directory / name)
                if self._allowed(candidate, roots) and _is_file(candidate):
                    return Located(f"file:{candidate}", path=candidate), tried
            tried.append(f"{directory}/{ref}[.yaml|.yml|.json]")
        if self.search_path:
            found = self._index().get(ref)
            tried.append("id 索引 / id index of the search path")
            if found is not None and ref not in self._twins:
                return Located(f"file:{found}", path=found), tried
        return None, tried

    def ambiguous(self, ref: str) -> tuple[Path, ...]:
        """The files of the search path that all declare the id ``ref``, when more than one
        does (a reference to it is then refused, never resolved to whichever sorts first:
        an old copy kept in a subfolder would be taken silently); else ``()``."""
        if not self.search_path:
            return ()
        self._index()
        return self._twins.get(ref, ())

    def _index(self) -> dict[str, Path]:
        """Catalog id → file, for every document under the search path (built once; a
        file whose real path leaves the search path, through a link, is not read)."""
        if self._ids is None:
            self._ids = {}
            declared: dict[str, list[Path]] = {}
            for directory in self.search_path:
                roots = (_real(directory),)
                for path in sorted(directory.rglob("*")):
                    if path.suffix.lower() not in _SUFFIXES or not _inside(path, roots):
                        continue
                    if not _is_file(path):
                        continue
                    catalog_id = _peek_id(path)
                    if catalog_id is not None:
                        found = absolute_path(path)
                        self._ids.setdefault(catalog_id, found)
                        files = declared.setdefault(catalog_id, [])
                        if found not in files:  # one folder given twice
                            files.append(found)
            self._twins = {k: tuple(v) for k, v in declared.items() if len(v) > 1}
        return self._ids


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a name the system refuses (too long, NUL) is not."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _real(path: Path | str) -> str:
    """The real, absolute path (links followed), case-folded where the system is."""
    try:
        return os.path.normcase(os.path.realpath(path))
    except ValueError:  # a NUL character: no such file can exist, nothing to follow
        return os.path.normcase(os.path.abspath(path))


def _inside(path: Path, roots: Iterable[str]) -> bool:
    """Whether the real path of ``path`` is one of ``roots`` or below one."""
    return _under(_real(path), roots)


def _under(real: str, roots: Iterable[str]) -> bool:
    """Whether the real path ``real`` is one of ``roots`` or below one."""
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def absolute_path(path: Path) -> Path:
    """An absolute, normalised path (``..`` folded; symlinks kept, which is cheaper):
    :func:`os.path.abspath` normalises as it joins."""
    return Path(os.path.abspath(path))


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


def tried_fields(places: list[str]) -> dict[str, Any]:
    """The fields of a GK210 message that list the places searched: the places, and as
    shown (separated by ；/ ;, since a place may itself list packs with commas)."""
    return {"places": places, "tried": "；".join(places), "tried_en": "; ".join(places)}
