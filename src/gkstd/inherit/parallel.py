"""Validating many documents in several processes, with the result one process gives.

:meth:`gkstd.inherit.workspace.Workspace.validate_all` hands its documents here when asked
for more than one job (``gkstd validate --jobs N``).  The documents are cut into
contiguous chunks in the order given (a folder listed in order keeps a county and its
townships together, so each process loads a shared parent once), each process builds one
:class:`~gkstd.inherit.workspace.Workspace` with the caller's settings and the installed
packs (forgetting each chunk's own files once validated: it holds one chunk and the parents
other chunks name), and sends back per chunk a :class:`Part`: its findings deduplicated, as plain
tuples of their fields (equal args and texts made one object, so pickled once) with
their hashes, and the fields of each township's
:class:`~gkstd.rules.township.TownshipEntry`, never the catalogs themselves.

The caller (:class:`Collected`) rebuilds the findings and merges the chunks in order as
they come, with its collector paused: a finding whose hash an earlier one had is kept
only if it equals none of them, so each keeps its first place and the report is the one a
single process writes (a test holds them equal).  The hashes a worker sends are used only
when it hashes as the caller does (a forked process does; see :func:`_probe`); otherwise
the caller hashes the findings itself.  The workers run with the collector off.

Measured on the 26 province trees of ``benchmarks/bench_inheritance.py --all-domains``
(67,028 documents, 229,995 findings, 2 processes): the caller spends under 1 s of CPU,
the workers about what one process spends on the same documents.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from gkstd.diagnostics.collector import collector_paused
from gkstd.diagnostics.environment import default_registry
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.findings import CellRef, Finding, Location, Severity
from gkstd.diagnostics.messages import Args, Message
from gkstd.diagnostics.report import Report
from gkstd.inherit.mapping import ItemMap
from gkstd.io.loader import classify_source
from gkstd.model import Catalog
from gkstd.rules.township import TownshipEntry, entry_findings

if TYPE_CHECKING:
    from gkstd.inherit.workspace import Workspace
    from gkstd.rules.engine import Selection

__all__ = [
    "Collected",
    "ParallelError",
    "Part",
    "Row",
    "Settings",
    "chunks",
    "cpu_count",
    "settings_for",
    "validate_in_processes",
]

#: Fewer documents than this per chunk are not worth a trip to another process.
MIN_CHUNK = 64


class ParallelError(GkstdError):
    """A worker process died before its documents were validated."""


@attrs.frozen
class Settings:
    """What a worker needs to build a workspace like the caller's (all picklable)."""

    search_path: tuple[str, ...]
    parents: Mapping[str, str | bytes | Catalog]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    options: Mapping[str, Any]
    mapping: str | None
    allow_paths: tuple[str, ...]
    #: the documents of the whole run: each may be named as another's parent
    given: tuple[str, ...]


def settings_for(
    workspace: Workspace, sources: Sequence[object], *, paths: bool = False
) -> Settings | None:
    """What other processes need to validate ``sources`` as ``workspace`` would, or
    ``None`` when they cannot: a source that is not a file path, an item map built in
    memory, a registry other than the installed packs', options or parent documents that
    cannot be pickled.  ``paths``: the caller has made sure every source is a file path."""
    path = (str, os.PathLike)
    if not paths and not all(isinstance(s, path) and classify_source(s) == "path" for s in sources):
        return None
    if isinstance(workspace.mapping, ItemMap):
        return None
    try:
        if workspace.registry is not default_registry():
            return None
    except RuntimeError:  # no default registry in this program
        return None
    locator = workspace.locator
    try:  # what the caller supplied in memory must reach the workers
        pickle.dumps((locator.parents, workspace.options))
    except Exception:  # whatever cannot be sent (a lambda, a lock) stays in this process
        return None
    return Settings(
        search_path=tuple(str(p) for p in locator.search_path),
        parents=dict(locator.parents),
        select=workspace.selection.select,
        ignore=workspace.selection.ignore,
        options=dict(workspace.options),
        mapping=os.fspath(workspace.mapping) if workspace.mapping is not None else None,
        allow_paths=tuple(str(p) for p in locator.allow_paths),
        given=tuple(os.fspath(cast("str | os.PathLike[str]", s)) for s in sources),
    )


