"""Plugin loading: isolation of failures, strict mode, disable list, collisions."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

import gkstd
from gkstd.plugins.manager import PluginLoadError, build_registry

HERE = Path(__file__).parent / "plugins"


@pytest.fixture(autouse=True)
def _plugins_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(HERE))
    for name in list(sys.modules):
        if name.startswith("fake_pack"):
            del sys.modules[name]


def ep(name: str, value: str) -> metadata.EntryPoint:
    return metadata.EntryPoint(name=name, value=value, group="gkstd")


def test_first_party_pack_comes_through_its_entry_point() -> None:
    installed = {e.name: e.value for e in metadata.entry_points(group="gkstd")}
    assert installed["municipal-services"] == "gkstd_domains.municipal_services:plugin"
    reg = gkstd.registry()
    status = next(p for p in reg.plugins if p.name == "municipal-services")
    assert status.status == "ok"
    assert status.distribution == "gkstd"
    assert reg.packs["municipal-services"].distribution == "gkstd"


def test_core_does_not_import_gkstd_domains() -> None:
    """Not even dynamically (lint-imports checks the import statements); the name itself
    may be said (the plugin host refuses third parties that write into that package)."""
    src = Path(gkstd.__file__).parent
    importing = re.compile(
        r"^\s*(?:from|import)\s+gkstd_domains\b|import_module\(\s*[\"']gkstd_domains", re.M
    )
    offenders = [p for p in src.rglob("*.py") if importing.search(p.read_text("utf-8"))]
    assert offenders == []
    assert importing.search("x = 1\nfrom gkstd_domains.employment import plugin\n")
    assert importing.search('importlib.import_module("gkstd_domains.x")')


def test_broken_import_is_recorded_and_others_load() -> None:
    reg = build_registry(
        entry_points=[ep("good", "fake_pack_good"), ep("broken", "fake_pack_broken")]
    )
    status = {p.name: p for p in reg.plugins}
    assert status["broken"].status == "failed"
    assert "ImportError" in (status["broken"].error or "") or "ModuleNotFound" in (
        status["broken"].error or ""
    )
    assert status["good"].status == "ok"
    assert "fake-good" in reg.packs
    assert "FKG101" in reg.rules
    assert reg.rules["FKG101"].pack == "fake-good"


def test_strict_mode_makes_failures_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKSTD_STRICT_PLUGINS", "1")
    with pytest.raises(PluginLoadError, match="broken"):
        build_registry(entry_points=[ep("broken", "fake_pack_broken")])


def test_disable_list_switches_a_pack_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKSTD_DISABLE_PACKS", "good")
    reg = build_registry(entry_points=[ep("good", "fake_pack_good")])
    assert reg.plugins[0].status == "disabled"
    assert "fake-good" not in reg.packs


def test_duplicate_domain_code_first_by_name_wins_and_both_are_named() -> None:
    reg = build_registry(
        entry_points=[ep("good", "fake_pack_good"), ep("clash", "fake_pack_clash_code")]
    )
    status = {p.name: p for p in reg.plugins}
    # "clash" sorts before "good": it keeps the code, "good" is rejected
    assert status["clash"].status == "ok"
    assert status["good"].status == "failed"
    assert "clash" in (status["good"].error or "")
    assert "good" in (status["good"].error or "")
    assert "GKSTD_DISABLE_PACKS=good" in (status["good"].error_en or "")
    assert reg.packs["fake-good"].rule_prefix == "CLA"
    assert any("good" in note.en for note in status["clash"].notes)


def test_duplicate_rule_prefix_names_both() -> None:
    reg = build_registry(
        entry_points=[ep("good", "fake_pack_good"), ep("prefix", "fake_pack_clash_prefix")]
    )
    status = {p.name: p for p in reg.plugins}
    assert status["prefix"].status == "failed"
    assert "FKG" in (status["prefix"].error or "")
    assert "good" in (status["prefix"].error or "")


def test_rule_outside_the_pack_prefix_fails_the_plugin() -> None:
    reg = build_registry(entry_points=[ep("stray", "fake_pack_stray_rule")])
    assert reg.plugins[0].status == "failed"
    assert "XYZ101" in (reg.plugins[0].error or "")


def test_unknown_hook_fails_the_plugin() -> None:
    reg = build_registry(entry_points=[ep("typo", "fake_pack_typo_hook")])
    assert reg.plugins[0].status == "failed"
    assert "gkstd_register_pack" in (reg.plugins[0].error or "")


def test_a_hook_without_its_marker_fails_the_plugin() -> None:
    """pluggy calls only marked functions: the pack loaded without its rules, and the
    conformance kit passed it."""
    reg = build_registry(entry_points=[ep("unmarked", "fake_pack_unmarked_hook")])
    (status,) = reg.plugins
    assert status.status == "failed"
    assert "gkstd_register_rules" in (status.error or "")
    assert "@gkstd.hookimpl" in (status.error or "")
    assert "unmarked-domain" not in reg.packs


def test_hook_that_raises_fails_only_that_plugin() -> None:
    reg = build_registry(
        entry_points=[ep("good", "fake_pack_good"), ep("raises", "fake_pack_raises")]
    )
    status = {p.name: p for p in reg.plugins}
    assert status["raises"].status == "failed"
    assert status["good"].status == "ok"
    assert "boom in register" in (status["raises"].error or "")


def test_autoload_off_gives_core_only() -> None:
    reg = build_registry(autoload=False)
    assert reg.packs == {}
    assert "GK101" in reg.rules


def test_two_distributions_of_one_entry_point_name_say_which_to_uninstall() -> None:
    """An old and a new version of one pack, installed from two distributions: the later
    was refused without a fix, and gkstd domains showed it with the other's counts."""

    class _Dist:
        def __init__(self, name: str, version: str) -> None:
            self.metadata = {"Name": name}
            self.version = version
            self.files: list[str] = []

    old = ep("twice", "fake_pack_good")._for(_Dist("gkstd-twice", "0.1"))  # type: ignore[attr-defined]
    new = ep("twice", "fake_pack_good")._for(_Dist("gkstd-twice-new", "0.2"))  # type: ignore[attr-defined]
    reg = build_registry(entry_points=[old, new])
    failed = [p for p in reg.plugins if p.status == "failed"]
    assert [(p.distribution, p.version) for p in failed] == [("gkstd-twice-new", "0.2")]
    assert "pip uninstall gkstd-twice" in (failed[0].error or "")
    from gkstd.plugins.describe import pack_rows

    row = next(r for r in pack_rows(reg) if r["distribution"] == "gkstd-twice-new")
    assert row["status"] == "failed"
    assert row["items"] is None  # not the loaded version's counts


def test_an_entry_point_naming_no_object_says_where_to_look() -> None:
    """It said only: AttributeError: module 'x' has no attribute 'plugn'."""
    reg = build_registry(
        entry_points=[metadata.EntryPoint(name="typo", value="fake_pack_good:plugn", group="gkstd")]
    )
    (status,) = reg.plugins
    assert status.status == "failed"
    assert "'plugn'" in (status.error or "")
    assert "[project.entry-points.gkstd]" in (status.error or "")
