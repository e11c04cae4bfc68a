"""The hidden ``gkstd`` sheet of an exported workbook: what the table cannot show.

The official layout has no place for a catalog's id, sources, waivers, item ids, gap
marks or a citation's rank.  ``gkstd export --to xlsx`` writes them, with the text of
every exported cell, into a hidden sheet.  On import, an element whose cell still reads
as exported takes the exact value from here; an edited cell is read from the table.  So
``import(export(catalog)) == catalog``, and edits made in Excel still win.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from gkstd.diagnostics.findings import Finding
from gkstd.io.build import Decline
from gkstd.io.checkedbuild import checked_build
from gkstd.io.converter import converter, structure, unstructure_catalog
from gkstd.io.shapecheck import Check, UnsupportedSchema, compile_schema
from gkstd.model import Catalog, Item
from gkstd.model.item import ELEMENT_NAMES
from gkstd.tables.rules import BAD_SIDECAR

__all__ = [
    "HEADER_KEYS",
    "PLAIN_REF",
    "SHEET",
    "SIDECAR_SCHEMA",
    "Sidecar",
    "SidecarItem",
    "load_sidecar",
    "read_sidecar",
    "sidecar_rows",
]

#: The keys of an item row's ``cells`` (what :func:`gkstd.tables.template.shown_cells`
#: writes), besides ``extra:NAME``: restoring an edited row reads the element of each.
CELL_KEYS = frozenset({*ELEMENT_NAMES, "notes"})

#: Name of the hidden sheet.
SHEET = "gkstd"
_MARKER = "gkstd-table"
_VERSION = "1"
#: Largest text written into one cell (Excel allows 32,767 characters).
CHUNK = 30_000


@attrs.frozen
class SidecarItem:
    """One exported item: the names on its path, its data (children left out) and the
    text of each cell as exported (element key, or ``extra:<label>``)."""

    names: tuple[str, ...]
    data: dict[str, Any]
    cells: dict[str, str]
    #: ``data`` structured (children left out), when it was already built.
    item: Item | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Sidecar:
    """The catalog header (every top-level key but ``items``), the items, and the role
    and label of each exported column (in sheet order)."""

    header: dict[str, Any]
    items: tuple[SidecarItem, ...]
    columns: tuple[tuple[str, str], ...] = ()

    def lookup(self) -> dict[tuple[str, ...], list[SidecarItem]]:
        """Items by name path, in document order (a path may repeat)."""
        out: dict[tuple[str, ...], list[SidecarItem]] = {}
        for item in self.items:
            out.setdefault(item.names, []).append(item)
        return out

    def leaves(self) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
        """The exported rows (items without children), in order: each with its name path
        and, per depth, which item it sits in (the index of that item here).  Two rows
        with equal names at a depth but different indices sat in two sibling groups of
        one name, which the table alone cannot tell apart."""
        out: list[tuple[tuple[str, ...], tuple[int, ...]]] = []
        open_items: list[int] = []
        for index, item in enumerate(self.items):
            depth = len(item.names) - 1
            del open_items[depth:]
            open_items.append(index)
            following = self.items[index + 1] if index + 1 < len(self.items) else None
            if following is None or len(following.names) <= len(item.names):
                out.append((item.names, tuple(open_items)))
        return out


def _chunks(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def _item_data(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = converter().unstructure(attrs.evolve(item, items=()), Item)
    data.pop("items", None)
    return data


def _walk(items: Iterable[Item], names: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], Item]]:
    for item in items:
        path = (*names, item.name)
        yield path, item
        yield from _walk(item.items, path)


def sidecar_rows(
    catalog: Catalog,
    cells: dict[str, dict[str, str]],
    columns: Sequence[tuple[str, str]] = (),
) -> list[list[str]]:
    """Rows of the hidden sheet for ``catalog``; ``cells`` maps item id → exported cells,
    ``columns`` gives (role, label) of each column of the table, in sheet order (so that
    an ``extra`` column whose label reads like an element, 编号 or 说明, stays extra)."""
    header = unstructure_catalog(catalog)
    header.pop("items", None)
    rows = [[_MARKER, _VERSION], ["catalog", *_chunks(json.dumps(header, ensure_ascii=False))]]
    if columns:
        rows.append(
            ["columns", *_chunks(json.dumps([list(c) for c in columns], ensure_ascii=False))]
        )
    for names, item in _walk(catalog.items, ()):
        record = {"names": list(names), "item": _item_data(item), "cells": cells.get(item.id, {})}
        rows.append(["item", *_chunks(json.dumps(record, ensure_ascii=False))])
    return rows


#: Keys of the catalog header the exporter writes (``unstructure_catalog`` minus items).
HEADER_KEYS = (
    "gkstd",
    "id",
    "domain",
    "title",
    "jurisdiction",
    "version",
    "issued",
    "issuer",
    "sources",
    "extends",
    "conforms_to",
    "notes",
    "origin",
    "provenance",
    "waivers",
)
#: Parent-reference keys of the header.
PARENT_KEYS = ("extends", "conforms_to")
#: A parent reference taken from the hidden sheet: a plain catalog id or pack code (letters,
#: digits, ``-`` and ``_``, Chinese pack aliases included), never a path: no ``/``, ``\``,
#: ``.``, ``:`` or ``~``, so that an edited sheet cannot point the written document at a
#: file elsewhere (``/etc/passwd``, ``../../x``).  Matched whole (``PLAIN_REF.fullmatch``);
#: anything else is dropped with GK617.
PLAIN_REF = re.compile(r"[^\W_][\w-]{0,99}")
_CATALOG = "urn:gkstd:schema:catalog:1.0"

#: JSON schema (Draft 2020-12) of the hidden sheet's rows: ``catalog`` (the header, only
#: the keys the exporter writes, each with the catalog format's type), ``columns``
#: ((role, label) pairs) and ``item`` (name path, item data without children, cell texts).
#: ``$ref`` s point into the catalog schema (``gkstd/schemas/catalog-1.0.json``).
SIDECAR_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:gkstd:schema:table-sidecar:1",
    "$defs": {
        "catalog": {
            "type": "object",
            "additionalProperties": False,
            "properties": {key: {"$ref": f"{_CATALOG}#/properties/{key}"} for key in HEADER_KEYS},
        },
        "columns": {
            "type": "array",
            "maxItems": 16_384,
            "items": {
                "type": "array",
                "prefixItems": [{"type": "string"}, {"type": "string"}],
                "minItems": 2,
                "maxItems": 2,
            },
        },
        "item": {
            "type": "object",
            "required": ["names", "item", "cells"],
            "additionalProperties": False,
            "properties": {
                "names": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "item": {
                    "$ref": f"{_CATALOG}#/$defs/item",
                    "properties": {"items": {"type": "array", "maxItems": 0}},
                },
                "cells": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    # an element's key or extra:NAME: restoring reads the element of each
                    "propertyNames": {
                        "anyOf": [{"enum": sorted(CELL_KEYS)}, {"pattern": "^extra:"}]
                    },
                },
            },
        },
    },
}


def _validators() -> dict[str, Any]:
    """Draft 2020-12 validators of the three row kinds (built once; python-jsonschema is
    imported only when a workbook has a hidden sheet)."""
    if not _VALIDATORS:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        from gkstd.io.schema import catalog_schema

        registry: Registry[Any] = Registry().with_resources(
            [
                (_CATALOG, Resource.from_contents(catalog_schema(), DRAFT202012)),
                (
                    SIDECAR_SCHEMA["$id"],
                    Resource.from_contents(SIDECAR_SCHEMA, DRAFT202012),
                ),
            ]
        )
        for kind in ("catalog", "columns", "item"):
            schema = {"$ref": f"{SIDECAR_SCHEMA['$id']}#/$defs/{kind}"}
            _VALIDATORS[kind] = Draft202012Validator(schema, registry=registry)
    return _VALIDATORS


_VALIDATORS: dict[str, Any] = {}


class _Invalid(Exception):
    """A row of the hidden sheet that is not what gkstd writes."""


def _item_data_check() -> Check | None:
    """The compiled yes/no check of the catalog schema's ``item`` (see
    :mod:`gkstd.io.shapecheck`), or ``None`` when the schema cannot be compiled."""
    if "check" not in _ITEM_CHECK:
        from gkstd.io.schema import catalog_schema

        root = catalog_schema()
        try:
            _ITEM_CHECK["check"] = compile_schema({"$defs": root["$defs"], "$ref": "#/$defs/item"})
        except UnsupportedSchema:
            _ITEM_CHECK["check"] = None
    return _ITEM_CHECK["check"]


_ITEM_CHECK: dict[str, Check | None] = {}


def _plain_row(payload: Any) -> dict[str, Any] | None:
    """The item data of an ``item`` row whose names, cells and (absent) children are as
    gkstd writes them, or ``None``; the item data itself is not checked here."""
    if not isinstance(payload, dict) or len(payload) != 3:
        return None
    names, data, cells = payload.get("names"), payload.get("item"), payload.get("cells")
    if (
        type(names) is list
        and bool(names)
        and all(type(n) is str for n in names)
        and type(data) is dict
        and data.get("items", []) == []
        and type(data.get("items", [])) is list
        and type(cells) is dict
        and all(type(c) is str for c in cells.values())
        and all(k in CELL_KEYS or k.startswith("extra:") for k in cells)
    ):
        return data
    return None


def _plain_item(payload: Any) -> bool:
    """True when an ``item`` row certainly satisfies :data:`SIDECAR_SCHEMA` (checked by the
    compiled catalog-schema predicate, without python-jsonschema); ``False`` means "not
    sure": the row is then checked by python-jsonschema, which explains what is wrong."""
    item_check = _item_data_check()
    if item_check is None:
        return False
    data = _plain_row(payload)
    return data is not None and item_check(data)


