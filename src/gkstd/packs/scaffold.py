"""``gkstd new-pack``: the files of a new, separately installable domain pack.

:func:`new_pack` returns the files as data (relative path → text), from the templates
in ``gkstd/templates/newpack``; :func:`write_pack` writes them into an empty directory
and never overwrites anything.  The result installs with ``pip install`` and passes its
own conformance test (``pytest``) unedited.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from gkstd.diagnostics.i18n import Text
from gkstd.io.schema import DOMAIN_PATTERN
from gkstd.packs.pack import RESERVED_CODES

if TYPE_CHECKING:
    from gkstd.plugins.registry import Registry

__all__ = ["PLACEHOLDER", "ScaffoldError", "new_pack", "suggest_prefix", "write_pack"]

#: Written where the scaffold cannot know the value; ``gkstd conformance`` notes it.
PLACEHOLDER = "（待填写）"

_PREFIX = re.compile(r"^[A-Z]{2,6}$")

#: Template → path in the new distribution (``{module}`` is the package name).
_FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "gitignore.tmpl": ".gitignore",
    "conformance-xfail.yaml.tmpl": "conformance-xfail.yaml",
    "__init__.py.tmpl": "src/{module}/__init__.py",
    "rules.py.tmpl": "src/{module}/rules.py",
    "pack.yaml.tmpl": "src/{module}/pack.yaml",
    "national.yaml.tmpl": "src/{module}/data/national.yaml",
    "SOURCES.md.tmpl": "src/{module}/SOURCES.md",
    "test_conformance.py.tmpl": "tests/test_conformance.py",
}


@attrs.frozen
class ScaffoldError(Exception):
    """The arguments cannot make a pack, or the target directory is not empty."""

    message: Text

    def __str__(self) -> str:
        return self.message.get()


def suggest_prefix(code: str, taken: Collection[str] = ()) -> str:
    """A rule prefix for ``code`` not in ``taken``: the initials of its words (``civil-air-
    defence`` → ``CAD``), or the first three letters of a one-word code (``employment`` →
    ``EMP``), lengthened with the code's letters if taken (docs/pack-authoring.md says so;
    a test keeps the two in step)."""
    words = [w for w in code.split("-") if w and w[0].isalpha()]
    letters = "".join(w[0] for w in words).upper()
    if len(words) == 1 or len(letters) < 2:
        letters = re.sub(r"[^A-Za-z]", "", code).upper()[:3]
    letters = letters[:6]
    candidate = letters if len(letters) >= 2 else (letters + "X")[:2]
    pool = re.sub(r"[^A-Za-z]", "", code).upper()
    extra = iter(pool + "XYZQ")
    while (candidate in taken or candidate == "GK") and len(candidate) < 6:
        candidate += next(extra, "X")
    return candidate


def new_pack(
    name: str,
    code: str,
    *,
    prefix: str | None = None,
    name_en: str | None = None,
    ministry: str | None = None,
    issuer: str | None = None,
    registry: Registry | None = None,
) -> dict[str, str]:
    """The files of a new pack for domain ``name`` (Chinese) with code ``code``.

    ``prefix`` (2–6 capitals, not GK) defaults to :func:`suggest_prefix`; ``name_en``
    to the code in words; ``ministry`` and ``issuer`` to :data:`PLACEHOLDER`.  With
    ``registry``, a code or prefix already used by an installed pack is refused.
    """
    from gkstd import __version__

    name = name.strip()
    if name.endswith("领域") and len(name) > 2:  # the templates add 领域: 测试领域领域…
        name = name.removesuffix("领域")
    if not name:
        raise ScaffoldError(
            Text("请给出领域名称，如 人民防空", "Give the domain's name, e.g. 人民防空")
        )
    if not re.match(DOMAIN_PATTERN, code):
        raise ScaffoldError(
            Text(
                f"领域代码 {code!r} 无效：应为小写英文单词，用连字符连接，如 civil-air-defence",
                f"invalid domain code {code!r}: lower-case words joined by hyphens, e.g. civil-air-defence",
            )
        )
    if code in RESERVED_CODES:
        raise ScaffoldError(
            Text(
                f"领域代码 {code} 是保留代码（gkstd 自己的规则），请换一个",
                f"the domain code {code} is reserved (gkstd's own rules); choose another",
            )
        )
    taken: set[str] = set()
    if registry is not None:
        owner = registry.pack(code)
        if owner is not None:
            raise ScaffoldError(
                Text(
                    f"领域代码 {code} 已被已安装的领域包 {owner.code}（{owner.name_zh}）使用，请换一个",
                    f"domain code {code} is used by the installed pack {owner.code}; choose another",
                )
            )
        plugin = next((p for p in registry.plugins if p.name == code), None)
        if plugin is not None:
            raise ScaffoldError(
                Text(
                    f"入口点名称 {code} 已被已安装的插件 {plugin.name}（发行包 {plugin.distribution}）"
                    "使用，请换一个领域代码",
                    f"the entry-point name {code} is used by the installed plugin {plugin.name} "
                    f"(distribution {plugin.distribution}); choose another domain code",
                )
            )
        named = registry.pack(name)
        if named is not None:
            raise ScaffoldError(
                Text(
                    f"领域名称 {name} 已是已安装的领域包 {named.code}（{named.name_zh}）的名称或别名，"
                    "两个领域包不能同名；请换一个名称（如加上省名）",
                    f"the domain name {name} is already the name or an alias of the installed "
                    f"pack {named.code}; two packs cannot share it: choose another name (add "
                    "the province's name, for one)",
                )
            )
        taken = {p.rule_prefix for p in registry.packs.values()}
    if prefix is None:
        prefix = suggest_prefix(code, taken)
    if not _PREFIX.match(prefix) or prefix == "GK":
        raise ScaffoldError(
            Text(
                f"规则前缀 {prefix!r} 无效：应为 2–6 个大写字母，且不能是 GK",
                f"invalid rule prefix {prefix!r}: 2–6 capital letters, not GK",
            )
        )
    if prefix in taken:
        raise ScaffoldError(
            Text(
                f"规则前缀 {prefix} 已被已安装的领域包使用，请用 --prefix 另选",
                f"rule prefix {prefix} is used by an installed pack; choose another with --prefix",
            )
        )
    module = "gkstd_" + code.replace("-", "_")
    values = {
        "name": name,
        "name_en": name_en or code.replace("-", " ").capitalize(),
        "code": code,
        "prefix": prefix,
        "module": module,
        "distribution": f"gkstd-{code}",
        "ministry": ministry or PLACEHOLDER,
        "issuer": issuer or PLACEHOLDER,
        "gkstd_version": __version__,
    }
    templates = resources.files("gkstd").joinpath("templates", "newpack")
    files: dict[str, str] = {}
    for template, target in _FILES.items():
        text = templates.joinpath(template).read_text("utf-8")
        files[target.format(module=module)] = string.Template(text).substitute(values)
    return files


def write_pack(files: Mapping[str, str], directory: str | Path) -> list[Path]:
    """Write ``files`` under ``directory``, which must not exist or be empty.

    Raises :class:`ScaffoldError` rather than overwrite anything.
    """
    root = Path(directory)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScaffoldError(
            Text(
                f"{root} 已存在且不是空目录；为免覆盖，请用 --dir 指定新目录",
                f"{root} exists and is not an empty directory; nothing was written. "
                "Choose a new one with --dir",
            )
        )
    written = []
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(path)
    return written
