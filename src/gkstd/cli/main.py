"""The ``gkstd`` command: the group, its global options, and the entry point.

Each subcommand lives in its own module and is imported only when it runs (or when its
own ``--help`` is asked for); ``gkstd --help`` lists the commands from :data:`COMMANDS`
without importing them, so start-up stays fast.  A test keeps :data:`COMMANDS` in sync
with the commands' own help texts.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Sequence

import click

from gkstd.cli.textfmt import say
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.i18n import Text

__all__ = ["COMMANDS", "cli", "main"]

#: Command name → (module, function, one-line help).  The help is the first line of the
#: command's docstring (Chinese / English).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "audit": (
        "gkstd.cli.audit_cmd",
        "audit_cmd",
        "审计公开记录是否按时、按渠道公开 / audit publication records against catalogs.",
    ),
    "columns": (
        "gkstd.cli.tables_cmd",
        "columns_cmd",
        "网站栏目方案：每个主动公开事项一个栏目 / website column plan (one per 主动 item).",
    ),
    "conformance": (
        "gkstd.cli.pack_cmd",
        "conformance_cmd",
        "对领域包运行一致性检查 / run the conformance suite on packs (CODE … or all).",
    ),
    "deadline": (
        "gkstd.cli.deadline_cmd",
        "deadline_cmd",
        "计算公开期限 / compute a disclosure deadline.",
    ),
    "derive": (
        "gkstd.cli.catalog_cmd",
        "derive",
        "生成裁剪起始文件（extends 上级目录）/ write a starter tailoring of PARENT.",
    ),
    "diff": (
        "gkstd.cli.catalog_cmd",
        "diff",
        "比较两个目录（两个版本，或下级与上级）/ compare two catalogs item by item.",
    ),
    "domains": (
        "gkstd.cli.info_cmd",
        "domains",
        "列出已安装的领域包 / list installed domain packs.",
    ),
    "export": (
        "gkstd.cli.tables_cmd",
        "export_cmd",
        "把目录导出为官方表格样式（xlsx/csv/md/html）/ export a catalog as a table.",
    ),
    "import": (
        "gkstd.cli.tables_cmd",
        "import_cmd",
        "把 Excel/CSV 标准目录表格导入为目录文档，并像 validate 一样检查 / import a catalog table.",
    ),
    "migrate": (
        "gkstd.cli.catalog_cmd",
        "migrate",
        "把文档另存为当前格式版本 / re-save a document in the current format version.",
    ),
    "new-pack": (
        "gkstd.cli.pack_cmd",
        "new_pack_cmd",
        "新建一个可单独安装的领域包 / scaffold a separately installable domain pack.",
    ),
    "pack-data": (
        "gkstd.cli.pack_cmd",
        "pack_data",
        "检查官方国家目录能否替换领域包数据 / check an official national table for a pack.",
    ),
    "resolve": (
        "gkstd.cli.catalog_cmd",
        "resolve",
        "输出继承后的完整目录 / write the complete (resolved) catalog.",
    ),
    "rule": (
        "gkstd.cli.info_cmd",
        "rule_cmd",
        "显示一条规则的说明 / show one rule's documentation.",
    ),
    "rules": ("gkstd.cli.info_cmd", "rules", "列出全部规则 / list all rules."),
    "schema": (
        "gkstd.cli.catalog_cmd",
        "schema",
        "打印文档格式 1.0 的 JSON Schema / print the format 1.0 JSON Schema.",
    ),
    "show": (
        "gkstd.cli.catalog_cmd",
        "show",
        "打印领域包的国家标准目录 / print a pack's national catalog.",
    ),
    "validate": (
        "gkstd.cli.catalog_cmd",
        "validate_cmd",
        "校验目录文档（含上级目录链）/ validate catalog documents and their parent chains.",
    ),
}


def _t(zh: str, en: str) -> str:
    return Text(zh, en).get()


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module, attr, _ = entry
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        command.name = cmd_name
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Message language (default: GKSTD_LANG or zh). 输出语言。",
)
@click.option(
    "--disable",
    "disable",
    multiple=True,
    help="Disable a pack by entry-point name (repeatable). 停用领域包。",
)
@click.version_option(package_name="gkstd")
@click.pass_context
def cli(ctx: click.Context, lang: str | None, disable: Sequence[str]) -> None:
    """gkstd：基层政务公开标准目录校验工具 / checks government-disclosure catalogs."""
    saved = {name: os.environ.get(name) for name in ("GKSTD_LANG", "GKSTD_DISABLE_PACKS")}

    def restore() -> None:  # options apply to this invocation only
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    ctx.call_on_close(restore)
    if lang:
        os.environ["GKSTD_LANG"] = lang
    if disable:
        current = [p for p in os.environ.get("GKSTD_DISABLE_PACKS", "").split(",") if p]
        os.environ["GKSTD_DISABLE_PACKS"] = ",".join([*current, *disable])


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: runs the CLI and turns unexpected errors into exit code 3."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None, prog_name="gkstd", standalone_mode=True
        )
    except SystemExit:
        raise
    except GkstdError as exc:  # raised on purpose (e.g. a plugin failing in strict mode)
        if os.environ.get("GKSTD_DEBUG"):
            traceback.print_exc()
        say(exc.text(), err=True)
        sys.exit(2)
    except Exception as exc:  # pragma: no cover - defensive
        if os.environ.get("GKSTD_DEBUG"):
            traceback.print_exc()
        say(
            _t(
                f"gkstd 内部错误：{type(exc).__name__}: {exc}。请报告此问题（设置 GKSTD_DEBUG=1 查看详情）。",
                f"gkstd internal error: {type(exc).__name__}: {exc}. Please report it "
                "(GKSTD_DEBUG=1 shows details).",
            ),
            err=True,
        )
        sys.exit(3)
