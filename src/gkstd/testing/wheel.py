"""Does the pack's wheel carry every file the pack uses?

An editable install (``pip install -e .``) reads the pack's files from the source tree,
so a data file that no ``package-data`` pattern matches passes every test and is then
missing for everyone who installs the wheel.  Two ways to find such a file:

* :func:`unshipped_files` (the conformance check ``package-data``): for a pack installed
  editable from a setuptools project, the files in the pack's package directory that the
  ``[tool.setuptools.package-data]`` patterns of its ``pyproject.toml`` do not match.
  Fast and offline; it knows setuptools' patterns only (``MANIFEST.in`` and
  ``setuptools-scm`` are not read: then it says it cannot tell).  A pack installed from
  a wheel passes: its files are the wheel's.
* :func:`missing_from_wheel` (for a pack's own tests): builds the wheel with
  ``python -m pip wheel --no-deps --no-build-isolation`` (offline; the build backend
  must be installed in the environment) and lists the package's files it lacks.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from gkstd.diagnostics.i18n import Text

if TYPE_CHECKING:
    from gkstd.packs.pack import DomainPack

__all__ = ["Unverifiable", "missing_from_wheel", "package_files", "unshipped_files", "wheel_files"]

_SETUPTOOLS = ("setuptools.build_meta", "setuptools.build_meta:__legacy__")


class Unverifiable(Exception):
    """The files cannot be compared without building the wheel; ``message`` says why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.message = Text(zh, en)


def package_files(package_dir: Path) -> list[Path]:
    """The files of a package directory that are not Python code or caches (the data the
    pack opens), hidden files left out."""
    out = []
    for path in sorted(package_dir.rglob("*")):
        rel = path.relative_to(package_dir)
        if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        if path.suffix in (".py", ".pyc", ".pyo", ".pyi") or path.name == "py.typed":
            continue
        out.append(path)
    return out


def _editable_project(distribution: str) -> Path | None:
    """The project directory of an editable install, or ``None``."""
    try:
        text = importlib.metadata.distribution(distribution).read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    info: dict[str, Any] = json.loads(text)
    if not info.get("dir_info", {}).get("editable"):
        return None
    url = urlparse(info.get("url", ""))
    return Path(unquote(url.path)) if url.scheme == "file" else None


def _project_of(pack: DomainPack) -> Path | None:
    """The source project of ``pack`` when its distribution is installed editable."""
    return _editable_project(pack.distribution) if pack.distribution else None


def unshipped_files(pack: DomainPack) -> list[str]:
    """Files in ``pack``'s package directory that its wheel would not carry (relative to
    the project); :class:`Unverifiable` when that cannot be told without a build."""
    hint = (
        "请构建并安装 wheel 后再运行一致性检查（见 docs/pack-authoring.md）",
        "build and install the wheel, then run the conformance suite (docs/pack-authoring.md)",
    )
    try:
        root = importlib.resources.files(pack.package)
    except ModuleNotFoundError:
        raise Unverifiable(
            f"找不到包 {pack.package}；{hint[0]}", f"package {pack.package} not found; {hint[1]}"
        ) from None
    package_dir = Path(str(root))
    if not package_dir.is_dir():
        raise Unverifiable(
            f"包 {pack.package} 不在文件系统中；{hint[0]}",
            f"package {pack.package} is not on the file system; {hint[1]}",
        )
    project = _project_of(pack)
    if project is None:
        return []  # installed from a wheel (its files are the wheel's) or not installed
    pyproject = project / "pyproject.toml"
    try:
        config = tomllib.loads(pyproject.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise Unverifiable(
            f"无法读取 {pyproject}（{exc}）；{hint[0]}",
            f"cannot read {pyproject} ({exc}); {hint[1]}",
        ) from None
    backend = config.get("build-system", {}).get("build-backend", "setuptools.build_meta")
    requires = " ".join(config.get("build-system", {}).get("requires", []))
    if backend not in _SETUPTOOLS or "setuptools-scm" in requires or "setuptools_scm" in requires:
        raise Unverifiable(
            f"构建后端 {backend}（{requires}）的打包规则无法静态核对；{hint[0]}，或在测试中调用 "
            "gkstd.testing.wheel.missing_from_wheel",
            f"the packaging rules of backend {backend} ({requires}) cannot be checked "
            f"statically; {hint[1]}, or call gkstd.testing.wheel.missing_from_wheel in a test",
        )
    if (project / "MANIFEST.in").exists():
        raise Unverifiable(
            f"项目有 MANIFEST.in，无法静态核对；{hint[0]}",
            f"the project has a MANIFEST.in and cannot be checked statically; {hint[1]}",
        )
    patterns: dict[str, list[str]] = (
        config.get("tool", {}).get("setuptools", {}).get("package-data", {})
    )
    parts = pack.package.split(".")
    source_root = package_dir.parents[len(parts) - 1] if len(parts) > 1 else package_dir.parent
    covered: set[Path] = set()
    for key, globs in patterns.items():
        if key == "*":
            dirs = [source_root.joinpath(*parts[: n + 1]) for n in range(len(parts))]
            dirs += [p.parent for p in package_dir.rglob("__init__.py")]
        else:
            dirs = [source_root.joinpath(*key.split("."))]
        for directory in dirs:
            for pattern in globs:
                covered.update(p.resolve() for p in directory.glob(pattern))
    missing = [p for p in package_files(package_dir) if p.resolve() not in covered]
    return [_shown(p, project) for p in missing]


def _shown(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(path)


#: What a build leaves in a project (and a checkout holds) that must not reach a fresh
#: build: setuptools copies ``build/lib`` and trusts ``*.egg-info/SOURCES.txt`` from
#: earlier builds, so a data file a pattern no longer matches was still shipped.
_LEFT_BY_BUILDS = ("build", "dist", "*.egg-info", ".git", ".tox", ".venv", "__pycache__")


def wheel_files(project_dir: str | Path, timeout: float = 300) -> list[str]:
    """Build the wheel of ``project_dir`` offline (``pip wheel --no-deps
    --no-build-isolation``) from a clean copy of it (without what earlier builds left:
    :data:`_LEFT_BY_BUILDS`) and list the files in it.  ``RuntimeError`` with pip's
    output when the build fails."""
    with tempfile.TemporaryDirectory() as work:
        source, out = Path(work) / "project", Path(work) / "wheel"
        shutil.copytree(project_dir, source, ignore=shutil.ignore_patterns(*_LEFT_BY_BUILDS))
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
        cmd += ["--no-index", "-q", "-w", str(out), str(source)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        wheels = list(out.glob("*.whl"))
        if done.returncode != 0 or not wheels:
            raise RuntimeError(
                f"wheel 构建失败 / the wheel build failed ({' '.join(cmd)}):\n"
                f"{done.stdout}\n{done.stderr}"
            )
        with zipfile.ZipFile(wheels[0]) as archive:
            return sorted(archive.namelist())


def missing_from_wheel(project_dir: str | Path, package: str, src: str = "src") -> list[str]:
    """The data files of ``package`` (in ``project_dir/src``) that its built wheel lacks,
    as paths inside the wheel; ``[]`` when the wheel carries them all::

        def test_the_wheel_ships_every_data_file():
            assert missing_from_wheel(Path(__file__).parents[1], "my_pack") == []
    """
    project = Path(project_dir)
    base = project / src if (project / src).is_dir() else project
    package_dir = base.joinpath(*package.split("."))
    shipped = set(wheel_files(project))
    wanted = [p.relative_to(base).as_posix() for p in package_files(package_dir)]
    return [name for name in wanted if name not in shipped]
