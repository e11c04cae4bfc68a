"""Writing files and printing text safely (issue 16): no overwritten input, no lost file,
no temp file left behind, no terminal control from a document."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkstd.cli.common import json_text
from gkstd.cli.main import cli
from gkstd.cli.textfmt import printable
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document
from gkstd.io.files import OutputError, write_output

EXAMPLE = Path(__file__).parent.parent / "examples" / "zichuan-municipal-services.yaml"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "gkstd-tmp" in p.name)


# -- write_output ---------------------------------------------------------------------


def test_refuses_an_input_reached_through_a_symlinked_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    source = real / "catalog.yaml"
    source.write_text("原文", "utf-8")
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(OutputError) as caught:
        write_output(
            str(tmp_path / "link" / "catalog.yaml"), "新", inputs=[str(source)], force=True
        )
    assert "输入文件" in caught.value.message
    assert source.read_text("utf-8") == "原文"
    assert _leftovers(real) == []


def test_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("旧", "utf-8")
    with pytest.raises(OutputError) as caught:
        write_output(str(out), "新")
    assert "--force" in caught.value.message
    assert "--force" in caught.value.message_en
    assert out.read_text("utf-8") == "旧"
    written = write_output(str(out), "新", force=True)
    assert written.replaced
    assert out.read_text("utf-8") == "新"


def test_a_failing_writer_leaves_no_temp_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")

    def broken(path: str) -> None:
        Path(path).write_bytes(b"half")
        raise RuntimeError("writer failed")

    with pytest.raises(RuntimeError):
        write_output(str(out), broken, force=True)
    assert out.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_an_input_named_like_a_temp_file_is_not_touched(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    old_style_temp = tmp_path / "out.yaml.tmp"
    old_style_temp.write_text("用户的文件", "utf-8")
    write_output(str(out), "新", inputs=[str(old_style_temp)])
    assert old_style_temp.read_text("utf-8") == "用户的文件"
    assert out.read_text("utf-8") == "新"


def test_concurrent_writers_to_one_output_all_succeed(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            write_output(str(out), f"第{n}次\n" * 1000, force=True)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    lines = set(out.read_text("utf-8").splitlines())
    assert len(lines) == 1  # one whole version, never a mix
    assert _leftovers(tmp_path) == []


def test_output_gets_the_users_file_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_output(str(tmp_path / "a.xlsx"), lambda p: Path(p).write_bytes(b"x"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.xlsx").stat().st_mode) == 0o644


def test_a_folder_is_not_an_output(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_output(str(tmp_path), "x", force=True)
    assert "文件夹" in caught.value.message


def test_a_device_or_pipe_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    """Writing atomically means replacing the target: as root ``-o /dev/null --force``
    (or ``--jsonl /dev/full``) put a plain file where the device was, for the whole
    system. A target that is no regular file, or a link to one, is refused."""
    pipe = tmp_path / "管道"
    os.mkfifo(pipe)
    link = tmp_path / "link.yaml"
    link.symlink_to(pipe)
    for target in (pipe, link, Path(os.devnull)):
        with pytest.raises(OutputError) as caught:
            write_output(str(target), "x", force=True)
        assert "不是普通文件" in caught.value.message
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    result = CliRunner().invoke(cli, ["resolve", str(EXAMPLE), "-o", str(link), "--force"])
    assert result.exit_code == 2
    assert "加 --force 也不替换" in result.output
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_a_link_to_an_open_file_of_the_process_is_refused_and_kept(tmp_path: Path) -> None:
    """``-o /dev/stdout --force`` with standard output in a file: /dev/stdout links to
    /proc/self/fd/1, which links to that regular file; the atomic write replaced the
    link /dev/stdout itself with a plain file, for every process on the machine."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    for target in (link, Path("/dev/fd/1")):
        with pytest.raises(OutputError) as caught:
            write_output(str(target), "x", force=True)
        assert "/dev/stdout" in caught.value.message
        assert "leave out -o" in caught.value.message_en
    assert os.readlink(link) == "/proc/self/fd/1"
    assert _leftovers(tmp_path) == []


