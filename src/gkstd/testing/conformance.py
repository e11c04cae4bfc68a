"""Running the pack conformance suite, as data and as pytest tests.

:func:`run_conformance` runs the checks of :mod:`gkstd.testing.checks` on installed
packs and returns a :class:`ConformanceReport`; ``gkstd conformance`` prints it, the
pytest plugin (``pytest --gkstd-pack CODE|all``, :mod:`gkstd_pytest`) and
:class:`PackConformance` turn each check into a test.  Known gaps are recorded in an
xfail file (:func:`~gkstd.testing.xfail.load_xfail`), each with a reason.
"""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Literal

import attrs

from gkstd.diagnostics.i18n import Text
from gkstd.plugins.registry import Registry
from gkstd.rules.engine import rule_session
from gkstd.testing.checks import (
    CHECK_IDS,
    CHECKS,
    DEFAULT_EXAMPLES,
    Advice,
    Check,
    CheckSkipped,
    ConformanceFailure,
    Target,
    check_by_id,
    superset_problems,
)
from gkstd.testing.xfail import XfailFileError, load_xfail

__all__ = [
    "CHECKS",
    "CHECK_IDS",
    "DEFAULT_EXAMPLES",
    "Advice",
    "Check",
    "CheckResult",
    "ConformanceFailure",
    "ConformanceReport",
    "PackConformance",
    "PackResult",
    "Target",
    "XfailFileError",
    "load_xfail",
    "outcome",
    "run_check",
    "run_conformance",
    "superset_problems",
    "targets",
]

Status = Literal["passed", "failed", "xfailed", "xpassed", "skipped"]


@attrs.frozen
class CheckResult:
    """The outcome of one check on one pack.  ``message`` explains a failure, skip or
    xfail (reason); ``note`` is a remark on a pass (e.g. "no orders defined")."""

    check: str
    status: Status
    message: Text | None = None
    note: Text | None = None
    seconds: float = 0.0
    advice: bool = False

    @property
    def ok(self) -> bool:
        """True unless the check failed or passed against an xfail entry (strict)."""
        return self.status not in ("failed", "xpassed")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "check": self.check,
            "status": self.status,
            "message": self.message.zh if self.message else None,
            "message_en": self.message.en if self.message else None,
            "note": self.note.zh if self.note else None,
            "note_en": self.note.en if self.note else None,
            "advice": self.advice,
            "seconds": round(self.seconds, 3),
        }


@attrs.frozen
class PackResult:
    """The results of every check on one pack."""

    pack: str
    results: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        """True when every check passed, was skipped as not applicable, or xfailed."""
        return all(r.ok for r in self.results)

    def result(self, check: str) -> CheckResult | None:
        """The result of ``check``."""
        return next((r for r in self.results if r.check == check), None)


@attrs.frozen
class ConformanceReport:
    """Results of a conformance run over one or more packs."""

    packs: tuple[PackResult, ...]

    @property
    def ok(self) -> bool:
        """True when every pack conforms."""
        return all(p.ok for p in self.packs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "ok": self.ok,
            "checks": list(CHECK_IDS),
            "packs": [
                {"pack": p.pack, "ok": p.ok, "results": [r.to_dict() for r in p.results]}
                for p in self.packs
            ],
        }


# -- running ----------------------------------------------------------------------------


def run_check(check: Check | str, target: Target, xfail: str | None = None) -> CheckResult:
    """Run one check.  ``xfail`` is the reason of a known gap: a failure is then
    ``xfailed``, a pass ``xpassed`` (which fails: remove the entry)."""
    check = check_by_id(check) if isinstance(check, str) else check
    start = time.perf_counter()
    status: Status
    message: Text | None = None
    note: Text | None = None
    advice = False
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            remark = check.function(target)
        status = "passed"
        if remark:
            zh, _, en = remark.partition(" / ")
            note = Text(zh, en or zh)
            advice = isinstance(remark, Advice)
    except ConformanceFailure as exc:
        status, message = "failed", exc.message
    except CheckSkipped as exc:
        status, message = "skipped", exc.message
    except Exception as exc:  # the check met something it did not expect: report it
        status = "failed"
        message = Text(
            f"检查 {check.id} 出错：{type(exc).__name__}: {exc}",
            f"check {check.id} raised {type(exc).__name__}: {exc}",
        )
    if xfail is not None and status == "failed":
        status, message = "xfailed", Text(f"已知问题：{xfail}", f"known gap: {xfail}")
    elif xfail is not None and status == "passed":
        status = "xpassed"
        message = Text(
            f"已登记为已知问题（{xfail}），但检查已通过：请从 xfail 文件中删除这一项。",
            f"Recorded as a known gap ({xfail}) but the check passes: remove the xfail entry.",
        )
    return CheckResult(check.id, status, message, note, time.perf_counter() - start, advice)


