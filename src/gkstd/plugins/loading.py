"""Internal to the plugin host: one plugin being loaded (:class:`LoadedPlugin`) and the
containment of each loading step (:func:`contained`): any exception, ``SystemExit``
included, becomes the plugin's failure with the file and line it came from (the common
failures at import said in words, :mod:`gkstd.plugins.reasons`); its standard output goes
to standard error; its changes to ``GKSTD_*`` variables are undone."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.alarm import alarm_handler, alarm_usable
from gkstd.diagnostics.divert import diverted
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.i18n import Text
from gkstd.plugins import hookspecs
from gkstd.plugins.reasons import explain

__all__ = [
    "ENV_PREFIX",
    "HOOKS",
    "MIGRATIONS",
    "ORDERS",
    "PACKS",
    "RULES",
    "LoadedPlugin",
    "Rejected",
    "contained",
    "flag",
    "type_name",
]

#: The hooks, in the order they are called: the functions of :mod:`hookspecs` marked as
#: hook specifications (the one source of the hook list).
HOOKS: tuple[str, ...] = tuple(
    name
    for name, value in vars(hookspecs).items()
    if name.startswith("gkstd_") and hasattr(value, "gkstd_spec")
)
PACKS, RULES, MIGRATIONS, ORDERS = (
    "gkstd_register_packs",
    "gkstd_register_rules",
    "gkstd_register_migrations",
    "gkstd_register_element_orders",
)
#: The environment settings a plugin may not change (read before loading, restored after).
ENV_PREFIX = "GKSTD_"


def flag(name: str) -> bool:
    """Whether the environment variable ``name`` is set to a true value."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


class Rejected(Exception):
    """A plugin's own mistake, with the bilingual reason."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@attrs.define(eq=False)
class LoadedPlugin:
    """One plugin while it loads: where it comes from, what its hooks returned, its
    error, warnings and notes, and the time it took."""

    name: str
    load: Callable[[], object]
    distribution: str | None
    version: str | None
    first_party: bool
    builtin: bool = False
    direct: bool = False  # passed to build_registry(plugins=...), not an entry point
    module: str | None = None  # the plugin's module, to find its frames in a traceback
    obj: Any = None
    # Any: plugins may return anything; check_plugin verifies the types.
    results: dict[str, list[Any]] = attrs.field(factory=dict)
    wrapper_hooks: frozenset[str] = frozenset()
    proxy: str | None = None  # name of the registered object holding its hook wrappers
    api: str | None = None
    error: tuple[str, str] | None = None
    warnings: list[Text] = attrs.field(factory=list)
    notes: list[Text] = attrs.field(factory=list)
    seconds: float = 0.0

    @property
    def packs(self) -> list[Any]:
        """The domain packs its hook returned (see ``check_plugin``)."""
        return self.results.get(PACKS, [])

    @property
    def rules(self) -> list[Any]:
        """The rules its hook returned (see ``check_plugin``)."""
        return self.results.get(RULES, [])

    @property
    def migrations(self) -> list[Any]:
        """The migrations its hook returned (see ``check_plugin``)."""
        return self.results.get(MIGRATIONS, [])

    @property
    def orders(self) -> list[Any]:
        """The element orders its hook returned (see ``check_plugin``)."""
        return self.results.get(ORDERS, [])

    def who(self) -> Text:
        """The plugin, its distribution and version, for messages."""
        if self.builtin:
            return Text(
                f"gkstd 内置插件 {self.name}（发行包 gkstd）",
                f"gkstd built-in plugin {self.name} (distribution gkstd)",
            )
        if self.distribution is None and self.direct:
            return Text(
                f"插件 {self.name}（无发行包，直接传入）",
                f"plugin {self.name} (no distribution, passed in directly)",
            )
        if self.distribution is None:
            return Text(
                f"插件 {self.name}（发行包未知）", f"plugin {self.name} (unknown distribution)"
            )
        version = f" {self.version}" if self.version else ""
        return Text(
            f"插件 {self.name}（发行包 {self.distribution}{version}）",
            f"plugin {self.name} (distribution {self.distribution}{version})",
        )

    def fail(self, zh: str, en: str) -> None:
        """Record the first failure (later ones follow from it)."""
        if self.error is None:
            who = self.who()
            self.error = (f"{who.zh}未能加载：{zh}", f"{who.en} failed to load: {en}")


# -- containment -------------------------------------------------------------------------


def _in_plugin(entry: LoadedPlugin, frame_globals: Mapping[str, Any]) -> bool:
    if entry.module is None:
        return False
    name = str(frame_globals.get("__name__", ""))
    top = entry.module.split(".")[0]
    return name == top or name.startswith(top + ".")


def _where(entry: LoadedPlugin, exc: BaseException) -> str | None:
    """``file:line`` of the failure: a syntax error's own place, else the last traceback
    frame in the plugin's package, else the last frame outside the import machinery
    (not for gkstd's own errors, whose messages name the plugin's file: a frame of
    gkstd's there read as a bug of gkstd's)."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    frames = list(traceback.walk_tb(exc.__traceback__))
    own = [(f, n) for f, n in frames if _in_plugin(entry, f.f_globals)]
    if not own and isinstance(exc, GkstdError):
        return None
    if not own:
        here = Path(__file__).resolve().parent
        own = [
            (f, n)
            for f, n in frames
            if not f.f_code.co_filename.startswith("<")
            and Path(f.f_code.co_filename).resolve().parent != here
            and "pluggy" not in Path(f.f_code.co_filename).parts
            and "importlib" not in Path(f.f_code.co_filename).parts
        ]
    if not own:
        return None
    frame, line = own[-1]
    return f"{frame.f_code.co_filename}:{line}"


