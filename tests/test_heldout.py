"""The held-out tables (tests/data/tables/heldout): the folder, its MANIFEST.tsv, its
HELDOUT.yaml and build_heldout.py agree, batch by batch.

Only the folder's integrity is checked here, not gkstd's figures on it: those are
``python benchmarks/heldout.py``'s, reported beside the first looks, never instead.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from gkstd.api import registry
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "data" / "tables" / "heldout"
REAL = ROOT / "tests" / "data" / "tables" / "real"
VERDICTS = {"TRUE", "FALSE", "UNJUDGEABLE"}
LEVELS = {"省级", "市级", "县级", "乡级", "村级"}


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return yaml.safe_load((HELDOUT / "HELDOUT.yaml").read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def manifest() -> list[dict[str, str]]:
    with (HELDOUT / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load_script("gkstd_build_heldout", HELDOUT / "build_heldout.py")


def _entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [*data["tables"], *data["second_look"]["tables"]]


def test_the_manifest_lists_every_heldout_table_once(manifest: list[dict[str, str]]) -> None:
    files = [row["file"] for row in manifest]
    assert len(files) == len(set(files))
    assert set(files) == {p.name for p in HELDOUT.glob("*.csv")}


def test_every_heldout_table_has_one_entry_with_its_page(
    data: dict[str, Any], manifest: list[dict[str, str]]
) -> None:
    entries = _entries(data)
    assert [e["file"] for e in entries] == [row["file"] for row in manifest]
    for entry, row in zip(entries, manifest, strict=True):
        assert entry["url"] == row["url"]
        assert entry["result"]["rows"] == int(row["rows"])


def test_the_batches_are_apart(data: dict[str, Any]) -> None:
    first = {e["file"] for e in data["tables"]}
    second = {e["file"] for e in data["second_look"]["tables"]}
    assert len(first) == 16
    assert len(second) == 12
    assert not first & second
    assert not {e["url"] for e in data["second_look"]["tables"]} & {
        e["url"] for e in data["tables"]
    }
    look = data["second_look"]
    assert look["date"] > data["first_look"]["date"]
    assert len(look["labels_commit"]) == 40
    assert len(look["gkstd_commit"]) == 40
    assert look["summary"]


def test_no_heldout_page_is_a_corpus_page(data: dict[str, Any]) -> None:
    corpus = (REAL / "MANIFEST.tsv").read_text("utf-8")
    for entry in _entries(data):
        address = entry["url"].split("//", 1)[1]
        assert address not in corpus, entry["file"]


def test_every_heldout_table_is_labelled_and_judged(data: dict[str, Any]) -> None:
    codes = set(registry().packs)
    for entry in _entries(data):
        label = entry["label"]
        assert label["domain"] in codes, entry["file"]
        assert label["level"] in LEVELS, entry["file"]
        assert label["jurisdiction"]
        for finding in entry["result"]["findings"]:
            assert finding["verdict"] in VERDICTS, (entry["file"], finding)
            assert finding["severity"] in {"error", "warning"}, (entry["file"], finding)
            assert finding["reason"], (entry["file"], finding)


def test_build_heldout_writes_the_tables_as_they_are(
    build: ModuleType, manifest: list[dict[str, str]]
) -> None:
    assert list(build.TABLES) == [row["file"] for row in manifest]
    assert [row["file"] for row in manifest][16:] == build.SECOND
    for name, table in build.TABLES.items():
        with (HELDOUT / name).open(encoding="utf-8", newline="") as handle:
            assert list(csv.reader(handle)) == table["rows"], name
