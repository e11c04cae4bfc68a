"""Diagnostics: findings, reports, rules as declarations, the context a rule sees, zh/en text.

Floor 2 of the layers (docs/architecture.md): imports only :mod:`gkstd.model`.
"""
