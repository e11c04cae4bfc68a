"""The working-day calendar (工作日历) behind every 公开时限 deadline.

Three layers decide whether a day is a working day (工作日):

1. **Holiday notices** (放假安排通知): a national notice for a year, from the packaged file
   ``gkstd/data/holiday-notices.yaml`` or from the caller's own YAML files, replaces
   everything below it for that year.  This is how a new year's 国办 notice is entered the
   day it is published.  A notice with a ``region`` (e.g. a 民族自治地方's own holidays,
   放假办法 第四条) is applied on top, only for a calendar built for that region.
2. **Official data** from the ``chinesecalendar`` package (2004 to its last release).
   Only its ``is_workday`` is used; its ``find_workday`` miscounts from a rest day.
3. **The statutory rule** for years with neither: Saturdays and Sundays, the 13 days of
   《全国年节及纪念日放假办法》第二条 (lunar dates from the ``holidays`` package), and a
   weekday 补假 for each holiday that falls on a weekend (第六条), given on the weekdays
   right after the holiday.  调休 make-up days cannot be foreseen, so every result that
   consults such a year is **provisional**, with the reason.

Counting follows :class:`Convention` (by default the start day is not counted, and a
calendar-day period ending on a rest day ends on the next working day).

For bulk use the calendar precomputes, per year, a prefix count of working days and the
list of working days, so a deadline is two array look-ups: no day-by-day loop per record.

Long module: the three layers of the calendar, the counting convention and the bulk
indices work on the same per-year arrays and belong together.
"""

from __future__ import annotations

import codecs
import datetime
import enum
import functools
import os
from array import array
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import yaml

from gkstd.diagnostics.arguments import expect
from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.readfiles import read_capped

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarError",
    "Convention",
    "Deadline",
    "HolidayNotice",
    "WorkCalendar",
    "YearBasis",
    "check_year",
    "default_calendar",
    "load_notices",
    "packaged_notices",
    "past_the_end",
    "statutory_days_off",
]

#: Years a calendar can cover.  chinesecalendar's data starts in 2004; earlier years need
#: a notice.  The statutory fallback applies the 2024 revision of the 放假办法.
MIN_YEAR = 2004
MAX_YEAR = 2099

_STATUTE = "《全国年节及纪念日放假办法》（2024年11月10日修订）第二条、第六条"


class CalendarError(GkstdError, ValueError):
    """A calendar problem the user must fix: bad notice file, or a date out of range.

    ``message`` is Chinese, ``message_en`` English; both name the file and place.
    """

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message, message_en)

    def bilingual(self) -> Text:
        """The message as bilingual :class:`~gkstd.diagnostics.i18n.Text`."""
        return Text(self.message, self.message_en)


class YearBasis(enum.Enum):
    """Where a year's working days come from."""

    NOTICE = "notice"
    OFFICIAL = "official"
    STATUTORY = "statutory"

    @property
    def provisional(self) -> bool:
        """True when the year's 调休 is unknown (statutory rule only)."""
        return self is YearBasis.STATUTORY


@attrs.frozen
class Convention:
    """How periods are counted (documented in ``docs/timelimits.md``).

    ``count_start_day``: count the start day itself (default no: 民法典 第二百零一条 and
    the usual reading of "自…之日起N个工作日内").  ``roll_forward``: a calendar-day period
    whose last day is a rest day ends on the next working day (民法典 第二百零三条).
    """

    count_start_day: bool = False
    roll_forward: bool = True


@attrs.frozen
class HolidayNotice:
    """One year's holiday arrangement (放假调休安排), national or for one region.

    ``off_days`` are days off (放假) and ``work_days`` make-up working days (调休上班).
    ``source`` names the notice (e.g. 国办发明电〔2025〕N号 and its URL).  ``origin`` is
    the file it was read from.
    """

    year: int
    source: str
    off_days: frozenset[datetime.date] = frozenset()
    work_days: frozenset[datetime.date] = frozenset()
    region: str | None = None
    origin: str | None = None


@attrs.frozen
class Deadline:
    """A computed deadline.

    ``provisional`` is true when a year without an official schedule was consulted;
    ``reason`` then says which and why, and also explains a deadline that could not be
    computed (``date`` is ``None``) or that rests on a default.
    """

    date: datetime.date | None
    provisional: bool = False
    reason: Text | None = None

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """``{"deadline": "YYYY-MM-DD" | None, "provisional": bool, "reason": str | None}``."""
        return {
            "deadline": self.date.isoformat() if self.date else None,
            "provisional": self.provisional,
            "reason": self.reason.get(lang) if self.reason else None,
        }


