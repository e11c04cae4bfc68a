"""Every example marked runnable in docs/plugins.md and docs/pack-authoring.md runs.

The convention (docs/pack-authoring.md, "Runnable examples"): an HTML comment right before
a fenced block,

* ``<!-- gkstd: example file=PATH -->``: the block is a file of an example project; the
  files of one page are written to a temporary directory (which goes on ``sys.path``);
* ``<!-- gkstd: example -->``: a Python block run (in that directory, after the files
  are written; in page order) and must not raise, or a YAML block that must parse.

Then every pack among the files (a directory with ``pack.yaml`` and ``__init__.py``) is
built into a registry with the installed packs and must pass the conformance suite
(advice allowed).  The file ``tests/test_docs.py`` checks the pages' other claims.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from gkstd.plugins.manager import build_registry
from gkstd.testing.conformance import run_conformance

DOCS = Path(__file__).parents[1] / "docs"
PAGES = ("plugins.md", "pack-authoring.md")

_MARKED = re.compile(
    r"^<!-- gkstd: example(?: file=(?P<file>\S+))? -->\n```(?P<lang>\w+)\n(?P<body>.*?)\n```",
    re.DOTALL | re.MULTILINE,
)


def examples(page: str) -> list[tuple[str | None, str, str]]:
    """The marked examples of ``page``: (file or None, language, text)."""
    text = (DOCS / page).read_text("utf-8")
    return [(m["file"], m["lang"], m["body"] + "\n") for m in _MARKED.finditer(text)]


def test_every_marker_is_right_before_a_fence() -> None:
    for page in PAGES:
        text = (DOCS / page).read_text("utf-8")
        markers = re.findall(r"^<!-- gkstd: example", text, re.MULTILINE)
        assert len(markers) == len(examples(page)), page


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        module = sys.modules[name]
        if str(tmp_path) in str(getattr(module, "__file__", "") or ""):
            del sys.modules[name]


@pytest.mark.parametrize("page", PAGES)
def test_the_runnable_examples_of_the_page_run(page: str, workdir: Path) -> None:
    found = examples(page)
    assert found, f"{page} marks no runnable example"
    for file, _, body in found:
        if file is not None:
            path = workdir / file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, "utf-8")
    for file, lang, body in found:
        if file is None and lang == "python":
            exec(compile(body, f"{page}:example", "exec"), {"__name__": "__doc_example__"})
        elif file is None and lang == "yaml":
            yaml.safe_load(body)
    packs = sorted(p.parent.name for p in workdir.glob("*/pack.yaml"))
    if not packs:
        return
    plugins = {}
    for name in packs:
        module = importlib.import_module(name)
        plugins[name] = getattr(module, "plugin", module)
    registry = build_registry(plugins=plugins)
    codes = [status.packs[0] for status in registry.plugins if status.name in plugins]
    assert len(codes) == len(packs), [s for s in registry.plugins if s.name in plugins]
    report = run_conformance(codes, registry=registry, examples=5)
    failed = [
        f"{p.pack} {r.check}: {r.message.en if r.message else ''}"
        for p in report.packs
        for r in p.results
        if not r.ok or r.status == "skipped"
    ]
    assert not failed, "\n".join(failed)


def test_the_derive_guide_example_validates(tmp_path: Path) -> None:
    """docs/guide-derive.md's items, put into the starter ``gkstd derive`` writes, give a
    catalog that passes (its refinement by id alone failed with GK009 "缺少 name")."""
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    guide = (Path(__file__).parent.parent / "docs" / "guide-derive.md").read_text("utf-8")
    block = re.search(r"```yaml\n(items:\n.*?)```", guide, re.S)
    assert block is not None
    runner = CliRunner()
    starter = tmp_path / "zichuan.yaml"
    derived = runner.invoke(
        cli,
        ["derive", "municipal-services", "--jurisdiction", "山东省淄博市淄川区", "--level", "县级",
         "--division-code", "370302", "-o", str(starter)],
    )  # fmt: skip
    assert derived.exit_code == 0, derived.output
    text = starter.read_text("utf-8")
    assert "items: []\n" in text
    starter.write_text(text.replace("items: []\n", block.group(1)), "utf-8")
    result = runner.invoke(cli, ["validate", "--format", "json", str(starter)])
    assert result.exit_code == 0, result.output
    codes = [f["code"] for f in yaml.safe_load(result.stdout)["findings"]]
    assert "GK009" not in codes
    assert "GK215" in codes  # the item marked not applicable
