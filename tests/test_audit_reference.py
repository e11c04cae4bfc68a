"""The reference audit: the row-by-row implementation that the vectorised audit replaced.

Kept as it was (gkstd.audit.check before issue 20) so that tests/test_audit_vectorised.py can
check the column-wise audit against it: the same findings, in the same order, and the same
summaries.  It reads CSV with the csv module (the text reader), never pyarrow, so that it
checks the pyarrow reader too.  No tests here.
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
from typing import Any, ParamSpec, TypeVar, cast, overload

import attrs

from gkstd.audit.records import RecordsError, RecordTable
from gkstd.audit.records import _read as _read_records
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

__all__ = ["AuditResult", "ItemSummary", "audit"]


P = ParamSpec("P")
R = TypeVar("R")


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


#: One finding not built yet: its row, its code, and the function and arguments that build it.
Pending = tuple[int, str, Callable[..., Finding], tuple[Any, ...]]


class FindingRows(Sequence[Finding]):
    """The audit's findings, built when first read.

    An audit of a million records finds hundreds of thousands of problems; a caller that
    only needs the per-item summaries or the count per code (:meth:`codes`) never pays for
    the finding objects.  Reading any of them builds that one; iterating builds them all,
    in row order, once.
    """

    __slots__ = ("_built", "_pending")

    def __init__(self, pending: Sequence[Pending] = ()) -> None:
        self._pending = list(pending)
        self._built: list[Finding | None] = [None] * len(self._pending)

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> FindingRows:
        """Rows from findings already built."""
        rows = cls()
        for finding in findings:
            rows._pending.append((finding.location.line or 0, finding.code, _same, (finding,)))
            rows._built.append(finding)
        return rows

    def __len__(self) -> int:
        return len(self._pending)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...
    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        built = self._built[index]
        if built is None:
            _, _, make, args = self._pending[index]
            built = self._built[index] = make(*args)
        return built

    def __iter__(self) -> Iterator[Finding]:
        if self._unbuilt:
            self._build_all()
        return iter(cast(list[Finding], self._built))  # all built now

    @property
    def _unbuilt(self) -> bool:
        return any(finding is None for finding in self._built)

    def _build_all(self) -> None:
        """Build every finding at once (with the garbage collector paused, as the audit
        itself runs: hundreds of thousands of new objects would trigger it many times)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            built = self._built
            for index, (_, _, make, args) in enumerate(self._pending):
                if built[index] is None:
                    built[index] = make(*args)
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
        return Counter(code for _, code, _, _ in self._pending)


def _same(finding: Finding) -> Finding:
    return finding


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


