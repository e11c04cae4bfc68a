"""The plugin host against hostile and broken plugins (issue 17).

Each plugin's failure is contained to that plugin and explained with its name and
distribution; gkstd's own packs always win a collision; nothing a plugin prints reaches
standard output; hook wrappers see other plugins' calls.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs
import click
import pytest
from click.testing import CliRunner

import gkstd
from gkstd.cli.common import warn_failures
from gkstd.cli.main import cli
from gkstd.diagnostics import limits
from gkstd.diagnostics.errors import GkstdError
from gkstd.io.loader import Migration
from gkstd.packs.pack import PackDataError, pack_from_directory
from gkstd.plugins import checks, hookspecs, loading, manager
from gkstd.plugins.manager import PluginLoadError, build_registry
from gkstd.plugins.registry import PluginStatus, Registry
from tests.plugins._fake import make_order, make_pack, make_rule

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent / "plugins"
EXAMPLE = ROOT / "examples" / "zichuan-municipal-services.yaml"
DIST = "gkstd-fake-hostile"


class _Dist:
    """Just enough of a distribution for an entry point."""

    metadata = {"Name": DIST}  # noqa: RUF012
    version = "0.3"


def ep(name: str, value: str) -> metadata.EntryPoint:
    """An entry point of the fake third-party distribution."""
    return metadata.EntryPoint(name=name, value=value, group="gkstd")._for(_Dist())  # type: ignore[attr-defined,no-any-return]


def installed() -> list[metadata.EntryPoint]:
    return list(metadata.entry_points(group="gkstd"))


@pytest.fixture(autouse=True)
def _plugins_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(HERE))
    for var in ("GKSTD_DISABLE_PACKS", "GKSTD_STRICT_PLUGINS", "GKSTD_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    yield
    for name in list(sys.modules):
        if name.startswith(("host_", "fake_pack", "hostile_")):
            del sys.modules[name]


@pytest.fixture(scope="module")
def baseline() -> Registry:
    return build_registry()


def status_of(reg: Registry, name: str) -> PluginStatus:
    return next(p for p in reg.plugins if p.name == name)


def assert_blames(status: PluginStatus, *, direct: bool = False) -> None:
    """The failure message names the plugin and its distribution (or that it was passed
    in directly, without one), in both languages."""
    assert status.status == "failed"
    zh, en = status.error or "", status.error_en or ""
    assert status.name in zh, zh
    assert status.name in en, en
    assert ("直接传入" if direct else DIST) in zh, zh
    assert ("passed in directly" if direct else DIST) in en, en


def line_of(module: str, marker: str = "# the failing line") -> str:
    path = HERE / f"{module}.py"
    lines = path.read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if marker in line)
    return f"{path}:{number}"


def findings(reg: Registry) -> list[dict[str, Any]]:
    return gkstd.validate(EXAMPLE, registry=reg).to_dict()["findings"]  # type: ignore[no-any-return]


# -- import errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "kind"),
    [("host_import_error", "ImportError"), ("host_name_error", "NameError")],
)
def test_import_error_names_the_file_and_line(module: str, kind: str) -> None:
    reg = build_registry(entry_points=[ep("hostile", module), ep("good", "fake_pack_good")])
    status = status_of(reg, "hostile")
    assert_blames(status)
    assert kind in (status.error_en or "")
    assert line_of(module) in (status.error or "")
    assert line_of(module) in (status.error_en or "")
    assert status_of(reg, "good").status == "ok"


def test_syntax_error_names_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "hostile_syntax.py"
    source.write_text('"""Broken."""\n\ndef f(:\n    pass\n', "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = build_registry(entry_points=[ep("hostile", "hostile_syntax")])
    status = status_of(reg, "hostile")
    assert_blames(status)
    assert "SyntaxError" in (status.error_en or "")
    assert f"{source}:3" in (status.error_en or "")


#: A module of a pack saved in GBK: Python reads it as UTF-8 up to the text on line 4.
GBK_RULES = '"""Rules, saved in GBK."""\n\nRULES: list[object] = []\nTITLE = "事项没有公开内容"\n'


def gbk_pack(folder: Path, name: str = "hostile_gbk") -> Path:
    """A pack package whose ``rules.py`` was saved in GBK; the path of ``rules.py``."""
    package = folder / name
    package.mkdir()
    (package / "__init__.py").write_text(f"from {name}.rules import RULES\n", "utf-8")
    rules = package / "rules.py"
    rules.write_bytes(GBK_RULES.encode("gbk"))
    return rules


def test_a_module_saved_in_gbk_is_said_to_be_no_utf8_with_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's words (SyntaxError: Non-UTF-8 code starting with '\\xb9' …) had been the
    whole message."""
    rules = gbk_pack(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = build_registry(entry_points=[ep("hostile", "hostile_gbk"), ep("good", "fake_pack_good")])
    status = status_of(reg, "hostile")
    assert_blames(status)
    zh, en = status.error or "", status.error_en or ""
    assert "文件不是 UTF-8 编码，请另存为 UTF-8" in zh
    assert "看来是 GBK/GB18030 编码" in zh
    assert "the file is not UTF-8" in en
    assert "save it as UTF-8" in en
    for text in (zh, en):
        assert f"{rules}:4" in text  # the line of the first byte that is not UTF-8
        assert "Non-UTF-8 code" not in text
        assert "codec can't decode" not in text
    assert zh.endswith("其他插件照常加载。")
    assert en.endswith("The other plugins still load.")
    assert status_of(reg, "good").status == "ok"
    assert "fake-good" in reg.packs


@pytest.mark.parametrize(
    ("source", "zh", "en"),
    [
        (
            "RULES = [1，2]\n",
            "代码中有无效字符 “，”（U+FF0C）：代码里的标点须用半角",
            "invalid character",
        ),
        ("def f(:\n    pass\n", "第 1 行第 7 列有 Python 语法错误：语法无效", "invalid syntax"),
        ('PATH = "C:\\Users\\x"\n', "Windows 路径请写成", "unicodeescape"),
        (
            "import gkstd_no_such_dependency\n",
            "找不到模块 gkstd_no_such_dependency：它没有安装",
            "no module named",
        ),
        (
            "from gkstd import no_such_name\n",
            "模块 gkstd 中没有名称 no_such_name：请检查拼写",
            "module gkstd has no name no_such_name",
        ),
        (
            "x = undefined_name\n",
            "名称 undefined_name 未定义：拼写错误，或缺少 import？",
            "the name undefined_name is not defined",
        ),
    ],
    ids=["full-width-comma", "syntax", "windows-path", "no-module", "no-name", "undefined"],
)
def test_an_import_failure_is_said_in_chinese_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, zh: str, en: str
) -> None:
    (tmp_path / "hostile_broken.py").write_text(source, "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    status = status_of(build_registry(entry_points=[ep("hostile", "hostile_broken")]), "hostile")
    assert_blames(status)
    assert zh in (status.error or "")
    assert en in (status.error_en or "")
    assert f"{tmp_path / 'hostile_broken.py'}:1" in (status.error or "")
    assert "其他插件照常加载" in (status.error or "")


def test_strict_mode_does_not_say_the_other_plugins_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gbk_pack(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("GKSTD_STRICT_PLUGINS", "1")
    with pytest.raises(PluginLoadError) as info:
        build_registry(entry_points=[ep("hostile", "hostile_gbk")])
    assert "文件不是 UTF-8 编码，请另存为 UTF-8" in info.value.message
    assert "照常加载" not in info.value.message
    assert "still load" not in info.value.message_en


def test_a_gbk_pack_installed_says_so_in_every_command_and_the_others_work(
    tmp_path: Path,
) -> None:
    """A real (fake) distribution whose rules.py is GBK: gkstd domains, validate and
    conformance name the entry point, the file and line and the fix, in Chinese."""
    site = tmp_path / "site"
    site.mkdir()
    rules = gbk_pack(site)
    info = site / "gkstd_fake_hostile-0.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {DIST}\nVersion: 0.3\n", "utf-8")
    (info / "entry_points.txt").write_text("[gkstd]\ngbk-pack = hostile_gbk\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GKSTD_")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    said = f"gbk-pack（发行包 {DIST} 0.3）未能加载：导入时出错（{rules}:4）：文件不是 UTF-8 编码"

    def gkstd_(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "gkstd", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    domains = gkstd_("domains")
    assert domains.returncode == 0, domains.stderr
    assert "municipal-services" in domains.stdout
    (row,) = [line for line in domains.stdout.splitlines() if "gbk-pack" in line]
    assert row.count("未能加载") == 1  # the status word, then the reason (not said twice)
    assert f"未能加载：导入时出错（{rules}:4）：文件不是 UTF-8 编码" in row
    validated = gkstd_("validate", "--format", "json", str(EXAMPLE))
    assert json.loads(validated.stdout)["valid"] is True
    assert said in validated.stderr
    assert "其他插件照常加载" in validated.stderr
    conformance = gkstd_("conformance", "gbk-pack")
    assert conformance.returncode == 1
    assert said in conformance.stdout + conformance.stderr
    for run in (domains, validated, conformance):
        assert "Traceback" not in run.stderr
        assert "Non-UTF-8 code" not in run.stdout + run.stderr


def test_debug_prints_the_full_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GKSTD_DEBUG", "1")
    build_registry(entry_points=[ep("hostile", "host_name_error")])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" in captured.err
    assert "hostile" in captured.err
    assert "undefined_name" in captured.err


def test_strict_mode_raises_a_gkstd_error_blaming_the_plugin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GKSTD_STRICT_PLUGINS", "1")
    with pytest.raises(PluginLoadError) as info:
        build_registry(entry_points=[ep("hostile", "host_import_error")])
    assert isinstance(info.value, GkstdError)
    for text in (info.value.message, info.value.message_en):
        assert "hostile" in text
        assert DIST in text
        assert line_of("host_import_error") in text


# -- hooks that raise, exit, print, dawdle -----------------------------------------------


def test_raising_hook_names_the_hook_file_and_line() -> None:
    reg = build_registry(
        entry_points=[ep("raises", "fake_pack_raises"), ep("good", "fake_pack_good")]
    )
    status = status_of(reg, "raises")
    assert_blames(status)
    assert "gkstd_register_packs" in (status.error_en or "")
    assert "RuntimeError: boom in register" in (status.error_en or "")
    assert f"{HERE / 'fake_pack_raises.py'}:8" in (status.error_en or "")
    assert status_of(reg, "good").status == "ok"


@pytest.mark.parametrize("module", ["host_exit_import", "host_exit_hook"])
def test_sys_exit_fails_only_that_plugin(module: str) -> None:
    reg = build_registry(entry_points=[ep("exits", module), ep("good", "fake_pack_good")])
    status = status_of(reg, "exits")
    assert_blames(status)
    assert "sys.exit(0)" in (status.error_en or "")
    assert status_of(reg, "good").status == "ok"
    assert "fake-good" in reg.packs


def test_keyboard_interrupt_is_not_swallowed() -> None:
    class Interrupts:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[gkstd.DomainPack]:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_registry(autoload=False, plugins={"ctrl-c": Interrupts()})


def test_printing_plugin_writes_to_stderr_not_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    reg = build_registry(entry_points=[ep("printer", "host_prints")])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "[printer] hello from host_prints at import" in captured.err
    assert "[printer] hello from host_prints in a hook" in captured.err
    assert status_of(reg, "printer").status == "ok"
    assert "FKP101" in reg.rules


def test_slow_plugin_loads_with_a_warning() -> None:
    with limits.raised(max_plugin_load_seconds=1):
        reg = build_registry(entry_points=[ep("slow", "host_slow"), ep("good", "fake_pack_good")])
    status = status_of(reg, "slow")
    assert status.status == "ok"
    assert status.load_seconds >= 1
    [warning] = status.warnings
    assert "slow" in warning.en
    assert DIST in warning.en
    assert DIST in warning.zh
    assert "GKSTD_LIMIT_MAX_PLUGIN_LOAD_SECONDS" in warning.en
    assert status_of(reg, "good").warnings == ()


# -- garbage -----------------------------------------------------------------------------


def _raising_generator() -> Iterator[object]:
    yield from ()
    raise RuntimeError("generator boom")


def returning(hook: str, value: object) -> object:
    """A plugin whose ``hook`` returns ``value``."""

    class Returns:
        @gkstd.hookimpl(specname=hook)
        def impl(self, ctx: gkstd.HookContext) -> object:
            return value() if callable(value) else value

    return Returns()


@pytest.mark.parametrize(
    ("hook", "value", "named"),
    [
        ("gkstd_register_packs", None, "None"),
        ("gkstd_register_packs", "municipal-services", "str"),
        ("gkstd_register_packs", {"code": "x"}, "dict"),
        ("gkstd_register_packs", 42, "int"),
        ("gkstd_register_packs", _raising_generator, "generator"),
        ("gkstd_register_packs", [object()], "object"),
        ("gkstd_register_rules", ["FKG101"], "str"),
        ("gkstd_register_migrations", [None], "None"),
        ("gkstd_register_element_orders", [{"element": "extra:x"}], "dict"),
    ],
)
def test_garbage_return_values_fail_the_plugin(hook: str, value: object, named: str) -> None:
    reg = build_registry(
        entry_points=[ep("good", "fake_pack_good")], plugins={"garbage": returning(hook, value)}
    )
    status = status_of(reg, "garbage")
    assert_blames(status, direct=True)
    assert hook in (status.error_en or "")
    assert named in (status.error_en or "")
    assert status_of(reg, "good").status == "ok"


def test_asking_for_the_registry_while_loading_fails_that_plugin_only() -> None:
    class Recursive:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[gkstd.DomainPack]:
            gkstd.registry(refresh=True)
            return []

    reg = build_registry(
        entry_points=[ep("good", "fake_pack_good")], plugins={"recursive": Recursive()}
    )
    status = status_of(reg, "recursive")
    assert_blames(status, direct=True)
    assert "while plugins are loading" in (status.error_en or "")
    assert status_of(reg, "good").status == "ok"
    assert build_registry(autoload=False).rules  # the guard is released


def test_invalid_hook_signature_fails_the_plugin() -> None:
    class WrongArgs:
        @gkstd.hookimpl
        def gkstd_register_packs(self, context: object) -> list[object]:
            return []

    reg = build_registry(autoload=False, plugins={"args": WrongArgs()})
    said = status_of(reg, "args").error_en or ""
    assert "declares argument(s) {'context'} the hook does not have" in said


def test_unknown_hook_is_named_with_the_known_ones() -> None:
    reg = build_registry(entry_points=[ep("typo", "fake_pack_typo_hook")])
    status = status_of(reg, "typo")
    assert_blames(status)
    assert "gkstd_register_pack" in (status.error_en or "")
    for hook in loading.HOOKS:
        assert hook in (status.error_en or "")


def test_the_hook_list_comes_from_the_hookspec_module() -> None:
    specs = [n for n in vars(hookspecs) if n.startswith("gkstd_")]
    assert tuple(specs) == loading.HOOKS
    assert loading.HOOKS[0] == "gkstd_register_packs"  # rules are checked against packs
    assert {loading.PACKS, loading.RULES, loading.MIGRATIONS, loading.ORDERS} == set(specs)


def test_the_docs_list_exactly_the_hooks_in_order() -> None:
    """tests/test_docs.py checks that every hook is documented; this checks the reverse:
    the page documents no hook that does not exist, in the order the host calls them."""
    page = (ROOT / "docs" / "plugins.md").read_text("utf-8")
    documented = re.findall(r"^### `(gkstd_\w+)\(", page, flags=re.MULTILINE)
    assert tuple(documented) == loading.HOOKS


# -- API version -------------------------------------------------------------------------


def test_a_different_major_api_version_is_refused() -> None:
    reg = build_registry(entry_points=[ep("future", "host_api:major2")])
    status = status_of(reg, "future")
    assert_blames(status)
    for text in (status.error or "", status.error_en or ""):
        assert "2.0" in text
        assert gkstd.API_VERSION in text
    assert "fake-api2" not in reg.packs


def test_a_newer_minor_api_version_loads_with_a_warning() -> None:
    reg = build_registry(entry_points=[ep("newer", "host_api:newer_minor")])
    status = status_of(reg, "newer")
    assert status.status == "ok"
    assert status.api_version == "1.9"
    assert any("1.9" in w.en for w in status.warnings)


def test_a_malformed_api_version_is_refused() -> None:
    status = status_of(build_registry(entry_points=[ep("bad", "host_api:garbage")]), "bad")
    assert_blames(status)
    assert "GKSTD_API" in (status.error_en or "")


def test_an_undeclared_api_version_still_loads_with_a_note(baseline: Registry) -> None:
    status = status_of(build_registry(entry_points=[ep("old", "host_api:undeclared")]), "old")
    assert status.status == "ok"
    assert status.api_version is None
    assert any("GKSTD_API" in n.en for n in status.notes)
    municipal = status_of(baseline, "municipal-services")
    assert municipal.api_version == gkstd.API_VERSION  # PackPlugin declares it


# -- precedence and collisions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "claim"),
    [
        ("host_clash_code", "domain code 'municipal-services'"),
        ("host_clash_prefix", "rule prefix 'SZFW'"),
        ("host_clash_alias", "pack name or alias '市政服务'"),
    ],
)
def test_first_party_pack_wins_a_collision(module: str, claim: str, baseline: Registry) -> None:
    # "aaa-" sorts before "municipal-services": order of names does not beat gkstd's own
    reg = build_registry(entry_points=[*installed(), ep("aaa-newcomer", module)])
    status = status_of(reg, "aaa-newcomer")
    assert_blames(status)
    for text in (status.error or "", status.error_en or ""):
        assert "municipal-services" in text
        assert "gkstd" in text.replace(DIST, "")
    assert claim in (status.error_en or "")
    assert "GKSTD_DISABLE_PACKS=aaa-newcomer" in (status.error_en or "")
    assert status_of(reg, "municipal-services").status == "ok"
    assert reg.packs["municipal-services"] == baseline.packs["municipal-services"]
    pack = reg.pack("市政服务")
    assert pack is not None
    assert pack.code == "municipal-services"
    assert {c for c, r in reg.rules.items() if r.pack == "municipal-services"} == {
        c for c, r in baseline.rules.items() if r.pack == "municipal-services"
    }
    assert findings(reg) == findings(baseline)


def test_a_third_party_may_not_take_a_first_party_entry_point_name() -> None:
    reg = build_registry(entry_points=[*installed(), ep("municipal-services", "host_prints")])
    [mine, theirs] = sorted(
        (p for p in reg.plugins if p.name == "municipal-services"), key=lambda p: p.first_party
    )
    assert theirs.first_party
    assert theirs.status == "ok"
    assert_blames(mine)
    assert "fake-print" not in reg.packs


def test_an_order_for_a_first_party_domain_is_refused(baseline: Registry) -> None:
    class Orders:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[gkstd.DomainPack]:
            return [make_pack("fake-ord", "FKO")]

        @gkstd.hookimpl
        def gkstd_register_element_orders(self, ctx: gkstd.HookContext) -> list[object]:
            return [make_order("extra:更新频率", domain="municipal-services")]

    reg = build_registry(plugins={"orders": Orders()})
    status = status_of(reg, "orders")
    assert_blames(status, direct=True)
    assert "fake-ord" in (status.error_en or "")
    assert reg.orders_for("municipal-services") == baseline.orders_for("municipal-services")


def test_an_element_order_registered_twice_is_refused() -> None:
    class Twice:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[gkstd.DomainPack]:
            return [make_pack("fake-twice", "FKT")]

        @gkstd.hookimpl
        def gkstd_register_element_orders(self, ctx: gkstd.HookContext) -> list[object]:
            return [make_order("extra:x"), make_order("extra:x")]

    status = status_of(build_registry(autoload=False, plugins={"twice": Twice()}), "twice")
    assert "extra:x registered twice" in (status.error_en or "")


def test_two_plugins_ordering_one_element_of_one_domain_collide() -> None:
    def entry(name: str, first_party: bool) -> Any:
        loaded = loading.LoadedPlugin(name, lambda: None, f"dist-{name}", "1.0", first_party)
        loaded.results[loading.ORDERS] = [make_order("extra:x", domain="shared")]
        return loaded

    later, first_party = entry("aaa", False), entry("zzz", True)
    checks.check_collisions([first_party, later])
    assert first_party.error is None
    assert later.error is not None
    assert "element order 'extra:x' of domain shared" in later.error[1]
    assert "zzz" in later.error[1]
    assert "dist-zzz" in later.error[1]


# -- migrations --------------------------------------------------------------------------


def test_a_migration_for_another_plugins_domain_is_refused() -> None:
    reg = build_registry(entry_points=[ep("mig", "host_migration:other_domain")])
    status = status_of(reg, "mig")
    assert_blames(status)
    assert "municipal-services" in (status.error_en or "")
    assert "fake-mig" in (status.error_en or "")
    assert reg.migrations == ()


def test_a_third_party_may_not_migrate_the_core_format() -> None:
    status = status_of(build_registry(entry_points=[ep("mig", "host_migration:two_packs")]), "mig")
    assert_blames(status)
    assert "domain=None" in (status.error_en or "")


def test_a_one_pack_plugins_migration_gets_its_domain_and_pack() -> None:
    reg = build_registry(entry_points=[ep("mig", "host_migration:one_pack")])
    assert status_of(reg, "mig").status == "ok"
    [migration] = reg.migrations
    assert (migration.domain, migration.pack) == ("fake-mig", "fake-mig")


def test_gkstd_own_plugins_may_migrate_the_core_format() -> None:
    class Core:
        @gkstd.hookimpl
        def gkstd_register_migrations(self, ctx: gkstd.HookContext) -> list[Migration]:
            return [Migration("0.9", "1.0", lambda d: d)]

    reg = build_registry(autoload=False, plugins={"mine": Core()}, first_party=["mine"])
    [migration] = reg.migrations
    assert migration.domain is None
    assert migration.pack == "mine"


# -- environment -------------------------------------------------------------------------


def test_a_plugin_cannot_disable_a_first_party_pack_through_the_environment(
    baseline: Registry,
) -> None:
    reg = build_registry(entry_points=[*installed(), ep("env", "host_env")])
    assert "GKSTD_DISABLE_PACKS" not in os.environ
    assert "GKSTD_STRICT_PLUGINS" not in os.environ
    assert status_of(reg, "municipal-services").status == "ok"
    status = status_of(reg, "env")
    assert status.status == "ok"
    assert any("GKSTD_DISABLE_PACKS" in w.en for w in status.warnings)
    assert any("GKSTD_STRICT_PLUGINS" in w.en for w in status.warnings)
    assert findings(reg) == findings(baseline)


def test_first_party_packs_register_before_any_third_party_is_imported(
    baseline: Registry,
) -> None:
    import gkstd_domains.municipal_services as target

    try:
        reg = build_registry(entry_points=[*installed(), ep("aaa-tamper", "host_tamper")])
    finally:
        target.plugin.package = sys.modules["host_tamper"].SAVED
    assert status_of(reg, "municipal-services").status == "ok"
    assert reg.packs["municipal-services"] == baseline.packs["municipal-services"]
    assert findings(reg) == findings(baseline)


def test_the_user_may_still_disable_a_first_party_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKSTD_DISABLE_PACKS", "municipal-services")
    reg = build_registry()
    assert status_of(reg, "municipal-services").status == "disabled"
    assert "municipal-services" not in reg.packs


# -- hook wrappers -----------------------------------------------------------------------


def test_a_hook_wrapper_sees_and_changes_another_plugins_registration() -> None:
    reg = build_registry(
        entry_points=[*installed(), ep("good", "fake_pack_good"), ep("zz-wrap", "host_wrapper")]
    )
    seen = dict(sys.modules["host_wrapper"].SEEN)
    assert seen["good"] == ["FKG101"]  # observed, although "zz-wrap" loads after "good"
    assert reg.rules["FKG102"].pack == "fake-good"  # changed: its rule was added
    assert status_of(reg, "zz-wrap").status == "ok"
    # a third party's wrapper does not wrap gkstd's own plugins
    assert "municipal-services" not in seen
    assert "core" not in seen


def test_a_broken_hook_wrapper_fails_its_own_plugin_only() -> None:
    reg = build_registry(
        entry_points=[ep("good", "fake_pack_good"), ep("zz-broken", "host_wrapper_broken")]
    )
    assert status_of(reg, "good").status == "ok"
    assert "FKG101" in reg.rules
    status = status_of(reg, "zz-broken")
    assert_blames(status)
    assert "wrapper boom" in (status.error_en or "")
    assert "good" in (status.error_en or "")


# -- what the user sees ------------------------------------------------------------------


def _hostile_registry() -> Registry:
    return build_registry(
        entry_points=[
            *installed(),
            ep("printer", "host_prints"),
            ep("exits", "host_exit_import"),
            ep("aaa-clash", "host_clash_prefix"),
        ]
    )


def test_validate_json_stays_clean_with_hostile_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    args = ["--lang", "en", "validate", "--format", "json", str(EXAMPLE)]
    clean = runner.invoke(cli, args)
    monkeypatch.setattr(manager, "_cached_registry", lambda key: _hostile_registry())
    result = runner.invoke(cli, args)
    assert result.exit_code == clean.exit_code, result.stderr
    assert json.loads(result.stdout) == json.loads(clean.stdout)
    assert "[printer] hello from host_prints at import" in result.stderr
    assert result.stderr.count("plugin exits (distribution gkstd-fake-hostile 0.3)") == 1
    assert "sys.exit(0)" in result.stderr
    clash = [line for line in result.stderr.splitlines() if "aaa-clash" in line]
    assert len(clash) == 1
    assert "municipal-services" in clash[0]
    assert "gkstd" in clash[0].replace(DIST, "")


def test_warn_failures_prints_each_failure_once_per_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    reg = Registry(plugins=(PluginStatus("old", "failed", "old-dist", "2.1", error="坏了"),))
    with click.Context(cli):
        warn_failures(reg)
        warn_failures(reg)
    err = capsys.readouterr().err
    assert err.count("警告") == 1
    assert "old-dist 2.1" in err
    assert "坏了" in err


def test_hostile_installed_distribution_end_to_end(tmp_path: Path) -> None:
    """A real (fake) distribution on sys.path: a fresh process, real entry points."""
    site = tmp_path / "site"
    site.mkdir()
    for module in ("_fake", "host_prints", "host_exit_import", "host_clash_prefix", "host_env"):
        shutil.copy(HERE / f"{module}.py", site)
    info = site / "gkstd_fake_hostile-0.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {DIST}\nVersion: 0.3\n", "utf-8")
    (info / "entry_points.txt").write_text(
        "[gkstd]\nprinter = host_prints\nexits = host_exit_import\n"
        "aaa-clash = host_clash_prefix\nenv = host_env\n",
        "utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GKSTD_")}
    command = [sys.executable, "-m", "gkstd", "validate", "--format", "json", str(EXAMPLE)]
    clean = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    hostile = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert hostile.returncode == clean.returncode, hostile.stderr
    assert json.loads(hostile.stdout) == json.loads(clean.stdout)
    assert "[printer] hello from host_prints" in hostile.stderr
    assert "exits" in hostile.stderr
    assert "aaa-clash" in hostile.stderr
    assert DIST in hostile.stderr


