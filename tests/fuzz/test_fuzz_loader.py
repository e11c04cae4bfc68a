"""Fuzzing the document loader: hostile YAML/JSON documents through :func:`gkstd.validate`
and ``gkstd validate``, each checked against the harness's contract (returns or raises
:class:`gkstd.GkstdError`, in time, never a traceback or an abort).

The documents are the sample county catalog with one or a few values replaced by
something hostile (a wrong type, a huge number, deep nesting, a lone surrogate, an odd
tag, a long text), written as YAML or JSON and encoded in several ways; plus random text
and bytes.
"""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.diagnostics import limits
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document, replaced
from gkstd.timing.limits import parse as parse_time_limit
from tests.fuzz import harness
from tests.fuzz.harness import FUZZ

#: The sample catalog as data: what the mutations start from.
BASE: dict[str, Any] = yaml.safe_load(minimal_document())

#: A placeholder replaced by raw document text after serialising.
_RAW = "RAWX{}X"


def _deep(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a": ' * depth + "1" + "}" * depth


#: Raw values valid in both YAML (flow) and JSON.
COMMON_RAW = st.one_of(
    st.integers(min_value=25, max_value=6000).map(lambda n: "9" * n),
    st.integers(min_value=25, max_value=500).map(lambda n: "-" + "1" * n + ".5"),
    st.sampled_from(["1e999", "-1e999", "1e308", "0", "-1", "3660", "3661", "1.5", "true"]),
    st.sampled_from(["null", "[]", "{}", '[1, "a", null]', '{"a": [1, {"b": 2}]}']),
    st.tuples(st.integers(min_value=40, max_value=3000), st.sampled_from(["list", "dict"])).map(
        lambda t: _deep(*t)
    ),
    st.sampled_from(['"\\ud800"', '"a\\udfffb"', '"\\ud83d\\ude00"', '"\\u0000"', '"\\ufeff"']),
    st.integers(min_value=1, max_value=40_000).map(lambda n: json.dumps("长" * n)),
    st.sampled_from(
        [
            json.dumps("9" * 5000 + "个工作日"),
            json.dumps("自" + "1" * 3000 + "日起20个工作日内"),
            json.dumps("一" * 5000 + "日"),
            json.dumps("同上"),
            json.dumps("每季度首月" + "9" * 40 + "日前"),
        ]
    ),
)

#: Raw values only YAML can hold: tags, non-text keys, aliases.
YAML_RAW = st.sampled_from(
    [
        "!!int 郑州市住房保障局",
        "!!float abc",
        "!!int " + "9" * 5000,
        "!!float " + "1" * 400,
        "!!bool maybe",
        "!!binary aGVsbG8=",
        "!!timestamp 2020-13-45",
        "!!python/object:os.system ls",
        "!foo bar",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "{1: a, b: c}",
        "{null: a}",
        "{[1]: a}",
        "{true: a, 1.5: b}",
        "&a [*a]",
        ".inf",
        ".nan",
        "0x1F",
        "0o17",
        "1_000",
        "2020-07-08",
        "'\\ud800'",
        '"\\ud800"',
    ]
)

#: Where in the document a value may be replaced.
PATHS: list[tuple[str | int, ...]] = [
    ("gkstd",),
    ("id",),
    ("title",),
    ("jurisdiction",),
    ("jurisdiction", "level"),
    ("items",),
    ("items", 0),
    *[("items", 0, key) for key in yaml.safe_load(GOOD_ITEM)],
    ("items", 0, "basis", 0),
    ("items", 0, "basis", 0, "title"),
    ("items", 0, "basis", 0, "rank"),
    ("items", 0, "time_limit", "days"),
    ("items", 0, "time_limit", "kind"),
    ("items", 0, "time_limit", "parts"),
    ("items", 0, "items"),
    ("items", 0, "content", 0),
    ("items", 0, "levels", 0),
]


