"""``Finding.with_location`` fills only the unset location fields and keeps the rest.

It builds :class:`Location` and :class:`Finding` directly (the resolver locates every
finding); these tests keep it equal to the plain ``attrs.evolve`` version, and fail when a
field is added to either class without being passed on.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkstd.diagnostics.findings import CellRef, Finding, Location, Severity
from gkstd.diagnostics.messages import Args, Message

_VALUES: dict[str, Any] = {
    "file": st.none() | st.text(max_size=5),
    "line": st.none() | st.integers(1, 99),
    "path": st.none() | st.text(max_size=5),
    "item": st.none() | st.text(max_size=5),
    "element": st.none() | st.sampled_from(["content", "channels"]),
    "cell": st.none()
    | st.builds(CellRef, st.text(max_size=3), st.text(max_size=3), st.text(max_size=3)),
}


def _reference(finding: Finding, **changes: Any) -> Finding:
    current = attrs.asdict(finding.location, recurse=False)
    for key, value in changes.items():
        if current.get(key) is None and value is not None:
            current[key] = value
    return attrs.evolve(finding, location=Location(**current))


def test_every_field_is_passed_on() -> None:
    assert [a.name for a in attrs.fields(Location)] == list(_VALUES)
    assert [a.name for a in attrs.fields(Finding)] == [
        "code", "severity", "template", "args", "location", "rule_pack",
    ]  # fmt: skip


@given(st.fixed_dictionaries(_VALUES), st.fixed_dictionaries(_VALUES), st.text(max_size=4))
def test_with_location_is_evolve_of_the_unset_fields(
    before: dict[str, Any], changes: dict[str, Any], pack: str
) -> None:
    finding = Finding(
        "GK999",
        Severity.WARNING,
        Message("甲{a}", "a{a}"),
        Args({"a": 1}),
        Location(**before),
        pack,
    )
    located = finding.with_location(**changes)
    assert located == _reference(finding, **changes)
    assert located.rule_pack == pack
    assert located.args == finding.args


def test_unknown_fields_are_refused() -> None:
    finding = Finding("GK999", Severity.INFO, Message("甲", "a"))
    with pytest.raises(TypeError):
        finding.with_location(colour="red")


def test_reading_a_finding_leaves_no_cyclic_garbage() -> None:
    """An audit writes millions of findings with the cyclic collector paused: reading one
    (its message, its data) must not leave reference cycles behind.  Measured in a fresh
    interpreter: in the test session other threads (the event loop of the Dask cluster the
    distributed tests share) make cyclic garbage of their own at any moment."""
    import subprocess
    import sys

    code = """
import gc
from gkstd.diagnostics.findings import Finding, Location, Severity
from gkstd.diagnostics.messages import Args, Message

finding = Finding(
    "GK999",
    Severity.WARNING,
    Message("甲{a}{b}", "a{a}{b}"),
    Args({"a": ("x", ("y", "z")), "b": None}),
    Location(file="f", line=1),
)
gc.disable()
gc.collect()
for _ in range(50):
    finding.to_dict()
    _ = finding.message, finding.message_en, finding.location.display()
print(gc.collect())
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0"


def test_the_import_s_own_findings_name_their_cell_in_the_report() -> None:
    """GK608/GK609/GK611 named their cell only in ``path`` (``Sheet!I2``): the service
    added ``cell``, the Python report and ``gkstd check`` did not."""
    from pathlib import Path

    import gkstd
    from gkstd.tables import import_table

    table = (
        Path(__file__).parent
        / "data/tables/real/baozhangxing-zhufang__guangdong-dongguan-dongcheng.csv"
    )
    own = [f for f in import_table(table).report().findings if f.code.startswith("GK6")]
    cells = [f for f in own if f.location.path and "!" in f.location.path]
    assert cells
    for finding in cells:
        assert finding.location.cell is not None
        assert finding.location.path.endswith("!" + finding.location.cell.cell)
    (checked,) = gkstd.check([table]).files
    batch = [f for f in checked.report.findings if f.code in {c.code for c in cells}]
    assert batch
    assert all(f.location.cell is not None for f in batch)
