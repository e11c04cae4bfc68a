"""Village and community lists (村（居）务公开) checked against their township's catalog
(GK7xx, and the GK2xx rules at 村级; docs/villages.md).

The township and county catalogs are real published tables (tests/data/tables/real, see
CORPUS.yaml there).  No real village list is among them, so the village lists here are
**derived test fixtures**: the rows of a real table whose 公开层级 column 乡、村级 is ticked,
under an invented caption (示例村…, "派生测试清单"), with the village committee as 公开主体
and the village's own channels.  They are not real village-list content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.inherit.workspace import Workspace
from gkstd.io.dumper import dump_catalog
from gkstd.model import Catalog, Channel, Level
from gkstd.model.enums import channel_kind
from gkstd.rules.village import government_platform, village_document
from gkstd.tables import import_table
from gkstd.tables.place import find_jurisdiction, guess_jurisdiction

REAL = Path(__file__).parent / "data" / "tables" / "real"
#: A township (乡) catalog whose two rows are ticked 乡、村级 (县级 / 乡、村级 columns).
TOWNSHIP = REAL / "yanglao-fuwu__dahekou-xiang.csv"
#: A county catalog whose three rows are ticked 乡、村级 (州级县级 / 乡、村级 columns).
COUNTY = REAL / "nongcun-weifang-gaizao__xinjiang-wuqia.csv"
#: The derived lists' caption: an invented village, said to be a derived test list.
CAPTION = "示例村村务公开目录（派生测试清单，非真实村务公开内容）"
#: Column indexes of the real layout (two header rows, same for both tables).
CONTENT, LIMIT, SUBJECT, CHANNELS, VILLAGE_TICK = 3, 5, 6, 7, 13

Row = list[str]


def _rows(path: Path) -> list[Row]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _parent(path: Path) -> Catalog:
    """The real table imported as it is (the county one at 县级: its caption names none)."""
    if path == TOWNSHIP:
        result = import_table(path, domain="elderly-care", catalog_id="dahekou/elderly-care")
    else:
        result = import_table(
            path, domain="rural-housing-renovation", level=Level.COUNTY, catalog_id="county/rhr"
        )
    assert result.catalog is not None
    return result.catalog


def _village_channels(cell: str) -> str:
    """The village's channels for a row: the parent's boxes without the government's own
    platform (a village has no website), plus the village's own WeChat group."""
    kept = [box for box in cell.split() if not government_platform(box.lstrip("■□"))]
    return " ".join(["■村民微信群", *kept])


def derived_village(
    path: Path,
    change: Callable[[int, Row], Row | None] = lambda i, row: row,
    *,
    caption: str = CAPTION,
    verbatim: bool = False,
) -> bytes:
    """A DERIVED TEST village list in the real table's layout: its rows ticked 乡、村级,
    each passed through ``change`` (``None`` drops the row).  Unless ``verbatim``, the
    公开主体 is the village committee and the channels are the village's own."""
    rows = _rows(path)
    out: list[Row] = [[caption], rows[1], rows[2]]
    for index, row in enumerate(r for r in rows[3:] if r[VILLAGE_TICK] == "√"):
        row = list(row)
        if not verbatim:
            row[SUBJECT] = "示例村村民委员会"
            row[CHANNELS] = _village_channels(row[CHANNELS])
        changed = change(index, row)
        if changed is not None:
            out.append(changed)
    buf = io.StringIO()
    csv.writer(buf).writerows(out)
    return buf.getvalue().encode("utf-8")


def own_findings(data: bytes, parent: Catalog | None, **options: object) -> list[Finding]:
    """The village list's own findings (not its parent's), as ``gkstd import --conforms-to
    township.yaml`` reports them."""
    kwargs: dict = {"parent": parent, "parent_ref": "township.yaml"} if parent else {}
    result = import_table(
        data, fmt="csv", file="village.csv", catalog_id="example/village", **kwargs, **options
    )
    assert result.catalog is not None, [f.message for f in result.findings]
    assert result.catalog.jurisdiction.level is Level.VILLAGE
    parents = {"township.yaml": parent} if parent is not None else None
    ws = Workspace(parents=parents)
    resolved = ws.resolve(dump_catalog(result.catalog))
    return [*result.findings, *ws.check(resolved)]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


