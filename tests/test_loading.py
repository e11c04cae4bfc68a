"""Loading documents: every kind of bad input gives coded findings, never a traceback."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given

import gkstd
from gkstd.io.loader import Migration, load_document
from gkstd.model import Audience, Catalog, Level, Method
from gkstd.plugins.manager import build_registry
from gkstd.testing.strategies import catalogs


def codes(source: object) -> list[str]:
    _catalog, report = gkstd.load(source)  # type: ignore[arg-type]
    return report.codes()


def test_minimal_catalog_loads(minimal_text: str) -> None:
    catalog, report = gkstd.load(minimal_text)
    assert report.valid
    assert report.findings == ()
    assert catalog is not None
    leaf = catalog.item("gas.permit")
    assert leaf is not None
    assert leaf.method is Method.PROACTIVE
    assert catalog.jurisdiction.level is Level.COUNTY


def test_missing_file(tmp_path: Path) -> None:
    catalog, report = gkstd.load(tmp_path / "nope.yaml")
    assert catalog is None
    assert report.codes() == ["GK001"]
    assert report.unusable == 1
    assert "nope.yaml" in report.findings[0].location.file  # type: ignore[operator]


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    assert codes(tmp_path) == ["GK001"]


def test_malformed_yaml_names_line_and_column() -> None:
    _, report = gkstd.load('gkstd: "1.0"\nid: x\ntitle: [unclosed\n')
    assert report.codes() == ["GK004"]
    assert report.findings[0].location.line == 4
    assert "列" in report.findings[0].message


def test_duplicate_keys_are_reported_with_both_lines(minimal_text: str) -> None:
    catalog, report = gkstd.load(minimal_text + "title: 又一个标题\n")
    assert catalog is None
    finding = report.findings[0]
    assert finding.code == "GK005"
    assert finding.location.line == minimal_text.count("\n") + 1
    assert "第一次出现在第 4 行" in finding.message


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert codes("\n".join(lines) + "\n") == ["GK006"]


def test_recursive_alias_is_refused() -> None:
    assert codes("a: &a [*a]\nb: 1\n") == ["GK006"]


def test_gbk_file_is_decoded_with_a_warning(tmp_path: Path, minimal_text: str) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(minimal_text.encode("gbk"))
    catalog, report = gkstd.load(path)
    assert catalog is not None
    assert catalog.title.startswith("测试县")
    assert report.codes() == ["GK003"]
    assert report.valid  # a warning only


def test_utf8_bom_is_read_silently(tmp_path: Path, minimal_text: str) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(codecs.BOM_UTF8 + minimal_text.encode("utf-8"))
    catalog, report = gkstd.load(path)
    assert catalog is not None
    assert report.findings == ()


def test_utf16_with_bom_is_read(tmp_path: Path, minimal_text: str) -> None:
    path = tmp_path / "u16.yaml"
    path.write_bytes(minimal_text.encode("utf-16"))
    catalog, _ = gkstd.load(path)
    assert catalog is not None


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (b"PK\x03\x04rest-of-zip", "Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office"),
        (b"%PDF-1.7\n", "PDF"),
        (b"abc\x00def", "空字节"),
        (b"\xff\xfe\xfd\x81\x30", "UTF-8"),
    ],
)
def test_binary_or_undecodable_input(tmp_path: Path, data: bytes, word: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    catalog, report = gkstd.load(path)
    assert catalog is None
    assert report.codes() == ["GK002"]
    assert word in report.findings[0].message


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"# only a comment\n"])
def test_empty_documents(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(content)
    assert codes(path) == ["GK007"]


def test_missing_and_unsupported_versions(minimal_text: str) -> None:
    assert codes(minimal_text.replace('gkstd: "1.0"\n', "")) == ["GK008"]
    catalog, report = gkstd.load(minimal_text.replace('gkstd: "1.0"', 'gkstd: "9.0"'))
    assert catalog is None
    assert report.codes() == ["GK008"]
    assert "9.0" in report.findings[0].message
    # an unquoted 1.0 is a number: explain how to quote it
    catalog, report = gkstd.load(minimal_text.replace('gkstd: "1.0"', "gkstd: 1.0"))
    assert report.codes() == ["GK008"]
    assert "加引号" in report.findings[0].message


def test_migration_chain_is_followed(minimal_text: str) -> None:
    def upgrade(data: dict) -> dict:  # type: ignore[type-arg]
        data["title"] = data.pop("name")
        return data

    old = minimal_text.replace('gkstd: "1.0"', 'gkstd: "0.9"').replace("title:", "name:", 1)
    doc = load_document(old, [Migration("0.9", "1.0", upgrade)])
    assert doc.catalog is not None
    assert doc.catalog.title.startswith("测试县")
    assert [f.code for f in doc.findings] == ["GK012"]


def test_unknown_key_suggests_the_right_one(minimal_text: str) -> None:
    catalog, report = gkstd.load(minimal_text.replace("        subject:", "        subjcet:"))
    assert catalog is None
    finding = report.findings[0]
    assert finding.code == "GK009"
    assert "subject" in finding.message
    assert "subjcet" in finding.message
    assert finding.location.line == 16
    assert finding.location.path == "$.items[0].items[0].subjcet"


def test_unknown_enum_value_is_gk103_with_suggestion(minimal_text: str) -> None:
    _, report = gkstd.load(minimal_text.replace("audience: 全社会", "audience: 全社"))
    finding = report.findings[0]
    assert finding.code == "GK103"
    assert "全社会" in finding.message
    assert finding.location.path == "$.items[0].items[0].audience"
    assert finding.location.line == 19


def test_enum_variants_are_accepted(minimal_text: str) -> None:
    text = (
        minimal_text.replace("audience: 全社会", "audience: 特定群体")
        .replace("method: 主动", "method: 依申请公开")
        .replace("levels: [县级]", "levels: [区级, 街道]")
        .replace("level: 县级}", "level: 区级}")
    )
    catalog, report = gkstd.load(text)
    assert report.findings == ()
    leaf = catalog.item("gas.permit")  # type: ignore[union-attr]
    assert leaf.audience is Audience.SPECIFIC
    assert leaf.method is Method.ON_REQUEST
    assert leaf.levels == (Level.COUNTY, Level.TOWNSHIP)
    assert "特定对象" in gkstd.dump(catalog)  # output uses the canonical label


def test_numbers_are_not_coerced_to_strings(minimal_text: str) -> None:
    _, report = gkstd.load(
        minimal_text.replace("subject: 测试县住房和城乡建设局", "subject: 12345")
    )
    assert report.codes() == ["GK009"]
    assert "加引号" in report.findings[0].message


def test_yaml_11_booleans_stay_text(minimal_text: str) -> None:
    catalog, report = gkstd.load(
        minimal_text.replace("subject: 测试县住房和城乡建设局", "subject: no")
    )
    assert report.findings == ()
    assert catalog.item("gas.permit").subject == "no"  # type: ignore[union-attr]


def test_all_schema_errors_are_reported(minimal_text: str) -> None:
    text = minimal_text.replace("title:", "titel:").replace("days: 20", "days: twenty")
    _, report = gkstd.load(text)
    assert len(report.findings) >= 3  # unknown key, missing title, wrong type
    assert {f.code for f in report.findings} == {"GK009"}


def test_extends_and_conforms_to_are_exclusive(minimal_text: str) -> None:
    text = minimal_text + "extends: municipal-services\nconforms_to: municipal-services\n"
    _, report = gkstd.load(text)
    assert report.codes() == ["GK009"]
    assert "extends" in report.findings[0].message


def test_impossible_date_is_gk010(minimal_text: str) -> None:
    _, report = gkstd.load(minimal_text + "issued: '2020-02-30'\n")
    assert report.codes() == ["GK010"]
    assert report.findings[0].location.path == "$.issued"


def test_json_documents_load_with_lines(minimal_text: str, tmp_path: Path) -> None:
    catalog, _ = gkstd.load(minimal_text)
    path = tmp_path / "c.json"
    path.write_text(gkstd.dump(catalog, "json"), encoding="utf-8")  # type: ignore[arg-type]
    again, report = gkstd.load(path)
    assert again == catalog
    assert report.findings == ()
    broken = tmp_path / "broken.json"
    broken.write_text('{"gkstd": "1.0",\t"id": }', encoding="utf-8")
    _, report = gkstd.load(broken)
    assert report.codes() == ["GK004"]


def test_unsupported_tags_are_refused() -> None:
    assert codes("a: !!python/object/apply:os.system ['echo hi']\n") == ["GK004"]


def test_registry_migrations_are_used(minimal_text: str) -> None:
    class Plugin:
        @gkstd.hookimpl
        def gkstd_register_migrations(self, ctx: gkstd.HookContext) -> list[Migration]:
            return [Migration("0.9", "1.0", lambda d: d)]

    reg = build_registry(autoload=False, plugins={"mig": Plugin()}, first_party=["mig"])
    catalog, report = gkstd.load(minimal_text.replace('"1.0"', '"0.9"'), registry=reg)
    assert catalog is not None
    assert report.codes() == ["GK012"]


@pytest.mark.slow
@given(catalogs())
def test_lazy_json_lines_agree_with_the_full_line_map(catalog: Catalog) -> None:
    from gkstd.io.parse import LazyLines, _parse_yaml

    text = gkstd.dump(catalog, "json")
    lazy = LazyLines(text, None)
    for path, line in _parse_yaml(text, None).lines.items():
        assert lazy[path] == line, path


def test_a_leaf_is_named_by_its_id_else_by_its_only_name() -> None:
    from gkstd.model import Item, Jurisdiction

    leaves = (
        Item(id="a.one", name="许可"),
        Item(id="a.two", name="处罚"),
        Item(id="a.three", name="处罚"),
        Item(id="a.four", name="a.one"),
    )
    catalog = Catalog(
        id="c",
        domain="example",
        title="t",
        jurisdiction=Jurisdiction("甲县", Level.COUNTY),
        items=(Item(id="a", name="组", items=leaves),),
    )
    assert catalog.leaf("a.two") is leaves[1]
    assert catalog.leaf("许可") is leaves[0]
    assert catalog.leaf("a.one") is leaves[0]  # an id before a name
    assert catalog.leaf("处罚") is None  # two leaves of that name
    assert catalog.leaf("a") is None  # not a leaf
    assert catalog.leaf("nothing") is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('gkstd: "1.0"\nitems: [1, 2\n', "缺少逗号或右方括号"),
        ('gkstd: "1.0"\n\tid: a\n', "Tab"),
        ('gkstd: "1.0"\ntitle: a: b\n', "此处不能出现冒号"),
        ('{"gkstd": "1.0", "id": "a",}', "键必须用双引号括起来"),
        ('{"gkstd": "1.0" "id": "a"}', "缺少逗号"),
    ],
)
def test_a_syntax_error_is_said_in_chinese_and_in_english(text: str, said: str) -> None:
    """The Chinese message carried the reader's English ("did not find expected ',' or
    ']'") inside a Chinese sentence."""
    from gkstd.io.loader import load_document

    (finding,) = [f for f in load_document(text.encode()).findings if f.code == "GK004"]
    assert said in finding.message
    assert "expected" not in finding.message
    assert "Expecting" not in finding.message
    assert finding.args["detail"] in finding.message_en  # the reader's own words, in English


