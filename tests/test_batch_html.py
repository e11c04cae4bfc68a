"""The HTML report of a batch check (gkstd.batch.html.render_html): self-contained, escaped,
complete, deterministic, fast for thousands of catalogs, and working in a real browser
(headless Chromium driven over the DevTools protocol by a small Node.js script; skipped
where Chromium or Node.js 20+ is missing).

``GKSTD_WRITE_SCREENSHOT=1 pytest tests/test_batch_html.py -k browser`` also writes the
screenshot of docs/reports.md (docs/images/batch-report.png).
"""

from __future__ import annotations

import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkstd.batch import BatchReport, FileResult, check
from gkstd.batch.html import MOST_CATALOGS, listed_catalogs, render_html
from tests import headless
from tests.htmlpage import Page, parse

ROOT = Path(__file__).parent.parent
REAL_TABLES = ROOT / "tests" / "data" / "tables" / "real"
SCREENSHOT = ROOT / "docs" / "images" / "batch-report.png"

HOSTILE = ("<script>alert(1)</script>", '"onmouseover=alert(1) x="', "</script><b>")


@pytest.fixture(scope="module")
def real() -> BatchReport:
    return check([REAL_TABLES])


@pytest.fixture(scope="module")
def real_page(real: BatchReport) -> str:
    return render_html(real)


def _table_rows(page: str, table_id: str) -> list[list[str]]:
    """The text of each body row's cells of the table ``table_id``."""
    body = page.split(f'id="{table_id}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([_text(c) for c in cells])
    return rows


def _text(fragment: str) -> str:
    parser = Page()
    parser.feed(fragment)
    return "".join(parser.text).strip()


# -- a batch of hostile names -------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> BatchReport:
    """A batch whose file names, jurisdictions, messages and skip reasons carry markup."""
    folder = tmp_path / "in"
    folder.mkdir()
    source = REAL_TABLES / "yanglao-fuwu__chongqing-yunyang.csv"
    name = '<script>alert(1)<\\script>"onmouseover=x.csv'
    if os.name == "nt":  # pragma: no cover - such names exist only where the OS allows them
        pytest.skip('Windows forbids < > " in file names')
    shutil.copy(source, folder / name)
    (folder / "<img src=x onerror=alert(2)>.pdf").write_bytes(b"%PDF-1.7")
    report = check([folder])
    result = report.files[0]
    finding = result.report.findings[0]
    location = attrs.evolve(finding.location, file=str(folder / HOSTILE[2]), line=3)
    evil = attrs.evolve(finding, code=HOSTILE[2], location=location)
    assert result.scorecard is not None
    assert result.catalog is not None
    card = attrs.evolve(result.scorecard, jurisdiction=HOSTILE[0], domain_name=HOSTILE[1])
    catalog = attrs.evolve(
        result.catalog,
        jurisdiction=attrs.evolve(result.catalog.jurisdiction, name=HOSTILE[0]),
    )
    findings = (*result.report.findings, evil)
    result = attrs.evolve(
        result,
        report=attrs.evolve(result.report, findings=findings),
        catalog=catalog,
        scorecard=card,
        problem=HOSTILE[1],
        problem_en=HOSTILE[1],
    )
    rollup = attrs.evolve(report.by_jurisdiction[0], name=HOSTILE[0])
    scheme = attrs.evolve(report.scheme, name=HOSTILE[0], source=HOSTILE[1])
    return attrs.evolve(report, files=(result,), by_jurisdiction=(rollup,), scheme=scheme)


def test_hostile_values_are_escaped_everywhere(hostile: BatchReport, tmp_path: Path) -> None:
    page = render_html(hostile, title=HOSTILE[0], base=tmp_path, generated=HOSTILE[2])
    parsed = parse(page)
    # the only script is the report's own: the values never become markup or code
    assert len(parsed.find("script")) == 1
    assert all(set(a) == set() for a in parsed.find("script"))
    assert "alert(1)" not in "".join(parsed.scripts)
    assert not [t for t, _ in parsed.tags if t == "b"]
    for _, attributes in parsed.tags:
        assert not any(k.startswith("on") for k in attributes), attributes
    assert "<script>alert" not in page
    assert '"onmouseover' not in page
    text = "".join(parsed.text)
    for value in HOSTILE:  # shown as text, in full
        assert value in text
    assert "<script>alert(1)<\\script>" in text  # the file name too
    assert "<img src=x onerror=alert(2)>.pdf" in text  # and the skipped file
    assert not parsed.find("img")
    # the links to the hostile files stay relative paths, never a scheme
    for a in parsed.find("a"):
        href = a["href"] or ""
        assert href.startswith("#") or not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I), href


