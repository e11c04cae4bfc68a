"""The rule engine and the core rules (GK1xx, GK3xx, GK7xx) that check one catalog.

Floor 5 of the layers (docs/architecture.md): imports model, diagnostics, timing and io.
"""
