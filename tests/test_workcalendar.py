"""Working-day calendar and deadlines: reference vectors, properties, notices, CLI."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.cli.main import cli
from gkstd.model import TimeLimit
from gkstd.timing.calendar import (
    CalendarError,
    Convention,
    HolidayNotice,
    WorkCalendar,
    YearBasis,
    load_notices,
    packaged_notices,
    statutory_days_off,
)
from gkstd.timing.limits import parse

D = datetime.date

#: law.md §2.5, official 2025/2026 schedules, start day excluded.
VECTORS = [
    (D(2026, 2, 10), 20, D(2026, 3, 16)),
    (D(2026, 2, 13), 1, D(2026, 2, 14)),
    (D(2026, 2, 14), 1, D(2026, 2, 24)),
    (D(2026, 3, 7), 1, D(2026, 3, 9)),
    (D(2025, 9, 26), 20, D(2025, 10, 30)),
    (D(2025, 12, 31), 2, D(2026, 1, 5)),
    (D(2026, 9, 18), 20, D(2026, 10, 22)),
    (D(2026, 4, 30), 15, D(2026, 5, 25)),
]


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize(("start", "n", "expected"), VECTORS)
def test_reference_vectors(cal: WorkCalendar, start: D, n: int, expected: D) -> None:
    result = cal.add_working_days(start, n)
    assert result.date == expected
    assert not result.provisional
    assert result.reason is None
    assert gkstd.deadline(start, n, cal).date == expected


def test_year_without_schedule_is_provisional(cal: WorkCalendar) -> None:
    result = cal.add_working_days(D(2026, 12, 15), 20)
    assert result.date == D(2027, 1, 13)
    if cal.basis(2027) is YearBasis.STATUTORY:  # until a 2027 notice or data is installed
        assert result.provisional
        assert result.reason is not None
        assert "2027" in result.reason.zh
    pinned = WorkCalendar(official=False, notices=packaged_notices())
    assert pinned.basis(2025) is YearBasis.STATUTORY
    assert pinned.basis(2026) is YearBasis.NOTICE
    assert pinned.add_working_days(D(2026, 12, 15), 20).provisional


@pytest.mark.parametrize(
    ("start", "nominal_rolled"),
    [(D(2026, 1, 27), D(2026, 2, 24)), (D(2026, 9, 12), D(2026, 10, 8))],
)
def test_calendar_days_roll_forward(cal: WorkCalendar, start: D, nominal_rolled: D) -> None:
    # 预算法 第十四条: 20 日; a last day that is a rest day moves to the next working day
    assert cal.add_calendar_days(start, 20).date == nominal_rolled
    plain = WorkCalendar(convention=Convention(roll_forward=False))
    assert plain.add_calendar_days(start, 20).date == start + datetime.timedelta(20)
    budget = parse("本级人民代表大会或其常务委员会批准后20日内")
    assert gkstd.deadline(start, budget, cal).date == nominal_rolled


def test_count_start_day_convention() -> None:
    counted = WorkCalendar(convention=Convention(count_start_day=True))
    assert counted.add_working_days(D(2026, 3, 9), 1).date == D(2026, 3, 9)  # a Monday
    assert counted.add_working_days(D(2026, 3, 7), 1).date == D(2026, 3, 9)  # a Saturday


def test_packaged_2026_notice_agrees_with_chinesecalendar() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    notice_only = WorkCalendar(official=False)
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert notice_only.is_workday(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(1)


def test_statutory_rule_gives_bu_jia_for_weekend_holidays() -> None:
    off = statutory_days_off(2027)
    # 春节 2027: 除夕 2/5 (Fri) to 初三 2/8; 2/6–2/7 fall on a weekend → 补假 2/9, 2/10
    assert {D(2027, 2, d) for d in range(5, 11)} <= off
    # 国庆 10/1–3 2027 (Fri–Sun) → 补假 10/4, 10/5
    assert {D(2027, 10, d) for d in range(1, 6)} <= off
    assert D(2027, 10, 6) not in off
    assert len([d for d in off if d.month == 5]) == 4  # 5/1–2 (Sat, Sun) + two 补假


# --------------------------------------------------------------------------- properties

_DAYS = st.dates(min_value=D(2005, 1, 1), max_value=D(2029, 12, 31))
_N = st.integers(min_value=0, max_value=300)


@pytest.mark.slow
@given(_DAYS, _DAYS, _N)
def test_monotone_in_start(a: D, b: D, n: int) -> None:
    cal = WorkCalendar()
    first, second = sorted((a, b))
    assert cal.add_working_days(first, n).date <= cal.add_working_days(second, n).date  # type: ignore[operator]


@given(_DAYS, _N, _N)
def test_monotone_in_n(start: D, n: int, m: int) -> None:
    cal = WorkCalendar()
    small, large = sorted((n, m))
    assert cal.add_working_days(start, small).date <= cal.add_working_days(start, large).date  # type: ignore[operator]


@given(_DAYS, _N, _N)
def test_n_then_m_equals_n_plus_m(start: D, n: int, m: int) -> None:
    cal = WorkCalendar()
    middle = cal.add_working_days(start, n).date
    assert middle is not None
    assert cal.add_working_days(middle, m).date == cal.add_working_days(start, n + m).date


@given(_DAYS, _N)
def test_provisional_exactly_when_a_year_without_data_is_touched(start: D, n: int) -> None:
    # 2028 gets a (test) notice: 2027 and 2029 have no data, 2028 has
    notice = HolidayNotice(2028, "test notice", frozenset({D(2028, 1, 3)}))
    cal = WorkCalendar(extra_notices=[notice])
    result = cal.add_working_days(start, n)
    assert result.date is not None
    touched = {start.year + k for k in range(result.date.year - start.year + 1)}
    if n == 0:
        touched = set()
    elif result.date.year > start.year and start == D(start.year, 12, 31):
        touched.discard(start.year)
    without = {y for y in touched if cal.basis(y) is YearBasis.STATUTORY}
    assert result.provisional == bool(without)


@pytest.mark.slow
@settings(max_examples=30)
@given(st.lists(st.tuples(_DAYS, _N), min_size=1, max_size=50))
def test_bulk_equals_single(pairs: list[tuple[D, int]]) -> None:
    cal = WorkCalendar()
    bulk = cal.add_working_days_bulk([s.toordinal() for s, _ in pairs], [n for _, n in pairs])
    single = [cal.add_working_days(s, n).date for s, n in pairs]
    assert [D.fromordinal(o) for o in bulk] == single


@pytest.mark.slow
@given(_DAYS, _DAYS)
def test_working_days_between_inverts_addition(a: D, b: D) -> None:
    cal = WorkCalendar()
    first, last = sorted((a, b))
    n = cal.working_days_between(first, last)
    if n:
        end = cal.add_working_days(first, n).date
        assert end is not None
        assert end <= last
        assert cal.working_days_between(end, last) == 0


# --------------------------------------------------------------------------- deadlines


def test_deadline_kinds(cal: WorkCalendar) -> None:
    start = D(2026, 2, 10)
    assert gkstd.deadline(start, None, cal).date == D(2026, 3, 16)
    default = gkstd.deadline(start, parse("及时公开"), cal)
    assert default.date == D(2026, 3, 16)
    assert default.reason
    assert "第二十六条" in default.reason.zh
    assert gkstd.deadline(start, parse("实时公开"), cal).date == start
    assert gkstd.deadline(start, parse("长期公开"), cal).date is None
    assert gkstd.deadline(D(2026, 1, 5), parse("每年1月31日前"), cal).date == D(2026, 2, 2)
    quarterly = parse("每季度首月20日前")
    assert gkstd.deadline(D(2026, 2, 1), quarterly, cal).date == D(2026, 4, 20)
    assert gkstd.deadline(start, parse("提前一周发通知邀请"), cal).date is None
    compound = parse("1.除处罚决定外其他内容：长期公开；2.处罚决定：20个工作日内")
    assert gkstd.deadline(start, compound, cal).date is None
    assert gkstd.deadline(start, compound, cal, scope="处罚决定").date == D(2026, 3, 16)
    main_part = parse(
        "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示"
    )
    assert gkstd.deadline(start, main_part, cal).date == D(2026, 3, 16)
    assert gkstd.deadline(start, TimeLimit.calendar(20), cal).date == D(2026, 3, 2)


def test_dates_outside_the_calendar_raise_a_clear_error(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarError, match="2003"):
        cal.add_working_days(D(2003, 6, 1), 5)


# --------------------------------------------------------------------------- notices


def test_notice_file_extends_a_year_and_a_region(tmp_path: Path) -> None:
    path = tmp_path / "notices.yaml"
    path.write_text(
        "notices:\n"
        "  - year: 2027\n"
        "    source: 测试通知\n"
        "    off_days: [2027-01-01, 2027-02-05..2027-02-11]\n"
        "    work_days: [2027-02-13]\n"
        "  - year: 2027\n"
        "    region: 某自治州\n"
        "    source: 某自治州条例\n"
        "    off_days: [2027-03-01]\n",
        encoding="utf-8",
    )
    notices = load_notices(path)
    national = WorkCalendar(extra_notices=notices)
    assert national.basis(2027) is YearBasis.NOTICE
    assert not national.add_working_days(D(2026, 12, 15), 20).provisional
    assert national.is_workday(D(2027, 2, 13))
    assert not national.is_workday(D(2027, 2, 8))
    assert national.is_workday(D(2027, 3, 1))
    regional = WorkCalendar(extra_notices=notices, region="某自治州")
    assert not regional.is_workday(D(2027, 3, 1))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("notices: [{year: 2027, off_days: [2027-01-01]}]", "source"),
        ("notices: [{year: 2027, source: x, off_days: [2027-13-01]}]", "2027-13-01"),
        ("notices: [{year: 2027, source: x, off_days: [2026-01-01]}]", "2026-01-01"),
        ("notices: [{year: 2027, source: x, holidays: []}]", "holidays"),
        (
            "notices: [{year: 2027, source: x, off_days: [2027-01-02], work_days: [2027-01-02]}]",
            "2027-01-02",
        ),
        ("notices: [oops", "YAML"),
        ("- 1\n- 2\n", "notices"),
        # a misspelt key was taken for "no notices", silently
        ("notice:\n  - year: 2027\n", "含 notices 列表（文件中的键：notice）"),
        ("a: " + "9" * 5000 + "\n", "无法读取的值"),
        ("[" * 50_000, "嵌套过深"),
    ],
)
def test_bad_notice_files_name_file_and_place(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarError) as info:
        load_notices(path)
    assert str(path) in info.value.message
    assert str(path) in info.value.message_en
    assert message in info.value.message


def test_gbk_notice_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("notices:\n  - year: 2027\n    source: 国务院办公厅通知\n".encode("gbk"))
    with pytest.raises(CalendarError, match="UTF-8"):
        load_notices(path)


# --------------------------------------------------------------------------- CLI


def test_cli_deadline_text_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["deadline", "--from", "2026-02-10", "--working-days", "20"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2026-03-16"
    result = runner.invoke(
        cli, ["deadline", "--from", "2026-01-27", "--calendar-days", "20", "--json"]
    )
    assert json.loads(result.output) == {
        "deadline": "2026-02-24",
        "provisional": False,
        "reason": None,
    }


def test_cli_deadline_from_an_item() -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "deadline",
            "--from",
            "2026-03-02",
            "--item",
            "budgets.government-budget",
            "--catalog",
            "budgets-and-final-accounts",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["deadline"] == "2026-03-23"


@pytest.mark.parametrize(
    "args",
    [
        ["deadline", "--from", "2026-02-30", "--working-days", "3"],
        ["deadline", "--from", "2026-02-10"],
        ["deadline", "--from", "2026-02-10", "--working-days", "3", "--calendar-days", "3"],
        ["deadline", "--from", "2026-02-10", "--item", "x", "--catalog", "municipal-services"],
    ],
)
def test_cli_deadline_bad_input(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_fresh_calendar_answers_provisional_bulk() -> None:
    """No year computed yet: nothing is provisional (it used to build year 0 and crash)."""
    assert WorkCalendar().provisional_bulk([738000], [738010]) == [False]


def test_calendar_errors_are_gkstd_errors() -> None:
    with pytest.raises(gkstd.GkstdError) as caught:
        WorkCalendar().add_working_days(datetime.date(2099, 12, 1), 400)
    assert caught.value.message_en
    assert caught.value.text("zh") == caught.value.message


@pytest.mark.parametrize("day", ["0001-01-01", "2003-12-31", "2100-01-01", ""])
def test_a_day_outside_the_calendar_is_refused_by_every_option(day: str) -> None:
    """``audit --as-of 0001-01-01`` (or ``''``, taken for today) was accepted silently
    while 2100 was refused: every date option takes the calendar's years only."""
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    records = Path(__file__).parent.parent / "examples" / "synthetic-records-municipal-services.csv"
    runner = CliRunner()
    audited = runner.invoke(
        cli, ["audit", str(records), "--catalog", "municipal-services", "--as-of", day]
    )
    counted = runner.invoke(cli, ["deadline", "--from", day, "--working-days", "5"])
    for result, option in ((audited, "--as-of"), (counted, "--from")):
        assert result.exit_code == 2, result.output
        assert option in result.output