def test_a_distribution_s_metadata_is_read_once() -> None:
    """Each read of a distribution's metadata parses its whole METADATA file (the long
    description too): a pack distribution declaring an entry point per domain is read
    once, not once per entry point (about 18 ms of every command's start-up)."""
    reads: list[str] = []

    class _Counted:
        @property
        def metadata(self) -> dict[str, str]:
            reads.append("metadata")
            return {"Name": DIST}

        @property
        def version(self) -> str:
            reads.append("version")
            return "0.3"

    shared = _Counted()
    points = [
        metadata.EntryPoint(name=f"p{k}", value="fake_pack", group="gkstd")._for(shared)  # type: ignore[attr-defined]
        for k in range(5)
    ]
    reg = build_registry(entry_points=points)
    assert sorted(reads) == ["metadata", "version"]
    assert {(p.distribution, p.version) for p in reg.plugins} == {(DIST, "0.3")}


def _with(**changes: object) -> list[object]:
    """A pack of fields changed, and one of its rules, as a plugin would return them."""
    return [attrs.evolve(make_pack("fuzz-domain", "FZ"), **changes)]


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"aliases": None}, "aliases"),
        ({"rule_prefix": None}, "rule_prefix"),
        ({"code": None}, "code"),
        ({"name_zh": ["x"]}, "name_zh"),
        ({"guide": None}, "guide"),
        ({"code": "core"}, "reserved"),
        ({"code": "Bad Code"}, "invalid domain code"),
    ],
)
def test_a_pack_of_wrong_fields_fails_only_its_plugin(
    changes: dict[str, object], named: str
) -> None:
    """A field of the wrong type crashed every command (exit 3: the collision checks read
    it); the code ``core`` made a third-party pack's rules run on every domain as
    gkstd's own.  Now only that plugin fails, naming the field, and the listing works."""
    reg = build_registry(
        entry_points=[ep("good", "fake_pack_good")],
        plugins={"fuzz": returning("gkstd_register_packs", _with(**changes))},
    )
    status = status_of(reg, "fuzz")
    assert status.status == "failed"
    assert named in (status.error_en or ""), status.error_en
    assert status_of(reg, "good").status == "ok"
    assert "core" not in reg.packs
    assert all(r.pack != "fuzz-domain" for r in reg.rules.values())


