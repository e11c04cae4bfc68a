"""The fuzzing harness: one contract for every entry point, checked the same way.

A public function returns findings or raises :class:`gkstd.GkstdError`; a CLI command ends
with exit code 0, 1 or 2 and a message, never exit 3 (``gkstd 内部错误``), a Python
traceback, a reader's panic or abort, more than :func:`gkstd.limits.get` ``("max_seconds")``
seconds or more than 2 GB of memory.

* :func:`call` runs a library call in this process and returns the outcome;
* :func:`cli` runs ``gkstd`` in this process (click's runner): quick, for many examples;
* :func:`cli_subprocess` runs ``gkstd`` in a child process under a memory limit
  (``RLIMIT_AS``) and a time limit: the only way to see an abort (SIGABRT) or a runaway
  allocation without taking the test run down.

The number of hypothesis examples is ``GKSTD_FUZZ_EXAMPLES`` (default: a short smoke run
in the normal suite; maintainers run a long one, see ``docs/limits.md``).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

import gkstd
from gkstd.cli.main import cli as gkstd_cli

#: hypothesis examples per fuzz test (smoke run by default).
EXAMPLES = int(os.environ.get("GKSTD_FUZZ_EXAMPLES", "40"))
#: seconds one input may take.
SECONDS = gkstd.limits.get("max_seconds")
#: address-space limit of a child process (bytes).
MEMORY = 2 * 1024**3

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("GKSTD_FUZZ_RANDOM") is None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

_BAD_TEXT = ("Traceback (most recent call last)", "内部错误", "internal error", "panicked at")


@attrs.frozen
class Outcome:
    """What one run did: ``exit_code`` (CLI) or ``value``/``error`` (library), its output
    and how long it took."""

    exit_code: int | None
    output: str
    seconds: float
    value: Any = None
    error: BaseException | None = None


def check(outcome: Outcome, what: str) -> Outcome:
    """Fail unless ``outcome`` keeps the contract (see the module docstring)."""
    assert outcome.seconds <= SECONDS, f"{what}: took {outcome.seconds:.1f} s"
    if outcome.error is not None:
        assert isinstance(outcome.error, gkstd.GkstdError), (
            f"{what}: raised {type(outcome.error).__name__}: {outcome.error}\n"
            + "".join(traceback.format_exception(outcome.error))
        )
    if outcome.exit_code is not None:
        assert outcome.exit_code in (0, 1, 2), (
            f"{what}: exit {outcome.exit_code}\n{outcome.output[-3000:]}"
        )
    for bad in _BAD_TEXT:
        assert bad not in outcome.output, f"{what}: output has {bad!r}\n{outcome.output[-3000:]}"
    return outcome


def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
    """Run a library call; a :class:`gkstd.GkstdError` is a kept contract, anything else
    is reported by :func:`check`."""
    start = time.perf_counter()
    try:
        value = function(*args, **kwargs)
    except Exception as exc:  # the contract under test
        return check(Outcome(None, "", time.perf_counter() - start, error=exc), repr(args)[:200])
    return check(Outcome(None, "", time.perf_counter() - start, value=value), repr(args)[:200])


def cli(args: Sequence[str], *, input: str | bytes | None = None) -> Outcome:
    """Run ``gkstd ARGS`` in this process (exceptions surface as exit code 3 + traceback)."""
    runner = CliRunner()
    start = time.perf_counter()
    result = runner.invoke(gkstd_cli, list(args), input=input, catch_exceptions=True)
    output = result.output
    code = result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        code = 3
        output += "".join(traceback.format_exception(result.exception))
    return check(Outcome(code, output, time.perf_counter() - start), "gkstd " + " ".join(args))


def _limit_memory() -> None:  # runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def cli_subprocess(args: Sequence[str], *, cwd: str | None = None) -> Outcome:
    """Run ``gkstd ARGS`` in a child process with the memory and time limits; a signal
    (abort, kill) or a timeout fails :func:`check`."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "gkstd", *args],
            capture_output=True,
            text=True,
            timeout=SECONDS + 5,  # interpreter start-up included
            preexec_fn=_limit_memory,
            cwd=cwd,
            env={**os.environ, "GKSTD_LANG": "zh"},
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"gkstd {' '.join(args)}: no answer in {exc.timeout} s") from exc
    seconds = time.perf_counter() - start - 0.3  # less the interpreter start-up
    code = proc.returncode
    assert code >= 0, f"gkstd {' '.join(args)}: killed by signal {-code}\n{proc.stderr[-3000:]}"
    return check(Outcome(code, proc.stdout + proc.stderr, max(seconds, 0.0)), " ".join(args))
