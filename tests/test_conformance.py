"""The conformance kit (gkstd.testing.conformance): every first-party pack passes it,
a complete test pack passes it, and each deliberately broken pack is rejected with a
message naming the problem (tests/packs/README.md)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs
import pytest

import gkstd
from gkstd.diagnostics.rule import Rule
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document
from gkstd.io.loader import Migration, load_document
from gkstd.plugins.manager import build_registry
from gkstd.plugins.registry import Registry
from gkstd.testing.conformance import (
    CHECKS,
    PackConformance,
    XfailFileError,
    load_xfail,
    run_conformance,
)
from tests.test_packs import CODES

PACKS = Path(__file__).parent / "packs"
_TEST_MODULES = ("conformance_base", "broken_", "packplugin_base")


@pytest.mark.slow
class TestFirstPartyPacks(PackConformance):
    """All 26 pilot-domain packs, through their entry points, in the project's own run."""

    pack = CODES
    examples = 10


@pytest.fixture
def test_packs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put tests/packs on sys.path (and forget its modules afterwards)."""
    monkeypatch.syspath_prepend(str(PACKS))
    yield
    for name in list(sys.modules):
        if name.startswith(_TEST_MODULES):
            del sys.modules[name]


def registry_with(module: str, *, installed: bool = False) -> Registry:
    """A registry holding the test pack ``module`` (plus the installed packs)."""
    eps = [metadata.EntryPoint("test-pack", f"{module}:plugin", "gkstd")]
    if installed:
        eps += list(metadata.entry_points(group="gkstd"))
    return build_registry(entry_points=eps)


@pytest.mark.parametrize("module", ["conformance_base", "packplugin_base"])
def test_the_complete_test_pack_passes_every_check(test_packs: None, module: str) -> None:
    report = run_conformance("test-pack", registry=registry_with(module), examples=15)
    (pack,) = report.packs
    assert [r.check for r in pack.results] == [c.id for c in CHECKS]
    statuses = {r.check: r.status for r in pack.results}
    assert statuses == dict.fromkeys((c.id for c in CHECKS), "passed")
    mutations = pack.result("mutations")
    assert mutations is not None
    assert mutations.note is not None
    assert "weaken-extra" in mutations.note.en  # its own element type is mutated too
    orders = pack.result("orders")
    assert orders is not None
    assert orders.note is not None
    assert "extra:更新频率" in orders.note.en


@pytest.mark.parametrize(
    ("module", "check", "zh", "en"),
    [
        ("broken_prefix", "loads", "规则前缀 'SZFW'", "prefix 'SZFW'"),
        ("broken_undocumented", "rule-docs", "TP102：缺少 rationale.zh", "TP102: missing rationale.zh"),
        ("broken_raises", "rules-total", "规则 TP103（领域包 test-pack", "Rule TP103 (pack test-pack"),
        ("broken_prints", "quiet", "规则 TP104 在 TP104 的错误示例上写出了：'checking a\\n'", "rule TP104 wrote on TP104's bad example"),
        ("broken_catalog", "clean", "缺少要素：公开依据", "missing"),
        ("broken_order", "orders", "不是传递的", "is not transitive"),
        ("broken_keeps", "orders", "声明 keeps_parent", "says keeps_parent"),
        ("broken_import", "loads", "找不到模块 gkstd_missing_dependency：它没有安装", "no module named gkstd_missing_dependency"),
    ],
)  # fmt: skip
def test_a_broken_pack_is_rejected_with_a_clear_message(
    test_packs: None, module: str, check: str, zh: str, en: str
) -> None:
    registry = registry_with(module, installed=module == "broken_prefix")
    report = run_conformance("test-pack", registry=registry, examples=15)
    assert not report.ok
    result = report.packs[0].result(check)
    assert result is not None
    assert result.status == "failed", result
    assert result.message is not None
    assert zh in result.message.zh, result.message.zh
    assert en in result.message.en, result.message.en


def test_a_rule_that_prints_fails_quiet_naming_it_and_what_it_wrote(
    test_packs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kit passed a rule that printed: the engine diverts a rule's prints to standard
    error, where an application embedding gkstd (or its log) gets them."""
    registry = registry_with("broken_prints")
    report = run_conformance("test-pack", registry=registry, examples=5)
    (pack,) = report.packs
    failed = {r.check for r in pack.results if r.status == "failed"}
    assert failed == {"quiet"}  # its findings and examples are fine
    result = pack.result("quiet")
    assert result is not None
    assert result.message is not None
    zh, en = result.message.zh, result.message.en
    assert "库代码不得打印" in zh
    assert "Library code must not print" in en
    assert "规则 TP104 在 TP104 的错误示例上写出了：'checking a\\n'" in zh
    assert "规则 TP105 在 TP105 的错误示例上写出了：'TP105: a\\n'" in zh
    assert "rule TP105 wrote on TP105's bad example: 'TP105: a\\n'" in en
    # below Python's streams (os.write(1, …), a C library's printf): it had passed
    assert "规则 TP106 在 TP106 的错误示例上写出了：'TP106 raw: a\\n'" in zh
    assert "TP101" not in zh  # the quiet rules of the pack are not named
    captured = capsys.readouterr()
    assert "TP105: a" not in captured.out  # the check's runs are not echoed meanwhile
    assert "TP106 raw" not in captured.out


