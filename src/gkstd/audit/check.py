"""The disclosure audit: publication records checked against resolved catalogs.

:func:`audit` returns an :class:`AuditResult`: findings (GK5xx, one per problem, with the
record's row number) and per-item and per-domain summaries.

The audit is column-wise (numpy): each column is reduced to its distinct values first (a
million records hold a few hundred items, dates and channels), every distinct value is
looked up once, and the rows get their result by one array look-up.  Dates become day
ordinals; deadlines in working days are one look-up in a cumulative working-day index
(``cum[start] + n`` into the sorted working days); late, overdue and on time are array
comparisons, and the per-item counts are ``bincount``.  Findings are kept as arrays (row,
kind, arguments) and a finding object is built only when it is read (:class:`FindingRows`).
Records can come in chunks (:func:`gkstd.audit.iter_records`), so that a file of any size
is audited in bounded memory.

Long module: the audit's passes share the distinct-value caches of one run.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import gc
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, ParamSpec, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt

from gkstd.audit.records import RecordsError, RecordTable, iter_records
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
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.i18n import Text
from gkstd.model import Catalog, Channel, Item, TimeLimit, TimeLimitKind
from gkstd.model.enums import normalize_label
from gkstd.timing.calendar import MAX_YEAR, MIN_YEAR, CalendarError, WorkCalendar, default_calendar
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

    __slots__ = ("_built", "_code_ids", "_code_names", "_kinds", "_makers", "_refs")

    def __init__(
        self,
        kinds: Ints | None = None,
        refs: Ints | None = None,
        code_ids: Ints | None = None,
        code_names: Sequence[str] = (),
        makers: Sequence[Callable[[int], Finding]] = (),
    ) -> None:
        empty = np.zeros(0, dtype=np.int64)
        self._kinds = empty if kinds is None else kinds
        self._refs = empty if refs is None else refs
        self._code_ids = empty if code_ids is None else code_ids
        self._code_names = tuple(code_names)
        self._makers = tuple(makers)
        self._built: list[Finding | None] = [None] * len(self._kinds)

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
        rows._built = list(built)
        return rows

    def __len__(self) -> int:
        return len(self._built)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...
    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        index = range(len(self._built))[index]  # IndexError, negative indices
        built = self._built[index]
        if built is None:
            make = self._makers[int(self._kinds[index])]
            built = self._built[index] = make(int(self._refs[index]))
        return built

    def __iter__(self) -> Iterator[Finding]:
        if any(finding is None for finding in self._built):
            self._build_all()
        return iter(self._built)  # type: ignore[arg-type]  # all built now

    def _build_all(self) -> None:
        """Build every finding at once (with the garbage collector paused: hundreds of
        thousands of new objects would trigger it many times)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            built, makers = self._built, self._makers
            for index, (kind, ref) in enumerate(
                zip(self._kinds.tolist(), self._refs.tolist(), strict=True)
            ):
                if built[index] is None:
                    built[index] = makers[kind](ref)
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
        return {
            "file": self.file,
            "as_of": self.as_of.isoformat(),
            "records": self.records,
            "findings": [f.to_dict() for f in self.findings],
            "items": [s.to_dict() for s in self.items],
            "domains": [s.to_dict() for s in self.domains],
        }


# --------------------------------------------------------------------------- dates

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")

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
            ordinal = datetime.date(*(int(g) for g in match.groups())).toordinal()
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

    def suggest(self, text: str) -> str | None:
        close = difflib.get_close_matches(text, list(self.names), n=1, cutoff=0.4)
        if not close:
            return None
        return f"{self.names[close[0]][1].id}（{close[0]}）"


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


def _codes(values: Sequence[Any]) -> tuple[Ints, list[Any]]:
    """``values`` as codes into their distinct values (in first-seen order)."""
    index = {value: n for n, value in enumerate(dict.fromkeys(values))}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return codes, list(index)


def _per_pair(first: Ints, second: Ints, width: int, value: Callable[[int, int], int]) -> Ints:
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


@_without_gc
def audit(
    records: RecordTable | Iterable[RecordTable] | str | os.PathLike[str],
    catalogs: Sequence[Catalog],
    *,
    as_of: datetime.date | None = None,
    calendar: WorkCalendar | None = None,
) -> AuditResult:
    """Audit ``records`` against ``catalogs``.

    ``records`` is a file path, a :class:`RecordTable`, or an iterable of tables read in
    chunks (:func:`gkstd.audit.iter_records`: a file of any size in bounded memory, with
    the same findings and summaries as reading it whole).  ``catalogs`` should be resolved
    (complete) catalogs.  ``as_of`` (default today) decides which unpublished records are
    overdue.  File-level problems give a single GK509 finding; row-level problems are
    findings with the row number, and the rest of the file is still audited.
    """
    as_of = as_of or datetime.date.today()
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
        for table in tables:
            if run is None:
                file = table.file
                run = _Run(catalogs, as_of, cal, file)
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


