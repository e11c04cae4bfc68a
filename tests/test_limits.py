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
