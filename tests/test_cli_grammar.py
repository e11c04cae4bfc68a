"""One input grammar for every command that takes a catalog, and the CLI's consistency:
the verdict agrees with the exit code, resolve reports what validate reports, diff shows
values (not reprs), import counts one thing, audit CSV opens in Excel (issue 18)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import gkstd
from gkstd.plugins.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zichuan-municipal-services.yaml"
RECORDS = ROOT / "examples" / "synthetic-records-municipal-services.csv"
PACK = "municipal-services"
ALIAS = "市政服务"
NOTE = f"按领域包 {PACK} 的国家目录"


def run(*args: str, stdin: str | bytes | None = None, lang: str = "zh") -> Result:
    from gkstd.cli.main import cli

    return CliRunner().invoke(cli, list(args), input=stdin, env={"GKSTD_LANG": lang})


@pytest.fixture
def national(registry: Registry) -> str:
    """The id of the pack's national catalog."""
    catalog = registry.packs[PACK].load_catalog().catalog
    assert catalog is not None
    return catalog.id


# -- 1. one input grammar ------------------------------------------------------------


@pytest.mark.parametrize("ref", [PACK, ALIAS])
def test_validate_takes_a_pack_code_or_alias(ref: str) -> None:
    result = run("validate", ref)
    assert result.exit_code == 0, result.output
    assert f"{NOTE}校验" in result.stderr
    assert "GK009" not in result.output
    assert "GK001" not in result.output
    assert "通过" in result.stdout


def test_validate_says_which_in_english() -> None:
    result = run("validate", PACK, lang="en")
    assert f"validating the national catalog of pack {PACK}" in result.stderr


