"""Domain packs: a domain's metadata, national catalog and rules.

A first-party or third-party pack is a module with hook implementations; its metadata
lives in a ``pack.yaml`` data file beside the module and its national catalog in a format
1.0 data file.  :func:`pack_from_directory` reads both lazily.
"""

from __future__ import annotations

import datetime
import functools
from importlib import resources
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs
import yaml
from cattrs.errors import ForbiddenExtraKeysError

from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.findings import Severity
from gkstd.io.loader import LoadedDocument, load_document
from gkstd.io.parse import parse_text
from gkstd.packs.coverage import Coverage, catalog_coverage

#: libyaml's loader when available (reading 26 pack.yaml files is part of every start-up).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = [
    "RESERVED_CODES",
    "DomainPack",
    "ExpectedCounts",
    "GuideStatus",
    "LeadDepartment",
    "NationalGuide",
    "PackDataError",
    "pack_from_directory",
]

#: Codes no pack may take: ``core`` names gkstd's own rules (applied to every domain).
RESERVED_CODES = frozenset({"core"})

#: How far the national guide's identity was verified:
#: ``verified`` (the notice text was read), ``cited`` (quoted by another document),
#: ``reported`` (news report), ``assumed`` (a working premise), ``not-found``.
GuideStatus = Literal["verified", "cited", "reported", "assumed", "not-found"]


class PackDataError(GkstdError):
    """A pack's own data file (``pack.yaml``) is missing or malformed."""


@attrs.frozen(kw_only=True)
class NationalGuide:
    """The national standard guide (标准指引) a pack's catalog comes from."""

    issuer: str
    title: str | None = None
    doc_no: str | None = None
    date: datetime.date | None = None
    status: GuideStatus = "assumed"
    evidence: tuple[str, ...] = ()
    note: str | None = None


@attrs.frozen(kw_only=True)
class LeadDepartment:
    """The usual local lead department (牵头部门) for a domain, or for part of it.

    ``scope`` names the part of the domain (e.g. 城市供水、城镇排水与污水处理) when a
    domain is split between departments; ``None`` means the whole domain.
    ``source`` says which document assigns it (e.g. seed 003, 武清区 附件).
    """

    department: str
    source: str
    scope: str | None = None


@attrs.frozen(kw_only=True)
class ExpectedCounts:
    """National totals of a domain's catalog as stated by a source.

    Completeness is reported as found/expected against these numbers; they are
    never used to invent items.
    """

    source: str
    first_level: int | None = None
    second_level: int | None = None


@attrs.frozen(kw_only=True)
class DomainPack:
    """One domain pack.

    ``package`` and ``catalog_file`` locate the national catalog as package data;
    ``distribution`` is filled in by the plugin loader.
    """

    code: str
    name_zh: str
    name_en: str
    ministry: str
    guide: NationalGuide
    rule_prefix: str
    version: str
    package: str
    catalog_file: str = "data/national.yaml"
    aliases: tuple[str, ...] = ()
    lead_departments: tuple[LeadDepartment, ...] = ()
    expected: ExpectedCounts | None = None
    notes: str | None = None
    distribution: str | None = None

    def load_catalog(self) -> LoadedDocument:
        """The national catalog, loaded (and cached) from the pack's data file."""
        return _load_catalog(self.package, self.catalog_file)

    def coverage(self) -> Coverage | None:
        """Completeness of the national catalog, computed from the data (``None`` if the
        data file is unusable); see :mod:`gkstd.packs.coverage`."""
        catalog = self.load_catalog().catalog
        if catalog is None:
            return None
        expected = self.expected
        return catalog_coverage(
            catalog,
            expected.first_level if expected else None,
            expected.second_level if expected else None,
        )

    def catalog_path(self) -> str:
        """A readable name of the catalog data file, for messages."""
        return f"{self.package.replace('.', '/')}/{self.catalog_file}"


@functools.cache
def _load_catalog(package: str, catalog_file: str) -> LoadedDocument:
    try:
        data = resources.files(package).joinpath(catalog_file).read_bytes()
    except (OSError, ImportError, TypeError, ValueError):  # no such file, package or name
        return load_document(f"{package.replace('.', '/')}/{catalog_file}")
    doc = load_document(data)
    name = f"{package.replace('.', '/')}/{catalog_file}"
    return attrs.evolve(
        doc, file=name, findings=tuple(f.with_location(file=name) for f in doc.findings)
    )


@functools.cache
def _pack_converter() -> cattrs.Converter:
    """One converter for all packs: cattrs generates its structuring code once per class
    and converter, so a converter per pack cost a code generation per pack at start-up."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(
        datetime.date,
        lambda v, _: v if isinstance(v, datetime.date) else datetime.date.fromisoformat(str(v)),
    )
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _texts)
    return conv


def _text(value: Any, _: object) -> str:
    """A text field of pack metadata as written: ``None`` is not ``"None"`` and ``0.10``
    (a number to YAML) is not ``"0.1"``."""
    if not isinstance(value, str):
        raise ValueError(
            f"应为文本，收到 {type(value).__name__} {str(value)[:40]!r}（数字、版本号请加引号）"
            f" / expected text, got {type(value).__name__} (quote numbers and versions)"
        )
    return value


def _texts(value: Any, _: object) -> tuple[str, ...]:
    """A list of texts (``aliases``): a single text is not split into its characters."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(
            f"应为文本列表，如 [别名一, 别名二]，收到 {type(value).__name__}"
            f" / expected a list of texts, got {type(value).__name__}"
        )
    return tuple(_text(v, None) for v in value)


