"""Rule isolation (issue 17): what a rule may do to the run, the output and the catalog.

* whatever a rule raises (``SystemExit`` included) is one GK000 naming the rule, its pack
  and distribution; a third-party rule's GK000 is a warning, gkstd's own an error;
* what a rule prints never reaches standard output;
* a rule past ``max_rule_seconds`` is interrupted and reported, the run goes on;
* the catalog a rule sees (and the pack's shared national catalog) cannot be changed;
* every finding names the pack of the registered rule that ran it.
"""

from __future__ import annotations

import copy
import json
import pickle
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import gkstd
from gkstd.diagnostics import limits
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import Rule, rule
from gkstd.io.converter import structure_catalog, unstructure_catalog
from gkstd.model import Catalog, FrozenDict, Item, Jurisdiction, Level, Origin
from gkstd.plugins.hookspecs import HookContext, hookimpl
from gkstd.plugins.manager import build_registry
from gkstd.plugins.registry import Registry
from gkstd.rules.engine import run_rules
from gkstd.testing.strategies import catalogs
from tests.plugins._fake import make_pack

PACK = "fake-iso"
PREFIX = "ISO"


def _declare(code: str, *, scope: str = "item") -> Any:
    """A decorator declaring a third-party rule with the default ``pack="core"``, as rule
    authors write it."""
    return rule(
        code,
        Severity.INFO,
        ("测试", "Test"),
        ("测试用", "For tests"),
        "测试",
        bad="id: a\nname: A",
        good="id: a\nname: A",
        scope=scope,  # type: ignore[arg-type]
        messages=("{name}", "{name}"),
    )


def _registry(*rules: Rule) -> Registry:
    class Plugin:
        @hookimpl
        def gkstd_register_packs(self, ctx: HookContext) -> list[gkstd.DomainPack]:
            return [make_pack(PACK, PREFIX)]

        @hookimpl
        def gkstd_register_rules(self, ctx: HookContext) -> list[Rule]:
            return list(rules)

    reg = build_registry(entry_points=(), plugins={"iso": Plugin()})
    assert [p.status for p in reg.plugins] == ["ok"], reg.plugins
    return reg


def _document(minimal_text: str, *, bad: bool = True) -> str:
    """The minimal catalog in the fake pack's domain; ``bad``: with an empty 公开渠道
    (GK106, an error of the catalog itself)."""
    text = minimal_text.replace("domain: municipal-services", f"domain: {PACK}")
    return text.replace("channels: [政府网站]", "channels: []") if bad else text


def _verdict(report: gkstd.Report) -> list[tuple[str, str, str | None]]:
    return sorted(
        (f.code, f.severity.value, f.location.item) for f in report.findings if f.code != "GK000"
    )


