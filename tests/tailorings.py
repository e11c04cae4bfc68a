"""Small tailoring documents for the tests of running in several processes: a county of a
pack and townships below it, each adding one local item."""

from __future__ import annotations

from typing import Any

#: Two installed packs the corpora use.
DOMAINS = ("urban-law-enforcement", "work-safety")


def tailoring(domain: str, name: str, level: str, parent: str, ident: str) -> dict[str, Any]:
    """A tailoring of ``parent`` for government ``name`` at ``level``, adding one item."""
    return {
        "gkstd": "1.0",
        "id": ident,
        "domain": domain,
        "title": f"{name}{domain}目录",
        "jurisdiction": {"name": name, "level": level},
        "extends": parent,
        "items": [
            {
                "id": f"{ident}-local",
                "name": f"{name}本地事项",
                "content": ["事项名称"],
                "subject": f"{name}人民政府",
                "channels": ["政府网站"],
            }
        ],
    }