# --------------------------------------------------------------------------- notices


def _day_list(value: Any, where: str, origin: str) -> set[datetime.date]:
    if value is None:
        return set()
    if not isinstance(value, list):
        raise CalendarError(
            f"{origin}：{where} 应为日期列表，如 [2027-01-01, 2027-02-05..2027-02-11]。",
            f"{origin}: {where} must be a list of dates, e.g. [2027-01-01, 2027-02-05..2027-02-11].",
        )
    days: set[datetime.date] = set()
    for index, entry in enumerate(value):
        spot = f"{where}[{index}]"
        if isinstance(entry, datetime.date) and not isinstance(entry, datetime.datetime):
            days.add(entry)
            continue
        text = str(entry).strip()
        try:
            if ".." in text:
                first, last = (datetime.date.fromisoformat(p.strip()) for p in text.split(".."))
                if last < first:
                    raise ValueError
                days.update(first + datetime.timedelta(n) for n in range((last - first).days + 1))
            else:
                days.add(datetime.date.fromisoformat(text))
        except ValueError:
            raise CalendarError(
                f"{origin}：{spot} 的值 {text!r} 不是日期或日期范围；请写成 2027-01-01 或 "
                "2027-02-05..2027-02-11。",
                f"{origin}: {spot} = {text!r} is not a date or range; write 2027-01-01 or "
                "2027-02-05..2027-02-11.",
            ) from None
    return days


def _notice(entry: Any, index: int, origin: str) -> HolidayNotice:
    where = f"notices[{index}]"
    if not isinstance(entry, dict):
        raise CalendarError(
            f"{origin}：{where} 应为映射（year、source、off_days、work_days）。",
            f"{origin}: {where} must be a mapping (year, source, off_days, work_days).",
        )
    unknown = sorted(set(entry) - {"year", "source", "off_days", "work_days", "region"})
    if unknown:
        raise CalendarError(
            f"{origin}：{where} 有未知的键 {unknown}；可用的键：year、source、off_days、work_days、region。",
            f"{origin}: {where} has unknown keys {unknown}; allowed: year, source, off_days, "
            "work_days, region.",
        )
    year, source = entry.get("year"), entry.get("source")
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarError(
            f"{origin}：{where}.year 应为 {MIN_YEAR}–{MAX_YEAR} 之间的年份，实际为 {year!r}。",
            f"{origin}: {where}.year must be a year in {MIN_YEAR}–{MAX_YEAR}, got {year!r}.",
        )
    if not isinstance(source, str) or not source.strip():
        raise CalendarError(
            f"{origin}：{where}.source 必填：写明放假安排通知的名称、文号或网址。",
            f"{origin}: {where}.source is required: name the notice (title, number or URL).",
        )
    region = entry.get("region")
    if region is not None and (not isinstance(region, str) or not region.strip()):
        raise CalendarError(
            f"{origin}：{where}.region 应为地区名称（如 西藏自治区），或省略表示全国。",
            f"{origin}: {where}.region must be a region name, or omitted for national.",
        )
    off = _day_list(entry.get("off_days"), f"{where}.off_days", origin)
    work = _day_list(entry.get("work_days"), f"{where}.work_days", origin)
    for name, days in (("off_days", off), ("work_days", work)):
        stray = sorted(d for d in days if d.year != year)
        if stray:
            raise CalendarError(
                f"{origin}：{where}.{name} 含有不属于 {year} 年的日期 {stray[0]}；每年单独写一条。",
                f"{origin}: {where}.{name} has {stray[0]}, outside {year}; use one entry per year.",
            )
    both = sorted(off & work)
    if both:
        raise CalendarError(
            f"{origin}：{where} 中 {both[0]} 同时列为放假和上班。",
            f"{origin}: {where} lists {both[0]} both as a day off and as a working day.",
        )
    return HolidayNotice(year, source.strip(), frozenset(off), frozenset(work), region, origin)


#: The largest holiday notice file read (a year's notice is a few hundred bytes).
_NOTICE_BYTES = 4 * 1024 * 1024


