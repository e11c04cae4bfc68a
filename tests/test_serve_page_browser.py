"""The upload page of ``gkstd serve`` in a real browser: headless Chromium, driven over
the DevTools protocol by a small Node.js script (tests/headless.py), uploads a real table
through the form (no JavaScript on the page), reads the findings next to their rows, and
downloads the report.  Skipped where Chromium or Node.js 20+ is missing, except in CI
(``.ci/run`` installs them), where that is a failure.
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")

import uvicorn

from gkstd.serve import ServeConfig, create_app
from gkstd.serve.page import finding_row
from gkstd.serve.work import ValidateParams, validate_upload
from tests import headless

ROOT = Path(__file__).parent.parent
TABLE = (
    ROOT / "tests" / "data" / "tables" / "real" / "anquan-shengchan__shandong-zaozhuang-gaoxin.csv"
)

_CDP_UPLOAD = (
    r"""
import { readdirSync, readFileSync } from "node:fs";
const [port, url, file, downloads] = process.argv.slice(2);
"""
    + headless.CDP_PRELUDE
    + r"""const load = () => new Promise((r) => { loaded = r; });
await send("Runtime.enable");
await send("Log.enable");
await send("Page.enable");
await send("DOM.enable");
await send("Emulation.setFocusEmulationEnabled", { enabled: true });
await send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
let done = load();
await send("Page.navigate", { url });
await done;
const out = {};
out.lang = await value("document.documentElement.lang");
out.title = await value("document.title");
out.scripts = await value("document.scripts.length");
out.label = await value(`document.querySelector('label[for="file"]').textContent`);
await value(`document.getElementById("file").focus()`);
out.focus = await value(`getComputedStyle(document.activeElement).outlineStyle`);
// the clerk chooses the table and presses the button (a real click; the page has no script)
const doc = await send("DOM.getDocument", {});
const input = await send("DOM.querySelector", { nodeId: doc.result.root.nodeId, selector: "#file" });
await send("DOM.setFileInputFiles", { nodeId: input.result.nodeId, files: [file] });
done = load();
await click("form.upload button[type=submit]");
await done;
out.url = await value("location.pathname");
out.resultTitle = await value("document.title");
out.verdict = await value(`document.getElementById("verdict").innerText`);
out.groups = await value(`[...document.querySelectorAll("#findings tbody")].map((b) => ({
  row: b.dataset.row,
  label: b.querySelector("th").innerText,
  visible: b.querySelector("th").checkVisibility(),
  codes: [...b.querySelectorAll("td.code")].map((c) => c.innerText),
}))`);
out.jsonHref = await value(`document.getElementById("download-json").getAttribute("href")`);
// 200 % zoom: half the width; the page itself never scrolls sideways
await send("Emulation.setDeviceMetricsOverride", { width: 640, height: 450, deviceScaleFactor: 2, mobile: false });
out.sideways = await value(`document.documentElement.scrollWidth - document.documentElement.clientWidth`);
// the download link saves the report
await send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads, eventsEnabled: true });
const saved = new Promise((r) => { downloaded = r; });
await click("#download-json");
await Promise.race([saved, new Promise((r) => setTimeout(r, 10000))]);
out.downloads = readdirSync(downloads);
out.saved = out.downloads.length ? readFileSync(`${downloads}/${out.downloads[0]}`, "utf8") : null;
out.problems = problems;
console.log(JSON.stringify(out));
ws.close();
process.exit(0);
"""
)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A headless Chromium: its debugging port, and Node.js to drive it."""
    with headless.browser_or_skip(tmp_path / "profile", "the upload page") as found:
        yield found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server() -> Iterator[str]:
    """The service on a free loopback port (uvicorn in a thread, one worker process); its
    address."""
    port = _free_port()
    app = create_app(ServeConfig(workers=1, access_log=False))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert thread.is_alive(), "the service stopped while starting"
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


def test_a_clerk_uploads_a_table_and_downloads_the_report(
    chromium: tuple[str, str], server: str, tmp_path: Path
) -> None:
    port, node = chromium
    expected = validate_upload(TABLE.name, TABLE.read_bytes(), ValidateParams())
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    script = tmp_path / "upload.mjs"
    script.write_text(_CDP_UPLOAD, "utf-8")
    run = subprocess.run(
        [node, *headless.node_flags(node), str(script), port, server, str(TABLE), str(downloads)],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["problems"] == []  # no error, nothing blocked by the page's policy
    assert out["lang"] == "zh-CN"
    assert out["title"] == "政务公开标准目录在线校验"
    assert out["scripts"] == 0
    assert "目录表格" in out["label"]
    assert out["focus"] != "none"
    # the result page: the verdict, and every finding next to its row, in row order
    assert out["url"] == "/ui/validate"
    assert out["resultTitle"] == "政务公开标准目录校验报告"
    assert "未通过" in out["verdict"]
    rows = [int(g["row"]) if g["row"] else None for g in out["groups"]]
    assert rows[0] is None  # the findings about the whole table first
    assert rows[1:] == sorted(r for r in rows[1:] if r is not None)
    assert all(g["visible"] for g in out["groups"])
    for group in out["groups"]:
        if group["row"]:
            assert group["label"] == f"第 {group['row']} 行"
    shown = Counter(
        (r, code) for r, g in zip(rows, out["groups"], strict=True) for code in g["codes"]
    )
    wanted = Counter((finding_row(f)[0], f["code"]) for f in expected["findings"])
    assert shown == wanted
    assert any(r is not None for r, _ in wanted)
    # the download link holds the JSON report, and the browser saves it
    prefix = "data:application/json;charset=utf-8;base64,"
    assert out["jsonHref"].startswith(prefix)
    assert json.loads(base64.b64decode(out["jsonHref"][len(prefix) :])) == expected
    assert out["downloads"] == [f"gkstd-报告-{TABLE.stem}.json"]
    assert json.loads(out["saved"]) == expected
    # usable at 200 % zoom: the page does not scroll sideways (the table scrolls by itself)
    assert out["sideways"] <= 0
