"""The records audit on a Dask cluster: publication records stored as Parquet partitions,
read as a Dask dataframe, each partition audited on a worker by the same column-wise core
as :func:`gkstd.audit.audit`, the results combined in row order on the client.

Each partition is joined to the resolved catalogs' item table on the worker (the catalogs
are sent to every worker once): its item, date, channel and scope columns are
dictionary-encoded, each distinct value is looked up once, and the rows get their deadline
by one array look-up in the cumulative working-day index (:mod:`gkstd.audit.check`).
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Iterator, Sequence
from typing import Any

from gkstd.audit.check import AuditResult
from gkstd.audit.parts import PartResult, audit_part, combine
from gkstd.audit.records import from_arrow
from gkstd.diagnostics.errors import GkstdError
from gkstd.distributed.run import DistributedError, connect
from gkstd.model import Catalog
from gkstd.timing.calendar import WorkCalendar

__all__ = ["audit", "audit_partition", "require_dataframe"]


def require_dataframe() -> Any:
    """``dask.dataframe``, or a :class:`DistributedError` naming the extra to install."""
    try:
        import dask.dataframe  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise DistributedError(
            "分布式审计需要 Dask 数据框：请安装可选依赖 pip install 'gkstd[distributed]'"
            f"（含 dask[dataframe]）。（{exc}）",
            "The distributed audit needs Dask dataframes: install the optional extra "
            f"pip install 'gkstd[distributed]' (dask[dataframe]). ({exc})",
        ) from None
    return dask.dataframe


@contextlib.contextmanager
def _failures(name: str) -> Iterator[None]:
    """Parquet that cannot be read, or a partition that failed on the cluster, as a
    :class:`DistributedError` naming the records; gkstd's own errors pass through."""
    try:
        yield
    except GkstdError:
        raise
    except Exception as exc:
        kind = type(exc).__name__
        raise DistributedError(
            f"无法在 Dask 上审计 {name}（{kind}: {exc}）。请检查它是 Parquet 文件或 Parquet 文件夹、"
            "各工作节点能以同一路径读到它（共享文件系统上的绝对路径），以及内存是否充足。",
            f"Cannot audit {name} on Dask ({kind}: {exc}). Check that it is a Parquet file or a "
            "folder of Parquet files, that every worker reads it under the same path (an "
            "absolute path on a shared file system), and has enough memory.",
        ) from exc


def audit_partition(
    frame: Any,
    first_row: int,
    catalogs: Sequence[Catalog],
    as_of: datetime.date,
    calendar: WorkCalendar | None,
    file: str,
) -> PartResult:
    """On a worker: audit one partition (a pandas data frame) whose first record is row
    ``first_row`` (unless it has a ``row`` column)."""
    import pyarrow

    table = pyarrow.Table.from_pandas(frame, preserve_index=False)
    return audit_part(
        from_arrow(table, file, first_row=first_row), catalogs, as_of=as_of, calendar=calendar
    )


def audit(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    catalogs: Sequence[Catalog],
    *,
    as_of: datetime.date | None = None,
    calendar: WorkCalendar | None = None,
    client: Any = None,
    scheduler: str | None = None,
    jobs: int | None = None,
    file: str | None = None,
) -> AuditResult:
    """Audit records stored as Parquet (a file, a folder of files, or a list of them)
    against ``catalogs`` on Dask: the same findings and summaries as
    :func:`gkstd.audit.audit` of the same records in one file.

    The Parquet columns are named as a records file's header (``item``, ``formed``,
    ``published``, ``channel``, ``domain``, ``scope``; :data:`gkstd.audit.COLUMNS`).  An
    integer column ``row`` gives each record's row number; without it the records are
    numbered 2, 3, … across the partitions in order, as the rows of one CSV file with a
    header.  ``file`` is the name findings give (default: ``source``).  ``client``,
    ``scheduler`` and ``jobs`` choose the cluster as :func:`gkstd.distributed.check` does
    (default: a ``LocalCluster`` of ``jobs`` worker processes).  A calendar error in a
    partition ends the audit with one GK509 finding, as in one process (the records count
    then stops at that partition).
    """
    dd = require_dataframe()
    as_of = as_of or datetime.date.today()
    paths = (
        [os.fspath(p) for p in source]
        if isinstance(source, Sequence) and not isinstance(source, str)
        else os.fspath(source)
    )
    name = file if file is not None else str(paths if isinstance(paths, str) else paths[0])
    with _failures(name):
        frame = dd.read_parquet(paths)
    numbered = "row" in frame.columns
    with connect(client, scheduler, jobs) as made, _failures(name):
        parts = made.compute(frame.to_delayed())
        firsts = [2] * len(parts)
        if not numbered:
            lengths = made.gather([made.submit(len, part, pure=False) for part in parts])
            at = 2
            for index, length in enumerate(lengths):
                firsts[index], at = at, at + length
        shared = made.scatter(list(catalogs), broadcast=True, hash=False)
        futures = [
            made.submit(audit_partition, part, first, shared, as_of, calendar, name, pure=False)
            for part, first in zip(parts, firsts, strict=True)
        ]
        results: list[PartResult] = made.gather(futures)
    return combine(results, name, as_of)
