"""docs/integrators.md shows "the service's real answer" for the example table: the
findings it keeps must be the service's answer today (the sample had drifted: a clause
added to GK201's message, new table formats in the 415 message)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")

from starlette.testclient import TestClient

from gkstd.serve import ServeConfig, create_app

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "integrators.md").read_text("utf-8")


def _sample(after: str) -> dict[str, Any]:
    """The first ```json block after the heading ``after``."""
    rest = DOC[DOC.index(after) :]
    block = re.search(r"```json\n(.*?)\n```", rest, re.S)
    assert block is not None, after
    data: dict[str, Any] = json.loads(block.group(1))
    return data


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(create_app(ServeConfig(workers=0, access_log=False))) as c:
        yield c


def test_the_report_sample_is_the_service_s_answer(client: Any) -> None:
    table = ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv"
    answer = client.post("/v1/validate", files={"file": (table.name, table.read_bytes())}).json()
    sample = _sample("## 报告的格式")
    assert sample["stats"] == answer["stats"]
    assert sample["valid"] == answer["valid"]
    for kept in sample["findings"]:  # the doc keeps a few of them
        assert kept in answer["findings"], kept["code"]


def test_the_refusal_sample_is_the_service_s_answer(client: Any) -> None:
    answer = client.post("/v1/validate", files={"file": ("bad.txt", b"x")}).json()
    sample = _sample("### 请求被拒绝时")
    assert sample["findings"][0]["message"] == answer["findings"][0]["message"]
    assert sample["findings"][0]["message_en"] == answer["findings"][0]["message_en"]


def test_the_health_sample_is_the_service_s_answer(client: Any) -> None:
    serve_doc = (ROOT / "docs" / "serve.md").read_text("utf-8")
    line = re.search(r'\{"status":"ok".*\}', serve_doc)
    assert line is not None
    assert json.loads(line.group(0)) == client.get("/v1/health").json()
