"""Broken: the module imports a dependency that is not installed."""

import gkstd_missing_dependency  # type: ignore[import-not-found]  # noqa: F401

plugin = None