def test_quiet_catches_a_print_outside_a_conformance_run(test_packs: None) -> None:
    """As PackConformance runs a check: no rule session open, the engine opens one per
    example and diverts the rule's standard output to standard error."""
    from gkstd.testing.conformance import Target, run_check

    result = run_check("quiet", Target("test-pack", registry_with("broken_prints"), 5))
    assert result.status == "failed"
    assert result.message is not None
    assert "TP104" in result.message.zh
    assert "TP105" in result.message.zh
    assert "TP106" in result.message.zh


def test_checks_after_a_failed_load_are_skipped_not_passed(test_packs: None) -> None:
    report = run_conformance("test-pack", registry=registry_with("broken_import"))
    statuses = {r.check: r.status for r in report.packs[0].results}
    assert statuses.pop("loads") == "failed"
    assert set(statuses.values()) == {"skipped"}


def test_the_catalog_failure_points_at_the_data_file_and_line(test_packs: None) -> None:
    report = run_conformance(
        "test-pack", registry=registry_with("broken_catalog"), checks=["clean"]
    )
    message = report.packs[0].results[0].message
    assert message is not None
    assert "broken_catalog/data/national.yaml:15" in message.zh


def test_an_unknown_pack_fails_to_load_with_the_fix(registry: Registry) -> None:
    report = run_conformance("no-such-pack", registry=registry, checks=["loads"])
    message = report.packs[0].results[0].message
    assert message is not None
    assert "[project.entry-points.gkstd]" in message.zh
    assert "[project.entry-points.gkstd]" in message.en


def test_unknown_check_is_refused(registry: Registry) -> None:
    with pytest.raises(ValueError, match="unknown check"):
        run_conformance("municipal-services", registry=registry, checks=["nope"])


# -- xfail --------------------------------------------------------------------------------


def test_xfail_turns_a_failure_into_a_known_gap_and_a_pass_into_a_failure(
    test_packs: None,
) -> None:
    registry = registry_with("broken_order")
    xfail = {("test-pack", "orders"): "次序待修正", ("test-pack", "metadata"): "已修好"}
    report = run_conformance(
        "test-pack", registry=registry, xfail=xfail, checks=["orders", "metadata"], examples=15
    )
    orders, meta = report.packs[0].results
    assert orders.status == "xfailed"
    assert orders.ok
    assert meta.status == "xpassed"
    assert not meta.ok
    assert meta.message is not None
    assert "remove the xfail entry" in meta.message.en
    assert not report.ok


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("- {pack: a, check: orders}\n", "missing reason"),
        ("- {pack: a, check: orders, reason: '  '}\n", "missing reason"),
        ("- {pack: a, check: bogus, reason: x}\n", "未知检查 'bogus'"),
        ("- {pack: a, check: orders, reason: x, note: y}\n", "unknown key(s) note"),
        ("pack: a\n", "must be a list"),
        ("- [a, b]\n", "must be a mapping"),
        (
            "- {pack: a, check: orders, reason: x}\n- {pack: a, check: orders, reason: y}\n",
            "repeated",
        ),
        ("- {pack: a, check: orders, reason: [x\n", "malformed YAML"),
    ],
)
def test_a_bad_xfail_file_names_the_file_the_entry_and_the_fix(
    tmp_path: Path, text: str, phrase: str
) -> None:
    path = tmp_path / "xfail.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(XfailFileError) as info:
        load_xfail(path)
    assert str(path) in str(info.value)
    assert phrase in str(info.value)


