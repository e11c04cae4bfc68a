"""Resolving and validating catalogs together with their chain of parents.

A :class:`Workspace` loads, resolves and validates each document once, however many
children share it: a province's county catalogs are checked once, not once per township.

Resolution is a pipeline of named steps: the parent is located and resolved first
(:meth:`Workspace._build`: reference, cycle, domain and level checks), then a tailoring is
applied by :func:`gkstd.inherit.tailor.apply_delta` (compare, place, level view, rebuild)
and a complete catalog checked by :func:`gkstd.inherit.conform.conform` (match, missing
items, compare).  The findings those steps produce are the document's ``chain_findings``.

Long module: loading, resolving, checking and reporting share the workspace's caches (one
load, resolution and check per document, however many children name it); split, each
step would hand the caches to the next.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.arguments import codes, each, expect, paths, refused
from gkstd.diagnostics.arguments import paths as _paths
from gkstd.diagnostics.collector import collector_paused
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.environment import default_registry
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.report import Report
from gkstd.inherit.conform import conform, walk_with_ancestors
from gkstd.inherit.locate import Located, ParentLocator, tried_fields
from gkstd.inherit.mapping import ItemMap, map_beside, read_map
from gkstd.inherit.orders import (
    CORE_ORDERS,
    ElementOrder,
)
from gkstd.inherit.parallel import MIN_CHUNK, settings_for, validate_in_processes
from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.inherit.rules import (
    CYCLE,
    DOMAIN_MISMATCH,
    LEVEL_NOT_BELOW,
    UNKNOWN_PARENT,
)
from gkstd.inherit.tailor import apply_delta
from gkstd.io.codes import LIMIT_EXCEEDED, SCHEMA_VIOLATION
from gkstd.io.loader import LoadedDocument, Source, classify_source, load_document
from gkstd.model import Catalog
from gkstd.rules.engine import Selection, apply_waivers, rule_session, run_rules
from gkstd.rules.township import TownshipEntry, entry_findings, township_entries

if TYPE_CHECKING:
    from gkstd.diagnostics.rule import Rule
    from gkstd.plugins.registry import Registry

__all__ = ["Workspace"]


class Workspace:
    """Loads, resolves and validates documents, sharing parents between them.

    ``search_path`` lists directories where parent ids are looked up; ``parents`` maps
    references to documents (text, bytes or :class:`Catalog`) supplied in memory.

    A parent reference that is a path is read only from inside the allowed folders: the
    referencing document's folder, the current working directory, the ``search_path``
    folders and the folders in ``allow_paths`` (each with its subfolders; real paths are
    compared, so a link cannot lead out).  Anything else is GK210 (``outside``), which
    does not say whether the file exists.  ``allow_paths`` widens this without adding
    folders to the id search (the CLI's ``--catalog-path`` widens it through the search
    path).  A file the caller gave itself (:meth:`resolve` of a path, :meth:`resolve_ref`)
    may be named as a parent wherever it is.
    """

    def __init__(
        self,
        registry: Registry | None = None,
        *,
        search_path: Iterable[str | os.PathLike[str]] = (),
        parents: Mapping[str, str | bytes | Catalog] | None = None,
        select: Iterable[str] | str | None = None,
        ignore: Iterable[str] | str | None = None,
        options: dict[str, Any] | None = None,
        mapping: ItemMap | str | os.PathLike[str] | None = None,
        allow_paths: Iterable[str | os.PathLike[str]] = (),
    ) -> None:
        if registry is not None and not (
            hasattr(registry, "packs") and hasattr(registry, "migrations")
        ):
            raise refused(
                registry,
                "registry",
                ("Registry（gkstd.registry()）或 None", "a Registry (gkstd.registry()) or None"),
            )
        search_path = paths(search_path, "search_path")
        allow_paths = paths(allow_paths, "allow_paths")
        expect(parents, (Mapping, type(None)), "parents", _PARENTS)
        expect(
            options, (Mapping, type(None)), "options", ("字典（规则选项）", "a dict (rule options)")
        )
        self.registry = registry or default_registry()
        self.locator = ParentLocator(
            self.registry, [Path(p) for p in search_path], parents, allow_paths
        )
        self.selection = Selection.parse(codes(select, "select"), codes(ignore, "ignore"))
        self.options = dict(options or {})
        self.mapping = mapping
        self._maps: dict[str, ItemMap | Finding | None] = {}
        self._resolved: dict[str, ResolvedCatalog] = {}
        self._loaded: dict[str, LoadedDocument] = {}
        self._checked: dict[str, tuple[Finding, ...]] = {}
        self._chains: dict[str, tuple[Finding, ...]] = {}
        self._orders: dict[str, dict[str, ElementOrder]] = {}
        self._rules: dict[tuple[str, Selection], list[Rule]] = {}
        #: file key → the name the caller gave the file (:meth:`hand_over`)
        self._names: dict[str, str] = {}

    # -- loading ---------------------------------------------------------------------

    def _load_located(self, located: Located) -> LoadedDocument:
        if located.key in self._loaded:
            return self._loaded[located.key]
        if located.pack is not None:
            pack = self.registry.packs[located.pack]
            doc = pack.load_catalog()
        elif located.path is not None:  # a file the caller handed over: named as given
            doc = load_document(
                self._names.get(located.key, located.path),
                self.registry.migrations,
                resolve_domain=self.registry.domain_code,
            )
        elif isinstance(located.memory, Catalog):
            doc = LoadedDocument(located.memory, (), None)
        else:
            assert located.memory is not None
            doc = load_document(
                located.memory, self.registry.migrations, resolve_domain=self.registry.domain_code
            )
            doc = _named(doc, located.key.removeprefix("memory:"))
        self._loaded[located.key] = doc
        return doc

    def resolve(self, source: Source | Catalog) -> ResolvedCatalog:
        """Load ``source`` (path, text, bytes or catalog) and resolve its chain.

        A string naming an existing file is that file.  Otherwise a name of a document
        supplied in ``parents`` is that document, a pack's code, Chinese name or alias
        is the pack's national catalog, and a catalog found on the search path (by file
        name or id) is that catalog; anything else is read as a path and reported as a
        missing file (GK001).

        The workspace's ``mapping`` (an :class:`~gkstd.inherit.mapping.ItemMap` or the
        path of a map file) applies to ``source``; without one, a map file kept beside
        a file document (``NAME.map.yaml``) is used.
        """
        expect_source(source, "source", catalog=True)
        if isinstance(source, Catalog):
            key = f"catalog:{id(source)}"
            self._loaded[key] = LoadedDocument(source, (), None)
            self._given_map(key)
            return self._resolve(key, Path.cwd(), ())
        if isinstance(source, str) and _is_path(source) and not _exists(source):
            located = self._named_input(source)
            twin = self._twin_finding(source) if located is None else None
            if twin is not None:  # an id several files declare: never the first that sorts
                return ResolvedCatalog(f"ref:{source}", None, None, (twin,))
            if located is not None:
                self._load_located(located)
                if located.path is not None:
                    self.locator.allow_file(located.path)
                base = located.path.parent if located.path is not None else Path.cwd()
                return self._resolve(located.key, base, ())
        if isinstance(source, (str, os.PathLike)) and _is_path(source):
            name = os.path.abspath(source)  # as absolute_path writes it, without a Path
            self.locator.allow_file(name)  # the caller's own file may be a parent too
            key = f"file:{name}"
            if key not in self._loaded:
                self._loaded[key] = load_document(
                    source, self.registry.migrations, resolve_domain=self.registry.domain_code
                )
            self._given_map(key)
            return self._resolve(key, self.locator.folder_of(name), ())
        key = f"text:{hash(source)}"
        self._loaded[key] = load_document(
            source, self.registry.migrations, resolve_domain=self.registry.domain_code
        )
        self._given_map(key)
        return self._resolve(key, self.locator.text_folder(), ())

    def _named_input(self, name: str) -> Located | None:
        """What a name given as input (not an existing file) stands for: a document
        supplied in memory, a pack (its national catalog; code, Chinese name or alias),
        or a file or catalog id found on the search path; ``None`` if nothing."""
        located, _ = self.locator.locate(name, None, confine=False)
        return located

    def pack_input(self, source: object) -> str | None:
        """The pack code when ``source``, given as input, means a pack's national catalog:
        a string that names no existing file and is a pack's code, Chinese name or alias
        (the rule :meth:`resolve` follows; an :class:`os.PathLike` is always a file)."""
        if not isinstance(source, str) or not _is_path(source) or _exists(source):
            return None
        if source in self.locator.parents:
            return None
        code = source.removesuffix("/national")
        pack = self.registry.pack(code)
        return pack.code if pack is not None else None

    def _given_map(self, key: str) -> None:
        if self.mapping is None or key in self._maps:
            return
        if isinstance(self.mapping, ItemMap):
            self._maps[key] = self.mapping
        else:
            self._maps[key] = read_map(self.mapping)

    def _mapping(self, key: str, findings: list[Finding]) -> ItemMap | None:
        """The item map of document ``key``: given, or kept beside the file (cached)."""
        if key not in self._maps:
            beside = map_beside(key.removeprefix("file:")) if key.startswith("file:") else None
            self._maps[key] = read_map(beside) if beside is not None else None
        found = self._maps[key]
        if isinstance(found, Finding):
            findings.append(found)
            return None
        return found

    def resolve_ref(self, ref: str, base: str | os.PathLike[str] | None = None) -> ResolvedCatalog:
        """Resolve a reference as ``extends``/``conforms_to`` would (pack code, path, id).

        An unknown reference gives an unusable result with a GK210 finding.  ``ref`` is
        the caller's own (a path is read wherever it is, as :meth:`resolve` reads one);
        the references in the documents it leads to are held to the allowed folders.
        """
        folder = Path(base) if base is not None else Path.cwd()
        located, tried = self.locator.locate(ref, folder, confine=False)
        twin = self._twin_finding(ref) if located is None else None
        if twin is not None:
            return ResolvedCatalog(f"ref:{ref}", None, None, (twin,))
        if located is None:
            finding = UNKNOWN_PARENT.emit("catalog", ref=ref, **tried_fields(tried))
            return ResolvedCatalog(f"ref:{ref}", None, None, (finding,))
        self._load_located(located)
        if located.path is not None:
            self.locator.allow_file(located.path)
        parent_base = located.path.parent if located.path is not None else None
        return self._resolve(located.key, parent_base, ())

    def _shown(self, key: str) -> str:
        """A loaded document's key as a message shows it: the name the caller gave the
        file, else its path relative to the working directory when it lies below it
        (``a.yaml`` rather than ``/home/…/a.yaml``), else what the key holds."""
        if key in self._names:
            return self._names[key]
        kind, _, rest = key.partition(":")
        if kind == "file":
            try:
                relative = os.path.relpath(rest)
            except ValueError:  # another drive (Windows)
                return rest
            return rest if relative.startswith("..") else relative
        return rest

    def _twin_finding(self, ref: str, path: str | None = None) -> Finding | None:
        """GK210 for a catalog id that several files of the search path declare (see
        :meth:`ParentLocator.ambiguous`), else ``None``."""
        twins = self.locator.ambiguous(ref)
        if not twins:
            return None
        files = ", ".join(str(twin) for twin in twins)
        return UNKNOWN_PARENT.emit("ambiguous", ref=ref, files=files, path=path)

    def _resolve(self, key: str, base: Path | None, stack: tuple[str, ...]) -> ResolvedCatalog:
        if key in self._resolved:
            return self._resolved[key]
        doc = self._loaded[key]
        resolved = self._build(key, doc, base, stack)
        self._resolved[key] = resolved
        return resolved

    def _build(
        self, key: str, doc: LoadedDocument, base: Path | None, stack: tuple[str, ...]
    ) -> ResolvedCatalog:
        catalog = doc.catalog
        pack = key.removeprefix("pack:") if key.startswith("pack:") else None
        if catalog is None:
            return ResolvedCatalog(key, None, None, doc.findings, doc.file, from_pack=pack)
        findings = list(doc.findings)  # loading
        chain: list[Finding] = []  # the inheritance checks'

        def fail(finding: Finding, *, inherited: bool = True) -> ResolvedCatalog:
            (chain if inherited else findings).append(doc.locate(finding))
            return ResolvedCatalog(
                key,
                catalog,
                None,
                (*findings, *chain),
                doc.file,
                from_pack=pack,
                chain_findings=tuple(chain),
            )

        if catalog.extends and catalog.conforms_to:
            return fail(SCHEMA_VIOLATION.emit("both-parents", path="$.extends"), inherited=False)
        ref = catalog.extends or catalog.conforms_to
        mode = "extends" if catalog.extends else "conforms_to"
        if not ref:
            return _root(key, catalog, findings, doc.file, pack)
        deepest = limits.get("max_chain_depth")
        if len(stack) >= deepest:  # before the recursion goes deeper
            return fail(LIMIT_EXCEEDED.emit("chain", limit=deepest, path=f"$.{mode}"))
        located, tried = self.locator.locate(ref, base)
        if located is None and self.locator.outside(ref, base):
            return fail(UNKNOWN_PARENT.emit("outside", ref=ref, path=f"$.{mode}"))
        twin = self._twin_finding(ref, f"$.{mode}") if located is None else None
        if twin is not None:
            return fail(twin)
        if located is None:
            return fail(UNKNOWN_PARENT.emit(ref=ref, **tried_fields(tried), path=f"$.{mode}"))
        if located.key in (*stack, key):
            cycle = [*(self._shown(s) for s in (*stack, key)), ref]
            return fail(CYCLE.emit(cycle=" → ".join(cycle), catalogs=cycle, path=f"$.{mode}"))
        parent_doc = self._load_located(located)
        parent_base = located.path.parent if located.path is not None else None
        parent = self._resolve(located.key, parent_base, (*stack, key))
        if parent.catalog is None:
            cycle_or_error = [f for f in parent.findings if f.code in (CYCLE.code,)]
            if cycle_or_error:  # this document is in the cycle too: its own finding, here
                args = cycle_or_error[0].args
                return fail(
                    CYCLE.emit(cycle=args["cycle"], catalogs=args["catalogs"], path=f"$.{mode}")
                )
            reason, reason_en = _first_problem(parent)
            return fail(
                UNKNOWN_PARENT.emit(
                    "unusable",
                    ref=ref,
                    source=parent_doc.file or located.key,
                    reason=reason,
                    reason_en=reason_en,
                    path=f"$.{mode}",
                )
            )
        parent_catalog = parent.catalog
        if self._domain(catalog.domain) != self._domain(parent_catalog.domain):
            return fail(
                DOMAIN_MISMATCH.emit(
                    domain=catalog.domain,
                    parent=parent.id,
                    parent_zh=parent.label,
                    parent_domain=parent_catalog.domain,
                    path="$.domain",
                )
            )
        level, parent_level = catalog.jurisdiction.level, parent_catalog.jurisdiction.level
        if level.rank <= parent_level.rank:
            chain.append(
                doc.locate(
                    LEVEL_NOT_BELOW.emit(
                        level=level.code,
                        level_zh=level.label,
                        parent=parent.id,
                        parent_zh=parent.label,
                        parent_level=parent_level.code,
                        parent_level_zh=parent_level.label,
                        path="$.jurisdiction.level",
                    )
                )
            )
        orders = self._orders_for(catalog.domain)  # shared: read only
        if mode == "extends":
            return apply_delta(key, doc, parent, orders, findings, pack, chain)
        mapping = self._mapping(key, chain)
        return conform(key, doc, parent, orders, findings, pack, mapping, chain)

    def _domain(self, code: str) -> str:
        pack = self.registry.pack(code)
        return pack.code if pack is not None else code

    def orders(self, domain: str) -> dict[str, ElementOrder]:
        """The refinement orders used for ``domain``: core orders, then the pack's (a
        copy the caller may change)."""
        return dict(self._orders_for(domain))

    def _orders_for(self, domain: str) -> dict[str, ElementOrder]:
        """:meth:`orders`, built once per domain and shared (not to be changed)."""
        if domain not in self._orders:
            orders = dict(CORE_ORDERS)
            for order in self.registry.orders_for(domain):
                orders[order.element] = order
            self._orders[domain] = orders
        return self._orders[domain]

    def _rules_for(self, domain: str) -> list[Rule]:
        """The selected rules for catalogs of ``domain`` (listed once per domain)."""
        key = (domain, self.selection)
        if key not in self._rules:
            wanted = self.selection.wants
            self._rules[key] = [r for r in self.registry.rules_for(domain) if wanted(r.code)]
        return self._rules[key]

    # -- validation ------------------------------------------------------------------

    def check(self, resolved: ResolvedCatalog) -> tuple[Finding, ...]:
        """The findings of one resolved document (not its ancestors), after waivers."""
        if resolved.key in self._checked:
            return self._checked[resolved.key]
        selection = self.selection
        findings = [f for f in resolved.findings if selection.wants(f.code)]
        catalog = resolved.catalog
        if catalog is not None:
            doc = self._loaded.get(resolved.key)
            rules = self._rules_for(catalog.domain)
            changed = resolved.changed_ids() if resolved.mode == "extends" else None
            items = [resolved.index[i][0] for i in sorted(changed or ()) if i in resolved.index]
            ctx = CheckContext(
                catalog=catalog,
                registry=self.registry,
                pack=self.registry.pack(catalog.domain),
                options=self.options,
                changed=changed,
                changed_items=tuple(items),
                stated=resolved.stated_ids() if changed is not None else None,
                document=resolved.document,
            )
            found = run_rules(catalog, rules, ctx, items=None if changed is None else items)
            if changed is not None:
                found = [f for f in found if f.location.item is None or f.location.item in changed]
            inherited = {id(f) for f in resolved.chain_findings}  # waivers apply to these too
            own = resolved.document.waivers if changed is not None and resolved.document else None
            findings = [f for f in findings if id(f) not in inherited]
            kept = apply_waivers(
                catalog,
                findings=[*found, *resolved.chain_findings],
                selection=selection,
                known_codes=self.registry.rules,
                item_exists=lambda i: resolved.find(i) is not None,
                own=own,
            )
            findings.extend(doc.locate(f) if doc is not None else f for f in kept)
            findings = [f for f in findings if selection.wants(f.code)]
        result = tuple(dict.fromkeys(findings))
        self._checked[resolved.key] = result
        return result

    def validate(self, source: Source | Catalog, *, inherited: bool = True) -> Report:
        """Resolve ``source`` and check it and its chain.

        The report holds this document's findings and those of every parent document
        that is a file or supplied text; a pack's national catalog contributes only its
        errors (packs are checked by their own tests).  With ``inherited=False`` it holds
        this document's findings only (a batch reports each parent on its own).
        """
        resolved = self.resolve(source)
        return self.report(resolved, inherited=inherited)

    def validate_loaded(self, doc: LoadedDocument, *, inherited: bool = True) -> Report:
        """:meth:`validate` a document already loaded (as document text would be: no
        file, parents found from the working directory)."""
        key = f"loaded:{id(doc)}"
        self._loaded[key] = doc
        self._given_map(key)
        return self.report(self._resolve(key, Path.cwd(), ()), inherited=inherited)

    def validate_all(self, sources: Iterable[Source | Catalog], *, jobs: int = 1) -> Report:
        """:meth:`validate` each source, then check them together as one set.

        The set-level (``jurisdiction``) rules run over the resolved catalogs: GK307
        reports 第二十一条 topics that none of a township's catalogs covers.

        ``jobs`` above 1 validates file paths in that many processes
        (:mod:`gkstd.inherit.parallel`), with the same report.  Everything runs in this
        process when there are too few files to gain from it, when a source is not a file
        path, or when the workspace holds something another process cannot rebuild: a
        registry other than the installed packs', or an item map built in memory.
        """
        expect(jobs, int, "Workspace.validate_all(jobs)", ("正整数", "a positive integer"))
        given: list[Source | Catalog] = (
            [sources]  # type: ignore[list-item]
            if isinstance(sources, _ONE)
            else each(  # type: ignore[assignment]
                sources,
                _ONE,
                "Workspace.validate_all(sources)",
                ("路径、文档文本或 Catalog 的列表", "a list of paths, document texts or catalogs"),
                refuse=(Mapping,),
            )
        )
        sources = given
        paths = [s for s in sources if isinstance(s, (str, os.PathLike)) and _is_path(s)]
        self.hand_over(paths)
        parallel = jobs > 1 and len(paths) == len(sources)
        settings = settings_for(self, sources, paths=True) if parallel else None
        if settings is not None and len(sources) >= 2 * MIN_CHUNK:
            return validate_in_processes(settings, settings.given, jobs).report(self.selection)
        reports, entries = self.validate_each(sources)
        merged = Report.merge(reports)
        extra = [f for f in entry_findings(entries) if self.selection.wants(f.code)]
        findings = tuple(dict.fromkeys((*merged.findings, *extra)))
        return attrs.evolve(merged, findings=findings)

    def hand_over(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """The files the caller hands over together (:meth:`validate_all`): each may be
        another's parent, in any order (:meth:`ParentLocator.allow_file`), and each keeps
        the name the caller gave it when it is read first as another's parent, through
        the reference (an absolute path): its findings name it as the caller did,
        whatever order the files are read in."""
        for path in paths:
            self.locator.allow_file(path)
            self._names.setdefault(f"file:{os.path.abspath(path)}", os.fspath(path))

    def validate_each(
        self, sources: Iterable[Source | Catalog]
    ) -> tuple[list[Report], list[TownshipEntry]]:
        """Each source's report (as :meth:`validate`) and the GK307 entries of the
        township catalogs among them: the part of :meth:`validate_all` that runs per
        document, in this process (with the collector paused and one rule session)."""
        reports: list[Report] = []
        catalogs: list[tuple[Catalog, str | None]] = []
        with collector_paused(), rule_session(), limits.held():
            for source in sources:
                resolved = self.resolve(source)
                reports.append(self.report(resolved))
                if resolved.catalog is not None:
                    catalogs.append((resolved.catalog, resolved.file))
        return reports, township_entries(catalogs)

    def forget(self, paths: Iterable[str | os.PathLike[str]] | None = None) -> None:
        """Drop the documents of the files ``paths`` (``None``: every document) that this
        workspace has loaded, resolved and checked (their catalogs, reports and findings),
        and any document given in memory; keep its settings, the files it was allowed, the
        packs' national catalogs, the rules and, given ``paths``, the other files.

        Bulk work calls it between parts that share no documents but their ancestors (the
        provinces of a distributed check forget their own files and keep the national
        catalogs they all name): the workspace's memory then stays that of one part, not
        of every document it has seen.  A document resolved again afterwards is loaded
        again, with the same result."""
        given = None if paths is None else _paths(paths, "Workspace.forget(paths)")
        names = None if given is None else {f"file:{os.path.abspath(path)}" for path in given}
        for cache in (self._loaded, self._resolved, self._checked, self._chains, self._maps):
            _drop(cache, names)
        self.locator.forget()

    def _chain_findings(self, node: ResolvedCatalog) -> tuple[Finding, ...]:
        """The findings a parent contributes to its children's reports (cached)."""
        if node.key not in self._chains:
            own = self.check(node)
            if node.from_pack is not None:
                own = tuple(f for f in own if f.severity is Severity.ERROR)
            parent = node.parent
            self._chains[node.key] = own + (self._chain_findings(parent) if parent else ())
        return self._chains[node.key]

    def report(self, resolved: ResolvedCatalog, *, inherited: bool = True) -> Report:
        """The report of an already resolved document and its chain (see :meth:`validate`)."""
        parent = resolved.parent
        chain = self._chain_findings(parent) if parent is not None and inherited else ()
        return Report(
            findings=self.check(resolved) + chain,
            files=1,
            unusable=0 if resolved.catalog is not None else 1,
            items=resolved.size,
        )


