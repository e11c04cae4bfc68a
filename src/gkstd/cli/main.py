"""The ``gkstd`` command: the group, its global options, and the entry point.

Each subcommand lives in its own module and is imported only when it runs (or when its
own ``--help`` is asked for); ``gkstd --help`` lists the commands from :data:`COMMANDS`
without importing them, so start-up stays fast.  A test keeps :data:`COMMANDS` in sync
with the commands' own help texts.
"""

from __future__ import annotations

import contextlib
import errno
import gettext
import importlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import click

from gkstd.cli.helptext import in_language, install, one_line
from gkstd.cli.textfmt import say
from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.i18n import Text, current_language
from gkstd.diagnostics.readfiles import recording_reads

__all__ = ["CLICK_ZH", "COMMANDS", "cli", "click_text", "main"]

#: Command name → (module, function, one-line help).  The help is the first line of the
#: command's docstring (Chinese / English).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "audit": (
        "gkstd.cli.audit_cmd",
        "audit_cmd",
        "审计公开记录是否按时、按渠道公开 / audit whether records were published on time and on the listed channels.",
    ),
    "check": (
        "gkstd.cli.batch_cmd",
        "check_cmd",
        "批量检查文件夹中的全部目录，逐个评分并排名 / check every catalog in folders, score each and rank them.",
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
        "生成裁剪起始文件（extends 上级目录）/ write a starter tailoring (extends PARENT).",
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
        "把目录导出为官方表格样式（xlsx/csv/md/html）/ export a catalog as the official table (xlsx/csv/md/html).",
    ),
    "import": (
        "gkstd.cli.tables_cmd",
        "import_cmd",
        "把 Excel/Word/CSV 标准目录表格导入为目录文档，并像 validate 一样检查 / import an Excel/Word/CSV catalog table as a document, checked as validate checks.",
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
        "检查官方国家目录能否替换领域包数据 / check whether an official national catalog can replace a pack's data.",
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
    "serve": (
        "gkstd.cli.serve_cmd",
        "serve_cmd",
        "启动 HTTP 校验服务和上传页面 / serve the checks over HTTP, with an upload page.",
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


#: click's own messages (its gettext msgids) in Chinese, placeholders kept.  Used while
#: the ``gkstd`` command runs and the language is Chinese; English is click's own text.
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法:",  # click puts ASCII colons after its headings: kept alike
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否想输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想输入其中之一：{possibilities}？）",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个取值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个取值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个取值，但只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个取值，但给了 {len} 个。",
    "Choose from:\n\t{choices}": "可选值：\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats} 中的任何一种。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} 不是有效的布尔值。可用的值：{states}"
    ),
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    # "file"/"directory"/"path" stay English: they are also metavars (like TEXT), which
    # click aligns by character count; the Chinese sentences below leave {name} out.
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{filename!r} 是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "{len_type} values are required, but {len_value} was given.": (
        "需要 {len_type} 个取值，但给了 {len_value} 个。"
    ),
    "{len_type} values are required, but {len_value} were given.": (
        "需要 {len_type} 个取值，但给了 {len_value} 个。"
    ),
    "env var: {var}": "环境变量：{var}",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Aborted!": "已中止！",
    "unknown error": "未知错误",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不经询问直接执行。",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
}

_active = 0  # > 0 while the gkstd command runs: click's texts follow its language then


class _ZhFormat(str):
    """A Chinese message template: once filled in, a sentence-final ASCII full stop that
    click adds after the template (``Missing argument 'X'.``) becomes ``。``."""

    def format(self, *args: Any, **kwargs: Any) -> str:
        text = str.format(self, *args, **kwargs)
        return text[:-1] + "。" if text.endswith(".") and not text.endswith("..") else text


def click_text(msgid: str) -> str:
    """click's message ``msgid`` in the current language (Chinese from :data:`CLICK_ZH`)."""
    if _active and current_language() == "zh" and msgid in CLICK_ZH:
        return _ZhFormat(CLICK_ZH[msgid])
    return gettext.gettext(msgid)


def _click_ntext(singular: str, plural: str, n: int) -> str:
    return click_text(singular if n == 1 else plural)


def _install_click_text() -> None:
    """Route click's ``_``/``ngettext`` through :func:`click_text` (idempotent).  Outside
    a ``gkstd`` run (``_active`` is 0) the texts are click's own."""
    for name in ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui"):
        module = sys.modules.get(f"click.{name}") or importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) is gettext.gettext:
            vars(module)["_"] = click_text
        if getattr(module, "ngettext", None) is gettext.ngettext:
            vars(module)["ngettext"] = _click_ntext


_install_click_text()


def _lang_in(args: Sequence[str]) -> str | None:
    """The ``--lang`` given before the subcommand, if any (read before click parses, so
    that ``--help`` and usage errors are already in that language)."""
    it = iter(args)
    for arg in it:
        if arg == "--lang":
            return next(it, None)
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--disable":
            next(it, None)
        elif not arg.startswith("-"):
            return None
    return None


