"""Catalog inheritance: tailorings (``extends``), complete catalogs (``conforms_to``),
resolution with provenance, refinement orders and the GK2xx rules.

* :mod:`gkstd.inherit.rules` — the GK2xx rule objects;
* :mod:`gkstd.inherit.orders` — element refinement orders;
* :mod:`gkstd.inherit.resolved` — :class:`ResolvedCatalog` and provenance;
* :mod:`gkstd.inherit.locate` — finding the parent a reference names;
* :mod:`gkstd.inherit.workspace` — resolving and validating with shared parents;
* :mod:`gkstd.inherit.diff` — item-by-item differences;
* :mod:`gkstd.inherit.derive` — starter tailorings.
"""
