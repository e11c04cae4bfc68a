"""``gkstd new-pack`` and ``gkstd conformance``: a scaffolded pack installs with pip,
passes its own pytest run unedited and is listed by ``gkstd domains``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkstd.cli.main import cli
from gkstd.packs.scaffold import ScaffoldError, new_pack, suggest_prefix, write_pack
from gkstd.plugins.registry import Registry
from gkstd.testing.checks import CHECK_IDS

GKSTD = [sys.executable, "-c", "from gkstd.cli.main import main; main()"]


def _env(site: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GKSTD_", "PYTEST_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


@pytest.mark.slow
def test_new_pack_installs_passes_its_tests_and_is_listed(tmp_path: Path) -> None:
    target = tmp_path / "gkstd-civil-air-defence"
    made = CliRunner().invoke(
        cli, ["new-pack", "人民防空", "--code", "civil-air-defence", "--dir", str(target)]
    )
    assert made.exit_code == 0, made.output
    assert (target / "pyproject.toml").is_file()
    site = tmp_path / "site"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(site), str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stdout + pip.stderr
    env = _env(site)
    domains = subprocess.run(
        [*GKSTD, "domains", "--json"], capture_output=True, text=True, env=env, check=False
    )
    assert domains.returncode == 0, domains.stderr
    rows = {row["code"]: row for row in json.loads(domains.stdout)}
    assert rows["civil-air-defence"]["status"] == "ok"
    assert rows["civil-air-defence"]["name"] == "人民防空"
    assert rows["civil-air-defence"]["distribution"] == "gkstd-civil-air-defence"
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=target, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert f"{len(CHECK_IDS) + 1} passed" in tests.stdout  # the checks and the wheel test
    check = subprocess.run(
        [*GKSTD, "conformance", "civil-air-defence", "-n", "5"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "待填写：ministry, guide.issuer" in check.stdout  # placeholders are pointed out


def test_new_pack_files(registry: Registry) -> None:
    files = new_pack("人民防空", "civil-air-defence", registry=registry)
    assert set(files) == {
        ".gitignore",
        "pyproject.toml",
        "README.md",
        "conformance-xfail.yaml",
        "src/gkstd_civil_air_defence/__init__.py",
        "src/gkstd_civil_air_defence/rules.py",
        "src/gkstd_civil_air_defence/pack.yaml",
        "src/gkstd_civil_air_defence/data/national.yaml",
        "src/gkstd_civil_air_defence/SOURCES.md",
        "tests/test_conformance.py",
    }
    assert 'civil-air-defence = "gkstd_civil_air_defence:plugin"' in files["pyproject.toml"]
    assert "rule_prefix: CAD" in files["src/gkstd_civil_air_defence/pack.yaml"]
    assert '"CAD101"' in files["src/gkstd_civil_air_defence/rules.py"]
    assert 'pack = "civil-air-defence"' in files["tests/test_conformance.py"]
    assert "$" not in "".join(files.values()).replace("$.", "")  # every placeholder filled
    ignored = files[".gitignore"].splitlines()
    for entry in ("build/", "dist/", "*.egg-info/", "__pycache__/", ".venv/", ".pytest_cache/"):
        assert entry in ignored


def test_new_pack_says_where_gkstd_comes_from(registry: Registry) -> None:
    """gkstd is not on PyPI: the pack depends on it, and its README says how to install it
    first; no extra of gkstd that no longer exists is named."""
    import tomllib

    from gkstd import __version__

    files = new_pack("人民防空", "civil-air-defence", registry=registry)
    project = tomllib.loads(files["pyproject.toml"])["project"]
    assert project["dependencies"] == [f"gkstd>={__version__}"]
    assert project["optional-dependencies"]["test"][0] == f"gkstd[testing]>={__version__}"
    readme = files["README.md"]
    assert "pypi.org" not in readme
    assert "not published on PyPI" in readme
    assert "--no-index --find-links" in readme


def test_new_pack_writes_the_gitignore(tmp_path: Path, registry: Registry) -> None:
    write_pack(new_pack("人民防空", "civil-air-defence", registry=registry), tmp_path / "p")
    assert ".venv/" in (tmp_path / "p" / ".gitignore").read_text("utf-8").splitlines()


@pytest.mark.parametrize(
    ("name", "code", "prefix", "message"),
    [
        ("", "civil-air-defence", None, "domain's name"),
        ("人民防空", "Civil Air", None, "invalid domain code"),
        ("人民防空", "civil-air-defence", "GK", "invalid rule prefix"),
        ("人民防空", "civil-air-defence", "SZFW", "used by an installed pack"),
        ("市政", "municipal-services", None, "used by the installed pack"),
        # each wrote a pack that could never load (the name, the entry point, the code)
        ("就业", "jiuye", None, "already the name or an alias of the installed pack employment"),
        ("市政服务领域", "shizheng", None, "pack municipal-services"),  # 领域 is not the name
        ("测试", "core", None, "reserved"),
    ],
)
def test_new_pack_refuses_bad_arguments(
    registry: Registry, name: str, code: str, prefix: str | None, message: str
) -> None:
    with pytest.raises(ScaffoldError) as info:
        new_pack(name, code, prefix=prefix, registry=registry)
    assert message in info.value.message.en


def test_a_name_ending_in_the_word_for_domain_is_not_doubled(registry: Registry) -> None:
    files = new_pack("人民防空领域", "civil-air-defence", registry=registry)
    text = "\n".join(files.values())
    assert "领域领域" not in text
    assert "人民防空领域基层政务公开标准目录" in text


def test_the_default_prefix_is_what_the_docs_say() -> None:
    text = (Path(__file__).parents[1] / "docs" / "pack-authoring.md").read_text("utf-8")
    pairs = re.findall(r"`([a-z][a-z0-9-]*)` → `([A-Z]{2,6})`", text)
    assert ("civil-air-defence", "CAD") in pairs
    assert ("employment", "EMP") in pairs  # a one-word code: its first three letters
    for code, prefix in pairs:
        assert suggest_prefix(code) == prefix, code


def test_suggested_prefix_avoids_taken_ones() -> None:
    assert suggest_prefix("civil-air-defence") == "CAD"
    assert suggest_prefix("education") == "EDU"
    assert suggest_prefix("civil-air-defence", {"CAD"}) == "CADC"
    assert suggest_prefix("gk-x", set()) != "GK"


def test_new_pack_never_overwrites(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "keep.txt").write_text("mine", "utf-8")
    with pytest.raises(ScaffoldError, match="不是空目录"):
        write_pack(new_pack("人民防空", "civil-air-defence", registry=registry), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    result = CliRunner().invoke(
        cli, ["new-pack", "人民防空", "--code", "civil-air-defence", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "不是空目录" in result.output


def test_conformance_command_prints_a_table_per_pack() -> None:
    result = CliRunner().invoke(
        cli, ["conformance", "municipal-services", "social-assistance", "-n", "3"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["领域包", "结果", "通过"]
    assert any(line.startswith("municipal-services") and "✓" * 13 in line for line in lines)
    assert any(line.startswith("social-assistance") and " 通过 " in line for line in lines)
    assert "本领域包没有自己的规则" not in result.output  # remarks only with -v
    verbose = CliRunner().invoke(cli, ["conformance", "municipal-services", "-n", "3", "-v"])
    assert "municipal-services [rule-codes] passed: 本领域包没有自己的规则" in verbose.output


def test_conformance_command_json_and_failures() -> None:
    result = CliRunner().invoke(
        cli, ["--lang", "en", "conformance", "no-such-pack", "--format", "json"]
    )
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    (pack,) = data["packs"]
    assert pack["results"][0]["status"] == "failed"
    assert "[project.entry-points.gkstd]" in pack["results"][0]["message_en"]
    text = CliRunner().invoke(cli, ["--lang", "en", "conformance", "no-such-pack"])
    assert text.exit_code == 1
    assert "no-such-pack [loads] failed: No entry point or pack 'no-such-pack'" in text.output


def test_conformance_command_usage_errors(tmp_path: Path) -> None:
    bad = tmp_path / "xfail.yaml"
    bad.write_text("- {pack: a, check: orders}\n", "utf-8")
    result = CliRunner().invoke(cli, ["conformance", "all", "--xfail", str(bad)])
    assert result.exit_code == 2
    assert "missing reason" in result.output
    result = CliRunner().invoke(cli, ["conformance", "all", "--check", "bogus"])
    assert result.exit_code == 2
    assert "bogus" in result.output


# -- data files in the wheel (conformance check package-data) ---------------------------

MODULE = "gkstd_civil_air_defence"


@pytest.fixture
def scaffolded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: Registry) -> Path:
    """A scaffolded pack whose package is importable from its source tree (as an
    editable install makes it), with a data file no package-data pattern matches."""
    project = tmp_path / "gkstd-civil-air-defence"
    write_pack(new_pack("人民防空", "civil-air-defence", registry=registry), project)
    (project / "src" / MODULE / "lookup.csv").write_text("a,b\n", "utf-8")
    monkeypatch.syspath_prepend(str(project / "src"))
    yield project
    for name in list(sys.modules):
        if name.startswith(MODULE):
            del sys.modules[name]


def test_package_data_fails_a_file_outside_the_patterns(
    scaffolded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from gkstd.plugins.manager import build_registry
    from gkstd.testing import wheel
    from gkstd.testing.conformance import run_conformance

    monkeypatch.setattr(wheel, "_project_of", lambda pack: scaffolded)  # "pip install -e"
    plugin = importlib.import_module(MODULE).plugin
    registry = build_registry(entry_points=[], plugins={"civil-air-defence": plugin})
    report = run_conformance("civil-air-defence", registry=registry, checks=["package-data"])
    (result,) = report.packs[0].results
    assert result.status == "failed", result
    assert result.message is not None
    assert f"src/{MODULE}/lookup.csv" in result.message.en
    assert "[tool.setuptools.package-data]" in result.message.zh
    (scaffolded / "src" / MODULE / "lookup.csv").unlink()
    report = run_conformance("civil-air-defence", registry=registry, checks=["package-data"])
    assert report.packs[0].results[0].status == "passed"


@pytest.mark.slow
def test_the_built_wheel_lacks_a_file_outside_the_patterns(scaffolded: Path) -> None:
    from gkstd.testing.wheel import missing_from_wheel

    assert missing_from_wheel(scaffolded, MODULE) == [f"{MODULE}/lookup.csv"]
    (scaffolded / "src" / MODULE / "lookup.csv").unlink()
    assert missing_from_wheel(scaffolded, MODULE) == []


@pytest.mark.slow
def test_a_stale_build_folder_does_not_hide_a_missing_file(scaffolded: Path) -> None:
    """setuptools ships what an earlier build left in ``build/lib``: a data file the
    patterns no longer match passed the wheel test while a clean build lacked it.  The
    wheel is built from a clean copy of the project (the project's ``build/`` kept)."""
    from gkstd.testing.wheel import missing_from_wheel

    stale = scaffolded / "build" / "lib" / MODULE / "lookup.csv"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("a,b\n", "utf-8")
    assert (scaffolded / "src" / MODULE / "lookup.csv").exists()
    assert missing_from_wheel(scaffolded, MODULE) == [f"{MODULE}/lookup.csv"]
    assert stale.exists()  # the author's files are left alone
