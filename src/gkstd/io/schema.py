"""The JSON Schema (Draft 2020-12) of document format 1.0.

The schema ships as package data (``gkstd/schemas/catalog-1.0.json``).  It is generated
from the enumerations in :mod:`gkstd.model.enums` by :func:`build_schema`, and a test keeps
the shipped file equal to the generated one (``python -m gkstd.io.schema --write``).
"""

from __future__ import annotations

import functools
import json
import re
import sys
from importlib import resources
from typing import TYPE_CHECKING, Any

from gkstd.io.shapecheck import Check, UnsupportedSchema, compile_schema
from gkstd.model.enums import (
    Audience,
    Category,
    LabelledEnum,
    Level,
    Method,
    Period,
    Rank,
    Relation,
    TimeLimitKind,
    Trigger,
    normalize_label,
)
from gkstd.model.item import ELEMENT_NAMES

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

__all__ = [
    "CATALOG_ID_PATTERN",
    "DOMAIN_PATTERN",
    "ITEM_ID_PATTERN",
    "NOT_BLANK_PATTERN",
    "SCHEMA_ID",
    "build_schema",
    "catalog_schema",
    "catalog_validator",
    "enum_paths",
    "is_catalog_id",
]

#: ``$id`` of the format 1.0 catalog schema.
SCHEMA_ID = "urn:gkstd:schema:catalog:1.0"

_SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
#: Pattern of an item id (dotted slugs), and of a domain (pack) code.
ITEM_ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.[a-z0-9]+(?:[-_][a-z0-9]+)*)*$"
DOMAIN_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
#: Text with at least one character that is not a blank.
NOT_BLANK_PATTERN = r"\S"
#: Pattern of a catalog's id (``province/city/county-domain``).
CATALOG_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
_CODE = r"^[A-Z]{2,6}[0-9]{3}$"


def is_catalog_id(text: str) -> bool:
    """Whether ``text`` is a catalog id the schema takes (:data:`CATALOG_ID_PATTERN`; a
    trailing newline too is refused, which Python's ``$`` would let through)."""
    return re.fullmatch(CATALOG_ID_PATTERN[1:-1], text) is not None


_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _enum(cls: type[LabelledEnum], description: str) -> dict[str, Any]:
    spellings: list[str] = []
    for name in cls.accepted():
        for form in (name, normalize_label(name)):
            if form not in spellings:
                spellings.append(form)
    return {"type": "string", "enum": spellings, "description": description}


def _text(description: str, min_length: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "description": description}
    if min_length:
        out["minLength"] = min_length
    return out


#: A source's web address: http or https, no blanks or angle brackets (no ``javascript:``).
URL_PATTERN = r"^https?://[^\s<>\"]+$"

#: What a ``gap`` mark may name as missing: an element key, or ``items`` (child items).
MARK_MISSING: list[str] = [key for key in ELEMENT_NAMES if key != "name"] + ["items"]


def _mark(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": ["reason"],
        "additionalProperties": False,
        "properties": {
            "reason": _text("理由 / reason (mandatory)", 1),
            "missing": {
                "type": "array",
                "uniqueItems": True,
                "description": "未能核实的要素，或 items（下级事项缺失）/ what is missing",
                "items": {"enum": MARK_MISSING},
            },
        },
    }