def test_xfail_file_in_gbk_or_missing_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "xfail.yaml"
    path.write_bytes("- {pack: a, check: orders, reason: 已知}\n".encode("gbk"))
    with pytest.raises(XfailFileError, match="UTF-8"):
        load_xfail(path)
    with pytest.raises(XfailFileError, match="cannot read"):
        load_xfail(tmp_path / "missing.yaml")


def test_xfail_file_reads_entries(tmp_path: Path) -> None:
    path = tmp_path / "xfail.yaml"
    path.write_text("# gaps\n- {pack: a, check: orders, reason: ' 待修正 '}\n", "utf-8")
    assert load_xfail(path) == {("a", "orders"): "待修正"}
    path.write_text("# nothing yet\n", "utf-8")
    assert load_xfail(path) == {}


def test_an_xfail_entry_naming_no_installed_pack_is_refused(tmp_path: Path) -> None:
    """A misspelt pack code had been ignored (18 passed, exit 0)."""
    path = tmp_path / "xfail.yaml"
    path.write_text("- {pack: legal-publicty, check: orders, reason: 已知}\n", "utf-8")
    with pytest.raises(XfailFileError) as info:
        load_xfail(path, packs=["legal-publicity", "employment"])
    assert f"{path}:1" in str(info.value)
    assert "'legal-publicity'" in str(info.value)  # the near match
    assert load_xfail(path, packs=["legal-publicty"]) == {("legal-publicty", "orders"): "已知"}


# -- migrations (issue 17) ----------------------------------------------------------------

_OLD = minimal_document(GOOD_ITEM, "test-pack").replace('gkstd: "1.0"', 'gkstd: "0.9"')


def _rename_back(data: dict[str, Any]) -> dict[str, Any]:
    data["title"] = data.pop("name")
    return data


def _old_with_name(domain: str = "test-pack") -> str:
    return _OLD.replace("domain: test-pack", f"domain: {domain}").replace("title:", "name:", 1)


def _raises(data: dict[str, Any]) -> dict[str, Any]:
    raise KeyError("schedule")


def test_a_pack_migration_runs_only_on_documents_of_its_domain() -> None:
    step = Migration("0.9", "1.0", _rename_back, domain="test-pack", pack="test-pack")
    doc = load_document(_old_with_name(), [step])
    assert doc.catalog is not None
    assert [f.code for f in doc.findings] == ["GK012"]
    other = load_document(_old_with_name("example"), [step])
    assert other.catalog is None
    assert [f.code for f in other.findings] == ["GK008"]  # not migrated: not its domain
    core = Migration("0.9", "1.0", _rename_back)  # domain None: every document
    assert load_document(_old_with_name("example"), [core]).catalog is not None


def test_an_alias_of_the_domain_is_resolved_by_the_caller() -> None:
    step = Migration("0.9", "1.0", _rename_back, domain="test-pack", pack="test-pack")
    old = _old_with_name("test-alias")  # an alias (the schema allows codes only)
    assert load_document(old, [step]).catalog is None  # the loader knows no aliases
    resolve = {"test-alias": "test-pack"}.get
    assert load_document(old, [step], resolve_domain=resolve).catalog is not None


@pytest.mark.parametrize(
    ("upgrade", "zh", "en"),
    [
        (_raises, "KeyError: 'schedule'", "KeyError: 'schedule'"),
        (lambda data: None, "返回了 NoneType", "returned NoneType, not a mapping"),
    ],
)
def test_a_failing_migration_is_a_finding_naming_it_never_a_crash(
    upgrade: Any, zh: str, en: str
) -> None:
    step = Migration("0.9", "1.0", upgrade, domain="test-pack", pack="test-pack")
    doc = load_document(_old_with_name(), [step])
    assert doc.catalog is None  # unusable: the CLI exits 2
    (finding,) = doc.findings
    assert finding.code == "GK014"
    assert finding.severity.value == "error"
    assert "迁移 0.9→1.0（领域包 test-pack）失败" in finding.message or zh in finding.message
    assert zh in finding.message
    assert en in finding.message_en
    assert "0.9->1.0 (pack test-pack)" in finding.message_en


