"""The shape of the code: parts, layers, old paths, start-up (issue 15)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import click
import pytest

from gkstd._moved import MOVED
from gkstd.cli.main import COMMANDS, cli

SRC = Path(__file__).resolve().parents[1] / "src" / "gkstd"


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_module_path_still_imports_the_same_module(old: str, new: str) -> None:
    parent_name, _, attr = old.rpartition(".")
    parent = importlib.import_module(parent_name)
    before = parent.__dict__.get(attr)
    sys.modules.pop(old, None)
    try:
        with pytest.warns(DeprecationWarning, match="已移至"):
            moved = importlib.import_module(old)
        assert moved is importlib.import_module(new)
        assert moved.__spec__ is not None
        assert moved.__spec__.name == new  # the module keeps its own identity
    finally:  # importing gkstd.registry sets gkstd.registry (the function) to the module
        sys.modules.pop(old, None)
        if before is None:
            parent.__dict__.pop(attr, None)
        else:
            setattr(parent, attr, before)


def test_pack_plugin_s_old_path_still_works() -> None:
    import gkstd.packs
    from gkstd.plugins import PackPlugin

    with pytest.warns(DeprecationWarning, match="gkstd.plugins.PackPlugin"):
        old = gkstd.packs.PackPlugin
    assert old is PackPlugin


def test_importing_gkstd_loads_almost_nothing() -> None:
    """``import gkstd`` must stay cheap: the public names are imported on first use."""
    code = (
        "import sys, gkstd\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('gkstd', 'yaml', "
        "'pluggy', 'attrs', 'cattrs', 'jsonschema', 'click')))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.strip().split(","))
    assert loaded <= {"gkstd", "gkstd._moved", "gkstd.diagnostics", "gkstd.diagnostics.environment"}


def test_validating_a_catalog_does_not_load_numpy() -> None:
    """numpy and pyarrow cost a tenth of a second to import: only the audit and large
    tables (item names scored as a matrix) load them, not ``gkstd validate``."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from gkstd.cli.main import cli\n"
        "result = CliRunner().invoke(cli, ['validate', 'examples/zichuan-municipal-services.yaml'])\n"
        "assert result.exit_code in (0, 1), result.output\n"
        "print(','.join(m for m in ('numpy', 'pyarrow') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == ""


def test_public_names_resolve_lazily() -> None:
    import gkstd

    for name in gkstd.__all__:
        assert getattr(gkstd, name) is not None, name
    with pytest.raises(AttributeError):
        _ = gkstd.no_such_name  # type: ignore[attr-defined]


def _commands_in_modules() -> dict[str, tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    for path in sorted((SRC / "cli").glob("*_cmd.py")):
        module = f"gkstd.cli.{path.stem}"
        for node in ast.parse(path.read_text("utf-8")).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "command":
                    name = deco.args[0].value if deco.args else node.name  # type: ignore[attr-defined]
                    doc = (ast.get_docstring(node) or "").split("\n")[0]
                    found[str(name).replace("_", "-")] = (module, node.name, doc)
    return found


def test_the_command_table_lists_every_command_with_its_own_help() -> None:
    """``gkstd --help`` reads :data:`COMMANDS` without importing the commands; the table
    must name every command of the command modules, with its docstring's first line."""
    assert _commands_in_modules() == COMMANDS


def test_every_command_loads_and_has_the_listed_name() -> None:
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        assert command.name == name


def test_every_package_says_what_it_holds() -> None:
    for init in sorted(SRC.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8")))
        assert doc, (
            f"{init.parent.name}/__init__.py needs a docstring: what it holds, what it imports"
        )


#: Modules allowed over ~500 lines; each says why at its top ("Long module:").
LONG = 500


def test_long_modules_say_why() -> None:
    for path in sorted(SRC.rglob("*.py")):
        lines = path.read_text("utf-8").count("\n")
        if lines <= LONG:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        assert "Long module:" in doc, f"{path.relative_to(SRC)} has {lines} lines and no reason"


def test_no_closure_calls_itself() -> None:
    """A nested function that calls itself is a reference cycle (the function holds the cell
    that holds the function, and everything the closure captured); bulk work pauses the
    cyclic collector, in the batch's worker processes for their whole life, so such a cycle
    per document or table makes memory grow with every file.  Walks are module functions or
    methods instead (``tests/test_workspace_forget.py`` and ``tests/test_tables_fast.py``
    measure the garbage itself)."""
    found = []
    for path in sorted((Path(__file__).parent.parent / "src").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for outer in ast.walk(tree):
            if not isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(outer):
                if inner is outer or not isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                called = {
                    node.func.id
                    for node in ast.walk(inner)
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                }
                if inner.name in called:
                    found.append(f"{path.name}:{inner.lineno} {outer.name}.{inner.name}")
    assert found == []
