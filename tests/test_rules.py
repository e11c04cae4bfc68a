"""Every rule fires on its bad example and stays silent on its good one; engine behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

import gkstd
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.rule import CODE_PATTERN, Example, Rule
from gkstd.inherit.workspace import Workspace
from gkstd.plugins.manager import build_registry
from gkstd.plugins.registry import Registry
from gkstd.testing.examples import run_example

ALL_RULES = list(gkstd.registry().rules.values())


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    assert CODE_PATTERN.match(rule.code)
    assert rule.title.zh
    assert rule.title.en
    assert rule.rationale.zh
    assert rule.rationale.en
    assert rule.basis
    assert rule.bad.text
    assert rule.good.text


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_bad_example_fires(rule: Rule, registry: Registry) -> None:
    report = run_example(rule, rule.bad, registry)
    if report is None:
        # GK602/GK604/GK616/GK617/GK619/GK620/GK621/GK622 need binary workbooks, Word
        # documents or huge cells: tests/test_tables.py, tests/test_tables_sheets.py,
        # tests/test_hardening_tables.py, tests/test_tables_formulas.py and
        # tests/test_tables_word.py build them.
        assert rule.status == "deprecated" or rule.code in (
            "GK000",
            "GK012",
            "GK014",
            "GK219",
            "GK602",
            "GK604",
            "GK616",
            "GK617",
            "GK619",
            "GK620",
            "GK621",
            "GK622",
            # the service's refusals of a request: tests/test_serve_api.py sends them
            "GK801",
            "GK802",
            "GK803",
            "GK804",
        ), "only documented exceptions"
        return
    assert rule.code in report.codes()


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_good_example_is_silent(rule: Rule, registry: Registry) -> None:
    report = run_example(rule, rule.good, registry)
    if rule.status == "deprecated":
        assert report is None  # a retired code shows no example
        return
    assert report is not None
    assert rule.code not in report.codes()
    assert report.valid, report.codes()


#: Every rule code, with its severity and English title.  Codes are never renumbered or
#: reused: this table only grows (a retired code stays, as deprecated).  Rewording a
#: title is a deliberate change of this table.
PINNED_CODES: dict[str, tuple[str, str]] = {
    "CZYJ101": ("error", "Budget disclosure later than the 20 days of the Budget Law"),
    "CZYJ102": ("warning", "Budget disclosure limit counted in working days"),
    "CZYJ103": ("warning", "Budget item does not cite the Budget Law"),
    "FP101": ("warning", "Public list of named people without privacy safeguards"),
    "GGZY101": ("error", "Bid-candidate publicity later than 3 days"),
    "GGZY102": ("warning", "Bid-candidate publicity counted in working days"),
    "GGZY103": ("error", "Bid-candidate publicity period shorter than 3 days"),
    "GK000": ("error", "A rule raised an exception"),
    "GK001": ("error", "File missing or unreadable"),
    "GK002": ("error", "Not a text file or unknown encoding"),
    "GK003": ("warning", "File is GBK/GB18030-encoded"),
    "GK004": ("error", "YAML/JSON syntax error"),
    "GK005": ("error", "Duplicate key"),
    "GK006": ("error", "YAML alias expansion too large"),
    "GK007": ("error", "Empty document"),
    "GK008": ("error", "Missing or unsupported format version"),
    "GK009": ("error", "Does not match the document format"),
    "GK010": ("error", "Cannot build the catalog"),
    "GK011": ("info", "Unused waiver"),
    "GK012": ("info", "Document migrated from an older format version"),
    "GK013": ("error", "Document exceeds a reading limit"),
    "GK014": ("error", "Migration failed"),
    "GK101": ("error", "Item is missing required elements"),
    "GK102": ("info", "Known gap"),
    "GK103": ("error", "Value is not an allowed option"),
    "GK104": ("error", "Duplicate item id"),
    "GK105": ("error", "Duplicate name among sibling items"),
    "GK106": ("error", "No disclosure channel"),
    "GK107": ("error", "'Withheld' is not a disclosure method"),
    "GK201": ("error", "An item of the parent catalog is missing"),
    "GK202": ("error", "A content point of the parent is lost"),
    "GK203": ("error", "A legal basis of the parent is lost"),
    "GK204": ("error", "A channel of the parent is lost"),
    "GK205": ("error", "A disclosure level of the parent is lost"),
    "GK206": ("error", "The time limit is looser than the parent's"),
    "GK207": ("error", "The method is downgraded from proactive"),
    "GK208": ("warning", "The audience is widened to the public"),
    "GK209": ("error", "The audience is narrowed from the public"),
    "GK210": ("error", "Unknown parent catalog"),
    "GK211": ("error", "Cycle in the parent chain"),
    "GK212": ("error", "Domain differs from the parent's"),
    "GK213": ("error", "Level is not below the parent's"),
    "GK214": ("warning", "A parent item matches only by a similar name"),
    "GK215": ("warning", "Item marked not applicable"),
    "GK216": ("warning", "An element of the parent is dropped from the whole catalog"),
    "GK217": ("warning", "Cannot tell whether the time limit is stricter"),
    "GK218": ("info", "Item matched by name and content, not id"),
    "GK219": ("error", "The item map cannot be used"),
    "GK301": ("warning", "Proactive item not on the government website"),
    "GK302": ("error", "Limit over 20 working days without a statute"),
    "GK303": ("warning", "Calendar-day limit without the law that sets it"),
    "GK304": ("warning", "Limit says only 及时: 20 working days apply"),
    "GK305": ("info", "Time limit not understood"),
    "GK306": ("warning", "Art. 20 information listed as on-request only"),
    "GK307": ("info", "Township catalogs miss Art. 21 topics"),
    "GK401": ("error", "Item cites an unknown source"),
    "GK402": ("warning", "A proactive item has no website column"),
    "GK403": ("info", "A website column matches no catalog item"),
    "GK501": ("warning", "Published after the deadline"),
    "GK502": ("error", "Overdue: not yet published"),
    "GK503": ("warning", "Channel not listed by the item"),
    "GK504": ("error", "Record names no item of the catalog"),
    "GK505": ("error", "Record is missing a required field"),
    "GK506": ("error", "Record unreadable or date invalid"),
    "GK507": ("error", "Published before the information was formed"),
    "GK508": ("info", "Item's time limit gives no deadline"),
    "GK509": ("error", "Records file unusable"),
    "GK601": ("error", "The table file cannot be read"),
    "GK602": ("error", "The workbook is password-protected"),
    "GK603": ("error", "The file is an HTML page"),
    "GK604": ("error", "The file is too large or abnormally compressed"),
    "GK605": ("error", "The sheet is empty"),
    "GK606": ("error", "No header row found"),
    "GK607": ("error", "The two header rows contradict each other"),
    "GK608": ("info", "Unrecognised column kept verbatim"),
    "GK609": ("warning", "Marks cannot be read unambiguously"),
    "GK610": ("warning", "Low-confidence name match (retired)"),
    "GK611": ("info", "Item matched no parent item"),
    "GK612": ("warning", "A row has content but no item name"),
    "GK613": ("warning", "An element appears in several columns"),
    "GK614": ("error", "The table's domain is unknown"),
    "GK615": ("warning", "The table does not name its government"),
    "GK616": ("warning", "Part of the table exceeds a limit"),
    "GK617": ("warning", "The hidden gkstd sheet is invalid"),
    "GK618": ("error", "The table holds no items"),
    "GK619": ("warning", "Other catalog sheets of the workbook were not imported"),
    "GK620": ("warning", "Formula cells hold no stored result"),
    "GK621": ("warning", "Damaged merged cells were repaired on reading"),
    "GK622": ("warning", "A sheet of the workbook could not be read and was passed over"),
    "GK701": ("warning", "Village item published only on government platforms"),
    "GK702": ("info", "Village list has no township catalog to correspond to"),
    "GK801": ("error", "Upload over the size limit"),
    "GK802": ("error", "The request cannot be processed"),
    "GK803": ("error", "The request ran past its time budget, or the service is busy"),
    "GK804": ("error", "What the request asks for does not exist"),
    "SHJZ101": ("warning", "Public list of named people without privacy safeguards"),
    "SNBT101": ("warning", "Public list of named people without privacy safeguards"),
    "ZDJS101": ("error", "Bid-candidate publicity later than 3 days"),
    "ZDJS102": ("warning", "Bid-candidate publicity counted in working days"),
    "ZDJS103": ("error", "Bid-candidate publicity period shorter than 3 days"),
}


def test_every_rule_code_is_pinned(registry: Registry) -> None:
    """Codes are stable: no code disappears, changes severity or becomes another rule, and
    a new code is added to :data:`PINNED_CODES` in the same change."""
    actual = {code: (r.severity.value, r.title.en) for code, r in registry.rules.items()}
    assert actual == PINNED_CODES


def _raising_plugin() -> object:
    class Pack:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[gkstd.DomainPack]:
            return [
                gkstd.DomainPack(
                    code="municipal-services-test",
                    name_zh="测试",
                    name_en="Test",
                    ministry="测试部",
                    guide=gkstd.NationalGuide(issuer="测试部"),
                    rule_prefix="TST",
                    version="1",
                    package="gkstd_domains.municipal_services",
                )
            ]

        @gkstd.hookimpl
        def gkstd_register_rules(self, ctx: gkstd.HookContext) -> list[Rule]:
            @gkstd.rule(
                "TST101",
                Severity.ERROR,
                ("炸", "Boom"),
                ("理由", "Why"),
                "依据",
                bad=Example("x", scope="none"),
                good=Example("x", scope="none"),
            )
            def boom(item: gkstd.Item, ctx: object) -> list[gkstd.Finding]:
                raise RuntimeError("kaboom")

            return [boom]

    return Pack()


def test_a_rule_that_raises_becomes_gk000_and_the_run_continues(minimal_text: str) -> None:
    reg = build_registry(autoload=False, plugins={"boom": _raising_plugin()})
    text = minimal_text.replace("domain: municipal-services", "domain: municipal-services-test")
    report = gkstd.validate(text.replace("channels: [政府网站]", "channels: []"), registry=reg)
    assert "GK000" in report.codes()
    crash = next(f for f in report.findings if f.code == "GK000")
    assert "TST101" in crash.message
    assert "municipal-services-test" in crash.message
    assert "kaboom" in crash.message
    assert "GK106" in report.codes()  # other rules still ran


def test_pack_rules_apply_only_to_their_domain(minimal_text: str) -> None:
    reg = build_registry(autoload=False, plugins={"boom": _raising_plugin()})
    assert "GK000" not in gkstd.validate(minimal_text, registry=reg).codes()


def test_waiver_suppresses_one_item_and_requires_reason(minimal_text: str) -> None:
    bad = minimal_text.replace("channels: [政府网站]", "channels: [公开查阅点]")
    assert gkstd.validate(bad).codes() == ["GK301"]
    waived = bad + "waivers:\n  - {code: GK301, item: gas.permit, reason: 本县暂无网站栏目}\n"
    assert gkstd.validate(waived).codes() == []
    no_reason = bad + "waivers:\n  - {code: GK301, item: gas.permit}\n"
    assert gkstd.validate(no_reason).codes() == ["GK009"]


def test_unused_waiver_is_info(minimal_text: str) -> None:
    text = minimal_text + "waivers:\n  - {code: GK301, item: gas.permit, reason: 旧豁免}\n"
    report = gkstd.validate(text)
    assert report.codes() == ["GK011"]
    assert report.findings[0].severity is Severity.INFO
    assert report.valid
    assert report.findings[0].location.line == 22


def test_select_and_ignore(minimal_text: str) -> None:
    bad = minimal_text.replace("channels: [政府网站]", "channels: [公开查阅点]").replace(
        "        subject: 测试县住房和城乡建设局\n", ""
    )
    assert sorted(gkstd.validate(bad).codes()) == ["GK101", "GK301"]
    assert gkstd.validate(bad, select="GK3").codes() == ["GK301"]
    assert gkstd.validate(bad, ignore=["GK301"]).codes() == ["GK101"]
    assert gkstd.validate(bad, select="GK1,GK3", ignore="GK101").codes() == ["GK301"]


@pytest.mark.parametrize(
    ("selector", "code", "named"),
    [
        ("FP", "FP101", True),
        ("FP", "FPX101", False),  # a third party's prefix that lengthens FP
        ("FPX", "FPX101", True),
        ("GK", "GKX101", False),
        ("GK3", "GK301", True),
        ("GK3", "GK101", False),
        ("GK301", "GK301", True),
        ("F", "FP101", False),
        ("FPX1", "FPX101", True),
    ],
)
def test_a_prefix_names_its_own_codes_only(selector: str, code: str, named: bool) -> None:
    from gkstd.rules.engine import Selection

    assert Selection.parse(selector, None).wants(code) is named
    assert Selection.parse(None, selector).wants(code) is not named


def test_findings_carry_item_element_path_and_line(minimal_text: str) -> None:
    bad = minimal_text.replace("method: 主动", "method: 不予公开")
    (finding,) = gkstd.validate(bad).findings
    assert finding.code == "GK107"
    assert finding.location.item == "gas.permit"
    assert finding.location.element == "method"
    assert finding.location.path == "$.items[0].items[0].method"
    assert finding.location.line == 17
    assert finding.message_en
    assert finding.message != finding.message_en


@pytest.mark.parametrize(
    ("limit", "basis", "fires"),
    [
        ("{kind: working_days, days: 30}", "{title: 某办法实施细则, rank: 规范性文件}", True),
        ("{kind: working_days, days: 30}", "{title: 某省某某条例, rank: 地方性法规}", False),
        ("{kind: working_days, days: 20}", "{title: 某办法实施细则, rank: 规范性文件}", False),
        ("{kind: text, text: 自形成之日起三十个工作日内}", "{title: 某办法实施细则}", True),
        ("{kind: working_days, days: 30}", "{title: 中华人民共和国政府信息公开条例}", True),
        ("{kind: working_days, days: 30}", "{title: 中华人民共和国城乡规划法}", False),
    ],
)
def test_gk302_statute_backing(minimal_text: str, limit: str, basis: str, fires: bool) -> None:
    text = minimal_text.replace("{kind: working_days, days: 20, text: 20个工作日}", limit).replace(
        "{title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}", basis
    )
    assert ("GK302" in gkstd.validate(text).codes()) is fires


def test_gk303_reads_calendar_days_from_text(minimal_text: str) -> None:
    text = minimal_text.replace(
        "{kind: working_days, days: 20, text: 20个工作日}",
        "{kind: text, text: 本级人民代表大会或其常务委员会批准后20日内}",
    ).replace(
        "{title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}", "{title: 某办法}"
    )
    assert gkstd.validate(text).codes() == ["GK303"]


_PARENT_WITH_WAIVER = """\
gkstd: "1.0"
id: county
domain: municipal-services
title: 县目录
jurisdiction: {name: 甲县, level: 县级}
conforms_to: municipal-services
items: []
waivers:
  - {code: GK301, item: no-such-item, reason: 县里写的豁免}