@pytest.mark.parametrize(
    ("changes", "named"),
    [({"severity": "error"}, "severity"), ({"title": None}, "title"), ({"basis": 5}, "basis")],
)
def test_a_rule_of_wrong_fields_fails_only_its_plugin(
    changes: dict[str, object], named: str
) -> None:
    """A rule with ``severity="error"`` or ``title=None`` loaded (only its code was
    checked) and then crashed ``gkstd rules`` for everyone."""

    class Plugin:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[object]:
            return _with()

        @gkstd.hookimpl
        def gkstd_register_rules(self, ctx: gkstd.HookContext) -> list[object]:
            return [attrs.evolve(make_rule("FZ101"), **changes)]

    reg = build_registry(entry_points=[ep("good", "fake_pack_good")], plugins={"fuzz": Plugin()})
    status = status_of(reg, "fuzz")
    assert status.status == "failed"
    assert named in (status.error_en or "")
    assert "FZ101" not in reg.rules
    from gkstd.cli.main import cli

    listing = CliRunner().invoke(cli, ["rules", "--json"])
    assert listing.exit_code == 0, listing.output


def test_pack_metadata_is_read_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ministry: null`` became the text "None", ``aliases: 人防`` the aliases 人 and 防,
    ``version: 0.10`` the version "0.1"; a YAML alias bomb in ``notes`` was expanded at
    every start-up (9 s, 1.1 GB).  Each is now refused, naming the file."""
    package = tmp_path / "fuzzpack"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    good = (
        "code: fuzz-domain\nname: {zh: 测试, en: Test}\nministry: 测试部\n"
        "guide: {issuer: 测试部办公厅}\nrule_prefix: FZ\nversion: '1.0'\n"
    )
    (package / "pack.yaml").write_text(good, encoding="utf-8")
    assert pack_from_directory("fuzzpack").ministry == "测试部"
    for bad, said in (
        (good.replace("ministry: 测试部", "ministry: null"), "ministry"),
        (good + "aliases: 人防\n", "aliases"),
        (good.replace("version: '1.0'", "version: 0.10"), "version"),
        (good + "notes: &a [x, x]\nextra: *a\n", "alias"),
        # read as catalogs are: a repeated key is an error, not the last one silently
        (good + "ministry: 另一个部\n", "line 7: Key 'ministry' appears twice"),
        (good + "minstry: x\n", "line 7: unknown field(s) minstry (a typo?)"),
        (good.replace("name: {zh: 测试, en: Test}", "name: 测试"), "line 2: name must be"),
        (good + "guide2: 1\n", "the fields: aliases"),
    ):
        (package / "pack.yaml").write_text(bad, encoding="utf-8")
        with pytest.raises(PackDataError) as raised:
            pack_from_directory("fuzzpack")
        assert "fuzzpack/pack.yaml" in str(raised.value)
        both = f"{raised.value.message} {raised.value.message_en}"
        assert said in both, both
        assert "gkstd/packs" not in both  # never a place in gkstd's own code
    (package / "pack.yaml").write_bytes(good.replace("测试部", "测试部门").encode("gbk"))
    with pytest.raises(PackDataError, match="不是 UTF-8 编码"):
        pack_from_directory("fuzzpack")
    # YAML 1.2, as catalogs: ON is the text ON (a YAML 1.1 reader made it True)
    (package / "pack.yaml").write_text(good.replace("FZ", "ON"), encoding="utf-8")
    assert pack_from_directory("fuzzpack").rule_prefix == "ON"


def test_a_hook_that_never_returns_fails_its_plugin_after_the_limit() -> None:
    """A hook that sleeps (or loops) for ever blocked every command; past
    ``max_plugin_fail_seconds`` the plugin is stopped and fails, the others load."""
    import time

    class Hangs:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[object]:
            with contextlib.suppress(Exception):  # its own catch-all does not keep it alive
                time.sleep(60)
            return []

    start = time.perf_counter()
    with limits.raised(max_plugin_fail_seconds=1):
        reg = build_registry(
            entry_points=[ep("good", "fake_pack_good")], plugins={"hangs": Hangs()}
        )
    assert time.perf_counter() - start < 20
    status = status_of(reg, "hangs")
    assert status.status == "failed"
    assert "stopped after 1 s" in (status.error_en or "")
    assert status_of(reg, "good").status == "ok"
    import signal

    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the timer is put back


class _Wheel:
    """A third-party distribution as importlib.metadata shows it: name, version, files."""

    def __init__(self, name: str, files: list[str]) -> None:
        self.metadata = {"Name": name}
        self.version = "1.0"
        self.files = files


def _first_party_and(third: list[metadata.EntryPoint]) -> list[metadata.EntryPoint]:
    return [*metadata.entry_points(group="gkstd"), *third]


def test_a_wheel_that_installs_over_a_first_party_pack_takes_neither_down_silently() -> None:
    """An author copies gkstd_domains/employment as a template and keeps its package name:
    pip installs the wheel over gkstd's own files.  The first-party pack then served the
    third party's data as the national catalog, listed as gkstd's and ok."""
    wheel = _Wheel(
        "gkstd-guangdong-employment",
        [
            "gkstd_domains/employment/__init__.py",
            "gkstd_domains/employment/data/national.yaml",
            "gkstd_guangdong_employment-1.0.dist-info/RECORD",
        ],
    )
    point = metadata.EntryPoint(
        name="guangdong-employment", value="gkstd_domains.employment:plugin", group="gkstd"
    )._for(wheel)  # type: ignore[attr-defined]
    reg = build_registry(entry_points=_first_party_and([point]))
    status = {p.name: p for p in reg.plugins}
    intruder, victim = status["guangdong-employment"], status["employment"]
    assert intruder.status == "failed"
    assert "gkstd_domains/employment/data/national.yaml" in (intruder.error or "")
    assert "pip install --force-reinstall gkstd" in (intruder.error or "")
    assert victim.status == "failed"
    assert victim.first_party
    assert "gkstd-guangdong-employment" in (victim.error or "")
    assert "employment" not in reg.packs
    assert "municipal-services" in reg.packs  # the other packs are untouched
    assert status["municipal-services"].status == "ok"


def test_a_third_party_entry_point_into_gkstd_s_modules_is_refused() -> None:
    wheel = _Wheel("gkstd-borrower", ["gkstd_borrower/__init__.py"])
    point = metadata.EntryPoint(
        name="borrowed", value="gkstd_domains.employment:plugin", group="gkstd"
    )._for(wheel)  # type: ignore[attr-defined]
    reg = build_registry(entry_points=_first_party_and([point]))
    status = {p.name: p for p in reg.plugins}
    assert status["borrowed"].status == "failed"
    assert "names gkstd's own module gkstd_domains.employment" in (
        status["borrowed"].error_en or ""
    )
    assert status["employment"].status == "ok"
    assert "employment" in reg.packs


def test_naming_a_pack_that_failed_to_load_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """It said the file 'employment' did not exist (GK001)."""
    from gkstd.cli import catalog_cmd

    broken = Registry(plugins=(PluginStatus("employment", "failed", "gkstd", "0.1", error="坏了"),))
    monkeypatch.setattr(catalog_cmd, "registry", lambda: broken)
    result = CliRunner().invoke(cli, ["show", "employment"], env={"GKSTD_LANG": "zh"})
    assert result.exit_code == 2
    assert "employment：这个领域包未能加载，无法使用。坏了" in result.stderr
    assert "GK001" not in result.output


def test_the_domains_table_says_a_failure_whole_and_in_the_language_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It kept only the first line of a failure (a wrong hook signature's missing
    argument was cut off), always in Chinese."""
    from gkstd.cli import info_cmd

    failed = PluginStatus(
        "hook-test",
        "failed",
        "gkstd-hook-test",
        "0.1",
        error="钩子实现无效：Plugin 'hook-test'\nArgument(s) {'context'} 未声明",
        error_en="invalid hook: Plugin 'hook-test'\nArgument(s) {'context'} are not declared",
    )
    monkeypatch.setattr(info_cmd, "registry", lambda: Registry(plugins=(failed,)))
    zh = CliRunner().invoke(cli, ["domains"], env={"GKSTD_LANG": "zh"}).output
    en = CliRunner().invoke(cli, ["--lang", "en", "domains"]).output
    assert "未能加载：钩子实现无效：Plugin 'hook-test' Argument(s) {'context'} 未声明" in zh
    assert "failed: invalid hook: Plugin 'hook-test' Argument(s) {'context'} are not declared" in en
    data = json.loads(CliRunner().invoke(cli, ["domains", "--json"]).output)
    assert data[0]["error_en"].startswith("invalid hook")