#: Chunks per process: enough that the processes end together (a chunk takes about
#: as long as any other of its size, but the machine may be busy with other work).
PER_JOB = 16


def chunks(count: int, jobs: int) -> list[range]:
    """Contiguous ranges of ``count`` documents: about :data:`PER_JOB` per process (so a
    slow chunk does not hold the others up), none smaller than :data:`MIN_CHUNK`."""
    size = max(MIN_CHUNK, -(-count // (jobs * PER_JOB)))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


_WORKSPACE: Workspace | None = None


def _start(settings: Settings) -> None:
    """Build this worker's workspace (once per process)."""
    global _WORKSPACE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the run, not each worker
    from gkstd.inherit.workspace import Workspace  # the workspace module imports this one

    workspace = Workspace(
        None,
        search_path=settings.search_path,
        parents=dict(settings.parents),
        select=settings.select,
        ignore=settings.ignore,
        options=dict(settings.options),
        mapping=settings.mapping,
        allow_paths=settings.allow_paths,
    )
    workspace.hand_over(settings.given)
    _WORKSPACE = workspace


def _start_worker(settings: Settings) -> None:
    """A worker process's start: the cyclic collector off for its whole life (the process
    does nothing but bulk work; a collection would walk every catalog it keeps and every
    object it shares with the parent, copying their pages), then :func:`_start`."""
    gc.disable()
    _start(settings)


#: One finding as a worker sends it: code, severity, template, args, the location's
#: fields (file, line, path, item, element, cell) and the rule's pack.
Row = tuple[
    str,
    Severity,
    Message,
    Args,
    str | None,
    int | None,
    str | None,
    str | None,
    str | None,
    CellRef | None,
    str,
]


def _probe() -> int:
    """The hash of a finding that touches every kind of value a finding holds: equal in
    two processes only when they hash alike (a forked worker and its parent do), and
    then the hashes a worker sends stand for its findings' hashes in the parent."""
    return hash(
        Finding(
            "GK000",
            Severity.INFO,
            Message("{a}", "{a}"),
            Args({"a": ("x", 1, 1.5, True, None)}),
            Location("f", 1, "$", "i", "e", CellRef("f", None, "A1")),
        )
    )


@attrs.frozen
class Part:
    """One chunk's results as a worker sends them back: its findings (deduplicated, in
    order) as :data:`Row` tuples with their hashes, the report's counts, and each
    township entry as (name, group, file, topics).  Equal args, texts and topic sets are
    made one object first (args only when they are written alike), so each is pickled
    (and rebuilt) once per chunk."""

    rows: list[Row]
    hashes: list[int]
    files: int
    unusable: int
    items: int
    entries: list[tuple[str, str, str | None, frozenset[str]]]
    probe: int

    @classmethod
    def of(cls, reports: Sequence[Report], entries: Sequence[TownshipEntry]) -> Part:
        """The part of a chunk whose documents gave ``reports`` and ``entries``."""
        findings = list(dict.fromkeys(f for r in reports for f in r.findings))
        one: dict[Any, Any] = {}  # equal values made one object
        same = one.setdefault
        rows: list[Row] = []
        add = rows.append
        for f in findings:
            loc = f.location
            add(
                (
                    f.code,
                    f.severity,
                    f.template,
                    _one_args(f.args, one),
                    same(loc.file, loc.file),
                    loc.line,
                    same(loc.path, loc.path),
                    same(loc.item, loc.item),
                    same(loc.element, loc.element),
                    loc.cell,
                    f.rule_pack,
                )
            )
        memo: dict[int, str] = {}
        sent = []
        for entry in entries:
            topics = entry.covered(memo)
            sent.append((entry.name, entry.group, entry.file, same(topics, topics)))
        return cls(
            rows,
            [hash(f) for f in findings],  # cached: deduplicating hashed them
            sum(r.files for r in reports),
            sum(r.unusable for r in reports),
            sum(r.items for r in reports),
            sent,
            _probe(),
        )


#: Value types whose equal values are written alike (``1 == True == 1.0``, ``0.0 == -0.0``).
_ALIKE = frozenset({str, int, bool, type(None)})


def _one_args(args: Args, one: dict[Any, Any]) -> Args:
    """The first of the args equal to ``args`` and of the same value types (so rendered
    alike), kept in ``one``."""
    kinds = tuple(map(type, args.values()))
    return one.setdefault((args, kinds), args) if _ALIKE.issuperset(kinds) else args


def _validate(sources: Sequence[str]) -> Part:
    """One chunk, in this worker's workspace: its findings and township entries.  The
    workspace then forgets the chunk's own files (their ancestors in other chunks stay,
    the next chunk's townships name the same county): a worker holds one chunk and the
    parents it shares, not every document it has validated."""
    assert _WORKSPACE is not None
    # every source is a file path (settings_for): one whose name reads as text (a line
    # break in it) is sent as a str, and must not be taken for a document here
    files = [s if classify_source(s) == "path" else Path(s) for s in sources]
    with collector_paused():
        try:
            reports, entries = _WORKSPACE.validate_each(files)
            return Part.of(reports, entries)
        finally:
            _WORKSPACE.forget(sources)


class Collected:
    """The parts of a run, merged in order as they come: findings deduplicated across
    chunks (each keeps its first place, as one process's ``dict.fromkeys`` does), counts
    summed, township entries rebuilt (without catalogs)."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.files = self.unusable = self.items = 0
        self.entries: list[TownshipEntry] = []
        self._first: dict[int, Finding] = {}  # by hash, the first finding kept
        self._more: dict[int, list[Finding]] = {}  # others of the same hash (rare)
        self._probe = _probe()

    def add(self, part: Part) -> None:
        """Merge one chunk's part (after those before it)."""
        found = [
            Finding(code, severity, template, args, Location(f, line, path, item, el, cell), pack)
            for code, severity, template, args, f, line, path, item, el, cell, pack in part.rows
        ]
        hashes = part.hashes if part.probe == self._probe else [hash(f) for f in found]
        self.extend(found, hashes)
        self.files += part.files
        self.unusable += part.unusable
        self.items += part.items
        self.entries.extend(TownshipEntry(*entry) for entry in part.entries)

    def extend(self, found: Sequence[Finding], hashes: Sequence[int]) -> None:
        """Add the findings ``found`` (``hashes`` their hashes) not already kept."""
        first, more, kept = self._first, self._more, self.findings
        for finding, key in zip(found, hashes, strict=True):
            seen = first.get(key)
            if seen is None:
                first[key] = finding
            elif seen == finding or finding in more.get(key, ()):
                continue
            else:
                more.setdefault(key, []).append(finding)
            kept.append(finding)

    def report(self, selection: Selection) -> Report:
        """The merged report, with the set-level findings (GK307) ``selection`` wants
        from the township entries."""
        with collector_paused():
            extra = [f for f in entry_findings(self.entries) if selection.wants(f.code)]
            self.extend(extra, [hash(f) for f in extra])
            return Report(tuple(self.findings), self.files, self.unusable, self.items)


def validate_in_processes(settings: Settings, sources: Sequence[str], jobs: int) -> Collected:
    """The merged findings, counts and township entries of ``sources`` (file paths),
    validated by ``jobs`` processes."""
    from concurrent.futures import ProcessPoolExecutor  # not loaded when nothing runs apart
    from concurrent.futures.process import BrokenProcessPool

    parts = chunks(len(sources), jobs)
    collected = Collected()
    workers = min(jobs, len(parts))
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(settings,))
    try:
        with collector_paused():  # thousands of findings rebuilt here
            for part in pool.map(_validate, [[sources[i] for i in part] for part in parts]):
                collected.add(part)
    except BrokenProcessPool:
        raise ParallelError(
            "校验的工作进程意外退出（可能是内存不足）。请用 --jobs 1 重试，或减少一次校验的文件数。",
            "A worker process died (perhaps out of memory). Retry with --jobs 1, or validate "
            "fewer files at a time.",
        ) from None
    finally:  # on an error (Ctrl-C), the chunks not started are dropped
        pool.shutdown(cancel_futures=True)
    return collected


def cpu_count() -> int:
    """The processors this process may use (the default of ``--jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)