def _replace(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _serialise(data: Any, raws: list[str], form: str, ascii_only: bool) -> str:
    if form == "json":
        text = json.dumps(data, ensure_ascii=ascii_only)
        for index, raw in enumerate(raws):
            text = text.replace(json.dumps(_RAW.format(index)), raw)
        return text
    text = yaml.safe_dump(data, allow_unicode=not ascii_only, sort_keys=False, width=10**9)
    for index, raw in enumerate(raws):
        text = text.replace(_RAW.format(index), raw)
    return text


def _encode(text: str, encoding: str) -> str | bytes:
    if encoding == "str":
        return text
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    if encoding == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    if encoding == "gbk":
        return text.encode("gb18030", "replace")
    if encoding == "mixed":  # a UTF-8 document with a GBK line in it
        return text.encode("utf-8", "surrogatepass") + "\n# 注释\n".encode("gbk")
    return text.encode("utf-8", "surrogatepass")


@st.composite
def documents(draw: st.DrawFn) -> str | bytes:
    """The sample catalog with 1–3 values replaced by hostile ones, as YAML or JSON text
    or bytes in one of several encodings."""
    form = draw(st.sampled_from(["yaml", "json"]))
    data = json.loads(json.dumps(BASE))
    raws: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(PATHS))
        raw_values = COMMON_RAW if form == "json" else st.one_of(COMMON_RAW, YAML_RAW)
        raw = draw(raw_values)
        try:
            _replace(data, path, _RAW.format(len(raws)))
        except (KeyError, IndexError, TypeError):
            continue  # the path went away with an earlier replacement
        raws.append(raw)
    text = _serialise(data, raws, form, draw(st.booleans()))
    encoding = draw(st.sampled_from(["str", "utf-8", "utf-8-sig", "utf-16", "gbk", "mixed"]))
    return _encode(text, encoding)


@FUZZ
@given(documents())
def test_mutated_documents_keep_the_contract(document: str | bytes) -> None:
    outcome = harness.call(gkstd.validate, document)
    if outcome.value is not None:
        for finding in outcome.value.findings:
            assert finding.message
            assert finding.message_en


@FUZZ
@given(documents(), documents())
def test_diff_and_resolve_keep_the_contract(old: str | bytes, new: str | bytes) -> None:
    harness.call(gkstd.resolve, old)
    harness.call(gkstd.diff, old, new)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=300),
        st.binary(max_size=300),
        st.text(alphabet="{}[]:,-\"'!&*#\n 1a", max_size=300),
        st.binary(max_size=200).map(lambda b: codecs.BOM_UTF8 + b),
        st.binary(max_size=200).map(lambda b: codecs.BOM_UTF16_LE + b),
    )
)
def test_random_text_and_bytes_keep_the_contract(document: str | bytes) -> None:
    harness.call(gkstd.load, document)
    harness.call(gkstd.validate, document)


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 8))
@given(documents())
def test_cli_validate_keeps_the_contract(document: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "目录.yaml"
        if isinstance(document, str):
            path.write_text(document, "utf-8", errors="surrogatepass")
        else:
            path.write_bytes(document)
        outcome = harness.cli(["validate", str(path)])
        if outcome.exit_code != 0:
            assert "目录.yaml" in outcome.output  # the message names the file


@FUZZ
@given(st.text(alphabet="0123456789一二十百个工作日内自起前每年月季度首,;、", max_size=400))
def test_time_limit_wording_keeps_the_contract(wording: str) -> None:
    if wording.strip():
        harness.call(parse_time_limit, wording)


# -- fixed hostile cases, in a child process (memory limit) and 10x the reported sizes --


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("huge.yaml", minimal_document(replaced(GOOD_ITEM, "days: 20", "days: " + "9" * 50_000))),
    ],
)
def test_cli_subprocess_refuses_deep_and_huge(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    outcome = harness.cli_subprocess(["validate", str(path)])
    assert outcome.exit_code == 2
    assert "GK013" in outcome.output
    assert name in outcome.output


def test_time_limit_wording_10x_the_reported_size_in_time() -> None:
    # 12 KB took ~56 s (a regex retried long number runs from each digit): 120 KB now
    item = replaced(GOOD_ITEM, "time_limit: {kind: working_days, days: 20, text: 20个工作日}", "")
    with limits.raised(max_text_chars=200_000):
        for wording in ("一" * 120_000 + "日", "1、" * 60_000 + "个工作日"):
            text = minimal_document(item + f"time_limit: '{wording}'\n")
            harness.call(gkstd.validate, text)


@pytest.mark.slow
def test_large_one_line_json_with_many_findings_in_time() -> None:
    # 1.3 MB with 8,100 findings took ~14-45 s (each finding compared with every earlier
    # one); 2.6 MB with 16,200 findings now stays well within max_seconds
    item = {**BASE["items"][0], "audience": "所有人", "method": "x", "levels": ["y"]}
    data = {**BASE, "items": [{**item, "id": f"i{i}"} for i in range(5400)]}
    harness.call(gkstd.validate, json.dumps(data, ensure_ascii=False))
