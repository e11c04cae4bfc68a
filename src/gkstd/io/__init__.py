"""Reading and writing documents: parse, decode, schema and shape check, structure, dump,
and the load codes (GK0xx) the loader reports.

Floor 4 of the layers (docs/architecture.md): imports model, diagnostics and timing.
"""
