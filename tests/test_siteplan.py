"""The website column plan (``gkstd columns``) and the site check (GK402/GK403)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkstd.inherit.workspace import Workspace
from gkstd.model import Catalog
from gkstd.model.enums import Method
from gkstd.plugins.registry import Registry
from gkstd.tables.siteplan import SiteError, check_site, column_plan, read_site


@pytest.fixture(scope="module")
def agri(registry: Registry) -> Catalog:
    catalog = Workspace(registry).resolve_ref("agricultural-subsidies").catalog
    assert catalog is not None
    return catalog


def _proactive(catalog: Catalog) -> list[str]:
    return [i.id for i in catalog.leaves() if i.method is Method.PROACTIVE]


def test_plan_has_one_column_per_proactive_item(agri: Catalog) -> None:
    (root,) = column_plan([agri])
    assert root.title == agri.title
    served = [c.item for c in root.walk() if c.item]
    assert served == _proactive(agri)
    # grouped by first-level item: every group is a first-level item name
    tops = {i.name for i in agri.items}
    assert all(group.title in tops for group in root.children)


def test_site_check_reports_missing_and_unmatched(agri: Catalog, tmp_path: Path) -> None:
    leaves = [i for i in agri.leaves() if i.method is Method.PROACTIVE]
    served, missing = leaves[0], leaves[1:]
    site = tmp_path / "site.json"
    site.write_text(
        json.dumps(
            {
                "columns": [
                    {
                        "title": "政务公开",
                        "children": [
                            {"title": agri.items[0].name},
                            {"title": f"（{served.name}）", "url": "https://example.gov.cn/1"},
                            {"title": "工作动态"},
                        ],
                    }
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    columns = read_site(site)
    result = check_site([agri], columns, files=["agri.yaml"], site_file=str(site))
    assert set(result.served) == {served.id}  # punctuation does not matter
    missing_ids = [f.location.item for f in result.findings if f.code == "GK402"]
    assert missing_ids == [i.id for i in missing]
    unmatched = [f.message for f in result.findings if f.code == "GK403"]
    assert len(unmatched) == 1
    assert "工作动态" in unmatched[0]  # group columns and parents are not reported
    assert result.coverage == pytest.approx(1 / len(leaves))


def test_site_csv_with_paths_and_gbk(agri: Catalog, tmp_path: Path) -> None:
    names = [i.name for i in agri.leaves() if i.method is Method.PROACTIVE]
    lines = ["路径,链接"] + [f"政务公开/涉农补贴/{n},https://x/{k}" for k, n in enumerate(names)]
    site = tmp_path / "site.csv"
    site.write_bytes("\n".join(lines).encode("gbk"))
    result = check_site([agri], read_site(site))
    assert not [f for f in result.findings if f.code == "GK402"]
    assert result.coverage == 1.0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.json", "{not json"),
        ("bad.csv", "甲,乙\n1,2\n"),
        ("bad.json", '{"columns": 3}'),
        ("site.xlsx", "x"),
    ],
)
def test_bad_site_files(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SiteError) as info:
        read_site(path)
    assert str(path) in info.value.message


@pytest.mark.parametrize("depth", [100, 50_000])
def test_deeply_nested_site_files_are_refused(tmp_path: Path, depth: int) -> None:
    """Columns nested past max_depth, and JSON nested past Python's recursion limit."""
    if depth < 1000:
        root: dict[str, object] = {"title": "根"}
        node = root
        for i in range(depth):
            child: dict[str, object] = {"title": f"栏目{i}"}
            node["children"] = [child]
            node = child
        text = json.dumps([root])
    else:
        text = "[" * depth + "]" * depth
    path = tmp_path / "site.json"
    path.write_text(text, "utf-8")
    with pytest.raises(SiteError) as caught:
        read_site(str(path))
    assert "site.json" in caught.value.message
    assert "嵌套" in caught.value.message


def test_a_plan_without_columns_says_why() -> None:
    """No item of the pack's national catalog states its method: the plan is the title
    alone, and the command says why instead of printing it without a word."""
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    chinese = CliRunner().invoke(cli, ["columns", "municipal-services"])
    assert chinese.exit_code == 0
    assert "没有栏目" in chinese.stdout
    assert "主动" in chinese.stdout
    english = CliRunner().invoke(cli, ["--lang", "en", "columns", "municipal-services"])
    assert "No columns" in english.stdout
    planned = CliRunner().invoke(cli, ["columns", "agricultural-subsidies"])
    assert "没有栏目" not in planned.stdout
    assert "[" in planned.stdout  # item columns, each with its item's id