def build_schema() -> dict[str, Any]:
    """Build the format 1.0 schema from the model enumerations."""
    kinds = [k.code for k in TimeLimitKind]
    time_limit = {
        "type": ["object", "string"],
        "description": (
            "公开时限：原文字符串（由 gkstd.timing.limits.parse 解析）或结构化映射 / "
            "time limit: the wording as a string (parsed on load) or a mapping"
        ),
        "minLength": 1,
        "required": ["kind"],
        "additionalProperties": False,
        "properties": {
            "kind": {"type": "string", "enum": kinds},
            "days": {"type": "integer", "minimum": 1, "maximum": 3660},
            "months": {"type": "integer", "minimum": 1, "maximum": 120},
            "relation": _enum(Relation, "与事件的关系 / relation to the event"),
            "trigger": _enum(Trigger, "起算事件 / trigger event"),
            "event": _text("起算事件原文 / event in the source's words", 1),
            "period": _enum(Period, "周期 / recurrence"),
            "month": {"type": "integer", "minimum": 1, "maximum": 12},
            "day": {"type": "integer", "minimum": 1, "maximum": 31},
            "workdays": {
                "type": "boolean",
                "description": (
                    "定期时限的 days 为工作日（每季度结束后15个工作日内）/ "
                    "the days after a period are working days"
                ),
            },
            "place": _text("时限原文中写明的公开地点 / place named in the wording", 1),
            "law_exception": {
                "type": "boolean",
                "description": "法律、法规另有规定的从其规定 / unless a statute says otherwise",
            },
            "scope": _text("分项适用范围 / which information this part covers", 1),
            "parts": {
                "type": "array",
                "minItems": 1,  # a compound of no part was written back without parts
                "description": "分项时限 / parts of a compound limit",
                "items": {"$ref": "#/$defs/time_limit"},
            },
            "text": _text("原文 / original wording", 1),
        },
        "allOf": [
            {
                "if": {"properties": {"kind": {"enum": ["working_days", "calendar_days"]}}},
                "then": {"required": ["days"]},
            },
            {"if": {"properties": {"kind": {"const": "months"}}}, "then": {"required": ["months"]}},
            {
                "if": {"properties": {"kind": {"const": "fixed_date"}}},
                "then": {"required": ["month", "day"]},
            },
            {
                "if": {"properties": {"kind": {"const": "periodic"}}},
                "then": {"required": ["period"]},
            },
            {
                "if": {"properties": {"kind": {"const": "compound"}}},
                "then": {"required": ["parts"]},
            },
            {"if": {"properties": {"kind": {"const": "text"}}}, "then": {"required": ["text"]}},
        ],
    }
    citation = {
        "type": "object",
        "description": "公开依据中的一项引用 / one cited document",
        "required": ["title"],
        "additionalProperties": False,
        "properties": {
            "title": _text("文件名称（不含书名号）/ title without 《》", 1),
            "doc_no": _text("文号 / document number", 1),
            "article": _text("条款 / article", 1),
            "rank": _enum(Rank, "效力位阶 / rank"),
        },
    }
    item: dict[str, Any] = {
        "type": "object",
        "description": "公开事项 / disclosure item",
        "required": ["id", "name"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": ITEM_ID_PATTERN, "description": "stable item id"},
            "name": _text("事项名称 / name"),
            "content": {
                "type": "array",
                "items": _text("公开内容要点 / content point", 1),
                "description": "公开内容 / content",
            },
            "basis": {"type": "array", "items": {"$ref": "#/$defs/citation"}},
            "time_limit": {"$ref": "#/$defs/time_limit"},
            "subject": _text("公开主体 / disclosing body"),
            "method": _enum(Method, "公开方式 / method"),
            "channels": {
                "type": "array",
                "items": {
                    **_text("公开渠道和载体 / channel (template label or free text)", 1),
                    "pattern": NOT_BLANK_PATTERN,  # a blank one was written back as ""
                },
            },
            "audience": _enum(Audience, "公开对象 / audience"),
            "levels": {"type": "array", "items": _enum(Level, "公开层级 / level")},
            "category": _enum(Category, "五公开 / category"),
            "sources": {"type": "array", "items": {"type": "string", "pattern": _SLUG}},
            "gap": _mark("已知缺口 / known gap"),
            "not_applicable": _mark("不适用 / not applicable here"),
            "notes": _text("备注 / notes"),
            "extra": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "未识别的列，原样保留 / extra columns kept verbatim",
            },
            "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
        },
    }
    source = {
        "type": "object",
        "required": ["id", "title"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": _SLUG},
            "title": _text("title", 1),
            "url": {
                "type": "string",
                "format": "uri",
                "pattern": URL_PATTERN,
                "description": "网址：http:// 或 https:// 开头，不含空白 / web address (http or https)",
            },
            "file": _text("file", 1),
            "publisher": _text("publisher", 1),
            "jurisdiction": _text("jurisdiction", 1),
            "date": _text("date as published", 1),
            "note": _text("note"),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "gkstd 政务公开事项标准目录 / catalog document, format 1.0",
        "type": "object",
        "required": ["gkstd", "id", "domain", "title", "jurisdiction", "items"],
        "additionalProperties": False,
        "not": {"required": ["extends", "conforms_to"]},
        "properties": {
            "gkstd": {"const": "1.0", "description": "format version"},
            "id": {"type": "string", "pattern": CATALOG_ID_PATTERN},
            "domain": {"type": "string", "pattern": DOMAIN_PATTERN, "description": "pack code"},
            "title": _text("目录名称 / title", 1),
            "jurisdiction": {
                "type": "object",
                "required": ["name", "level"],
                "additionalProperties": False,
                "properties": {
                    "name": _text("name", 1),
                    "level": _enum(Level, "行政层级 / level"),
                    "division_code": {
                        "type": "string",
                        "pattern": r"^[0-9]{6}(?:[0-9]{3}){0,2}$",
                        "description": "行政区划代码 / division code (6, 9 or 12 digits)",
                    },
                },
            },
            "version": _text("版本 / edition", 1),
            "issued": {"type": "string", "pattern": _DATE, "description": "YYYY-MM-DD"},
            "issuer": _text("发布机构 / issuer", 1),
            "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            "extends": _text("parent reference (tailoring)", 1),
            "conforms_to": _text("parent reference (complete catalog)", 1),
            "notes": _text("备注 / notes"),
            "origin": {
                "type": "object",
                "description": (
                    "由 gkstd import 写出：来源表格的文件、工作表、各要素所在列和各事项所在行，"
                    "用于把问题定位到表格的单元格 / written by gkstd import: the source "
                    "table, its sheet, each element's columns and each item's row"
                ),
                "required": ["file"],
                "additionalProperties": False,
                "properties": {
                    "file": _text("表格文件名 / table file name", 1),
                    "sheet": _text("工作表 / sheet", 1),
                    "columns": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "string",
                            "pattern": r"^[A-Z]{1,3}(?:[,:][A-Z]{1,3})*$",
                        },
                        "description": "要素 → 列字母 / element → column letters",
                    },
                    "rows": {
                        "type": "object",
                        "additionalProperties": {"type": "integer", "minimum": 1},
                        "description": "事项 id → 行号 / item id → 1-based row",
                    },
                    "local": {
                        "type": "array",
                        "items": {"type": "string", "pattern": ITEM_ID_PATTERN},
                        "description": (
                            "事项对应表标为本级新增的事项 / items the item map declared "
                            "local additions"
                        ),
                    },
                },
            },
            "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
            "provenance": {
                "type": "object",
                "description": (
                    "由 gkstd resolve --provenance 写出的来源说明（派生数据，读入时忽略）/ "
                    "written by gkstd resolve --provenance; derived, ignored on input"
                ),
            },
            "waivers": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "item", "reason"],
                    "additionalProperties": False,
                    "properties": {
                        "code": {"type": "string", "pattern": _CODE},
                        "item": _text("item id", 1),
                        "reason": _text("理由 / reason (mandatory)", 1),
                    },
                },
            },
        },
        "$defs": {
            "item": item,
            "citation": citation,
            "time_limit": time_limit,
            "source": source,
        },
    }


