"""``gkstd deadline``: when must information formed on a date be published."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Sequence

import click

from gkstd.cli.common import echo_json, print_findings, t
from gkstd.cli.textfmt import say
from gkstd.model import Catalog, Item, TimeLimit
from gkstd.timing.calendar import (
    CalendarError,
    Convention,
    HolidayNotice,
    WorkCalendar,
    load_notices,
    packaged_notices,
)
from gkstd.timing.deadlines import deadline

__all__ = ["build_calendar", "calendar_options", "deadline_cmd", "parse_day", "resolve_catalogs"]


def parse_day(text: str, what: str = "--from") -> datetime.date:
    """A YYYY-MM-DD date within the working-day calendar's years, or a click error naming
    the option and the fix (a year the calendar cannot count in, such as 0001, was taken
    silently where it was not counted with)."""
    from gkstd.timing.calendar import CalendarError, check_year

    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            t(
                f"{text!r} 不是有效日期，请写成 YYYY-MM-DD，如 2026-02-10。",
                f"{text!r} is not a valid date; write YYYY-MM-DD, e.g. 2026-02-10.",
            ),
            param_hint=what,
        ) from None
    try:
        check_year(day.year)
    except CalendarError as exc:
        raise click.BadParameter(exc.text(), param_hint=what) from None
    return day


def calendar_options(func: click.decorators.FC) -> click.decorators.FC:
    """The working-day calendar options shared by ``deadline`` and ``audit``."""
    options = (
        click.option(
            "--holidays",
            multiple=True,
            type=click.Path(dir_okay=False, exists=True),
            help="放假安排文件（YAML，可多次给出）/ holiday notice file (YAML; repeatable).",
        ),
        click.option(
            "--region",
            default=None,
            help="地区（启用该地区的放假安排）/ region (its holiday notices apply).",
        ),
        click.option(
            "--count-start-day",
            is_flag=True,
            help="起算日计入期限 / count the start day in the limit.",
        ),
        click.option(
            "--no-roll",
            is_flag=True,
            help="自然日期限最后一日为休息日时不顺延 / do not move a calendar-day deadline "
            "that ends on a rest day to the next working day.",
        ),
    )
    for option in reversed(options):
        func = option(func)
    return func


def build_calendar(
    holidays: Sequence[str], region: str | None, count_start_day: bool, no_roll: bool
) -> WorkCalendar:
    """The calendar the options describe; exits with code 2 on a bad notice file."""
    notices: list[HolidayNotice] = []
    try:
        for path in holidays:
            notices.extend(load_notices(path))
    except CalendarError as exc:
        say(exc.text(), err=True)
        sys.exit(2)
    if region is not None:
        known = sorted({n.region for n in (*packaged_notices(), *notices) if n.region})
        if region not in known:  # a typo would silently give the national calendar
            listed = "、".join(known) or t("（无）", "(none)")
            say(
                t(
                    f"警告：没有地区“{region}”的放假安排（已有：{listed}），按全国安排计算；"
                    "地区的安排请用 --holidays 文件给出（region 字段）。",
                    f"Warning: no holiday notice for the region {region!r} (known: {listed}); "
                    "the national arrangement is used. Give a region's notices with --holidays "
                    "(the region field).",
                ),
                err=True,
            )
    return WorkCalendar(
        extra_notices=notices,
        region=region,
        convention=Convention(count_start_day=count_start_day, roll_forward=not no_roll),
    )


def resolve_catalogs(
    refs: Sequence[str], zh: str = "审计", en: str = "auditing against"
) -> list[Catalog]:
    """The resolved catalogs for ``refs`` (files, pack codes or aliases, ``-``; see
    :func:`gkstd.cli.catalog_cmd.input_workspace`); exits 2 if one is unusable."""
    from gkstd.cli.catalog_cmd import input_workspace, resolve_input

    ws, sources = input_workspace(refs)
    catalogs = []
    for source in sources:
        resolved = resolve_input(ws, source, zh, en)
        if resolved.catalog is None:
            print_findings(resolved.findings)
            sys.exit(2)
        catalogs.append(resolved.catalog)
    return catalogs


def _find_item(catalog_path: str, ref: str) -> Item:
    (catalog,) = resolve_catalogs([catalog_path], "查找事项", "looking up the item in")
    item = catalog.leaf(ref)
    if item is not None:
        return item
    named = [i.id for i in catalog.leaves_named(ref)]
    if len(named) > 1:  # the service and gkstd.deadline name an item the same way
        ids = "、".join(named)
        say(
            t(
                f"目录 {catalog_path} 中有 {len(named)} 个名为 {ref!r} 的事项（{ids}）；"
                "请用 --item 写其中一个的编号。",
                f"{len(named)} items of {catalog_path} are named {ref!r} ({', '.join(named)}); "
                "give one of their ids with --item.",
            ),
            err=True,
        )
        sys.exit(2)
    say(
        t(
            f"目录 {catalog_path} 中没有编号或名称为 {ref!r} 的事项。",
            f"No item with id or name {ref!r} in {catalog_path}.",
        ),
        err=True,
    )
    sys.exit(2)


@click.command("deadline")
@click.option(
    "--from",
    "start",
    required=True,
    help="起算日 YYYY-MM-DD（默认不计入期限）/ start date YYYY-MM-DD (not counted in the "
    "limit by default).",
)
@click.option(
    "--working-days",
    type=click.IntRange(0, 3660),
    default=None,
    help="期限为 N 个工作日 / a limit of N working days.",
)
@click.option(
    "--calendar-days",
    type=click.IntRange(0, 3660),
    default=None,
    help="期限为 N 个自然日 / a limit of N calendar days.",
)
@click.option("--item", "item_ref", default=None, help="事项编号或名称 / item id or name.")
@click.option(
    "--catalog",
    default=None,
    help="事项所在目录（文件、领域代码或别名，或 - 即标准输入）/ the catalog holding --item "
    "(a file, a pack code or alias, or - for standard input).",
)
@click.option(
    "--scope",
    default=None,
    help="分项时限中适用的一项 / the part of a compound time limit that applies.",
)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON.")
@calendar_options
def deadline_cmd(
    start: str,
    working_days: int | None,
    calendar_days: int | None,
    item_ref: str | None,
    catalog: str | None,
    scope: str | None,
    as_json: bool,
    holidays: Sequence[str],
    region: str | None,
    count_start_day: bool,
    no_roll: bool,
) -> None:
    """计算公开期限 / compute a disclosure deadline.

    给出 --working-days、--calendar-days，或 --item 与 --catalog（使用该事项的公开时限）。
    无法计算期限时（如长期公开）退出码为 1；输入有误为 2。

    / Give --working-days, --calendar-days, or --item with --catalog (the item's disclosure
    time limit is used). The exit code is 1 when no deadline can be computed (such as for
    information published on a standing basis), 2 when the input is wrong.
    """
    day = parse_day(start)
    given = [x is not None for x in (working_days, calendar_days, item_ref)]
    if sum(given) != 1 or (item_ref is not None) != (catalog is not None):
        raise click.UsageError(
            t(
                "请给出且只给出一种期限：--working-days N、--calendar-days N，或 --item 与 --catalog。",
                "Give exactly one of --working-days N, --calendar-days N, or --item with --catalog.",
            )
        )
    cal = build_calendar(holidays, region, count_start_day, no_roll)
    limit: TimeLimit | int | None
    if working_days is not None:
        limit = working_days
    elif calendar_days is not None:
        limit = TimeLimit.calendar(calendar_days)
    else:
        assert item_ref is not None
        assert catalog is not None
        limit = _find_item(catalog, item_ref).time_limit
    try:
        result = deadline(day, limit, cal, scope=scope)
    except CalendarError as exc:
        say(exc.text(), err=True)
        sys.exit(2)
    if as_json:
        echo_json(result.to_dict())
        sys.exit(0 if result.date is not None else 1)
    if result.date is None:
        say(t("无法计算期限：", "No deadline: ") + (result.reason.get() if result.reason else ""))
        sys.exit(1)
    line = result.date.isoformat()
    if result.provisional:
        line += t("  （暂定）", "  (provisional)")
    say(line)
    if result.reason:
        say(result.reason.get(), err=True)