def _describe(entry: LoadedPlugin, step: Text, exc: BaseException) -> None:
    if isinstance(exc, Rejected):
        entry.fail(exc.zh, exc.en)
        return
    where = _where(entry, exc)
    explained = explain(exc, entry.module.split(".")[0] if entry.module else None)
    if explained is not None:  # a file not in UTF-8, a syntax error, a missing module …
        what, what_en, place = explained
        where = place or where
    elif isinstance(exc, SystemExit):
        what = what_en = f"SystemExit: sys.exit({exc.code!r})"
    elif isinstance(exc, GkstdError):
        what, what_en = (f"{type(exc).__name__}: {m}" for m in (exc.message, exc.message_en))
        if where and where in exc.message:  # the message names the place itself
            where = None
    else:
        what = what_en = f"{type(exc).__name__}: {exc}"
    at_zh = f"（{where}）" if where else ""
    at_en = f" ({where})" if where else ""
    entry.fail(f"{step.zh}出错{at_zh}：{what}", f"error {step.en}{at_en}: {what_en}")
    if flag("GKSTD_DEBUG"):
        print(f"--- gkstd: {entry.who().en}: {step.en} ---", file=sys.stderr)
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


def _restore_env(entry: LoadedPlugin, snapshot: Mapping[str, str]) -> None:
    changed = sorted(
        {k for k in os.environ if k.startswith(ENV_PREFIX) and os.environ[k] != snapshot.get(k)}
        | {k for k in snapshot if k not in os.environ}
    )
    for key in changed:
        if key in snapshot:
            os.environ[key] = snapshot[key]
        else:
            del os.environ[key]
    if changed:
        names = ", ".join(changed)
        entry.warnings.append(
            Text(
                f"{entry.who().zh}在加载时修改了环境变量 {names}，已撤销",
                f"{entry.who().en} changed the environment variable(s) {names} while "
                "loading; the change was undone",
            )
        )


class PluginTimeout(BaseException):
    """A loading step ran past ``max_plugin_fail_seconds`` (a ``BaseException``, so that
    the plugin's own ``except Exception`` does not swallow it)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"加载超过 {seconds:g} 秒，已停止 / stopped after {seconds:g} s")


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the body after ``seconds`` (``SIGALRM``): in the main thread on POSIX,
    when no interval timer of someone else's runs; elsewhere the body is not limited."""
    if not (seconds > 0 and alarm_usable()):
        yield
        return

    def fire(signum: int, frame: object) -> None:
        raise PluginTimeout(seconds)

    with alarm_handler(fire):
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield


@contextlib.contextmanager
def _kept_stdout() -> Iterator[None]:
    """Put ``sys.stdout`` back if the block (a plugin) replaced it."""
    saved = sys.stdout
    try:
        yield
    finally:
        sys.stdout = saved


@contextlib.contextmanager
def contained(entry: LoadedPlugin, step: Text, env: Mapping[str, str]) -> Iterator[None]:
    """Run one loading step of ``entry``: failures become its error (a step past
    ``max_plugin_fail_seconds`` too), its standard output goes to standard error (each
    line prefixed with its name), environment changes are undone, the time is counted."""
    out = io.StringIO()
    saved_err = sys.stderr
    start = time.perf_counter()
    try:
        with diverted(out), _kept_stdout(), _deadline(limits.get("max_plugin_fail_seconds")):
            yield
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit of a plugin is its failure
        _describe(entry, step, exc)
    finally:
        entry.seconds += time.perf_counter() - start
        sys.stderr = saved_err  # a plugin that replaced it
        _restore_env(entry, env)
        text = out.getvalue()
        if text:
            for line in text.splitlines():
                print(f"[{entry.name}] {line}", file=sys.stderr)


def type_name(value: object) -> str:
    """The type of ``value`` for messages (``None`` for None)."""
    return "None" if value is None else type(value).__name__
