"""Scorecards (gkstd.batch.score / scheme): the measures, the score, the scheme file, the
roll-ups and ranking, parents found within the batch, and parallel runs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkstd.batch import (
    Measures,
    ParentMapError,
    Scheme,
    SchemeError,
    check,
    default_scheme,
    load_parent_map,
    load_scheme,
    rollups,
    score,
)
from gkstd.batch.score import Scorecard
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.messages import Message

ROOT = Path(__file__).parent.parent
REAL_TABLES = ROOT / "tests" / "data" / "tables" / "real"
ZICHUAN = ROOT / "examples" / "zichuan-municipal-services.yaml"
#: two real rows of the Heyuan ecological-environment catalog, reused below under made-up
#: county and township captions (a synthetic pair: the names are not real catalogs).
HEYUAN = REAL_TABLES / "shengtai-huanjing__guangdong-heyuan.csv"


def _finding(severity: Severity) -> Finding:
    return Finding("GK999", severity, Message("测试", "test"))


# -- the scheme ---------------------------------------------------------------------------


def test_the_default_scheme_is_the_documented_file() -> None:
    scheme = default_scheme()
    assert dict(scheme.weights) == {
        "coverage": 40,
        "elements": 25,
        "time_limits": 15,
        "channels": 20,
    }
    assert (scheme.error, scheme.warning, scheme.info, scheme.cap) == (2, 0.5, 0, 30)
    assert [g.name for g in scheme.grades] == ["优秀", "良好", "合格", "不合格"]
    docs = (ROOT / "docs" / "scoring.md").read_text("utf-8")
    for measure, weight in scheme.weights:  # the docs state the default weights
        assert re.search(rf"`{measure}`\s*\|\s*{weight:g}\b", docs), measure


def test_a_scheme_file_changes_the_weights(tmp_path: Path) -> None:
    path = tmp_path / "方案.yaml"
    path.write_text(
        "scheme: gkstd-scoring\nversion: 1\nname: 只看覆盖率\nweights: {coverage: 1}\n"
        "penalties: {error: 0, warning: 0}\ngrades: [{min: 50, name: 过半}, {min: 0, name: 未过半}]\n",
        "utf-8",
    )
    scheme = load_scheme(path)
    assert scheme.name == "只看覆盖率"
    measures = Measures(required=4, present=3, elements_expected=10, elements_stated=0)
    assert score(measures, [_finding(Severity.ERROR)], scheme) == 75.0
    assert scheme.grade(75.0) is not None
    assert scheme.grade(75.0).name == "过半"
    assert scheme.grade(75.0).name_en == ""  # a name of its own: no English made up


def test_a_scheme_without_english_grade_names_gets_the_usual_ones(tmp_path: Path) -> None:
    """A county's scheme often writes only 优秀/良好/合格/不合格: an English report had shown
    the Chinese names; the usual grade words have their English."""
    path = tmp_path / "方案.yaml"
    path.write_text(
        "scheme: gkstd-scoring\nversion: 1\nweights: {coverage: 1}\n"
        "grades: [{min: 85, name: 优秀}, {min: 70, name: 良好, name_en: rather good},"
        " {min: 60, name: 基本合格}, {min: 0, name: 不合格}]\n",
        "utf-8",
    )
    scheme = load_scheme(path)
    assert [g.name_en for g in scheme.grades] == ["excellent", "rather good", "basic pass", "fail"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("scheme: gkstd-scoring\nversion: 1\nweights: {coverage: -1}\n", "weights/coverage"),
        ("scheme: gkstd-scoring\nversion: 1\nweights: {speed: 1}\n", "weights"),
        ("scheme: gkstd-scoring\nversion: 1\nweights: {coverage: 0}\n", "权重全为 0"),
        ("scheme: gkstd-scoring\nversion: 2\nweights: {coverage: 1}\n", "version"),
        ("weights: [\n", "第 2 行"),
        ("- 1\n- 2\n", "顶层"),
    ],
)
def test_a_bad_scheme_names_the_file_the_place_and_the_fix(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "坏方案.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(SchemeError) as caught:
        load_scheme(path)
    message = caught.value.message
    assert str(path) in message
    assert where in message
    assert "docs/scoring.md" in message or "权重" in message  # where the template is
    assert "Additional properties" not in message  # jsonschema's English, in words
    assert "is less than the minimum" not in message


def test_a_mistyped_weight_names_the_weights_there_are(tmp_path: Path) -> None:
    path = tmp_path / "方案.yaml"
    path.write_text("scheme: gkstd-scoring\nversion: 1\nweights: {elemnts: 30}\n", "utf-8")
    with pytest.raises(SchemeError) as caught:
        load_scheme(path)
    assert (
        "有未知的键 elemnts（拼写？）；可用的键：channels、coverage、elements"
        in caught.value.message
    )
    assert "unknown key(s) elemnts (a typo?)" in caught.value.message_en


def test_a_missing_or_binary_scheme_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match="无法读取"):
        load_scheme(tmp_path / "没有.yaml")
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\xff\xfe\x00weights")
    with pytest.raises(SchemeError, match="UTF-8"):
        load_scheme(binary)


# -- the score ----------------------------------------------------------------------------

ratios = st.integers(min_value=0, max_value=50)


@st.composite
def measures(draw: st.DrawFn) -> Measures:
    required = draw(st.one_of(st.none(), st.integers(1, 50)))
    present = None if required is None else draw(st.integers(0, required))
    expected = draw(ratios)
    compared = draw(ratios)
    proactive = draw(ratios)
    return Measures(
        required,
        present,
        expected,
        draw(st.integers(0, expected)),
        compared,
        draw(st.integers(0, compared)),
        proactive,
        draw(st.integers(0, proactive)),
    )


severities = st.lists(st.sampled_from(list(Severity)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(measures(), severities, st.sampled_from(list(Severity)))
def test_a_score_is_within_0_and_100_and_a_finding_never_raises_it(
    m: Measures, found: list[Severity], extra: Severity
) -> None:
    scheme = default_scheme()
    before = score(m, [_finding(s) for s in found], scheme)
    after = score(m, [_finding(s) for s in [*found, extra]], scheme)
    assert 0.0 <= after <= before <= 100.0


def test_a_measure_that_cannot_be_computed_is_left_out_and_the_others_reweighted() -> None:
    scheme = default_scheme()
    # no parent, no proactive items: elements (25) and time limits (15) only
    m = Measures(None, None, 10, 5, 4, 0, 0, 0)
    assert m.ratio("coverage") is None
    assert m.ratio("channels") is None
    assert score(m, [], scheme) == round(100 * (25 * 0.5 + 15 * 1.0) / 40, 1)
    assert score(None, [], scheme) == 0.0  # an unusable file


def test_points_off_stop_at_the_cap() -> None:
    scheme = default_scheme()
    full = Measures(1, 1, 1, 1, 1, 0, 1, 1)
    assert score(full, [_finding(Severity.ERROR)] * 3, scheme) == 94.0
    assert score(full, [_finding(Severity.ERROR)] * 500, scheme) == 70.0
    assert score(full, [_finding(Severity.INFO)] * 500, scheme) == 100.0


# -- measures on real files ----------------------------------------------------------------


def test_a_dropped_item_lowers_coverage_by_exactly_that_item(tmp_path: Path) -> None:
    whole = check([ZICHUAN]).files[0].scorecard
    assert whole is not None
    assert whole.measures.required == whole.measures.present
    text = ZICHUAN.read_text("utf-8")
    start = text.index("      - id: gas.facility-alteration")
    end = text.index("  - id: municipal-facilities\n")
    (tmp_path / "淄川缺一项.yaml").write_text(text[:start] + text[end:], "utf-8")
    card = check([tmp_path]).files[0].scorecard
    assert card is not None
    assert card.measures.required == whole.measures.required
    assert card.measures.present == whole.measures.present - 1  # type: ignore[operator]
    assert card.score < whole.score
    assert card.errors + card.warnings + card.infos > whole.errors + whole.warnings


def test_every_real_table_gets_a_scorecard_with_consistent_counts() -> None:
    report = check([REAL_TABLES])
    assert len(report.scorecards) == len(report.files) == len(list(REAL_TABLES.glob("*.csv")))
    for result in report.files:
        card = result.scorecard
        assert card is not None
        assert card.usable
        m = card.measures
        assert m.required is not None
        assert 0 <= m.present <= m.required
        assert 0 <= m.elements_stated <= m.elements_expected
        assert 0 <= m.limits_looser <= m.limits_compared
        assert 0 <= m.proactive_on_website <= m.proactive
        assert (card.errors, card.warnings, card.infos) == (
            result.stats.errors,
            result.stats.warnings,
            result.stats.infos,
        )
        # GK206 findings are the looser time limits counted
        looser = {f.location.item for f in result.report.findings if f.code == "GK206"}
        assert m.limits_looser == len(looser)
    json.dumps(report.to_dict(), ensure_ascii=False)


# -- roll-ups -----------------------------------------------------------------------------


def _card(jurisdiction: str, domain: str, value: float, key: str = "") -> Scorecard:
    return Scorecard(
        f"{jurisdiction}-{domain}.csv",
        jurisdiction,
        "乡级",
        domain,
        domain,
        None,
        Measures(),
        0,
        0,
        0,
        value,
        "",
        jurisdiction_key=key or jurisdiction,
    )


def test_rollups_rank_best_first_and_equal_scores_share_a_rank() -> None:
    cards = [
        _card("甲镇", "a", 80),
        _card("甲镇", "b", 60),  # 甲镇 70
        _card("乙镇", "a", 70),  # 乙镇 70: the same rank as 甲镇
        _card("丙镇", "a", 50),
        _card("丙镇", "b", 100),  # 丙镇 75
        _card("丁镇", "a", 40),  # 丁镇 40: rank 4, not 3
    ]
    ranked = rollups(cards, default_scheme(), "jurisdiction")
    assert [(r.name, r.score, r.rank, r.catalogs) for r in ranked] == [
        ("丙镇", 75.0, 1, 2),
        ("乙镇", 70.0, 2, 1),
        ("甲镇", 70.0, 2, 2),
        ("丁镇", 40.0, 4, 1),
    ]
    assert [r.grade for r in ranked] == ["合格", "合格", "合格", "不合格"]
    by_domain = rollups(cards, default_scheme(), "domain")
    assert [(r.key, r.score, r.rank, r.catalogs) for r in by_domain] == [
        ("b", 80.0, 1, 2),
        ("a", 60.0, 2, 4),
    ]


def test_unnamed_tables_of_the_same_file_name_in_two_folders_are_two_rows(tmp_path: Path) -> None:
    table = REAL_TABLES / "anquan-shengchan__sichuan-dazhou-dachuan.csv"
    for county in ("甲", "乙"):  # a folder each, and the same file name: two governments
        (tmp_path / county).mkdir()
        shutil.copy(table, tmp_path / county / "安全生产领域目录.csv")
    report = check([str(tmp_path)])
    cards = report.scorecards
    assert [c.jurisdiction for c in cards] == ["（未注明）", "（未注明）"]
    rows = [r for r in report.by_jurisdiction if r.key.startswith("（未注明）")]
    assert [r.catalogs for r in rows] == [1, 1]
    assert {r.key for r in rows} == {c.jurisdiction_key for c in cards}
    assert all(c.file.split("/")[-2] in c.jurisdiction_key for c in cards)


def test_jurisdictions_a_table_does_not_name_are_never_pooled() -> None:
    report = check([REAL_TABLES])
    unnamed = [c for c in report.scorecards if c.jurisdiction == "（未注明）"]
    assert len(unnamed) > 1
    keys = {r.key for r in report.by_jurisdiction}
    assert all(c.jurisdiction_key in keys for c in unnamed)
    assert len({c.jurisdiction_key for c in unnamed}) == len(unnamed)
    ranks = [r.rank for r in report.by_jurisdiction]
    assert ranks == sorted(ranks)
    assert ranks[0] == 1


# -- parents within the batch -------------------------------------------------------------


def _pair(
    folder: Path, county: str = "平武县", town: str = "平武县响岩镇", levels: bool = False
) -> None:
    """A county's table (the real 河源 rows) and a township's holding its first row;
    with ``levels``, both mark every row 县级 and 乡级."""
    lines = HEYUAN.read_text("utf-8").splitlines()
    head, rows = lines[1], lines[2:]
    if levels:
        head, rows = head + ",县级,乡级", [row + ",√,√" for row in rows]
    (folder / "county.csv").write_text(
        f"{county}生态环境领域基层政务公开标准目录\n{head}\n" + "\n".join(rows) + "\n", "utf-8"
    )
    (folder / "town.csv").write_text(
        f"{town}生态环境领域基层政务公开标准目录\n{head}\n{rows[0]}\n", "utf-8"
    )


def test_a_county_table_in_the_batch_is_its_townships_parent(tmp_path: Path) -> None:
    _pair(tmp_path, levels=True)
    report = check([tmp_path])
    county, town = report.files
    assert county.parent_file is None  # checked against the national catalog
    assert town.parent_file == str(tmp_path / "county.csv")  # as the batch names its files
    assert town.scorecard is not None
    assert town.scorecard.measures.required == 2
    assert town.scorecard.measures.present == 1
    missing = [f for f in town.report.findings if f.code == "GK201"]
    assert [f.args["name"] for f in missing] == ["防治污染设施拆除或闲置审批"]
    assert missing[0].severity is Severity.ERROR
    # the county's own findings are the county's, not repeated under the township
    assert all(f.location.file != str(county.path) for f in town.report.findings)
    assert len(town.report.findings) < len(county.report.findings)


def test_a_parent_without_levels_asks_nothing_of_a_township(tmp_path: Path) -> None:
    """The county's table has no 公开层级 columns: whether the township must hold the item
    it left out is unknown (GK201 only notes it), so it is not counted missing and the
    township's coverage cannot be computed (the other measures are re-weighted)."""
    _pair(tmp_path)
    town = check([tmp_path]).files[1]
    assert town.scorecard is not None
    (missing,) = [f for f in town.report.findings if f.code == "GK201"]
    assert missing.severity is Severity.INFO
    assert town.scorecard.measures.required == 0
    assert town.scorecard.measures.ratio("coverage") is None


