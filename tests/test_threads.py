"""gkstd embedded in a threaded application: first calls from several threads at once
(the compiled document builders, the registry, the domain profiles) and what rules print
(diverted for their own thread only, ``gkstd.diagnostics.divert``)."""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import gkstd
from gkstd.diagnostics.divert import diverted
from gkstd.io import build as build_module
from gkstd.model import Catalog, TimeLimit
from gkstd.tables import importer

REAL = Path(__file__).parent / "data" / "tables" / "real"
EXAMPLE = Path(__file__).parent.parent / "examples" / "zichuan-municipal-services.yaml"


def _together(work: Callable[[int], Any], n: int = 8) -> tuple[list[Any], list[BaseException]]:
    """Run ``work(i)`` in ``n`` threads released at once: (results, errors)."""
    gate = threading.Barrier(n)
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        gate.wait()
        try:
            results[i] = work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_a_new_compiler_is_used_by_many_threads_at_once() -> None:
    """No thread calls a builder another thread is still compiling (an IndexError of the
    placeholder before)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("provenance", None)
    for _ in range(20):
        compiler = build_module._Compiler({TimeLimit: build_module._normalised})
        results, errors = _together(lambda _, c=compiler: c.attrs_class(Catalog)(dict(data)))
        assert errors == []
        assert all(r == results[0] for r in results)
        assert results[0].id == "zibo-zichuan/municipal-services"
        assert set(compiler.classes) >= {Catalog}
        assert compiler._making == {}


def test_the_domain_profiles_are_built_once_for_threads_starting_together() -> None:
    importer._PROFILE_CACHE.clear()
    results, errors = _together(lambda _: importer._installed_profiles())
    assert errors == []
    assert all(r is results[0] for r in results)


def test_first_imports_from_threads_at_once_equal_the_sequential_ones() -> None:
    files = sorted(REAL.glob("*.csv"))[:8]
    importer._PROFILE_CACHE.clear()
    results, errors = _together(lambda i: importer.import_table(files[i]).report().to_dict())
    assert errors == []
    assert results == [importer.import_table(f).report().to_dict() for f in files]


def test_what_one_thread_diverts_leaves_the_others_output_alone() -> None:
    host, other, mine = io.StringIO(), io.StringIO(), io.StringIO()
    saved = sys.stdout
    sys.stdout = host
    try:
        inside, go_on = threading.Event(), threading.Event()

        def rule_like() -> None:
            with diverted(mine):
                print("from a rule")
                inside.set()
                go_on.wait(5)

        t = threading.Thread(target=rule_like)
        t.start()
        inside.wait(5)
        print("from the application")  # another thread, while the diversion is active
        sys.stdout = other  # the application changes its stdout meanwhile
        go_on.set()
        t.join()
        assert sys.stdout is other  # kept: not undone when the diversion ends
        print("after")
    finally:
        sys.stdout = saved
    assert mine.getvalue() == "from a rule\n"
    assert host.getvalue() == "from the application\n"
    assert other.getvalue() == "after\n"


def test_a_check_in_one_thread_leaves_the_application_s_prints_on_stdout() -> None:
    gkstd.validate(EXAMPLE)  # warm
    host = io.StringIO()
    saved = sys.stdout
    stop = threading.Event()

    def chatter() -> None:
        while not stop.is_set():
            print("application line")
            stop.wait(0.001)

    sys.stdout = host
    try:
        t = threading.Thread(target=chatter)
        t.start()
        gkstd.check(sorted(REAL.glob("*.csv"))[:10])
        stop.set()
        t.join()
        assert sys.stdout is host
    finally:
        sys.stdout = saved
    assert host.getvalue().count("application line") >= 1