"""


def test_a_tailoring_reports_only_its_own_unused_waivers(tmp_path: Path) -> None:
    """A tailoring waives with its parent's waivers too, but reports unused only the
    waivers it wrote, at their place in its own file (its parent's are the parent's)."""
    (tmp_path / "county.yaml").write_text(_PARENT_WITH_WAIVER, encoding="utf-8")
    child = (
        'gkstd: "1.0"\nid: town\ndomain: municipal-services\ntitle: 镇目录\n'
        "jurisdiction: {name: 乙镇, level: 乡级}\nextends: county.yaml\nitems: []\n"
    )
    (tmp_path / "town.yaml").write_text(child, encoding="utf-8")
    parent_codes = Workspace(gkstd.registry()).validate(tmp_path / "county.yaml").codes()
    assert "GK011" in parent_codes  # reported where it was written
    town = Workspace(gkstd.registry()).validate(tmp_path / "town.yaml", inherited=False)
    assert "GK011" not in town.codes()
    own = child + "waivers:\n  - {code: GK302, item: also-missing, reason: 镇里写的豁免}\n"
    (tmp_path / "town.yaml").write_text(own, encoding="utf-8")
    town = Workspace(gkstd.registry()).validate(tmp_path / "town.yaml", inherited=False)
    unused = [f for f in town.findings if f.code == "GK011"]
    assert [(f.args["item_id"], f.location.path, f.location.line) for f in unused] == [
        ("also-missing", "$.waivers[0]", 9)
    ]