def test_without_a_caption_naming_it_the_national_catalog_stays_the_parent(
    tmp_path: Path,
) -> None:
    _pair(tmp_path, town="某县响岩镇")
    report = check([tmp_path])
    assert [f.parent_file for f in report.files] == [None, None]


def test_a_parents_file_says_which_catalog_is_the_parent(tmp_path: Path) -> None:
    _pair(tmp_path, town="某县响岩镇")
    mapping = tmp_path / "parents.yaml"
    mapping.write_text("town.csv: county.csv\n", "utf-8")
    report = check([tmp_path], parents=load_parent_map(mapping))
    assert report.files[1].parent_file == str(tmp_path / "county.csv")
    mapping.write_text("- town.csv\n", "utf-8")
    with pytest.raises(ParentMapError, match=r"parents\.yaml"):
        load_parent_map(mapping)


def test_a_parent_document_in_the_batch_keeps_its_findings_to_itself(tmp_path: Path) -> None:
    shutil.copy(ZICHUAN, tmp_path / "county.yaml")
    text = ZICHUAN.read_text("utf-8")
    # a derived township tailoring (made up for the test): extends the county's file
    (tmp_path / "town.yaml").write_text(
        'gkstd: "1.0"\nid: town\ndomain: municipal-services\ntitle: 某镇市政服务\n'
        "jurisdiction: {name: 某镇, level: 乡级}\nextends: county.yaml\nitems: []\n",
        "utf-8",
    )
    assert "conforms_to: municipal-services" in text
    import gkstd

    alone = gkstd.validate(tmp_path / "town.yaml")  # checked alone, the parent's findings come too
    assert any(f.location.file == str(tmp_path / "county.yaml") for f in alone.findings)
    report = check([tmp_path])
    county, town = report.files
    assert town.catalog is not None
    assert town.report.unusable == 0
    assert county.report.findings  # its known-gap notices
    assert not any(f.location.file == str(county.path) for f in town.report.findings)


