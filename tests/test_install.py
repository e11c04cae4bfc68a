"""How gkstd is installed: the dependency floors (``tox -e min``), the extras, and the
offline recipe of the README (a wheelhouse built where there is internet, installed on an
intranet machine with ``pip install --no-index --find-links``)."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).parents[1]
CONSTRAINTS = ROOT / "tests" / "constraints-min.txt"
TABLE = ROOT / "tests" / "data" / "tables" / "real" / "yanglao-fuwu__dahekou-xiang.csv"
EXAMPLE = ROOT / "examples" / "zichuan-municipal-services.yaml"

#: pip's words when it cannot reach an index (the wheelhouse test then skips).
NETWORK_TROUBLE = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Could not find a version that satisfies",
    "No matching distribution found",
    "ConnectTimeout",
    "ReadTimeout",
)


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project: dict[str, object] = tomllib.load(file)["project"]
    return project


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _floors() -> dict[str, str]:
    floors: dict[str, str] = {}
    for text in _project()["dependencies"]:  # type: ignore[attr-defined]
        req = Requirement(text)
        [floor] = [s.version for s in req.specifier if s.operator == ">="]
        floors[canonicalize_name(req.name)] = floor
    return floors


def test_every_dependency_has_its_floor_pinned_for_tox_min() -> None:
    """tests/constraints-min.txt pins each runtime dependency to the floor in pyproject."""
    floors, pins = _floors(), _pins()
    assert set(pins) == set(floors)
    for name, floor in floors.items():
        assert Version(pins[name]) == Version(floor), f"{name}: floor {floor}, pinned {pins[name]}"


def test_the_min_env_runs_on_the_floors() -> None:
    """In ``tox -e min`` the installed versions are exactly the pinned floors."""
    if not os.environ.get("GKSTD_MIN_DEPS"):
        pytest.skip("only in tox -e min (GKSTD_MIN_DEPS names the constraints file)")
    for name, version in _pins().items():
        assert importlib.metadata.version(name) == version, name


def test_extras_are_the_kit_and_the_development_tools() -> None:
    """Excel, WPS and matching need no extra: the extras are ``testing``, ``dev``, the
    Dask cluster engine (``distributed``, for the national corpus) and the HTTP service
    (``serve``) only."""
    extras = _project()["optional-dependencies"]
    assert set(extras) == {"testing", "dev", "distributed", "serve"}  # type: ignore[arg-type]
    names = {canonicalize_name(Requirement(r).name) for r in _project()["dependencies"]}  # type: ignore[attr-defined]
    assert {"python-calamine", "xlsxwriter", "rapidfuzz"} <= names


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user's shell in the new venv: nothing of this test run."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PIP_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env = {k: v for k, v in env.items() if not k.startswith(("GKSTD_", "PYTEST_"))}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    env["PIP_CONFIG_FILE"] = os.devnull  # no find-links or index from this machine's pip.conf
    return env


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout below is POSIX (bin/)")
def test_offline_install_from_a_wheelhouse(tmp_path: Path) -> None:
    """The README's offline recipe: ``pip wheel`` gkstd and every dependency into a folder,
    then install from that folder alone into a fresh venv; the main job and a table import run."""
    source = tmp_path / "source"  # a copy: building in the checkout would leave build/ behind
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    wheelhouse = tmp_path / "wheelhouse"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", str(source), "-w", str(wheelhouse)],
        timeout=600,
    )
    if built.returncode != 0:
        output = built.stdout + built.stderr
        if any(word in output for word in NETWORK_TROUBLE):
            pytest.skip(f"no network to fetch the dependency wheels: {output.strip()[-300:]}")
        pytest.fail(output)
    wheels = {p.name.split("-")[0].lower() for p in wheelhouse.glob("*.whl")}
    assert {"gkstd", "python_calamine", "xlsxwriter", "rapidfuzz"} <= wheels

    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)])
    if made.returncode != 0:  # Debian/Ubuntu without python3-venv
        pytest.skip(f"python -m venv does not work here: {made.stderr.strip()[-300:]}")
    python, env = str(venv / "bin" / "python"), _clean_env(venv)
    installed = _run(
        [python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links",
         str(wheelhouse), "gkstd"],
        env=env, timeout=600,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr

    work = tmp_path / "work"  # not the checkout: gkstd must come from the venv
    work.mkdir()
    where = _run([python, "-c", "import gkstd; print(gkstd.__file__)"], cwd=work, env=env)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    gkstd = str(venv / "bin" / "gkstd")
    valid = _run([gkstd, "validate", str(EXAMPLE)], cwd=work, env=env)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "通过" in valid.stdout

    # A real published table, saved as .xlsx with the xlsxwriter of the wheelhouse, read
    # back by its python-calamine: both Excel libraries work without an extra.
    table = work / (TABLE.stem + ".xlsx")
    to_xlsx = (
        "import csv, sys, xlsxwriter\n"
        "rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))\n"
        "book = xlsxwriter.Workbook(sys.argv[2]); sheet = book.add_worksheet()\n"
        "for r, row in enumerate(rows):\n"
        "    for c, value in enumerate(row): sheet.write_string(r, c, value)\n"
        "book.close()\n"
    )
    wrote = _run([python, "-c", to_xlsx, str(TABLE), str(table)], cwd=work, env=env)
    assert wrote.returncode == 0, wrote.stderr
    out = work / "catalog.yaml"
    imported = _run([gkstd, "import", str(table), "-o", str(out)], cwd=work, env=env)
    assert imported.returncode in (0, 1), imported.stdout + imported.stderr  # 1: findings
    assert out.is_file(), imported.stdout + imported.stderr
    again = _run([gkstd, "validate", str(out)], cwd=work, env=env)
    assert again.returncode in (0, 1), again.stdout + again.stderr