@_declare("ISO101")
def _exits(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    sys.exit(0)
    yield  # pragma: no cover


@_declare("ISO102")
def _raises(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    raise RuntimeError(f"boom on {item.id}")
    yield  # pragma: no cover


@_declare("ISO103")
def _prints(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    print("noise from a rule")
    yield _prints.emit(name=item.name, item=item.id)


@_declare("ISO104")
def _emits(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    yield _emits.emit(name=item.name, item=item.id)


@_declare("ISO105", scope="catalog")
def _slow(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
    time.sleep(30)
    yield  # pragma: no cover


@_declare("ISO106")
def _slow_items(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    yield _slow_items.emit(name=item.name, item=item.id)
    time.sleep(0.6)  # 4 items: over a budget of 1 s only all together


# -- containment ------------------------------------------------------------------------


def test_sys_exit_in_a_rule_is_contained(minimal_text: str) -> None:
    clean = gkstd.validate(_document(minimal_text), registry=_registry())
    report = gkstd.validate(_document(minimal_text), registry=_registry(_exits))
    crashes = [f for f in report.findings if f.code == "GK000"]
    assert len(crashes) == 1
    assert crashes[0].args["code"] == "ISO101"
    assert crashes[0].args["pack"] == PACK
    assert crashes[0].args["exception"] == "SystemExit"
    assert _verdict(report) == _verdict(clean)
    assert "GK106" in report.codes()
    assert not report.valid  # the catalog's own error still counts


def test_sys_exit_in_a_rule_keeps_the_cli_exit_code(
    minimal_text: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gkstd.cli.catalog_cmd.registry", lambda: _registry(_exits))
    from gkstd.cli.main import cli

    path = tmp_path / "c.yaml"
    path.write_text(_document(minimal_text), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output  # GK106 is an error
    data = json.loads(result.stdout)
    codes = {f["code"]: f for f in data["findings"]}
    assert "GK106" in codes
    assert codes["GK000"]["severity"] == "warning"
    assert codes["GK000"]["args"]["code"] == "ISO101"


def test_a_raising_third_party_rule_is_a_warning_not_an_error(minimal_text: str) -> None:
    good = gkstd.validate(_document(minimal_text, bad=False), registry=_registry(_raises))
    [crash] = [f for f in good.findings if f.code == "GK000"]
    assert crash.severity is Severity.WARNING
    assert crash.args["pack"] == PACK
    assert "ISO102" in crash.message
    # where in the rule's own code it raised, so that its author finds it without a traceback
    assert f"test_rule_isolation.py:{_raises.check.__code__.co_firstlineno + 2})" in crash.message
    assert good.valid  # a broken plugin does not make the user's catalog invalid
    bad = gkstd.validate(_document(minimal_text), registry=_registry(_raises))
    assert not bad.valid
    assert _verdict(bad) == _verdict(gkstd.validate(_document(minimal_text), registry=_registry()))


def test_a_crashing_core_rule_stays_an_error() -> None:
    catalog = Catalog(
        id="c",
        domain="example",
        title="示例",
        jurisdiction=Jurisdiction("示例县", Level.COUNTY),
        items=(Item(id="i0", name="事项"),),
    )
    core = attrs.evolve(_raises, pack="core")
    [crash] = run_rules(catalog, [core], CheckContext(catalog))
    assert crash.severity is Severity.ERROR
    assert crash.args["distribution"] == "gkstd"


def test_keyboard_interrupt_is_not_contained() -> None:
    @_declare("ISO107")
    def interrupted(item: Item, ctx: CheckContext) -> Iterator[Finding]:
        raise KeyboardInterrupt
        yield  # pragma: no cover

    catalog = Catalog(
        id="c",
        domain=PACK,
        title="示例",
        jurisdiction=Jurisdiction("示例县", Level.COUNTY),
        items=(Item(id="i0", name="事项"),),
    )
    before = signal.getsignal(signal.SIGALRM) if hasattr(signal, "SIGALRM") else None
    with pytest.raises(KeyboardInterrupt):
        run_rules(catalog, [interrupted], CheckContext(catalog))
    if hasattr(signal, "SIGALRM"):
        assert signal.getsignal(signal.SIGALRM) == before
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# -- stdout -----------------------------------------------------------------------------


def test_what_a_rule_prints_goes_to_stderr(
    minimal_text: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gkstd.cli.catalog_cmd.registry", lambda: _registry(_prints))
    from gkstd.cli.main import cli

    path = tmp_path / "c.yaml"
    path.write_text(_document(minimal_text, bad=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    data = json.loads(result.stdout)  # valid JSON: nothing else on stdout
    assert "ISO103" in {f["code"] for f in data["findings"]}
    assert "noise from a rule" in result.stderr


def test_stdout_is_restored_after_runs_in_threads(minimal_text: str) -> None:
    reg = _registry(_prints)
    stdout = sys.stdout
    threads = [
        threading.Thread(
            target=gkstd.validate, args=(_document(minimal_text),), kwargs={"registry": reg}
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sys.stdout is stdout


# -- time budget ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM is POSIX")
def test_a_slow_rule_is_interrupted_and_the_others_still_run(minimal_text: str) -> None:
    text = _document(minimal_text)
    expected = gkstd.validate(text, registry=_registry(_emits))
    with limits.raised(max_rule_seconds=1):
        started = time.perf_counter()
        report = gkstd.validate(text, registry=_registry(_slow, _emits))
        elapsed = time.perf_counter() - started
    assert elapsed < 2.5
    [timeout] = [f for f in report.findings if f.code == "GK000"]
    assert timeout.args["code"] == "ISO105"
    assert timeout.args["pack"] == PACK
    assert timeout.args["seconds"] == 1
    assert "1" in timeout.message
    assert "ISO105" in timeout.message
    assert timeout.severity is Severity.WARNING
    assert _verdict(report) == _verdict(expected)  # ISO104 and the core rules all there
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # never fires after the run


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM is POSIX")
def test_the_budget_covers_all_items_of_a_rule() -> None:
    catalog = Catalog(
        id="c",
        domain=PACK,
        title="示例",
        jurisdiction=Jurisdiction("示例县", Level.COUNTY),
        items=tuple(Item(id=f"i{k}", name=f"事项{k}") for k in range(4)),
    )
    with limits.raised(max_rule_seconds=1):
        findings = run_rules(catalog, [_slow_items, _emits], CheckContext(catalog))
    [timeout] = [f for f in findings if f.code == "GK000"]
    assert timeout.args["code"] == "ISO106"
    assert timeout.location.item == "i1"  # stopped while checking the second item
    assert [f.location.item for f in findings if f.code == "ISO104"] == ["i0", "i1", "i2", "i3"]


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM is POSIX")
def test_a_rule_that_keeps_timing_out_is_skipped_for_the_rest_of_the_session(
    minimal_text: str,
) -> None:
    """A hanging rule cost its whole budget on every catalog of a batch (2,578 catalogs:
    seven hours); after two timeouts the session stops running it, saying so each time."""
    from gkstd.rules.engine import SKIP_AFTER_TIMEOUTS, rule_session

    text = _document(minimal_text)
    reg = _registry(_slow, _emits)
    with limits.raised(max_rule_seconds=1), rule_session():
        started = time.perf_counter()
        reports = [gkstd.validate(text, registry=reg) for _ in range(5)]
        elapsed = time.perf_counter() - started
    assert elapsed < SKIP_AFTER_TIMEOUTS + 1.5  # two budgets, not five
    said = [[f for f in r.findings if f.code == "GK000"] for r in reports]
    assert all(len(found) == 1 for found in said)  # one GK000 per catalog, as before
    assert [f.args.get("seconds") for (f,) in said[:2]] == [1, 1]
    assert all(f.args["count"] == SKIP_AFTER_TIMEOUTS for (f,) in said[2:])
    assert "不再运行它" in said[2][0].message
    assert all(_verdict(r) == _verdict(reports[0]) for r in reports)  # the others still ran
    # a new session runs it again
    with limits.raised(max_rule_seconds=1):
        (again,) = [f for f in gkstd.validate(text, registry=reg).findings if f.code == "GK000"]
    assert again.args["seconds"] == 1


def test_a_slow_rule_in_a_thread_is_measured(minimal_text: str) -> None:
    @_declare("ISO108", scope="catalog")
    def slowish(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
        time.sleep(1.2)
        return iter(())

    out: list[gkstd.Report] = []
    reg = _registry(slowish)
    with limits.raised(max_rule_seconds=1):
        thread = threading.Thread(
            target=lambda: out.append(gkstd.validate(_document(minimal_text), registry=reg))
        )
        thread.start()
        thread.join()
    [timeout] = [f for f in out[0].findings if f.code == "GK000"]
    assert timeout.args["code"] == "ISO108"


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM is POSIX")
def test_a_previous_alarm_handler_is_restored() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        catalog = Catalog(
            id="c", domain=PACK, title="t", jurisdiction=Jurisdiction("x", Level.COUNTY)
        )
        run_rules(
            catalog,
            [attrs.evolve(_emits, scope="catalog", check=lambda c, x: [])],
            CheckContext(catalog),
        )
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        signal.raise_signal(signal.SIGALRM)
        assert fired == [1]
    finally:
        signal.signal(signal.SIGALRM, previous)


# -- immutability -----------------------------------------------------------------------


def _mutations(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
    assert ctx.pack is not None
    national = ctx.pack.load_catalog().catalog
    assert national is not None
    target = next(national.leaves())
    kind = ctx.options["mutation"]
    if kind == "extra":
        target.extra["x"] = "1"  # type: ignore[index]
    elif kind == "items":
        national.items.append(target)  # type: ignore[attr-defined]
    elif kind == "attribute":
        target.name = "changed"  # type: ignore[misc]
    elif kind == "content":
        target.content.append("x")  # type: ignore[attr-defined]
    elif kind == "own-extra":
        next(catalog.leaves()).extra.update({"x": "1"})  # type: ignore[attr-defined]
    elif kind == "options":
        ctx.options["mutation"] = "none"  # type: ignore[index]
    elif kind == "registry":
        assert ctx.registry is not None
        del ctx.registry.packs[PACK]  # type: ignore[attr-defined]
    elif kind == "frozen-dict":
        object_attr = target.extra
        object_attr._data = {}  # type: ignore[attr-defined]
    return iter(())


@pytest.mark.parametrize(
    "mutation",
    ["extra", "items", "attribute", "content", "own-extra", "options", "registry", "frozen-dict"],
)
def test_a_mutating_rule_is_contained_and_the_national_catalog_unchanged(
    minimal_text: str, mutation: str
) -> None:
    mutating = attrs.evolve(_declare("ISO109", scope="catalog"), check=_mutations)
    reg = _registry(mutating)
    national = reg.packs[PACK].load_catalog().catalog
    assert national is not None
    before = gkstd.dump(national)
    snapshot = copy.deepcopy(national)
    report = gkstd.validate(_document(minimal_text), registry=reg, options={"mutation": mutation})
    [crash] = [f for f in report.findings if f.code == "GK000"]
    assert crash.args["code"] == "ISO109"
    assert crash.args["pack"] == PACK
    assert PACK in reg.packs
    after = reg.packs[PACK].load_catalog().catalog
    assert after is national
    assert gkstd.dump(after) == before
    assert after == snapshot


def test_model_mappings_are_read_only_and_behave_like_dicts() -> None:
    item = Item(id="a", name="A", extra={"备注": "无"})
    assert isinstance(item.extra, FrozenDict)
    assert item.extra == {"备注": "无"}
    assert item.extra.get("x") is None
    with pytest.raises(TypeError):
        item.extra["x"] = "1"  # type: ignore[index]
    changed = attrs.evolve(item, extra={**item.extra, "x": "1"})
    assert changed.extra == {"备注": "无", "x": "1"}
    assert item.extra == {"备注": "无"}
    assert hash(item) == hash(Item(id="a", name="A", extra={"备注": "无"}))
    origin = Origin("t.xlsx", columns={"content": "D"}, rows={"a": 5})
    assert isinstance(origin.rows, FrozenDict)
    assert origin.cell("a", "content") == "D5"
    assert pickle.loads(pickle.dumps(origin)) == origin
    assert copy.deepcopy(item) == item


# -- attribution ------------------------------------------------------------------------


def test_findings_name_the_pack_of_the_registered_rule(minimal_text: str) -> None:
    assert _emits.pack == "core"  # as declared: the author passed no pack
    report = gkstd.validate(_document(minimal_text), registry=_registry(_emits))
    own = [f for f in report.findings if f.code == "ISO104"]
    assert own
    assert all(f.rule_pack == PACK for f in own)
    assert all(f.to_dict()["pack"] == PACK for f in own)
    core = [f for f in report.findings if f.code.startswith("GK")]
    assert core
    assert all(f.rule_pack == "core" for f in core)


# -- round trip with the read-only types ------------------------------------------------


@given(catalogs())
def test_catalogs_round_trip_with_read_only_mappings(catalog: Catalog) -> None:
    loaded, report = gkstd.load(gkstd.dump(catalog))
    assert report.findings == ()
    assert loaded == catalog
    assert loaded is not None
    assert all(isinstance(i.extra, FrozenDict) for i in loaded.walk())
    assert pickle.loads(pickle.dumps(loaded)) == loaded
    assert hash(loaded) == hash(catalog)


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(1, 10_000), max_size=3),
)
def test_origin_round_trips(columns: dict[str, str], rows: dict[str, int]) -> None:
    catalog = Catalog(
        id="c",
        domain="example",
        title="t",
        jurisdiction=Jurisdiction("x", Level.COUNTY),
        origin=Origin("t.xlsx", columns=columns, rows=rows),
    )
    again = structure_catalog(json.loads(json.dumps(unstructure_catalog(catalog))))
    assert again == catalog
    assert again.origin is not None
    assert isinstance(again.origin.rows, FrozenDict)


def test_a_rule_returning_something_else_than_findings_is_one_gk000() -> None:
    @_declare("ISO110")
    def wrong(item: Item, ctx: CheckContext) -> Iterator[Any]:
        yield _emits.emit(name=item.name, item=item.id)
        yield "not a finding"
        raise RuntimeError("and then crashes")

    catalog = Catalog(
        id="c",
        domain=PACK,
        title="示例",
        jurisdiction=Jurisdiction("示例县", Level.COUNTY),
        items=(Item(id="i0", name="事项"),),
    )
    findings = run_rules(catalog, [attrs.evolve(wrong, pack=PACK)], CheckContext(catalog))
    assert [f.code for f in findings] == ["ISO104", "GK000"]
    assert findings[0].rule_pack == PACK
    assert findings[1].args["exception"] == "RuntimeError"


def test_a_crashing_rule_of_a_first_party_pack_stays_an_error(registry: Registry) -> None:
    catalog = Catalog(
        id="c",
        domain="municipal-services",
        title="示例",
        jurisdiction=Jurisdiction("示例县", Level.COUNTY),
        items=(Item(id="i0", name="事项"),),
    )
    ours = attrs.evolve(_raises, pack="municipal-services")
    ctx = CheckContext(catalog, registry=registry, pack=registry.pack("municipal-services"))
    [crash] = run_rules(catalog, [ours], ctx)
    assert crash.severity is Severity.ERROR
    assert crash.args["distribution"] == "gkstd"