# -- a plugin's element order, contained ------------------------------------------------

_ORDER_PARENT = """\
gkstd: "1.0"
id: parent
domain: fake-order
title: 上级
jurisdiction: {name: 某市, level: 市级}
items:
  - id: a
    name: 法律知识普及服务
    content: [法律法规资讯]
    basis: [{title: 中华人民共和国政府信息公开条例, doc_no: 国务院令第711号}]
    time_limit: 自制作或获取该信息之日起20个工作日内公开
    subject: 县司法局
    method: 主动公开
    channels: [政府网站]
    audience: 全社会
    levels: [县级]
    extra: {更新频率: 每月}
"""
_ORDER_CHILD = """\
gkstd: "1.0"
id: child
domain: fake-order
title: 下级
jurisdiction: {name: 某县, level: 县级}
MODE: parent
items:
  - {id: a, name: 法律知识普及服务, extra: {更新频率: 按需}}
"""


def _raising_order_registry(where: str) -> Registry:
    """A third-party pack whose order of extra:更新频率 raises in ``where`` (compare or
    merge) on the value 按需."""

    def compare(parent: Any, child: Any, ctx: Any) -> list[Any]:
        if where == "compare" and child == "按需":
            raise TypeError("'>=' not supported between instances of 'NoneType' and 'int'")
        return []

    def merge(parent: Any, child: Any) -> Any:
        if where == "merge" and child == "按需":
            raise ValueError("unknown frequency")
        return child

    class Orders:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[gkstd.DomainPack]:
            return [make_pack("fake-order", "FKR")]

        @gkstd.hookimpl
        def gkstd_register_element_orders(self, ctx: gkstd.HookContext) -> list[object]:
            order = make_order("extra:更新频率", domain="fake-order")
            return [attrs.evolve(order, compare=compare, merge=merge)]

    return build_registry(plugins={"orders": Orders()})


