"""The audit in parts: each part of the records audited on its own (on a Dask worker, say)
and the parts' results combined into what one :func:`gkstd.audit.audit` of all the records
gives.

A part is a :class:`~gkstd.audit.RecordTable` whose rows come after the previous part's
(Parquet partitions in order, numbered as one file).  Combining keeps the findings in row
order, keeps one GK508 per item (the first part's), adds up the per-item counts and
recomputes the per-domain ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from gkstd.audit.check import (
    AuditResult,
    FindingRows,
    ItemSummary,
    _Run,
    _without_gc,
    domain_totals,
)
from gkstd.audit.records import RecordTable
from gkstd.audit.rules import NO_DEADLINE, RECORDS_UNUSABLE
from gkstd.model import Catalog
from gkstd.timing.calendar import CalendarError, WorkCalendar, default_calendar

__all__ = ["PartResult", "audit_part", "combine"]


@attrs.frozen
class PartResult:
    """What the audit of one part found (it pickles: it travels between processes).

    ``findings`` are kept as arrays (:class:`~gkstd.audit.check.FindingRows`, built when
    read); ``no_deadline`` maps the row of each GK508 finding to its item's (domain, item
    id), so that :func:`combine` keeps one per item; ``unusable``: the part ended the audit
    (its single finding is GK509, as :func:`gkstd.audit.audit` gives it).
    """

    records: int
    findings: FindingRows
    items: tuple[ItemSummary, ...]
    no_deadline: dict[int, tuple[str, str]] = attrs.field(factory=dict)
    unusable: bool = False


@_without_gc
def audit_part(
    table: RecordTable,
    catalogs: Sequence[Catalog],
    *,
    as_of: datetime.date,
    calendar: WorkCalendar | None = None,
) -> PartResult:
    """Audit one part (the same column-wise core as :func:`gkstd.audit.audit`)."""
    run = _Run(catalogs, as_of, calendar or default_calendar(), table.file)
    try:
        run.feed(table)
    except CalendarError as exc:  # a deadline or the audit date outside the calendar
        finding = RECORDS_UNUSABLE.emit(
            reason=exc.message, reason_en=exc.message_en, file=table.file
        )
        return PartResult(len(table), FindingRows.of((finding,)), (), unusable=True)
    findings, items, _ = run.finish()
    key_of = {index: key for key, index in run.keys.items()}
    no_deadline = {row: key_of[k] for k, row in run.reported.items()}
    return PartResult(len(table), findings, items, no_deadline)


def combine(parts: Iterable[PartResult], file: str | None, as_of: datetime.date) -> AuditResult:
    """The result of one audit of all the parts' records (``parts`` in row order)."""
    records = 0
    kept: list[tuple[FindingRows, npt.NDArray[np.bool_] | None]] = []
    counts: dict[tuple[str, str], list[int]] = {}
    names: dict[tuple[str, str], str | None] = {}
    reported: set[tuple[str, str]] = set()
    for part in parts:
        records += part.records
        if part.unusable:
            return AuditResult(file, as_of, records, part.findings, (), ())
        keep = None
        for index in part.findings.positions(NO_DEADLINE.code):  # a few: one per item
            key = part.no_deadline[part.findings[index].location.line or 0]
            if key in reported:  # one per item: an earlier part reported it
                if keep is None:
                    keep = np.ones(len(part.findings), dtype=np.bool_)
                keep[index] = False
            reported.add(key)
        kept.append((part.findings, keep))
        for summary in part.items:
            key = (summary.domain, summary.item or "")
            names.setdefault(key, summary.name)
            total = counts.setdefault(key, [0] * 9)
            for n, value in enumerate(summary.counts()):
                total[n] += value
    items = tuple(ItemSummary(d, i, names[d, i], *counts[d, i]) for d, i in sorted(counts))
    return AuditResult(file, as_of, records, FindingRows.join(kept), items, domain_totals(items))
