"""``gkstd check``: check a whole folder of catalogs (tables and documents) at once, score
every jurisdiction and domain, and write the reports a supervisor sends on.

The command only formats :class:`gkstd.batch.BatchReport` (see docs/guide-batch.md).

Long module: the one command's many options and outputs (text lines, rankings, findings by
code, the streamed national run) are written here, each by a small function.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from gkstd.cli.batch_compare import change_cell, print_comparison
from gkstd.cli.batch_outputs import renderer, say_html_cut, write_lines
from gkstd.cli.batch_verdict import colour_wanted, exit_with, print_verdict
from gkstd.cli.common import JOBS, KNOWN_GAP, echo_json, echo_json_pieces, t, where, write
from gkstd.cli.progress import progress_bar, stderr_is_terminal
from gkstd.cli.reports import refuse_outputs, write_reports
from gkstd.cli.textfmt import (
    display_width,
    one_line,
    pad,
    printable,
    say,
    table,
)
from gkstd.diagnostics.collector import collector_paused
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import current_language

if TYPE_CHECKING:
    from gkstd.batch import BatchReport
    from gkstd.distributed import StreamedReport

#: the file a document read from standard input is checked as (named ``<stdin>`` after)
STDIN_FILE = "stdin.yaml"

#: report files by suffix
REPORT_KINDS = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".json": "json"}


def _pct(value: Any) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _stdin_paths(tmp: str) -> list[str]:
    """``-``: standard input holds either a list of paths (one per line) or one gkstd
    document (then checked as ``stdin.yaml``)."""
    from gkstd.diagnostics import limits

    cap = limits.get("max_document_bytes")
    data = sys.stdin.buffer.read(cap + 1)
    if len(data) > cap:
        raise click.UsageError(
            t(
                f"标准输入超过 {cap:,} 字节的上限（GKSTD_LIMIT_MAX_DOCUMENT_BYTES）。"
                "请把文件路径列表或目录文件另存后再检查。",
                f"Standard input exceeds the {cap:,}-byte limit "
                "(GKSTD_LIMIT_MAX_DOCUMENT_BYTES). Pass the files' paths instead.",
            )
        )
    text = data.decode("utf-8-sig", errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if any(line.startswith(("gkstd:", "{")) for line in lines[:50]):
        path = os.path.join(tmp, STDIN_FILE)
        with open(path, "wb") as handle:
            handle.write(data)
        return [path]
    return lines


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="标准输出的格式：文字（默认）或整个报告的 JSON / format of standard output: text "
    "(default) or the whole report as JSON.",
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="文件.html|.xlsx|.json / FILE.html|.xlsx|.json",
    help="写出报告（可多次）：HTML 网页、Excel 工作簿或 JSON / write a report (repeatable): "
    "an HTML page, an Excel workbook or JSON.",
)
@click.option(
    "--html-catalogs",
    "html_most",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="HTML 报告最多逐一列出的目录数（默认 3000，只列最需要关注的；0 = 全部，目录很多时浏览器打开很慢）"
    " / catalogs the HTML report lists one by one (default 3000, those needing attention "
    "most; 0: all, slow to open when there are many).",
)
@click.option(
    "--scoring",
    metavar="方案.yaml / SCHEME.yaml",
    help="评分方案（默认见 docs/scoring.md）/ the scoring scheme (default: see docs/scoring.md).",
)
@click.option(
    "--parents",
    metavar="对应表.yaml / MAP.yaml",
    help="下级表格与批次中上级目录的对应表 / which catalog of the batch is each table's parent.",
)
@click.option(
    "--compare",
    "earlier_file",
    metavar="上次.json / EARLIER.json",
    default=None,
    help="与上次检查的 JSON 报告（--report 结果.json）比较：排名和各目录得分的升降、新增和减少 / "
    "compare with an earlier check's JSON report (--report out.json): rises and falls in the "
    "rankings and in each catalog's score, what is new and what is gone.",
)
@JOBS
@click.option(
    "--scheduler",
    metavar="地址|local / ADDRESS|local",
    default=None,
    help="在 Dask 集群上检查：调度器地址，或 local（本机 --jobs 个进程）；需要 gkstd[distributed] "
    "/ check on a Dask cluster: a scheduler address, or local (--jobs processes on this "
    "machine); needs gkstd[distributed].",
)
@click.option(
    "--jsonl",
    metavar="文件.jsonl / FILE.jsonl",
    default=None,
    help="把每个文件的结果逐行写成 JSON Lines；与 --scheduler 同用时边检查边写，不在内存中保留各文件结果"
    "（全国规模）/ write each file's result as a JSON line; with --scheduler, streamed as the "
    "partitions finish, without holding the results (national scale).",
)
@click.option("--quiet", "-q", is_flag=True, help="只输出结论 / only the verdict.")
@click.option("--verbose", "-v", is_flag=True, help="列出每条问题 / list every finding.")
@click.option("--force", is_flag=True, help="覆盖已有的报告文件 / overwrite existing reports.")
def check_cmd(
    paths: Sequence[str],
    fmt: str,
    reports: Sequence[str],
    html_most: int | None,
    scoring: str | None,
    parents: str | None,
    earlier_file: str | None,
    jobs: int | None,
    scheduler: str | None,
    jsonl: str | None,
    quiet: bool,
    verbose: bool,
    force: bool,
) -> None:
    """批量检查文件夹中的全部目录，逐个评分并排名 / check every catalog in folders, score each and rank them.

    文件夹会逐层查找；表格（xlsx/xls/et/ods/csv、Word 的 docx）像 gkstd import 一样即时导入并检查，目录文件像
    gkstd validate 一样校验；不是目录的文件列出原因，不中断检查。

    / Folders are searched at every depth; tables (xlsx/xls/et/ods/csv, Word docx) are
    imported on the fly and checked as gkstd import does, catalog files are validated as
    gkstd validate does; files that are not catalogs are listed with the reason, and the
    check goes on.

    "-" 从标准输入读取路径列表（每行一个）或一个目录文件。

    / "-" reads a list of paths (one per line) or one catalog file from standard input.

    退出码同 validate：0 全部通过，1 有错误，2 有无法使用的文件。

    / Exit codes as for validate: 0 all passed, 1 errors, 2 a file cannot be used.
    """
    from gkstd.batch import (
        EarlierReportError,
        ParentMapError,
        SchemeError,
        check,
        default_jobs,
        load_earlier,
        load_parent_map,
        load_scheme,
    )

    if quiet and verbose:
        raise click.UsageError(t("--quiet 和 --verbose 只能选一个。", "Give --quiet or --verbose."))
    kinds = []
    for out in reports:
        kind = REPORT_KINDS.get(Path(out).suffix.lower())
        if kind is None:
            raise click.UsageError(
                t(
                    f"报告 {out} 的扩展名应为 .html、.xlsx 或 .json。",
                    f"Report {out}: the name must end in .html, .xlsx or .json.",
                )
            )
        kinds.append(kind)
    if jsonl == "-":
        raise click.UsageError(
            t(
                "--jsonl 需要一个文件名（不写到标准输出：屏幕上的排名和结论会与结果混在一起）；"
                "要在标准输出得到全部结果，请用 --format json。",
                "--jsonl needs a file name (not standard output, where the rankings and the "
                "verdict would mix with the lines); for every result on standard output use "
                "--format json.",
            )
        )
    if earlier_file == "-":
        raise click.UsageError(
            t(
                "--compare 需要上次 JSON 报告的文件名（不从标准输入读取）。",
                "--compare needs the earlier JSON report's file name (not standard input).",
            )
        )
    if jsonl is not None and scheduler and reports:
        raise click.UsageError(
            t(
                "--jsonl 与 --scheduler 同用时结果边检查边写出、不保留在内存中，无法再生成 --report 报告；"
                "请去掉 --report，或不用 --jsonl（结果全部取回后再写报告）。",
                "With --scheduler, --jsonl streams the results without keeping them, so no "
                "--report can be written; drop --report, or --jsonl (the results are then "
                "gathered and the reports written).",
            )
        )
    try:
        scheme = load_scheme(scoring) if scoring else None
        mapping = load_parent_map(parents) if parents else None
        earlier = load_earlier(earlier_file) if earlier_file else None
    except (SchemeError, ParentMapError, EarlierReportError) as exc:
        say(exc.text(), err=True)
        sys.exit(2)
    refuse_outputs([*reports, *([jsonl] if jsonl else [])], force=force)
    if jsonl is not None and scheduler:
        _stream_cmd(paths, jsonl, scheduler, jobs, scheme, mapping, fmt, quiet, earlier)
        return
    with tempfile.TemporaryDirectory(prefix="gkstd-check-") as tmp:
        given = [p for p in paths if p != "-"]
        if "-" in paths:
            given += _stdin_paths(tmp)
        show = fmt == "text" and not quiet and stderr_is_terminal()
        with progress_bar(show, ("个文件", " files"), ("检查", "checking")) as tell:
            if scheduler:  # a Dask cluster (gkstd.distributed): the same report
                from gkstd.distributed import run_cli_check

                report = run_cli_check(
                    given,
                    scheduler=scheduler,
                    jobs=jobs,
                    scheme=scheme,
                    parents=mapping,
                    progress=tell,
                )
            else:  # the default registry: the workers build the same one
                report = check(
                    given,
                    scheme=scheme,
                    parents=mapping,
                    jobs=jobs or default_jobs(),
                    progress=tell,
                    catalogs=False,  # the reports read only each catalog's head
                )
        report = _named_stdin(report, os.path.join(tmp, STDIN_FILE))
        if earlier is not None:
            report = report.compared(earlier)
        inputs = [str(r.path) for r in report.files]
        kind_of = dict(zip(reports, kinds, strict=True))
        with collector_paused():  # many small objects, all kept until written
            write_reports(
                reports,
                lambda out: renderer(report, kind_of[out], out, html_most),
                inputs,
                force=force,
                apart=lambda out: kind_of[out] == "xlsx",  # the slowest: written meanwhile
            )
        if jsonl is not None:  # each file's result, one line each (as --scheduler streams)
            write(lambda path: write_lines(report, path), jsonl, inputs, force=force)
        say_html_cut(
            report,
            [r for r in reports if kind_of[r] == "html"],
            html_most,
            [r for r in reports if kind_of[r] != "html"] + ([jsonl] if jsonl else []),
        )
    if fmt == "json":
        echo_json_pieces(report.parts())
    else:
        _print_text(report, quiet=quiet, verbose=verbose)
    if not report.files:
        say(
            t(
                "没有找到可检查的目录（表格 xlsx/xls/et/ods/csv/docx 或 gkstd 目录文件）。请检查路径。",
                "No catalog found to check (tables xlsx/xls/et/ods/csv/docx or gkstd documents). "
                "Check the paths.",
            ),
            err=True,
        )
        sys.exit(2)
    exit_with(report, any(r.report.unusable for r in report.files))


def _stream_cmd(
    paths: Sequence[str],
    jsonl: str,
    scheduler: str,
    jobs: int | None,
    scheme: Any,
    mapping: Any,
    fmt: str,
    quiet: bool,
    earlier: Any = None,
) -> None:
    """``gkstd check --scheduler ADDRESS --jsonl FILE``: the results streamed to ``FILE``
    (:func:`gkstd.distributed.check` with ``out``); printed: the rankings, what was not
    checked and the verdict, or the summary as JSON."""
    from gkstd.diagnostics.errors import GkstdError
    from gkstd.distributed import StreamedReport, check

    if "-" in paths:
        raise click.UsageError(
            t(
                "--scheduler --jsonl 不从标准输入读取；请给出文件夹或文件路径。",
                "--scheduler --jsonl does not read standard input; give folders or files.",
            )
        )
    show = fmt == "text" and not quiet and stderr_is_terminal()
    try:
        with progress_bar(show, ("个文件", " files"), ("检查", "checking")) as tell:
            report = check(
                paths,
                scheduler=scheduler,
                jobs=jobs,
                scheme=scheme,
                parents=mapping,
                out=jsonl,
                progress=tell,
            )
    except GkstdError as exc:
        say(exc.text(), err=True)
        sys.exit(2)
    assert isinstance(report, StreamedReport)
    if earlier is not None:
        report = report.compared(earlier)
    several = report.sources < report.files  # a workbook of several catalog sheets
    say(
        t(
            f"已逐行写入 {jsonl}（{report.files:,} 个目录的结果，来自 {report.sources:,} 个文件）。"
            if several
            else f"已逐行写入 {jsonl}（{report.files:,} 个文件的结果）。",
            f"Wrote {jsonl} ({report.files:,} catalogs' results from {report.sources:,} files, "
            "one line each)."
            if several
            else f"Wrote {jsonl} ({report.files:,} files' results, one line each).",
        ),
        err=True,
    )
    if fmt == "json":
        echo_json(report.to_dict())
    else:
        if not quiet:
            _print_ranking(report)
            if report.comparison is not None:
                print_comparison(report.comparison)
        print_verdict(
            report, report.files, report.passed_files, quiet=quiet, sources=report.sources
        )
    exit_with(report, not report.files or report.unusable > 0)


def _named_stdin(report: BatchReport, path: str) -> BatchReport:
    """The report with the temporary file of a document from standard input named
    ``<stdin>`` (the temporary file is gone when the reports are read)."""
    import attrs

    files = []
    for result in report.files:
        if str(result.path) != path:
            files.append(result)
            continue
        findings = tuple(
            attrs.evolve(f, location=attrs.evolve(f.location, file="<stdin>"))
            if f.location.file == path
            else f
            for f in result.report.findings
        )
        card = result.scorecard
        files.append(
            attrs.evolve(
                result,
                path=Path("<stdin>"),
                report=attrs.evolve(result.report, findings=findings),
                scorecard=attrs.evolve(card, file="<stdin>") if card is not None else None,
            )
        )
    return attrs.evolve(report, files=tuple(files))


def _print_text(report: BatchReport, *, quiet: bool, verbose: bool) -> None:
    if not quiet:
        _print_files(report, colour_wanted())
        _print_ranking(report)
        if report.comparison is not None:
            print_comparison(report.comparison)
        _print_codes(report)
        if verbose:
            _print_findings(report)
    passed = sum(1 for r in report.files if r.passed)
    sources = len({str(f.path) for f in report.files})
    print_verdict(report, len(report.files), passed, quiet=quiet, sources=sources)


def _print_files(report: BatchReport, colour: bool) -> None:
    from gkstd.batch.naming import sheet_label

    rows = []
    for result in report.files:
        card = result.scorecard
        s = result.stats
        name = one_line(sheet_label(str(result.path), result.sheet))
        if card is None or not card.usable:
            unusable = t("（无法使用）", "(unusable)")
            rows.append([name, unusable, "-", "-", "-", "-", str(s.errors), "-"])
            continue
        rows.append(
            [
                name,
                t(card.jurisdiction, card.jurisdiction_en),
                t(card.level, card.level_en) or "-",
                t(card.domain_name or card.domain, card.domain_name_en or card.domain),
                f"{card.score:.1f}",
                t(card.grade, card.grade_en or card.grade),
                str(s.errors),
                str(s.warnings),
            ]
        )
    head = [t("文件", "file"), t("本级政府", "government"), t("层级", "level")]
    head += [t("领域", "domain"), t("得分", "score"), t("等次", "grade")]
    head += [t("错误", "errors"), t("警告", "warnings")]
    if not rows:
        return
    rows = [[printable(cell) for cell in row] for row in rows]  # escaped, then laid out
    text = table(head, rows)
    if colour:  # red error counts; the table is laid out (and escaped) before colouring
        lines = text.splitlines()
        for i, row in enumerate(rows, 2):
            if row[6] not in ("0", "-"):
                lines[i] = lines[i].replace(
                    f"  {row[6]}  ", "  " + click.style(row[6], fg="red") + "  ", 1
                )
        click.echo("\n".join(lines), color=True)
    else:
        say(text)


def _print_ranking(report: BatchReport | StreamedReport) -> None:
    found = report.comparison
    for kind, title, rollups in (
        ("jurisdiction", t("按本级政府排名", "Ranking by government"), report.by_jurisdiction),
        ("domain", t("按领域排名", "Ranking by domain"), report.by_domain),
    ):
        if not rollups:
            continue
        say("")
        say(title)
        head = [t("名次", "rank"), t("名称", "name"), t("目录数", "catalogs")]
        head += [t("平均得分", "mean score"), t("等次", "grade"), t("覆盖率", "coverage")]
        rows = [
            [
                str(r.rank),
                t(r.name, r.name_en or r.name),
                str(r.catalogs),
                f"{r.score:.1f}",
                t(r.grade, r.grade_en or r.grade),
                _pct(r.coverage),
            ]
            for r in rollups
        ]
        if found is not None:  # the change since the earlier check, last
            head.append(t("较上次", "change"))
            for row, r in zip(rows, rollups, strict=True):
                row.append(change_cell(found.change_of(kind, r.key)))  # type: ignore[arg-type]
        say(table(head, rows))


def _counted_en(severity: Severity, n: int) -> str:
    """``n`` findings of ``severity`` in English words (the Chinese is ``severity.label``)."""
    return f"{n} {'notice' if severity is Severity.INFO else severity.value}(s)"


def _print_codes(report: BatchReport) -> None:
    """Findings by code with counts (by severity when a code has several: GK201 is an
    error, a warning or a notice as the parent's levels allow), then the totals; known
    gaps one line per pack."""
    severities: dict[str, Counter[Severity]] = defaultdict(Counter)
    titles: dict[str, str] = {}
    gaps: Counter[str] = Counter()
    for result in report.files:
        for finding in result.report.findings:
            if finding.code == KNOWN_GAP:
                pack = result.scorecard.domain_name if result.scorecard else ""
                gaps[pack or finding.rule_pack] += 1
                continue
            severities[finding.code][finding.severity] += 1
            titles.setdefault(finding.code, _title(finding.code))
    if severities:
        codes = {code: counted.total() for code, counted in severities.items()}
        say("")
        say(t("按问题代码统计", "Findings by code"))
        width = max(display_width(c) for c in codes)
        for code, count in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0])):
            split = ""
            if len(severities[code]) > 1:
                parts = [
                    (f"{s.label} {n}", _counted_en(s, n))
                    for s, n in sorted(severities[code].items(), key=lambda sn: -sn[0].weight)
                ]
                split = t(
                    "（" + "、".join(zh for zh, _ in parts) + "）",
                    " (" + ", ".join(en for _, en in parts) + ")",
                )
            say(f"  {pad(code, width)}  {count:>6}  {titles[code]}{split}")
        total = Counter[Severity]()
        for counted in severities.values():
            total.update(counted)
        e, w, i = total[Severity.ERROR], total[Severity.WARNING], total[Severity.INFO]
        say(
            t(
                f"  合计：错误 {e} 条，警告 {w} 条，提示 {i} 条（已知缺口另计）。",
                f"  In all: {e} error(s), {w} warning(s), {i} notice(s) (known gaps apart).",
            )
        )
    if gaps:
        say("")
        for pack, count in sorted(gaps.items()):
            say(
                t(
                    f"已知缺口（{pack}）：{count} 条提示，领域包的国家目录数据不全，不影响是否通过"
                    "（gkstd domains 查看完整度）。",
                    f"Known gaps ({pack}): {count} notice(s); the pack's national data is "
                    "incomplete; the verdict is not affected (see gkstd domains).",
                )
            )


def _title(code: str) -> str:
    from gkstd.api import registry

    rule = registry().rules.get(code)
    return rule.title.get() if rule is not None else ""


def _print_findings(report: BatchReport) -> None:
    from gkstd.batch.naming import sheet_label

    lang = current_language()
    for result in report.files:
        found = [f for f in result.report.findings if f.code != KNOWN_GAP]
        if not found:
            continue
        say("")
        say(sheet_label(str(result.path), result.sheet))
        for f in found:
            sev = f.severity.label if lang == "zh" else f.severity.value
            say(f"  {where(f)}  {f.code}  {pad(sev, 7)}  {f.text(lang)}")
