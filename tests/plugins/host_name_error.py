"""Fails at import with a NameError raised inside a helper of this module."""


def _build() -> list[object]:
    return [undefined_name]  # type: ignore[name-defined]  # noqa: F821  # the failing line


PACKS = _build()