def test_a_missing_path_is_gk001_with_the_fix(tmp_path: Path) -> None:
    missing = str(tmp_path / "nothere.yaml")
    for args in (
        ("validate", missing),
        ("validate", "municipal-servics"),  # a mistyped code is a missing file, not YAML
        ("resolve", missing),
        ("diff", missing, PACK),
        ("show", missing),
        ("export", missing, "--to", "csv"),
        ("derive", missing, "--jurisdiction", "某县", "--level", "县级"),
        ("columns", missing),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "GK001" in result.output, args
        assert "gkstd domains" in result.output, args
        assert "GK009" not in result.output, args
    result = run("audit", str(RECORDS), "--catalog", missing)
    assert result.exit_code == 2
    assert "GK001" in result.output
    result = run("deadline", "--from", "2026-03-02", "--item", "x", "--catalog", missing)
    assert result.exit_code == 2
    assert "GK001" in result.output


def test_an_existing_file_wins_over_a_pack_code(
    tmp_path: Path, minimal_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(PACK).write_text(minimal_text, encoding="utf-8")
    result = run("validate", PACK)
    assert result.exit_code == 0, result.output
    assert NOTE not in result.stderr
    assert "2 个事项" in result.stdout  # the file's items, not the national catalog's


def test_stdin_is_read_for_dash(minimal_text: str) -> None:
    result = run("validate", "-", stdin=minimal_text)
    assert result.exit_code == 0, result.output
    assert "2 个事项" in result.stdout
    broken = minimal_text.replace("method: 主动", "method: 不予公开")
    result = run("validate", "-", stdin=broken)
    assert result.exit_code == 1
    assert "<标准输入>" in result.stdout  # the findings say where
    result = run("resolve", "-", stdin=minimal_text)
    assert result.exit_code == 0
    assert "id: test/county" in result.stdout
    result = run("show", "-", "--format", "json", stdin=minimal_text)
    assert json.loads(result.stdout)["id"] == "test/county"
    result = run("export", "-", "--to", "md", stdin=minimal_text)
    assert result.exit_code == 0
    assert "燃气经营许可证核发" in result.stdout
    result = run("columns", "-", stdin=minimal_text)
    assert result.exit_code == 0
    assert "燃气经营许可证核发" in result.stdout
    result = run("diff", "-", str(EXAMPLE), stdin=minimal_text)
    assert result.exit_code == 0, result.output
    result = run(
        "deadline", "--from", "2026-03-02", "--item", "gas.permit", "--catalog", "-",
        stdin=minimal_text,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", result.stdout.strip())


def test_derive_refuses_stdin() -> None:
    result = run("derive", "-", "--jurisdiction", "某县", "--level", "县级", stdin="x")
    assert result.exit_code == 2
    assert "不能是 -" in result.output


@pytest.mark.parametrize("ref", [PACK, ALIAS])
def test_every_command_takes_a_pack(ref: str, national: str) -> None:
    result = run("resolve", ref)
    assert result.exit_code == 0, result.output
    assert f"id: {national}" in result.stdout
    assert f"{NOTE}解析" in result.stderr
    result = run("show", ref, "--format", "json")
    assert json.loads(result.stdout)["id"] == national
    result = run("diff", ref, str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert f"{NOTE}比较" in result.stderr
    result = run("export", ref, "--to", "csv")
    assert result.exit_code == 0, result.output
    assert f"{NOTE}导出" in result.stderr
    result = run("derive", ref, "--jurisdiction", "某市某县", "--level", "县级")
    assert result.exit_code == 0, result.output
    assert f"extends: {PACK}" in result.stdout
    result = run("columns", ref)
    assert result.exit_code == 0, result.output
    assert f"{NOTE}生成栏目方案" in result.stderr
    result = run("audit", str(RECORDS), "--catalog", ref, "--as-of", "2026-06-01")
    assert result.exit_code in (0, 1), result.output
    assert f"{NOTE}审计" in result.stderr
    assert "GK001" not in result.output
    catalog = gkstd.registry().packs[PACK].load_catalog().catalog
    assert catalog is not None
    leaf = next(i for i in catalog.walk() if i.is_leaf and i.time_limit.kind.code == "working_days")
    result = run("deadline", "--from", "2026-03-02", "--item", leaf.id, "--catalog", ref)
    assert result.exit_code == 0, result.output
    assert f"{NOTE}查找事项" in result.stderr


@pytest.mark.parametrize("ref", [PACK, ALIAS])
def test_the_api_takes_a_pack(ref: str, national: str) -> None:
    catalog, report = gkstd.load(ref)
    assert catalog is not None
    assert catalog.id == national
    assert report.valid
    assert gkstd.validate(ref).valid
    resolved = gkstd.resolve(ref)
    assert resolved.catalog is not None
    assert resolved.catalog.id == national
    result, report = gkstd.diff(ref, EXAMPLE)
    assert result is not None, report.findings
    assert result.old == national


def test_the_api_reports_a_missing_path(tmp_path: Path) -> None:
    for source in ("municipal-servics", str(tmp_path / "x.yaml"), Path(PACK)):
        catalog, report = gkstd.load(source)  # a Path object is always a file
        assert catalog is None
        codes = [f.code for f in report.findings]
        assert codes == ["GK001"], source
        assert "gkstd domains" in report.findings[0].text("zh")
        assert [f.code for f in gkstd.validate(source).findings] == ["GK001"]
        assert [f.code for f in gkstd.resolve(source).findings] == ["GK001"]


# -- 2. verdict and exit code agree --------------------------------------------------


def _agrees(result: Result) -> None:
    text = result.output
    verdicts = re.findall(r"(未通过|通过)$", text, flags=re.M)
    assert verdicts, text
    assert (verdicts[-1] == "通过") == (result.exit_code == 0), (result.exit_code, text)


def test_validate_verdict_follows_the_exit_code(tmp_path: Path, minimal_text: str) -> None:
    warn = tmp_path / "warn.yaml"
    warn.write_text(minimal_text.replace("channels: [政府网站]", "channels: [公开查阅点]"), "utf-8")
    err = tmp_path / "err.yaml"
    err.write_text(minimal_text.replace("method: 主动", "method: 不予公开"), "utf-8")
    states = [
        (("validate", str(EXAMPLE)), 0),
        (("validate", str(EXAMPLE), "--fail-on", "info"), 1),  # infos only
        (("validate", str(warn)), 0),
        (("validate", str(warn), "--fail-on", "warning"), 1),
        (("validate", str(err)), 1),
        (("validate", str(tmp_path / "missing.yaml")), 2),
    ]
    for args, code in states:
        result = run(*args)
        assert result.exit_code == code, (args, result.output)
        _agrees(result)
        data = json.loads(run(*args, "--format", "json").stdout)
        assert data["passed"] is (code == 0), args


def test_columns_site_verdict_follows_the_exit_code(tmp_path: Path, minimal_text: str) -> None:
    county = tmp_path / "county.yaml"
    county.write_text(minimal_text, encoding="utf-8")
    for names, code in ((["燃气经营许可证核发", "工作动态"], 0), (["工作动态"], 1)):
        site = tmp_path / f"site{code}.json"
        columns = [{"title": name} for name in names]
        site.write_text(json.dumps({"columns": columns}, ensure_ascii=False), encoding="utf-8")
        result = run("columns", str(county), "--site", str(site))
        assert result.exit_code == code, result.output
        _agrees(result)
        args = ("columns", str(county), "--site", str(site), "--format", "json")
        assert json.loads(run(*args).stdout)["passed"] is (code == 0)


def test_import_verdict_follows_the_exit_code(tmp_path: Path) -> None:
    table = tmp_path / "national.csv"
    assert run("export", PACK, "-o", str(table)).exit_code == 0
    result = run("import", str(table), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1  # the national table lacks channels: errors, still written
    _agrees(result)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("import", str(bad))
    assert result.exit_code == 2
    _agrees(result)


# -- 3. resolve reports what validate reports ----------------------------------------


def _errors(text: str) -> list[str]:
    return sorted(re.findall(r"\b(GK\d{3})\b", text))


def test_resolve_applies_the_waivers_validate_applies() -> None:
    result = run("resolve", str(EXAMPLE))
    assert result.exit_code == 0
    validate = json.loads(run("validate", str(EXAMPLE), "--format", "json").stdout)
    errors = [f["code"] for f in validate["findings"] if f["severity"] == "error"]
    assert _errors(result.stderr) == sorted(errors) == []


def test_resolve_reports_the_errors_validate_reports(tmp_path: Path, minimal_text: str) -> None:
    err = tmp_path / "err.yaml"
    err.write_text(minimal_text.replace("method: 主动", "method: 不予公开"), "utf-8")
    result = run("resolve", str(err))
    validate = json.loads(run("validate", str(err), "--format", "json").stdout)
    errors = [f["code"] for f in validate["findings"] if f["severity"] == "error"]
    assert errors
    assert _errors(result.stderr) == sorted(errors)


# -- 4. diff shows values ------------------------------------------------------------


def test_diff_text_shows_values_not_reprs() -> None:
    for lang, none in (("zh", "（无）"), ("en", "(none)")):
        result = run("diff", PACK, str(EXAMPLE), lang=lang)
        assert result.exit_code == 0
        out = result.stdout
        for repr_ in ("Mark(", "None", "Citation(", "TimeLimit(", "<Level", "<Method"):
            assert repr_ not in out, (lang, repr_)
        assert none in out, lang
    assert "公开主体: 市政工程行政主管部门 → （无）" in run("diff", PACK, str(EXAMPLE)).stdout


def test_diff_json_is_plain_data() -> None:
    result = run("diff", PACK, str(EXAMPLE), "--format", "json")
    text = result.stdout
    assert "Mark(" not in text
    assert "None" not in text
    data = json.loads(text)
    elements = {
        (item["item"], e["element"]): e for item in data["items"] for e in item.get("elements", [])
    }
    subject = elements[("municipal-facilities.special-vehicles", "subject")]
    assert subject["new"] is None
    gap = elements[("gas.operating-permit", "gap")]
    assert isinstance(gap["new"], dict)
    assert gap["new"]["reason"].startswith("公开内容")
    basis = elements[("gas.operating-permit", "basis")]
    assert all(isinstance(entry, dict) for entry in basis["added"] + basis["removed"])


# -- 5. import counts one thing ------------------------------------------------------


def test_import_header_and_summary_count_the_same_items(tmp_path: Path) -> None:
    table = tmp_path / "national.csv"
    run("export", PACK, "-o", str(table))
    result = run("import", str(table), "-o", str(tmp_path / "out.yaml"))
    header = re.search(r"，(\d+) 个事项（含各级分组事项，其中末级事项 (\d+) 个）", result.stderr)
    summary = re.search(r"，(\d+) 个事项：", result.stderr)
    assert header is not None, result.stderr
    assert summary is not None, result.stderr
    assert header.group(1) == summary.group(1)
    catalog = gkstd.registry().packs[PACK].load_catalog().catalog
    assert catalog is not None
    assert int(header.group(1)) == sum(1 for _ in catalog.walk())
    assert int(header.group(2)) == sum(1 for i in catalog.walk() if i.is_leaf)


# -- 6. audit outputs ----------------------------------------------------------------


def test_audit_csv_has_a_bom_and_text_shows_item_names() -> None:
    args = ("audit", str(RECORDS), "--catalog", PACK, "--as-of", "2026-06-01")
    result = run(*args, "--format", "csv")
    assert result.stdout_bytes.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0][0] == "kind"
    text = run(*args).stdout
    assert "事项名称" in text
    assert "燃气经营许可证核发" in text


# -- 7. no mixed-language sentences --------------------------------------------------


def test_messages_name_fields_in_chinese(tmp_path: Path, minimal_text: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(minimal_text.replace("level: 县级", "level: 郡级"), "utf-8")
    result = run("deadline", "--from", "2026-03-02", "--item", "gas.permit", "--catalog", str(bad))
    assert result.exit_code == 2
    assert "不是有效的行政层级取值" in result.output
    assert "level取值" not in result.output
    result = run("derive", PACK, "--jurisdiction", "某县", "--level", "郡级")
    assert "未知的行政层级“郡级”" in result.output
    records = tmp_path / "records.csv"
    records.write_text("item,formed,published\n燃气经营许可证核发,2026/02/30,\n", encoding="utf-8")
    result = run("audit", str(records), "--catalog", PACK, "--as-of", "2026-06-01")
    assert "形成日期（formed 列）“2026/02/30”不是有效日期" in result.output