# -- helpers ---------------------------------------------------------------------------


_PARENTS = (
    "从引用名到目录（文本、字节或 Catalog）的字典",
    "a dict of reference → catalog (text, bytes or Catalog)",
)
#: what a source may be: one document (text, bytes, path) or a catalog
_ONE = (str, bytes, bytearray, memoryview, os.PathLike, Catalog)


def expect_source(source: object, where: str, *, catalog: bool) -> None:
    """Refuse (:class:`~gkstd.diagnostics.arguments.ArgumentError`) a ``source`` that is
    no path, document text or bytes (or :class:`Catalog` when ``catalog``); for a parsed
    document (a dict) the message says to dump it to JSON text first."""
    if isinstance(source, _ONE if catalog else _ONE[:-1]):
        return
    wanted = (
        "文件路径、目录文本或字节" + ("，或 Catalog" if catalog else ""),
        "a file path, document text or bytes" + (", or a Catalog" if catalog else ""),
    )
    fix = (
        (
            "已解析的文档（字典）请先用 json.dumps(doc, ensure_ascii=False) 转为文本。",
            "Turn a parsed document (a dict) into text with json.dumps first.",
        )
        if isinstance(source, Mapping)
        else ("", "")
    )
    raise refused(source, where, wanted, fix)


def _drop(cache: dict[str, Any], files: set[str] | None) -> None:
    """Remove from ``cache`` the entries of ``files`` (keys ``file:…``; ``None``: every
    file) and of documents given in memory (``catalog:…``, ``text:…``); the packs' and
    the named in-memory parents' (``pack:…``, ``memory:…``) stay."""
    for key in list(cache):
        if key.startswith(("catalog:", "text:")) or (
            key.startswith("file:") and (files is None or key in files)
        ):
            del cache[key]