def _checked_item(payload: Any) -> Item | None:
    """The item of an ``item`` row checked and built in one walk
    (:func:`gkstd.io.checkedbuild.checked_build`): when it returns, :func:`_plain_item`
    holds and the item is what :func:`gkstd.io.converter.structure` builds from the row;
    ``None`` when the one walk does not handle the row (it is then checked and built in
    two, with their findings)."""
    data = _plain_row(payload) if _item_data_check() is not None else None
    if data is None:
        return None
    try:
        return checked_build(data, Item)
    except Decline:
        return None


def _check(kind: str, payload: Any) -> None:
    from jsonschema.exceptions import best_match

    if kind == "item" and _plain_item(payload):
        return
    error = best_match(_validators()[kind].iter_errors(payload))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or kind
        raise _Invalid(f"{where}: {error.message[:200]}")


def read_sidecar(rows: Sequence[Sequence[str]]) -> Sidecar | None:
    """The sidecar in ``rows`` (the hidden sheet's cells), or ``None`` if there is none
    or it is not valid (then the table alone is read); see :func:`load_sidecar`."""
    return load_sidecar(rows)[0]


def load_sidecar(
    rows: Sequence[Sequence[str]], file: str = ""
) -> tuple[Sidecar | None, tuple[Finding, ...]]:
    """The sidecar in ``rows`` and GK617 findings about it.

    The hidden sheet is untrusted input: each row must be JSON matching
    :data:`SIDECAR_SCHEMA`, and the header and item data must build a catalog and items.
    On any problem the whole sidecar is dropped (``None``, a GK617 naming the row) and
    the visible table is read.  A parent reference that is not :data:`PLAIN_REF` is
    removed (GK617 ``parent``); the rest is kept.
    """
    if not rows or not rows[0] or rows[0][0] != _MARKER:
        return None, ()
    header: dict[str, Any] = {}
    items: list[SidecarItem] = []
    columns: tuple[tuple[str, str], ...] = ()
    number = catalog_row = 1
    try:
        version = rows[0][1] if len(rows[0]) > 1 else ""
        if version != _VERSION:
            raise _Invalid(f"version {version[:40]!r}")
        for index, row in enumerate(rows[1:], start=2):
            number = index
            if not row or not any(row):
                continue
            kind = row[0]
            if kind not in ("catalog", "columns", "item"):
                raise _Invalid(f"row kind {kind[:40]!r}")
            payload = json.loads("".join(row[1:]))
            exact = _checked_item(payload) if kind == "item" else None
            if exact is None:
                _check(kind, payload)
            if kind == "catalog":
                structure({**payload, "items": []}, Catalog)
                header, catalog_row = payload, number
            elif kind == "columns":
                columns = tuple((role, label) for role, label in payload)
            else:
                if exact is None:
                    exact = structure({**payload["item"], "items": []}, Item)
                items.append(
                    SidecarItem(tuple(payload["names"]), payload["item"], payload["cells"], exact)
                )
    except (_Invalid, RecursionError, MemoryError) as exc:
        return None, (_bad(file, number, str(exc) or type(exc).__name__),)
    except Exception as exc:  # json, cattrs and the model's own checks
        return None, (_bad(file, number, f"{type(exc).__name__}: {str(exc)[:200]}"),)
    findings = []
    for key in PARENT_KEYS:
        ref = header.get(key)
        if ref is not None and not PLAIN_REF.fullmatch(ref):
            del header[key]
            shown = ref if len(ref) <= 60 else ref[:60] + "…"
            findings.append(
                BAD_SIDECAR.emit(
                    "parent",
                    source=file,
                    key=key,
                    ref=_printable(shown),
                    file=file,
                    path=f"{SHEET}!A{catalog_row}",
                    line=catalog_row,
                )
            )
    return Sidecar(header, tuple(items), columns), tuple(findings)


def _printable(text: str) -> str:
    """``text`` with control characters shown as ``?`` (it is echoed to a terminal)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", text)


def _bad(file: str, row: int, error: str) -> Finding:
    return BAD_SIDECAR.emit(
        source=file,
        row=row,
        error=_printable(error),
        file=file,
        path=f"{SHEET}!A{row}",
        line=row,
    )