@pytest.mark.parametrize(
    ("where", "mode"), [("compare", "extends"), ("merge", "extends"), ("compare", "conforms_to")]
)
def test_an_element_order_that_raises_is_a_gk000_not_the_end_of_the_run(
    where: str, mode: str
) -> None:
    """An order's compare or merge that raised ended gkstd validate with an internal
    error, first-party results of the same run lost; it is a GK000 warning on the
    element (a third party's), naming the pack, and the first-party catalog's report is
    the same as without the plugin."""
    reg = _raising_order_registry(where)
    child = _ORDER_CHILD.replace("MODE", mode)
    if mode == "conforms_to":
        child = child.replace(
            "extra: {更新频率: 按需}}", "extra: {更新频率: 按需}, content: [法律法规资讯]}"
        )
    report = gkstd.validate(child, registry=reg, parents={"parent": _ORDER_PARENT})
    (broken,) = [f for f in report.findings if f.code == "GK000"]
    assert broken.severity is gkstd.Severity.WARNING
    assert broken.rule_pack == "fake-order"
    assert broken.location.element == "extra:更新频率"
    text = broken.text("en")
    assert "pack fake-order" in text
    assert ("failed to compare" if where == "compare" else "failed to merge") in text
    assert "test_plugin_host.py:" in text  # where in the order's code
    zichuan = gkstd.validate(EXAMPLE.read_text("utf-8"), registry=reg)
    assert zichuan.codes() == gkstd.validate(EXAMPLE.read_text("utf-8")).codes()
    if where == "merge":  # the tailoring's own value is kept
        from gkstd.inherit.workspace import Workspace

        resolved = Workspace(reg, parents={"parent": _ORDER_PARENT}).resolve(child)
        assert resolved.catalog is not None
        assert resolved.catalog.items[0].extra["更新频率"] == "按需"


