"""The rule engine: runs the selected rules on a catalog, isolates failures, applies
waivers, and reports unused waivers.

Each rule runs contained (docs/plugins.md, “规则能做什么”):

* whatever it raises — ``SystemExit`` included, ``KeyboardInterrupt`` excepted — becomes
  one ``GK000`` finding naming the rule, its pack and distribution, and the next rule runs;
* it has a time budget (limit ``max_rule_seconds``) over all the items it checks; in the
  main thread on POSIX a timer interrupts it, elsewhere the time is measured afterwards;
  a rule that ran past it :data:`SKIP_AFTER_TIMEOUTS` times in one session (a batch, a
  conformance run) is not run on the session's other catalogs (one ``GK000`` each says
  so): a hanging rule cost its budget on every one of 2,578 catalogs;
* what it prints goes to standard error, never into machine-readable output;
* every finding it returns is stamped with the pack of the registered rule that ran it.

``GK000`` is an error when the rule is gkstd's own (pack ``core`` or a pack of the
``gkstd`` distribution): it is our bug.  A third-party rule's crash or timeout is a
warning: the user's catalog is not wrong because a plugin is broken.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import FrameType
from typing import Any, cast

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.alarm import alarm_handler, alarm_usable
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.divert import diverted
from gkstd.diagnostics.errors import raised_in
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import CODE_PATTERN, CatalogCheck, ItemCheck, Rule
from gkstd.io.codes import INTERNAL_ERROR, UNUSED_WAIVER
from gkstd.model import Catalog, Item
from gkstd.model.catalog import Waiver

__all__ = [
    "FIRST_PARTY",
    "SKIP_AFTER_TIMEOUTS",
    "RuleTimeout",
    "Selection",
    "apply_waivers",
    "rule_session",
    "run_rules",
]

#: The distribution whose packs are gkstd's own: their crashes are errors.
FIRST_PARTY = "gkstd"

#: Scopes whose rules are run elsewhere (where their input is read).
_ELSEWHERE = frozenset({"load", "chain", "jurisdiction", "record", "request"})


@attrs.frozen
class Selection:
    """Which codes to report: ``select`` and ``ignore`` hold codes or code prefixes.

    An empty ``select`` selects everything.  ``GK3`` selects GK300–GK399; ``FP`` selects
    every code of the prefix FP (FP101 …), not those of another prefix that begins with
    the same letters (FPX101: a third-party pack's prefix may lengthen an installed one).
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls, select: Iterable[str] | str | None, ignore: Iterable[str] | str | None
    ) -> Selection:
        """Build from lists or comma-separated strings."""

        def split(value: Iterable[str] | str | None) -> tuple[str, ...]:
            if value is None:
                return ()
            parts = value.split(",") if isinstance(value, str) else value
            return tuple(p.strip().upper() for p in parts if p.strip())

        return cls(split(select), split(ignore))

    def wants(self, code: str) -> bool:
        """True when findings of ``code`` are reported."""
        if self.select and not any(_selects(s, code) for s in self.select):
            return False
        return not (self.ignore and any(_selects(s, code) for s in self.ignore))