@pytest.mark.parametrize("limit", ['"\u3000 "', '{kind: text, text: " "}', "' '"])
def test_a_blank_time_limit_is_no_time_limit(limit: str) -> None:
    """{kind: text, text: " "} made validate, resolve, diff and deadline exit 3 (a bare
    ValueError from the comparison); blank wording gave GK010 'unknown error'."""
    import gkstd

    text = (
        'gkstd: "1.0"\nid: a/b\ndomain: municipal-services\ntitle: t\n'
        "jurisdiction: {name: 淄川区, level: 县级}\nextends: municipal-services\nitems:\n"
        "  - id: gas.operating-permit\n    name: 燃气经营许可证核发\n"
        f"    time_limit: {limit}\n"
    )
    report = gkstd.validate(text.encode())
    assert report.valid, [f.code for f in report.findings]  # inherits the national limit
    resolved = gkstd.resolve(text.encode())
    assert resolved.catalog is not None
    (item,) = [i for i in resolved.catalog.walk() if i.id == "gas.operating-permit"]
    assert item.time_limit is not None
    assert item.time_limit.text != " "
    standalone = text.replace("extends: municipal-services\n", "")
    codes = [f.code for f in gkstd.validate(standalone.encode()).findings]
    assert "GK101" in codes  # a leaf with no time limit, said as such
    assert "GK010" not in codes


