"""The upload page of ``gkstd serve`` (gkstd.serve.page): the form at ``/`` in Chinese
with nothing from elsewhere, the result of ``POST /ui/validate`` with the same findings
as the API, grouped by row, the downloads, escaping, and the error pages."""

from __future__ import annotations

import base64
import csv
import html
import html.parser
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient

from gkstd.serve import ServeConfig, create_app
from gkstd.serve.page import finding_row, render_report
from gkstd.serve.work import ValidateParams, validate_upload
from tests.htmlpage import parse

ROOT = Path(__file__).parent.parent
REAL = ROOT / "tests" / "data" / "tables" / "real"
TABLES = [
    REAL / "anquan-shengchan__shandong-zaozhuang-gaoxin.csv",
    REAL / "gonggong-wenhua-fuwu__chongqing-banan-huimin.csv",
    REAL / "nongcun-weifang-gaizao__xinjiang-wuqia.csv",
]
DOCUMENT = ROOT / "examples" / "zichuan-municipal-services.yaml"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(ServeConfig(workers=0, access_log=False))) as c:
        yield c


def _text(fragment: str) -> str:
    return "".join(parse(fragment).text).strip()


def _groups(page: str) -> list[tuple[str, list[str]]]:
    """Each ``<tbody>`` of the findings table: its row (``data-row``) and its codes."""
    table = page.split('<table id="findings">', 1)[1].split("</table>", 1)[0]
    out = []
    for row, body in re.findall(r'<tbody(?: data-row="([^"]*)")?>(.*?)</tbody>', table, re.S):
        out.append((row, [_text(c) for c in re.findall(r'<td class="code">(.*?)</td>', body)]))
    return out


def _post(client: TestClient, name: str, data: bytes, **fields: str) -> Any:
    return client.post("/ui/validate", files={"file": (name, data)}, data=fields)


def _external(page: str) -> list[str]:
    found = []
    for tag, attributes in parse(page).tags:
        for key in ("src", "href", "action", "data"):
            value = attributes.get(key) or ""
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", value, re.I):
                found.append(f"{tag} {key}={value}")
    return found


