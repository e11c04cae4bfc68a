"""A table's import checks its catalog without parsing the dumped YAML again
(``gkstd.io.loader.loaded_from_catalog``): the report must be the one validating the text
gives, lines included, and anything loading the text would refuse falls back to it."""

from __future__ import annotations

import attrs
import pytest

import gkstd
from gkstd.diagnostics import limits
from gkstd.inherit.workspace import Workspace
from gkstd.io.converter import unstructure_catalog
from gkstd.io.dumper import dump_catalog
from gkstd.io.loader import loaded_from_catalog
from gkstd.model import Catalog, Level

CODES = sorted(gkstd.registry().packs)


def _derived(code: str) -> Catalog:
    """A county's complete catalog of pack ``code`` (its national catalog, restated)."""
    national = Workspace(gkstd.registry()).resolve_ref(code).catalog
    assert national is not None
    jurisdiction = attrs.evolve(national.jurisdiction, name="示例县", level=Level.COUNTY)
    return attrs.evolve(national, id=f"{code}/county", conforms_to=code, jurisdiction=jurisdiction)


@pytest.mark.parametrize("code", CODES[::5])
def test_the_loaded_catalog_gives_the_texts_report(code: str) -> None:
    catalog = _derived(code)
    text = dump_catalog(catalog)
    loaded = loaded_from_catalog(catalog, unstructure_catalog(catalog), text)
    assert loaded is not None
    fast = Workspace(gkstd.registry()).validate_loaded(loaded)
    slow = Workspace(gkstd.registry()).validate(text)
    assert fast == slow
    assert [f.location.line for f in fast.findings] == [f.location.line for f in slow.findings]
    assert any(f.location.line for f in fast.findings)


def test_what_loading_would_refuse_falls_back_to_the_text() -> None:
    catalog = _derived(CODES[0])
    text = dump_catalog(catalog)
    with limits.raised(max_text_chars=5):
        assert loaded_from_catalog(catalog, unstructure_catalog(catalog), text) is None
    empty_name = attrs.evolve(catalog, title="")  # the schema wants a title
    assert (
        loaded_from_catalog(empty_name, unstructure_catalog(empty_name), dump_catalog(empty_name))
        is None
    )
