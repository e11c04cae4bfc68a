"""gkstd's own packages belong to gkstd: a third-party pack may neither ship files into
them nor point its entry point into them.

An author who copies a first-party pack as a template and keeps its package name
(``gkstd_domains/employment``) publishes a wheel that pip installs *over* gkstd's own
files: the first-party pack then loads the third party's data as the national catalog,
and uninstalling the wheel deletes gkstd's files.  The plugin host cannot stop pip, but it
can tell: a third-party distribution's file list (its ``RECORD``) names the paths it
installed.  Such a distribution's plugins are refused, and so is every first-party pack
whose package it wrote into (its files are no longer gkstd's), each with the fix:
uninstall the distribution and reinstall gkstd.  A third-party entry point that names a
module inside gkstd's packages is refused too.  Part of :mod:`gkstd.plugins`.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import PurePosixPath

from gkstd.plugins.loading import LoadedPlugin

__all__ = [
    "FIRST_PARTY_PACKAGES",
    "in_first_party_package",
    "refuse_overwritten",
    "refuse_trespass",
    "trespassed_paths",
]

#: The import packages of the ``gkstd`` distribution.
FIRST_PARTY_PACKAGES = ("gkstd", "gkstd_domains")


def in_first_party_package(module: str | None) -> bool:
    """Whether the dotted ``module`` lies inside one of :data:`FIRST_PARTY_PACKAGES`."""
    if not module:
        return False
    return module.split(".", 1)[0] in FIRST_PARTY_PACKAGES


def trespassed_paths(ep: metadata.EntryPoint, seen: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """The files the distribution declaring ``ep`` installed inside gkstd's packages
    (``gkstd_domains/employment/data/national.yaml``), read once per distribution
    (``seen``).  Empty when the distribution lists no files (an editable install)."""
    dist = getattr(ep, "dist", None)
    if dist is None:
        return ()
    if id(dist) not in seen:
        try:
            files = dist.files or []
        except Exception:
            files = []
        seen[id(dist)] = tuple(str(f) for f in files if _in_gkstd(f))
    return seen[id(dist)]


def _in_gkstd(path: object) -> bool:
    """Whether a file of a distribution's list lies inside one of gkstd's packages (not
    its compiled ``__pycache__``, made from the others)."""
    parts = PurePosixPath(str(path)).parts
    return len(parts) > 1 and parts[0] in FIRST_PARTY_PACKAGES and "__pycache__" not in parts


def package_of(path: str) -> str:
    """The dotted package ``path`` (a file inside gkstd's packages) belongs to, two levels
    deep: ``gkstd_domains/employment/data/national.yaml`` → ``gkstd_domains.employment``."""
    parts = PurePosixPath(path).parts[:-1]
    return ".".join(parts[:2])


def refuse_trespass(
    entry: LoadedPlugin, paths: tuple[str, ...], intruded: dict[str, tuple[str, LoadedPlugin]]
) -> None:
    """Fail the third-party ``entry`` when its distribution installed ``paths`` inside
    gkstd's packages (each package recorded in ``intruded``) or its entry point names a
    module there."""
    for path in paths:
        intruded.setdefault(package_of(path), (path, entry))
    if paths:
        shown = "、".join(paths[:3]) + (f" 等 {len(paths)} 个文件" if len(paths) > 3 else "")
        shown_en = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        entry.fail(
            f"它把文件装进了 gkstd 自己的包（{shown}），覆盖了 gkstd 的文件。第三方领域包须使用自己的"
            f"包名（如 gkstd_{entry.name.replace('-', '_')}），不能沿用模板的 gkstd_domains.…；请卸载"
            f"发行包 {entry.distribution} 后运行 pip install --force-reinstall gkstd 恢复 gkstd 的文件",
            f"it installed files inside gkstd's own packages ({shown_en}), over gkstd's files. A "
            f"third-party pack needs a package of its own (such as "
            f"gkstd_{entry.name.replace('-', '_')}), not the template's gkstd_domains.…; uninstall "
            f"the distribution {entry.distribution} and run pip install --force-reinstall gkstd "
            "to restore gkstd's files",
        )
    elif in_first_party_package(entry.module):
        entry.fail(
            f"它的入口点指向 gkstd 自己的模块 {entry.module}；第三方插件须指向自己发行包中的模块"
            "（pyproject.toml 的 [project.entry-points.gkstd]）",
            f"its entry point names gkstd's own module {entry.module}; a third-party plugin "
            "names a module of its own distribution ([project.entry-points.gkstd] in "
            "pyproject.toml)",
        )


def refuse_overwritten(entry: LoadedPlugin, intruded: dict[str, tuple[str, LoadedPlugin]]) -> None:
    """Fail the first-party ``entry`` when a third party wrote into its package: its files
    are no longer gkstd's, and its data must not pass for the national catalog."""
    module = entry.module or ""
    for package, (path, intruder) in intruded.items():
        if module == package or module.startswith(package + "."):
            entry.fail(
                f"它的文件被{intruder.who().zh}覆盖（{path}）；为免把第三方的内容当作国家目录，"
                f"本领域包未加载。请卸载发行包 {intruder.distribution}，再运行 "
                "pip install --force-reinstall gkstd",
                f"its files were overwritten by {intruder.who().en} ({path}); so that a third "
                "party's content never passes for the national catalog, the pack was not "
                f"loaded. Uninstall the distribution {intruder.distribution}, then run "
                "pip install --force-reinstall gkstd",
            )
            return