def test_the_form_is_chinese_and_self_contained(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert "<title>政务公开标准目录在线校验</title>" in page
    assert '<form class="upload" method="post" action="ui/validate"' in page
    assert 'enctype="multipart/form-data"' in page
    assert _external(page) == []
    assert "http://" not in page
    assert "https://" not in page
    assert "<script" not in page
    assert "<link" not in page
    assert "url(" not in page
    parsed = parse(page)
    (file,) = [a for a in parsed.find("input") if a.get("type") == "file"]
    assert file["name"] == "file"
    assert file["accept"] == ".xlsx,.xlsm,.xls,.et,.ods,.csv,.docx,.yaml,.yml,.json"
    labelled = {a["for"] for a in parsed.find("label")}
    for tag in ("input", "select"):
        for a in parsed.find(tag):
            if a.get("type") != "hidden":
                assert a["id"] in labelled, a
    for word in ("领域", "层级", "本级政府", "开始校验"):
        assert word in page
    options = [a["value"] for a in parsed.find("option")]
    assert "elderly-care" in options
    assert "county" in options
    assert "保障性住房" in page
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_english_on_request(client: TestClient) -> None:
    page = client.get("/?lang=en").text
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert ">Check</button>" in page
    assert '<input type="hidden" name="lang" value="en">' in page
    assert 'href="./?lang=zh"' in page
    # Chinese stays first whatever the browser asks for; the form carries the language on
    assert client.get("/", headers={"Accept-Language": "en-US"}).text.startswith(
        '<!DOCTYPE html>\n<html lang="zh-CN">'
    )
    result = _post(client, TABLES[0].name, TABLES[0].read_bytes(), lang="en").text
    assert '<html lang="en">' in result
    assert "Not passed" in result
    expected = validate_upload(TABLES[0].name, TABLES[0].read_bytes(), ValidateParams(lang="en"))
    assert html.escape(expected["findings"][0]["message_en"]) in result


@pytest.mark.parametrize("table", TABLES, ids=lambda p: p.stem)
def test_the_result_shows_the_findings_of_the_api_by_row(client: TestClient, table: Path) -> None:
    expected = validate_upload(table.name, table.read_bytes(), ValidateParams())
    response = _post(client, table.name, table.read_bytes())
    assert response.status_code == 200
    page = response.text
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert _external(page) == []
    groups = _groups(page)
    rows = [int(r) if r else None for r, _ in groups]
    assert None not in rows[1:]  # the findings about the whole table first, then by row
    assert rows[1:] == sorted(r for r in rows[1:] if r is not None)
    assert len(set(rows)) == len(rows)
    shown = Counter(
        (row, code) for row, (_, codes) in zip(rows, groups, strict=True) for code in codes
    )
    # the row of a finding, read here from the JSON report without the page's helper
    wanted: Counter[tuple[int | None, str]] = Counter()
    for f in expected["findings"]:
        if f["cell"] is not None:
            wanted[(f["cell"]["row"], f["code"])] += 1
        else:
            ref = re.search(r"!([A-Z]*)(\d+)$", f["path"] or "")
            wanted[(int(ref.group(2)) if ref else None, f["code"])] += 1
    assert shown == wanted
    for row in rows:
        if row is not None:
            assert f">第 {row} 行</th>" in page
    for f in expected["findings"]:
        assert html.escape(f["message"]) in page
    stats = expected["stats"]
    verdict = "通过：没有错误" if expected["valid"] else "未通过：有错误需要修改"
    assert verdict in page
    counts = page.split('id="counts">', 1)[1].split("</dl>", 1)[0]
    for label, key in (("错误", "errors"), ("警告", "warnings"), ("提示", "infos")):
        assert f"<dt>{label}</dt><dd>{stats[key]}</dd>" in counts
    assert f"<dd>{table.name}</dd>" in counts
    # the form again, for the next file (relative to /ui/validate)
    assert '<form class="upload" method="post" action="../ui/validate"' in page


def test_a_document_is_shown_by_item(client: TestClient) -> None:
    data = DOCUMENT.read_bytes()
    expected = validate_upload(DOCUMENT.name, data, ValidateParams())
    page = _post(client, DOCUMENT.name, data).text
    assert "按事项列出的问题" in page
    items = {f["item"] for f in expected["findings"] if f["item"]}
    assert items
    for item in items:
        assert '<th scope="rowgroup" rowspan="' in page
        assert f">{item}</th>" in page
    assert Counter(c for _, codes in _groups(page) for c in codes) == Counter(
        f["code"] for f in expected["findings"]
    )


def test_the_report_downloads_without_a_second_upload(client: TestClient) -> None:
    table = TABLES[0]
    expected = validate_upload(table.name, table.read_bytes(), ValidateParams())
    parsed = parse(_post(client, table.name, table.read_bytes()).text)
    links = {a["id"]: a for a in parsed.find("a") if a.get("id", "").startswith("download")}
    assert links["download-json"]["download"] == f"gkstd-报告-{table.stem}.json"
    prefix = "data:application/json;charset=utf-8;base64,"
    href = links["download-json"]["href"] or ""
    assert href.startswith(prefix)
    assert json.loads(base64.b64decode(href[len(prefix) :])) == expected
    prefix = "data:text/html;charset=utf-8;base64,"
    href = links["download-html"]["href"] or ""
    assert links["download-html"]["download"] == f"gkstd-报告-{table.stem}.html"
    assert base64.b64decode(href[len(prefix) :]).decode("utf-8") == render_report(expected)
    # the same files from the service, for browsers without <a download>
    (report,) = [a["value"] for a in parsed.find("input") if a.get("name") == "report"]
    for fmt, media in (("json", "application/json"), ("html", "text/html")):
        response = client.post("/ui/report", data={"report": report, "format": fmt})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert response.headers["content-disposition"].startswith("attachment;")
        if fmt == "json":
            assert response.json() == expected
        else:
            assert response.text == render_report(expected)
    refused = client.post("/ui/report", data={"report": "[1]", "format": "json"})
    assert refused.status_code == 400
    assert "GK802" in refused.text
    assert refused.headers["content-type"].startswith("text/html")
    # a posted report is the client's text: a 5,000-digit row number was a 500
    odd = {"sheet": "目录", "findings": [{"code": "GK101", "path": "目录!A" + "9" * 5000}]}
    for body in (odd, {"findings": [{"code": "GK101", "cell": {"row": "x" * 9}}], "stats": 1}):
        answer = client.post("/ui/report", data={"report": json.dumps(body), "format": "html"})
        assert answer.status_code in (200, 400)
        assert answer.headers["content-type"].startswith("text/html")


def test_the_standalone_report_has_no_form_or_link() -> None:
    table = TABLES[0]
    page = render_report(validate_upload(table.name, table.read_bytes(), ValidateParams()))
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert "<form" not in page
    assert "<a " not in page.replace('<a class="skip"', "")
    assert "<title>政务公开标准目录校验报告</title>" in page
    assert render_report({"findings": [], "valid": True}, "en").count("No findings.") == 1


def test_every_value_is_escaped(client: TestClient) -> None:
    header = f"序号,一级事项,二级事项,公开内容,公开主体,公开时限,公开渠道,{IMG}\n"
    row = f"1,救灾,{IMG}{SCRIPT},内容,应急管理局,20个工作日内,政府网站,{IMG}\n"
    data = (header + row).encode("utf-8")
    response = _post(client, f"{SCRIPT}.csv", data, jurisdiction=f'"><b>{SCRIPT}', level="county")
    assert response.status_code == 200
    page = response.text
    parsed = parse(page)
    assert not parsed.find("img")
    assert not parsed.find("script")
    assert not parsed.find("b")
    assert "<img" not in page
    assert "<script" not in page
    assert f"“{html.escape(IMG + SCRIPT)}”缺少要素" in page  # the cell text, shown as text
    assert f"“{html.escape(IMG)}”列不是标准要素" in page  # the column name too
    assert f'value="&quot;&gt;&lt;b&gt;{html.escape(SCRIPT)}"' in page  # the field, again
    # a report (posted back, or written by anyone) with markup in every value
    evil = {
        "valid": False,
        "file": f"{SCRIPT}.csv",
        "sheet": IMG,
        "rows": IMG,
        "domain": SCRIPT,
        "stats": {"errors": IMG},
        "findings": [
            {
                "code": SCRIPT,
                "severity": IMG,
                "message": IMG,
                "message_en": SCRIPT,
                "item": SCRIPT,
                "path": f"{IMG}!D5",
                "cell": {"cell": IMG, "row": 5},
            },
            {"code": IMG, "severity": "error", "message": SCRIPT, "path": IMG, "line": IMG},
        ],
    }
    for lang in ("zh", "en"):
        out = render_report(evil, lang)
        assert "<img" not in out
        assert "<script" not in out
        assert html.escape(IMG) in out
        assert html.escape(SCRIPT) in out
    document = {**evil, "sheet": None, "rows": None}
    del document["sheet"], document["rows"]
    assert "<img" not in render_report(document)
    assert "<script" not in render_report(document)
    posted = client.post("/ui/report", data={"report": json.dumps(evil), "format": "html"})
    assert "<img" not in posted.text
    assert "<script" not in posted.text


def test_the_row_of_a_finding() -> None:
    cell = {"file": "a.csv", "sheet": "a", "cell": "I3", "row": 3}
    assert finding_row({"cell": cell, "path": "$.items[0]"}) == (3, "I3")
    assert finding_row({"cell": {**cell, "cell": "3"}}) == (3, "")
    assert finding_row({"cell": None, "path": "表 1!D2"}) == (2, "D2")
    assert finding_row({"cell": None, "path": "a!3"}) == (3, "")
    assert finding_row({"cell": None, "path": "a!M5:N5"}) == (5, "M5")
    assert finding_row({"cell": None, "path": "$.items", "line": 28}) == (None, "")
    assert finding_row({}) == (None, "")


def test_refused_uploads_are_pages_with_the_code(client: TestClient) -> None:
    empty = client.post("/ui/validate", files={"file": ("", b"")}, data={"domain": ""})
    assert empty.status_code == 400
    assert empty.headers["content-type"].startswith("text/html")
    assert "GK802" in empty.text
    assert "HTTP 400" in empty.text
    assert "请求中没有要校验的文件" in empty.text
    assert "The request has no file to check" in empty.text  # both messages
    assert '<form class="upload" method="post" action="../ui/validate"' in empty.text
    exe = _post(client, "setup.exe", b"MZ\x90\x00")
    assert exe.status_code == 415
    assert "GK802" in exe.text
    assert "不支持的文件类型" in exe.text
    level = _post(client, TABLES[0].name, TABLES[0].read_bytes(), level="火星级")
    assert level.status_code == 400
    assert "GK802" in level.text
    assert "level" in level.text
    english = _post(client, "setup.exe", b"MZ", lang="en")
    assert english.status_code == 415
    assert '<html lang="en">' in english.text
    assert "This file cannot be checked" in english.text
    for response in (empty, exe, level, english):
        assert "Traceback" not in response.text
        assert _external(response.text) == []
    with TestClient(create_app(ServeConfig(workers=0, max_upload=2000, access_log=False))) as c:
        large = _post(c, "big.csv", b"x" * 5000)
        assert large.status_code == 413
        assert "GK801" in large.text
        assert "超过上限 2000 字节" in large.text
        assert "exceeds the limit of 2000 bytes" in large.text
        assert large.headers["content-type"].startswith("text/html")


def test_a_reload_of_the_result_goes_back_to_the_form(client: TestClient) -> None:
    response = client.get("/ui/validate", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "../"


def test_an_unexpected_error_is_a_page_without_a_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr("gkstd.serve.page.validate_upload", broken)
    response = _post(client, TABLES[0].name, TABLES[0].read_bytes())
    assert response.status_code == 500
    assert "服务内部错误" in response.text
    assert "secret" not in response.text
    assert "Traceback" not in response.text


def test_an_excel_workbook_is_shown_by_row(client: TestClient) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "目录"
    with TABLES[0].open(encoding="utf-8-sig", newline="") as source:
        for row in csv.reader(source):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    expected = validate_upload("目录.xlsx", data, ValidateParams())
    page = _post(client, "目录.xlsx", data).text
    assert "<dt>工作表</dt><dd>目录</dd>" in page
    shown = Counter((int(r) if r else None, c) for r, codes in _groups(page) for c in codes)
    assert shown == Counter((finding_row(f)[0], f["code"]) for f in expected["findings"])
    assert any(row is not None for row, _ in shown)
