"""``POST /v1/check``: the batch check over HTTP gives what :func:`gkstd.batch.check.check`
gives on the same files, names them as uploaded, unpacks zip files safely and renders
the HTML and Excel reports."""

from __future__ import annotations

import io
import json
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("multipart")

from starlette.testclient import TestClient

from gkstd.batch.check import check
from gkstd.serve import ServeConfig, create_app
from tests.serving import refused

REAL = Path(__file__).parent / "data" / "tables" / "real"
TABLES = sorted(REAL.glob("*.csv"))[:6]


def _client(**config: Any) -> TestClient:
    return TestClient(create_app(ServeConfig(workers=config.pop("workers", 0), **config)))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with _client() as c:
        yield c


def _files(paths: list[Path]) -> list[tuple[str, tuple[str, bytes]]]:
    return [("file", (p.name, p.read_bytes())) for p in paths]


def _summary(files: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    """Per file name: passed, score, grade and the findings' codes."""
    return {
        f["file"]: (
            f["passed"],
            f["score"]["score"] if f["score"] else None,
            f["score"]["grade"] if f["score"] else None,
            sorted(x["code"] for x in f["findings"]),
        )
        for f in files
    }


def _direct(paths: list[Path], tmp_path: Path) -> dict[str, tuple[Any, ...]]:
    """The library's own batch check of the same files, named relative to their folder."""
    folder = tmp_path / "direct"
    folder.mkdir()
    for p in paths:
        shutil.copy(p, folder / p.name)
    data = check([folder], jobs=1).to_dict()
    for f in data["files"]:
        f["file"] = Path(f["file"]).name
    return _summary(data["files"])


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _refused(response: Any, status: int, code: str) -> str:
    """The text of a refused request's finding (see :func:`tests.serving.refused`)."""
    return str(refused(response, status, code)["text"])


def test_files_give_the_library_result(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/v1/check", files=_files(TABLES))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["lang"] == "zh"
    assert _summary(body["files"]) == _direct(TABLES, tmp_path)
    assert {f["file"] for f in body["files"]} == {p.name for p in TABLES}
    assert all("text" in x for f in body["files"] for x in f["findings"])
    assert body["by_jurisdiction"]
    assert body["by_domain"]
    assert "gkstd-serve-" not in response.text
    assert tempfile.gettempdir() + "/" not in response.text


def test_a_zip_is_the_same_as_its_files(client: TestClient) -> None:
    three = TABLES[:3]
    as_files = client.post("/v1/check", files=_files(three)).json()
    packed = _zip({p.name: p.read_bytes() for p in three})
    as_zip = client.post("/v1/check?lang=en", files={"file": ("tables.zip", packed)}).json()
    assert _summary(as_zip["files"]) == _summary(as_files["files"])
    assert as_zip["lang"] == "en"


def test_zip_folders_and_a_file_beside_them(client: TestClient) -> None:
    packed = _zip(
        {
            "county/" + TABLES[0].name: TABLES[0].read_bytes(),
            "__MACOSX/county/._x.csv": b"junk",
            "county/.hidden.csv": b"junk",
        }
    )
    files = [("file", ("a.zip", packed)), *_files(TABLES[1:2])]
    body = client.post("/v1/check", files=files).json()
    assert sorted(f["file"] for f in body["files"]) == sorted(
        ["county/" + TABLES[0].name, TABLES[1].name]
    )


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The service's temporary folders go under ``tmp_path/work`` (thread mode)."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    return tmp_path


def _nothing_left(root: Path) -> None:
    assert list((root / "work").iterdir()) == []  # the temporary folder is gone
    assert [p for p in root.rglob("*") if p.name.startswith("evil")] == []


def test_zip_with_dot_dot_is_refused(client: TestClient, private_tmp: Path) -> None:
    packed = _zip({"ok.csv": TABLES[0].read_bytes(), "../evil.csv": b"a,b\n1,2\n"})
    text = _refused(client.post("/v1/check", files={"file": ("x.zip", packed)}), 400, "GK802")
    assert "x.zip" in text
    assert "evil.csv" in text
    _nothing_left(private_tmp)


def test_a_zip_refusal_is_said_in_one_language_each(client: TestClient) -> None:
    """The reason is two fields: the English message had carried the Chinese reason too
    (``路径含 .. ：'../evil.csv' / path with ..: …``)."""
    packed = _zip({"../evil.csv": b"a,b\n1,2\n"})
    body = client.post("/v1/check", files={"file": ("x.zip", packed)}).json()
    finding = body["findings"][0]
    assert "path with .." in finding["message_en"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in finding["message_en"])
    assert "路径含 .." in finding["message"]
    assert "path with" not in finding["message"]


def test_zip_with_an_absolute_path_is_refused(client: TestClient, private_tmp: Path) -> None:
    target = private_tmp / "evil.csv"
    for name in (str(target), "C:/evil.csv", "\\evil.csv"):
        packed = _zip({name: b"a,b\n1,2\n"})
        _refused(client.post("/v1/check", files={"file": ("x.zip", packed)}), 400, "GK802")
    _nothing_left(private_tmp)


def test_zip_with_a_symlink_is_refused(client: TestClient, private_tmp: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo("evil-link.csv")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    text = _refused(
        client.post("/v1/check", files={"file": ("x.zip", out.getvalue())}), 400, "GK802"
    )
    assert "evil-link.csv" in text
    _nothing_left(private_tmp)


def test_zip_bomb_member_is_refused(client: TestClient, private_tmp: Path) -> None:
    packed = _zip({"evil-bomb.csv": b"0" * (8 << 20)})  # 8 MB of one byte: ~1000 times
    assert len(packed) < 100_000
    text = _refused(client.post("/v1/check", files={"file": ("x.zip", packed)}), 400, "GK802")
    assert "evil-bomb.csv" in text
    _nothing_left(private_tmp)


def test_zip_over_the_unpacked_limit_is_refused(private_tmp: Path) -> None:
    # each member below the ratio check's size, together over max_upload × 4
    members = {f"evil-{n}.csv": b"0" * 900_000 for n in range(3)}
    packed = _zip(members)
    with _client(max_upload=200_000) as c:
        text = _refused(c.post("/v1/check", files={"file": ("x.zip", packed)}), 400, "GK802")
    assert "800000" in text
    _nothing_left(private_tmp)


def test_too_many_files_are_refused(private_tmp: Path) -> None:
    packed = _zip({p.name: p.read_bytes() for p in TABLES[:3]})
    with _client(max_files=2) as c:
        _refused(c.post("/v1/check", files={"file": ("x.zip", packed)}), 413, "GK801")
        # two uploads (the form's own limit), three files once the zip is unpacked
        files = [("file", ("x.zip", _zip({"a.csv": b"a", "b.csv": b"b"}))), *_files(TABLES[:1])]
        _refused(c.post("/v1/check", files=files), 413, "GK801")
    assert list((private_tmp / "work").iterdir()) == []


def test_not_a_zip_is_refused(client: TestClient) -> None:
    _refused(client.post("/v1/check", files={"file": ("x.zip", b"not a zip")}), 400, "GK802")


def test_bad_requests(client: TestClient) -> None:
    text = _refused(
        client.post("/v1/check?format=pdf&lang=en", files=_files(TABLES[:1])), 400, "GK802"
    )
    assert "format" in text
    assert "pdf" in text
    _refused(client.post("/v1/check"), 400, "GK802")
    _refused(client.post("/v1/check", data={"lang": "fr"}, files=_files(TABLES[:1])), 400, "GK802")
    _refused(client.get("/v1/check"), 405, "GK804")


def test_other_files_are_listed_as_skipped(client: TestClient) -> None:
    files = [*_files(TABLES[:1]), ("file", ("notes.txt", b"hello"))]
    body = client.post("/v1/check", files=files).json()
    assert [s["file"] for s in body["skipped"]] == ["notes.txt"]
    assert body["skipped"][0]["reason"] == "not-a-catalog-format"


def test_html_report(client: TestClient) -> None:
    response = client.post("/v1/check", data={"format": "html"}, files=_files(TABLES[:3]))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text.lstrip().lower().startswith("<!doctype html")
    for p in TABLES[:3]:
        assert p.name in response.text
    assert "gkstd-serve-" not in response.text


def test_xlsx_report(client: TestClient) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    response = client.post("/v1/check?format=xlsx", files=_files(TABLES[:3]))
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["content-disposition"] == 'attachment; filename="gkstd-check.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    cells = {
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    }
    book.close()
    for p in TABLES[:3]:
        assert p.name in cells
    assert not any("gkstd-serve-" in c for c in cells)


def test_worker_processes_give_the_same(client: TestClient) -> None:
    """The work and its result pickle across processes: the same report."""
    files = _files(TABLES[:3])
    threads = client.post("/v1/check", files=files).json()
    with _client(workers=1, timeout=120) as c:
        response = c.post("/v1/check", files=files)
        refused = c.post("/v1/check", files={"file": ("x.zip", _zip({"../e.csv": b"a"}))})
    assert response.status_code == 200, response.text
    assert json.dumps(response.json(), sort_keys=True) == json.dumps(threads, sort_keys=True)
    _refused(refused, 400, "GK802")


def test_upload_names_the_file_system_refuses_are_stored_or_refused(client: TestClient) -> None:
    """A name of 150 Chinese characters (450 bytes), a zip holding a file ``x`` and a
    member ``x/a.csv``, and a member 2,000 folders deep ended in HTTP 500 (ENAMETOOLONG,
    FileExistsError, RecursionError) or no answer."""
    table = TABLES[0].read_bytes()
    long_name = "镇" * 150 + ".csv"
    stored = client.post("/v1/check", files=[("file", (long_name, table))])
    assert stored.status_code == 200, stored.text
    (result,) = stored.json()["files"]
    assert result["file"].startswith("镇")
    assert result["file"].endswith(".csv")
    assert len(result["file"].encode()) <= 200
    member = client.post("/v1/check", files=[("file", ("up.zip", _zip({long_name: table})))])
    assert member.status_code == 200, member.text
    clash = client.post(
        "/v1/check", files=[("file", ("up.zip", _zip({"x": b"abc", "x/a.csv": table})))]
    )
    assert "x/a.csv" in _refused(clash, 400, "GK802")
    deep = client.post(
        "/v1/check", files=[("file", ("up.zip", _zip({"/".join(["d"] * 2000) + "/a.csv": table})))]
    )
    assert "32" in _refused(deep, 400, "GK802")


def test_a_zip_member_that_cannot_be_written_does_not_show_the_server_s_folder(
    client: TestClient,
) -> None:
    """A file ``a`` and a file ``a/b.yaml`` in one zip: the refusal quoted the server's
    temporary folder and the system's error text."""
    import tempfile

    packed = _zip({"a": b"x: 1\n", "a/b.yaml": b"x: 1\n"})
    answer = client.post("/v1/check", files={"file": ("a.zip", packed)})
    assert answer.status_code == 400
    text = answer.text
    assert "GK802" in text
    assert tempfile.gettempdir() not in text
    assert "Errno" not in text