@contextlib.contextmanager
def _click_language(args: Sequence[str] | None) -> Iterator[None]:
    global _active
    lang = _lang_in(sys.argv[1:] if args is None else list(args))
    saved = os.environ.get("GKSTD_LANG")
    if lang in ("zh", "en"):
        os.environ["GKSTD_LANG"] = lang
    _active += 1
    try:
        yield
    finally:
        _active -= 1
        if saved is None:
            os.environ.pop("GKSTD_LANG", None)
        else:
            os.environ["GKSTD_LANG"] = saved


class _TranslatedHelp(click.Option):
    """An option whose help text is a click msgid, translated when help is shown (the
    ``--version`` option's text is fixed when the decorator runs)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        return (record[0], click_text(record[1])) if record else None


def _t(zh: str, en: str) -> str:
    return Text(zh, en).get()


def _fresh_help_option(command: click.Command, ctx: click.Context) -> None:
    """Drop click's cached ``--help`` option when its text is in another language than
    this run's (several runs in one process, e.g. tests, may differ in language)."""
    cached = getattr(command, "_help_option", None)
    if cached is not None and cached.help != click_text("Show this message and exit."):
        command._help_option = None


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
        _fresh_help_option(command, ctx)
        return install(command)  # its --help in the run's language (gkstd.cli.helptext)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        _fresh_help_option(self, ctx)
        return super().get_help_option(ctx)

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        with _click_language(args):
            return super().main(args, *a, **kw)

    def get_help(self, ctx: click.Context) -> str:
        with in_language(self):
            return super().get_help(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_language()
        rows = [(name, one_line(COMMANDS[name][2], lang)) for name in self.list_commands(ctx)]
        with formatter.section(click_text("Commands")):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="输出语言（默认取 GKSTD_LANG，未设置时为 zh）/ message language (default: GKSTD_LANG or zh).",
)
@click.option(
    "--disable",
    "disable",
    multiple=True,
    help="按领域代码或入口点名称停用领域包（可多次给出）/ disable a pack by its code or entry-point name (repeatable).",
)
@click.version_option(
    None,
    "-V",
    "--version",
    package_name="gkstd",
    message="%(prog)s %(version)s",
    cls=_TranslatedHelp,
    help="Show the version and exit.",
)
@click.pass_context
def cli(ctx: click.Context, lang: str | None, disable: Sequence[str]) -> None:
    """gkstd：基层政务公开标准目录校验工具 / gkstd: a checker of standardised government-disclosure catalogs."""
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


def _stopped(signum: int, frame: object) -> None:
    """SIGTERM or SIGHUP (a closed terminal, a killed job): stop as Ctrl-C stops, through
    the ``finally`` blocks, so that no half-written ``.gkstd-tmp`` file is left behind."""
    raise SystemExit(128 + signum)


def _stop_cleanly() -> None:
    """Let SIGTERM and SIGHUP end the command through its cleanup (main thread, POSIX)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) in (signal.SIG_DFL, None):
            signal.signal(number, _stopped)


def _lang_first(args: list[str]) -> list[str]:
    """``args`` with a ``--lang`` written after the subcommand moved before it, where the
    group takes it: ``gkstd check x --lang en`` said "no such option --lang"."""
    out: list[str] = []
    moved: list[str] = []
    it = iter(enumerate(args))
    for index, arg in it:
        if arg == "--":
            out.extend(args[index:])
            break
        if arg == "--lang" and index + 1 < len(args):
            moved = [arg, args[index + 1]]
            next(it, None)
        elif arg.startswith("--lang="):
            moved = [arg]
        else:
            out.append(arg)
    return [*moved, *out]


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: runs the CLI and turns unexpected errors into exit code 3."""
    _stop_cleanly()
    argv = _lang_first(list(sys.argv[1:] if argv is None else argv))
    with _click_language(argv):  # the errors below are said in --lang's language too
        _main(argv)


def _main(argv: list[str]) -> None:
    try:
        try:
            with recording_reads():  # an output never replaces a file the command read
                cli.main(
                    args=argv,
                    prog_name="gkstd",
                    standalone_mode=True,
                )
        except SystemExit:
            sys.stdout.flush()  # a full disk behind "> file" is said here, not at exit
            raise
    except SystemExit:
        raise
    except OSError as exc:  # writing the output itself failed: a full disk, a read-only target
        if exc.errno not in _OUTPUT_ERRNOS:
            _internal(exc)
        if os.environ.get("GKSTD_DEBUG"):
            traceback.print_exc()
        why, why_en = os_reason(exc)
        say(
            _t(
                f"无法写出结果（{why}）。请检查磁盘空间，以及输出重定向（> 文件）的目标。",
                f"Cannot write the output ({why_en}). Check the disk space and where the "
                "output is redirected (> file).",
            ),
            err=True,
        )
        os._exit(2)  # standard output cannot be flushed at exit: do not try again
    except GkstdError as exc:  # raised on purpose (e.g. a plugin failing in strict mode)
        if os.environ.get("GKSTD_DEBUG"):
            traceback.print_exc()
        say(exc.text(), err=True)
        sys.exit(2)
    except Exception as exc:  # pragma: no cover - defensive
        _internal(exc)


#: The errors of writing an output that are the target's, not gkstd's.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def _internal(exc: BaseException) -> NoReturn:
    """Exit 3 saying an unexpected error is gkstd's (to be reported)."""
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
