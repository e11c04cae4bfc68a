"""``gkstd check``: check a whole folder of catalogs (tables and documents) at once."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence

import click

from gkstd.cli.common import echo_json, t
from gkstd.cli.textfmt import say, table


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def check_cmd(paths: Sequence[str], fmt: str) -> None:
    """批量检查文件夹中的全部目录（表格和目录文件）/ check every catalog in folders and files.

    文件夹会逐层查找；表格（xlsx/xls/et/ods/csv）像 gkstd import 一样即时导入并检查，目录文件像
    gkstd validate 一样校验；不是目录的文件列出原因，不中断检查。退出码同 validate：0 全部通过，
    1 有错误，2 有无法使用的文件。
    """
    from gkstd.api import registry
    from gkstd.batch import check

    report = check(paths, registry=registry())
    if fmt == "json":
        echo_json(report.to_dict())
    else:
        rows = []
        for result in report.files:
            data = result.to_dict()
            s = result.stats
            rows.append(
                [
                    str(result.path),
                    data["jurisdiction"] or "-",
                    data["domain"] or "-",
                    str(s.errors),
                    str(s.warnings),
                    str(s.infos),
                    t("通过", "pass") if result.passed else t("未通过", "fail"),
                ]
            )
        head = [t("文件", "file"), t("本级政府", "government"), t("领域", "domain")]
        head += [t("错误", "errors"), t("警告", "warnings"), t("提示", "info"), ""]
        if rows:
            say(table(head, rows))
        codes = Counter(f.code for r in report.files for f in r.report.findings)
        if codes:
            say("")
            say(
                t("按代码统计：", "By code: ")
                + "，".join(f"{c} {n}" for c, n in sorted(codes.items()))
            )
        for skipped in report.skipped:
            say(t(skipped.zh, skipped.en), err=True)
        passed = sum(1 for r in report.files if r.passed)
        say("")
        say(
            t(
                f"共检查 {len(report.files)} 个文件，通过 {passed} 个；未检查 {len(report.skipped)} 个。"
                f"{'通过' if report.passed else '未通过'}",
                f"{len(report.files)} file(s) checked, {passed} passed; {len(report.skipped)} not "
                f"checked. {'pass' if report.passed else 'fail'}",
            )
        )
    if any(r.report.unusable for r in report.files):
        sys.exit(2)
    if not report.passed:
        sys.exit(1)
