"""Output helpers shared by the command modules: zh/en text, JSON, reports, safe writes."""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import click

from gkstd.cli.textfmt import (
    TERMINAL_CONTROLS,
    display_width,
    one_line,
    pad,
    say,
    stdout_is_terminal,
)
from gkstd.diagnostics.findings import CellRef, Finding
from gkstd.diagnostics.i18n import Text, current_language
from gkstd.diagnostics.report import Report
from gkstd.io.files import readable_name
from gkstd.plugins.registry import Registry

__all__ = [
    "CATALOG_PATH",
    "FORCE",
    "KNOWN_GAP",
    "echo_json",
    "echo_json_pieces",
    "json_pieces",
    "json_text",
    "next_steps",
    "print_findings",
    "print_report",
    "rebase",
    "refuse_output",
    "t",
    "warn_failures",
    "where",
    "write",
    "write_json_pieces",
]


def t(zh: str, en: str) -> str:
    """The message in the current language (``--lang`` / ``GKSTD_LANG``, Chinese first)."""
    return Text(zh, en).get()


#: characters JSON may carry raw but a terminal obeys: written as \\u escapes (lossless).
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in TERMINAL_CONTROLS if c >= 0x7F}  # json escapes C0
_JSON_ESCAPED = re.compile("[" + "".join(re.escape(chr(c)) for c in _JSON_ESCAPES) + "]")


def json_text(data: Any) -> str:
    """``data`` as indented JSON with Chinese kept readable and with the characters a
    terminal would obey (DEL, C1, bidi overrides) escaped; JSON escapes the others."""
    return _escaped(json.dumps(data, ensure_ascii=False, indent=2))


def _escaped(text: str) -> str:
    """``text`` with the characters a terminal would obey written as \\u escapes (one
    compiled search, not str.translate over every character: reports run to megabytes)."""
    return _JSON_ESCAPED.sub(lambda m: _JSON_ESCAPES[ord(m.group())], text)


