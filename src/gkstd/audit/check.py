"""The disclosure audit: publication records checked against resolved catalogs.

:func:`audit` returns an :class:`AuditResult`: findings (GK5xx, one per problem, with the
record's row number) and per-item and per-domain summaries.

The audit is column-wise (numpy): each column comes as codes into its distinct values (the
CSV reader dictionary-encodes it in pyarrow; a million records hold a few hundred items,
dates and channels), every distinct value is looked up once, and the rows get their
result by one array look-up.  Dates become day ordinals; deadlines in working days are
one look-up in a cumulative working-day index (``cum[start] + n`` into the sorted working
days, loaded for the years the deadlines reach); late, overdue and on time are array
comparisons, and the per-item counts are ``bincount``.  Findings are kept as arrays (row,
kind, arguments; 4 bytes a value, put in row order per chunk) and a finding object is built
only when it is read (:class:`FindingRows`).  Records can come in chunks
(:func:`gkstd.audit.iter_records`), so that a file of any size is audited in bounded
memory.

Long module: the audit's passes share the distinct-value caches of one run.
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import functools
import gc
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt

from gkstd.audit.records import Coded, RecordsError, RecordTable, iter_records
from gkstd.audit.rules import (
    BAD_DATE,
    MISSING_FIELD,
    NO_DEADLINE,
    OVERDUE,
    PUBLISHED_BEFORE_FORMED,
    PUBLISHED_LATE,
    RECORDS_UNUSABLE,
    UNKNOWN_ITEM,
    UNLISTED_CHANNEL,
)
from gkstd.diagnostics.arguments import callables, each, expect, refused
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.i18n import Text
from gkstd.model import Catalog, Channel, Item, TimeLimit, TimeLimitKind
from gkstd.model.enums import normalize_label
from gkstd.timing.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    CalendarError,
    WorkCalendar,
    check_year,
    default_calendar,
)
from gkstd.timing.deadlines import DEFAULT_WORKING_DAYS, deadline, deadline_part

__all__ = ["AuditResult", "FindingRows", "ItemSummary", "audit"]

P = ParamSpec("P")
R = TypeVar("R")
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@attrs.frozen
class ItemSummary:
    """Counts for one item (or, with ``item=None``, one domain).

    ``on_time + late + overdue`` are the records with a deadline that has passed or been
    met; ``pending`` are unpublished records still within their deadline; ``delay`` is the
    total delay of the late records, in working days.
    """

    domain: str
    item: str | None
    name: str | None
    records: int = 0
    published: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    no_deadline: int = 0
    provisional: int = 0
    delay: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Share of decided records published on time (None when there are none)."""
        decided = self.on_time + self.late + self.overdue
        return self.on_time / decided if decided else None

    @property
    def average_delay(self) -> float | None:
        """Average delay of the late records in working days (None when none was late)."""
        return self.delay / self.late if self.late else None

    def counts(self) -> tuple[int, ...]:
        """The counters in field order (records … delay)."""
        return (
            self.records,
            self.published,
            self.on_time,
            self.late,
            self.overdue,
            self.pending,
            self.no_deadline,
            self.provisional,
            self.delay,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data, with the rate and average."""
        data = attrs.asdict(self)
        data["on_time_rate"] = self.on_time_rate
        data["average_delay"] = self.average_delay
        return data


class FindingRows(Sequence[Finding]):
    """The audit's findings, in row order, built when first read.

    An audit of a million records finds hundreds of thousands of problems; they are kept
    as arrays (per finding: its kind, a reference into that kind's arguments, its code) and
    a caller that only needs the per-item summaries or the count per code (:meth:`codes`)
    never pays for the finding objects.  Reading one builds that one; iterating builds
    them all, in row order, once.
    """

    __slots__ = ("_all", "_built", "_code_ids", "_code_names", "_kinds", "_makers", "_refs")

    def __init__(
        self,
        kinds: npt.NDArray[np.integer[Any]] | None = None,
        refs: npt.NDArray[np.integer[Any]] | None = None,
        code_ids: npt.NDArray[np.integer[Any]] | None = None,
        code_names: Sequence[str] = (),
        makers: Sequence[Callable[[int], Finding]] = (),
    ) -> None:
        empty = np.zeros(0, dtype=np.int64)
        self._kinds = empty if kinds is None else kinds
        self._refs = empty if refs is None else refs
        self._code_ids = empty if code_ids is None else code_ids
        self._code_names = tuple(code_names)
        self._makers = tuple(makers)
        self._built: dict[int, Finding] = {}  # the findings read one by one
        self._all: list[Finding] | None = None if len(self._kinds) else []

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> FindingRows:
        """Rows from findings already built."""
        built = list(findings)
        names = list(dict.fromkeys(f.code for f in built))
        ids = {code: n for n, code in enumerate(names)}
        rows = cls(
            np.zeros(len(built), dtype=np.int64),
            np.arange(len(built), dtype=np.int64),
            np.array([ids[f.code] for f in built], dtype=np.int64),
            names,
            (built.__getitem__,),
        )
        rows._all = built
        return rows

    @classmethod
    def join(cls, parts: Sequence[tuple[FindingRows, Bools | None]]) -> FindingRows:
        """The findings of several runs one after the other, each with a mask of those
        to keep (None: all), without building any."""
        names: dict[str, int] = {}
        kinds, refs, codes = [], [], []
        makers: list[Callable[[int], Finding]] = []
        for rows, keep in parts:
            ids = np.array(
                [names.setdefault(n, len(names)) for n in rows._code_names], dtype=np.int64
            )
            take = slice(None) if keep is None else np.flatnonzero(keep)
            kinds.append(rows._kinds[take].astype(np.int64) + len(makers))
            refs.append(rows._refs[take].astype(np.int64))
            codes.append(ids[rows._code_ids[take]] if len(ids) else rows._code_ids[take])
            makers.extend(rows._makers)
        if not kinds:
            return cls()
        return cls(
            np.concatenate(kinds),
            np.concatenate(refs),
            np.concatenate(codes).astype(np.int64),
            list(names),
            makers,
        )

    def __len__(self) -> int:
        return len(self._kinds)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...
    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        index = range(len(self))[index]  # IndexError, negative indices
        if self._all is not None:
            return self._all[index]
        built = self._built.get(index)
        if built is None:
            make = self._makers[int(self._kinds[index])]
            built = self._built[index] = make(int(self._refs[index]))
        return built

    def __iter__(self) -> Iterator[Finding]:
        if self._all is None:
            self._build_all()
        return iter(self._all or ())

    def _build_all(self) -> None:
        """Build every finding at once (with the garbage collector paused: hundreds of
        thousands of new objects would trigger it many times)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            built, makers = self._built, self._makers
            self._all = [
                built[index] if index in built else makers[kind](ref)
                for index, (kind, ref) in enumerate(
                    zip(self._kinds.tolist(), self._refs.tolist(), strict=True)
                )
            ]
            self._built = {}
        finally:
            if enabled:
                gc.enable()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"FindingRows({len(self)} findings)"

    def positions(self, code: str) -> list[int]:
        """The indices of the findings of ``code``, without building any."""
        if code not in self._code_names:
            return []
        found: list[int] = np.flatnonzero(self._code_ids == self._code_names.index(code)).tolist()
        return found

    def codes(self) -> Counter[str]:
        """How many findings of each code, without building them."""
        counts = np.bincount(self._code_ids, minlength=len(self._code_names))
        return Counter({n: int(c) for n, c in zip(self._code_names, counts, strict=True) if c})


def _rows(findings: Iterable[Finding] | FindingRows) -> FindingRows:
    return findings if isinstance(findings, FindingRows) else FindingRows.of(findings)


@attrs.frozen
class AuditResult:
    """What :func:`audit` found.  ``findings`` are in row order (built when read, see
    :class:`FindingRows`)."""

    file: str | None
    as_of: datetime.date
    records: int
    findings: FindingRows = attrs.field(converter=_rows)
    items: tuple[ItemSummary, ...]
    domains: tuple[ItemSummary, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: findings (both languages), per-item and per-domain summaries."""
        return {key: list(value) if key == "findings" else value for key, value in self.parts()}

    def parts(self) -> Iterator[tuple[str, Any]]:
        """:meth:`to_dict`'s keys and values in order, the findings as an iterator of their
        dicts: a writer can put out a million findings one at a time (the whole mapping of
        an audit of 1M records took 6 GB)."""
        yield "file", self.file
        yield "as_of", self.as_of.isoformat()
        yield "records", self.records
        yield "findings", (f.to_dict() for f in self.findings)
        yield "items", [s.to_dict() for s in self.items]
        yield "domains", [s.to_dict() for s in self.domains]


# --------------------------------------------------------------------------- dates

#: A date, with a time of day after it or not (the time is not checked: only the day counts,
#: whatever the clock or zone says); other text after it (2026-03-01 至 2026-03-05, a note)
#: makes the cell no date.
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\s*\d{1,2}[:：时]\d{1,2}(?:分(?:\d{1,2}秒)?|[:：]\d{1,2}(?:\.\d+)?)?"
    r"\s*(?:Z|[+-]\d{1,2}(?::?\d{2})?|UTC(?:[+-]\d{1,2}(?::?\d{2})?)?)?)?$",
    re.IGNORECASE,
)

#: Dates the calendar can use as a start or publication date (the last year is kept free
#: for deadlines running past the end of a record's year).
_FIRST = datetime.date(MIN_YEAR, 1, 1).toordinal()
_LAST = datetime.date(MAX_YEAR - 1, 12, 31).toordinal()

#: A date cell's ordinal, or one of these: empty, not a date, outside the calendar.
_EMPTY, _NOT_A_DATE, _OUT_OF_RANGE = -3, -1, -2


def _day_of(value: Any) -> int:
    """Date ordinal of a cell, or :data:`_EMPTY`, :data:`_NOT_A_DATE`, :data:`_OUT_OF_RANGE`."""
    if value is None:
        return _EMPTY
    if isinstance(value, datetime.datetime):
        ordinal = value.date().toordinal()
    elif isinstance(value, datetime.date):
        ordinal = value.toordinal()
    else:
        match = _DATE.match(str(value).strip())
        if not match:
            return _NOT_A_DATE
        try:
            ordinal = datetime.date(int(match[1]), int(match[2]), int(match[3])).toordinal()
        except ValueError:
            return _NOT_A_DATE
    return ordinal if _FIRST <= ordinal <= _LAST else _OUT_OF_RANGE


def _year(ordinal: int) -> int:
    return datetime.date.fromordinal(ordinal).year


# --------------------------------------------------------------------------- plans


@attrs.frozen
class _Plan:
    """How to compute an item's deadline: ``mode`` w(orking)/c(alendar)/i(mmediate)/
    x (per record through :func:`deadline`)/n(one)."""

    mode: str
    n: int = 0
    limit: TimeLimit | None = None
    reason: Text | None = None


_MODES = "wcixn"


def _plan(limit: TimeLimit | None, scope: str | None) -> _Plan:
    """The bulk counterpart of :func:`gkstd.deadline` for one item (and record scope)."""
    if limit is None:
        return _Plan("w", DEFAULT_WORKING_DAYS)
    part = deadline_part(limit, scope)
    if not isinstance(part, TimeLimit):
        return _Plan("n", reason=part)
    if part.is_deadline and part.kind is TimeLimitKind.WORKING_DAYS:
        return _Plan("w", part.days or 0)
    if part.is_deadline and part.kind is TimeLimitKind.CALENDAR_DAYS:
        return _Plan("c", part.days or 0)
    if part.kind is TimeLimitKind.IMMEDIATE:
        return _Plan("i")
    if part.kind is TimeLimitKind.TIMELY:
        return _Plan("w", DEFAULT_WORKING_DAYS)
    return _Plan("x", limit=part)


def _channel_key(value: Channel | str) -> str:
    return normalize_label(value.label if isinstance(value, Channel) else value)


def _channel_ok(record: str, listed: tuple[str, ...]) -> bool:
    try:
        key = normalize_label(Channel.parse(record).label)
    except ValueError:
        key = normalize_label(record)
    return any(key == c or key in c or c in key for c in listed)


# --------------------------------------------------------------------------- items


class _Items:
    """Item look-up by id, ``domain:id`` or exact name, with suggestions."""

    def __init__(self, catalogs: Sequence[Catalog]) -> None:
        self.by_key: dict[str, tuple[Catalog, Item] | None] = {}
        self.names: dict[str, tuple[Catalog, Item]] = {}
        for catalog in catalogs:
            for item in catalog.walk():
                if not item.is_leaf:
                    continue
                pair = (catalog, item)
                self._add(f"{catalog.domain}:{item.id}", pair)
                self._add(item.id, pair)
                self._add(normalize_label(item.name), pair)
                self.names[item.name] = pair

    def _add(self, key: str, pair: tuple[Catalog, Item]) -> None:
        if key in self.by_key and self.by_key[key] != pair:
            self.by_key[key] = None  # ambiguous across catalogs: needs domain
        else:
            self.by_key[key] = pair

    def find(self, text: str, domain: str | None) -> tuple[Catalog, Item] | None:
        if domain:
            hit = self.by_key.get(f"{domain}:{text}")
            if hit:
                return hit
        return self.by_key.get(text) or self.by_key.get(normalize_label(text))

    def ambiguous(self, text: str) -> bool:
        """True when ``text`` names items in several catalogs (a domain column decides)."""
        return any(self.by_key.get(k, 1) is None for k in (text, normalize_label(text)))

    def suggest(self, text: str) -> tuple[str, str] | None:
        """The id and name of the leaf item whose name is closest to ``text``, if any."""
        close = difflib.get_close_matches(text, list(self.names), n=1, cutoff=0.4)
        if not close:
            return None
        return self.names[close[0]][1].id, close[0]


def _without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with the cyclic garbage collector paused.

    Building many acyclic objects otherwise triggers full collections again and again
    (the audit creates no reference cycles); the collector is restored afterwards.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


# --------------------------------------------------------------------------- columns


def _taken(column: Coded | None, take: Ints, everything: bool) -> Coded | None:
    """The codes of the records ``take`` (all of them when ``everything``)."""
    if column is None or everything:
        return column
    return column[0][take], column[1]


def _small(rows: Ints) -> npt.NDArray[np.integer[Any]]:
    """Row numbers in 4 bytes each when they fit (a finding kept for later costs less)."""
    if len(rows) and int(rows.max()) >= 1 << 31:
        return rows
    return rows.astype(np.int32)


def _per_pair(
    first: Ints,
    second: npt.NDArray[np.integer[Any]],
    width: int,
    value: Callable[[int, int], int],
) -> Ints:
    """``value(first[i], second[i])`` for every row, computed once per distinct pair
    (``0 <= second < width``)."""
    if not len(first):
        return np.zeros(0, dtype=np.int64)
    key = first * width + second
    size = (int(first.max()) + 1) * width
    if size <= 1 << 22:  # a dense look-up table
        seen = np.zeros(size, dtype=np.bool_)
        seen[key] = True
        distinct = np.flatnonzero(seen)
        table = np.zeros(size, dtype=np.int64)
        table[distinct] = [value(int(k) // width, int(k) % width) for k in distinct]
        result: Ints = table[key]
        return result
    distinct, inverse = np.unique(key, return_inverse=True)
    looked = np.array([value(int(k) // width, int(k) % width) for k in distinct], dtype=np.int64)
    found: Ints = looked[inverse.reshape(-1)]
    return found


class _Index:
    """The cumulative working-day index of whole years ``first``..``last``.

    ``cum[d - base + 1]`` is the number of working days in [``base``, ``d``], and
    ``work`` the working days in order, so that the ``n``-th working day after ``s`` is
    ``work[cum[s - base + 1] + n - 1]`` (as :meth:`WorkCalendar.add_working_days`).
    """

    def __init__(self, cal: WorkCalendar, first: int, last: int) -> None:
        self.first, self.last = first, last
        self.base = datetime.date(first, 1, 1).toordinal()
        end = datetime.date(last, 12, 31).toordinal()
        fromordinal = datetime.date.fromordinal
        flags = np.fromiter(
            (cal.is_workday(fromordinal(d)) for d in range(self.base, end + 1)),
            dtype=np.bool_,
            count=end - self.base + 1,
        )
        self.cum: Ints = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
        self.work: Ints = self.base + np.flatnonzero(flags).astype(np.int64)

    def covers(self, first: int, last: int) -> bool:
        return self.first <= first and last <= self.last

    def between(self, firsts: Ints, lasts: Ints) -> Ints:
        """Working days in (first, last] (:meth:`WorkCalendar.working_days_between`)."""
        cum, shift = self.cum, 1 - self.base
        result: Ints = cum[lasts + shift] - cum[firsts + shift]
        return result


# --------------------------------------------------------------------------- audit

#: The record columns the audit reads.
_READ = ("item", "formed", "published", "channel", "domain", "scope")

#: Item look-up results other than a pair index.
_NO_ITEM, _AMBIGUOUS, _UNKNOWN = -1, -2, -3

#: Finding kinds kept as arrays (kind 0: any finding, with its builder and arguments).
_LOOSE, _CHANNEL, _LATE, _OVERDUE = 0, 1, 2, 3

#: The kinds kept as arrays: their code and phase (0: a row check, 1: a verdict).
_BLOCKS = (
    (_CHANNEL, UNLISTED_CHANNEL.code, 0),
    (_LATE, PUBLISHED_LATE.code, 1),
    (_OVERDUE, OVERDUE.code, 1),
)


@_without_gc
def audit(
    records: RecordTable | Iterable[RecordTable] | str | os.PathLike[str],
    catalogs: Sequence[Catalog] | Catalog,
    *,
    as_of: datetime.date | None = None,
    calendar: WorkCalendar | None = None,
    sink: Callable[[FindingRows], None] | None = None,
) -> AuditResult:
    """Audit ``records`` against ``catalogs``.

    ``records`` is a file path, a :class:`RecordTable`, or an iterable of tables read in
    chunks (:func:`gkstd.audit.iter_records`: a file of any size in bounded memory, with
    the same findings and summaries as reading it whole).  ``catalogs`` should be resolved
    (complete) catalogs (one catalog alone is that catalog).  ``as_of`` (default today)
    decides which unpublished records are overdue; outside the calendar's years
    (2004–2099) it raises :class:`~gkstd.timing.calendar.CalendarError`.  File-level problems give a single
    GK509 finding; row-level problems are findings with the row number, and the rest of
    the file is still audited.

    ``sink`` takes the findings as they are found: called once per chunk with that
    chunk's findings (in row order), which are then not kept, so that the result holds
    only the counts and summaries and memory stays bounded however many findings there
    are (the chunks of a file come in row order, so the findings do too).  A GK509 that
    ends the run early is the result's only finding, after the chunks already handed on.
    """
    catalogs = _catalogs(catalogs)
    callables("gkstd.audit.audit", sink=sink)
    expect(
        as_of,
        (datetime.date, type(None)),
        "gkstd.audit.audit(as_of)",
        ("日期（datetime.date）或 None", "a date or None"),
    )
    expect(
        calendar,
        (WorkCalendar, type(None)),
        "gkstd.audit.audit(calendar)",
        ("工作日历 WorkCalendar 或 None", "a WorkCalendar or None"),
    )
    if not isinstance(records, (str, os.PathLike, RecordTable, Iterable)) or isinstance(
        records, bytes | Mapping
    ):
        raise refused(records, "gkstd.audit.audit(records)", _RECORDS)
    as_of = as_of or datetime.date.today()
    check_year(as_of.year)  # CalendarError: an audit date the calendar cannot count from
    cal = calendar or default_calendar()
    file: str | None = None
    tables: Iterable[RecordTable]
    if isinstance(records, (str, os.PathLike)):
        file = os.fspath(records)
        tables = iter_records(file, columns=_READ)  # a large CSV file in chunks
    elif isinstance(records, RecordTable):
        tables = [records]
    else:
        tables = records
    run: _Run | None = None
    count = 0
    try:
        for n, table in enumerate(tables):
            expect(table, RecordTable, f"gkstd.audit.audit(records)[{n}]", _RECORDS)
            if run is None:
                file = table.file
                run = _Run(catalogs, as_of, cal, file, sink)
            count += len(table)
            run.feed(table)
    except RecordsError as exc:  # a chunked reader meeting an unusable part of the file
        finding = RECORDS_UNUSABLE.emit(reason=exc.message, reason_en=exc.message_en, file=file)
        return AuditResult(file, as_of, count, (finding,), (), ())
    except CalendarError as exc:  # a deadline or the audit date outside the calendar
        finding = RECORDS_UNUSABLE.emit(reason=exc.message, reason_en=exc.message_en, file=file)
        return AuditResult(file, as_of, count, (finding,), (), ())
    if run is None:
        return AuditResult(file, as_of, 0, (), (), ())
    findings, items, domains = run.finish()
    return AuditResult(file, as_of, count, findings, items, domains)


_RECORDS = (
    "记录文件路径、RecordTable 或 RecordTable 的序列（iter_records）",
    "a records file path, a RecordTable or an iterable of them (iter_records)",
)
_CATALOG = ("完整目录 Catalog 的列表", "a list of (resolved) Catalogs")
_CATALOG_FIX = (
    "目录文件请先解析：[gkstd.resolve(路径).catalog]。",
    "Resolve a catalog file first: [gkstd.resolve(path).catalog].",
)


def _catalogs(catalogs: object) -> Sequence[Catalog]:
    """``catalogs`` as audit takes them: one :class:`Catalog` stands for itself; any other
    value must be a sequence of catalogs (a path or a resolution result is refused with
    the way to get a catalog from it)."""
    if isinstance(catalogs, Catalog):
        return (catalogs,)
    where, refuse = "gkstd.audit.audit(catalogs)", (str, bytes, os.PathLike, Mapping)
    return tuple(each(catalogs, Catalog, where, _CATALOG, _CATALOG_FIX, refuse))  # type: ignore[arg-type]


def domain_totals(items: Iterable[ItemSummary]) -> tuple[ItemSummary, ...]:
    """One summary per domain (``item=None``): the counts of its items' summaries added
    up, domains in order."""
    domains: dict[str, list[int]] = {}
    for summary in items:
        total = domains.setdefault(summary.domain, [0] * 9)
        for n, value in enumerate(summary.counts()):
            total[n] += value
    return tuple(ItemSummary(d, None, None, *c) for d, c in sorted(domains.items()))


class _Run:
    """One audit: the distinct-value caches, the counts and the findings so far."""

    def __init__(
        self,
        catalogs: Sequence[Catalog],
        as_of: datetime.date,
        cal: WorkCalendar,
        file: str | None,
        sink: Callable[[FindingRows], None] | None = None,
    ) -> None:
        self.sink = sink
        self.lookup = _Items(catalogs)
        self.as_of, self.today, self.cal, self.file = as_of, as_of.toordinal(), cal, file
        self.pair_of: dict[int, int] = {}  # id of a (catalog, item) pair → its index
        self.pairs: list[tuple[Catalog, Item]] = []
        self.pair_key: list[int] = []  # pair index → summary key index
        self.keys: dict[tuple[str, str], int] = {}
        self.names: list[str] = []
        self.items: dict[tuple[Any, Any], int] = {}  # (item cell, domain) → pair or status
        self.days: dict[Any, int] = {}  # date cell → ordinal or status
        self.plan_of: dict[tuple[str, str, Any], int] = {}
        self.plans: list[_Plan] = []
        self.channel_ok: dict[tuple[str, str, Any], bool] = {}
        self.channel_of: dict[str, int] = {}
        self.channels: list[str] = []
        self.suggestions: dict[str, tuple[str, str] | None] = {}
        self.reported: dict[int, int] = {}  # summary key → the row of its GK508 finding
        self.counts = np.zeros((0, 9), dtype=np.int64)
        self.index: _Index | None = None
        # findings: (row, phase, code, builder, arguments) and array blocks per kind
        self.loose: list[tuple[int, int, str, Callable[..., Finding], tuple[Any, ...]]] = []
        self.blocks: dict[int, list[tuple[npt.NDArray[Any], ...]]] = {
            _CHANNEL: [],
            _LATE: [],
            _OVERDUE: [],
        }
        # each chunk's findings in row order: (kind, reference, code id) arrays
        self.code_id: dict[str, int] = {}
        self.sealed: list[tuple[npt.NDArray[np.uint8], npt.NDArray[Any], npt.NDArray[np.uint8]]]
        self.sealed = []
        self.sealed_loose = 0
        self.starts: dict[int, list[int]] = {kind: [0] for kind in self.blocks}
        self.last_row = -1
        self.ordered = True  # every chunk's rows after the previous chunk's

    # -- distinct values ---------------------------------------------------------------

    def _pair(self, cell: Any, domain: Any) -> int:
        if cell is None:
            return _NO_ITEM
        text = str(cell).strip()
        pair = self.lookup.find(text, domain)
        if pair is None:
            return _AMBIGUOUS if self.lookup.ambiguous(text) else _UNKNOWN
        index = self.pair_of.get(id(pair))
        if index is None:
            index = self.pair_of[id(pair)] = len(self.pairs)
            self.pairs.append(pair)
            catalog, item = pair
            key = (catalog.domain, item.id)
            if key not in self.keys:
                self.keys[key] = len(self.keys)
                self.names.append(item.name)
            self.pair_key.append(self.keys[key])
        return index

    def _cached_pair(self, cell: Any, domain: Any) -> int:
        key = (cell, domain)
        found = self.items.get(key)
        if found is None:
            found = self.items[key] = self._pair(cell, domain)
        return found

    def _item_column(self, table: RecordTable) -> Ints:
        """Each record's (catalog, item) pair index, or why it has none (one look-up per
        distinct item cell, or per distinct item and domain)."""
        size = len(table)
        items = table.coded("item")
        if items is None:
            return np.full(size, _NO_ITEM, dtype=np.int64)
        codes, values = items
        domains = table.coded("domain")
        if domains is None:
            lut = np.array([self._cached_pair(v, None) for v in values], dtype=np.int64)
            found: Ints = lut[codes] if len(values) else np.zeros(0, dtype=np.int64)
            return found
        domain_codes, domain_values = domains
        return _per_pair(
            codes.astype(np.int64),
            domain_codes,
            len(domain_values),
            lambda i, d: self._cached_pair(values[i], domain_values[d]),
        )

    def _date_column(self, column: Coded | None, size: int) -> Ints:
        """Day ordinals (or a status) of a date column: one parse per distinct cell."""
        if column is None:
            return np.full(size, _EMPTY, dtype=np.int64)
        codes, values = column
        cache = self.days
        if len(cache) > 1 << 18:  # many distinct timestamps: keep the cache small
            cache.clear()
        lut = np.empty(len(values), dtype=np.int64)
        for n, value in enumerate(values):
            day = cache.get(value)
            if day is None:
                day = cache[value] = _day_of(value)
            lut[n] = day
        found: Ints = lut[codes] if len(values) else np.zeros(0, dtype=np.int64)
        return found

    def _plan_index(self, pair: int, scope: Any) -> int:
        catalog, item = self.pairs[pair]
        key = (catalog.id, item.id, scope)
        index = self.plan_of.get(key)
        if index is None:
            index = self.plan_of[key] = len(self.plans)
            self.plans.append(_plan(item.time_limit, scope))
        return index

    def _channel_fits(self, pair: int, channel: Any) -> int:
        catalog, item = self.pairs[pair]
        if channel is None or not item.channels:
            return 1
        key = (catalog.id, item.id, channel)
        ok = self.channel_ok.get(key)
        if ok is None:
            keys = tuple(_channel_key(c) for c in item.channels)
            ok = self.channel_ok[key] = _channel_ok(str(channel), keys)
        return int(ok)

    def _index(self, first: int, last: int) -> _Index:
        """The working-day index covering the years of ordinals ``first``..``last``."""
        lo, hi = _year(first), _year(last)
        index = self.index
        if index is None or not index.covers(lo, hi):
            if index is not None:
                lo, hi = min(lo, index.first), max(hi, index.last)
            index = self.index = _Index(self.cal, lo, hi)
        return index

    # -- one chunk -----------------------------------------------------------------------

    def feed(self, table: RecordTable) -> None:
        """Audit one table (a whole file or one chunk of it)."""
        self._feed(table)
        self._seal()
        if self.sink is not None:
            self._hand_on()

    def _hand_on(self) -> None:
        """Give the findings kept so far (one chunk's) to the sink and forget them: the
        rows and arrays start afresh (what was handed on keeps the old ones)."""
        assert self.sink is not None
        self.sink(self._rows())
        self.loose, self.sealed_loose, self.sealed = [], 0, []
        self.blocks = {kind: [] for kind in self.blocks}
        self.starts = {kind: [0] for kind in self.blocks}

    def _seal(self) -> None:
        """Put the findings of the chunk just fed in row order (within a row, the row's
        own checks before the verdicts), as compact arrays: a sort per chunk, none of
        the whole run when the chunks come in row order (a file read in chunks)."""
        keys: list[npt.NDArray[np.int64]] = []
        kinds: list[npt.NDArray[np.uint8]] = []
        refs: list[npt.NDArray[np.int64]] = []
        codes: list[npt.NDArray[np.uint8]] = []
        new = self.loose[self.sealed_loose :]
        if new:
            rows = np.array([f[0] for f in new], dtype=np.int64)
            keys.append(rows * 2 + np.array([f[1] for f in new], dtype=np.int64))
            kinds.append(np.zeros(len(new), dtype=np.uint8))
            refs.append(np.arange(self.sealed_loose, len(self.loose), dtype=np.int64))
            codes.append(np.array([self._code(f[2]) for f in new], dtype=np.uint8))
            self.sealed_loose = len(self.loose)
        for kind, code, phase in _BLOCKS:
            starts = self.starts[kind]
            for block in self.blocks[kind][len(starts) - 1 :]:
                size = len(block[0])
                keys.append(block[0].astype(np.int64) * 2 + phase)
                kinds.append(np.full(size, kind, dtype=np.uint8))
                refs.append(np.arange(starts[-1], starts[-1] + size, dtype=np.int64))
                codes.append(np.full(size, self._code(code), dtype=np.uint8))
                starts.append(starts[-1] + size)
        key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        if not len(key):
            return
        order = np.argsort(key, kind="stable")
        first, last = int(key[order[0]]) // 2, int(key[order[-1]]) // 2
        if first <= self.last_row:
            self.ordered = False
        self.last_row = max(self.last_row, last)
        ref = np.concatenate(refs)[order]
        self.sealed.append(
            (np.concatenate(kinds)[order], _small(ref), np.concatenate(codes)[order])
        )

    def _code(self, code: str) -> int:
        return self.code_id.setdefault(code, len(self.code_id))

    def _feed(self, table: RecordTable) -> None:
        file, loose = self.file, self.loose
        for row, zh, en in table.bad_rows:
            loose.append((row, 0, BAD_DATE.code, _unreadable, (row, zh, en, file)))
        if not len(table):
            return
        rows = table.row_numbers()
        pair = self._item_column(table)
        size = len(rows)
        formed = self._date_column(table.coded("formed"), size)
        published = self._date_column(table.coded("published"), size)
        known = pair >= 0
        bad_formed = (formed == _NOT_A_DATE) | (formed == _OUT_OF_RANGE)
        bad_published = (published == _NOT_A_DATE) | (published == _OUT_OF_RANGE)
        has_published = published != _EMPTY
        dated = known & (formed != _EMPTY)
        bad = dated & (bad_formed | bad_published)
        before = dated & ~bad & has_published & (published < formed)
        accepted = dated & ~bad & ~before
        if not bool(accepted.all()):
            self._rejected(table, rows, pair, formed, published, known, dated, bad, before)
        take = np.flatnonzero(accepted)
        if not len(take):
            return
        everything = len(take) == len(rows)
        rows, pair = (rows, pair) if everything else (rows[take], pair[take])
        formed, published = (formed, published) if everything else (formed[take], published[take])
        self._channels(_taken(table.coded("channel"), take, everything), rows, pair)
        plan = self._plans(_taken(table.coded("scope"), take, everything), pair)
        due = self._deadlines(plan, formed)
        self._verdicts(rows, pair, plan, formed, published, due)

    def _rejected(
        self,
        table: RecordTable,
        rows: Ints,
        pair: Ints,
        formed: Ints,
        published: Ints,
        known: Bools,
        dated: Bools,
        bad: Bools,
        before: Bools,
    ) -> None:
        """The findings of the rows that fail a row check (few, one by one)."""
        file, loose, pairs = self.file, self.loose, self.pairs
        rejected = ~known | ~dated | bad | before
        for i in np.flatnonzero(rejected).tolist():
            row, status = int(rows[i]), int(pair[i])
            if status == _NO_ITEM:
                loose.append((row, 0, MISSING_FIELD.code, _missing, (row, "item", "事项", file)))
                continue
            if status < 0:
                text = str(table.cell("item", i)).strip()
                found: tuple[Any, ...]
                if status == _AMBIGUOUS:
                    loose.append((row, 0, UNKNOWN_ITEM.code, _ambiguous, (row, text, file)))
                    continue
                if text not in self.suggestions:
                    self.suggestions[text] = self.lookup.suggest(text)
                found = (row, text, self.suggestions[text], file)
                loose.append((row, 0, UNKNOWN_ITEM.code, _unknown, found))
                continue
            item = pairs[status][1].id
            f, p = int(formed[i]), int(published[i])
            args: tuple[Any, ...]
            if f == _EMPTY:
                args = (row, "formed", "形成日期", file, item)
                loose.append((row, 0, MISSING_FIELD.code, _missing, args))
            elif bad[i]:
                bad_formed = f < 0
                key = "formed" if bad_formed else "published"
                value = table.cell(key, i)
                out_of_range = (f if bad_formed else p) == _OUT_OF_RANGE
                args = (row, key, value, file, item, out_of_range)
                loose.append((row, 0, BAD_DATE.code, _bad_date, args))
            else:
                args = (row, table.cell("formed", i), table.cell("published", i), file, item)
                loose.append((row, 0, PUBLISHED_BEFORE_FORMED.code, _before, args))

    def _channels(self, channel: Coded | None, rows: Ints, pair: Ints) -> None:
        """Records on a channel their item does not list (one check per distinct pair)."""
        if channel is None:
            return
        codes, distinct = channel
        fits = _per_pair(
            pair, codes, len(distinct), lambda p, c: self._channel_fits(p, distinct[c])
        )
        wrong = np.flatnonzero(fits == 0)
        if not len(wrong):
            return
        ids = np.array(
            [self.channel_of.setdefault(str(v), len(self.channel_of)) for v in distinct],
            dtype=np.int32,
        )
        for text, n in self.channel_of.items():
            if n == len(self.channels):
                self.channels.append(text)
        self.blocks[_CHANNEL].append(
            (_small(rows[wrong]), pair[wrong].astype(np.int32), ids[codes[wrong]])
        )

    def _plans(self, scope: Coded | None, pair: Ints) -> Ints:
        if scope is None:
            by_pair = np.array([self._plan_index(p, None) for p in range(len(self.pairs))])
            result: Ints = by_pair[pair]
            return result
        codes, distinct = scope
        return _per_pair(pair, codes, len(distinct), lambda p, s: self._plan_index(p, distinct[s]))

    def _deadlines(self, plan: Ints, formed: Ints) -> Ints:
        """Deadline ordinals (:data:`_EMPTY` where there is none)."""
        plans, cal = self.plans, self.cal
        mode = np.array([_MODES.index(p.mode) for p in plans], dtype=np.int64)[plan]
        days = np.array([p.n for p in plans], dtype=np.int64)[plan]
        due = np.full(len(plan), _EMPTY, dtype=np.int64)
        working = np.flatnonzero(mode == 0)
        if len(working):
            starts, n = formed[working], days[working]
            first = int(starts.min())
            last_year = min(MAX_YEAR, _year(int(starts.max())) + int(n.max()) // 240)
            while True:  # the years the deadlines reach, one more at a time (few load a year)
                index = self._index(first, datetime.date(last_year, 1, 1).toordinal())
                shift = (0 if cal.convention.count_start_day else 1) - index.base
                k = index.cum[starts + shift] + n - 1
                beyond = (k >= len(index.work)) & (n > 0)
                if last_year >= MAX_YEAR or not bool(beyond.any()):
                    break
                last_year = max(last_year, index.last) + 1
            result = np.where(n == 0, starts, index.work[np.minimum(k, len(index.work) - 1)])
            if bool(beyond.any()):  # past the index: the calendar extends or refuses
                late = np.flatnonzero(beyond)
                result[late] = cal.add_working_days_bulk(starts[late].tolist(), n[late].tolist())
            due[working] = result
        immediate = mode == 2
        due[immediate] = formed[immediate]
        for code in (1, 3):  # calendar days, other limits: once per distinct (plan, start)
            some = np.flatnonzero(mode == code)
            if len(some):
                low = int(formed[some].min())

                def one(p: int, d: int, low: int = low) -> int:
                    return self._one_deadline(plans[p], d + low)

                due[some] = _per_pair(
                    plan[some], formed[some] - low, int(formed[some].max()) - low + 1, one
                )
        return due

    def _one_deadline(self, plan: _Plan, start: int) -> int:
        day = datetime.date.fromordinal(start)
        if plan.mode == "c":
            result = self.cal.add_calendar_days(day, plan.n)
        elif plan.limit is not None:
            result = deadline(day, plan.limit, self.cal)
        else:
            return _EMPTY
        return result.date.toordinal() if result.date else _EMPTY

    def _verdicts(
        self, rows: Ints, pair: Ints, plan: Ints, formed: Ints, published: Ints, due: Ints
    ) -> None:
        """Late, overdue, on time and pending, with the per-item counts."""
        today, cal = self.today, self.cal
        has_due = due != _EMPTY
        has_published = published != _EMPTY
        late = has_due & has_published & (published > due)
        overdue = has_due & ~has_published & (today > due)
        on_time = has_due & has_published & ~late
        pending = has_due & ~has_published & ~overdue
        computed = np.flatnonzero(has_due)
        provisional = np.zeros(len(rows), dtype=np.bool_)
        if len(computed):
            starts, ends = formed[computed], due[computed]
            first, last = int(starts.min()), int(ends.max())
            index = self._index(first, max(last, int(published[late].max(initial=first))))
            hit = np.zeros(len(computed), dtype=np.bool_)
            for year in range(_year(first), _year(last) + 1):
                if cal.basis(year).provisional:
                    jan1 = datetime.date(year, 1, 1).toordinal()
                    dec31 = datetime.date(year, 12, 31).toordinal()
                    hit |= (jan1 <= ends) & (starts < dec31)
            provisional[computed] = hit
            delay = np.zeros(len(rows), dtype=np.int64)
            at = np.flatnonzero(late)
            delay[at] = index.between(due[at], published[at])
            self.blocks[_LATE].append(
                (
                    _small(rows[at]),
                    *(a[at].astype(np.int32) for a in (pair, due, published, delay)),
                    provisional[at],
                )
            )
            at = np.flatnonzero(overdue)
            if len(at):
                cal.working_days_between_bulk([int(due[at].min())], [today])  # in the calendar?
                index = self._index(int(due[at].min()), today)
                by = index.between(due[at], np.full(len(at), today, dtype=np.int64))
                self.blocks[_OVERDUE].append(
                    (
                        _small(rows[at]),
                        *(a.astype(np.int32) for a in (pair[at], due[at], by)),
                        provisional[at],
                    )
                )
        else:
            delay = np.zeros(len(rows), dtype=np.int64)
        key = np.array(self.pair_key, dtype=np.int64)[pair]
        size = len(self.keys)
        if len(self.counts) < size:
            grown = np.zeros((size, 9), dtype=np.int64)
            grown[: len(self.counts)] = self.counts
            self.counts = grown
        no_due = ~has_due
        columns = (None, has_published, on_time, late, overdue, pending, no_due, provisional)
        for n, mask in enumerate(columns):
            weights = None if mask is None else mask.astype(np.int64)
            self.counts[:, n] += np.bincount(key, weights, minlength=size).astype(np.int64)
        self.counts[:, 8] += np.bincount(key, delay, minlength=size).astype(np.int64)
        at = np.flatnonzero(no_due)
        if len(at):  # one GK508 per item: its first record without a deadline
            distinct, firsts = np.unique(key[at], return_index=True)
            for k, i in zip(distinct.tolist(), at[firsts].tolist(), strict=True):
                if k in self.reported:
                    continue
                row, item = int(rows[i]), self.pairs[int(pair[i])][1]
                self.reported[k] = row
                args = (row, item, self.plans[int(plan[i])].reason, self.file)
                self.loose.append((row, 1, NO_DEADLINE.code, _no_deadline, args))

    # -- the result ----------------------------------------------------------------------

    def finish(self) -> tuple[FindingRows, tuple[ItemSummary, ...], tuple[ItemSummary, ...]]:
        """The findings in row order and the per-item and per-domain summaries."""
        items = self._summaries()
        return self._rows(), items, domain_totals(items)

    def _rows(self) -> FindingRows:
        """The findings kept so far, in row order."""
        file, pairs, channels, as_of = self.file, self.pairs, self.channels, self.as_of
        loose, blocks, starts = self.loose, self.blocks, self.starts
        if self.ordered:  # the chunks' findings one after the other
            sealed, self.sealed = self.sealed, []
            kinds = np.concatenate([k for k, _, _ in sealed] or [np.zeros(0, dtype=np.uint8)])
            offsets = np.concatenate([r for _, r, _ in sealed] or [np.zeros(0, dtype=np.int32)])
            codes = np.concatenate([c for _, _, c in sealed] or [np.zeros(0, dtype=np.uint8)])
            del sealed
        else:  # tables given out of row order: one sort of all the findings
            self.sealed = []
            kinds, offsets, codes = self._sorted()

        built = _Builder(file, as_of, loose, blocks, starts, channels, [i for _, i in pairs])
        return FindingRows(
            kinds,
            offsets,
            codes,
            list(self.code_id),
            (built.loose, built.channel, built.late, built.overdue),
        )

    def _summaries(self) -> tuple[ItemSummary, ...]:
        by_key = sorted(self.keys.items())
        return tuple(
            ItemSummary(domain, item, self.names[k], *(int(c) for c in self.counts[k]))
            for (domain, item), k in by_key
            if k < len(self.counts) and self.counts[k, 0]
        )

    def _sorted(self) -> tuple[npt.NDArray[np.uint8], npt.NDArray[Any], npt.NDArray[np.uint8]]:
        """All the findings in row order, with one sort (the kind, reference and code id
        of each): for tables that did not come in row order."""
        loose = self.loose
        keys = [np.array([f[0] * 2 + f[1] for f in loose], dtype=np.int64)]
        kinds = [np.zeros(len(loose), dtype=np.uint8)]
        refs = [np.arange(len(loose), dtype=np.int64)]
        codes = [np.array([self._code(f[2]) for f in loose], dtype=np.uint8)]
        for kind, code, phase in _BLOCKS:
            for block in self.blocks[kind]:
                size = len(block[0])
                keys.append(block[0].astype(np.int64) * 2 + phase)
                kinds.append(np.full(size, kind, dtype=np.uint8))
                codes.append(np.full(size, self._code(code), dtype=np.uint8))
            size = self.starts[kind][-1]
            refs.append(np.arange(size, dtype=np.int64))
        order = np.argsort(np.concatenate(keys), kind="stable")
        return (
            np.concatenate(kinds)[order],
            np.concatenate(refs)[order],
            np.concatenate(codes)[order],
        )


class _Builder:
    """Builds the findings kept as arrays, one kind per method (plain data and module
    functions: it pickles, so that the findings of a part of a distributed audit travel as
    arrays, :mod:`gkstd.audit.parts`)."""

    def __init__(
        self,
        file: str | None,
        as_of: datetime.date,
        loose: list[tuple[int, int, str, Callable[..., Finding], tuple[Any, ...]]],
        blocks: dict[int, list[tuple[npt.NDArray[Any], ...]]],
        starts: dict[int, list[int]],
        channels: list[str],
        items: list[Item],
    ) -> None:
        self.file, self.as_of, self.channels, self.items = file, as_of, channels, items
        self._loose, self._blocks, self._starts = loose, blocks, starts

    def _part(self, kind: int, ref: int) -> tuple[int, ...]:
        starts = self._starts[kind]
        at = bisect.bisect_right(starts, ref) - 1
        return tuple(int(a[ref - starts[at]]) for a in self._blocks[kind][at])

    def loose(self, ref: int) -> Finding:
        """A finding built with its own builder and arguments."""
        _, _, _, make, args = self._loose[ref]
        return make(*args)

    def channel(self, ref: int) -> Finding:
        """GK503."""
        row, pair, text = self._part(_CHANNEL, ref)
        return _channel(row, self.channels[text], self.items[pair], self.file)

    def late(self, ref: int) -> Finding:
        """GK501."""
        row, pair, due, published, delay, provisional = self._part(_LATE, ref)
        item = self.items[pair]
        return _late(row, item, due, published, delay, bool(provisional), self.file)

    def overdue(self, ref: int) -> Finding:
        """GK502."""
        row, pair, due, by, provisional = self._part(_OVERDUE, ref)
        item = self.items[pair]
        return _overdue(row, item, due, self.as_of, by, bool(provisional), self.file)


# --------------------------------------------------------------------------- findings


@functools.lru_cache(maxsize=4096)
def _day(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


#: The longest cell value a message repeats (a longer one is cut, with "…").
_SHOWN = 120


def _clip(value: Any) -> str:
    """``value`` as text for a message, cut to :data:`_SHOWN` characters."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _unreadable(row: int, zh: str, en: str, file: str | None) -> Finding:
    return BAD_DATE.emit("unreadable", row=row, reason=zh, reason_en=en, file=file, line=row)


def _missing(row: int, key: str, zh: str, file: str | None, item: str | None = None) -> Finding:
    return MISSING_FIELD.emit(
        row=row,
        field=key,
        field_zh=zh,
        file=file,
        line=row,
        item=item,
        element=key,
    )


def _unknown(row: int, text: str, suggestion: tuple[str, str] | None, file: str | None) -> Finding:
    if suggestion is None:
        return UNKNOWN_ITEM.emit(
            "no-suggestion", row=row, text=_clip(text), file=file, line=row, element="item"
        )
    return UNKNOWN_ITEM.emit(
        row=row,
        text=_clip(text),
        suggestion=suggestion[0],
        suggestion_name=suggestion[1],
        file=file,
        line=row,
        element="item",
    )


def _ambiguous(row: int, text: str, file: str | None) -> Finding:
    return UNKNOWN_ITEM.emit(
        "ambiguous",
        row=row,
        text=_clip(text),
        file=file,
        line=row,
        element="item",
    )


#: The Chinese names of the record columns that hold dates (for messages).
_DATE_NAMES_ZH = {"formed": "形成日期", "published": "发布日期"}


def _bad_date(
    row: int, key: str, value: Any, file: str | None, item: str, out_of_range: bool = False
) -> Finding:
    field_zh = _DATE_NAMES_ZH.get(key, key)
    if out_of_range:
        return BAD_DATE.emit(
            "out-of-range",
            row=row,
            field=key,
            field_zh=field_zh,
            value=_clip(value),
            first=MIN_YEAR,
            last=MAX_YEAR - 1,
            file=file,
            line=row,
            item=item,
            element=key,
        )
    return BAD_DATE.emit(
        row=row,
        field=key,
        field_zh=field_zh,
        value=_clip(value)
        if isinstance(value, str) or not isinstance(value, (int, float))
        else value,
        file=file,
        line=row,
        item=item,
        element=key,
    )


def _before(row: int, formed: Any, published: Any, file: str | None, item: str) -> Finding:
    return PUBLISHED_BEFORE_FORMED.emit(
        row=row,
        published=_clip(published),
        formed=_clip(formed),
        file=file,
        line=row,
        item=item,
        element="published",
    )


def _channel(row: int, channel: str, item: Item, file: str | None) -> Finding:
    return UNLISTED_CHANNEL.emit(
        row=row,
        channel=_clip(channel),
        name=item.name,
        listed=[_channel_key(c) for c in item.channels],
        file=file,
        line=row,
        item=item.id,
        element="channel",
    )


def _late(
    row: int, item: Item, due: int, published: int, delay: int, provisional: bool, file: str | None
) -> Finding:
    return PUBLISHED_LATE.emit(
        "provisional" if provisional else "default",
        row=row,
        name=item.name,
        due=_day(due),
        published=_day(published),
        delay=delay,
        file=file,
        line=row,
        item=item.id,
        element="published",
    )


def _overdue(
    row: int,
    item: Item,
    due: int,
    as_of: datetime.date,
    by: int,
    provisional: bool,
    file: str | None,
) -> Finding:
    return OVERDUE.emit(
        "provisional" if provisional else "default",
        row=row,
        name=item.name,
        due=_day(due),
        as_of=as_of.isoformat(),
        overdue=by,
        file=file,
        line=row,
        item=item.id,
        element="published",
    )


def _no_deadline(row: int, item: Item, reason: Text | None, file: str | None) -> Finding:
    limit = item.time_limit.display() if item.time_limit else "（无）"
    if reason is None:
        return NO_DEADLINE.emit(
            row=row, name=item.name, limit=limit, file=file, line=row, item=item.id,
            element="time_limit",
        )  # fmt: skip
    return NO_DEADLINE.emit(
        "reason",
        row=row,
        name=item.name,
        limit=limit,
        reason=reason.zh,
        reason_en=reason.en,
        file=file,
        line=row,
        item=item.id,
        element="time_limit",
    )