def test_the_page_loads_nothing_from_elsewhere(real_page: str) -> None:
    parsed = parse(real_page)
    assert not parsed.find("link")
    assert not parsed.find("img")
    assert not parsed.find("iframe")
    for tag, attributes in parsed.tags:
        for key in ("src", "href", "data", "action"):
            value = attributes.get(key) or ""
            if value.startswith("file:///"):  # a source file on this computer
                continue
            assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", value, re.I), (tag, value)
    assert "http://" not in real_page
    assert "https://" not in real_page
    assert "@import" not in real_page
    assert "url(" not in real_page
    assert real_page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')


def test_the_rankings_are_in_rank_order(real: BatchReport, real_page: str) -> None:
    for table, rollups in (
        ("rank-jurisdiction", real.by_jurisdiction),
        ("rank-domain", real.by_domain),
    ):
        rows = _table_rows(real_page, table)
        assert [r[1] for r in rows] == [r.name for r in rollups]
        ranks = [int(r[0]) for r in rows]
        assert ranks == sorted(ranks)
        assert ranks[0] == 1
        scores = [float(r[3]) for r in rows]
        assert scores == sorted(scores, reverse=True)
    best = max(real.by_domain, key=lambda r: r.score)
    assert _table_rows(real_page, "rank-domain")[0][1] == best.name


def test_every_catalog_has_a_row_and_a_section(real: BatchReport, real_page: str) -> None:
    parsed = parse(real_page)
    ids = parsed.ids()
    assert len(ids) == len(set(ids)), "ids are unique"
    rows = _table_rows(real_page, "catalog-table")
    assert [r[0] for r in rows] == [str(f.path) for f in real.files]
    links = [a["href"] for a in parsed.find("a") if (a["href"] or "").startswith("#c")]
    for index, result in enumerate(real.files, 1):
        assert f"c{index}" in ids
        assert f"#c{index}" in links
        section = real_page.split(f'<section id="c{index}"', 1)[1].split("</section>", 1)[0]
        assert f">{result.path}</a>" in section  # the source file, linked
        for finding in result.report.findings:
            if finding.code != "GK102":
                assert f"<code>{finding.code}</code> {html.escape(finding.message)}" in section
        cells = [f.location.cell for f in result.report.findings if f.location.cell]
        if cells and cells[0] is not None and cells[0].row is not None:
            assert f"第 {cells[0].row} 行" in section
    # the scheme, the totals and the skipped files
    assert "默认评分方案" in real_page
    assert "事项覆盖率" in real_page
    assert f"<dd>{len(real.files)}</dd>" in real_page
    for skipped in real.skipped:
        assert html.escape(skipped.zh) in real_page


def test_links_to_source_files_are_relative_to_the_report(
    real: BatchReport, tmp_path: Path
) -> None:
    page = render_html(real, base=ROOT / "build" / "reports")
    first = real.files[0].path
    assert f'href="../../tests/data/tables/real/{first.name}"' in page
    plain = render_html(real)
    assert f'href="{first.as_uri()}"' in plain  # the path as given: absolute here
    relative = attrs.evolve(real.files[0], path=Path("tables") / first.name)
    plain = render_html(attrs.evolve(real, files=(relative,)))
    assert f'href="tables/{first.name}"' in plain
    chinese = attrs.evolve(real.files[0], path=Path("表格") / "淄川 目录.csv")
    page = render_html(attrs.evolve(real, files=(chinese,)), base=".")
    assert 'href="%E8%A1%A8%E6%A0%BC/%E6%B7%84%E5%B7%9D%20%E7%9B%AE%E5%BD%95.csv"' in page


def test_known_gaps_fold_into_one_line_per_catalog() -> None:
    report = check([ROOT / "examples" / "zichuan-municipal-services.yaml"])
    gaps = [f for f in report.files[0].report.findings if f.code == "GK102"]
    assert len(gaps) >= 3
    page = render_html(report)
    section = page.split('<section id="c1"', 1)[1].split("</section>", 1)[0]
    assert section.count("<details>") == 1
    folded = section.split("<details>", 1)[1].split("</details>", 1)[0]
    assert f"已知缺口 {len(gaps)} 项" in folded
    assert folded.count("<li>") == len(gaps)
    assert "GK102" not in section.split("<details>", 1)[0]