class _Run:
    """One audit: the distinct-value caches, the counts and the findings so far."""

    def __init__(
        self, catalogs: Sequence[Catalog], as_of: datetime.date, cal: WorkCalendar, file: str | None
    ) -> None:
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
        self.suggestions: dict[str, str | None] = {}
        self.reported: set[int] = set()  # summary keys with their GK508 finding
        self.counts = np.zeros((0, 9), dtype=np.int64)
        self.index: _Index | None = None
        # findings: (row, phase, code, builder, arguments) and array blocks per kind
        self.loose: list[tuple[int, int, str, Callable[..., Finding], tuple[Any, ...]]] = []
        self.blocks: dict[int, list[tuple[npt.NDArray[Any], ...]]] = {
            _CHANNEL: [],
            _LATE: [],
            _OVERDUE: [],
        }

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

    def _item_column(self, table: RecordTable) -> Ints:
        items = table.column("item")
        domains = table.columns.get("domain")
        cache = self.items
        if domains is None:
            for cell in dict.fromkeys(items):
                if (cell, None) not in cache:
                    cache[cell, None] = self._pair(cell, None)
            get = cache.__getitem__
            return np.fromiter(
                (get((cell, None)) for cell in items), dtype=np.int64, count=len(items)
            )
        for key in dict.fromkeys(zip(items, domains, strict=True)):
            if key not in cache:
                cache[key] = self._pair(*key)
        return np.fromiter(
            map(cache.__getitem__, zip(items, domains, strict=True)),
            dtype=np.int64,
            count=len(items),
        )

    def _date_column(self, values: list[Any]) -> Ints:
        cache = self.days
        if len(cache) > 1 << 18:  # many distinct timestamps: keep the cache small
            cache.clear()
        for value in dict.fromkeys(values):
            if value not in cache:
                cache[value] = _day_of(value)
        return np.fromiter(map(cache.__getitem__, values), dtype=np.int64, count=len(values))

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
        file, loose = self.file, self.loose
        for row, zh, en in table.bad_rows:
            loose.append((row, 0, BAD_DATE.code, _unreadable, (row, zh, en, file)))
        if not len(table):
            return
        rows = np.asarray(table.rows, dtype=np.int64)
        pair = self._item_column(table)
        formed_col, published_col = table.column("formed"), table.column("published")
        formed, published = self._date_column(formed_col), self._date_column(published_col)
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
        self._channels(table, take, everything, rows, pair)
        plan = self._plans(table, take, everything, pair)
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
        items, formed_col = table.column("item"), table.column("formed")
        published_col = table.column("published")
        rejected = ~known | ~dated | bad | before
        for i in np.flatnonzero(rejected).tolist():
            row, status = int(rows[i]), int(pair[i])
            if status == _NO_ITEM:
                loose.append((row, 0, MISSING_FIELD.code, _missing, (row, "item", "事项", file)))
                continue
            if status < 0:
                text = str(items[i]).strip()
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
                key, value = (
                    ("formed", formed_col[i]) if bad_formed else ("published", published_col[i])
                )
                out_of_range = (f if bad_formed else p) == _OUT_OF_RANGE
                args = (row, key, value, file, item, out_of_range)
                loose.append((row, 0, BAD_DATE.code, _bad_date, args))
            else:
                args = (row, formed_col[i], published_col[i], file, item)
                loose.append((row, 0, PUBLISHED_BEFORE_FORMED.code, _before, args))

    def _column(
        self, table: RecordTable, key: str, take: Ints, everything: bool
    ) -> list[Any] | None:
        values = table.columns.get(key)
        if values is None or everything:
            return values
        return [values[i] for i in take.tolist()]

    def _channels(
        self, table: RecordTable, take: Ints, everything: bool, rows: Ints, pair: Ints
    ) -> None:
        """Records on a channel their item does not list (one check per distinct pair)."""
        values = self._column(table, "channel", take, everything)
        if values is None:
            return
        codes, distinct = _codes(values)
        fits = _per_pair(
            pair, codes, len(distinct), lambda p, c: self._channel_fits(p, distinct[c])
        )
        wrong = np.flatnonzero(fits == 0)
        if not len(wrong):
            return
        ids = np.array([self.channel_of.setdefault(str(v), len(self.channel_of)) for v in distinct])
        for text, n in self.channel_of.items():
            if n == len(self.channels):
                self.channels.append(text)
        self.blocks[_CHANNEL].append((rows[wrong], pair[wrong], ids[codes[wrong]]))

    def _plans(self, table: RecordTable, take: Ints, everything: bool, pair: Ints) -> Ints:
        values = self._column(table, "scope", take, everything)
        if values is None:
            by_pair = np.array([self._plan_index(p, None) for p in range(len(self.pairs))])
            result: Ints = by_pair[pair]
            return result
        codes, distinct = _codes(values)
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
            last_year = min(MAX_YEAR, _year(int(starts.max())) + 1 + int(n.max()) // 240)
            index = self._index(int(starts.min()), datetime.date(last_year, 1, 1).toordinal())
            shift = (0 if cal.convention.count_start_day else 1) - index.base
            k = index.cum[starts + shift] + n - 1
            beyond = k >= len(index.work)
            result = np.where(n == 0, starts, index.work[np.minimum(k, len(index.work) - 1)])
            if bool(beyond.any()):  # past the index: the calendar extends or refuses
                late = np.flatnonzero(beyond & (n > 0))
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
                (rows[at], pair[at], due[at], published[at], delay[at], provisional[at])
            )
            at = np.flatnonzero(overdue)
            if len(at):
                cal.working_days_between_bulk([int(due[at].min())], [today])  # in the calendar?
                index = self._index(int(due[at].min()), today)
                by = index.between(due[at], np.full(len(at), today, dtype=np.int64))
                self.blocks[_OVERDUE].append((rows[at], pair[at], due[at], by, provisional[at]))
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
                self.reported.add(k)
                row, item = int(rows[i]), self.pairs[int(pair[i])][1]
                args = (row, item, self.plans[int(plan[i])].reason, self.file)
                self.loose.append((row, 1, NO_DEADLINE.code, _no_deadline, args))

    # -- the result ----------------------------------------------------------------------

    def finish(self) -> tuple[FindingRows, tuple[ItemSummary, ...], tuple[ItemSummary, ...]]:
        """The findings in row order and the per-item and per-domain summaries."""
        file, pairs, channels, as_of = self.file, self.pairs, self.channels, self.as_of
        loose = self.loose
        blocks = {
            kind: tuple(np.concatenate(parts) for parts in zip(*chunks, strict=True))
            if chunks
            else None
            for kind, chunks in self.blocks.items()
        }
        names = [
            *dict.fromkeys(code for _, _, code, _, _ in loose),
            UNLISTED_CHANNEL.code,
            PUBLISHED_LATE.code,
            OVERDUE.code,
        ]
        names = list(dict.fromkeys(names))
        code_id = {code: n for n, code in enumerate(names)}
        row_parts = [np.array([f[0] for f in loose], dtype=np.int64)]
        phase_parts = [np.array([f[1] for f in loose], dtype=np.int64)]
        kind_parts = [np.zeros(len(loose), dtype=np.int64)]
        code_parts = [np.array([code_id[f[2]] for f in loose], dtype=np.int64)]
        for kind, code, phase in (
            (_CHANNEL, UNLISTED_CHANNEL.code, 0),
            (_LATE, PUBLISHED_LATE.code, 1),
            (_OVERDUE, OVERDUE.code, 1),
        ):
            block = blocks[kind]
            if block is None:
                continue
            size = len(block[0])
            row_parts.append(block[0])
            phase_parts.append(np.full(size, phase, dtype=np.int64))
            kind_parts.append(np.full(size, kind, dtype=np.int64))
            code_parts.append(np.full(size, code_id[code], dtype=np.int64))
        rows = np.concatenate(row_parts)
        order = np.lexsort((np.concatenate(phase_parts), rows))
        kinds = np.concatenate(kind_parts)[order]
        offsets = np.concatenate([np.arange(len(p), dtype=np.int64) for p in kind_parts])[order]

        def loose_one(ref: int) -> Finding:
            _, _, _, make, args = loose[ref]
            return make(*args)

        def channel_one(ref: int) -> Finding:
            row, pair, text = (int(a[ref]) for a in blocks[_CHANNEL] or ())
            return _channel(row, channels[text], pairs[pair][1], file)

        def late_one(ref: int) -> Finding:
            row, pair, due, published, delay, provisional = (
                int(a[ref]) for a in blocks[_LATE] or ()
            )
            return _late(row, pairs[pair][1], due, published, delay, bool(provisional), file)

        def overdue_one(ref: int) -> Finding:
            row, pair, due, by, provisional = (int(a[ref]) for a in blocks[_OVERDUE] or ())
            return _overdue(row, pairs[pair][1], due, as_of, by, bool(provisional), file)

        findings = FindingRows(
            kinds,
            offsets,
            np.concatenate(code_parts)[order],
            names,
            (loose_one, channel_one, late_one, overdue_one),
        )
        by_key = sorted(self.keys.items())
        items = tuple(
            ItemSummary(domain, item, self.names[k], *(int(c) for c in self.counts[k]))
            for (domain, item), k in by_key
            if k < len(self.counts) and self.counts[k, 0]
        )
        domains: dict[str, list[int]] = {}
        for summary in items:
            total = domains.setdefault(summary.domain, [0] * 9)
            for n, value in enumerate(summary.counts()):
                total[n] += value
        per_domain = tuple(ItemSummary(d, None, None, *c) for d, c in sorted(domains.items()))
        return findings, items, per_domain


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


def _unknown(row: int, text: str, suggestion: str | None, file: str | None) -> Finding:
    if suggestion is None:
        return UNKNOWN_ITEM.emit(
            "no-suggestion", row=row, text=_clip(text), file=file, line=row, element="item"
        )
    return UNKNOWN_ITEM.emit(
        row=row,
        text=_clip(text),
        suggestion=suggestion,
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
