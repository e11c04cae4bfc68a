"""``gkstd audit``: publication records checked against catalogs (formatting only)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
from collections.abc import Sequence

import click

from gkstd.audit import AuditResult, ItemSummary, audit
from gkstd.audit.check import FindingRows
from gkstd.cli.common import FORCE, JOBS, echo_json_pieces, t, write
from gkstd.cli.deadline_cmd import build_calendar, calendar_options, parse_day, resolve_catalogs
from gkstd.cli.textfmt import say, table
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import current_language
from gkstd.model import Catalog
from gkstd.timing.calendar import WorkCalendar

__all__ = ["audit_cmd"]


def _rate(summary: ItemSummary) -> str:
    rate = summary.on_time_rate
    return "-" if rate is None else f"{rate:.1%}"


def _delay(summary: ItemSummary) -> str:
    average = summary.average_delay
    return "-" if average is None else f"{average:.1f}"


def _summary_rows(summaries: Sequence[ItemSummary], *, items: bool) -> list[list[str]]:
    """Table rows: per item (domain, item id, item name, counts) or per domain."""
    return [
        [
            s.domain,
            *([s.item or "-", s.name or "-"] if items else []),
            str(s.records),
            str(s.on_time),
            str(s.late),
            str(s.overdue),
            str(s.pending),
            _rate(s),
            _delay(s),
        ]
        for s in summaries
    ]


def _print_text(result: AuditResult, tally: dict[Severity, int] | None = None) -> None:
    lang = current_language()
    for f in result.findings:
        sev = f.severity.label if lang == "zh" else f.severity.value
        say(f"{f.location.display()}  {f.code}  {sev}  {f.text(lang)}")
    if result.findings:
        say("")
    counts = [
        t("记录", "records"),
        t("按时", "on time"),
        t("迟延", "late"),
        t("逾期未公开", "overdue"),
        t("未到期", "pending"),
        t("按时率", "on-time rate"),
        t("平均延误(工作日)", "mean delay (working days)"),
    ]
    item_head = [t("领域", "domain"), t("事项编号", "item id"), t("事项名称", "item name")]
    say(table([*item_head, *counts], _summary_rows(result.items, items=True)))
    say("")
    domain_head = [t("领域", "domain")]
    say(table([*domain_head, *counts], _summary_rows(result.domains, items=False)))
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in result.findings if f.severity is Severity.WARNING)
    if tally is not None:  # the findings went to a file as they were found
        errors += tally[Severity.ERROR]
        warnings += tally[Severity.WARNING]
    say(
        t(
            f"\n截至 {result.as_of} 审计 {result.records} 条记录：错误 {errors}，警告 {warnings}。",
            f"\nAudited {result.records} record(s) as of {result.as_of}: {errors} error(s), "
            f"{warnings} warning(s).",
        )
    )


_CSV_HEAD = [
    "kind",
    "row",
    "code",
    "severity",
    "domain",
    "item",
    "name",
    "message",
    "records",
    "published",
    "on_time",
    "late",
    "overdue",
    "pending",
    "no_deadline",
    "provisional",
    "delay",
    "on_time_rate",
    "average_delay",
]


def _print_csv(result: AuditResult) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_CSV_HEAD)
    lang = current_language()
    for f in result.findings:
        loc = f.location
        head = ["finding", loc.line or "", f.code, f.severity.value, "", loc.item or "", ""]
        writer.writerow([*head, f.text(lang), *[""] * 11])
    for kind, summaries in (("item", result.items), ("domain", result.domains)):
        for s in summaries:
            rate = "" if s.on_time_rate is None else f"{s.on_time_rate:.4f}"
            delay = "" if s.average_delay is None else f"{s.average_delay:.2f}"
            counts = [
                s.records,
                s.published,
                s.on_time,
                s.late,
                s.overdue,
                s.pending,
                s.no_deadline,
                s.provisional,
                s.delay,
            ]
            head = [kind, "", "", "", s.domain, s.item or "", s.name or "", ""]
            writer.writerow([*head, *counts, rate, delay])
    # Excel and WPS on Chinese Windows read a CSV without a BOM as GBK: garbled Chinese.
    click.echo("\ufeff" + out.getvalue(), nl=False)


@click.command("audit")
@click.argument("records", type=click.Path(path_type=str))
@click.option(
    "--catalog",
    "catalog_refs",
    multiple=True,
    required=True,
    help="目录文件、领域代码或别名，或 -（标准输入）；可多次给出 / catalog file, pack code "
    "or alias, or - (standard input); repeatable.",
)
@click.option(
    "--as-of",
    default=None,
    help="审计日 YYYY-MM-DD（默认今天）/ audit date YYYY-MM-DD (default: today).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    help="输出格式：文字（默认）、JSON 或 CSV（带 BOM，可用 Excel 打开）/ text (default), JSON "
    "or CSV (with a BOM, for Excel).",
)
@calendar_options
@click.option(
    "--scheduler",
    metavar="地址|local / ADDRESS|local",
    default=None,
    help="在 Dask 集群上审计 Parquet 记录（文件或文件夹）：调度器地址，或 local（本机 --jobs 个进程）；"
    "需要 gkstd[distributed] / audit Parquet records (a file or a folder) on a Dask cluster: "
    "a scheduler address, or local (--jobs processes on this machine); needs "
    "gkstd[distributed].",
)
@JOBS
@click.option(
    "--findings-out",
    metavar="问题.jsonl / FINDINGS.jsonl",
    default=None,
    help="边审计边把每条问题写入 JSON Lines 文件（内存有界，适合上千万条记录；输出只列汇总）"
    " / write each finding to a JSON Lines file as it is found (bounded memory, for tens of "
    "millions of records); the output then lists the summaries only.",
)
@FORCE
def audit_cmd(
    records: str,
    catalog_refs: Sequence[str],
    as_of: str | None,
    fmt: str,
    holidays: Sequence[str],
    region: str | None,
    count_start_day: bool,
    no_roll: bool,
    scheduler: str | None,
    jobs: int | None,
    findings_out: str | None,
    force: bool,
) -> None:
    """审计公开记录是否按时、按渠道公开 / audit whether records were published on time and on the listed channels.

    RECORDS 为 CSV（UTF-8 或 GBK）、JSON Lines、XLSX 或 Parquet（文件或文件夹），列：item（事项编号或名称）、
    formed（形成或变更日期）、published（发布日期）、channel（渠道）、url（记录备查，不检查）、
    domain（领域，多个目录时区分同名事项）、scope（分项时限的适用项）。

    / RECORDS is CSV (UTF-8 or GBK), JSON Lines, XLSX or Parquet (a file or a folder) with
    the columns: item (item id or name), formed (date formed or changed), published (date
    published), channel, url (kept for reference, not checked), domain (tells items of the
    same name apart when there are several catalogs), scope (the part of a compound time
    limit that applies).

    退出码：0 没有错误级别的问题；1 有错误级别的问题；2 记录文件无法使用（GK509）、目录无法找到或解析、
    放假安排文件有误或选项无效。

    / Exit codes: 0 no error-level finding; 1 error-level findings; 2 the records file is
    unusable (GK509), a catalog cannot be found or resolved, a holiday notice file is wrong
    or an option is invalid.
    """
    day = parse_day(as_of, "--as-of") if as_of is not None else None  # ("": not a date)
    cal = build_calendar(holidays, region, count_start_day, no_roll)
    catalogs = resolve_catalogs(catalog_refs)
    if scheduler and findings_out:
        say(
            t(
                "--findings-out 只用于本机审计，不能与 --scheduler 同用。",
                "--findings-out works for an audit on this machine, not with --scheduler.",
            ),
            err=True,
        )
        sys.exit(2)
    tally: dict[Severity, int] | None = None
    if scheduler:  # Parquet partitions on a Dask cluster (gkstd.distributed): the same result
        from gkstd.distributed import DistributedError
        from gkstd.distributed import audit as dask_audit

        try:
            result = dask_audit(
                records, catalogs, as_of=day, calendar=cal, scheduler=scheduler, jobs=jobs
            )
        except DistributedError as exc:  # no Dask, no scheduler, not Parquet: exit 2
            say(exc.text(), err=True)
            sys.exit(2)
    else:
        if jobs:  # the CSV and Parquet readers' threads (pyarrow); the result is the same
            import pyarrow

            pyarrow.set_cpu_count(jobs)
        if findings_out:
            result, tally = _audit_to_file(records, catalogs, day, cal, findings_out, force)
        else:
            result = audit(records, catalogs, as_of=day, calendar=cal)
    if fmt == "json":  # a piece at a time: the findings of a million records are not held
        parts = list(result.parts())
        if tally is not None:
            parts += [
                ("findings_out", findings_out),
                ("finding_counts", {sev.value: n for sev, n in tally.items()}),
            ]
        echo_json_pieces(parts)
    elif fmt == "csv":
        _print_csv(result)
    else:
        _print_text(result, tally)
    if any(f.code == "GK509" for f in result.findings):
        sys.exit(2)
    if any(f.severity is Severity.ERROR for f in result.findings) or (tally or {}).get(
        Severity.ERROR
    ):
        sys.exit(1)


def _audit_to_file(
    records: str,
    catalogs: Sequence[Catalog],
    day: datetime.date | None,
    cal: WorkCalendar,
    output: str,
    force: bool,
) -> tuple[AuditResult, dict[Severity, int]]:
    """Audit with each chunk's findings written to ``output`` (JSON Lines, one finding's
    data a line) as they are found; the file appears only when the audit is done (never
    over the records, over another file only with ``--force``).  The result holds the
    summaries (and a GK509 that ended the run); the counts are by severity."""
    tally = dict.fromkeys(Severity, 0)
    done: list[AuditResult] = []

    def run(path: str) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:

            def sink(rows: FindingRows) -> None:
                for finding in rows:
                    tally[finding.severity] += 1
                    handle.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")

            done.append(audit(records, catalogs, as_of=day, calendar=cal, sink=sink))
        if any(f.code == "GK509" for f in done[0].findings):
            raise _Stopped  # the records could not all be read: no findings file at all

    try:
        write(run, output, inputs=[records], force=force)
    except _Stopped:
        say(
            t(
                f"记录无法完整读取，未写入 {output}。",
                f"The records could not all be read; {output} was not written.",
            ),
            err=True,
        )
    return done[0], tally


class _Stopped(Exception):
    """The audit ended early (GK509): the findings file is not written."""