def test_a_link_to_a_file_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("旧", "utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    written = write_output(str(link), "新", force=True)
    assert written.replaced
    assert link.is_symlink()
    assert real.read_text("utf-8") == "新"
    assert _leftovers(tmp_path) == []


def test_one_file_asked_for_as_two_outputs_is_refused_before_the_check(tmp_path: Path) -> None:
    """``--report r.json --jsonl r.json --force`` wrote the report, then replaced it
    with the lines (exit 0); without ``--force`` it stopped at the end, saying the file
    it had just written existed."""
    out = tmp_path / "r.json"
    runner = CliRunner()
    for args in (
        ["--report", str(out), "--jsonl", str(out), "--force"],
        ["--report", str(out), "--report", str(tmp_path / "." / "r.json")],
    ):
        result = runner.invoke(cli, ["check", str(EXAMPLE), "-q", *args])
        assert result.exit_code == 2, result.output
        assert "被指定为两个输出" in result.output
        assert not out.exists()


def test_an_xlsx_on_a_full_disk_is_a_write_error_not_an_internal_one(tmp_path: Path) -> None:
    """xlsxwriter raised its own FileCreateError (no OSError): a full disk ended as exit
    3, "内部错误", and a traceback from its half-written zip; now exit 2, as the other
    writers, and no file or temporary file is left. The disk is "full" at a few KB here
    (a file-size limit in the child: EFBIG, as ENOSPC)."""
    import resource
    import subprocess
    import sys

    real = Path(__file__).parent / "data" / "tables" / "real"
    for args, out, size in (
        (["check", str(real), "-q", "--report"], tmp_path / "r.xlsx", 20_000),
        (["export", str(EXAMPLE), "--to", "xlsx", "-o"], tmp_path / "e.xlsx", 5_000),
    ):

        def small_files(size: int = size) -> None:  # in the child; Python ignores SIGXFSZ
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

        proc = subprocess.run(
            [sys.executable, "-m", "gkstd", *args, str(out)],
            capture_output=True,
            text=True,
            preexec_fn=small_files,
            env={**os.environ, "GKSTD_LANG": "zh"},
            check=False,
            timeout=120,
        )
        assert proc.returncode == 2, proc.stderr[-2000:]
        assert "无法写入" in proc.stderr
        assert "内部错误" not in proc.stderr
        assert "Traceback" not in proc.stderr
        assert not out.exists()
    assert _leftovers(tmp_path) == []


# -- the commands -------------------------------------------------------------------------


def test_commands_refuse_to_replace_an_output_without_force(tmp_path: Path) -> None:
    out = tmp_path / "resolved.yaml"
    out.write_text("保留", "utf-8")
    runner = CliRunner()
    args = ["resolve", str(EXAMPLE), "-o", str(out)]
    refused = runner.invoke(cli, args)
    assert refused.exit_code == 2
    assert "已存在" in refused.output
    assert out.read_text("utf-8") == "保留"
    done = runner.invoke(cli, [*args, "--force"])
    assert done.exit_code == 0, done.output
    assert "替换了原文件" in done.output
    assert "zichuan" in out.read_text("utf-8") or out.stat().st_size > 1000


def test_export_cannot_write_over_its_input_through_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    source = folder / "catalog.yaml"
    source.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    (tmp_path / "alias").symlink_to(folder)
    before = source.read_bytes()
    result = CliRunner().invoke(
        cli, ["migrate", str(source), "-o", str(tmp_path / "alias" / "catalog.yaml"), "--force"]
    )
    assert result.exit_code == 2
    assert source.read_bytes() == before


@pytest.mark.parametrize("fmt", ["csv", "html", "md", "xlsx"])
def test_export_writes_each_format_once_and_says_so(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"catalog.{fmt}"
    runner = CliRunner()
    first = runner.invoke(cli, ["export", str(EXAMPLE), "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert "已写入" in first.output
    size = out.stat().st_size
    again = runner.invoke(cli, ["export", str(EXAMPLE), "-o", str(out)])
    assert again.exit_code == 2
    assert out.stat().st_size == size
    assert _leftovers(tmp_path) == []


# -- text for the terminal ------------------------------------------------------------------


def test_control_characters_are_shown_not_obeyed() -> None:
    assert printable("名称\x1b]0;owned\x07\x1b[2J\u202e") == (
        "名称\\x1b]0;owned\\x07\\x1b[2J\\u202e"
    )
    assert printable("第一行\n\t第二行") == "第一行\n\t第二行"


def test_validate_output_carries_no_escape_sequence(tmp_path: Path) -> None:
    doc = minimal_document(
        GOOD_ITEM.replace("name: 燃气经营许可证核发", 'name: "燃气\\e[2J许可\\u202e"', 1)
    ).replace('gkstd: "1.0"\n', "")  # GK008: a finding that names the file
    path = tmp_path / "目录\x1b[2J\u202e.yaml"
    path.write_text(doc, "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert "GK008" in result.output
    assert "目录\\x1b[2J\\u202e.yaml" in result.output
    assert "\x1b" not in result.output
    assert "\u202e" not in result.output


def test_json_output_escapes_what_a_terminal_obeys_and_loses_nothing() -> None:
    data = {"name": "甲\x85\u202e\x1b乙"}
    text = json_text(data)
    assert "\x85" not in text
    assert "\u202e" not in text
    assert "\x1b" not in text
    assert json.loads(text) == data


def test_a_file_name_with_a_line_break_stays_on_its_row(tmp_path: Path) -> None:
    """A line break in a file name broke check's table and validate's finding lines (a
    control character was already escaped): in a row or before a finding it is ``\\n``."""
    import shutil

    odd = tmp_path / "新\n目录.yaml"
    shutil.copy(EXAMPLE, odd)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(tmp_path)])
    validated = runner.invoke(cli, ["validate", str(odd)])
    for output in (checked.output, validated.output):
        assert "新\\n目录.yaml" in output
        assert "新\n目录" not in output


@pytest.mark.parametrize(
    "extra",
    [
        ["--id", "../../etc/x"],
        ["--id", ""],
        ["--division-code", "x"],
        ["--title", ""],
        ["--jurisdiction", ""],
        ["--jurisdiction", "某" * 40_000],
    ],
)
def test_derive_refuses_options_its_starter_would_fail_on(tmp_path: Path, extra: list[str]) -> None:
    """derive promises a starter that validates clean: it wrote files that failed
    ``gkstd validate`` (GK009, GK013) and exited 0. Now nothing is written, exit 2."""
    out = tmp_path / "starter.yaml"
    args = ["derive", "municipal-services", "--jurisdiction", "某县", "--level", "县级"]
    result = CliRunner().invoke(cli, [*args, *extra, "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "未写出任何文件" in result.output or "不能为空" in result.output
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_arguments_that_are_not_utf8_are_refused_by_name(tmp_path: Path) -> None:
    """A --jurisdiction typed in a GBK terminal (or a parent file named in GBK) reaches
    Python as lone surrogates: derive and import exited 3 writing them."""
    gbk = os.fsdecode("某县".encode("gbk"))
    table = Path(__file__).parent / "data" / "tables" / "real" / "fupin__sichuan-nanjiang.csv"
    runner = CliRunner()
    for args, option in (
        (
            ["derive", "municipal-services", "--jurisdiction", gbk, "--level", "县级"],
            "--jurisdiction",
        ),
        (["import", str(table), "--jurisdiction", gbk], "--jurisdiction"),
        (
            [
                "derive",
                "municipal-services",
                "--jurisdiction",
                "某县",
                "--level",
                "县级",
                "--title",
                gbk,
            ],
            "--title",
        ),
    ):
        result = runner.invoke(cli, [*args, "-o", str(tmp_path / "out.yaml")])
        assert result.exit_code == 2, result.output
        assert option in result.output
        assert "不是 UTF-8 文字" in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_no_file_a_command_read_is_written_over_even_with_force(tmp_path: Path) -> None:
    """Only the input named on the command line was protected: a parent read through
    extends, and a holiday file, were replaced with --force."""
    import subprocess
    import sys

    head = 'gkstd: "1.0"\ndomain: municipal-services\ntitle: t\n'
    parent = tmp_path / "parent.yaml"
    parent.write_text(
        head
        + "id: p/x\njurisdiction: {name: 淄博市, level: 市级}\nextends: municipal-services\nitems: []\n",
        "utf-8",
    )
    child = tmp_path / "child.yaml"
    child.write_text(
        head
        + "id: c/x\njurisdiction: {name: 淄川区, level: 县级}\nextends: parent.yaml\nitems: []\n",
        "utf-8",
    )
    holidays = tmp_path / "h.yaml"
    holidays.write_text(
        "notices:\n  - year: 2027\n    source: x\n    off_days: [2027-01-01]\n", "utf-8"
    )
    records = Path(__file__).parent.parent / "examples" / "synthetic-records-municipal-services.csv"
    kept = {p: p.read_bytes() for p in (parent, holidays)}
    for args in (
        ["resolve", str(child), "-o", str(parent), "--force"],
        [
            "audit",
            str(records),
            "--catalog",
            str(child),
            "--holidays",
            str(holidays),
            "--findings-out",
            str(holidays),
            "--force",
        ],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "gkstd", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "GKSTD_LANG": "zh"},
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "本命令读取了这个文件" in done.stderr
    assert {p: p.read_bytes() for p in kept} == kept
    assert not list(tmp_path.glob(".*gkstd-tmp"))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_given_as_a_records_or_side_file_is_refused_unread(tmp_path: Path) -> None:
    """/dev/zero named .csv (stat says 0 bytes) or given as --holidays was read until the
    memory ran out (exit 3, MemoryError)."""
    from gkstd.audit import RecordsError, read_records
    from gkstd.timing.calendar import CalendarError, load_notices

    records = tmp_path / "r.csv"
    records.symlink_to("/dev/zero")
    with pytest.raises(RecordsError, match="不是普通文件"):
        read_records(records)
    with pytest.raises(CalendarError, match="不像放假安排"):
        load_notices("/dev/zero")


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_command_stopped_by_a_signal_leaves_no_half_written_file(
    tmp_path: Path, name: str
) -> None:
    """A .NAME.XXXX.gkstd-tmp file was left behind (117 MB seen) when the command was
    killed while writing: only Python exceptions removed it."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "x.xlsx"
    script = (
        "import time, gkstd.cli.tables_cmd as t\n"
        "real = t.export_xlsx\n"
        "def slow(*a, **k):\n"
        "    real(*a, **k)\n"
        "    time.sleep(60)\n"
        "t.export_xlsx = slow\n"
        "from gkstd.cli.main import main\n"
        f"main(['export', 'municipal-services', '--to', 'xlsx', '-o', {str(out)!r}])\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".*.gkstd-tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".*.gkstd-tmp")), "the write began"
    child.send_signal(getattr(signal, name))
    assert child.wait(timeout=30) == 128 + getattr(signal, name)
    assert list(tmp_path.iterdir()) == []  # neither the temporary file nor a partial output
