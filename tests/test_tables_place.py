"""Which government and level an imported table belongs to (``gkstd.tables.place``):
captions with a leading number, a domain alias or a department after the name; level
cells written with their own brackets (镇(街)级); the level read from the subjects."""

from __future__ import annotations

import pytest

from gkstd.model.enums import Level
from gkstd.tables import import_table
from gkstd.tables.place import guess_jurisdiction

HEADER = "序号,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道和载体"


@pytest.mark.parametrize(
    ("caption", "names", "expected"),
    [
        # real captions (tests/data/tables/real, the corpus's GK615 false alarms)
        ("(二十二)沙湾区安全生产领域基层政务公开标准目录", "安全生产", ("沙湾区", Level.COUNTY)),
        (
            "戌街乡城乡规划领域基层政务公开标准目录",
            ("国土空间规划", "城乡规划"),
            ("戌街乡", Level.TOWNSHIP),
        ),
        (
            "高明区荷城街道办事处农村集体土地征收领域基层政务公开标准目录",
            ("农村集体土地征收", "集体土地征收"),
            ("高明区荷城街道", Level.TOWNSHIP),
        ),
        ("青浦区教育局义务教育领域基层政务公开标准目录", "义务教育", ("青浦区", Level.COUNTY)),
        ("一、某某县社会救助领域基层政务公开标准目录", "社会救助", ("某某县", Level.COUNTY)),
        ("某县城市管理局城市综合执法领域", "城市综合执法", ("某县", Level.COUNTY)),
        # unchanged: a village committee is not a department after a township's name
        ("某某乡东风村村民委员会村务公开目录", None, ("某某乡东风村村民委员会", Level.VILLAGE)),
        ("淄川区市政服务领域基层政务公开标准目录", "市政服务", ("淄川区", Level.COUNTY)),
        ("市政服务领域基层政务公开标准目录", "市政服务", None),
    ],
)
def test_the_caption_names_the_government(
    caption: str, names: str | tuple[str, ...] | None, expected: tuple[str, Level] | None
) -> None:
    assert guess_jurisdiction(caption, names) == expected


def test_a_domain_alias_in_the_caption_is_cut_at_import() -> None:
    """The pack's aliases (城乡规划 for 国土空间规划) end the government's name too."""
    table = "\n".join(
        [
            "戌街乡城乡规划领域基层政务公开标准目录",
            HEADER,
            "1,公共服务,规划公示,规划批前公示,《城乡规划法》,批准后20个工作日内,乡人民政府,■政府网站",
        ]
    )
    result = import_table(table.encode(), fmt="csv", file="t.csv", domain="spatial-planning")
    assert result.catalog is not None
    assert (result.catalog.jurisdiction.name, result.catalog.jurisdiction.level) == (
        "戌街乡",
        Level.TOWNSHIP,
    )
    assert "GK615" not in {f.code for f in result.findings}


@pytest.mark.parametrize(
    ("cell", "levels"),
    [
        ("镇(街)级", (Level.TOWNSHIP,)),
        ("县(市、区)级、乡镇(街道)级", (Level.COUNTY, Level.TOWNSHIP)),
        ("村(居)级", (Level.VILLAGE,)),
        ("镇(街)级:负责审核", (Level.TOWNSHIP,)),
    ],
)
def test_a_level_cell_with_its_own_brackets_is_read(cell: str, levels: tuple[Level, ...]) -> None:
    table = "\n".join(
        [
            HEADER + ",公开层级",
            f'1,行政许可,某许可,许可结果,《行政许可法》,作出决定之日起7个工作日内,镇人民政府,■政府网站,"{cell}"',
        ]
    )
    result = import_table(table.encode(), fmt="csv", file="t.csv", domain="work-safety")
    assert result.catalog is not None
    (leaf,) = result.catalog.leaves()
    assert leaf.levels == levels
    assert "GK609" not in {f.code for f in result.findings}


def _with_subjects(*subjects: str, level_columns: bool) -> Level:
    head = HEADER + (",县级,乡级" if level_columns else "")
    marks = ",√,√" if level_columns else ""
    rows = [
        f"{n},政策文件,文件{n},文件名称,《政府信息公开条例》,20个工作日内,{s},■政府网站{marks}"
        for n, s in enumerate(subjects, start=1)
    ]
    result = import_table(
        "\n".join([head, *rows]).encode(), fmt="csv", file="t.csv", domain="social-assistance"
    )
    assert result.catalog is not None
    assert "GK615" in {f.code for f in result.findings}  # a guess, and said to be one
    return result.catalog.jurisdiction.level


def test_subjects_that_are_all_a_townships_make_a_township_catalog() -> None:
    """Even when the table keeps the national template's 县级/乡级 columns (宜就镇)."""
    assert _with_subjects("宜就镇人民政府", "宜就镇人民政府", level_columns=True) is Level.TOWNSHIP
    assert _with_subjects("镇级人民政府", "街道办事处", level_columns=False) is Level.TOWNSHIP
    assert _with_subjects("蓬莱派出所", "蓬莱派出所", level_columns=False) is Level.TOWNSHIP


def test_a_county_body_beside_the_townships_keeps_the_county() -> None:
    """县级政府民政部门、乡镇政府(街道办事处): a county catalog naming who acts where."""
    assert (
        _with_subjects(
            "县级政府民政部门、乡镇政府(街道办事处)", "民政局、乡镇人民政府", level_columns=False
        )
        is Level.COUNTY
    )
    assert _with_subjects("宜就镇人民政府", "县民政局", level_columns=True) is Level.COUNTY