def json_pieces(parts: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """The text :func:`json_text` gives for the mapping of ``parts`` (key, value), in
    pieces: a value that is an iterator is written as an array one element at a time, so
    that a report of tens of thousands of files is never held whole, as data or as text."""
    return map(_escaped, _json_pieces(parts))


def _json_pieces(parts: Iterable[tuple[str, Any]]) -> Iterator[str]:
    opened = False
    for key, value in parts:
        yield ",\n  " if opened else "{\n  "
        opened = True
        yield json.dumps(key, ensure_ascii=False) + ": "
        if not isinstance(value, Iterator):
            yield _indented(value, "\n  ")
            continue
        first = True
        for element in value:
            yield "[\n    " if first else ",\n    "
            first = False
            yield _indented(element, "\n    ")
        yield "[]" if first else "\n  ]"
    yield "\n}" if opened else "{}"


def _indented(value: Any, newline: str) -> str:
    """``value`` as indented JSON nested one or two levels deep (``newline`` carries the
    indent: a JSON text has no raw line break inside its strings)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)


def write_json_pieces(parts: Iterable[tuple[str, Any]], path: str) -> None:
    """Write :func:`json_pieces` of ``parts`` to ``path`` (UTF-8), a piece at a time: what
    :func:`write` is given for a large JSON report."""
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.writelines(json_pieces(parts))


def echo_json_pieces(parts: Iterable[tuple[str, Any]]) -> None:
    """Print :func:`json_pieces` of ``parts`` as :func:`echo_json` prints the mapping, a
    few hundred pieces at a time (never the whole text at once)."""
    batch: list[str] = []
    for piece in json_pieces(parts):
        batch.append(piece)
        if len(batch) == 512:
            click.echo("".join(batch), nl=False)
            batch.clear()
    click.echo("".join(batch))


def echo_json(data: Any, *, err: bool = False) -> None:
    """Print ``data`` as :func:`json_text`."""
    click.echo(json_text(data), err=err)


def warn_failures(reg: Registry) -> None:
    """Tell the user on standard error, once per command run, which plugins failed to
    load (name, distribution, version and the error; a collision names both plugins)
    and what loaded plugins were warned about (a slow load, an undone change of the
    environment).  Standard output stays machine-readable."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        meta = ctx.find_root().meta
        if meta.get("gkstd.plugins_warned"):
            return
        meta["gkstd.plugins_warned"] = True
    for plugin in reg.failures():
        zh, en = plugin.error or "", plugin.error_en or plugin.error or ""
        if plugin.name not in zh or (plugin.distribution or "") not in zh:
            dist = plugin.distribution or "发行包未知"
            dist_en = plugin.distribution or "unknown distribution"
            version = f" {plugin.version}" if plugin.version else ""
            zh = f"插件 {plugin.name}（{dist}{version}）未能加载：{zh or '原因未知'}"
            en = f"plugin {plugin.name} ({dist_en}{version}) failed to load: {en or 'no reason given'}"
        say(t(f"警告：{zh}", f"warning: {en}"), err=True)
    for plugin in reg.plugins:
        for warning in plugin.warnings:
            say(t(f"警告：{warning.zh}", f"warning: {warning.en}"), err=True)


def print_report(report: Report, *, err: bool = False, passed: bool | None = None) -> None:
    """Print the findings, the counts and the verdict.  ``passed`` is the command's own
    pass condition, the one its exit code follows (default: ``report.valid``)."""
    ok = report.valid if passed is None else passed
    lang = current_language()
    rows = []
    gaps: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.code == KNOWN_GAP:  # collapsed below: one line per document
            gaps.setdefault(
                f.location.file or (f.location.cell.file if f.location.cell else ""), []
            ).append(f)
            continue
        sev = f.severity.label if lang == "zh" else f.severity.value
        rows.append((where(f), f.code, sev, f.text(lang)))
    for file, found in gaps.items():
        sev = found[0].severity.label if lang == "zh" else found[0].severity.value
        rows.append((one_line(file) if file else "-", KNOWN_GAP, sev, _gap_line(file, found)))
    width_loc = max((display_width(r[0]) for r in rows), default=0)
    for loc, code, sev, msg in rows:
        say(f"{pad(loc, width_loc)}  {code}  {pad(sev, 7)}  {msg}", err=err)
    s = report.stats
    if lang == "zh":
        summary = (
            f"共 {s.files} 个文件（{s.unusable} 个无法读取），{s.items} 个事项："
            f"错误 {s.errors}，警告 {s.warnings}，提示 {s.infos}。"
        )
        verdict = "通过" if ok else "未通过"
    else:
        summary = (
            f"{s.files} file(s) ({s.unusable} unusable), {s.items} item(s): "
            f"{s.errors} error(s), {s.warnings} warning(s), {s.infos} notice(s)."
        )
        verdict = "valid" if ok else "invalid"
    if rows:
        say("", err=err)
    say(f"{summary} {verdict}", err=err)
    if not err and _hints_wanted():
        say("", err=err)
        say(next_steps(report), err=err)


#: the rule of a known gap (an item the document marks as incomplete data)
KNOWN_GAP = "GK102"


def text_arguments(**values: str | None) -> None:
    """Refuse (a usage error naming the option, exit 2) an argument that is not text:
    bytes a terminal or a file name gave in another encoding than UTF-8 (GBK), which
    Python keeps as lone surrogates and no writer can write (they ended in exit 3).
    ``values``: option name (``jurisdiction`` for ``--jurisdiction``) → value."""
    for name, value in values.items():
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            option = name if name.isupper() else "--" + name.replace("_", "-")
            raise click.BadParameter(
                t(
                    f"{readable_name(value)} 不是 UTF-8 文字（终端或文件名用了 GBK 等其他编码？）；"
                    "请改用 UTF-8（Windows 可先运行 chcp 65001），文件名请改名后重试。",
                    f"{readable_name(value)} is not UTF-8 text (a terminal or file name in GBK?); "
                    "use UTF-8 (on Windows run chcp 65001 first), and rename such a file.",
                ),
                param_hint=option,
            ) from None


def rule_codes(reg: Registry, **options: str | None) -> None:
    """Refuse (a usage error naming the option, exit 2) a ``--select``/``--ignore`` entry
    that is no installed rule's code or code prefix: ``--select GK9999`` reported nothing
    and passed a catalog with errors.  ``options``: option name → comma-separated value."""
    known = sorted(reg.rules)
    for name, value in options.items():
        for entry in (value or "").split(","):
            code = entry.strip().upper()
            if not code or any(k.startswith(code) for k in known):
                continue
            close = difflib.get_close_matches(code, known, n=3, cutoff=0.6)
            hint = "、".join(close)
            raise click.BadParameter(
                t(
                    f"没有代码或前缀为 {entry.strip()!r} 的规则"
                    + (f"（是不是 {hint}？）" if close else "")
                    + "；gkstd rules 列出全部规则。",
                    f"no rule's code is or starts with {entry.strip()!r}"
                    + (f" (did you mean {', '.join(close)}?)" if close else "")
                    + "; gkstd rules lists them all.",
                ),
                param_hint="--" + name.replace("_", "-"),
            )


def where(finding: Finding) -> str:
    """Where a finding points, for people: ``file:line``, and for a document imported
    from a table ``← table sheet!cell`` (or ``第 N 行``); then the item's name when the
    message does not already say it, else the JSON path.  (JSON output keeps all.)"""
    loc = finding.location
    head = (loc.file or "") + (f":{loc.line}" if loc.file and loc.line is not None else "")
    if loc.cell is not None:
        cell = loc.cell
        stem = os.path.splitext(os.path.basename(cell.file))[0]
        sheet = cell.sheet if cell.sheet and cell.sheet != stem else None  # a CSV's "sheet"
        place = CellRef(cell.file, sheet, cell.cell).display()
        head = f"{head} ← {place}" if head and loc.file != cell.file else place
    head = one_line(head) if head else "<text>"
    name = finding.args.get("name")
    if isinstance(name, str) and name:
        return head if name in finding.text(current_language()) else f"{head} “{name}”"
    if loc.cell is None and loc.path and loc.path != "$":
        return f"{head} {loc.path}"
    return head


def _domain_of(file: str) -> str | None:
    """The ``domain:`` a YAML catalog file declares (a cheap look at its first lines)."""
    try:
        with open(file, encoding="utf-8", errors="replace") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    match = re.search(r"^(?:domain|conforms_to):\s*[\"']?([A-Za-z0-9_.-]+)", head, re.MULTILINE)
    return match.group(1) if match else None


def _gap_line(file: str, found: Sequence[Finding]) -> str:
    names = [str(f.args.get("name") or f.location.item or "?") for f in found]
    more = len(names) - 3
    shown = "、".join(names[:3]) + ("等" if more > 0 else "")
    shown_en = ", ".join(names[:3]) + (f" and {more} more" if more > 0 else "")
    code = _domain_of(file) if file else None
    show = f"gkstd show {code}" if code else "gkstd show 加领域代码"
    show_en = f"gkstd show {code}" if code else "gkstd show with the pack's code"
    return t(
        f"{len(found)} 个事项是已知缺口（文件中已注明数据不全，不影响是否通过）：{shown}。"
        f"各领域包的完整度（及代码）见 gkstd domains，国家目录见 {show}；"
        "逐项说明用 --format json 查看。",
        f"{len(found)} item(s) are known gaps (marked in the file as incomplete data; "
        f"the verdict is not affected): {shown_en}. See gkstd domains for each pack's "
        f"completeness (and code), {show_en} for the national catalog, and "
        "--format json for each gap.",
    )


def _hints_wanted() -> bool:
    """Next-step hints end a ``gkstd validate`` text report on a terminal
    (``GKSTD_HINTS=1`` always, ``GKSTD_HINTS=0`` never)."""
    setting = os.environ.get("GKSTD_HINTS", "")
    if setting in ("0", "1"):
        return setting == "1"
    ctx = click.get_current_context(silent=True)
    if ctx is None or ctx.info_name != "validate":
        return False
    return stdout_is_terminal()


def next_steps(report: Report) -> str:
    """Short "下一步 / next" hints after a text report."""
    steps: list[tuple[str, str]] = []
    first = next((f for f in report.findings if f.code != KNOWN_GAP), None)
    if first is not None:
        steps.append(
            (
                f"gkstd rule {first.code}",
                t("查看该问题的说明和修正方法", "what it means and how to fix it"),
            )
        )
    steps += [
        (
            t("gkstd import 表格.xlsx -o 目录.yaml", "gkstd import TABLE.xlsx -o catalog.yaml"),
            t("导入并校验 Excel/Word/CSV 表格", "import and check an Excel/Word/CSV table"),
        ),
        (
            t(
                "gkstd derive 领域代码 --jurisdiction 本级政府 --level 县级 -o 本级.yaml",
                "gkstd derive CODE --jurisdiction NAME --level 县级 -o local.yaml",
            ),
            t("生成本级目录", "start a local catalog from the national one"),
        ),
        (
            "gkstd deadline --from 2025-03-03 --working-days 20",
            t("计算公开期限", "compute a disclosure deadline"),
        ),
    ]
    width = max(display_width(cmd) for cmd, _ in steps)
    lines = [t("下一步：", "Next:")]
    lines += [f"  {pad(cmd, width)}  {what}" for cmd, what in steps]
    return "\n".join(lines)


CATALOG_PATH = click.option(
    "--catalog-path",
    multiple=True,
    type=click.Path(file_okay=False, exists=True),
    help="查找上级目录的文件夹，也允许从该文件夹（含子文件夹）读取上级目录文件（可多次给出）"
    " / folder searched for parent catalogs, from which (and from its subfolders) parent "
    "files may also be read (repeatable).",
)


def _capped_jobs(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    """``--jobs`` at most the processors this process may use: each process loads gkstd
    and its packs (about 100 MB), and ``-j 64`` on two processors only ran out of memory."""
    if value is None:
        return None
    from gkstd.inherit.parallel import cpu_count

    most = cpu_count()
    if value > most:
        say(
            t(
                f"--jobs {value} 多于本机可用的处理器数 {most}，按 {most} 个进程运行。",
                f"--jobs {value} is more than the {most} processor(s) available: "
                f"{most} process(es) are used.",
            ),
            err=True,
        )
        return most
    return value


JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    callback=_capped_jobs,
    help="并行进程数（默认：全部处理器；结果与单进程相同）/ processes in parallel (default: "
    "all processors; the result is the same as with one).",
)


def format_option(choices: Sequence[str], help: str) -> Callable[[Any], Any]:
    """The ``--format`` option (into ``fmt``) of a command: one of ``choices``, the first
    the default."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=choices[0], help=help
    )


#: ``--format text|json`` of a command that prints text or JSON.
TEXT_OR_JSON = format_option(
    ("text", "json"), "输出格式：文字（默认）或 JSON / text (default) or JSON."
)
FORCE = click.option(
    "--force",
    is_flag=True,
    help="替换已存在的输出文件 / replace an existing output file.",
)


def write(
    content: str | bytes | Callable[[str], None],
    output: str | None,
    inputs: Sequence[str] = (),
    *,
    force: bool = False,
) -> None:
    """Print ``content`` (text) or write it to ``output`` with
    :func:`gkstd.io.files.write_output`: atomically, never over an input, and over an
    existing file only with ``force``; then say what was written (on standard error)."""
    if output is None:
        assert isinstance(content, str)
        click.echo(content, nl=False)
        return
    from gkstd.diagnostics.errors import GkstdError
    from gkstd.io.files import write_output

    try:
        written = write_output(output, content, inputs=inputs, force=force)
    except GkstdError as exc:  # the output may not be written, or the writer refused
        say(exc.text(), err=True)
        sys.exit(2)
    say_written(output, written.bytes, replaced=written.replaced)


def refuse_output(output: str, inputs: Sequence[str], force: bool) -> None:
    """Exit 2 before any work when :func:`write` would refuse ``output`` (an existing file
    without ``force``, an input, a folder, a device)."""
    from gkstd.diagnostics.errors import GkstdError
    from gkstd.io.files import check_output

    try:
        check_output(output, inputs=inputs, force=force)
    except GkstdError as exc:
        say(exc.text(), err=True)
        sys.exit(2)


def say_written(output: str, size: int, *, replaced: bool) -> None:
    """Say (on standard error) that ``output`` was written, ``size`` bytes."""
    shown = f"{size:,}"
    say(
        t(
            f"已写入 {output}（{shown} 字节{'，替换了原文件' if replaced else ''}）。",
            f"Wrote {output} ({shown} bytes{', replacing the old file' if replaced else ''}).",
        ),
        err=True,
    )


def rebase(ref: str, base: str, output: str | None) -> str:
    """A parent reference that is a file relative to ``base``, re-expressed relative to
    the directory ``output`` is written to (pack codes and ids are left alone)."""
    target = os.path.join(base, ref)
    if output is None or not os.path.isfile(target):
        return ref
    return os.path.relpath(os.path.abspath(target), os.path.dirname(os.path.abspath(output)))


def print_findings(findings: Sequence[Finding]) -> None:
    lang = current_language()
    for finding in findings:
        say(f"{where(finding)}: {finding.code} {finding.text(lang)}", err=True)


def a_number(_ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A click callback: ``value`` unless it is nan (no number, which passes any range)."""
    if value != value:
        raise click.BadParameter(
            t("请写 0 到 100 之间的数。", "write a number from 0 to 100."), param=param
        )
    return value
