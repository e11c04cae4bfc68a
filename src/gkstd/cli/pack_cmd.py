"""``gkstd conformance``, ``gkstd new-pack`` and ``gkstd pack-data`` (formatting only)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from gkstd import api
from gkstd.api import dump, registry
from gkstd.cli.common import FORCE, TEXT_OR_JSON, echo_json, print_findings, t, write
from gkstd.cli.docformat import document_format
from gkstd.cli.textfmt import say, table
from gkstd.diagnostics.i18n import current_language
from gkstd.packs.data import check_pack_data
from gkstd.packs.scaffold import ScaffoldError, new_pack, write_pack

__all__ = ["conformance_cmd", "new_pack_cmd", "pack_data"]

_MARKS = {"passed": "✓", "failed": "✗", "xfailed": "x", "xpassed": "!", "skipped": "-"}


@click.command("conformance")
@click.argument("packs", nargs=-1, required=True)
@click.option(
    "-n",
    "--examples",
    type=click.IntRange(1, 10_000),
    default=None,
    help="每项性质的 Hypothesis 样例数（默认 25）/ Hypothesis examples per property (default 25).",
)
@click.option(
    "--xfail",
    "xfail_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="已知问题清单（YAML：领域包、检查、原因）/ YAML list of known gaps (pack, check, reason).",
)
@click.option(
    "--check",
    "checks",
    multiple=True,
    help="只运行这项检查（可多次给出）/ run only this check (repeatable).",
)
@TEXT_OR_JSON
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="同时列出各项检查的说明 / also print each check's remarks.",
)
def conformance_cmd(
    packs: Sequence[str],
    examples: int | None,
    xfail_file: str | None,
    checks: Sequence[str],
    fmt: str,
    verbose: bool,
) -> None:
    """对领域包运行一致性检查 / run the conformance suite on packs (CODE … or all).

    全部领域包都符合时退出码为 0，有检查未通过为 1，用法错误为 2。

    / Exit 0 when every pack conforms, 1 when a check fails, 2 on a usage error.
    """
    try:
        import hypothesis  # noqa: F401  (the kit's properties need it)

        from gkstd.testing.conformance import (
            CHECK_IDS,
            DEFAULT_EXAMPLES,
            XfailFileError,
            load_xfail,
            run_conformance,
        )
    except ImportError as exc:
        say(
            t(
                f'一致性检查需要 testing 扩展（pip install "gkstd[testing]"）：{exc}',
                f'the conformance suite needs the testing extra (pip install "gkstd[testing]"): {exc}',
            ),
            err=True,
        )
        sys.exit(2)
    known = CHECK_IDS
    unknown = [c for c in checks if c not in known]
    if unknown:
        raise click.BadParameter(
            t(
                f"未知检查 {', '.join(unknown)}；可选：{', '.join(known)}",
                f"unknown check(s) {', '.join(unknown)}; known: {', '.join(known)}",
            ),
            param_hint="--check",
        )
    xfail = {}
    if xfail_file:
        try:
            xfail = load_xfail(xfail_file, packs=registry().packs)
        except XfailFileError as exc:
            say(str(exc), err=True)
            sys.exit(2)
    which: str | list[str] = "all" if "all" in packs else list(packs)
    from gkstd.cli.progress import progress_bar, stderr_is_terminal

    show = fmt == "text" and stderr_is_terminal()
    with progress_bar(show, ("项检查", " checks"), ("一致性检查", "conformance")) as tell:
        report = run_conformance(
            which,
            registry=registry(),
            examples=examples or DEFAULT_EXAMPLES,
            xfail=xfail,
            checks=checks or None,
            progress=tell,
        )
    if fmt == "json":
        echo_json(report.to_dict())
        sys.exit(0 if report.ok else 1)
    if not report.packs:
        say(t("没有安装任何领域包。", "No domain packs are installed."))
        sys.exit(1)
    header = [
        t(*h)
        for h in (
            ("领域包", "pack"),
            ("结果", "result"),
            ("通过", "passed"),
            ("失败", "failed"),
            ("已知问题", "xfailed"),
            ("跳过", "skipped"),
            ("用时", "time"),
            ("检查", "checks"),
        )
    ]
    rows = []
    for pack in report.packs:
        count = {s: sum(1 for r in pack.results if r.status == s) for s in _MARKS}
        failed = count["failed"] + count["xpassed"]
        rows.append(
            [
                pack.pack,
                t("通过", "ok") if pack.ok else t("未通过", "FAIL"),
                str(count["passed"]),
                str(failed),
                str(count["xfailed"]),
                str(count["skipped"]),
                f"{sum(r.seconds for r in pack.results):.1f}s",
                "".join(_MARKS[r.status] for r in pack.results),
            ]
        )
    say(table(header, rows))
    say(t("检查顺序：", "checks, in order: ") + " ".join(r.check for r in report.packs[0].results))
    say(
        t(
            "✓ 通过  ✗ 失败  x 已知问题  ! 已知问题已通过（请删除 xfail 项）  - 跳过",
            "✓ passed  ✗ failed  x known gap  ! known gap now passes (remove the entry)  - skipped",
        )
    )
    details = [
        (p.pack, r)
        for p in report.packs
        for r in p.results
        if r.status in ("failed", "xpassed", "skipped", "xfailed")
        or r.advice
        or (verbose and r.note)
    ]
    if details:
        say("")
    for code, result in details:
        text = result.message or result.note
        assert text is not None
        say(f"{code} [{result.check}] {result.status}: {text.get()}")
    sys.exit(0 if report.ok else 1)


@click.command("new-pack")
@click.argument("name")
@click.option(
    "--code",
    required=True,
    help="领域代码：以连字符连接的小写英文单词（如 civil-air-defence）/ domain code, "
    "lower-case words joined by hyphens (e.g. civil-air-defence).",
)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=None,
    help="领域包的目录（默认 ./gkstd-代码；须不存在或为空）/ where to create the pack "
    "(default: ./gkstd-CODE; must not exist or be empty).",
)
@click.option(
    "--prefix",
    default=None,
    help="规则代码前缀，2–6 个大写字母（默认取领域代码各词首字母）/ rule-code prefix, 2–6 "
    "capitals (default: the code's initials).",
)
@click.option(
    "--name-en",
    default=None,
    help="英文名称（默认由代码生成）/ English name (default: made from the code).",
)
@click.option(
    "--ministry",
    default=None,
    help="主管部门（默认留待填写）/ the ministry (default: left to fill in).",
)
def new_pack_cmd(
    name: str,
    code: str,
    directory: str | None,
    prefix: str | None,
    name_en: str | None,
    ministry: str | None,
) -> None:
    """新建一个可单独安装的领域包 / scaffold a separately installable domain pack.

    生成的领域包可用 ``pip install DIR`` 安装（编写期间可用可编辑模式安装），不作修改即可在该目录中
    通过 ``pytest``。

    / The pack installs with ``pip install DIR`` (or editable while writing it) and passes
    ``pytest`` there unedited.
    """
    target = Path(directory or f"gkstd-{code}")
    try:
        files = new_pack(
            name, code, prefix=prefix, name_en=name_en, ministry=ministry, registry=registry()
        )
        written = write_pack(files, target)
    except ScaffoldError as exc:
        say(t("错误：", "error: ") + str(exc), err=True)
        sys.exit(2)
    for path in written:
        say(str(path))
    say(
        t(
            f'\n已创建领域包 {code}。下一步：\n  cd {target}\n  pip install -e ".[test]"   # 编写期间；发布前请从 wheel 安装再测\n  pytest\n  gkstd domains',
            f'\nCreated pack {code}. Next:\n  cd {target}\n  pip install -e ".[test]"   # while writing; test from the wheel before publishing\n  pytest\n  gkstd domains',
        )
    )


@click.command("pack-data")
@click.argument("domain")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="检查通过时把目录写入此文件（如领域包的 data/national.yaml）/ where to write the "
    "catalog when the check passes (e.g. the pack's data/national.yaml).",
)
@FORCE
def pack_data(domain: str, path: str, output: str | None, force: bool) -> None:
    """检查官方国家目录能否替换领域包数据 / check whether an official national catalog can replace a pack's data."""
    reg = registry()
    pack = reg.pack(domain)
    if pack is None:
        say(t(f"未安装领域包 {domain}。", f"No pack {domain} is installed."), err=True)
        sys.exit(2)
    catalog, loaded = api.load(path, registry=reg)
    if catalog is None:
        print_findings(loaded.findings)
        sys.exit(2)
    # the file itself validated: each finding names its line (a Catalog object has none)
    result = check_pack_data(pack, catalog, api.validate(path, registry=reg))
    lang = current_language()
    for problem in result.problems:
        say(f"✗ {problem.get(lang)}", err=True)
    if result.diff is not None:
        stats = result.diff.to_dict()["stats"]
        say(
            t(
                f"与当前数据相比：新增 {stats['added']}，删除 {stats['removed']}，修改 {stats['changed']}。",
                f"Against the current data: {stats['added']} added, {stats['removed']} removed, "
                f"{stats['changed']} changed.",
            )
        )
    before = result.before.status if result.before else "-"
    say(
        t(
            f"完整度：{before} → {result.after.status}",
            f"Completeness: {before} → {result.after.status}",
        )
    )
    if not result.ok:
        sys.exit(1)
    if output is not None:  # a .json output is JSON (YAML there had been refused: GK004)
        write(dump(catalog, document_format(None, output)), output, inputs=(path,), force=force)
