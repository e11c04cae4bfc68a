"""``gkstd serve``: the /v1 API for one catalog and for what is installed, its safety
defaults, and its OpenAPI document (tested against the service with schemathesis)."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import multiprocessing
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("schemathesis")

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)
from starlette.routing import Route
from starlette.testclient import TestClient

import gkstd
from gkstd.serve import ServeConfig, create_app
from gkstd.serve.api import sent_name
from gkstd.serve.openapi import openapi_document
from gkstd.serve.runner import Runner
from gkstd.serve.work import RequestError, ValidateParams, validate_upload
from gkstd.tables import import_table
from tests.serving import refused

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "tests" / "data" / "tables" / "real"
TABLE = REAL / "anquan-shengchan__sichuan-dazhou-dachuan.csv"
DOCUMENT = (
    'gkstd: "1.0"\nid: dongcheng\ndomain: work-safety\ntitle: 东城安全生产目录\n'
    "jurisdiction: {name: 东城街道, level: 乡级}\nextends: work-safety\nitems: []\n"
)


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(create_app(ServeConfig(workers=0, access_log=False))) as c:
        yield c


def _codes(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(f["code"], f["path"]) for f in body["findings"]]


def test_a_word_table_is_taken_as_the_cli_takes_it(client: Any, tmp_path: Path) -> None:
    from tests.test_tables_word import BODY, CAPTION, HEAD, merges, word_document

    path = word_document(tmp_path / "示例县.docx", [(CAPTION, [*HEAD, *BODY], merges(0, 3))])
    data = path.read_bytes()
    body = client.post("/v1/validate", files={"file": ("示例县.docx", data)}).json()
    direct = import_table(data, fmt="docx", file="示例县.docx", document="示例县.docx").report()
    assert body["domain"] == "municipal-services"
    assert _codes(body) == [(f.code, f.location.path) for f in direct.findings]


def test_a_real_table_gives_the_findings_of_the_import(client: Any) -> None:
    data = TABLE.read_bytes()
    response = client.post("/v1/validate", files={"file": (TABLE.name, data)})
    assert response.status_code == 200
    body = response.json()
    direct = import_table(data, fmt="csv", file=TABLE.name, document=TABLE.name).report()
    assert _codes(body) == [(f.code, f.location.path) for f in direct.findings]
    assert body["file"] == TABLE.name
    assert body["domain"] == "work-safety"
    assert body["valid"] is direct.valid
    assert body["lang"] == "zh"
    assert all(f["file"] in (TABLE.name, None) for f in body["findings"])
    assert all(f["text"] == f["message"] for f in body["findings"])


def test_a_document_gives_what_gkstd_validate_gives(client: Any) -> None:
    response = client.post("/v1/validate", files={"file": ("东城.yaml", DOCUMENT.encode())})
    assert response.status_code == 200
    assert [f["code"] for f in response.json()["findings"]] == gkstd.validate(
        DOCUMENT.encode()
    ).codes()


def test_the_body_itself_may_be_the_document(client: Any) -> None:
    response = client.post(
        "/v1/validate?filename=a.yaml",
        content=DOCUMENT.encode(),
        headers={"content-type": "application/yaml"},
    )
    assert response.status_code == 200
    assert response.json()["file"] == "a.yaml"
    table = client.post(
        "/v1/validate", content=TABLE.read_bytes(), headers={"content-type": "text/csv"}
    )
    assert table.status_code == 200
    assert table.json()["domain"] == "work-safety"


def test_select_ignore_and_language(client: Any) -> None:
    data = TABLE.read_bytes()
    every = client.post("/v1/validate", files={"file": (TABLE.name, data)}).json()
    codes = {f["code"] for f in every["findings"]}
    assert len(codes) >= 2
    first = sorted(codes)[0]
    only = client.post(
        "/v1/validate", files={"file": (TABLE.name, data)}, data={"select": first}
    ).json()
    assert {f["code"] for f in only["findings"]} == {first}
    without = client.post(f"/v1/validate?ignore={first}", files={"file": (TABLE.name, data)})
    assert first not in {f["code"] for f in without.json()["findings"]}
    english = client.post(
        "/v1/validate", files={"file": (TABLE.name, data)}, headers={"accept-language": "en-US"}
    ).json()
    assert english["lang"] == "en"
    assert all(f["text"] == f["message_en"] for f in english["findings"])


def test_no_upload_reads_a_file_of_the_server(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(DOCUMENT.replace("dongcheng", "secret"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the working directory is allowed on the command line
    for ref in ("secret.yaml", "secret", str(secret), "../" + tmp_path.name + "/secret.yaml"):
        doc = DOCUMENT.replace("extends: work-safety", f"extends: {ref!r}").encode()
        body = client.post("/v1/validate", files={"file": ("x.yaml", doc)}).json()
        assert [f["code"] for f in body["findings"]] == ["GK210"], ref
        assert "secret" not in json.dumps(body["findings"][0]["args"].get("tried", ""))
    # the command line still finds it (the working directory is allowed there)
    assert gkstd.validate(DOCUMENT.replace("work-safety\nitems", "secret.yaml\nitems").encode())


def test_a_table_parent_is_a_pack_never_a_path(client: Any) -> None:
    data = TABLE.read_bytes()
    ok = client.post(
        "/v1/validate", files={"file": (TABLE.name, data)}, data={"parent": "安全生产"}
    )
    assert ok.status_code == 200
    for bad in ("/etc/passwd", "../x.yaml", "no-such-pack"):
        response = client.post(
            "/v1/validate", files={"file": (TABLE.name, data)}, data={"parent": bad}
        )
        assert response.status_code == 400
        assert response.json()["findings"][0]["code"] == "GK802"


@pytest.mark.parametrize(
    ("request_kwargs", "status", "code"),
    [
        ({}, 400, "GK802"),
        ({"files": {"file": ("a.exe", b"MZ")}}, 415, "GK802"),
        ({"files": {"file": ("a.csv", b"x" * 5000)}}, 413, "GK801"),
        ({"files": {"file": ("a.csv", b"a"), "other": ("b.csv", b"b")}}, 400, "GK802"),
        ({"files": {"file": ("a.yaml", b"x")}, "data": {"level": "月球级"}}, 400, "GK802"),
    ],
)
def test_refused_requests_say_why_in_both_languages(
    request_kwargs: dict[str, Any], status: int, code: str
) -> None:
    app = create_app(ServeConfig(workers=0, access_log=False, max_upload=4096))
    with TestClient(app) as small:
        response = small.post("/v1/validate", **request_kwargs)
    refused(response, status, code)
    assert "Traceback" not in response.text


def test_declared_length_over_the_limit_is_refused_before_reading() -> None:
    app = create_app(ServeConfig(workers=0, access_log=False, max_upload=100))
    with TestClient(app) as small:
        response = small.post(
            "/v1/validate?filename=a.csv",
            content=b"x" * 101,
            headers={"content-type": "text/csv"},
        )
    assert response.status_code == 413
    assert response.json()["findings"][0]["args"] == {"size": 101, "limit": 100}


def test_unknown_addresses_and_methods(client: Any) -> None:
    missing = client.get("/v1/nothing")
    assert missing.status_code == 404
    assert missing.json()["findings"][0]["code"] == "GK804"
    wrong = client.delete("/v1/validate")
    assert wrong.status_code == 405
    assert "POST" in wrong.headers["allow"]
    assert client.get("/v1/health?lang=xx").status_code == 400


def test_what_is_installed(client: Any) -> None:
    registry = gkstd.registry()
    packs = client.get("/v1/packs").json()
    assert sorted(p["code"] for p in packs) == sorted(registry.packs)
    by_name = client.get("/v1/packs/安全生产").json()
    assert by_name["code"] == "work-safety"
    assert client.get("/v1/packs/nope").json()["findings"][0]["code"] == "GK804"
    rules = client.get("/v1/rules").json()
    assert {r["code"] for r in rules} == set(registry.rules)
    assert client.get("/v1/rules/gk801").json()["title_en"] == "Upload over the size limit"
    assert client.get("/v1/rules/GK999").status_code == 404
    schema = client.get("/v1/schema")
    assert schema.headers["content-type"].startswith("application/schema+json")
    assert schema.json() == gkstd.io.schema.catalog_schema()
    health = client.get("/v1/health").json()
    assert health == {
        "status": "ok",
        "version": gkstd.__version__,
        "packs": len(registry.packs),
        "rules": len(registry.rules),
    }


def test_an_internal_error_is_logged_not_shown(
    client: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("/secret/server/path exploded")

    monkeypatch.setattr("gkstd.serve.api.validate_upload", broken)
    with caplog.at_level(logging.ERROR, logger="gkstd.serve"):
        response = client.post("/v1/validate", files={"file": ("a.yaml", b"x")})
    assert response.status_code == 500
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert response.json()["error"]
    assert response.json()["error_en"]
    assert "exploded" in caplog.text


def test_one_access_log_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    with (
        TestClient(create_app(ServeConfig(workers=0))) as logged,
        caplog.at_level(logging.INFO, logger="gkstd.serve.access"),
    ):
        logged.get("/v1/health?lang=en")
        logged.post("/v1/validate", files={"file": ("a.exe", b"MZ")})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "gkstd.serve.access"]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [
        ("GET", "/v1/health", 200),
        ("POST", "/v1/validate", 415),
    ]
    assert lines[1]["bytes_in"] > 0
    assert lines[0]["ms"] >= 0
    assert "lang" not in json.dumps(lines)  # the query string is never logged


# -- worker processes ----------------------------------------------------------------


def test_worker_processes_give_the_same_report() -> None:
    data = TABLE.read_bytes()
    expected = validate_upload(TABLE.name, data, ValidateParams())
    with TestClient(create_app(ServeConfig(workers=1, access_log=False))) as pooled:
        response = pooled.post("/v1/validate", files={"file": (TABLE.name, data)})
        refused = pooled.post("/v1/validate", files={"file": ("a.csv", b"")}, data={"level": "x"})
    assert response.json() == expected
    assert refused.status_code == 400  # a RequestError raised in a worker comes back whole


def test_time_budget_and_bounded_queue() -> None:
    async def scenario() -> list[Any]:
        runner = Runner(ServeConfig(workers=1, queue=1, timeout=1.0))
        runner.start()
        try:
            started = time.perf_counter()
            over = asyncio.ensure_future(runner.run(time.sleep, 30))
            await asyncio.sleep(0.05)
            queued = asyncio.ensure_future(runner.run(time.sleep, 0))
            await asyncio.sleep(0.05)
            busy = asyncio.ensure_future(runner.run(time.sleep, 0))
            results = await asyncio.gather(over, queued, busy, return_exceptions=True)
            assert time.perf_counter() - started < 20  # the sleeper was stopped
            return results
        finally:
            runner.stop()

    over, queued, busy = asyncio.run(scenario())
    assert isinstance(over, RequestError)
    assert over.status == 504
    assert over.finding.code == "GK803"
    assert over.finding.args["seconds"] == 1
    assert queued is None  # waited for the replaced worker, then ran
    assert isinstance(busy, RequestError)
    assert busy.status == 503


# -- the OpenAPI document --------------------------------------------------------------


def test_docs_openapi_json_is_the_served_document(client: Any) -> None:
    served = client.get("/v1/openapi.json").json()
    assert served == openapi_document()
    shipped = json.loads((REPO / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert shipped == served, "regenerate: python -m gkstd.serve.openapi > docs/openapi.json"


def test_every_api_route_is_documented_and_nothing_else() -> None:
    app = create_app(ServeConfig(workers=0, access_log=False))
    routes = {
        (route.path, method.lower())
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/v1/")
        for method in (route.methods or ()) - {"HEAD"}
    }
    documented = {
        (path, method)
        for path, item in openapi_document()["paths"].items()
        for method in item
        if method in ("get", "post", "put", "delete", "patch")
    }
    assert routes == documented


SCHEMA = schemathesis.openapi.from_asgi(
    "/v1/openapi.json", create_app(ServeConfig(workers=0, access_log=False))
)


@SCHEMA.parametrize()
@settings(
    max_examples=int(os.environ.get("GKSTD_SCHEMATHESIS_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_service_keeps_its_openapi_document(case: Any) -> None:
    """No 5xx, every status, media type and body as documented.  Excluded:
    positive_data_acceptance, which expects every schema-valid upload to be taken (an
    upload of a file type gkstd does not read, a .png, is refused with 415 by design);
    and for forms negative_data_rejection: a form field has no type, so a "null" or a
    number schemathesis sends for a text field arrives as that text."""
    excluded = [positive_data_acceptance]
    if case.media_type == "multipart/form-data":
        excluded.append(negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)


def test_stale_temporary_folders_are_swept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    old, fresh, other = (
        (tmp_path / "gkstd-serve-old"),
        (tmp_path / "gkstd-serve-new"),
        (tmp_path / "keep-me"),
    )
    for folder in (old, fresh, other):
        (folder / "upload.csv").parent.mkdir()
        (folder / "upload.csv").write_text("x")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    runner = Runner(ServeConfig(workers=0, timeout=60))
    assert runner.sweep() == 1
    assert not old.exists()
    assert fresh.exists()
    assert other.exists()


def test_names_sent_the_dotnet_way_are_decoded(client: Any) -> None:
    """.NET's MultipartFormDataContent sends a Chinese name as an RFC 2047 word in
    ``filename`` and as RFC 5987 ``filename*``."""
    boundary = "gkstdboundary"
    name = "大川区安全生产目录.csv"
    encoded = "=?utf-8?B?" + base64.b64encode(name.encode()).decode() + "?="
    star = "utf-8''" + urllib.parse.quote(name)
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=file; "
        f'filename="{encoded}"; filename*={star}\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    body = head + TABLE.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    response = client.post(
        "/v1/validate",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 200
    assert response.json()["file"] == name
    assert response.json()["domain"] == "work-safety"
    assert sent_name(encoded, None) == name
    assert sent_name("a.csv", f"form-data; name=file; filename=a.csv; filename*={star}") == name
    assert sent_name("plain.csv", "form-data; filename*=bogus''%ZZ") == "plain.csv"


def test_domain_by_chinese_name_and_unknown_domain(client: Any) -> None:
    data = TABLE.read_bytes()
    by_name = client.post(
        "/v1/validate", files={"file": ("x.csv", data)}, data={"domain": "安全生产"}
    )
    assert by_name.json()["domain"] == "work-safety"
    unknown = client.post("/v1/validate", files={"file": ("x.csv", data)}, data={"domain": "月球"})
    assert unknown.status_code == 400
    assert unknown.json()["findings"][0]["args"]["name"] == "domain"


def test_workers_start_with_the_service() -> None:
    before = {p.pid for p in multiprocessing.active_children()}
    with TestClient(create_app(ServeConfig(workers=2, access_log=False))):
        started = {p.pid for p in multiprocessing.active_children()} - before
        assert len(started) >= 2  # running before any request


def test_the_document_names_the_prefix_of_a_reverse_proxy() -> None:
    app = create_app(ServeConfig(workers=0, access_log=False))
    with TestClient(app, root_path="/gkstd") as proxied:
        assert proxied.get("/v1/openapi.json").json()["servers"] == [{"url": "/gkstd/"}]


def test_every_table_finding_with_a_cell_says_its_sheet_row_and_cell(client: Any) -> None:
    name = "anquan-shengchan__shandong-zaozhuang-gaoxin.csv"
    body = client.post("/v1/validate", files={"file": (name, (REAL / name).read_bytes())}).json()
    referenced = [f for f in body["findings"] if f["path"] and "!" in f["path"]]
    assert referenced  # the import's own findings (GK6xx) name an Excel reference
    for finding in referenced:
        sheet, _, cell = finding["path"].rpartition("!")
        assert finding["cell"] == {
            "file": name,
            "sheet": sheet,
            "cell": cell,
            "row": finding["line"],
        }
    assert any(f["cell"] and f["path"].startswith("$") for f in body["findings"])  # the check's


_WORKER_PROBE = """
import json, sys
from gkstd.serve.work import ValidateParams, start_worker, validate_upload
from gkstd.serve.batchwork import BatchParams, check_uploads
start_worker()  # what every worker process of the service runs first
doc = sys.argv[1].encode()
one = validate_upload("x.yaml", doc, ValidateParams())
batch = check_uploads([("x.yaml", doc)], BatchParams())
codes = [f["code"] for f in one["findings"]]
codes += [f["code"] for r in batch["files"] for f in r["findings"]]
print(json.dumps(codes))
"""


def test_a_worker_process_reads_no_file_of_its_working_directory(tmp_path: Path) -> None:
    """The batch check and a table's import build workspaces of their own: in a worker
    process none of them looks for parents in the working directory."""
    (tmp_path / "secret.yaml").write_text(DOCUMENT.replace("dongcheng", "secret"), "utf-8")
    for ref in ("secret.yaml", str(tmp_path / "secret.yaml")):
        doc = DOCUMENT.replace("extends: work-safety", f"extends: {ref!r}")
        out = subprocess.run(
            [sys.executable, "-c", _WORKER_PROBE, doc],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        codes = json.loads(out.stdout.strip().splitlines()[-1])
        assert codes
        assert set(codes) == {"GK210"}, (ref, codes)


def test_another_refusal_of_the_web_stack_keeps_its_status() -> None:
    from starlette.exceptions import HTTPException
    from starlette.routing import Route as StarletteRoute

    async def teapot(request: Any) -> Any:
        raise HTTPException(418, "短路 / short and stout")

    app = create_app(ServeConfig(workers=0, access_log=False))
    app.router.routes.append(StarletteRoute("/teapot", teapot))
    with TestClient(app) as teapot_client:
        response = teapot_client.get("/teapot")
    assert response.status_code == 418
    assert response.json()["findings"][0]["code"] == "GK802"
    assert "short and stout" in response.json()["findings"][0]["message_en"]


def _post(app: Any, receive: Any) -> list[dict[str, Any]]:
    """Call the ASGI ``app`` with a POST /v1/validate whose body comes from ``receive``;
    the messages it sends."""
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/validate",
        "raw_path": b"/v1/validate",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"text/csv"), (b"content-length", b"100000")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
    }
    asyncio.run(app(scope, receive, send))
    return sent


def test_a_stalled_body_gets_408_and_uploads_beyond_the_queue_503() -> None:
    """A client that sent three bytes of its body and stalled held the connection for
    ever (hundreds of them made the service unreachable); uploads were all read into the
    server before the queue was counted (40 of 18 MB took it past 2 GB)."""
    app = create_app(ServeConfig(workers=0, queue=1, timeout=1, access_log=False))
    parts = [{"type": "http.request", "body": b"abc", "more_body": True}]

    async def stalling() -> dict[str, Any]:
        if parts:
            return parts.pop()
        await asyncio.sleep(3600)
        raise AssertionError("not reached")

    start = time.perf_counter()
    sent = _post(app, stalling)
    assert sent[0]["status"] == 408
    assert time.perf_counter() - start < 30
    assert "秒内没有继续送达" in json.loads(sent[1]["body"])["findings"][0]["message"]
    admission = app.middleware_stack
    while not hasattr(admission, "active"):  # the Admission layer of the stack
        admission = admission.app
    admission.active = admission.most  # every place taken
    unread: list[str] = []

    async def counted() -> dict[str, Any]:
        unread.append("read")
        return {"type": "http.request", "body": b"", "more_body": False}

    busy = _post(app, counted)
    assert busy[0]["status"] == 503
    assert unread == []  # refused before reading anything
    assert json.loads(busy[1]["body"])["findings"][0]["code"] == "GK803"


def test_uploads_are_admitted_within_a_budget_of_bytes() -> None:
    """Beside the count (``workers + queue``), the declared sizes of the uploads admitted
    at one time stay within ``upload_memory``: with the defaults 16 uploads of 50 MB
    could be held (about 4 GB in the server); one upload is always admitted."""
    app = create_app(ServeConfig(workers=0, queue=8, upload_memory=50_000, access_log=False))
    unread: list[str] = []

    async def counted() -> dict[str, Any]:
        unread.append("read")
        return {"type": "http.request", "body": b"", "more_body": False}

    alone = _post(app, counted)  # alone, an upload of 100,000 bytes over the budget passes
    assert alone[0]["status"] != 503
    assert unread == ["read"]
    admission = app.middleware_stack
    while not hasattr(admission, "admitted"):
        admission = admission.app
    assert (admission.active, admission.admitted) == (0, 0)  # given back when done
    admission.active, admission.admitted = 1, 100_000  # one upload in: the next is over
    busy = _post(app, counted)
    assert busy[0]["status"] == 503
    assert unread == ["read"]  # refused before reading anything
    assert json.loads(busy[1]["body"])["findings"][0]["code"] == "GK803"
    admission.budget = 200_000  # two of 100,000 bytes fit
    assert _post(app, counted)[0]["status"] != 503
    assert ServeConfig.from_env({"GKSTD_SERVE_UPLOAD_MEMORY": "64MB"}).upload_memory == 64 << 20


def test_a_workbook_sent_without_a_file_name_is_read_as_a_table(
    client: Any, tmp_path: Path
) -> None:
    """A request body sent as ``application/octet-stream``, or a form file named without
    a suffix, is read as a table when its bytes are a workbook (it was read as YAML and
    refused as "not text"); text without a suffix stays a document."""
    from gkstd.tables import import_table
    from gkstd.tables.export import export_xlsx

    catalog = import_table(TABLE, check=False).catalog
    assert catalog is not None
    book = tmp_path / "t.xlsx"
    export_xlsx(catalog, book)
    data = book.read_bytes()
    named = client.post("/v1/validate", files={"file": ("t.xlsx", data)}).json()
    for response in (
        client.post("/v1/validate", files={"file": ("大川区目录", data)}),
        client.post(
            "/v1/validate", content=data, headers={"content-type": "application/octet-stream"}
        ),
    ):
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["imported"] is True
        assert body["domain"] == "work-safety"
        assert body["rows"] == named["rows"]
        assert "GK002" not in {f["code"] for f in body["findings"]}
    text = client.post("/v1/validate", files={"file": ("目录", DOCUMENT.encode())})
    assert text.status_code == 200
    assert "imported" not in text.json()


@pytest.mark.parametrize(
    ("setting", "value"), [("port", 70000), ("port", 0), ("timeout", float("nan"))]
)
def test_settings_out_of_range_are_refused(setting: str, value: float) -> None:
    """A port past 65535 gave the server's traceback (exit 3); a ``nan`` time budget was
    accepted and never cut a request off."""
    from gkstd.serve.config import ServeConfigError

    with pytest.raises(ServeConfigError) as caught:
        ServeConfig(**{setting: value})  # type: ignore[arg-type]
    assert setting in caught.value.message


def test_a_port_in_use_is_said_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    """The server's own message was English only, with its exit code 3 (gkstd's "internal
    error"); ``--lang en`` was not followed for a setting refused after the command ran."""
    import socket

    from gkstd.cli.main import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as stopped:
            main(["serve", "--port", str(port)])
        assert stopped.value.code == 2
        assert "端口已被占用" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "en", "serve", "--workers", "-1"])
    assert stopped.value.code == 2
    assert "workers must be an integer" in capsys.readouterr().err


