"""Writing catalogs as format 1.0 YAML or JSON."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from gkstd.io.converter import unstructure_catalog
from gkstd.model import Catalog

__all__ = ["dump_catalog"]


#: libyaml's emitter when PyYAML has it (about 4× faster; the same text on the catalogs of
#: the packs and the real tables; long double-quoted strings fold at other places), else
#: PyYAML's own.  One emitter for every dump, so a catalog checked from its dumped text
#: (``gkstd import``) has the lines of the file written.
_Base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):  # type: ignore[valid-type,misc]
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


def dump_catalog(
    catalog: Catalog, fmt: str = "yaml", *, extra: dict[str, Any] | None = None
) -> str:
    """Serialise ``catalog`` as a format 1.0 document, ``yaml`` (default) or ``json``.

    ``extra`` adds derived top-level keys after the items (e.g. ``provenance``).
    """
    data = unstructure_catalog(catalog)
    data.update(extra or {})
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
