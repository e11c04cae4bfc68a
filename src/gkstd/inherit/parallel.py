"""Validating many documents in several processes, with the result one process gives.

:meth:`gkstd.inherit.workspace.Workspace.validate_all` hands its documents here when asked
for more than one job (``gkstd validate --jobs N``).  The documents are cut into
contiguous chunks in the order given (a folder listed in order keeps a county and its
townships together, so each process loads a shared parent once), each process builds one
:class:`~gkstd.inherit.workspace.Workspace` with the caller's settings and the installed
packs, and sends back per chunk one report (its findings deduplicated) and the small
:class:`~gkstd.rules.township.TownshipEntry` of each township catalog, never the
catalogs themselves.  The caller merges the chunks in order: deduplicating each chunk
and then the whole keeps every finding's first place, so the report is the one a single
process writes (a test holds them equal).
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, cast

import attrs

from gkstd.diagnostics.environment import default_registry
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.report import Report
from gkstd.inherit.mapping import ItemMap
from gkstd.io.loader import classify_source
from gkstd.model import Catalog
from gkstd.rules.township import TownshipEntry

if TYPE_CHECKING:
    from gkstd.inherit.workspace import Workspace

__all__ = [
    "ParallelError",
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


def settings_for(workspace: Workspace, sources: Sequence[object]) -> Settings | None:
    """What other processes need to validate ``sources`` as ``workspace`` would, or
    ``None`` when they cannot: a source that is not a file path, an item map built in
    memory, a registry other than the installed packs', options or parent documents that
    cannot be pickled."""
    if not all(isinstance(s, str | os.PathLike) and classify_source(s) == "path" for s in sources):
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


def chunks(count: int, jobs: int) -> list[range]:
    """Contiguous ranges of ``count`` documents: about four per process (so a slow chunk
    does not hold the others up), none smaller than :data:`MIN_CHUNK`."""
    size = max(MIN_CHUNK, -(-count // (jobs * 4)))
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
    for given in settings.given:
        workspace.locator.allow_file(given)
    _WORKSPACE = workspace


def _validate(sources: Sequence[str]) -> tuple[Report, list[TownshipEntry]]:
    """One chunk, in this worker's workspace: its merged report (deduplicated) and the
    township entries of its catalogs."""
    assert _WORKSPACE is not None
    reports, entries = _WORKSPACE.validate_each(sources)
    merged = Report.merge(reports)
    memo: dict[int, str] = {}
    detached = [entry.detached(memo) for entry in entries]
    return attrs.evolve(merged, findings=tuple(dict.fromkeys(merged.findings))), detached


def validate_in_processes(
    settings: Settings, sources: Sequence[str], jobs: int
) -> tuple[list[Report], list[TownshipEntry]]:
    """The chunk reports and township entries of ``sources`` (file paths), in order,
    validated by ``jobs`` processes."""
    parts = chunks(len(sources), jobs)
    reports: list[Report] = []
    entries: list[TownshipEntry] = []
    workers = min(jobs, len(parts))
    try:
        with ProcessPoolExecutor(workers, initializer=_start, initargs=(settings,)) as pool:
            for report, found in pool.map(
                _validate, [[sources[i] for i in part] for part in parts]
            ):
                reports.append(report)
                entries.extend(found)
    except BrokenProcessPool:
        raise ParallelError(
            "校验的工作进程意外退出（可能是内存不足）。请用 --jobs 1 重试，或减少一次校验的文件数。",
            "A worker process died (perhaps out of memory). Retry with --jobs 1, or validate "
            "fewer files at a time.",
        ) from None
    return reports, entries


def cpu_count() -> int:
    """The processors this process may use (the default of ``--jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)
