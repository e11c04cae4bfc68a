"""Every CLI command, its exit codes, and its output formats."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkstd.cli.main import cli
from gkstd.cli.textfmt import display_width, pad

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zichuan-municipal-services.yaml"


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(cli, list(args), env={"GKSTD_LANG": "zh", **(env or {})})

    return invoke


def test_validate_example_is_clean(run) -> None:
    result = run("validate", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "通过" in result.output
    assert "错误 0" in result.output


def test_validate_json_report_fields(run) -> None:
    result = run("validate", str(EXAMPLE), "--format", "json")
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert set(data["stats"]) == {"files", "unusable", "items", "errors", "warnings", "infos"}
    finding = data["findings"][0]
    assert set(finding) >= {
        "code",
        "severity",
        "message",
        "message_en",
        "file",
        "line",
        "path",
        "item",
        "element",
    }


def test_validate_exit_codes(run, tmp_path: Path, minimal_text: str) -> None:
    warn = tmp_path / "warn.yaml"
    warn.write_text(minimal_text.replace("channels: [政府网站]", "channels: [公开查阅点]"), "utf-8")
    assert run("validate", str(warn)).exit_code == 0
    assert run("validate", str(warn), "--fail-on", "warning").exit_code == 1
    err = tmp_path / "err.yaml"
    err.write_text(minimal_text.replace("method: 主动", "method: 不予公开"), "utf-8")
    assert run("validate", str(err)).exit_code == 1
    assert run("validate", str(err), "--ignore", "GK107").exit_code == 0
    assert run("validate", str(err), "--select", "GK3").exit_code == 0
    # a code no rule has would report nothing and pass: a usage error naming the option
    typo = run("validate", str(err), "--select", "GK1O7")
    assert typo.exit_code == 2
    assert "--select 的取值无效" in typo.stderr
    assert "GK107" in typo.stderr  # the closest codes are offered
    assert run("validate", str(err), "--ignore", "GK9999").exit_code == 2
    assert run("validate", str(err), "--select", "gk1,ZDJS").exit_code == 1  # prefixes, any case


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"a: [\n", "GK004"),
        (b"", "GK007"),
        (b"PK\x03\x04zzzz", "GK002"),
        (b"a: 1\na: 2\n", "GK005"),
    ],
)
def test_bad_files_exit_2_without_traceback(run, tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert code in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_file_exit_2(run, tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "GK001" in result.output


def test_english_messages(run, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"")
    result = run("--lang", "en", "validate", str(path))
    assert "The file is empty" in result.output
    assert "invalid" in result.output


def test_domains_lists_the_pack(run) -> None:
    result = run("domains")
    assert result.exit_code == 0
    assert "municipal-services" in result.output
    assert "市政服务" in result.output
    data = json.loads(run("domains", "--json").output)
    row = next(r for r in data if r["code"] == "municipal-services")
    assert row["status"] == "ok"
    assert row["items"] >= 10
    assert row["distribution"] == "gkstd"


def test_domains_shows_disabled_and_failed_packs(run) -> None:
    data = json.loads(run("--disable", "municipal-services", "domains", "--json").output)
    row = next(r for r in data if r["code"] == "municipal-services")
    assert row["status"] == "disabled"


def test_rules_and_rule(run) -> None:
    listing = run("rules")
    assert listing.exit_code == 0
    assert "GK101" in listing.output
    data = json.loads(run("rules", "--json").output)
    assert {r["code"] for r in data} >= {"GK000", "GK101", "GK302"}
    doc = run("rule", "gk302")
    assert doc.exit_code == 0
    assert "第二十六条" in doc.output
    assert "```yaml" in doc.output
    assert run("rule", "GK999").exit_code == 2


def test_schema_command(run) -> None:
    data = json.loads(run("schema").output)
    assert data["$schema"].endswith("2020-12/schema")


def test_show_round_trips(run, tmp_path: Path) -> None:
    result = run("show", "municipal-services")
    assert result.exit_code == 0
    assert "燃气经营许可证核发" in result.output
    path = tmp_path / "n.yaml"
    path.write_text(result.output, "utf-8")
    assert run("validate", str(path)).exit_code == 0
    as_json = run("show", "市政服务", "--format", "json")
    assert json.loads(as_json.output)["domain"] == "municipal-services"
    assert run("show", "no-such-domain").exit_code == 2


def test_migrate_writes_and_refuses_to_overwrite(run, tmp_path: Path, minimal_text: str) -> None:
    src = tmp_path / "a.yaml"
    src.write_text(minimal_text, "utf-8")
    out = tmp_path / "b.json"
    assert run("migrate", str(src), "-o", str(out), "--format", "json").exit_code == 0
    assert json.loads(out.read_text("utf-8"))["gkstd"] == "1.0"
    assert run("migrate", str(src), "-o", str(src)).exit_code == 2
    assert src.read_text("utf-8") == minimal_text


@pytest.mark.parametrize("command", ["migrate", "resolve"])
def test_a_document_written_to_a_json_file_is_json(run, tmp_path: Path, command: str) -> None:
    """``-o 目录.json`` writes JSON that validate reads back (it had written YAML, which
    ``gkstd validate`` reads as JSON and refused); YAML asked into a .json file is refused
    before anything is written; ``.yaml`` and standard output stay YAML."""
    out = tmp_path / "目录.json"
    assert run(command, str(EXAMPLE), "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text("utf-8"))["gkstd"] == "1.0"
    assert run("validate", str(out)).exit_code == 0
    refused = run(command, str(EXAMPLE), "-o", str(tmp_path / "x.json"), "--format", "yaml")
    assert refused.exit_code == 2
    assert "--format yaml" in refused.output
    assert not (tmp_path / "x.json").exists()
    yaml_out = tmp_path / "目录.yaml"
    assert run(command, str(EXAMPLE), "-o", str(yaml_out)).exit_code == 0
    assert yaml_out.read_text("utf-8").startswith("gkstd: ")
    assert run(command, str(EXAMPLE)).stdout.startswith("gkstd: ")


@pytest.mark.parametrize(
    "args",
    [
        ("migrate", str(EXAMPLE)),
        ("resolve", str(EXAMPLE)),
        ("derive", "municipal-services", "--jurisdiction", "某县", "--level", "县级"),
    ],
)
@pytest.mark.parametrize("name", [".json", "目录.JSON", "目录.yaml.json"])
def test_any_output_the_reader_takes_for_json_is_json(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], name: str
) -> None:
    """An output whose name ends in ``.json`` is JSON, as ``gkstd validate`` reads it:
    ``-o .json`` (no extension to :func:`os.path.splitext`) had been written as YAML and
    ``derive -o 裁剪.json`` always was, each then refused by ``gkstd validate`` (GK004)."""
    monkeypatch.chdir(tmp_path)  # (derive's extends is written relative to the output)
    written = run(*args, "-o", name)
    assert written.exit_code == 0, written.output
    assert json.loads((tmp_path / name).read_text("utf-8"))["gkstd"] == "1.0"
    checked = run("validate", name)
    assert "GK004" not in checked.output
    assert checked.exit_code == 0, checked.output


def test_pack_data_writes_json_into_a_json_file(run, tmp_path: Path) -> None:
    """``pack-data … -o national.json`` had written YAML, which no reader took for JSON."""
    import gkstd

    current = gkstd.registry().packs["municipal-services"].load_catalog().catalog
    assert current is not None
    table = tmp_path / "official.yaml"
    table.write_text(gkstd.dump(current), encoding="utf-8")
    out = tmp_path / "national.json"
    result = run("pack-data", "municipal-services", str(table), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["id"] == current.id
    assert run("validate", str(out)).exit_code == 0


def test_display_width_aligns_chinese() -> None:
    assert display_width("公开方式") == 8
    assert display_width("GK101") == 5
    assert display_width(pad("市政", 6)) == 6


def test_validate_of_a_csv_table_says_to_import_it(run) -> None:
    table = ROOT / "tests" / "data" / "tables" / "real" / "fupin__sichuan-nanjiang.csv"
    result = run("validate", str(table))
    assert result.exit_code == 2
    assert "GK002" in result.output
    assert "gkstd import" in result.output
    assert "GK009" not in result.output  # not "the top level should be a mapping"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_behind_standard_output_is_said_not_an_internal_error() -> None:
    """Every command with > /dev/full exited 3, 'internal error: OSError [Errno 28]'."""
    import subprocess
    import sys

    for args in (["schema"], ["deadline", "--from", "2026-02-10", "--working-days", "20"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "gkstd", *args],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "GKSTD_LANG": "zh"},
                check=False,
            )
        assert done.returncode == 2, done.stderr
        assert "无法写出结果（磁盘已满）" in done.stderr
        assert "内部错误" not in done.stderr