def _ordinal(value: Any, cache: dict[Any, int | None]) -> int | None:
    """Date ordinal of a cell; ``None`` when empty; ``-1`` when not a date."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date().toordinal()
    if isinstance(value, datetime.date):
        return value.toordinal()
    hit = cache.get(value, 0)
    if hit != 0:
        return hit
    result = -1
    match = _DATE.match(str(value).strip())
    if match:
        try:
            result = datetime.date(*(int(g) for g in match.groups())).toordinal()
        except ValueError:
            result = -1
    cache[value] = result
    return result


#: Dates the calendar can use as a start or publication date (the last year is kept free
#: for deadlines running past the end of a record's year).
_FIRST = datetime.date(MIN_YEAR, 1, 1).toordinal()
_LAST = datetime.date(MAX_YEAR - 1, 12, 31).toordinal()

# --------------------------------------------------------------------------- plans


@attrs.frozen
class _Plan:
    """How to compute an item's deadline: ``mode`` w(orking)/c(alendar)/i(mmediate)/
    x (per record through :func:`deadline`)/n(one)."""

    mode: str
    n: int = 0
    limit: TimeLimit | None = None
    reason: Text | None = None


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


# --------------------------------------------------------------------------- audit


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
        close = difflib.get_close_matches(text, list(self.names), n=1, cutoff=0.4)
        if not close:
            return None
        return self.names[close[0]][1].id, close[0]


def _without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with the cyclic garbage collector paused.

    Building millions of acyclic objects otherwise triggers full collections again and
    again (the audit creates no reference cycles); the collector is restored afterwards.
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


@_without_gc
def audit(
    records: RecordTable | str | os.PathLike[str],
    catalogs: Sequence[Catalog],
    *,
    as_of: datetime.date | None = None,
    calendar: WorkCalendar | None = None,
) -> AuditResult:
    """Audit ``records`` (a :class:`RecordTable` or a file path) against ``catalogs``.

    ``catalogs`` should be resolved (complete) catalogs.  ``as_of`` (default today) decides
    which unpublished records are overdue.  File-level problems give a single GK509
    finding; row-level problems are findings with the row number, and the rest of the
    file is still audited.
    """
    as_of = as_of or datetime.date.today()
    cal = calendar or default_calendar()
    if isinstance(records, (str, os.PathLike)):
        path = os.fspath(records)
        try:
            records = _read_records(path, None, arrow=False)  # the csv module's reading
        except RecordsError as exc:
            finding = RECORDS_UNUSABLE.emit(reason=exc.message, reason_en=exc.message_en, file=path)
            return AuditResult(path, as_of, 0, (finding,), (), ())
    table = records
    file = table.file
    found: list[Pending] = [
        (row, BAD_DATE.code, _unreadable, (row, zh, en, file)) for row, zh, en in table.bad_rows
    ]
    accepted = _check_rows(table, _Items(catalogs), found)
    try:
        due = _deadlines(accepted, cal)
        summaries = _verdicts(accepted, due, as_of, cal, file, found)
    except CalendarError as exc:  # a deadline or the audit date outside the calendar
        finding = RECORDS_UNUSABLE.emit(reason=exc.message, reason_en=exc.message_en, file=file)
        return AuditResult(file, as_of, len(table), (finding,), (), ())
    domains: dict[str, list[int]] = {}
    for summary in summaries:
        total = domains.setdefault(summary.domain, [0] * 9)
        for n, value in enumerate(summary.counts()):
            total[n] += value
    domain_summaries = tuple(ItemSummary(d, None, None, *c) for d, c in sorted(domains.items()))
    found.sort(key=lambda pending: pending[0])
    return AuditResult(file, as_of, len(table), FindingRows(found), summaries, domain_summaries)


@attrs.define
class _Accepted:
    """Records that passed the row checks, column-wise."""

    index: list[int] = attrs.field(factory=list)
    rows: list[int] = attrs.field(factory=list)
    pairs: list[tuple[Catalog, Item]] = attrs.field(factory=list)
    formed: list[int] = attrs.field(factory=list)
    published: list[int | None] = attrs.field(factory=list)
    plans: list[_Plan] = attrs.field(factory=list)


def _check_rows(table: RecordTable, lookup: _Items, found: list[Pending]) -> _Accepted:
    """Row checks and item matching (pass 1)."""
    file = table.file
    items_col, formed_col = table.column("item"), table.column("formed")
    published_col, channel_col = table.column("published"), table.column("channel")
    domain_col, scope_col = table.column("domain"), table.column("scope")
    cache: dict[Any, int | None] = {}
    plans: dict[tuple[str, str, Any], _Plan] = {}
    channel_ok: dict[tuple[str, str, Any], bool] = {}
    suggestions: dict[str, tuple[str, str] | None] = {}
    out = _Accepted()
    for i, row in enumerate(table.rows):
        raw_item = items_col[i]
        if raw_item is None:
            found.append(
                (
                    row,
                    MISSING_FIELD.code,
                    _missing,
                    (
                        row,
                        "item",
                        "事项",
                        file,
                    ),
                )
            )
            continue
        text = str(raw_item).strip()
        pair = lookup.find(text, domain_col[i])
        if pair is None:
            if lookup.ambiguous(text):
                found.append(
                    (
                        row,
                        UNKNOWN_ITEM.code,
                        _ambiguous,
                        (
                            row,
                            text,
                            file,
                        ),
                    )
                )
                continue
            if text not in suggestions:
                suggestions[text] = lookup.suggest(text)
            found.append(
                (
                    row,
                    UNKNOWN_ITEM.code,
                    _unknown,
                    (
                        row,
                        text,
                        suggestions[text],
                        file,
                    ),
                )
            )
            continue
        catalog, item = pair
        f_ord = _ordinal(formed_col[i], cache)
        p_ord = _ordinal(published_col[i], cache)
        if f_ord is None:
            found.append(
                (
                    row,
                    MISSING_FIELD.code,
                    _missing,
                    (
                        row,
                        "formed",
                        "形成日期",
                        file,
                        item.id,
                    ),
                )
            )
            continue
        if not (_FIRST <= f_ord <= _LAST) and f_ord != -1:
            f_ord = -2
        if p_ord is not None and not (_FIRST <= p_ord <= _LAST) and p_ord != -1:
            p_ord = -2
        if f_ord < 0 or (p_ord is not None and p_ord < 0):
            bad_formed = f_ord < 0
            key, value = (
                ("formed", formed_col[i]) if bad_formed else ("published", published_col[i])
            )
            out_of_range = (f_ord if bad_formed else p_ord) == -2
            found.append(
                (
                    row,
                    BAD_DATE.code,
                    _bad_date,
                    (
                        row,
                        key,
                        value,
                        file,
                        item.id,
                        out_of_range,
                    ),
                )
            )
            continue
        if p_ord is not None and p_ord < f_ord:
            found.append(
                (
                    row,
                    PUBLISHED_BEFORE_FORMED.code,
                    _before,
                    (
                        row,
                        formed_col[i],
                        published_col[i],
                        file,
                        item.id,
                    ),
                )
            )
            continue
        scope = scope_col[i]
        plan_key = (catalog.id, item.id, scope)
        plan = plans.get(plan_key)
        if plan is None:
            plan = plans[plan_key] = _plan(item.time_limit, scope)
        channel = channel_col[i]
        if channel is not None and item.channels:
            check_key = (catalog.id, item.id, channel)
            ok = channel_ok.get(check_key)
            if ok is None:
                keys = tuple(_channel_key(c) for c in item.channels)
                ok = channel_ok[check_key] = _channel_ok(str(channel), keys)
            if not ok:
                found.append(
                    (
                        row,
                        UNLISTED_CHANNEL.code,
                        _channel,
                        (
                            row,
                            str(channel),
                            item,
                            file,
                        ),
                    )
                )
        out.index.append(i)
        out.rows.append(row)
        out.pairs.append(pair)
        out.formed.append(f_ord)
        out.published.append(p_ord)
        out.plans.append(plan)
    return out


def _deadlines(accepted: _Accepted, cal: WorkCalendar) -> list[int | None]:
    """Deadline ordinals (pass 2): working-day plans in one bulk look-up, others singly."""
    due: list[int | None] = [None] * len(accepted.rows)
    working = [k for k, p in enumerate(accepted.plans) if p.mode == "w"]
    bulk = cal.add_working_days_bulk(
        [accepted.formed[k] for k in working], [accepted.plans[k].n for k in working]
    )
    for k, d in zip(working, bulk, strict=True):
        due[k] = d
    for k, plan in enumerate(accepted.plans):
        if plan.mode in ("w", "n"):
            continue
        if plan.mode == "i":
            due[k] = accepted.formed[k]
            continue
        start = datetime.date.fromordinal(accepted.formed[k])
        if plan.mode == "c":
            result = cal.add_calendar_days(start, plan.n)
        elif plan.limit is not None:
            result = deadline(start, plan.limit, cal)
        else:
            continue
        due[k] = result.date.toordinal() if result.date else None
    return due


def _provisional(cal: WorkCalendar, starts: list[int], ends: list[int]) -> list[bool]:
    """:meth:`WorkCalendar.provisional_bulk`, with the calendar's years loaded first (it
    reads the years already loaded, none when no working-day deadline was computed)."""
    if not starts:
        return []
    cal.working_days_between_bulk([min(starts)], [max(ends)])
    return cal.provisional_bulk(starts, ends)


def _verdicts(
    accepted: _Accepted,
    due: list[int | None],
    as_of: datetime.date,
    cal: WorkCalendar,
    file: str | None,
    found: list[Pending],
) -> tuple[ItemSummary, ...]:
    """Late, overdue, on time and pending (pass 3), with the per-item counts."""
    today = as_of.toordinal()
    late: list[tuple[int, int, int]] = []
    overdue: list[tuple[int, int, int]] = []
    computed: list[tuple[int, int]] = []
    for k, d in enumerate(due):
        if d is None:
            continue
        computed.append((k, d))
        p = accepted.published[k]
        if p is not None and p > d:
            late.append((k, d, p))
        elif p is None and today > d:
            overdue.append((k, d, today))
    delays = dict(
        zip(
            (k for k, _, _ in late),
            cal.working_days_between_bulk([d for _, d, _ in late], [p for _, _, p in late]),
            strict=True,
        )
    )
    overdue_by = dict(
        zip(
            (k for k, _, _ in overdue),
            cal.working_days_between_bulk([d for _, d, _ in overdue], [t for _, _, t in overdue]),
            strict=True,
        )
    )
    provisional = dict(
        zip(
            (k for k, _ in computed),
            _provisional(cal, [accepted.formed[k] for k, _ in computed], [d for _, d in computed]),
            strict=True,
        )
    )
    counts: dict[tuple[str, str], list[int]] = {}
    names: dict[tuple[str, str], str] = {}
    for k, (catalog, item) in enumerate(accepted.pairs):
        key = (catalog.domain, item.id)
        c = counts.get(key)
        if c is None:
            c = counts[key] = [0] * 9
            names[key] = item.name
        c[0] += 1
        published = accepted.published[k]
        if published is not None:
            c[1] += 1
        d = due[k]
        row = accepted.rows[k]
        if d is None:
            if c[6] == 0:
                found.append(
                    (
                        row,
                        NO_DEADLINE.code,
                        _no_deadline,
                        (
                            row,
                            item,
                            accepted.plans[k].reason,
                            file,
                        ),
                    )
                )
            c[6] += 1
            continue
        is_provisional = provisional.get(k, False)
        c[7] += is_provisional
        if k in delays:
            c[3] += 1
            c[8] += delays[k]
            assert published is not None
            found.append(
                (
                    row,
                    PUBLISHED_LATE.code,
                    _late,
                    (
                        row,
                        item,
                        d,
                        published,
                        delays[k],
                        is_provisional,
                        file,
                    ),
                )
            )
        elif k in overdue_by:
            c[4] += 1
            found.append(
                (
                    row,
                    OVERDUE.code,
                    _overdue,
                    (
                        row,
                        item,
                        d,
                        as_of,
                        overdue_by[k],
                        is_provisional,
                        file,
                    ),
                )
            )
        elif published is not None:
            c[2] += 1
        else:
            c[5] += 1
    return tuple(ItemSummary(d, i, names[(d, i)], *c) for (d, i), c in sorted(counts.items()))


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