@functools.lru_cache(maxsize=4096)
def _selects(selector: str, code: str) -> bool:
    """Whether ``selector`` (a code, a prefix such as ``FP``, or a prefix and the first
    digits such as ``GK3``) names ``code``: the letters must be the code's whole prefix."""
    if not code.startswith(selector):
        return False
    found = CODE_PATTERN.match(code)
    if found is None:  # not a rule code: as written
        return True
    letters = len(selector) - len(selector.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    return letters == len(found.group("prefix"))


#: Timeouts of one rule after which a session stops running it (see the module docstring).
SKIP_AFTER_TIMEOUTS = 2


class RuleTimeout(BaseException):
    """Raised inside a rule that ran past its time budget.

    A ``BaseException``, so that a rule's own ``except Exception`` does not swallow it.
    """


class _Clock:
    """The time budget of each rule call in one run.

    In the main thread on POSIX, with no interval timer of someone else's running, it
    installs a ``SIGALRM`` handler and starts one repeating timer (``signal.setitimer``,
    a tick of a quarter of the budget) for the whole run; each tick interrupts the rule
    that has run past its budget.  Arming and disarming a rule only reads the clock (a
    timer call per rule cost more than many rules).  Elsewhere it only measures.  The
    previous handler is restored when the run ends."""

    def __init__(self) -> None:
        self.budget = 0.0
        self.tick = 0.0
        self.interrupts = False
        self.active = False
        self.started = 0.0
        self._alarm = contextlib.ExitStack()
        self.pid = os.getpid()  # a forked child inherits the handler, not the timer
        self.timeouts: dict[str, int] = {}  # rule code → times it ran past its budget

    def __enter__(self) -> _Clock:
        if alarm_usable():
            self._alarm.enter_context(alarm_handler(self._fire))
            self.interrupts = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.interrupts:
            self.active = False
            self._alarm.close()
            self.interrupts = False

    def _fire(self, signum: int, frame: FrameType | None) -> None:
        if self.active and time.perf_counter() - self.started >= self.budget:
            self.active = False
            raise RuleTimeout

    def arm(self, budget: float) -> None:
        """Start the budget of one rule call (the timer is reset only when the budget
        differs from the last call's)."""
        if self.interrupts and budget != self.budget:
            self.tick = max(budget / 4, 0.01)
            signal.setitimer(signal.ITIMER_REAL, self.tick, self.tick)
        self.budget = budget
        self.started = time.perf_counter()
        self.active = True

    def disarm(self) -> float:
        """End the rule call; the seconds since :meth:`arm`."""
        self.active = False
        return time.perf_counter() - self.started


def _origin(rule: Rule, ctx: CheckContext) -> tuple[str | None, bool]:
    """The distribution that installed the rule's pack (``gkstd`` for core rules), and
    whether the rule is gkstd's own (first party)."""
    if rule.pack == "core":
        return FIRST_PARTY, True
    pack = ctx.pack
    if (pack is None or pack.code != rule.pack) and ctx.registry is not None:
        pack = ctx.registry.pack(rule.pack)
    distribution = pack.distribution if pack is not None and pack.code == rule.pack else None
    first = distribution is not None and distribution.replace("_", "-").lower() == FIRST_PARTY
    if ctx.registry is not None:  # the plugin host knows best (plugins passed in directly)
        for status in ctx.registry.plugins:
            if rule.pack in status.packs:
                first = bool(getattr(status, "first_party", first))
                distribution = distribution or status.distribution
                break
    return distribution, first


def _contained(
    rule: Rule,
    ctx: CheckContext,
    item: Item | None,
    *,
    exc: BaseException | None = None,
    seconds: int | None = None,
    skipped: int | None = None,
) -> Finding:
    """The GK000 finding of a rule that raised ``exc``, ran past ``seconds``, or was not
    run because it had run past its budget ``skipped`` times in the session."""
    distribution, first_party = _origin(rule, ctx)
    severity = Severity.ERROR if first_party else Severity.WARNING
    args: dict[str, Any] = {"code": rule.code, "pack": rule.pack, "distribution": distribution}
    if skipped is not None:
        return INTERNAL_ERROR.emit("skipped", severity=severity, count=skipped, **args)
    where: dict[str, Any] = {}
    if item is not None:
        where = {"item": item.id}
        args["item_id"] = item.id
    if seconds is not None:
        name = "timeout-item" if item is not None else "timeout"
        return INTERNAL_ERROR.emit(name, severity=severity, seconds=seconds, **args, **where)
    assert exc is not None
    detail = str(exc) if not isinstance(exc, SystemExit) else f"sys.exit({exc.code!r})"
    place = raised_in(rule.check, exc, besides=__file__)
    if place:
        detail = f"{detail} ({place})"
    if os.environ.get("GKSTD_DEBUG", "").strip().lower() in ("1", "true", "yes", "on"):
        print(f"--- gkstd: rule {rule.code} ({rule.pack}) ---", file=sys.stderr)
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    return INTERNAL_ERROR.emit(
        "item" if item is not None else "default",
        severity=severity,
        exception=type(exc).__name__,
        detail=detail,
        **args,
        **where,
    )


def _stamp(rule: Rule, ctx: CheckContext, found: list[Any]) -> tuple[list[Finding], Finding | None]:
    """``found`` with each finding naming the pack of the registered ``rule``; up to the
    first thing that is not a finding, with its GK000 (the rule is broken)."""
    pack = rule.pack
    for index, finding in enumerate(found):
        if not isinstance(finding, Finding):
            wrong = TypeError(f"returned {type(finding).__name__}, not Finding")
            return found[:index], _contained(rule, ctx, None, exc=wrong)
        if finding.rule_pack != pack:
            found[index] = attrs.evolve(finding, rule_pack=pack)
    return found, None


def _run_one(
    rule: Rule,
    catalog: Catalog,
    items: Sequence[Item],
    ctx: CheckContext,
    clock: _Clock,
    budget: int,
) -> list[Finding]:
    """The findings of one rule, then (at most one) GK000 if it failed: the findings of
    the items it finished checking are kept."""
    found: list[Any] = []  # what the rule returned: findings, unless it is broken
    current: Item | None = None
    failed: Finding | None = None
    count = clock.timeouts.get(rule.code, 0)
    if count >= SKIP_AFTER_TIMEOUTS:
        return [_contained(rule, ctx, None, skipped=count)]
    try:
        clock.arm(budget)
        try:
            if rule.scope == "catalog":
                found.extend(cast(CatalogCheck, rule.check)(catalog, ctx))
            else:
                check = cast(ItemCheck, rule.check)
                for current in items:
                    found.extend(check(current, ctx))
                current = None
        finally:
            elapsed = clock.disarm()
    except RuleTimeout:
        failed = _contained(rule, ctx, current, seconds=budget)
        clock.timeouts[rule.code] = count + 1
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit and all: one rule's failure, contained
        failed = _contained(rule, ctx, current, exc=exc)
    else:
        if elapsed > budget:  # not interruptible here (a thread, Windows): measured after
            failed = _contained(rule, ctx, None, seconds=budget)
            clock.timeouts[rule.code] = count + 1
    findings, wrong = _stamp(rule, ctx, found)
    failed = failed or wrong
    if failed is not None:
        findings.append(failed)
    return findings


def run_rules(
    catalog: Catalog,
    rules: Sequence[Rule],
    ctx: CheckContext,
    *,
    items: Sequence[Item] | None = None,
) -> list[Finding]:
    """Run ``rules`` on ``catalog``.  A rule that raises (or runs past the limit
    ``max_rule_seconds``) yields one ``GK000`` finding and the run goes on; what rules
    print goes to standard error; every finding names the pack of the rule that ran it.

    Item rules run on ``items`` (default: every item of the catalog).
    """
    findings: list[Finding] = []
    items = list(catalog.walk()) if items is None else items
    wanted = [r for r in rules if r.check is not None and r.scope not in _ELSEWHERE]
    if not wanted:
        return findings
    budget = limits.get("max_rule_seconds")
    clock: _Clock | None = getattr(_session, "clock", None)
    if clock is None or clock.pid != os.getpid():
        with rule_session():
            return run_rules(catalog, rules, ctx, items=items)
    for rule in wanted:
        findings.extend(_run_one(rule, catalog, items, ctx, clock, budget))
    return findings


#: The clock of the rule session running in this thread (see :func:`rule_session`).
_session = threading.local()


@contextlib.contextmanager
def rule_session() -> Iterator[None]:
    """Run every :func:`run_rules` call inside the block under one time-budget timer and
    one redirection of what rules print (re-entrant; per thread).

    Each :func:`run_rules` call outside a session opens its own: a signal handler, a
    timer and the redirection set up and torn down per document cost more than the rules
    of a small tailoring.  Bulk work (:meth:`gkstd.Workspace.validate_all`, the batch
    check) opens one session for all its documents; the budget stays per rule call."""
    clock: _Clock | None = getattr(_session, "clock", None)
    if clock is not None and clock.pid == os.getpid():
        yield
        return
    with diverted(), _Clock() as clock:  # what rules print goes to standard error
        _session.clock = clock
        try:
            yield
        finally:
            _session.clock = None


def apply_waivers(
    catalog: Catalog,
    findings: Iterable[Finding],
    selection: Selection,
    known_codes: Iterable[str],
    item_exists: Callable[[str], bool] | None = None,
    own: Sequence[Waiver] | None = None,
) -> list[Finding]:
    """Drop waived findings; add a ``GK011`` finding for each waiver that waived nothing.

    ``item_exists`` tells whether an item id exists (default: walk the catalog).  ``own``
    are the waivers the checked document wrote itself (default: all of the catalog's):
    only those are reported unused, at their place in the document.  A tailoring waives
    with its parent's waivers too, but its parent's are the parent's to report (the
    tailoring's rules see only the items it changed, so they would all look unused).
    """
    waivers = {(w.code, w.item): w for w in catalog.waivers}
    used: set[tuple[str, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.code, finding.location.item or "")
        if key in waivers:
            used.add(key)
            continue
        kept.append(finding)
    written = catalog.waivers if own is None else own
    if not written:  # most documents: no waiver of their own to report
        return kept
    known = set(known_codes)
    if item_exists is None:
        item_ids = {item.id for item in catalog.walk()}
        item_exists = item_ids.__contains__
    for index, waiver in enumerate(written):
        key = (waiver.code, waiver.item)
        if key in used or not selection.wants(waiver.code):
            continue
        if waiver.code not in known:
            why = "unknown-code"
        elif not item_exists(waiver.item):
            why = "unknown-item"
        else:
            why = "default"
        kept.append(
            UNUSED_WAIVER.emit(
                why, code=waiver.code, item_id=waiver.item, path=f"$.waivers[{index}]"
            )
        )
    return kept