# -- parallel runs ------------------------------------------------------------------------


@pytest.mark.slow
def test_any_number_of_processes_gives_the_same_report(tmp_path: Path) -> None:
    _pair(tmp_path)
    paths = [REAL_TABLES, tmp_path, ZICHUAN]
    one = check(paths, jobs=1).to_dict()
    assert check(paths, jobs=2).to_dict() == one
    assert check(paths, jobs=3).to_dict() == one


def test_two_processes_give_the_same_report_on_the_real_tables() -> None:
    assert check([REAL_TABLES], jobs=2).to_dict() == check([REAL_TABLES], jobs=1).to_dict()


def test_progress_is_told_after_every_file() -> None:
    seen: list[tuple[int, int]] = []
    report = check([REAL_TABLES], progress=lambda done, total, path: seen.append((done, total)))
    n = len(report.files)
    assert seen == [(i, n) for i in range(1, n + 1)]


def test_the_scheme_is_recorded_in_the_report() -> None:
    scheme = Scheme(weights=(("elements", 1.0),), name="只看要素")
    report = check([ZICHUAN], scheme=scheme)
    assert report.to_dict()["scheme"]["name"] == "只看要素"
    card = report.files[0].scorecard
    assert card is not None
    assert card.score == round(
        100 * card.measures.elements_stated / card.measures.elements_expected, 1
    )


