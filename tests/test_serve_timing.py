"""``POST /v1/deadline`` and ``POST /v1/audit``: the answers of :mod:`gkstd.timing` and
:mod:`gkstd.audit` over HTTP, in both languages, with GK802/GK804 for bad requests."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("multipart")

from starlette.testclient import TestClient

from gkstd.audit import audit
from gkstd.audit.rules import EXAMPLE_CATALOG
from gkstd.inherit.workspace import Workspace
from gkstd.model import Catalog
from gkstd.plugins.manager import default_registry
from gkstd.serve import ServeConfig, create_app
from gkstd.timing.calendar import Convention, WorkCalendar, load_notices
from gkstd.timing.deadlines import deadline
from gkstd.timing.limits import parse
from tests.serving import refused

PACK = "municipal-services"
AS_OF = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(ServeConfig(workers=0))) as c:
        yield c


@pytest.fixture(scope="module")
def pack_catalog() -> Catalog:
    catalog = Workspace(default_registry()).resolve_ref(PACK).catalog
    assert catalog is not None
    return catalog


# --------------------------------------------------------------------------- deadline


@pytest.mark.parametrize(
    ("start", "wording"),
    [
        ("2026-02-10", "20个工作日"),
        ("2026-09-25", "20个工作日内"),
        ("2026-04-30", "自信息形成之日起7日内"),
        ("2026-01-31", "3个月内"),
        ("2026-05-20", "每季度首月15日前"),
        ("2026-05-20", "每年3月31日前"),
        ("2026-05-20", "实时公开"),
        ("2026-05-20", "长期公开"),
    ],
)
def test_deadline_of_wording_is_the_library_answer(
    client: TestClient, start: str, wording: str
) -> None:
    day = datetime.date.fromisoformat(start)
    expected = deadline(day, parse(wording)).to_dict("zh")
    body = client.post("/v1/deadline", json={"from": start, "time_limit": wording}).json()
    assert (body["deadline"], body["provisional"], body["reason"]) == (
        expected["deadline"],
        expected["provisional"],
        expected["reason"],
    )
    assert body["from"] == start
    assert body["time_limit_text"] == parse(wording).display()
    english = deadline(day, parse(wording)).to_dict("en")["reason"]
    en = client.post("/v1/deadline?lang=en", json={"from": start, "time_limit": wording}).json()
    assert en["reason"] == english
    assert en["lang"] == "en"


def test_national_day_holiday(client: TestClient) -> None:
    """2025: 10月1日至8日放假（国办发明电〔2024〕12号）: one working day after 9月30日
    is 10月9日."""
    body = client.post("/v1/deadline", json={"from": "2025-09-30", "working_days": 1}).json()
    assert body["deadline"] == "2025-10-09"
    assert body["deadline"] == str(deadline(datetime.date(2025, 9, 30), 1).date)
    assert body["provisional"] is False


def test_working_and_calendar_days_and_the_convention(client: TestClient) -> None:
    start = datetime.date(2026, 4, 30)
    cal = WorkCalendar(convention=Convention(count_start_day=True, roll_forward=False))
    cases = [
        ({"working_days": 15}, deadline(start, 15)),
        ({"calendar_days": 3}, WorkCalendar().add_calendar_days(start, 3)),
        (
            {"calendar_days": 3, "count_start_day": True, "roll_forward": False},
            cal.add_calendar_days(start, 3),
        ),
        ({"time_limit": "20个工作日", "count_start_day": True}, None),
    ]
    for extra, expected in cases:
        body = client.post("/v1/deadline", json={"from": start.isoformat(), **extra}).json()
        if expected is None:
            counted = WorkCalendar(convention=Convention(count_start_day=True))
            expected = deadline(start, parse("20个工作日"), counted)
        assert body["deadline"] == expected.date.isoformat(), extra
        assert body["calendar"]["count_start_day"] is extra.get("count_start_day", False)


def test_time_limit_object(client: TestClient) -> None:
    limit = {"kind": "working_days", "days": 7}
    body = client.post("/v1/deadline", json={"from": "2026-06-01", "time_limit": limit}).json()
    assert body["deadline"] == deadline(datetime.date(2026, 6, 1), 7).date.isoformat()
    assert body["time_limit"]["kind"] == "working_days"


def test_compound_limit_parts_and_scope(client: TestClient) -> None:
    wording = "行政处罚决定应自作出之日起7个工作日内公开；其他信息自形成之日起20个工作日内"
    limit = parse(wording)
    start = datetime.date(2026, 3, 2)
    body = client.post("/v1/deadline", json={"from": "2026-03-02", "time_limit": wording}).json()
    assert [p["deadline"] for p in body["parts"]] == [
        str(deadline(start, p).date) for p in limit.parts
    ]
    assert body["parts"][0]["scope"] == "行政处罚决定"
    assert body["deadline"] == str(deadline(start, limit).date)
    scoped = {"from": "2026-03-02", "time_limit": wording, "scope": "行政处罚决定"}
    body = client.post("/v1/deadline", json=scoped).json()
    assert body["deadline"] == str(deadline(start, limit, scope="行政处罚决定").date)


def test_inline_holiday_notice(client: TestClient) -> None:
    notices = [
        {
            "year": 2026,
            "source": "本地测试通知",
            "off_days": ["2026-06-01..2026-06-05"],
            "work_days": ["2026-06-06"],
        }
    ]
    start = datetime.date(2026, 5, 29)
    text = "notices:\n" + "".join(
        f"  - year: 2026\n    source: 本地测试通知\n    off_days: [{d}]\n    work_days: [2026-06-06]\n"
        for d in ["2026-06-01..2026-06-05"]
    )
    cal = WorkCalendar(extra_notices=load_notices(text, origin="test"))
    expected = deadline(start, 3, cal).date.isoformat()
    for holidays in (notices, {"notices": notices}, text):
        body = client.post(
            "/v1/deadline", json={"from": "2026-05-29", "working_days": 3, "holidays": holidays}
        ).json()
        assert body["deadline"] == expected
        assert body["calendar"]["holidays"] is True
    assert expected != deadline(start, 3).date.isoformat()  # the notice made a difference
    bad = {"from": "2026-05-29", "working_days": 3, "holidays": [{"year": 2026}]}
    finding = refused(client.post("/v1/deadline", json=bad), 400)
    assert finding["args"]["name"] == "holidays"


def test_item_of_a_pack(client: TestClient, pack_catalog: Catalog) -> None:
    item = next(i for i in pack_catalog.leaves() if i.time_limit is not None)
    request = {"from": "2026-03-02", "item": item.id, "catalog": PACK}
    body = client.post("/v1/deadline", json=request).json()
    assert body["deadline"] == str(deadline(datetime.date(2026, 3, 2), item.time_limit).date)
    assert body["item"]["id"] == item.id
    request["catalog"] = "no-such-pack"
    refused(client.post("/v1/deadline", json=request), 404, "GK804")
    request.update(catalog=PACK, item="no such item")
    refused(client.post("/v1/deadline", json=request), 400)


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"from": "2026-02-30", "time_limit": "20个工作日"}, "from"),
        ({"from": "10/02/2026", "time_limit": "20个工作日"}, "from"),
        ({"from": "1900-01-02", "time_limit": "20个工作日"}, "from"),
        ({"from": "2026-02-10", "time_limit": "找时间公开一下"}, "time_limit"),
        ({"from": "2026-02-10", "time_limit": "  "}, "time_limit"),
        ({"from": "2026-02-10", "time_limit": {"kind": "fortnight"}}, "time_limit"),
        ({"from": "2026-02-10", "working_days": -1}, "working_days"),
        ({"from": "2026-02-10", "working_days": 5, "roll_forward": "no"}, "roll_forward"),
        ({"from": "2026-02-10", "time_limit": "20个工作日", "form": "x"}, "form"),
    ],
)
def test_bad_deadline_parameters(client: TestClient, body: dict[str, Any], name: str) -> None:
    finding = refused(client.post("/v1/deadline", json=body), 400)
    assert finding["args"]["name"] == name
    assert finding["args"]["hint"]
    assert finding["args"]["hint_en"]
    english = client.post("/v1/deadline?lang=en", json=body).json()["findings"][0]["text"]
    assert english.startswith("Parameter")


def test_malformed_deadline_requests(client: TestClient) -> None:
    refused(client.post("/v1/deadline", json={"time_limit": "20个工作日"}), 400)
    refused(client.post("/v1/deadline", json={"from": "2026-02-10"}), 400)
    both = {"from": "2026-02-10", "working_days": 3, "time_limit": "20个工作日"}
    refused(client.post("/v1/deadline", json=both), 400)
    refused(client.post("/v1/deadline", content=b"{not json"), 400)
    refused(client.post("/v1/deadline", json=["2026-02-10"]), 400)
    refused(client.post("/v1/deadline", content=b""), 400)


# --------------------------------------------------------------------------- audit


def _records(catalog: Catalog) -> str:
    first, second = list(catalog.leaves())[:2]
    return (
        "item,formed,published,channel,url\n"
        f"{first.id},2026-02-10,2026-03-16,政府网站,\n"
        f"{first.id},2026-02-10,2026-04-18,政府网站,\n"
        f"{second.name},2026-09-18,,,\n"
        f"{second.id},2026-11-20,,,\n"
        f"{first.id},2026-03-02,2026-03-10,政务新媒体,\n"
        "没有这个事项,2026-03-02,2026-03-10,政府网站,\n"
        ",2026-03-02,2026-03-10,政府网站,\n"
        f"{first.id},2026-02-30,2026-03-10,政府网站,\n"
        f"{first.id},2026-03-20,2026-03-01,政府网站,\n"
    )


def _direct(text: str, catalogs: list[Catalog], tmp_path: Path) -> Any:
    path = tmp_path / "records.csv"
    path.write_text(text, encoding="utf-8")
    return audit(str(path), catalogs, as_of=AS_OF)


def test_audit_against_a_pack(client: TestClient, pack_catalog: Catalog, tmp_path: Path) -> None:
    text = _records(pack_catalog)
    expected = _direct(text, [pack_catalog], tmp_path)
    form = {"domain": PACK, "as_of": AS_OF.isoformat()}
    response = client.post(
        "/v1/audit", data=form, files={"records": ("我的记录.csv", text.encode())}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["audited"] is True
    assert body["file"] == "我的记录.csv"
    assert body["records"] == expected.records
    assert body["total_findings"] == len(expected.findings) == len(body["findings"])
    assert sorted((f["line"], f["code"]) for f in body["findings"]) == sorted(
        (f.location.line, f.code) for f in expected.findings
    )
    assert body["valid"] is False
    assert body["truncated"] is False
    assert body["summary"]["total"] == len(expected.findings)
    assert {f["file"] for f in body["findings"]} <= {"我的记录.csv", None}
    assert [s["item"] for s in body["items"]] == [s.item for s in expected.items]
    assert body["catalogs"][0]["domain"] == PACK
    assert "gkstd-serve-" not in response.text
    assert tempfile.gettempdir() + "/" not in response.text


def test_audit_findings_are_capped(client: TestClient, pack_catalog: Catalog) -> None:
    text = _records(pack_catalog)
    form = {"catalog": PACK, "as_of": AS_OF.isoformat(), "limit": "2", "lang": "en"}
    body = client.post("/v1/audit", data=form, files={"records": ("r.csv", text.encode())}).json()
    assert len(body["findings"]) == 2
    assert body["truncated"] is True
    assert body["total_findings"] > 2
    assert body["limit"] == 2
    assert body["findings"][0]["text"] == body["findings"][0]["message_en"]


def test_audit_against_an_uploaded_catalog(client: TestClient, tmp_path: Path) -> None:
    import gkstd

    catalog, _ = gkstd.load(EXAMPLE_CATALOG)
    assert catalog is not None
    text = "item,formed,published,channel\npermit,2026-02-10,2026-03-18,政府网站\n"
    expected = _direct(text, [catalog], tmp_path)
    files = [
        ("records", ("r.csv", text.encode())),
        ("catalog", ("county.yaml", EXAMPLE_CATALOG.encode())),
    ]
    body = client.post("/v1/audit?as_of=2026-11-23", files=files).json()
    assert [f["code"] for f in body["findings"]] == [f.code for f in expected.findings]
    broken = [("records", ("r.csv", text.encode())), ("catalog", ("bad.yaml", b"gkstd: ["))]
    body = client.post("/v1/audit", files=broken).json()
    assert body["audited"] is False
    assert body["valid"] is False
    assert body["findings"]
    assert all(f["file"] in ("bad.yaml", None) for f in body["findings"])


def test_unusable_records_are_the_audits_own_finding(client: TestClient) -> None:
    files = {"records": ("r.csv", b"\x00\x01binary")}
    response = client.post("/v1/audit", data={"domain": PACK}, files=files)
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert [f["code"] for f in body["findings"]] == ["GK509"]
    assert "r.csv" in body["findings"][0]["message"]
    assert "gkstd-serve-" not in response.text


def test_bad_audit_requests(client: TestClient) -> None:
    records = {"records": ("r.csv", b"item,formed\nx,2026-01-01\n")}
    refused(client.post("/v1/audit", data={"domain": PACK}), 400)
    refused(client.post("/v1/audit", files=records), 400)
    refused(client.post("/v1/audit", data={"domain": "no-such-pack"}, files=records), 404, "GK804")
    exe = {"records": ("r.exe", b"MZ")}
    refused(client.post("/v1/audit", data={"domain": PACK}, files=exe), 415)
    for name, value in (("as_of", "2026-13-01"), ("limit", "-1"), ("count_start_day", "maybe")):
        finding = refused(
            client.post("/v1/audit", data={"domain": PACK, name: value}, files=records), 400
        )
        assert finding["args"]["name"] == name
    refused(client.post("/v1/audit", json={"records": "x"}), 400)


def test_worker_processes_give_the_same(client: TestClient, pack_catalog: Catalog) -> None:
    """The deadline and the audit (and their refusals) pickle across processes."""
    request = {"from": "2025-09-30", "working_days": 1}
    files = {"records": ("r.csv", _records(pack_catalog).encode())}
    form = {"domain": PACK, "as_of": AS_OF.isoformat()}
    with TestClient(create_app(ServeConfig(workers=1, timeout=120))) as c:
        assert c.post("/v1/deadline", json=request).json()["deadline"] == "2025-10-09"
        bad = c.post("/v1/deadline", json={"from": "x", "working_days": 1})
        audited = c.post("/v1/audit", data=form, files=files).json()
    refused(bad, 400)
    assert audited == client.post("/v1/audit", data=form, files=files).json()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"from":"2026-02-10","time_limit":' + b"[" * 500 + b"]" * 500 + b"}", "嵌套"),
        (b'{"from":"2026-02-10","time_limit":' + b"[" * 2000 + b"]" * 2000 + b"}", "嵌套"),
        (b'{"from":"2026-02-10","working_days":' + b"9" * 5000 + b"}", "位"),
        (b'{"from":"\\ud800","working_days":1}', "U+D800"),
    ],
)
def test_a_hostile_json_body_is_refused_as_a_bad_request(
    client: TestClient, body: bytes, says: str
) -> None:
    """A body nested 500 deep reached the worker pool and killed its scheduler thread
    (every later request failed until a restart); 2,000 deep, a 5,000-digit number or a
    lone surrogate ended in HTTP 500. The body is read as gkstd reads a document."""
    response = client.post(
        "/v1/deadline", content=body, headers={"Content-Type": "application/json"}
    )
    text = str(refused(response, 400, "GK802")["text"])
    assert says in text
    ok = client.post("/v1/deadline", json={"from": "2026-02-10", "working_days": 1})
    assert ok.status_code == 200


@pytest.mark.parametrize("limit", ["9" * 5000, "²", "١٢", "-1"])
def test_an_audit_limit_that_is_no_plain_number_is_refused(client: TestClient, limit: str) -> None:
    records = b"item,formed,published\ngas.operating-permit,2026-01-05,2026-01-06\n"
    response = client.post(
        "/v1/audit",
        files={"records": ("r.csv", records)},
        data={"domain": "municipal-services", "limit": limit},
    )
    refused(response, 400, "GK802")


def test_a_records_value_with_a_lone_surrogate_is_a_bad_row(client: TestClient) -> None:
    line = b'{"item":"\\ud800","formed":"2026-01-05","published":"2026-01-06"}\n'
    response = client.post(
        "/v1/audit", files={"records": ("r.jsonl", line)}, data={"domain": "municipal-services"}
    )
    assert response.status_code == 200, response.text
    assert "GK506" in [f["code"] for f in response.json()["findings"]]


def test_arguments_a_worker_cannot_receive_are_refused_before_sending() -> None:
    """Pebble pickles a task's arguments in its scheduler thread: an exception there
    ended the thread. The runner tries the pickling first and refuses (400)."""
    from gkstd.serve.runner import _sendable
    from gkstd.serve.work import RequestError

    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(RequestError) as caught:
        _sendable((deep,))
    assert caught.value.status == 400
    _sendable(({"from": "2026-02-10"}, "zh"))


def test_a_time_limit_object_out_of_bounds_is_blamed_on_itself(client: Any) -> None:
    """``days: -5`` in a time-limit object was blamed on ``from``, whose value was fine;
    100,000,000 days skipped the catalog's bound of 3,660."""
    for days in (-5, 100_000_000):
        body = {"from": "2026-02-10", "time_limit": {"kind": "working_days", "days": days}}
        answer = client.post("/v1/deadline", json=body)
        assert answer.status_code == 400
        assert answer.json()["findings"][0]["args"]["name"] == "time_limit"
    late = client.post("/v1/deadline", json={"from": "2099-12-20", "working_days": 30})
    assert late.json()["findings"][0]["args"]["name"] == "working_days"
    early = client.post("/v1/deadline", json={"from": "1900-01-01", "working_days": 3})
    assert early.json()["findings"][0]["args"]["name"] == "from"


def test_two_records_files_are_refused_as_two_not_as_none(client: Any) -> None:
    rows = b"item,formed\ngas.operating-permit,2026-02-10\n"
    answer = client.post(
        "/v1/audit?domain=municipal-services",
        files=[("records", ("a.csv", rows)), ("records", ("b.csv", rows))],
    )
    assert answer.status_code == 400
    finding = answer.json()["findings"][0]
    assert "2" in finding["message"]
    assert "缺少" not in finding["message"]