def test_a_body_refused_is_said_in_one_language_each(client: Any) -> None:
    """The Chinese message carried the form parser's English, the English one gkstd's
    Chinese (JSON 语法错误 …, 应为 multipart/form-data 表单)."""
    import re

    cjk = re.compile(r"[\u4e00-\u9fff]")
    answers = [
        client.post(
            "/v1/validate",
            content=b"--x\r\n",
            headers={"Content-Type": "multipart/form-data"},  # no boundary
        ),
        client.post(
            "/v1/deadline", content=b"{from: 1}", headers={"Content-Type": "application/json"}
        ),
        client.post("/v1/audit", content=b"{}", headers={"Content-Type": "application/json"}),
    ]
    for answer in answers:
        assert answer.status_code == 400
        (finding,) = answer.json()["findings"]
        assert finding["code"] == "GK802"
        assert cjk.search(finding["message"])
        assert not cjk.search(finding["message_en"]), finding["message_en"]


def test_the_query_parameters_the_service_reads_are_in_its_openapi_document(client: Any) -> None:
    """integrators.md sends ?level= with a table as the body; the document listed only
    filename and lang, so generated clients could not send the others."""
    spec = client.get("/v1/openapi.json").json()
    listed = {p["name"] for p in spec["paths"]["/v1/validate"]["post"]["parameters"]}
    assert {"filename", "lang", "domain", "parent", "jurisdiction", "level", "select"} <= listed
    assert "ignore" in listed
    content = spec["paths"]["/v1/validate"]["post"]["requestBody"]["content"]
    assert {"application/vnd.ms-excel", "application/octet-stream"} <= set(content)
    table = (Path(__file__).parent / "data/tables/real/jiuzai__hainan-wenchang.csv").read_bytes()
    selected = client.post(
        "/v1/validate?filename=t.csv&select=GK6",
        content=table,
        headers={"Content-Type": "text/csv"},
    ).json()
    assert selected["findings"]
    assert all(f["code"].startswith("GK6") for f in selected["findings"])
    for status in ("405",):
        assert all(
            status in op["responses"] for ops in spec["paths"].values() for op in ops.values()
        )


@pytest.mark.parametrize(
    ("path", "request_kwargs", "status"),
    [
        ("/v1/validate", {"files": {"file": ("a.txt", b"x")}, "data": {"lang": "en"}}, 415),
        ("/v1/validate", {"data": {"lang": "en"}}, 400),
        ("/v1/check", {"data": {"lang": "en"}}, 400),
        ("/v1/deadline", {"json": {"from": "2026-02-30", "working_days": 20, "lang": "en"}}, 400),
    ],
)
def test_a_refusal_follows_the_language_the_body_asked_for(
    client: Any, path: str, request_kwargs: dict[str, Any], status: int
) -> None:
    """docs/integrators.md: ``lang`` may be a form field (or the deadline's JSON field);
    a request refused after its fields were read answers in that language too (it had
    answered in Chinese: only ``?lang=`` and ``Accept-Language`` were looked at)."""
    response = client.post(path, **request_kwargs)
    assert response.status_code == status
    body = response.json()
    assert body["lang"] == "en"
    text = body["findings"][0]["text"]
    assert text == body["findings"][0]["message_en"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text