class _NoDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date is reported with its value."""


_NoDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_notices(source: str | Path, *, origin: str | None = None) -> tuple[HolidayNotice, ...]:
    """Read holiday notices from a YAML file (or YAML text with ``origin`` given).

    The file holds ``notices:``, a list of ``{year, source, off_days, work_days, region}``;
    dates may be ``YYYY-MM-DD`` or ranges ``YYYY-MM-DD..YYYY-MM-DD``.  Raises
    :class:`CalendarError` naming the file and the entry for anything malformed.
    """
    expect(source, (str, os.PathLike), "load_notices(source)", ("路径或文本", "a path or text"))
    if origin is None:
        path = Path(source)
        origin = str(path)
        try:
            raw = read_capped(path, _NOTICE_BYTES)
        except OSError as exc:
            raise CalendarError(
                f"无法读取放假安排文件 {origin}：{os_reason(exc)[0]}。",
                f"Cannot read holiday notice file {origin}: {os_reason(exc)[1]}.",
            ) from None
        except (ValueError, UnicodeError):  # a NUL in the name, a name no system holds
            raise CalendarError(
                f"无法读取放假安排文件 {origin!r}：文件名无效。",
                f"Cannot read holiday notice file {origin!r}: invalid file name.",
            ) from None
        if len(raw) > _NOTICE_BYTES:
            raise CalendarError(
                f"放假安排文件 {origin} 超过 {_NOTICE_BYTES // 1024 // 1024} MB，不像放假安排；请检查文件。",
                f"The holiday notice file {origin} is over {_NOTICE_BYTES // 1024 // 1024} MB, "
                "not holiday notices; check the file.",
            )
        try:
            utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            text = raw.decode("utf-16" if utf16 else "utf-8-sig")  # Notepad's "Unicode" too
        except UnicodeDecodeError:
            raise CalendarError(
                f"{origin} 不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8。",
                f"{origin} is not UTF-8 (GBK?); save it as UTF-8.",
            ) from None
    else:
        text = str(source)
    try:
        data = yaml.load(text, Loader=_NoDatesLoader)
    except (RecursionError, ValueError, OverflowError) as exc:  # deep nesting, a huge number
        problem = (
            "嵌套过深" if isinstance(exc, RecursionError) else f"有无法读取的值（{str(exc)[:120]}）"
        )
        problem_en = (
            "nested too deeply"
            if isinstance(exc, RecursionError)
            else f"a value cannot be read ({str(exc)[:120]})"
        )
        raise CalendarError(f"{origin}：{problem}。", f"{origin}: {problem_en}.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else "某处"
        line_en = f"line {mark.line + 1}" if mark else "somewhere"
        raise CalendarError(
            f"{origin} {line}不是有效的 YAML：{getattr(exc, 'problem', exc)}。",
            f"{origin} {line_en} is not valid YAML: {getattr(exc, 'problem', exc)}.",
        ) from None
    if data is None:  # an empty file: what it was meant to hold is not there
        raise CalendarError(
            f"{origin}：文件是空的；放假安排文件应有 notices 列表（见 docs/timelimits.md）。",
            f"{origin}: the file is empty; a holiday notice file holds a notices list (see "
            "docs/timelimits.md).",
        )
    if not isinstance(data, dict) or not isinstance(data.get("notices"), list):
        keys = "、".join(map(str, list(data)[:5])) if isinstance(data, dict) else ""
        found = f"（文件中的键：{keys}）" if keys else ""
        found_en = f" (keys found: {', '.join(map(str, list(data)[:5]))})" if keys else ""
        raise CalendarError(
            f"{origin}：顶层应为映射，含 notices 列表{found}。",
            f"{origin}: the top level must be a mapping with a notices list{found_en}.",
        )
    return tuple(_notice(e, i, origin) for i, e in enumerate(data.get("notices") or []))


@functools.cache
def packaged_notices() -> tuple[HolidayNotice, ...]:
    """The notices shipped with gkstd (``gkstd/data/holiday-notices.yaml``)."""
    ref = resources.files("gkstd").joinpath("data/holiday-notices.yaml")
    return load_notices(ref.read_text(encoding="utf-8"), origin="gkstd/data/holiday-notices.yaml")


# --------------------------------------------------------------------------- layers


@functools.cache
def _official_years() -> frozenset[int]:
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - a declared dependency
        return frozenset()
    years = set()
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        try:
            chinese_calendar.is_workday(datetime.date(year, 6, 1))
        except NotImplementedError:
            continue
        years.add(year)
    return frozenset(years)


def _flags(year: int, workday: Callable[[datetime.date], bool]) -> bytearray:
    """One byte per day of ``year``: 1 where ``workday`` says so."""
    first = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - first).days
    return bytearray(workday(first + datetime.timedelta(n)) for n in range(days))


def _official_flags(year: int) -> bytearray:
    import chinese_calendar

    return _flags(year, chinese_calendar.is_workday)


_STATUTORY_NAMES = (
    "New Year's Day",
    "Chinese New Year's Eve",
    "Chinese New Year (Spring Festival)",
    "Tomb-Sweeping Day",
    "Labor Day",
    "Dragon Boat Festival",
    "Mid-Autumn Festival",
    "National Day",
)


@functools.cache
def statutory_days_off(year: int) -> frozenset[datetime.date]:
    """Holidays and 补假 of ``year`` under the statutory rule alone (no 调休).

    第二条's 13 days (lunar dates from the ``holidays`` package), and for each holiday
    that falls on a Saturday or Sunday one 补假 on the next free weekday after that
    holiday's run of days (第六条).
    """
    import holidays

    table = holidays.country_holidays("CN", years=year, language="en_US")
    statutory = sorted(d for d, name in table.items() if name in _STATUTORY_NAMES)
    off = set(statutory)
    runs: list[list[datetime.date]] = []
    for day in statutory:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        owed = sum(1 for d in run if d.weekday() >= 5)
        day = run[-1]
        while owed:
            day += datetime.timedelta(1)
            if day.weekday() < 5 and day not in off:
                off.add(day)
                owed -= 1
    return frozenset(d for d in off if d.year == year)


def _statutory_flags(year: int) -> bytearray:
    off = statutory_days_off(year)
    return _flags(year, lambda day: day.weekday() < 5 and day not in off)


def _notice_flags(year: int, notice: HolidayNotice) -> bytearray:
    return _flags(
        year,
        lambda day: (day.weekday() < 5 and day not in notice.off_days) or day in notice.work_days,
    )


# --------------------------------------------------------------------------- calendar


def _day(value: object, where: str) -> None:
    """An :class:`ArgumentError` unless ``value`` is a date."""
    expect(
        value,
        datetime.date,
        where,
        ("日期（datetime.date）", "a date (datetime.date)"),
        (
            '文本日期请先转换，如 datetime.date.fromisoformat("2026-01-01")',
            'convert text first, e.g. datetime.date.fromisoformat("2026-01-01")',
        ),
    )


def _days(value: object, where: str) -> None:
    """An :class:`ArgumentError` unless ``value`` is a whole number of days."""
    expect(value, int, where, ("整数天数", "a whole number of days"))


def check_year(year: int) -> None:
    """Raise :class:`CalendarError` for a year the calendar cannot count in."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarError(
            f"日期超出工作日历的范围（{MIN_YEAR}–{MAX_YEAR} 年）：{year} 年。",
            f"Date outside the working-day calendar ({MIN_YEAR}–{MAX_YEAR}): {year}.",
        )