def targets(registry: Registry, which: str | Sequence[str]) -> list[str]:
    """Pack codes (or entry-point names of plugins that failed) for ``which``:
    ``all``, one code, alias or entry-point name, or a list of them."""
    if isinstance(which, str) and which != "all":
        which = [w.strip() for w in which.split(",") if w.strip()]
    if which == "all":
        out: list[str] = []
        for status in registry.plugins:
            if status.status == "disabled":
                continue
            out.extend(status.packs or (status.name,))
        return sorted(dict.fromkeys(out))
    found = []
    for name in which:
        pack = registry.pack(name)
        found.append(pack.code if pack is not None else name)
    return found


def run_conformance(
    which: str | Sequence[str] = "all",
    *,
    registry: Registry | None = None,
    examples: int = DEFAULT_EXAMPLES,
    xfail: Mapping[tuple[str, str], str] | None = None,
    checks: Iterable[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> ConformanceReport:
    """Run the conformance checks on the packs ``which`` names (default: every installed
    pack) and return the results as data.  ``xfail`` maps (pack, check) to a reason;
    ``progress`` is told (checks done, checks in all, pack) after each check."""
    from gkstd.plugins.manager import default_registry

    reg = registry or default_registry()
    wanted = [check_by_id(c) for c in checks] if checks is not None else list(CHECKS)
    xfail = xfail or {}
    packs = []
    codes = list(targets(reg, which))
    total = len(codes) * len(wanted)
    done = 0
    for code in codes:
        target = Target(code, reg, examples)
        results = []
        with rule_session():  # a rule that keeps timing out is run twice, not per example
            for check in wanted:
                results.append(run_check(check, target, xfail.get((code, check.id))))
                done += 1
                if progress is not None:
                    progress(done, total, code)
        packs.append(PackResult(code, tuple(results)))
    return ConformanceReport(tuple(packs))


# -- pytest -----------------------------------------------------------------------------


def outcome(result: CheckResult, lang: str | None = None) -> None:
    """Turn a result into a pytest outcome (pass, fail, skip or xfail)."""
    import pytest

    text = result.message.get(lang) if result.message else ""
    if result.status == "skipped":
        pytest.skip(text)
    if result.status == "xfailed":
        pytest.xfail(text)
    if result.status in ("failed", "xpassed"):
        pytest.fail(f"[{result.check}] {text}", pytrace=False)


class PackConformance:
    """Subclass in a pack's own tests to run the whole suite on it::

        from gkstd.testing.conformance import PackConformance

        class TestMyDomain(PackConformance):
            pack = "my-domain"

    ``pack`` is a code, a list of codes, or ``"all"``.  ``xfail`` maps a check id to
    the reason of a known gap (the xfail file of ``--gkstd-xfail`` / ini ``gkstd_xfail``
    is read too); ``examples`` sets the hypothesis examples per property (default:
    ``--gkstd-examples`` / ini ``gkstd_examples``, else 25); ``registry`` defaults to the
    installed plugins.
    """

    pack: ClassVar[str | Sequence[str]] = ""
    xfail: ClassVar[Mapping[str, str]] = {}
    examples: ClassVar[int | None] = None
    registry: ClassVar[Registry | None] = None

    @classmethod
    def _registry(cls) -> Registry:
        from gkstd.plugins.manager import default_registry

        return cls.registry or default_registry()

    def pytest_generate_tests(self, metafunc: Any) -> None:
        """Parametrise :meth:`test_conformance` by pack and check."""
        import pytest

        if metafunc.function.__name__ != "test_conformance":
            return
        if not self.pack:
            raise TypeError(
                f"{type(self).__name__}.pack is not set (a pack code, a list, or 'all')"
            )
        for check, reason in self.xfail.items():
            if check not in CHECK_IDS:
                raise TypeError(
                    f"{type(self).__name__}.xfail: unknown check {check!r}; known: {', '.join(CHECK_IDS)}"
                )
            if not str(reason).strip():
                raise TypeError(f"{type(self).__name__}.xfail[{check!r}]: a reason is required")
        config = metafunc.config
        if config.pluginmanager.has_plugin("gkstd"):
            from gkstd.testing.options import xfail_entries

            try:  # read once, at collection: one clear error (exit 2), no test runs
                xfail_entries(config)
            except pytest.UsageError as exc:  # shown without a traceback
                raise pytest.Collector.CollectError(str(exc)) from None
        codes = targets(self._registry(), self.pack)
        params = [(code, check) for code in codes for check in CHECK_IDS]
        ids = [f"{code}-{check}" if len(codes) > 1 else check for code, check in params]
        metafunc.parametrize(("gkstd_pack", "gkstd_check"), params, ids=ids)

    def test_conformance(self, gkstd_pack: str, gkstd_check: str, request: Any) -> None:
        """One conformance check on one pack."""
        config = request.config
        reason = self.xfail.get(gkstd_check)
        count = self.examples
        if config.pluginmanager.has_plugin("gkstd"):
            from gkstd.testing.options import examples, xfail_entries

            reason = reason or xfail_entries(config).get((gkstd_pack, gkstd_check))
            count = count or examples(config)
        target = Target(gkstd_pack, self._registry(), count or DEFAULT_EXAMPLES)
        outcome(run_check(gkstd_check, target, reason))
