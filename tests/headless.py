"""Headless Chromium driven over the DevTools protocol by a small Node.js script, for the
tests that look at pages in a real browser (the docs site's search, the HTML report)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["CDP_PRELUDE", "browser", "browser_or_skip", "chromium", "node", "node_flags"]


#: The start of a Node.js script that drives Chromium over the DevTools protocol: it
#: connects to the page of the debugging port ``port`` (the script defines it first) and
#: defines ``send`` (a DevTools command), ``value`` (an expression's value), ``click`` (a
#: real mouse click on a selector), ``problems`` (errors the page logged) and the
#: ``loaded``/``downloaded`` hooks of the page's load and of a finished download.
CDP_PRELUDE = r"""const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(list.find((t) => t.type === "page").webSocketDebuggerUrl);
await new Promise((r) => ws.addEventListener("open", r));
let id = 0;
const pending = new Map();
const problems = [];
let loaded = null;
let downloaded = null;
ws.addEventListener("message", (ev) => {
  const msg = JSON.parse(ev.data);
  if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); return; }
  if (msg.method === "Runtime.exceptionThrown") problems.push(msg.params.exceptionDetails);
  if (msg.method === "Log.entryAdded" && msg.params.entry.level === "error") problems.push(msg.params.entry);
  if (msg.method === "Runtime.consoleAPICalled" && msg.params.type === "error") problems.push(msg.params.args);
  if (msg.method === "Page.loadEventFired" && loaded) loaded();
  if (msg.method === "Browser.downloadProgress" && msg.params.state === "completed" && downloaded) downloaded();
});
const send = (method, params = {}) =>
  new Promise((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
const value = async (expression) => {
  const r = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
  if (r.result.exceptionDetails) throw new Error(JSON.stringify(r.result.exceptionDetails));
  return r.result.result.value;
};
const click = async (selector) => {
  const box = await value(`(() => { const e = document.querySelector(${JSON.stringify(selector)});
    e.scrollIntoView({block: "center"}); const r = e.getClientRects()[0];
    return [r.x + r.width / 2, r.y + r.height / 2]; })()`);
  for (const type of ["mousePressed", "mouseReleased"])
    await send("Input.dispatchMouseEvent", { type, x: box[0], y: box[1], button: "left", clickCount: 1 });
};
"""


def browser() -> str | None:
    """Debian's ``chromium`` (or ``chromium-browser``), if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def node() -> str | None:
    """Node.js 20 or later (it has WebSocket, at least behind a flag), if installed."""
    found = shutil.which("node")
    if found is None:
        return None
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    match = re.match(r"v(\d+)", version)
    return found if match and int(match.group(1)) >= 20 else None


def node_flags(node: str) -> list[str]:
    """The flag Node.js needs for ``WebSocket`` (none from Node.js 22)."""
    probe = subprocess.run(
        [node, "-e", "process.exit(typeof WebSocket === 'function' ? 0 : 1)"], capture_output=True
    )
    return ["--experimental-websocket"] if probe.returncode else []


@contextmanager
def chromium(executable: str, profile: Path, *options: str) -> Iterator[str]:
    """A headless Chromium on a free debugging port (yielded); stopped afterwards."""
    chrome = subprocess.Popen(
        [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            *options,
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert chrome.stderr is not None
        port = None
        for line in chrome.stderr:
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if found:
                port = found.group(1)
                break
        assert port, "chromium did not open its debugging port"
        yield port
    finally:
        chrome.terminate()
        try:
            chrome.wait(timeout=10)
        except subprocess.TimeoutExpired:
            chrome.kill()


@contextmanager
def browser_or_skip(profile: Path, what: str) -> Iterator[tuple[str, str]]:
    """A headless Chromium's debugging port and the Node.js that drives it, for the test of
    ``what``; skipped when either is missing, but a failure under ``CI`` (``.ci/run``
    installs them: ``what`` must be seen in a real browser)."""
    import os

    import pytest

    executable, driver = browser(), node()
    if executable is None or driver is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs chromium and Node.js 20+ for {what}'s browser test")
        pytest.skip("needs chromium and Node.js 20+ to drive it")
    with chromium(executable, profile, "--hide-scrollbars") as port:
        yield port, driver
