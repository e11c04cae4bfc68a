"""Parent references read files only inside the allowed folders.

``extends`` / ``conforms_to`` paths resolve inside the document's folder, the working
directory, the search path (``--catalog-path``) and ``allow_paths``; anything else is
GK210 ``outside``, whose message is the same whether the file exists or not.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import gkstd
from gkstd.cli.main import cli
from gkstd.diagnostics.samples import PARENT_DOCUMENT, child_document
from gkstd.inherit.workspace import Workspace

SECRET = "TOPSECRET-d41d8cd9"


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """project/county.yaml (a parent), project/town/ (a child's folder), secret/p.yaml (a
    valid parent outside the project) and elsewhere/ (an unrelated working directory)."""
    project = tmp_path / "project"
    (project / "town").mkdir(parents=True)
    (project / "county.yaml").write_text(PARENT_DOCUMENT, encoding="utf-8")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "p.yaml").write_text(PARENT_DOCUMENT, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return {"project": project, "town": project / "town", "secret": secret, "else": elsewhere}


def _child(folder: Path, parent: str, name: str = "t.yaml") -> Path:
    path = folder / name
    path.write_text(child_document(parent=parent), encoding="utf-8")
    return path


def _gk210(report: gkstd.Report) -> gkstd.Finding:
    (finding,) = [f for f in report.findings if f.code == "GK210"]
    return finding


def _outside(report: gkstd.Report, ref: str) -> str:
    finding = _gk210(report)
    assert "允许读取的文件夹之外" in finding.message
    assert "--catalog-path" in finding.message
    assert "--catalog-path" in finding.message_en
    assert report.unusable == 1
    return (finding.message + finding.message_en).replace(repr(ref), "REF")


# --------------------------------------------------------------------- refused


def test_an_absolute_path_outside_is_refused(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["project"])
    ref = str(layout["secret"] / "p.yaml")
    _outside(gkstd.validate(_child(layout["town"], ref)), ref)


@pytest.mark.parametrize("ref", ["../../secret/p.yaml", "../../../../../../../../etc/passwd"])
def test_dot_dot_escapes_are_refused(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch, ref: str
) -> None:
    monkeypatch.chdir(layout["project"])
    _outside(gkstd.validate(_child(layout["town"], ref)), ref)


def test_links_cannot_lead_out(layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    town = layout["town"]
    try:
        (town / "link.yaml").symlink_to(layout["secret"] / "p.yaml")
        (town / "linked").symlink_to(layout["secret"], target_is_directory=True)
    except OSError:
        pytest.skip("no symbolic links here")
    monkeypatch.chdir(layout["project"])
    for ref in ("link.yaml", "linked/p.yaml"):
        _outside(gkstd.validate(_child(town, ref)), ref)


def test_the_id_index_does_not_follow_links_out(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shelf = layout["project"] / "shelf"
    shelf.mkdir()
    try:
        (shelf / "p.yaml").symlink_to(layout["secret"] / "p.yaml")
    except OSError:
        pytest.skip("no symbolic links here")
    monkeypatch.chdir(layout["else"])
    report = gkstd.validate(_child(layout["town"], "parent"), search_path=[shelf])
    assert _gk210(report).code == "GK210"


def test_the_message_does_not_tell_whether_the_file_exists(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["project"])
    messages = set()
    for name in ("p.yaml", "no-such-file.yaml", "."):  # a file, nothing, a folder
        ref = str(layout["secret"] / name)
        messages.add(_outside(gkstd.validate(_child(layout["town"], ref)), ref))
    for ref in ("../../secret/p.yaml", "../../secret/nothing.yaml"):
        messages.add(_outside(gkstd.validate(_child(layout["town"], ref)), ref))
    assert len(messages) == 1


def test_a_parent_above_the_document_needs_the_working_directory(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["else"])
    _outside(gkstd.validate(_child(layout["town"], "../county.yaml")), "../county.yaml")


def test_text_documents_may_read_only_the_working_directory_and_search_path(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["project"])
    assert gkstd.validate(child_document(parent="county.yaml")).codes() == []
    ref = str(layout["secret"] / "p.yaml")
    _outside(gkstd.validate(child_document(parent=ref)), ref)
    assert gkstd.validate(child_document(parent=ref), search_path=[layout["secret"]]).codes() == []


def test_resolve_ref_reads_the_callers_own_path_but_not_its_parents_escapes(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--catalog PATH`` and ``resolve_ref(PATH)``: the caller named the file itself."""
    monkeypatch.chdir(layout["project"])
    ws = Workspace()
    assert ws.resolve_ref(str(layout["secret"] / "p.yaml")).catalog is not None
    child = _child(layout["secret"], str(layout["else"] / "p.yaml"), "c.yaml")
    (layout["else"] / "p.yaml").write_text(PARENT_DOCUMENT, encoding="utf-8")
    resolved = ws.resolve_ref(str(child))
    assert resolved.document is not None
    assert resolved.catalog is None
    assert [f.code for f in resolved.findings] == ["GK210"]
    assert "允许读取的文件夹之外" in resolved.findings[0].message