def test_a_failing_migration_makes_validate_report_an_unusable_document() -> None:
    step = Migration("0.9", "1.0", _raises, domain="example", pack="some-pack")
    registry = attrs.evolve(build_registry(entry_points=[]), migrations=(step,))
    report = gkstd.validate(_old_with_name("example"), registry=registry)
    assert report.codes() == ["GK014"]
    assert report.unusable == 1
    assert "some-pack" in report.findings[0].message


def _plugin_with(**hooks: Any) -> object:
    """The complete test pack (tests/packs/conformance_base) with extra hooks."""
    import conformance_base

    class Plugin(conformance_base.Plugin):
        pass

    for name, value in hooks.items():
        setattr(Plugin, name, gkstd.hookimpl(value))
    return Plugin()


def _registry_of(plugin: object) -> Registry:
    return build_registry(entry_points=[], plugins={"test-pack": plugin})


def _migrations(*steps: Migration) -> Any:
    def gkstd_register_migrations(self: object, ctx: gkstd.HookContext) -> list[Migration]:
        return list(steps)

    return gkstd_register_migrations


def test_the_migrations_check_runs_each_migration_on_its_example(test_packs: None) -> None:
    good = Migration("0.9", "1.0", _rename_back, domain="test-pack", example=_old_with_name())
    registry = _registry_of(_plugin_with(gkstd_register_migrations=_migrations(good)))
    (result,) = (
        run_conformance("test-pack", registry=registry, checks=["migrations"]).packs[0].results
    )
    assert result.status == "passed", result
    assert not result.advice

    untested = Migration("0.8", "0.9", lambda d: d, domain="test-pack")
    registry = _registry_of(_plugin_with(gkstd_register_migrations=_migrations(good, untested)))
    (result,) = (
        run_conformance("test-pack", registry=registry, checks=["migrations"]).packs[0].results
    )
    assert result.status == "passed"
    assert result.advice  # an untested migration is pointed out, not failed
    assert result.note is not None
    assert "0.8→0.9" in result.note.zh

    bad = Migration("0.9", "1.0", _raises, domain="test-pack", example=_old_with_name())
    registry = _registry_of(_plugin_with(gkstd_register_migrations=_migrations(bad)))
    (result,) = (
        run_conformance("test-pack", registry=registry, checks=["migrations"]).packs[0].results
    )
    assert result.status == "failed"
    assert result.message is not None
    assert "GK014" in result.message.zh
    assert "KeyError: 'schedule'" in result.message.en


# -- rule cost ------------------------------------------------------------------------------


def _slow_rules(self: object, ctx: gkstd.HookContext) -> list[Rule]:
    import conformance_base

    @gkstd.rule(
        "TP109",
        gkstd.Severity.INFO,
        ("慢规则", "Slow rule"),
        ("测试用。", "For tests."),
        "测试",
        bad="id: a\nname: 示例\n",
        good="id: a\nname: 示例\n",
        messages=("慢。", "Slow."),
    )
    def slow(item: gkstd.Item, ctx: Any) -> list[gkstd.Finding]:
        time.sleep(0.3)
        return []

    return [*conformance_base.RULES, slow]


def test_a_rule_far_slower_than_the_core_fails_rule_cost(test_packs: None) -> None:
    registry = _registry_of(_plugin_with(gkstd_register_rules=_slow_rules))
    report = run_conformance("test-pack", registry=registry, checks=["rule-cost"], examples=3)
    (result,) = report.packs[0].results
    assert result.status == "failed", result
    assert result.message is not None
    assert "TP109：每个事项 30" in result.message.zh
    assert "TP109: 30" in result.message.en
    assert "TP101" not in result.message.en