def past_the_end() -> CalendarError:
    """The error of a deadline that falls after the calendar's last year."""
    return CalendarError(
        f"期限超出工作日历的范围（{MAX_YEAR} 年以后）。",
        f"The deadline falls after {MAX_YEAR}, outside the calendar.",
    )


class WorkCalendar:
    """Working days for deadline arithmetic; see the module documentation.

    ``notices`` default to the packaged ones; pass ``extra_notices`` to add your own (a
    national notice replaces a year, a notice for ``region`` adjusts it).  ``official``
    turns the chinesecalendar layer off (useful to test the fallback).
    """

    def __init__(
        self,
        notices: Iterable[HolidayNotice] | None = None,
        *,
        extra_notices: Iterable[HolidayNotice] = (),
        region: str | None = None,
        convention: Convention | None = None,
        official: bool = True,
    ) -> None:
        self.region = region
        self.convention = convention or Convention()
        self._official = _official_years() if official else frozenset()
        all_notices = [*(packaged_notices() if notices is None else notices), *extra_notices]
        for n, notice in enumerate(all_notices):
            expect(
                notice,
                HolidayNotice,
                f"WorkCalendar(notices/extra_notices)[{n}]",
                ("放假安排 HolidayNotice", "a HolidayNotice"),
                (
                    "放假安排文件用 load_notices(路径) 读取",
                    "read a notices file with load_notices(path)",
                ),
            )
        self._national: dict[int, HolidayNotice] = {}
        self._regional: dict[int, list[HolidayNotice]] = {}
        for notice in all_notices:
            if notice.region is None:
                self._national[notice.year] = notice  # later files win
            elif notice.region == region:
                self._regional.setdefault(notice.year, []).append(notice)
        self._flags: dict[int, bytearray] = {}
        self._lo = self._hi = 0
        self._base = 0
        self._cum = array("i")
        self._work = array("i")

    # -- year layers -------------------------------------------------------------------

    def basis(self, year: int) -> YearBasis:
        """Where ``year``'s working days come from."""
        if year in self._national:
            return YearBasis.NOTICE
        if year in self._official:
            return YearBasis.OFFICIAL
        return YearBasis.STATUTORY

    def _year_flags(self, year: int) -> bytearray:
        flags = self._flags.get(year)
        if flags is None:
            basis = self.basis(year)
            if basis is YearBasis.NOTICE:
                flags = _notice_flags(year, self._national[year])
            elif basis is YearBasis.OFFICIAL:
                flags = _official_flags(year)
            else:
                flags = _statutory_flags(year)
            first = datetime.date(year, 1, 1).toordinal()
            for notice in self._regional.get(year, ()):
                for day in notice.off_days:
                    flags[day.toordinal() - first] = 0
                for day in notice.work_days:
                    flags[day.toordinal() - first] = 1
            self._flags[year] = flags
        return flags

    def _ensure(self, lo: int, hi: int) -> None:
        """Make the index cover the years ``lo``..``hi`` (inclusive)."""
        if self._cum and self._lo <= lo and hi <= self._hi:
            return
        check_year(lo)
        check_year(hi)
        if self._cum:
            lo, hi = min(lo, self._lo), max(hi, self._hi)
        cum = array("i", [0])
        work = array("i")
        base = datetime.date(lo, 1, 1).toordinal()
        count = 0
        for year in range(lo, hi + 1):
            flags = self._year_flags(year)
            first = datetime.date(year, 1, 1).toordinal()
            for n, flag in enumerate(flags):
                if flag:
                    count += 1
                    work.append(first + n)
                cum.append(count)
        self._lo, self._hi, self._base, self._cum, self._work = lo, hi, base, cum, work

    def _cover(self, ordinal: int, extra_years: int = 0) -> None:
        year = datetime.date.fromordinal(ordinal).year
        check_year(year)  # the end is clamped to MAX_YEAR below: a start past it is not
        self._ensure(min(year, self._lo or year), min(MAX_YEAR, year + extra_years))

    # -- single days -------------------------------------------------------------------

    def is_workday(self, day: datetime.date) -> bool:
        """True when ``day`` is a working day (调休 make-up days included)."""
        _day(day, "WorkCalendar.is_workday(day)")
        check_year(day.year)
        return bool(self._year_flags(day.year)[day.timetuple().tm_yday - 1])

    def provisional_years(self, first: datetime.date, last: datetime.date) -> list[int]:
        """Years between ``first`` and ``last`` (inclusive) that use the statutory rule."""
        return [y for y in range(first.year, last.year + 1) if self.basis(y).provisional]

    def provisional_reason(self, years: Sequence[int]) -> Text | None:
        """Why a result touching the statutory ``years`` is provisional (None if none)."""
        if not years:
            return None
        listed = "、".join(str(y) for y in years)
        listed_en = ", ".join(str(y) for y in years)
        return Text(
            f"{listed}年尚无官方放假安排，按{_STATUTE}推算（调休未知），结果为暂定；"
            "国务院办公厅通知发布后请补充放假安排文件。",
            f"No official holiday schedule for {listed_en}: computed from the statutory "
            "holidays only (make-up days unknown), so the result is provisional; add the "
            "State Council notice once it is published.",
        )

    # -- periods -----------------------------------------------------------------------

    def add_working_days(self, start: datetime.date, n: int) -> Deadline:
        """The ``n``-th working day after ``start`` (the start day per the convention)."""
        _day(start, "WorkCalendar.add_working_days(start)")
        _days(n, "WorkCalendar.add_working_days(n)")
        if n < 0:  # CalendarError is a ValueError too
            raise CalendarError(
                f"工作日数应不小于 0，实际为 {n}。",
                f"The number of working days must be ≥ 0, not {n}.",
            )
        ordinal = self._add_working(start.toordinal(), n)
        end = datetime.date.fromordinal(ordinal)
        touched = self.provisional_years(start + datetime.timedelta(1), end) if n else []
        return Deadline(end, bool(touched), self.provisional_reason(touched))

    def _add_working(self, start: int, n: int) -> int:
        if n == 0:
            return start
        self._cover(start, 1 + n // 240)
        while True:
            index = start - self._base + (0 if self.convention.count_start_day else 1)
            k = self._cum[index] + n - 1
            if k < len(self._work):
                return self._work[k]
            if self._hi >= MAX_YEAR:
                raise past_the_end()
            self._ensure(self._lo, min(MAX_YEAR, self._hi + 1 + n // 240))

    def add_calendar_days(self, start: datetime.date, n: int) -> Deadline:
        """``n`` calendar days after ``start``; rolled to a working day per the convention."""
        _day(start, "WorkCalendar.add_calendar_days(start)")
        _days(n, "WorkCalendar.add_calendar_days(n)")
        if n < 0:
            raise CalendarError(
                f"日数应不小于 0，实际为 {n}。", f"The number of days must be ≥ 0, not {n}."
            )
        if n > (MAX_YEAR - MIN_YEAR + 1) * 366:  # past the calendar, whatever the start
            raise past_the_end()
        nominal = start + datetime.timedelta(n - 1 if self.convention.count_start_day and n else n)
        end = nominal
        if self.convention.roll_forward and not self.is_workday(nominal):
            end = datetime.date.fromordinal(self._add_working(nominal.toordinal(), 1))
        touched = self.provisional_years(nominal, end) if self.convention.roll_forward else []
        return Deadline(end, bool(touched), self.provisional_reason(touched))

    def working_days_between(self, first: datetime.date, last: datetime.date) -> int:
        """Working days in (``first``, ``last``]; negative when ``last`` is earlier."""
        _day(first, "WorkCalendar.working_days_between(first)")
        _day(last, "WorkCalendar.working_days_between(last)")
        if last < first:
            return -self.working_days_between(last, first)
        self._ensure(min(first.year, self._lo or first.year), max(last.year, self._hi))
        return (
            self._cum[last.toordinal() - self._base + 1]
            - self._cum[first.toordinal() - self._base + 1]
        )

    # -- bulk --------------------------------------------------------------------------

    def add_working_days_bulk(self, starts: Sequence[int], n: Sequence[int]) -> list[int]:
        """Deadlines for many records at once, as date ordinals (``date.toordinal()``).

        ``starts[i]`` plus ``n[i]`` working days; the index is built once for the whole
        range, then each record is two array look-ups.
        """
        if not starts:
            return []
        first, last = min(starts), max(starts)
        self._ensure(
            min(datetime.date.fromordinal(first).year, self._lo or MAX_YEAR),
            min(MAX_YEAR, datetime.date.fromordinal(last).year + 1 + max(n) // 240),
        )
        shift = (0 if self.convention.count_start_day else 1) - self._base
        cum, work = self._cum, self._work
        try:
            return [
                work[cum[s + shift] + k - 1] if k else s for s, k in zip(starts, n, strict=True)
            ]
        except IndexError:
            return [self._add_working(s, k) for s, k in zip(starts, n, strict=True)]

    def working_days_between_bulk(self, firsts: Sequence[int], lasts: Sequence[int]) -> list[int]:
        """:meth:`working_days_between` for many ordinal pairs at once."""
        if not firsts:
            return []
        lo = min(min(firsts), min(lasts))
        hi = max(max(firsts), max(lasts))
        self._ensure(
            min(datetime.date.fromordinal(lo).year, self._lo or MAX_YEAR),
            max(datetime.date.fromordinal(hi).year, self._hi),
        )
        cum, shift = self._cum, 1 - self._base
        return [cum[b + shift] - cum[a + shift] for a, b in zip(firsts, lasts, strict=True)]

    def provisional_bulk(self, starts: Sequence[int], ends: Sequence[int]) -> list[bool]:
        """For each ordinal pair: does (start, end] touch a provisional year?"""
        if not self._lo:  # nothing computed yet: no year loaded, none provisional
            return [False] * len(starts)
        ranges = [
            (datetime.date(y, 1, 1).toordinal(), datetime.date(y, 12, 31).toordinal())
            for y in range(self._lo, self._hi + 1)
            if self.basis(y).provisional
        ]
        if not ranges:
            return [False] * len(starts)
        return [
            any(lo <= e and s < hi for lo, hi in ranges) for s, e in zip(starts, ends, strict=True)
        ]


@functools.cache
def default_calendar() -> WorkCalendar:
    """A shared national calendar with the packaged notices and the default convention."""
    return WorkCalendar()