def test_print_css_shows_everything_without_controls(real_page: str) -> None:
    css = real_page.split("<style>", 1)[1].split("</style>", 1)[0]
    printing = css.split("@media print", 1)[1]
    assert ".controls" in printing
    assert "display: none" in printing
    assert "details-content" in printing  # folded parts open
    assert "break-before: page" in printing
    assert "break-inside: avoid" in printing
    assert "beforeprint" in real_page  # the script opens every <details> too


def test_the_same_report_gives_the_same_page(real: BatchReport, real_page: str) -> None:
    assert render_html(real) == real_page
    stamped = render_html(real, generated="2026-05-01 10:00")
    assert "2026-05-01 10:00" in stamped
    assert "2026-05-01" not in real_page
    english = render_html(real, lang="en")
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "All catalogs" in english
    assert "Mean score by jurisdiction" in english
    with pytest.raises(ValueError, match="lang"):
        render_html(real, lang="fr")


def test_the_table_is_accessible(real_page: str) -> None:
    parsed = parse(real_page)
    heads = [a for t, a in parsed.tags if t == "th" and a.get("aria-sort") is not None]
    assert len(heads) == 9
    assert all(a["scope"] == "col" for a in heads)
    assert len(parsed.find("button")) == 9
    labels = {a["for"] for a in parsed.find("label")}
    assert {"q", "fd", "fg"} <= labels
    assert ":focus-visible" in real_page
    for figure in parsed.find("figure"):  # charts are named lists of values
        assert figure.get("aria-labelledby") in parsed.ids()


def _many(real: BatchReport, copies: int) -> BatchReport:
    files = tuple(
        attrs.evolve(f, path=Path(f"省{n}") / f.path.name)
        for n in range(copies)
        for f in real.files
    )
    return attrs.evolve(real, files=files)


def test_thousands_of_catalogs_stay_small_and_fast(real: BatchReport) -> None:
    big = _many(real, 42)  # 2,604 catalogs, about 33,000 findings
    assert len(big.files) > 2600
    start = time.perf_counter()
    page = render_html(big)
    took = time.perf_counter() - start
    size = len(page.encode("utf-8"))
    assert size < 20_000_000, size
    assert took < 5, took  # about 0.5 s on a laptop; slack for busy CI machines
    assert len(re.findall(r'<section id="c\d+"', page)) == len(big.files)


# -- a batch too large to list one by one ------------------------------------------------


def _attention(index: int, f: FileResult) -> tuple[int, int, int, float, int]:
    """The order the page promises, spelled out again: failed first, then more errors,
    more warnings, a lower score, the one found first."""
    card = f.scorecard
    return (
        0 if f.passed else 1,
        f.stats.errors,
        f.stats.warnings,
        -card.score if card is not None else 1.0,
        -index,
    )


def _parts(page: str) -> dict[str, str]:
    """The page's sections by id (the overview, charts, rankings, skipped …)."""
    return {
        m.group(1): m.group(2)
        for m in re.finditer(r'<section id="([a-z]+)"[^>]*>(.*?)</section>', page, re.S)
    }


def test_a_large_batch_lists_the_catalogs_that_need_attention_most(real: BatchReport) -> None:
    big = _many(real, 3)  # 186 catalogs
    most = 20
    page = render_html(big, most=most)
    whole = render_html(big, most=None)
    ranked = sorted(enumerate(big.files, 1), key=lambda p: _attention(*p), reverse=True)
    chosen = sorted(index for index, _ in ranked[:most])
    assert listed_catalogs(big, most) == [i - 1 for i in chosen]
    # a row and a section for each chosen catalog, in the order found, numbered as found
    sections = [int(n) for n in re.findall(r'<section id="c(\d+)"', page)]
    assert sections == chosen
    rows = _table_rows(page, "catalog-table")
    assert [r[0] for r in rows] == [str(big.files[i - 1].path) for i in chosen]
    # those left out need less attention than any listed
    left = [p for p in enumerate(big.files, 1) if p[0] not in set(chosen)]
    assert max(_attention(*p) for p in left) < min(_attention(*ranked[i]) for i in range(most))
    # the overview, charts and rankings count every catalog: the same as the whole page's
    cut, full = _parts(page), _parts(whole)
    for part in ("charts", "rankings", "skipped"):
        assert cut[part] == full[part], part
    notice = re.search(r'<p class="notice" role="note">(.*?)</p>', page, re.S)
    assert notice is not None
    failed_left = sum(1 for _, f in left if not f.passed)
    assert f"最需要关注的 {most:,} 个目录" in notice.group(1)
    assert f"另有 {len(big.files) - most:,} 个目录未列出（其中未通过 {failed_left:,} 个）" in (
        notice.group(1)
    )
    assert cut["overview"].replace(notice.group(0), "").replace("\n", "") == (
        full["overview"].replace("\n", "")
    )
    assert page.count('<p class="notice"') == 2  # atop the page and atop the table
    assert f"列出 {most:,} 个目录（共 {len(big.files):,} 个）" in page
    assert 'class="notice"' not in whole