def test_rule_cost_notes_the_slowest_rule_of_a_good_pack(test_packs: None) -> None:
    report = run_conformance(
        "test-pack", registry=registry_with("conformance_base"), checks=["rule-cost"], examples=3
    )
    (result,) = report.packs[0].results
    assert result.status == "passed", result
    assert result.note is not None
    assert "TP101" in result.note.en


# -- attribution ----------------------------------------------------------------------------


def test_attribution_passes_when_item_rules_are_stamped_with_the_pack(test_packs: None) -> None:
    import conformance_base

    def rules(self: object, ctx: gkstd.HookContext) -> list[Rule]:
        return [conformance_base.catalog_index]  # module-level rule: pack "core" until registered

    registry = _registry_of(_plugin_with(gkstd_register_rules=rules))
    report = run_conformance("test-pack", registry=registry, checks=["attribution"])
    (result,) = report.packs[0].results
    assert result.status == "passed", result


def test_attribution_of_order_violations_names_the_pack(test_packs: None) -> None:
    report = run_conformance(
        "test-pack", registry=registry_with("conformance_base"), checks=["attribution"]
    )
    (result,) = report.packs[0].results
    assert result.status == "passed", result.message


def test_attribution_fails_a_finding_that_names_another_pack(
    test_packs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import conformance_base

    from gkstd.diagnostics.report import Report
    from gkstd.testing import examples

    finding = conformance_base.catalog_index.finding("x", "x", item="a")
    assert finding.rule_pack == "core"  # as a rule object that was never registered emits
    monkeypatch.setattr(
        examples, "run_example", lambda *a, **k: Report(findings=(finding,), files=1, items=1)
    )
    report = run_conformance(
        "test-pack", registry=registry_with("conformance_base"), checks=["attribution"]
    )
    (result,) = report.packs[0].results
    assert result.status == "failed"
    assert result.message is not None
    assert "a TP101 finding names pack 'core', not 'test-pack'" in result.message.en
    assert "TP101 的问题标注的领域包是 'core'" in result.message.zh


def test_an_xfail_error_names_the_line_of_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "xfail.yaml"
    path.write_text(
        "# gaps\n- {pack: a, check: orders, reason: x}\n- pack: a\n  check: clean\n", "utf-8"
    )
    with pytest.raises(XfailFileError) as info:
        load_xfail(path)
    assert f"{path}:3: 第 2 项 / entry 2" in str(info.value)
    assert "- {pack: CODE, check: CHECK, reason: 理由 / why}" in str(info.value)  # the fix


# -- pack-data agrees with the clean check ------------------------------------------------


def test_pack_data_rejects_the_warnings_the_clean_check_rejects(registry: Registry) -> None:
    from gkstd.diagnostics.findings import Severity
    from gkstd.diagnostics.report import Report
    from gkstd.io.codes import LEGACY_ENCODING
    from gkstd.model.catalog import Waiver
    from gkstd.packs.data import check_pack_data

    pack = registry.packs["municipal-services"]
    catalog = pack.load_catalog().catalog
    assert catalog is not None
    assert check_pack_data(pack, catalog, gkstd.validate(catalog, registry=registry)).ok
    warning = LEGACY_ENCODING.emit()
    assert warning.severity is Severity.WARNING
    result = check_pack_data(pack, catalog, Report(findings=(warning,), files=1, items=1))
    assert not result.ok
    assert any("GK003" in p.en for p in result.problems)
    waived = attrs.evolve(catalog, waivers=(Waiver(code="GK302", item="x", reason=" "),))
    result = check_pack_data(pack, waived, Report(files=1, items=1))
    assert any("without a reason" in p.en for p in result.problems)


def test_the_suite_shows_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import gkstd.cli.progress as progress
    from gkstd.cli.main import cli

    args = ["conformance", "municipal-services", "affordable-housing", "--check", "metadata"]
    piped = CliRunner().invoke(cli, args)
    assert piped.exit_code == 0, piped.output
    assert "项检查" not in piped.stderr
    monkeypatch.setattr(progress, "stderr_is_terminal", lambda: True)
    shown = CliRunner().invoke(cli, args)
    assert shown.exit_code == 0, shown.output
    assert "一致性检查" in shown.stderr
    assert "/2 [" in shown.stderr  # two packs × one check
    assert shown.stdout == piped.stdout