def test_a_parent_handed_over_in_the_batch_is_found_wherever_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county = tmp_path / "tree" / "county"
    (county / "towns").mkdir(parents=True)
    shutil.copy(ZICHUAN, county / "county.yaml")
    (county / "towns" / "town.yaml").write_text(  # a made-up township tailoring
        'gkstd: "1.0"\nid: town\ndomain: municipal-services\ntitle: 某镇市政服务\n'
        "jurisdiction: {name: 某镇, level: 乡级}\nextends: ../county.yaml\nitems: []\n",
        "utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    import gkstd

    alone = gkstd.validate(county / "towns" / "town.yaml")  # alone: outside its folder
    assert "GK210" in alone.codes()
    for jobs in (1, 2):
        report = check([tmp_path / "tree"], jobs=jobs)
        town = next(f for f in report.files if f.path.name == "town.yaml")
        assert "GK210" not in town.report.codes(), town.report.codes()
        assert town.catalog is not None
        assert town.scorecard is not None
        assert town.scorecard.parent is not None


def test_a_domain_guess_does_not_depend_on_the_hash_seed() -> None:
    """Names of equal length come out in one order, so a table's domain guess is the same in
    every run and in every process of a batch (``-j``)."""
    import os
    import subprocess
    import sys

    from gkstd.tables.domain import DomainProfile

    profile = DomainProfile("x", "乙乙", ("甲甲", "丙丙领域", "丁丁丁"))
    assert profile.names == ("丙丙领域", "丁丁丁", "丙丙", "乙乙", "甲甲")
    script = (
        "from gkstd.tables import import_table;"
        f"print(repr(import_table({str(HEYUAN)!r}, check=False).domain))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1, seen


def _township_pair(folder: Path, town: str) -> None:
    """Two domains' tables of one township: real rows under a made-up caption."""
    eco = HEYUAN.read_text("utf-8").splitlines()
    (folder / "eco.csv").write_text(
        f"{town}生态环境领域基层政务公开标准目录\n" + "\n".join(eco[1:]) + "\n", "utf-8"
    )
    social = (REAL_TABLES / "shehui-baoxian__sichuan-pingwu-township.csv").read_text("utf-8")
    lines = social.splitlines()
    (folder / "social.csv").write_text(
        f"{town}社会保险领域基层政务公开标准目录\n" + "\n".join(lines[1:]) + "\n", "utf-8"
    )


def test_a_townships_catalogs_in_the_batch_are_checked_together_for_article_21(
    tmp_path: Path,
) -> None:
    from gkstd.rules.township import township_findings

    _township_pair(tmp_path, "平武县响岩镇")
    report = check([tmp_path])
    eco, social = report.files
    assert eco.catalog is not None
    assert social.catalog is not None
    assert eco.catalog.jurisdiction.name == social.catalog.jurisdiction.name
    expected = township_findings([(eco.catalog, str(eco.path)), (social.catalog, str(social.path))])
    assert expected  # two partial catalogs leave 第二十一条 topics uncovered
    assert [f for f in eco.report.findings if f.code == "GK307"] == expected
    assert not [f for f in social.report.findings if f.code == "GK307"]
    card = eco.scorecard
    assert card is not None  # the scorecard counts the GK307 findings too
    assert card.errors + card.warnings + card.infos == len(eco.report.findings)


def test_tables_that_name_no_township_are_not_pooled_for_article_21(tmp_path: Path) -> None:
    report = check([REAL_TABLES])
    unnamed = [f for f in report.files if f.catalog and f.catalog.jurisdiction.name == "（未注明）"]
    assert len(unnamed) > 2
    assert not [x for f in report.files for x in f.report.findings if x.code == "GK307"]


def test_a_folder_named_after_a_government_names_a_table_that_does_not(tmp_path: Path) -> None:
    """A supervisor files each county's tables in a folder of its name; a table whose
    caption names no government was （未注明） in every ranking."""
    table = REAL_TABLES / "anquan-shengchan__sichuan-dazhou-dachuan.csv"
    for folder in ("达川区", "各乡镇"):  # a government, and a word for all of them
        (tmp_path / folder).mkdir()
        shutil.copy(table, tmp_path / folder / "安全生产领域目录.csv")
    report = check([str(tmp_path)])
    by_folder = {Path(c.file).parent.name: c for c in report.scorecards}
    assert by_folder["达川区"].jurisdiction == "达川区"
    assert by_folder["达川区"].level == "县级"
    assert by_folder["各乡镇"].jurisdiction == "（未注明）"
    said = [
        f
        for r in report.files
        if Path(str(r.path)).parent.name == "达川区"
        for f in r.report.findings
        if f.code == "GK615"
    ]
    assert [f.args.get("folder") for f in said] == ["达川区"]
    assert "已按所在文件夹“达川区”记为“达川区”县级" in said[0].message


def test_scores_and_means_round_half_up_as_excel_does() -> None:
    """50.5 and 46.0 averaged 48.2 (Python's round sends a tie to the even digit);
    Excel's ROUND and 四舍五入 give 48.3."""
    from gkstd.batch.score import one_decimal

    assert one_decimal((50.5 + 46.0) / 2) == 48.3
    assert one_decimal(40.45) == 40.5
    assert one_decimal(0.04) == 0.0
    assert one_decimal(100.0) == 100.0


def test_towns_of_one_name_in_two_counties_are_two_rows(tmp_path: Path) -> None:
    """甲县/城关镇/ and 乙县/城关镇/ were averaged into one 城关镇 row of the ranking."""
    import shutil

    from gkstd import check

    table = REAL_TABLES / "shehui-baoxian__sichuan-pingwu-township.csv"
    for county in ("甲县", "乙县"):
        (tmp_path / county / "城关镇").mkdir(parents=True)
        shutil.copy(table, tmp_path / county / "城关镇" / "社保.csv")
    (tmp_path / "丙县").mkdir()
    shutil.copy(table, tmp_path / "丙县" / "社保.csv")  # a name said once: no folder shown
    rows = {r.name: r.catalogs for r in check([tmp_path]).by_jurisdiction}
    assert rows == {"城关镇（甲县）": 1, "城关镇（乙县）": 1, "丙县": 1}


def test_a_government_whose_file_cannot_be_read_ranks_with_zero(tmp_path: Path) -> None:
    """南江县/扶贫领域目录.xlsx empty: the county vanished from the ranking, as if never
    asked; an unusable file scores 0 (docs/scoring.md) and counts for its folder's
    government, not for any domain."""
    import shutil

    from gkstd import check

    (tmp_path / "南江县").mkdir()
    (tmp_path / "南江县" / "扶贫领域目录.xlsx").write_bytes(b"")
    (tmp_path / "三龙镇").mkdir()
    shutil.copy(
        REAL_TABLES / "jiuzai__jiangxi-fuliang-sanlong.csv", tmp_path / "三龙镇" / "救灾.csv"
    )
    report = check([tmp_path])
    ranking = {r.name: (r.catalogs, r.score) for r in report.by_jurisdiction}
    assert ranking["南江县"] == (1, 0.0)
    assert [r.catalogs for r in report.by_domain] == [1]