def pack_from_directory(package: str, filename: str = "pack.yaml", **overrides: Any) -> DomainPack:
    """Read a pack's metadata from ``filename`` in ``package``.

    The file holds the :class:`DomainPack` fields except ``package`` (``name`` may be
    given as ``{zh, en}``).  It is read as catalogs are (YAML 1.2: ``on``/``no`` stay
    text; a duplicate key is an error), in UTF-8.  Raises :class:`PackDataError` naming
    the file, the line and the field, in Chinese and English.
    """
    where = f"{package.replace('.', '/')}/{filename}"
    try:
        raw = resources.files(package).joinpath(filename).read_bytes()
    except (OSError, ImportError, TypeError, ValueError) as exc:
        raise PackDataError(
            f"{where}：无法读取（{exc}）；请确认文件随发行包安装（package-data）",
            f"{where}: cannot be read ({exc}); check that it is installed with the "
            "distribution (package-data)",
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise PackDataError(
            f"{where} 第 {line} 行：不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8",
            f"{where} line {line}: not UTF-8 (GBK?); save it as UTF-8",
        ) from None
    if "*" in text and _has_alias(text):  # an alias is written *name: most files hold no "*"
        raise PackDataError(
            f"{where}：不能使用 YAML 别名（*名称）；请把内容直接写出",
            f"{where}: YAML aliases (*name) are not allowed in pack metadata; write the values out",
        )
    parsed = parse_text(text, where)
    errors = [f for f in parsed.findings if f.severity is Severity.ERROR]
    if errors or parsed.data is None:
        raise PackDataError(
            "；".join(_at(where, f.location.line, f.message) for f in errors) or where,
            "; ".join(_at(where, f.location.line, f.message_en, en=True) for f in errors) or where,
        )
    data = parsed.data
    if not isinstance(data, dict):
        raise PackDataError(
            f"{where}：顶层应为映射（字段: 值）", f"{where}: the top level must be a mapping"
        )
    name = data.pop("name", None)
    if isinstance(name, dict):
        data.setdefault("name_zh", name.get("zh"))
        data.setdefault("name_en", name.get("en"))
    elif name is not None:
        at = parsed.lines.get("$.name")
        raise PackDataError(
            _at(where, at, "name 应写成 {zh: 中文名称, en: English name}"),
            _at(where, at, "name must be {zh: Chinese name, en: English name}", en=True),
        )
    unknown = [k for k in data if k not in _FIELDS]
    if unknown:
        at = parsed.lines.get(f"$.{unknown[0]}")
        known = ", ".join(sorted(_FIELDS - {"package", "name_zh", "name_en"} | {"name"}))
        listed = "、".join(map(str, unknown))
        raise PackDataError(
            _at(where, at, f"有未知字段 {listed}（拼写？）；可用的字段：{known}"),
            _at(
                where,
                at,
                f"unknown field(s) {', '.join(map(str, unknown))} (a typo?); the fields: {known}",
                en=True,
            ),
        )
    data["package"] = package
    data.update(overrides)
    try:
        return _pack_converter().structure(data, DomainPack)
    except Exception as exc:
        problems = cattrs.transform_error(exc, path="$", format_exception=_problem)
        zh, en = [], []
        for problem in problems:
            text, _, path = problem.rpartition(" @ ")
            field = path.removeprefix("$.") or "$"
            at = parsed.lines.get(path) or parsed.lines.get(path.split("[")[0])
            said_zh, _, said_en = text.partition(" / ")
            zh.append(_at(where, at, f"{field}：{said_zh}"))
            en.append(_at(where, at, f"{field}: {said_en or said_zh}", en=True))
        raise PackDataError("；".join(zh), "; ".join(en)) from exc


_FIELDS = frozenset(attrs.fields_dict(DomainPack))


def _at(where: str, line: int | None, text: str, *, en: bool = False) -> str:
    """``where`` and ``line`` before ``text``, as the messages say them."""
    if line is None:
        return f"{where}: {text}" if en else f"{where}：{text}"
    return f"{where} line {line}: {text}" if en else f"{where} 第 {line} 行：{text}"


def _has_alias(text: str) -> bool:
    try:
        return any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, _LOADER))
    except yaml.YAMLError:
        return False  # the parse below says what is wrong


def _problem(exc: BaseException, wanted: type | None) -> str:
    """One field's problem, Chinese / English (cattrs says only English)."""
    if isinstance(exc, ValueError) and " / " in str(exc):  # _text's and _texts' own words
        return str(exc)
    if isinstance(exc, KeyError):
        return "缺少必填字段 / required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = ", ".join(sorted(exc.extra_fields))
        return f"有未知字段 {extra}（拼写？） / unknown field(s) {extra} (a typo?)"
    choices = get_args(wanted) if get_origin(wanted) is Literal else ()
    if choices:
        listed = "、".join(map(str, choices))
        return f"应为以下之一：{listed} / expected one of: {', '.join(map(str, choices))}"
    name = getattr(wanted, "__name__", None) or str(wanted)
    if isinstance(exc, TypeError | ValueError | AttributeError):
        return f"取值不对（应为 {name}） / invalid value (expected {name})"
    return f"取值不对（{exc}） / invalid value ({exc})"