@pytest.fixture(scope="module")
def township() -> Catalog:
    return _parent(TOWNSHIP)


@pytest.fixture(scope="module")
def county() -> Catalog:
    return _parent(COUNTY)


# ------------------------------------------------------------------------- level detection


@pytest.mark.parametrize(
    ("caption", "name", "level"),
    [
        ("东风村村务公开目录", "东风村", Level.VILLAGE),
        ("东风社区居务公开事项清单", "东风社区", Level.VILLAGE),
        ("东风村村（居）务公开清单", "东风村", Level.VILLAGE),
        ("东风村党务村务财务公开目录", "东风村", Level.VILLAGE),
        ("东风村民委员会村务公开事项清单", "东风村民委员会", Level.VILLAGE),
        ("东风居委会居务公开清单", "东风居委会", Level.VILLAGE),
        ("和平街道办事处政务公开事项清单", "和平街道", Level.TOWNSHIP),
        ("某某镇政务公开事项标准目录", "某某镇", Level.TOWNSHIP),
        (CAPTION, "示例村", Level.VILLAGE),
    ],
)
def test_captions_of_village_and_community_lists_name_the_village_level(
    caption: str, name: str, level: Level
) -> None:
    """村/社区/居委会 lists are 村级; 街道 is the township level (docs/villages.md)."""
    assert guess_jurisdiction(caption, None) == (name, level)


def test_a_file_name_names_the_village_when_the_caption_does_not() -> None:
    found = find_jurisdiction(None, "Sheet1", "东风社区居务公开事项清单.xlsx", None)
    assert found == ("东风社区", Level.VILLAGE)


def test_captions_with_a_domain_still_read_as_before() -> None:
    assert guess_jurisdiction("大河口乡养老服务领域基层政务公开事项标准目录", "养老服务") == (
        "大河口乡",
        Level.TOWNSHIP,
    )


def test_the_derived_list_imports_at_village_level(township: Catalog) -> None:
    result = import_table(derived_village(TOWNSHIP), fmt="csv", file="village.csv")
    assert result.catalog is not None
    assert result.catalog.jurisdiction.name == "示例村"
    assert result.catalog.jurisdiction.level is Level.VILLAGE
    assert "GK615" not in codes(list(result.findings))


# ------------------------------------------------------------------------- channels


def test_a_villagers_wechat_group_is_a_channel_of_its_own_not_government_new_media() -> None:
    assert channel_kind("村民微信群") is None
    assert channel_kind("村（居）民微信群") is None
    assert channel_kind("村微信公众号") is Channel.NEW_MEDIA
    assert channel_kind("村务公开栏") is Channel.BULLETIN_BOARD
    assert government_platform(Channel.WEBSITE)
    assert government_platform(Channel.GAZETTE)
    assert government_platform("镇政府网站村务公开专栏")
    assert not government_platform("村民微信群")
    assert not government_platform(Channel.BULLETIN_BOARD)


# ------------------------------------------------------------------------- faithful lists


@pytest.mark.parametrize("path", [TOWNSHIP, COUNTY], ids=["township", "county"])
def test_a_faithful_village_list_has_no_findings(
    path: Path, township: Catalog, county: Catalog
) -> None:
    """Every 村级 row, with the village's own channels and no website: nothing to report
    (no GK301 or GK204 for the website it cannot have, no GK216 for the 公开层级 it need
    not state)."""
    parent = township if path == TOWNSHIP else county
    found = own_findings(derived_village(path), parent)
    # GK609: the county layout writes 县级/州级 in its tick column, a note the real table
    # gets too (the rows are copied from it)
    found = [f for f in found if f.code != "GK609"]
    assert found == [], [(f.code, f.message) for f in found]


def test_a_village_list_without_level_columns_is_not_asked_for_them(township: Catalog) -> None:
    def cut(index: int, row: Row) -> Row:
        return row[:12]

    data = derived_village(TOWNSHIP, cut).decode("utf-8").splitlines()
    header = "\n".join(",".join(r[:12]) for r in csv.reader(data[1:3]))
    body = "\n".join(data[3:])
    trimmed = (data[0] + "\n" + header + "\n" + body + "\n").encode("utf-8")
    found = own_findings(trimmed, township)
    assert found == [], [(f.code, f.message) for f in found]


