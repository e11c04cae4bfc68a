"""First-party domain packs of gkstd, one sub-package per pilot domain.

Nothing is imported here: each pack is found through its own entry point in the
``gkstd`` group, exactly like a third-party pack, and can be disabled on its own.
"""