def test_an_entry_point_named_like_a_first_party_pack_is_told_to_rename_itself() -> None:
    """The advice had been ``pip uninstall gkstd`` (the host itself)."""
    wheel = _Wheel("gkstd-my-employment", ["tests/plugins/fake_pack_good.py"])
    point = metadata.EntryPoint(
        name="employment", value="tests.plugins.fake_pack_good:plugin", group="gkstd"
    )._for(wheel)  # type: ignore[attr-defined]
    reg = build_registry(entry_points=_first_party_and([point]))
    failed = [p for p in reg.plugins if p.name == "employment" and p.status == "failed"]
    assert len(failed) == 1
    assert "pip uninstall gkstd" not in (failed[0].error or "")
    assert "另取入口点名称" in (failed[0].error or "")
    assert "gkstd-my-employment" in (failed[0].error_en or "")
    assert "employment" in reg.packs  # gkstd's own is loaded


def test_a_pack_whose_national_catalog_has_errors_is_not_listed_as_ok(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national catalog with two items of one id loads, and ``gkstd domains`` said 正常:
    only the conformance suite found it.  The listing validates each national catalog."""
    from gkstd.plugins.describe import pack_rows

    package = tmp_path / "dupepack"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "pack.yaml").write_text(
        "code: dupe-domain\nname: {zh: 重复测试, en: Dupe}\nministry: 测试部\n"
        "guide: {issuer: 测试部办公厅}\nrule_prefix: DPX\nversion: '1.0'\n",
        encoding="utf-8",
    )
    item = (
        "  - {id: a, name: 事项NAME, content: [内容], basis: [{title: 中华人民共和国政府信息公开条例}],\n"
        "     time_limit: 20个工作日, subject: 某部门, method: 主动, channels: [政府网站],\n"
        "     audience: 全社会, levels: [县级]}\n"
    )
    (package / "data" / "national.yaml").write_text(
        'gkstd: "1.0"\nid: dupe-domain/national\ndomain: dupe-domain\ntitle: 重复测试目录\n'
        "jurisdiction: {name: 全国, level: 国家级}\nitems:\n"
        + item.replace("NAME", "一")
        + item.replace("NAME", "二"),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    pack = pack_from_directory("dupepack")

    class Dupe:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[object]:
            return [pack]

    reg = build_registry(plugins={"dupe": Dupe()})
    (row,) = [r for r in pack_rows(reg, checked=True) if r["code"] == "dupe-domain"]
    assert row["status"] == "errors"
    assert "GK104" in row["error"]
    assert "national.yaml" in row["error_en"]
    (plain,) = [r for r in pack_rows(reg) if r["code"] == "dupe-domain"]
    assert plain["status"] == "ok"  # unchecked (the service's /v1/packs): as loaded


def test_a_pack_can_be_disabled_by_its_code_as_well_as_by_its_entry_point() -> None:
    """``--disable legal-publicity`` silently did nothing when the pack's entry point had
    another name (``gkstd-legal``)."""

    class Named:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[gkstd.DomainPack]:
            return [make_pack("fake-coded", "FKC")]

    assert "fake-coded" in build_registry(plugins={"gkstd-legal": Named()}).packs
    for name in ("fake-coded", "gkstd-legal"):
        reg = build_registry(plugins={"gkstd-legal": Named()}, disable=[name])
        assert "fake-coded" not in reg.packs
        assert status_of(reg, "gkstd-legal").status == "disabled"


def test_a_hook_with_an_argument_of_its_own_is_refused_in_chinese_with_the_signature() -> None:
    """pluggy's English ("… can not be found in the hookspec") had been the whole message."""

    class Extra:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext, extra: int) -> list[object]:
            return []

    status = status_of(build_registry(plugins={"extra": Extra()}), "extra")
    assert status.status == "failed"
    assert "钩子 gkstd_register_packs 的实现多了参数 {'extra'}" in (status.error or "")
    assert "gkstd_register_packs(ctx" in (status.error or "")
    assert "can not be found" not in (status.error or "")


def test_a_packs_merge_of_an_extra_column_is_what_a_tailoring_resolves_to() -> None:
    """The merged extra column is computed once, where the column is compared, and
    carried to the resolved item."""
    from gkstd.inherit.workspace import Workspace

    class Joined:
        @gkstd.hookimpl
        def gkstd_register_packs(self, ctx: gkstd.HookContext) -> list[gkstd.DomainPack]:
            return [make_pack("fake-order", "FKR")]

        @gkstd.hookimpl
        def gkstd_register_element_orders(self, ctx: gkstd.HookContext) -> list[object]:
            order = make_order("extra:更新频率", domain="fake-order")
            return [attrs.evolve(order, merge=lambda parent, child: f"{parent}+{child}")]

    reg = build_registry(plugins={"joined": Joined()})
    child = _ORDER_CHILD.replace("MODE", "extends")
    resolved = Workspace(reg, parents={"parent": _ORDER_PARENT}).resolve(child)
    assert resolved.catalog is not None
    assert resolved.catalog.items[0].extra["更新频率"] == "每月+按需"