# ------------------------------------------------------------------------- each rule fires


def test_an_item_removed_is_missing_gk201(township: Catalog) -> None:
    data = derived_village(TOWNSHIP, lambda i, row: None if i == 1 else row)
    found = [f for f in own_findings(data, township) if f.code == "GK201"]
    assert len(found) == 1
    assert found[0].severity is Severity.ERROR
    assert "养老服务扶持政策措施清单" in found[0].message


def test_content_dropped_is_gk202(township: Catalog) -> None:
    def drop(index: int, row: Row) -> Row:
        if index == 0:
            assert row[CONTENT] == "文件名称、文号、发文部门"
            row[CONTENT] = "文件名称"
        return row

    found = [
        f for f in own_findings(derived_village(TOWNSHIP, drop), township) if f.code == "GK202"
    ]
    assert len(found) == 1
    assert found[0].severity is Severity.ERROR
    assert "文号" in found[0].message


def test_a_looser_limit_is_gk206(township: Catalog) -> None:
    def loosen(index: int, row: Row) -> Row:
        if index == 0:
            assert row[LIMIT] == "信息形成或变更之日起3个工作日内"
            row[LIMIT] = "信息形成或变更之日起10个工作日内"
        return row

    found = list(own_findings(derived_village(TOWNSHIP, loosen), township))
    assert codes(found) == {"GK206"}, [(f.code, f.message) for f in found]


def test_a_looser_limit_against_the_county_is_gk206(county: Catalog) -> None:
    def loosen(index: int, row: Row) -> Row:
        if index == 2:
            assert row[LIMIT] == "分配结果确定后20个工作日内"
            row[LIMIT] = "分配结果确定后30个工作日内"
        return row

    assert "GK206" in codes(own_findings(derived_village(COUNTY, loosen), county))


@pytest.mark.parametrize("path", [TOWNSHIP, COUNTY], ids=["township", "county"])
def test_only_the_government_website_is_gk701(
    path: Path, township: Catalog, county: Catalog
) -> None:
    parent = township if path == TOWNSHIP else county

    def website_only(index: int, row: Row) -> Row:
        if index == 0:
            row[CHANNELS] = "■政府网站"
        return row

    found = own_findings(derived_village(path, website_only), parent)
    gk701 = [f for f in found if f.code == "GK701"]
    assert len(gk701) == 1
    assert gk701[0].severity is Severity.WARNING
    assert "政府网站" in gk701[0].message
    # the village also lost the parent's notice board (GK204), but never its website
    lost = [f for f in found if f.code == "GK204"]
    assert lost
    assert all("缺少公开渠道：政府网站" not in f.message for f in lost)
    assert "GK301" not in codes(found)


def test_a_village_list_with_no_township_parent_is_gk702() -> None:
    """Imported with the pack's national catalog as parent (the default) or standalone."""
    found = own_findings(derived_village(TOWNSHIP), None, domain="elderly-care")
    gk702 = [f for f in found if f.code == "GK702"]
    assert len(gk702) == 1
    assert gk702[0].severity is Severity.INFO
    assert "elderly-care" in gk702[0].message
    alone = own_findings(derived_village(TOWNSHIP), None, domain="elderly-care", conform=False)
    assert [f.code for f in alone if f.code == "GK702"] == ["GK702"]
    assert "没有上级目录" in next(f.message for f in alone if f.code == "GK702")


# ------------------------------------------------------------------------- level view

_TOWNSHIP_DOC = """gkstd: "1.0"
id: township
domain: example
title: 示例镇示例领域基层政务公开标准目录
jurisdiction: {name: 示例镇, level: 乡级}
items:
  - id: permit
    name: 燃气经营许可证核发
    content: [申请条件, 申请材料]
    basis: [{title: 城镇燃气管理条例, rank: 行政法规}]
    time_limit: 20个工作日
    subject: 示例镇人民政府
    method: 主动
    channels: [政府网站, 社区/企事业单位/村公示栏（电子屏）]
    audience: 全社会
    levels: [乡级, 村级]
  - id: township-only
    name: 镇级专项规划
    content: [规划文本]
    basis: [{title: 城乡规划法, rank: 法律}]
    time_limit: 20个工作日
    subject: 示例镇人民政府
    method: 主动
    channels: [政府网站]
    audience: 全社会
    levels: [乡级]
"""

