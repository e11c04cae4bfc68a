"""The gkstd pytest plugin (entry point ``pytest11``: ``gkstd``).

It is inert unless asked for: installing gkstd adds the options below and the marker
``gkstd_conformance``, and nothing else, to anyone's test run.  It lives outside the
``gkstd`` package so that loading it imports nothing of gkstd (nor hypothesis) until
``--gkstd-pack`` is given or a :class:`~gkstd.testing.conformance.PackConformance`
test runs.

* ``pytest --gkstd-pack CODE`` (repeatable, or ``all``): add one test per conformance
  check and pack, named ``gkstd-conformance::CODE::CHECK`` (select them with
  ``-m gkstd_conformance``);
* ``--gkstd-xfail FILE`` (or ini ``gkstd_xfail``): known gaps, each with a reason (see
  :func:`gkstd.testing.conformance.load_xfail`); a listed check that passes fails
  (strict), so the file never goes stale;
* ``--gkstd-examples N`` (or ini ``gkstd_examples``): hypothesis examples per property.

``-p no:gkstd`` switches the plugin off entirely.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

__all__ = ["ConformanceItem"]

MARKER = "gkstd_conformance"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--gkstd-pack``, ``--gkstd-xfail`` and ``--gkstd-examples``."""
    group = parser.getgroup("gkstd", "gkstd pack conformance (政务公开领域包一致性检查)")
    group.addoption(
        "--gkstd-pack",
        action="append",
        default=[],
        metavar="CODE",
        help="run the gkstd conformance suite on installed pack CODE, or 'all' (repeatable).",
    )
    group.addoption(
        "--gkstd-xfail",
        default=None,
        metavar="FILE",
        help="YAML list of known gaps: - {pack, check, reason}.  A reason is mandatory.",
    )
    group.addoption(
        "--gkstd-examples",
        type=int,
        default=None,
        metavar="N",
        help="hypothesis examples per conformance property (default 25).",
    )
    parser.addini("gkstd_xfail", "xfail file of the gkstd conformance suite", default="")
    parser.addini("gkstd_examples", "hypothesis examples per conformance property", default="")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker (the only effect when ``--gkstd-pack`` is not given)."""
    config.addinivalue_line("markers", f"{MARKER}: a gkstd pack conformance check")


class ConformanceCollector(pytest.Collector):
    """The parent node of the conformance items (``gkstd-conformance``)."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        """Items are added by :func:`pytest_collection_modifyitems`."""
        return []


class ConformanceItem(pytest.Item):
    """One conformance check on one pack."""

    def __init__(self, *, target: Any, check: str, xfail: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target = target
        self.check = check
        self.xfail_reason = xfail
        self.add_marker(MARKER)

    def runtest(self) -> None:
        """Run the check and turn its result into a pytest outcome."""
        from gkstd.testing.conformance import outcome, run_check

        outcome(run_check(self.check, self.target, self.xfail_reason))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the test comes from, for reports."""
        return self.path, None, f"gkstd conformance: {self.target.code} {self.check}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """With ``--gkstd-pack``, add the conformance items (before ``-k``/``-m`` select)."""
    packs = config.getoption("gkstd_pack")
    if not packs:
        return
    try:
        import hypothesis  # noqa: F401  (the kit's properties need it)
    except ImportError:
        raise pytest.UsageError(
            '--gkstd-pack: 需要 testing 扩展 / needs the testing extra: pip install "gkstd[testing]"'
        ) from None
    from gkstd.plugins.manager import default_registry
    from gkstd.testing.conformance import CHECKS, DEFAULT_EXAMPLES, Target, targets
    from gkstd.testing.options import examples, xfail_entries

    xfail = xfail_entries(config)
    count = examples(config) or DEFAULT_EXAMPLES
    registry = default_registry()
    codes: list[str] = []
    for which in packs:
        codes.extend(c for c in targets(registry, which) if c not in codes)
    if not codes:
        raise pytest.UsageError(
            "--gkstd-pack all: 没有安装任何领域包 / no gkstd packs are installed"
        )
    parent = ConformanceCollector.from_parent(
        session, name="gkstd-conformance", nodeid="gkstd-conformance"
    )
    for code in codes:
        target = Target(code, registry, count)
        for check in CHECKS:
            items.append(
                ConformanceItem.from_parent(
                    parent,
                    name=f"{code}::{check.id}",
                    target=target,
                    check=check.id,
                    xfail=xfail.get((code, check.id)),
                )
            )
