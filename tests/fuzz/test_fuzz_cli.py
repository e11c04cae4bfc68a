"""Every command that reads a file keeps the contract on hostile files (issue 16).

Each command of ``gkstd`` that takes a file is run on each kind of hostile input below,
in this process (click's runner); the harness fails on exit 3, a traceback, "内部错误" or
more than ``max_seconds``.  A few of the heaviest also run in a child process under a
2 GB memory limit, where an abort or a runaway allocation would show.  Commands that
write (``-o``) must leave no temporary file behind.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import harness

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "zichuan-municipal-services.yaml")
RECORDS = str(Path(__file__).parents[2] / "examples" / "synthetic-records-municipal-services.csv")


def _zip_not_a_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "不是工作簿")
    return out.getvalue()


#: name → (file name, content); ``None`` content: a folder; missing file: not created.
HOSTILE: dict[str, tuple[str, bytes | None]] = {
    "empty": ("empty.yaml", b""),
    "blank-lines": ("blank.csv", b"\n\n\r\n  \n"),
    "nul-bytes": ("nul.yaml", b"\x00" * 64),
    "random-bytes": ("random.yaml", bytes(range(256)) * 8),
    "utf16": ("utf16.yaml", 'gkstd: "1.0"\nid: 甲\n'.encode("utf-16")),
    "bad-utf8-after-bom": ("bom.csv", b"\xef\xbb\xbf\xe4\xbd\xa0\xff\xfe,a\n1,2\n"),
    "long-line": ("long.json", b'{"a": "' + b"x" * 1_000_000 + b'"}'),
    "billion-laughs": (
        "laughs.yaml",
        b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n".encode()
            for i in range(8)
        ),
    ),
    "deep-json": ("deep.json", b"[" * 20_000 + b"]" * 20_000),
    "deep-yaml": ("deep.yaml", b"a:\n" + b"".join(b" " * i + b"- \n" for i in range(1, 3000))),
    "huge-integer": ("huge.yaml", b'gkstd: "1.0"\nid: ' + b"9" * 5000 + b"\n"),
    "zip-not-workbook": ("fake.xlsx", _zip_not_a_workbook()),
    "text-named-xlsx": ("text.xlsx", "事项名称,公开内容\n甲,乙\n".encode()),
    "truncated-xlsx": ("cut.xlsx", _zip_not_a_workbook()[:40]),
    "folder": ("folder.yaml", None),
    "missing": ("missing.yaml", b"(not created)"),
    "control-name": ("目录\x1b[2J.yaml", b"gkstd: 1.0\n"),
}


def _make(tmp_path: Path, kind: str) -> str:
    name, content = HOSTILE[kind]
    path = tmp_path / name
    if kind == "missing":
        return str(path)
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    return str(path)


#: command → arguments around the hostile file ``F`` (and an output ``O``).
COMMANDS: dict[str, Callable[[str, str], list[str]]] = {
    "validate": lambda f, o: ["validate", f],
    "validate-json": lambda f, o: ["validate", "--format", "json", f],
    "resolve": lambda f, o: ["resolve", f, "-o", o],
    "migrate": lambda f, o: ["migrate", f, "-o", o],
    "diff": lambda f, o: ["diff", EXAMPLE, f],
    "derive": lambda f, o: ["derive", f, "--jurisdiction", "某县", "--level", "县级", "-o", o],
    "export": lambda f, o: ["export", f, "--to", "csv", "-o", o],
    "import": lambda f, o: ["import", f, "-o", o],
    "columns": lambda f, o: ["columns", f],
    "audit-records": lambda f, o: ["audit", f, "--catalog", EXAMPLE],
    "audit-catalog": lambda f, o: ["audit", RECORDS, "--catalog", f, "--as-of", "2026-06-30"],
    "deadline-catalog": lambda f, o: [
        "deadline",
        "--from",
        "2026-03-02",
        "--item",
        "甲",
        "--catalog",
        f,
    ],
    "pack-data": lambda f, o: ["pack-data", "municipal-services", f, "-o", o],
    "site-plan": lambda f, o: ["columns", EXAMPLE, "--site", f],
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_keeps_the_contract(tmp_path: Path, command: str, kind: str) -> None:
    path = _make(tmp_path, kind)
    out = tmp_path / "out" / "result.out"
    harness.cli(COMMANDS[command](path, str(out)))
    leftovers = [p.name for p in tmp_path.rglob("*gkstd-tmp*")]
    assert leftovers == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["billion-laughs", "deep-json", "deep-yaml", "long-line"])
@pytest.mark.parametrize("command", ["validate", "import"])
def test_heavy_inputs_in_a_child_process(tmp_path: Path, command: str, kind: str) -> None:
    path = _make(tmp_path, kind)
    harness.cli_subprocess(COMMANDS[command](path, str(tmp_path / "out.yaml")))


@harness.FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".yaml", ".json", ".csv", ".xlsx"]))
def test_random_bytes_through_validate_and_import(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    harness.cli(["validate", str(path)])
    harness.cli(["import", str(path), "-o", str(folder / "out.yaml")])


TABLE = str(Path(__file__).parents[2] / "examples" / "shizheng-fuwu__chongqing-youyang.csv")

#: side files: YAML a command reads besides its catalogs (scheme, parents, map, holidays, xfail)
SIDE_COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "scoring": lambda f: ["check", EXAMPLE, "-q", "--scoring", f],
    "parents": lambda f: ["check", EXAMPLE, "-q", "--parents", f],
    "map": lambda f: ["import", TABLE, "--map", f],
    "audit-holidays": lambda f: ["audit", RECORDS, "--catalog", EXAMPLE, "--holidays", f],
    "deadline-holidays": lambda f: [
        "deadline",
        "--from",
        "2026-03-02",
        "--working-days",
        "5",
        "--holidays",
        f,
    ],
    "xfail": lambda f: ["conformance", "municipal-services", "--xfail", f],
}
#: YAML that parses but that PyYAML cannot turn into values without another exception
SIDE_CONTENT = {
    "huge-integer": b"a: " + b"9" * 5000 + b"\n",  # over Python's 4,300-digit int() limit
    "deep-flow": b"[" * 50_000,  # RecursionError in the constructor
    "impossible-date": b"a: 2020-13-45\n",  # ValueError from datetime
}


@pytest.mark.parametrize("content", sorted(SIDE_CONTENT))
@pytest.mark.parametrize("command", sorted(SIDE_COMMANDS))
def test_side_files_keep_the_contract(tmp_path: Path, command: str, content: str) -> None:
    """Each side file is named in a clear error, exit 2 (exit 3 with ValueError or
    RecursionError before)."""
    side = tmp_path / "side.yaml"
    side.write_bytes(SIDE_CONTENT[content])
    outcome = harness.cli(SIDE_COMMANDS[command](str(side)))
    if content != "impossible-date":  # a date where none is read is just a string
        assert outcome.exit_code == 2, outcome.output
        assert "side.yaml" in outcome.output


@pytest.mark.parametrize("content", sorted(SIDE_CONTENT))
def test_a_hostile_map_found_beside_a_file_keeps_the_contract(tmp_path: Path, content: str) -> None:
    """``NAME.map.yaml`` is read without being named: ``gkstd import t.csv`` and ``gkstd
    validate z.yaml`` exited 3 for a map file the user never gave."""
    import shutil

    shutil.copy(TABLE, tmp_path / "t.csv")
    shutil.copy(EXAMPLE, tmp_path / "z.yaml")
    for name in ("t", "z"):
        (tmp_path / f"{name}.map.yaml").write_bytes(SIDE_CONTENT[content])
    imported = harness.cli(["import", str(tmp_path / "t.csv")])
    validated = harness.cli(["validate", str(tmp_path / "z.yaml")])
    assert "t.map.yaml" in imported.output
    assert "z.map.yaml" in validated.output