def _is_path(source: str | os.PathLike[str]) -> bool:
    """Whether ``source`` names a file: the loader's one classifier decides."""
    return classify_source(source) == "path"


def _exists(source: str) -> bool:
    """Whether a file or folder of this name exists (a name the system refuses does not)."""
    try:
        return os.path.exists(source)
    except (OSError, ValueError):
        return False


def _named(doc: LoadedDocument, name: str) -> LoadedDocument:
    if doc.file is not None:
        return doc
    return attrs.evolve(
        doc, file=name, findings=tuple(f.with_location(file=name) for f in doc.findings)
    )


def _root(
    key: str, catalog: Catalog, findings: list[Finding], file: str | None, pack: str | None
) -> ResolvedCatalog:
    index = {item.id: (item, anc) for item, anc in walk_with_ancestors(catalog.items)}
    return ResolvedCatalog(
        key,
        catalog,
        catalog,
        tuple(findings),
        file,
        mode="root",
        from_pack=pack,
        index=index,
        size=len(index),
    )


def _first_problem(parent: ResolvedCatalog) -> tuple[str, str]:
    """What makes ``parent`` unusable, in Chinese and English: its first error, or the
    reason its own unusable parent gave (the root of a chain, not every link); the
    parent's findings are not printed with the child's."""
    first = next((f for f in parent.findings if f.severity is Severity.ERROR), None)
    if first is None:
        return "见其问题清单。", "see its findings."
    if first.code == UNKNOWN_PARENT.code and "reason" in first.args:
        return str(first.args["reason"]), str(first.args["reason_en"])
    where = f"{first.location.file}:{first.location.line} " if first.location.line else ""
    return f"{where}{first.code} {first.message}", f"{where}{first.code} {first.message_en}"