def test_a_batch_within_the_limit_is_listed_whole(real: BatchReport) -> None:
    whole = render_html(real, most=None)
    assert render_html(real) == whole  # the default limit is far above 65 catalogs
    assert render_html(real, most=0) == whole
    assert render_html(real, most=len(real.files)) == whole
    assert listed_catalogs(real, len(real.files)) == list(range(len(real.files)))
    assert 'class="notice"' not in whole
    assert render_html(real, most=len(real.files) - 1) != whole
    with pytest.raises(ValueError, match="most"):
        render_html(real, most=-1)
    assert MOST_CATALOGS >= 2_579  # a province's tree of one domain is listed whole


@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.integers(0, 3),
            st.integers(0, 3),
            st.one_of(st.none(), st.sampled_from([0.0, 40.5, 60.0, 100.0])),
        ),
        max_size=40,
    ),
    st.integers(1, 12),
)
def test_the_bounded_selection_is_the_top_of_a_full_sort(
    files: list[tuple[bool, int, int, float | None]], most: int
) -> None:
    from gkstd.batch.html import _Totals

    dicts = [
        {
            "passed": passed,
            "stats": {"errors": errors, "warnings": warnings},
            "score": {"score": score, "grade": "x"} if score is not None else None,
        }
        for passed, errors, warnings, score in files
    ]
    totals = _Totals()
    totals.read(iter(dicts), most)
    keys = [
        (int(not p), e, w, -s if s is not None else 1.0, -i)
        for i, (p, e, w, s) in enumerate(files, 1)
    ]
    expected = sorted(-k[4] for k in sorted(keys, reverse=True)[:most])
    assert [i for i, _ in totals.listed()] == expected
    assert totals.left_out == max(0, len(files) - most)
    assert totals.failed_left_out == sum(
        1 for i, (p, *_) in enumerate(files, 1) if i not in set(expected) and not p
    )
    assert totals.files == len(files)
    assert totals.passed == sum(p for p, *_ in files)


# -- in a real browser ----------------------------------------------------------------------