@functools.cache
def catalog_schema() -> dict[str, Any]:
    """The shipped format 1.0 schema (package data)."""
    text = resources.files("gkstd").joinpath("schemas/catalog-1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def catalog_validator() -> Draft202012Validator:
    """A Draft 2020-12 validator for the catalog schema, with a ``referencing`` registry.

    python-jsonschema is imported here, when first needed: a document that passes the
    compiled shape check (:func:`catalog_shape_check`) never needs it."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schema = catalog_schema()
    registry: Registry[Any] = Registry().with_resource(
        SCHEMA_ID, Resource.from_contents(schema, default_specification=DRAFT202012)
    )
    return Draft202012Validator(schema, registry=registry)


@functools.cache
def catalog_shape_check() -> Check | None:
    """The compiled yes/no check of the catalog schema (see :mod:`gkstd.io.shapecheck`).

    ``None`` when the schema uses a keyword the compiler does not support; then every
    document goes through :func:`catalog_validator`.
    """
    try:
        return compile_schema(catalog_schema())
    except UnsupportedSchema:
        return None


def enum_paths() -> dict[str, type[LabelledEnum]]:
    """Schema property names whose values are enumerations, mapped to their enum."""
    return {
        "level": Level,
        "levels": Level,
        "method": Method,
        "audience": Audience,
        "category": Category,
        "rank": Rank,
        "trigger": Trigger,
        "period": Period,
        "relation": Relation,
    }


def _main(argv: list[str]) -> int:
    text = json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"
    if argv[1:] == ["--write"]:
        target = resources.files("gkstd").joinpath("schemas/catalog-1.0.json")
        with resources.as_file(target) as path:
            path.write_text(text, encoding="utf-8")
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv))
