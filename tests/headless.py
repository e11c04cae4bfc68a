"""Headless Chromium driven over the DevTools protocol by a small Node.js script, for the
tests that look at pages in a real browser (the docs site's search, the HTML report)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["browser", "chromium", "node", "node_flags"]


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
