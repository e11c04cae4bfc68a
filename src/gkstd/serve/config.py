"""The settings of ``gkstd serve``: command-line options, else ``GKSTD_SERVE_*``
environment variables, else safe defaults (loopback, bounded uploads and time)."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping

import attrs

from gkstd.diagnostics.errors import GkstdError

__all__ = ["ServeConfig", "ServeConfigError"]

_MB = 1 << 20


class ServeConfigError(GkstdError):
    """A setting of the service cannot be read (the message names it and the fix)."""


def _positive(name: str, kind: type[int] | type[float]):  # type: ignore[no-untyped-def]
    def check(_: object, attribute: attrs.Attribute[object], value: float) -> None:
        if (
            not isinstance(value, (int, float))
            or not math.isfinite(value)  # nan: every comparison false, no budget at all
            or value <= 0
            or (kind is int and value != int(value))
        ):
            raise ServeConfigError(
                f"{name} 必须是正{'整' if kind is int else ''}数，现为 {value!r}。",
                f"{name} must be a positive {'integer' if kind is int else 'number'}, not {value!r}.",
            )

    return check


@attrs.frozen(kw_only=True)
class ServeConfig:
    """How the service runs.

    ``workers`` processes do the work (each builds the registry once); at most
    ``queue`` more requests wait for one, the next gets HTTP 503 (GK803).  ``timeout``
    is each request's time budget in seconds: past it the request gets HTTP 504 (GK803)
    and its worker is replaced.  ``max_upload`` bounds the bytes of one request,
    ``max_files`` the files of one batch check (zip members included).
    ``upload_memory`` bounds the bytes of the uploads admitted at one time (each
    counted at its declared ``Content-Length``, or ``max_upload`` when it declares none):
    an upload takes about five times its size in the server process, so the server's
    uploads stay under about five times this; one upload is always admitted.  ``workers=0``
    runs the work in the server's own threads (tests; no time budget is enforced).
    """

    host: str = "127.0.0.1"
    port: int = attrs.field(default=8080, validator=_positive("port", int))
    workers: int = attrs.field(default=2)
    queue: int = attrs.field(default=16, validator=_positive("queue", int))
    timeout: float = attrs.field(default=120.0, validator=_positive("timeout", float))
    max_upload: int = attrs.field(default=50 * _MB, validator=_positive("max_upload", int))
    upload_memory: int = attrs.field(default=256 * _MB, validator=_positive("upload_memory", int))
    max_files: int = attrs.field(default=500, validator=_positive("max_files", int))
    access_log: bool = True
    root_path: str = ""

    @port.validator
    def _port(self, _: attrs.Attribute[int], value: int) -> None:
        if value > 65535:
            raise ServeConfigError(
                f"port 必须在 1–65535 之间，现为 {value!r}。",
                f"port must be between 1 and 65535, not {value!r}.",
            )

    @workers.validator
    def _workers(self, _: attrs.Attribute[int], value: int) -> None:
        if not isinstance(value, int) or value < 0:
            raise ServeConfigError(
                f"workers 必须是不小于 0 的整数，现为 {value!r}。",
                f"workers must be an integer of at least 0, not {value!r}.",
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> ServeConfig:
        """Settings from ``GKSTD_SERVE_HOST``, ``_PORT``, ``_WORKERS``, ``_QUEUE``,
        ``_TIMEOUT``, ``_MAX_UPLOAD`` and ``_UPLOAD_MEMORY`` (bytes, or with a ``MB`` suffix), ``_MAX_FILES``,
        ``_ACCESS_LOG`` (0/1) and ``_ROOT_PATH``; ``overrides`` that are not ``None`` (the
        command-line options) win."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        readers: dict[str, Callable[[str], object]] = {
            "host": str,
            "port": int,
            "workers": int,
            "queue": int,
            "timeout": float,
            "max_upload": _size,
            "upload_memory": _size,
            "max_files": int,
            "access_log": _flag,
            "root_path": str,
        }
        for name, read in readers.items():
            text = env.get(f"GKSTD_SERVE_{name.upper()}")
            if text is None or not text.strip():
                continue
            try:
                values[name] = read(text.strip())
            except ValueError:
                raise ServeConfigError(
                    f"环境变量 GKSTD_SERVE_{name.upper()} 的取值 {text!r} 无法识别。",
                    f"The environment variable GKSTD_SERVE_{name.upper()} has an unreadable "
                    f"value {text!r}.",
                ) from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _size(text: str) -> int:
    """Bytes, or megabytes with a ``MB``/``M`` suffix."""
    upper = text.upper().removesuffix("B")
    if upper.endswith("M"):
        return int(float(upper[:-1]) * _MB)
    if upper.endswith("K"):
        return int(float(upper[:-1]) * 1024)
    return int(upper)


def _flag(text: str) -> bool:
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(text)