@pytest.mark.parametrize("text", ["~\n", "null\n", "---\n"])
def test_a_document_of_nothing_says_so(text: str) -> None:
    """It was unusable with no finding at all (exit 2, an empty list)."""
    from gkstd.io.loader import load_document

    loaded = load_document(text.encode())
    assert loaded.catalog is None
    assert [f.code for f in loaded.findings] == ["GK009"]
    assert "null" in loaded.findings[0].message


def test_a_utf8_mark_before_gbk_text_is_refused_never_replaced() -> None:
    """The text after the mark was decoded with replacement: validate passed and resolve
    wrote the title as U+FFFD."""
    from gkstd.io.decode import decode

    data = b"\xef\xbb\xbf" + 'gkstd: "1.0"\ntitle: 淄川区目录\n'.encode("gbk")
    decoded = decode(data, "c.yaml")
    assert decoded.text is None
    (finding,) = decoded.findings
    assert finding.code == "GK002"
    assert finding.location.line == 2
    assert "BOM" in finding.message


@pytest.mark.parametrize(
    ("limit", "said"),
    [
        ("{kind: fixed_date, month: 2, day: 30}", "2 月 30 日"),
        ("{kind: periodic, period: quarter, month: 9, day: 10}", "没有第 9 个月"),
        ("{kind: periodic, period: 季度, month: 2, day: 40}", "没有 40 日"),
        (
            "{kind: compound, parts: [{kind: fixed_date, month: 4, day: 31}, {kind: immediate}]}",
            "4 月 31 日",
        ),
    ],
)
def test_a_date_no_year_has_is_refused(limit: str, said: str) -> None:
    """A mapping was taken as written (the wording parser refuses the same values): made-up
    deadlines followed (2 月 30 日 → 3 月 1 日) and false GK501 in the audit."""
    from gkstd.io.loader import load_document

    text = (
        'gkstd: "1.0"\nid: a/b\ndomain: municipal-services\ntitle: t\n'
        "jurisdiction: {name: 淄川区, level: 县级}\nextends: municipal-services\nitems:\n"
        f"  - id: gas.operating-permit\n    name: x\n    time_limit: {limit}\n"
    )
    loaded = load_document(text.encode())
    assert loaded.catalog is None
    (finding,) = [f for f in loaded.findings if f.code == "GK009"]
    assert said in finding.message
    assert finding.location.line == 10
    ok = text.replace(limit, "{kind: fixed_date, month: 2, day: 29}")
    assert load_document(ok.encode()).catalog is not None