# --------------------------------------------------------------------- allowed


def test_dot_dot_inside_the_working_directory_keeps_working(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["project"])
    assert gkstd.validate(_child(layout["town"], "../county.yaml")).codes() == []
    assert gkstd.validate(Path("town") / "t.yaml").codes() == []  # a relative path too


def test_the_document_folder_and_below_are_allowed(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    (layout["town"] / "parents").mkdir()
    (layout["town"] / "parents" / "p.yaml").write_text(PARENT_DOCUMENT, encoding="utf-8")
    monkeypatch.chdir(layout["else"])
    assert gkstd.validate(_child(layout["town"], "parents/p.yaml")).codes() == []


def test_the_search_path_allows_a_folder(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["else"])
    child = _child(layout["town"], "../county.yaml")
    assert gkstd.validate(child, search_path=[layout["project"]]).codes() == []
    absolute = _child(layout["town"], str(layout["secret"] / "p.yaml"), "a.yaml")
    assert gkstd.validate(absolute, search_path=[layout["secret"]]).codes() == []


def test_allow_paths_allows_a_folder_without_searching_it(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["else"])
    ws = Workspace(allow_paths=[layout["secret"]])
    assert ws.validate(_child(layout["town"], str(layout["secret"] / "p.yaml"))).codes() == []
    by_id = ws.validate(_child(layout["town"], "parent", "b.yaml"))
    assert _gk210(by_id).code == "GK210"


def test_links_inside_the_allowed_folders_are_followed(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        (layout["town"] / "county-link.yaml").symlink_to(layout["project"] / "county.yaml")
    except OSError:
        pytest.skip("no symbolic links here")
    monkeypatch.chdir(layout["project"])
    assert gkstd.validate(_child(layout["town"], "county-link.yaml")).codes() == []


def test_packs_are_always_allowed(layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(layout["else"])
    county = layout["town"] / "c.yaml"
    result = CliRunner().invoke(
        cli,
        ["derive", "municipal-services", "--jurisdiction", "山东省淄博市", "--level", "市级",
         "-o", str(county)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "GK210" not in gkstd.validate(county).codes()


def test_files_the_caller_gave_may_be_parents_wherever_they_are(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["else"])
    county = layout["project"] / "county.yaml"
    town = _child(layout["town"], "../county.yaml")
    assert Workspace().validate_all([town, county]).codes() == []
    starter = layout["town"] / "starter.yaml"
    result = CliRunner().invoke(
        cli,
        ["derive", str(county), "--jurisdiction", "示例乡", "--level", "乡级", "-o", str(starter)],
    )
    assert result.exit_code == 0, result.output


def test_a_link_to_a_file_the_caller_gave_is_that_file(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files a caller gives are kept by name and their real paths worked out only
    when needed: a link outside the allowed folders that leads to one of them is allowed,
    a link to anything else is not."""
    try:
        (layout["else"] / "county-link.yaml").symlink_to(layout["secret"] / "p.yaml")
        (layout["else"] / "other-link.yaml").symlink_to(layout["project"] / "county.yaml")
    except OSError:
        pytest.skip("no symbolic links here")
    monkeypatch.chdir(layout["town"])
    given = layout["secret"] / "p.yaml"
    linked = _child(layout["town"], str(layout["else"] / "county-link.yaml"), "a.yaml")
    assert Workspace().validate_all([linked, given]).codes() == []
    other = _child(layout["town"], str(layout["else"] / "other-link.yaml"), "b.yaml")
    assert _gk210(Workspace().validate_all([other, given])).code == "GK210"


# --------------------------------------------------------------------- contents


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("secret.txt", f"password: {SECRET}\n"),
        ("secret.yaml", f"{SECRET}: [unclosed\n  - {SECRET}\n"),
        ("secret.yaml", f"- {SECRET}\n- {SECRET}\n"),
        ("secret.json", f'{{"{SECRET}": }}'),
        ("secret.yaml", b"\x00\x01" + SECRET.encode()),
    ],
)
def test_an_unusable_parent_inside_is_not_echoed(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch, name: str, content: str | bytes
) -> None:
    path = layout["town"] / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    monkeypatch.chdir(layout["project"])
    report = gkstd.validate(_child(layout["town"], name, "c.yaml"))
    assert "GK210" in report.codes()
    for finding in report.findings:
        assert SECRET not in finding.message + finding.message_en


# --------------------------------------------------------------------- CLI


def test_cli_says_how_to_allow_a_folder(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["else"])
    child = str(_child(layout["town"], "../county.yaml"))
    runner = CliRunner()
    refused = runner.invoke(cli, ["validate", child])
    assert refused.exit_code == 2, refused.output  # an unusable document
    assert "GK210" in refused.output
    assert "--catalog-path" in refused.output
    allowed = runner.invoke(cli, ["validate", child, "--catalog-path", str(layout["project"])])
    assert allowed.exit_code == 0, allowed.output


def test_the_working_directory_is_read_when_asked(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roots are computed per reference: a later chdir applies."""
    ws = Workspace()
    monkeypatch.chdir(layout["else"])
    child = _child(layout["town"], "../county.yaml")
    assert "GK210" in ws.validate(child).codes()
    monkeypatch.chdir(layout["project"])
    assert Workspace().validate(child).codes() == []
    assert os.getcwd() == str(layout["project"])


def test_a_reference_longer_than_a_file_name_is_an_unknown_parent() -> None:
    """``is_file()`` on a 300-character name raised OSError (File name too long)."""
    doc = child_document(mode="extends", parent="x" * 300)
    assert _gk210(gkstd.validate(doc)).code == "GK210"
    resolved = gkstd.resolve(doc)
    assert resolved.catalog is None
    assert [f.code for f in resolved.findings] == ["GK210"]


def test_a_file_name_that_looks_like_text_is_read_as_a_file(tmp_path: Path) -> None:
    path = tmp_path / "{gkstd: 1.0}.yaml"
    path.write_text(PARENT_DOCUMENT, "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 个无法读取" in result.output


def test_a_chain_of_parents_past_the_limit_is_refused_not_a_recursion_error(
    tmp_path: Path,
) -> None:
    """About 500 tailorings chained made validate exit 3 (RecursionError)."""
    import gkstd
    from gkstd.diagnostics import limits

    head = 'gkstd: "1.0"\ndomain: municipal-services\ntitle: t\njurisdiction: {name: 某县, level: 县级}\n'
    (tmp_path / "c0.yaml").write_text(
        head + "id: c0\nextends: municipal-services\nitems: []\n", "utf-8"
    )
    for k in range(1, 600):
        (tmp_path / f"c{k}.yaml").write_text(
            head + f"id: c{k}\nextends: c{k - 1}.yaml\nitems: []\n", "utf-8"
        )
    report = gkstd.validate(str(tmp_path / "c599.yaml"))
    assert report.unusable == 1
    (finding,) = report.findings
    assert finding.code == "GK210"
    assert f"上级目录链超过 {limits.get('max_chain_depth')} 层" in finding.message  # the root cause
    near = gkstd.validate(str(tmp_path / "c20.yaml"))  # a long but sane chain still resolves
    assert near.unusable == 0


def test_an_unusable_parent_says_why_in_the_child_s_finding(tmp_path: Path) -> None:
    """GK210 said 'see its findings', which were never printed."""
    import gkstd

    (tmp_path / "parent.yaml").write_text('gkstd: "1.0"\nid: p\nitems: [\n', "utf-8")
    (tmp_path / "child.yaml").write_text(
        'gkstd: "1.0"\nid: c\ndomain: municipal-services\ntitle: t\n'
        "jurisdiction: {name: 某县, level: 县级}\nextends: parent.yaml\nitems: []\n",
        "utf-8",
    )
    (finding,) = gkstd.validate(str(tmp_path / "child.yaml")).findings
    assert finding.code == "GK210"
    assert "parent.yaml:4 GK004 YAML 语法错误" in finding.message
    assert "GK004 YAML syntax error" in finding.message_en
