"""Writing catalogs as format 1.0 YAML or JSON."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from gkstd.diagnostics.collector import collector_paused
from gkstd.io.converter import unstructure_catalog
from gkstd.model import Catalog

__all__ = ["dump_catalog"]


class _Dumper(yaml.SafeDumper):
    """SafeDumper that also quotes what gkstd's stricter reader would type (e.g. ``1e5``)."""


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)


_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Double-quote (escaped) strings with characters YAML would fold or reject."""
    if _SPECIAL.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


#: libyaml's emitter with the same resolvers and representers, when PyYAML has it: about
#: 4× faster.  It escapes what PyYAML writes as is (characters outside the BMP, such as
#: 𠀀 in a place name) and folds long quoted text elsewhere, so it is used only when its
#: text holds no escape at all; then it is PyYAML's text (checked on every pack and real
#: table, and by a property test).
_FAST: type[Any] | None = None
if hasattr(yaml, "CSafeDumper"):

    class _FastDumper(yaml.CSafeDumper):
        """libyaml's emitter, gkstd's resolvers and representers."""

    _FastDumper.yaml_implicit_resolvers = {
        key: list(value) for key, value in _Dumper.yaml_implicit_resolvers.items()
    }
    _FastDumper.yaml_representers = dict(_Dumper.yaml_representers)
    _FAST = _FastDumper


# PyYAML makes a node per value: the collector would walk them again and again (a third of
# writing a 3,000-row catalog)
@collector_paused()
def _yaml(data: Any) -> str:
    options: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 100}
    if _FAST is not None:
        text: str = yaml.dump(data, Dumper=_FAST, **options)
        if "\\" not in text:
            return text
    return str(yaml.dump(data, Dumper=_Dumper, **options))


def dump_catalog(
    catalog: Catalog, fmt: str = "yaml", *, extra: dict[str, Any] | None = None
) -> str:
    """Serialise ``catalog`` as a format 1.0 document, ``yaml`` (default) or ``json``.

    ``extra`` adds derived top-level keys after the items (e.g. ``provenance``).
    """
    data = unstructure_catalog(catalog)
    data.update(extra or {})
    return dump_data(data, fmt)


def dump_data(data: dict[str, Any], fmt: str = "yaml") -> str:
    """Serialise format 1.0 ``data`` (:func:`~gkstd.io.converter.unstructure_catalog`'s) as
    :func:`dump_catalog` does, for a caller that needs the data too."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _yaml(data)