@pytest.mark.parametrize(
    ("element", "said"),
    [
        ("channels: [' ']", "不全是空白的文字"),
        ("time_limit: {kind: compound, parts: []}", "parts"),
    ],
)
def test_what_gkstd_could_not_write_back_is_refused_on_reading(element: str, said: str) -> None:
    """A blank channel and a compound limit of no part validated clean, but the re-saved
    document (migrate, resolve -o, gkstd.dump) was refused by gkstd itself."""
    from gkstd.io.loader import load_document

    text = (
        'gkstd: "1.0"\nid: a/b\ndomain: municipal-services\ntitle: t\n'
        "jurisdiction: {name: 淄川区, level: 县级}\nitems:\n"
        f"  - id: a\n    name: x\n    {element}\n"
    )
    loaded = load_document(text.encode())
    assert loaded.catalog is None
    assert any(f.code == "GK009" and said in f.message for f in loaded.findings)


def test_a_document_of_more_items_than_the_limit_is_refused_before_checking() -> None:
    """A 14 MB document of 200,000 items took 106 s and 1.9 GB (no limit counted items)."""
    import json

    import gkstd
    from gkstd.diagnostics import limits

    head = {"gkstd": "1.0", "id": "a", "domain": "municipal-services", "title": "t"}
    head["jurisdiction"] = {"name": "某县", "level": "县级"}  # type: ignore[assignment]
    groups = [
        {"id": f"g{k}", "name": f"组{k}", "items": [{"id": f"g{k}.i", "name": "x"}]}
        for k in range(6)
    ]
    text = json.dumps({**head, "items": groups}, ensure_ascii=False).encode()
    with limits.raised(max_items=10):  # 12 items, nested: all are counted
        (finding,) = gkstd.validate(text).findings
    assert finding.code == "GK013"
    assert "GKSTD_LIMIT_MAX_ITEMS" in finding.message
    assert all(f.code != "GK013" for f in gkstd.validate(text).findings)