_VILLAGE_ITEM = """id: permit
name: 燃气经营许可证核发
content: [申请条件, 申请材料]
basis: [{title: 城镇燃气管理条例, rank: 行政法规}]
time_limit: 20个工作日
subject: 示例村村民委员会
method: 主动
channels: [社区/企事业单位/村公示栏（电子屏）, 村民微信群]
audience: 全社会
levels: [村级]
"""


def _check(village: str) -> set[str]:
    ws = Workspace(parents={"parent": _TOWNSHIP_DOC})
    return codes(list(ws.check(ws.resolve(village))))


def test_the_township_view_at_village_level_keeps_only_village_items() -> None:
    """The township-only item is not asked of the village; the 村级 one is (GK201)."""
    ws = Workspace(parents={"parent": _TOWNSHIP_DOC})
    parent = ws.resolve(_TOWNSHIP_DOC)
    assert [i.id for i in parent.view(Level.VILLAGE)] == ["permit"]
    assert _check(village_document(_VILLAGE_ITEM, parent="parent")) == set()
    other = _VILLAGE_ITEM.replace("id: permit\nname: 燃气经营许可证核发", "id: x\nname: 村级事项")
    assert "GK201" in _check(village_document(other, parent="parent"))


def test_gk301_and_the_website_part_of_gk204_are_kept_above_village_level() -> None:
    """The same list at 乡级 is asked for the website (GK204, GK301): only 村级 is exempt."""
    township_child = village_document(_VILLAGE_ITEM, parent="parent").replace(
        "level: 村级", "level: 乡级"
    )
    # a township may not be the parent of a township (GK213), so use a county parent
    ws = Workspace(parents={"parent": _TOWNSHIP_DOC.replace("level: 乡级}", "level: 县级}")})
    found = codes(list(ws.check(ws.resolve(township_child))))
    assert {"GK204", "GK301"} <= found


# ------------------------------------------------------------------------- property


_BOXES = ("政府网站", "两微一端", "公开查阅点", "社区/企事业单位/村公示栏（电子屏）", "入户/现场")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from([TOWNSHIP, COUNTY]),
    channels=st.lists(st.sets(st.sampled_from(_BOXES), min_size=1), min_size=3, max_size=3),
    limits=st.lists(
        st.sampled_from(
            ["信息形成或变更之日起20个工作日内", "信息形成之日起5个工作日内", "实时公开"]
        ),
        min_size=3,
        max_size=3,
    ),
)
def test_a_verbatim_copy_of_the_village_items_never_gets_a_gk7xx_error(
    path: Path, channels: list[set[str]], limits: list[str]
) -> None:
    """A DERIVED township table (the real one with generated channels and limits), and a
    village list copying its 村级 rows verbatim: no error at all, no GK7xx finding other
    than GK701 on exactly the rows the township itself publishes only on its website."""
    rows = _rows(path)

    def vary(index: int, row: Row) -> Row:
        row = list(row)
        row[CHANNELS] = " ".join(f"■{box}" for box in sorted(channels[index]))
        row[LIMIT] = limits[index]
        return row

    body = [vary(i, r) for i, r in enumerate(rows[3:])]
    buf = io.StringIO()
    csv.writer(buf).writerows([rows[0], rows[1], rows[2], *body])
    domain = "elderly-care" if path == TOWNSHIP else "rural-housing-renovation"
    level = Level.TOWNSHIP if path == TOWNSHIP else Level.COUNTY
    made = import_table(
        buf.getvalue().encode(), fmt="csv", file="t.csv", domain=domain, level=level, check=False
    )
    assert made.catalog is not None
    parent = made.catalog
    village = derived_village(path, lambda i, row: vary(i, row), verbatim=True)
    found = own_findings(village, parent)
    assert [f for f in found if f.severity is Severity.ERROR] == [], [f.message for f in found]
    gk7 = [f for f in found if f.code.startswith("GK7")]
    website_only = [i for i, c in enumerate(channels[: len(body)]) if c == {"政府网站"}]
    assert {f.code for f in gk7} <= {"GK701"}
    assert len(gk7) == len(website_only)