_CDP_REPORT = (
    r"""
import { writeFileSync } from "node:fs";
const [port, url, shot] = process.argv.slice(2);
"""
    + headless.CDP_PRELUDE
    + r"""const scores = `[...document.querySelectorAll("#catalog-table tbody tr")].filter(r => !r.hidden)
  .map(r => r.cells[4].textContent)`;
await send("Runtime.enable");
await send("Log.enable");
await send("Page.enable");
await send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
const done = new Promise((r) => { loaded = r; });
await send("Page.navigate", { url });
await done;
const out = {};
out.title = await value("document.title");
out.rows = await value(`document.querySelectorAll("#catalog-table tbody tr").length`);
if (shot) {
  const png = await send("Page.captureScreenshot", { format: "png" });
  writeFileSync(shot, Buffer.from(png.result.data, "base64"));
}
const scoreButton = "#catalog-table thead th:nth-child(5) button";
await click(scoreButton);
out.ascending = await value(scores);
out.sortAsc = await value(`document.querySelector("#catalog-table thead th:nth-child(5)").getAttribute("aria-sort")`);
await click(scoreButton);
out.descending = await value(scores);
out.sortDesc = await value(`document.querySelector("#catalog-table thead th:nth-child(5)").getAttribute("aria-sort")`);
// the keyboard: focus the file column's button and press Enter
await value(`document.querySelector("#catalog-table thead th:nth-child(1) button").focus()`);
for (const type of ["keyDown", "keyUp"])
  await send("Input.dispatchKeyEvent", { type, key: "Enter", code: "Enter", windowsVirtualKeyCode: 13, text: type === "keyDown" ? "\r" : undefined });
out.sortKey = await value(`document.querySelector("#catalog-table thead th:nth-child(1)").getAttribute("aria-sort")`);
out.focusVisible = await value(`getComputedStyle(document.activeElement).outlineStyle`);
// filter: type a word into the box
await click("#q");
await send("Input.insertText", { text: "yunyang" });
out.filtered = await value(`[...document.querySelectorAll("#catalog-table tbody tr")].filter(r => !r.hidden)
  .map(r => r.cells[0].textContent)`);
out.shown = await value(`document.getElementById("shown").textContent`);
await value(`(() => { const q = document.getElementById("q"); q.value = "";
  q.dispatchEvent(new Event("input")); const s = document.getElementById("fg");
  s.value = s.options[s.options.length - 1].value; s.dispatchEvent(new Event("change")); })()`);
out.byGrade = await value(`[...document.querySelectorAll("#catalog-table tbody tr")].filter(r => !r.hidden)
  .map(r => r.dataset.grade)`);
// a row's link goes to its section
await click("#catalog-table tbody tr:not([hidden]) th a");
await new Promise((r) => setTimeout(r, 200));
out.hash = await value("location.hash");
// printing: no controls, folded parts open
out.gapClosed = await value(`(() => { const d = document.querySelector("details");
  return d ? [d.open, d.querySelector("ul").checkVisibility()] : null; })()`);
await send("Emulation.setEmulatedMedia", { media: "print" });
out.print = await value(`(() => { const d = document.querySelector("details");
  return { controls: getComputedStyle(document.querySelector(".controls")).display,
    gap: d ? [d.open, d.querySelector("ul").checkVisibility()] : null }; })()`);
out.problems = problems;
console.log(JSON.stringify(out));
ws.close();
process.exit(0);
"""
)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A headless Chromium: its debugging port, and Node.js to drive it."""
    with headless.browser_or_skip(tmp_path / "profile", "the HTML report") as found:
        yield found


def test_a_browser_sorts_and_filters_the_report(chromium: tuple[str, str], tmp_path: Path) -> None:
    port, node = chromium
    # the real tables, and a catalog with known gaps (folded, opened for printing)
    real = check([REAL_TABLES, ROOT / "examples" / "zichuan-municipal-services.yaml"])
    report = tmp_path / "报告.html"
    report.write_text(render_html(real, base=tmp_path), "utf-8")
    write = os.environ.get("GKSTD_WRITE_SCREENSHOT") == "1"
    shot = SCREENSHOT if write else tmp_path / "shot.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    script = tmp_path / "report.mjs"
    script.write_text(_CDP_REPORT, "utf-8")
    run = subprocess.run(
        [node, *headless.node_flags(node), str(script), port, report.as_uri(), str(shot)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["problems"] == []
    assert out["title"] == "政务公开标准目录批量检查报告"
    assert out["rows"] == len(real.files)
    ascending = [float(s) for s in out["ascending"]]
    descending = [float(s) for s in out["descending"]]
    assert ascending == sorted(ascending)
    assert ascending[0] < ascending[-1]
    assert descending == sorted(ascending, reverse=True)
    assert (out["sortAsc"], out["sortDesc"], out["sortKey"]) == (
        "ascending",
        "descending",
        "ascending",
    )
    assert out["focusVisible"] != "none"
    assert out["filtered"] == [str(f.path) for f in real.files if "yunyang" in f.path.name]
    assert out["shown"] == f"显示 {len(out['filtered'])} / {len(real.files)} 个目录"
    lowest = real.scheme.grades[-1].name
    assert out["byGrade"]
    assert set(out["byGrade"]) == {lowest}
    assert re.fullmatch(r"#c\d+", out["hash"])
    assert out["print"]["controls"] == "none"
    assert out["gapClosed"] == [False, False]  # folded on screen
    assert out["print"]["gap"] == [False, True]  # shown when printed, by the style sheet alone
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_docs_show_the_report() -> None:
    page = (ROOT / "docs" / "reports.md").read_text("utf-8")
    assert "(images/batch-report.png)" in page
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for heading in ("## HTML 报告", "## Excel 工作簿 / Excel workbook", "## JSON"):
        assert heading in page
