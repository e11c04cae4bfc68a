"""Hardening the document loader: each failure class found by fuzzing, as a minimal
regression test.  The entry points return findings (or raise :class:`gkstd.GkstdError`);
they never let ``TypeError``, ``RecursionError``, ``OverflowError``, ``ValueError`` or
``OSError`` out, and the CLI explains the problem in Chinese with file and place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import gkstd
from gkstd.diagnostics import limits
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document, replaced
from gkstd.inherit import orders
from gkstd.io import parse
from gkstd.io.loader import classify_source, load_document
from gkstd.model import folding
from gkstd.timing.limits import _AMOUNT
from gkstd.timing.limits import parse as parse_time_limit
from tests.fuzz import harness

_BASIS = "basis:\n  - {title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}"
_LIMIT = "time_limit: {kind: working_days, days: 20, text: 20个工作日}"


def _doc(old: str, new: str) -> str:
    """The sample county catalog with one line of its item changed."""
    return minimal_document(replaced(GOOD_ITEM, old, new))


def _json_doc(**item_changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(minimal_document())
    data["items"][0].update(item_changes)
    return data


def _findings(source: Any) -> list[Finding]:
    """The findings of loading, validating and resolving ``source`` (all three must keep
    the contract and agree that the document is unusable)."""
    catalog, report = harness.call(gkstd.load, source).value
    assert catalog is None
    validated = harness.call(gkstd.validate, source).value
    resolved = harness.call(gkstd.resolve, source).value
    assert resolved.catalog is None
    assert validated.codes() == report.codes()
    return list(report.findings)


def _one(source: Any, code: str) -> Finding:
    found = [f for f in _findings(source) if f.code == code]
    assert found, f"no {code}"
    return found[0]


# -- 1. values of the wrong type reach the schema, not the code ------------------------


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (_BASIS, "basis: 5", "$.items[0].basis"),
        (_BASIS, "basis: true", "$.items[0].basis"),
        (_LIMIT, "time_limit: {kind: compound, parts: 1.5}", "$.items[0].time_limit.parts"),
        (_LIMIT, "time_limit: {kind: compound, parts: [1, x]}", "$.items[0].time_limit.parts[0]"),
        ("levels: [县级, 乡级]", "levels: 县级", "$.items[0].levels"),
    ],
)
def test_wrong_type_is_a_schema_finding(old: str, new: str, path: str) -> None:
    finding = _one(_doc(old, new), "GK009")
    assert finding.location.path == path
    assert finding.location.line is not None


def test_key_that_is_not_text_is_a_finding_at_its_mapping() -> None:
    finding = _one(_doc(_LIMIT, "time_limit: {1: a, b: c}"), "GK009")
    assert finding.location.path == "$.items[0].time_limit"
    assert "键 1" in finding.message
    assert "int" in finding.message


@pytest.mark.parametrize(
    ("tagged", "tag"), [("!!int 郑州市住房保障局", "!!int"), ("!!float abc", "!!float")]
)
def test_tagged_value_that_is_no_number_is_a_finding(tagged: str, tag: str) -> None:
    text = _doc("subject: 负责审批的燃气管理部门", f"subject: {tagged}")
    finding = _one(text, "GK004")
    assert finding.location.line == 13
    assert tag in finding.message
    assert "不是数字" in finding.message


# -- 2. huge numbers --------------------------------------------------------------------


def test_yaml_integer_over_max_digits_is_refused() -> None:
    finding = _one(_doc("days: 20", "days: " + "9" * 5000), "GK013")
    assert finding.location.path == "$.items[0].time_limit.days"
    assert "5000 位" in finding.message
    assert "GKSTD_LIMIT_MAX_DIGITS" in finding.message


def test_json_integer_and_float_over_max_digits_are_refused() -> None:
    for literal in ("9" * 400, "1" * 300 + ".5", "0." + "1" * 40 + "e3"):
        text = json.dumps(_json_doc(time_limit={"kind": "working_days", "days": 12345}))
        finding = _one(text.replace("12345", literal), "GK013")
        assert finding.location.path == "$.items[0].time_limit.days"


def test_huge_float_literal_is_refused_not_infinite() -> None:
    finding = _one(_doc("days: 20", "days: " + "9" * 400 + ".5"), "GK013")
    assert finding.location.path == "$.items[0].time_limit.days"


def test_time_limit_wording_with_huge_number_is_refused() -> None:
    text = _doc(_LIMIT, 'time_limit: "' + "9" * 5000 + '个工作日"')
    finding = _one(text, "GK013")
    assert finding.location.path == "$.items[0].time_limit"
    assert "公开时限含有 5000 位的数字" in finding.message
    assert parse_time_limit("9" * 5000 + "个工作日").kind.code == "text"  # never int()


def test_number_under_a_raised_digit_limit_does_not_overflow() -> None:
    with limits.raised(max_digits=500):  # an int too large for a float: no OverflowError
        finding = _one(_doc("days: 20", "days: " + "9" * 400), "GK009")
        assert "超过上限 3660" in finding.message
        harness.call(gkstd.validate, _doc(_LIMIT, 'time_limit: "' + "9" * 400 + '个工作日"'))


# -- 3. depth, measured before any recursive code runs ---------------------------------


def _nested_items(levels: int) -> dict[str, Any]:
    data = yaml.safe_load(minimal_document())
    leaf = data["items"][0]
    node = {"id": "top", "name": "顶层"}
    data["items"] = [node]
    for level in range(levels):
        child = {"id": f"n{level}", "name": f"第{level}层"}
        node["items"] = [child]
        node = child
    node.update({k: v for k, v in leaf.items() if k not in ("id", "name")})
    return data


@pytest.mark.parametrize("form", ["json", "yaml"])
def test_items_nested_150_deep_are_refused(form: str) -> None:
    data = _nested_items(150)
    text = json.dumps(data) if form == "json" else yaml.safe_dump(data, allow_unicode=True)
    finding = _one(text, "GK013")
    assert "64 层" in finding.message
    assert finding.location.path is not None
    assert finding.location.path.startswith("$.items")


@pytest.mark.parametrize(
    "text",
    [
        '{"a": ' + "[" * 10_000 + "]" * 10_000 + "}",
        "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "".join("  " * i + "-\n" for i in range(3000)),
    ],
    ids=["json", "yaml-flow", "yaml-block"],
)
def test_plain_nesting_10000_deep_is_refused_with_a_place(text: str) -> None:
    finding = _one(text, "GK013")
    assert finding.location.line is not None
    assert "嵌套超过 64 层" in finding.message


def test_depth_is_checked_before_the_recursive_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    def build(*args: Any) -> Any:
        raise AssertionError("the recursive builder ran on a too-deep document")

    monkeypatch.setattr(parse._Builder, "build", build)
    text = "a: " + "[" * 100 + "]" * 100 + "\n"
    assert _one(text, "GK013").location.path == "$.a" + "[0]" * 63


def test_depth_within_the_limit_loads_and_a_raised_limit_never_leaks_recursion() -> None:
    nested = minimal_document() + "x-note: " + "[" * 60 + "]" * 60 + "\n"
    assert gkstd.load(nested)[1].codes() == ["GK009"]  # an unknown key, not too deep
    with limits.raised(max_depth=100_000):
        for text in ('{"a": ' + "[" * 50_000 + "]" * 50_000 + "}", json.dumps(_nested_items(400))):
            harness.call(gkstd.validate, text)


# -- 4. one classifier: is it text or a path? -----------------------------------------


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ('{"gkstd": "1.0", "id": "' + "x" * 300 + '"}', "text"),
        ("[1, 2]", "text"),
        ("  {}", "text"),
        ('gkstd: "1.0"', "text"),
        ("a\nb", "text"),
        ("x" * 300, "text"),  # longer than a file name can be
        ("a/" * 3000, "text"),  # longer than a path can be
        ("a\x00b", "text"),
        ("", "text"),
        ("catalog.yaml", "path"),
        ("some/dir/目录.json", "path"),
        (Path("{odd}.yaml"), "path"),
        (b'gkstd: "1.0"', "bytes"),
    ],
)
def test_classify_source(source: Any, kind: str) -> None:
    assert classify_source(source) == kind


def test_long_one_line_json_is_text_for_every_entry_point() -> None:
    text = json.dumps({"gkstd": "1.0", "id": "x" * 300})
    for entry in (gkstd.load, gkstd.validate, gkstd.resolve):
        harness.call(entry, text)
    assert "GK001" not in gkstd.validate(text).codes()
    diff, report = harness.call(gkstd.diff, text, text).value
    assert diff is None
    assert "GK009" in report.codes()


def test_a_path_the_os_refuses_is_a_finding(tmp_path: Path) -> None:
    for name in ("a\x00b.yaml", str(tmp_path / ("n" * 200 + ".yaml"))):
        report = harness.call(gkstd.validate, Path(name)).value
        assert report.codes() == ["GK001"]


def test_a_device_that_never_ends_is_read_only_up_to_the_limit() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with limits.raised(max_document_bytes=1000):
        report = harness.call(gkstd.validate, Path("/dev/zero")).value
    assert report.codes() == ["GK001"]
    assert "上限 1,000" in report.findings[0].message


# -- 5. lone surrogates ---------------------------------------------------------------


def test_lone_surrogate_in_json_is_refused_at_its_path() -> None:
    text = json.dumps(_json_doc(name="燃气\ud800"), ensure_ascii=True)
    assert "\\ud800" in text
    finding = _one(text, "GK002")
    assert finding.location.path == "$.items[0].name"
    assert "U+D800" in finding.message


def test_lone_surrogate_in_a_key_and_in_text_input() -> None:
    key = json.dumps({**_json_doc(), "\udfff": 1}, ensure_ascii=True)
    assert _one(key, "GK002").location.path is not None
    raw = minimal_document().replace("燃气经营许可证核发", "燃气\ud800")
    finding = _one(raw, "GK002")
    assert finding.location.line == 8


def test_paired_surrogate_escape_is_an_ordinary_character() -> None:
    text = json.dumps(_json_doc(name="燃气😀"), ensure_ascii=True)
    assert "\\ud83d\\ude00" in text
    catalog, report = gkstd.load(text)
    assert catalog is not None
    assert report.valid
    assert "😀" in gkstd.dump(catalog)


# -- 6. no quadratic time (counted, not timed) ----------------------------------------


class _CountingText(str):
    """A document text that counts the scans made of it."""

    scans = 0

    def __contains__(self, item: object) -> bool:
        type(self).scans += 1
        return super().__contains__(item)  # type: ignore[operator]

    def rstrip(self, chars: str | None = None) -> str:
        type(self).scans += 1
        return super().rstrip(chars)


def test_line_lookup_does_not_rescan_a_one_line_document() -> None:
    text = _CountingText(json.dumps(_json_doc()))
    lines = parse.LazyLines(text, None)
    _CountingText.scans = 0
    for index in range(1000):
        assert lines[f"$.items[{index}].name"] == 1
    assert _CountingText.scans == 0


def test_schema_findings_are_deduplicated_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _json_doc()
    data["items"] = [
        {**data["items"][0], "id": f"i{i}", "audience": "所有人", "method": "x"} for i in range(300)
    ]
    calls = 0
    original = Finding.__eq__

    def counting(self: Finding, other: object) -> bool:
        nonlocal calls
        calls += 1
        return original(self, other)

    monkeypatch.setattr(Finding, "__eq__", counting)
    report = gkstd.load(json.dumps(data, ensure_ascii=False))[1]
    assert len(report.findings) == 600
    assert calls < 600  # comparing each finding with every earlier one was 180,000


def test_time_limit_number_never_starts_inside_a_longer_number() -> None:
    # the look-behind that keeps the wording regex linear on long digit runs
    assert _AMOUNT.match("自2020年3个工作日内")["num"] == "3"  # type: ignore[index]
    assert _AMOUNT.match("提前12个工作日")["num"] == "12"  # type: ignore[index]
    assert _AMOUNT.match("2十天")["num"] == "十"  # type: ignore[index]
    assert _AMOUNT.match("1" * 5000) is None
    assert parse_time_limit("一" * 5000 + "日").kind.code == "text"


# -- 7. caches are bounded --------------------------------------------------------------


def test_caches_are_bounded_and_skip_long_texts() -> None:
    for cache in (orders._cached_entry_key, folding._cached_fold, folding._cached_fold_title):
        maxsize = cache.cache_info().maxsize
        assert maxsize is not None
        assert maxsize <= 8192
    before = (folding._cached_fold.cache_info().currsize, orders._cached_entry_key.cache_info())
    long_text = "很长的公开内容" * 100
    assert orders.entry_key(long_text) == folding.fold(long_text)
    after = (folding._cached_fold.cache_info().currsize, orders._cached_entry_key.cache_info())
    assert after[0] == before[0]
    assert after[1].currsize == before[1].currsize


# -- 8. texts longer than max_text_chars ------------------------------------------------


def test_text_over_max_text_chars_is_refused_not_truncated() -> None:
    with limits.raised(max_text_chars=100):
        assert gkstd.load(_doc("燃气经营许可证核发", "许" * 100))[0] is not None
        finding = _one(_doc("燃气经营许可证核发", "许" * 101), "GK013")
    assert finding.location.path == "$.items[0].name"
    assert "101 个字符" in finding.message
    assert "不做截断" in finding.message


def test_long_key_is_refused_too() -> None:
    with limits.raised(max_text_chars=50):
        text = json.dumps({**_json_doc(), "k" * 51: 1})
        assert _one(text, "GK013").location.path is not None


# -- the CLI ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (_doc(_BASIS, "basis: 5"), "GK009"),
        (_doc("days: 20", "days: " + "9" * 5000), "GK013"),
        ('{"a": ' + "[" * 10_000 + "]" * 10_000 + "}", "GK013"),
        (json.dumps(_json_doc(name="\ud800"), ensure_ascii=True), "GK002"),
        (_doc("subject: 负责审批的燃气管理部门", "subject: !!int 郑州市住房保障局"), "GK004"),
    ],
    ids=["wrong-type", "digits", "depth", "surrogate", "tag"],
)
def test_cli_names_file_place_and_fix(tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "目录.yaml"
    path.write_text(content, "utf-8", errors="surrogatepass")
    outcome = harness.cli(["validate", str(path)])
    assert outcome.exit_code == 2  # the file is unusable
    assert code in outcome.output
    assert "未通过" in outcome.output
    assert "目录.yaml" in outcome.output


def test_load_document_of_a_path_like_reports_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a": ' + "[" * 5000 + "]" * 5000 + "}", "utf-8")
    doc = load_document(path)
    assert doc.catalog is None
    assert doc.findings[0].code == "GK013"
    assert doc.findings[0].location.file == str(path)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm", True),
        ("http://www.zibo.gov.cn/", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("https://example.gov.cn/a b", False),
    ],
)
def test_a_source_url_is_a_web_address(url: str, ok: bool) -> None:
    doc = minimal_document().replace(
        "items:", f'sources:\n  - {{id: s1, title: 某文件, url: "{url}"}}\nitems:', 1
    )
    findings = gkstd.validate(doc).findings
    bad = [f for f in findings if f.code == "GK009"]
    assert not bad if ok else len(bad) == 1
    if not ok:
        assert "http://" in bad[0].message
        assert "$.sources[0].url" in bad[0].message
