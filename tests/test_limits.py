"""gkstd.limits: one place for every input bound, raised by environment or in code."""

from __future__ import annotations

import pytest

import gkstd
from gkstd.diagnostics.limits import LIMITS


def test_defaults_environment_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    limits = gkstd.limits
    assert limits.get("max_depth") == 64
    monkeypatch.setenv("GKSTD_LIMIT_MAX_DEPTH", "2_00")
    assert limits.get("max_depth") == 200
    with limits.raised(max_depth=500):
        assert limits.get("max_depth") == 500  # code wins over the environment
        with limits.raised(max_cells=7):
            assert limits.get("max_cells") == 7
        assert limits.get("max_cells") == 5_000_000
    assert limits.get("max_depth") == 200


@pytest.mark.parametrize("value", ["", "abc", "-5", "0", "1e9"])
def test_a_malformed_environment_value_is_ignored(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("GKSTD_LIMIT_MAX_CELLS", value)
    assert gkstd.limits.get("max_cells") == 5_000_000


def test_configure_checks_names_and_values() -> None:
    with pytest.raises(KeyError, match="max_depth"):
        gkstd.limits.configure(max_dept=3)
    for bad in (0, -1, True, 2.5):
        with pytest.raises(ValueError, match="positive integer"):
            gkstd.limits.configure(max_depth=bad)  # type: ignore[arg-type]
    gkstd.limits.configure(max_depth=99)
    try:
        assert gkstd.limits.get("max_depth") == 99
    finally:
        gkstd.limits.reset()
    assert gkstd.limits.get("max_depth") == 64


def test_every_limit_is_described_in_both_languages() -> None:
    names = [limit.name for limit in LIMITS]
    assert len(names) == len(set(names))
    for limit in LIMITS:
        assert limit.zh
        assert limit.en
        assert limit.default > 0
        assert limit.env == "GKSTD_LIMIT_" + limit.name.upper()


def test_held_limits_read_the_environment_once_and_follow_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limits = gkstd.limits
    monkeypatch.setenv("GKSTD_LIMIT_MAX_DEPTH", "100")
    with limits.held():
        assert limits.get("max_depth") == 100
        monkeypatch.setenv("GKSTD_LIMIT_MAX_DEPTH", "300")
        assert limits.get("max_depth") == 100  # read once for the batch
        with limits.held():
            assert limits.get("max_depth") == 100  # nested: the same values
        with limits.raised(max_depth=500):
            assert limits.get("max_depth") == 500  # code applies at once
        assert limits.get("max_depth") == 300  # and its end too
    assert limits.get("max_depth") == 300
    monkeypatch.setenv("GKSTD_LIMIT_MAX_DEPTH", "400")
    assert limits.get("max_depth") == 400  # outside a block: each time


def test_a_workspace_batch_holds_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """validate_all reads each limit once however many documents it checks."""
    from gkstd.diagnostics import limits as module
    from gkstd.inherit.workspace import Workspace
    from gkstd.plugins.manager import default_registry

    default_registry()  # the plugins load (and read their own limits) before the count
    reads: list[str] = []
    read = module._read

    def counting(name: str) -> int:
        reads.append(name)
        return read(name)

    monkeypatch.setattr(module, "_read", counting)
    doc = "id: t\ntitle: 乡镇目录\ndomain: work-safety\njurisdiction: {name: 某镇, level: township}\nextends: work-safety\nitems: []\n"
    Workspace().validate_all([doc, doc.replace("id: t", "id: u")])
    assert reads, "the batch reads limits"
    assert len(reads) == len(set(reads))