def test_cli_deadline_of_a_name_two_items_share_lists_their_ids(tmp_path: Path) -> None:
    """It said no item had that name."""
    leaf = (
        "    time_limit: 5个工作日内\n    content: [a]\n    basis: [{title: 城镇燃气管理条例}]\n"
        "    subject: s\n    method: 主动\n    channels: [政府网站]\n    audience: 全社会\n"
        "    levels: [县级]\n"
    )
    catalog = tmp_path / "c.yaml"
    catalog.write_text(
        'gkstd: "1.0"\nid: a/b\ndomain: municipal-services\ntitle: t\n'
        "jurisdiction: {name: 淄川区, level: 县级}\nextends: municipal-services\nitems:\n"
        "  - id: gas.x1\n    name: 同名事项\n"
        + leaf
        + "  - id: gas.x2\n    name: 同名事项\n"
        + leaf,
        "utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["deadline", "--from", "2026-03-02", "--item", "同名事项", "--catalog", str(catalog)],
        env={"GKSTD_LANG": "zh"},
    )
    assert result.exit_code == 2
    assert "有 2 个名为 '同名事项' 的事项（gas.x1、gas.x2）" in result.stderr


def test_an_empty_holiday_file_is_refused_and_a_utf16_one_read(tmp_path: Path) -> None:
    """An empty --holidays file was taken as no notices (the docs say a file without a
    notices list is refused); a UTF-16 one (Notepad's 'Unicode') was called maybe GBK."""
    from gkstd.timing.calendar import CalendarError, load_notices

    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    with pytest.raises(CalendarError, match="文件是空的"):
        load_notices(empty)
    text = (
        "notices:\n  - year: 2027\n    source: 国办发明电〔2026〕1号\n    off_days: [2027-01-01]\n"
    )
    wide = tmp_path / "wide.yaml"
    wide.write_bytes(text.encode("utf-16"))
    (notice,) = load_notices(wide)
    assert notice.year == 2027


def test_wrong_argument_types_are_argument_errors() -> None:
    from gkstd.diagnostics.arguments import ArgumentError
    from gkstd.inherit.workspace import Workspace

    with pytest.raises(ArgumentError, match=r"Workspace.forget\(paths\)"):
        Workspace().forget(5)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match=r"gkstd.deadline\(scope\)"):
        gkstd.deadline(datetime.date(2026, 3, 2), 5, scope=5)  # type: ignore[arg-type]


def test_a_region_no_notice_names_is_warned_about() -> None:
    """--region 火星 silently gave the national calendar."""
    result = CliRunner().invoke(
        cli,
        ["deadline", "--from", "2026-02-10", "--working-days", "20", "--region", "火星"],
        env={"GKSTD_LANG": "zh"},
    )
    assert result.exit_code == 0
    assert "没有地区“火星”的放假安排" in result.stderr
    assert result.stdout.strip().startswith("2026-03-16")
