"""The kit's settings from a pytest run: ``--gkstd-xfail``/ini ``gkstd_xfail`` and
``--gkstd-examples``/ini ``gkstd_examples`` (the options are added by the plugin
:mod:`gkstd_pytest`; reading them lives here so that the kit never imports the plugin)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

__all__ = ["examples", "xfail_entries"]


def _option(config: pytest.Config, name: str) -> Any:
    value = config.getoption(name.replace("-", "_"))
    if value in (None, "", []):
        value = config.getini(name.replace("-", "_")) or None
    return value


_XFAIL = pytest.StashKey[dict[tuple[str, str], str]]()


def xfail_entries(config: pytest.Config) -> dict[tuple[str, str], str]:
    """The entries of the xfail file named by ``--gkstd-xfail`` or ini ``gkstd_xfail``
    (read once per run); a malformed file is a usage error naming the file and entry."""
    if _XFAIL in config.stash:
        return config.stash[_XFAIL]
    from gkstd.testing.conformance import XfailFileError, load_xfail

    entries: dict[tuple[str, str], str] = {}
    xfail_file = _option(config, "gkstd-xfail")
    if xfail_file:
        path = Path(xfail_file)
        if not path.is_absolute() and not path.exists():
            path = config.rootpath / path
        from gkstd.plugins.manager import default_registry

        try:
            entries = load_xfail(path, packs=default_registry().packs)
        except XfailFileError as exc:
            raise pytest.UsageError(f"gkstd xfail: {exc}") from None
    config.stash[_XFAIL] = entries
    return entries


def examples(config: pytest.Config) -> int | None:
    """``--gkstd-examples`` or ini ``gkstd_examples``, if given."""
    value = _option(config, "gkstd-examples")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise pytest.UsageError(f"gkstd_examples: {value!r} is not a number") from None
