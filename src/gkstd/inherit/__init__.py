"""Catalog inheritance: tailorings (``extends``), complete catalogs (``conforms_to``),
matching items to a parent, refinement orders, resolution with provenance, the GK2xx rules.

Floor 6 of the layers (docs/architecture.md): imports model, diagnostics, timing, io and
rules; the registry it needs is passed in (or set by ``gkstd/__init__``).

* :mod:`gkstd.inherit.rules` — the GK2xx rule objects;
* :mod:`gkstd.inherit.orders` — element refinement orders;
* :mod:`gkstd.inherit.matching`, :mod:`gkstd.inherit.mapping` — which local item is which
  parent item, and the user's item map;
* :mod:`gkstd.inherit.conform`, :mod:`gkstd.inherit.compare` — checking a complete catalog;
* :mod:`gkstd.inherit.tailor` — resolving a tailoring: compare, place, level view, rebuild;
* :mod:`gkstd.inherit.resolved` — :class:`ResolvedCatalog` and provenance;
* :mod:`gkstd.inherit.locate` — finding the parent a reference names;
* :mod:`gkstd.inherit.workspace` — resolving and validating with shared parents;
* :mod:`gkstd.inherit.diff` — item-by-item differences;
* :mod:`gkstd.inherit.derive` — starter tailorings.
"""
