"""The checks of :func:`gkstd.tables.import_table`'s arguments: each of the types it
takes, else :class:`~gkstd.diagnostics.arguments.ArgumentError` naming the argument
(``sheet=0``, ``domain=1``, ``mapping={}`` failed deep inside).  Part of
:mod:`gkstd.tables`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from gkstd.diagnostics.arguments import expect, optional_texts, paths, refused
from gkstd.inherit.mapping import ItemMap
from gkstd.io.schema import is_catalog_id
from gkstd.model import Catalog
from gkstd.tables.grid import TEXT_KINDS, WORD_KINDS, WORKBOOK_KINDS

__all__ = ["check_arguments"]

_FORMATS = WORKBOOK_KINDS | WORD_KINDS | TEXT_KINDS
_SOURCE = ("表格文件路径或文件内容（bytes，并给出 fmt）", "a table's path, or its bytes")
_PARENT = ("上级目录 Catalog 或 None", "a parent Catalog or None")
_DOMAINS = ("从领域代码到名称的字典或 None", "a dict of domain code → name, or None")
_MAPPING = (
    "ItemMap 或 None（映射文件请用 read_map 读取）",
    "an ItemMap or None (read_map reads a file)",
)
_SCORE = ("0–100 的分数", "a score from 0 to 100")
_CATALOG_ID = (
    "由字母、数字和 . _ / - 组成、以字母或数字开头的目录 id（如 370302/municipal-services）",
    "a catalog id of letters, digits and . _ / -, starting with a letter or digit "
    "(such as 370302/municipal-services)",
)
_FORMAT = (
    "表格格式，如 xlsx、xls、et、ods、csv、docx",
    "a table format such as xlsx, xls, et, ods, csv, docx",
)
_TEXTS = (
    "fmt",
    "file",
    "sheet",
    "domain",
    "jurisdiction",
    "catalog_id",
    "title",
    "parent_ref",
    "document",
)


def check_arguments(given: dict[str, Any]) -> None:
    """:func:`import_table`'s arguments (``locals()`` at its start) of the types it
    takes; :class:`~gkstd.diagnostics.arguments.ArgumentError` otherwise."""
    where = "gkstd.tables.import_table"
    expect(given["source"], (str, os.PathLike, bytes), f"{where}(source)", _SOURCE)
    if not isinstance(given["source"], bytes):
        paths(given["source"], f"{where}(source)")
    expect(given["parent"], (Catalog, type(None)), f"{where}(parent)", _PARENT)
    optional_texts(where, **{k: given[k] for k in _TEXTS})
    catalog_id = given["catalog_id"]
    if catalog_id is not None and not is_catalog_id(catalog_id):
        raise refused(catalog_id, f"{where}(catalog_id)", _CATALOG_ID)
    domains = given["domains"]
    expect(domains, (Mapping, type(None)), f"{where}(domains)", _DOMAINS)
    for code, name in (domains or {}).items():
        expect(code, str, f"{where}(domains)", _DOMAINS)
        expect(name, str, f"{where}(domains[{code!r}])", _DOMAINS)
    expect(given["mapping"], (ItemMap, type(None)), f"{where}(mapping)", _MAPPING)
    for name in ("accept", "review"):
        expect(given[name], (int, float), f"{where}({name})", _SCORE)
        if not 0 <= given[name] <= 100:  # NaN too
            raise refused(given[name], f"{where}({name})", _SCORE)
    if given["document_format"] not in ("yaml", "json"):
        raise refused(
            given["document_format"],
            f"{where}(document_format)",
            ('"yaml" 或 "json"', '"yaml" or "json"'),
        )
    if given["fmt"] is not None and given["fmt"].lower().lstrip(".") not in _FORMATS:
        raise refused(given["fmt"], f"{where}(fmt)", _FORMAT)
