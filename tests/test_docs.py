"""The docs stay in sync with the code: hooks, rules, schema."""

from __future__ import annotations

import json
from pathlib import Path

from gkstd.cli.docgen import rules_page
from gkstd.io.schema import build_schema, catalog_schema
from gkstd.plugins import hookspecs
from gkstd.plugins.manager import build_registry

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _hooks() -> list[object]:
    return [getattr(hookspecs, n) for n in dir(hookspecs) if n.startswith("gkstd_")]


def test_every_hook_is_documented_with_its_signature() -> None:
    page = (DOCS / "plugins.md").read_text("utf-8")
    assert _hooks()
    for hook in _hooks():
        ann = dict(hook.__annotations__)  # type: ignore[attr-defined]
        ret = ann.pop("return")
        params = ", ".join(f"{k}: {v}" for k, v in ann.items())
        signature = f"{hook.__name__}({params}) -> {ret}"  # type: ignore[attr-defined]
        assert f"### `{signature}`" in page, signature
        assert hook.__doc__  # type: ignore[attr-defined]


def test_rule_reference_is_generated_from_the_rules() -> None:
    registry = build_registry()
    expected = rules_page(registry)
    assert (DOCS / "rules.md").read_text("utf-8") == expected, "run: python -m gkstd.cli.docgen"
    for code in registry.rules:
        assert f"## {code} " in expected


def test_shipped_schema_matches_the_model() -> None:
    assert catalog_schema() == json.loads(json.dumps(build_schema())), (
        "run: python -m gkstd.io.schema --write"
    )


def test_conformance_tables_are_generated_from_the_checks() -> None:
    from gkstd.cli.docgen import BEGIN, END, conformance_tables

    page = (DOCS / "pack-authoring.md").read_text("utf-8")
    generated = page[page.index(BEGIN) + len(BEGIN) : page.index(END)]
    assert generated.strip() == conformance_tables().strip(), "run: python -m gkstd.cli.docgen"


def test_limits_table_is_generated_from_the_limits() -> None:
    from gkstd.cli.docgen import BEGIN, END, limits_table

    page = (DOCS / "limits.md").read_text("utf-8")
    generated = page[page.index(BEGIN) + len(BEGIN) : page.index(END)]
    assert generated.strip() == limits_table().strip(), "run: python -m gkstd.cli.docgen"


def test_every_cli_command_is_documented() -> None:
    from gkstd.cli.main import cli

    page = (DOCS / "cli.md").read_text("utf-8")
    for name in cli.commands:
        assert f"`gkstd {name}" in page, name


def test_the_folding_list_in_the_docs_is_the_code_s() -> None:
    """docs/inheritance.md says exactly what is folded before comparing (issue 14)."""
    from gkstd.model.folding import FOLDED

    page = (DOCS / "inheritance.md").read_text("utf-8")
    section = page[page.index("### Folding") : page.index("### What counts as kept")]
    listed = [line[2:] for line in section.splitlines() if line.startswith("- ")]
    assert listed == [f"{zh} / {en}" for zh, en in FOLDED]


def test_every_docs_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    for page in DOCS.glob("*.md"):
        assert f": {page.name}" in nav, page.name
