"""Generate ``docs/rules.md`` from the rule objects (``python -m gkstd.docgen``).

A test keeps the committed page equal to the generated one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gkstd.cli.main import render_rule
from gkstd.registry import Registry

__all__ = ["rules_page"]

_HEADER = """# 规则参考 / Rule reference

本页由 `python -m gkstd.docgen` 根据规则对象自动生成，请勿手工编辑。
This page is generated from the rule objects; do not edit by hand.

代码分组 / code groups: `GK0xx` 读取与格式 (loading, format) · `GK1xx` 结构 (structure) ·
`GK2xx` 继承 (inheritance) · `GK3xx` 法律与时限 (law, time limits) · `GK4xx` 一致性 (consistency).
领域包的规则使用各自的前缀 / pack rules use the pack's own prefix. 代码永不重编、永不复用。
Codes are never renumbered or reused.

| 代码 code | 级别 severity | 领域包 pack | 标题 title |
| --- | --- | --- | --- |
"""


def rules_page(registry: Registry) -> str:
    """The Markdown rule reference for every rule in ``registry``."""
    rows = "".join(
        f"| [{r.code}](#{r.code.lower()}) | {r.severity.value} | {r.pack} | {r.title.zh} / {r.title.en} |\n"
        for r in registry.rules.values()
    )
    sections = "\n".join(
        f'<a id="{r.code.lower()}"></a>\n\n' + render_rule(r) for r in registry.rules.values()
    )
    return _HEADER + rows + "\n" + sections.rstrip("\n") + "\n"


def main() -> int:
    """Write ``docs/rules.md`` (first argument: the docs folder, default ``docs``)."""
    from gkstd.plugins import build_registry

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    (folder / "rules.md").write_text(rules_page(build_registry()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
