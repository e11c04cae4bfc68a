"""The conformance kit (gkstd.testing.conformance): every first-party pack passes it,
a complete test pack passes it, and each deliberately broken pack is rejected with a
message naming the problem (tests/packs/README.md)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

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
    assert {r.check: r.status for r in pack.results} == dict.fromkeys(
        (c.id for c in CHECKS), "passed"
    )
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
        ("broken_prefix", "loads", "规则前缀 'SZFW' 被多个插件同时声明", "rule prefix 'SZFW' is claimed"),
        ("broken_undocumented", "rule-docs", "TP102：缺少 rationale.zh", "TP102: missing rationale.zh"),
        ("broken_raises", "rules-total", "规则 TP103（领域包 test-pack）运行时出错", "Rule TP103 (pack test-pack) raised"),
        ("broken_catalog", "clean", "缺少要素：公开依据（basis）", "missing"),
        ("broken_order", "orders", "不是传递的", "is not transitive"),
        ("broken_import", "loads", "No module named 'gkstd_missing_dependency'", "did not load"),
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
