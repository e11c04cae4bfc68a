"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import gkstd
from gkstd.plugins.registry import Registry

pytest_plugins = ["pytester"]  # tests of the gkstd pytest plugin

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def load_script(name: str, path: Path) -> ModuleType:
    """The script at ``path`` (a benchmark, a data builder: no package) imported as the
    module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--run-slow``: run the tests marked ``slow`` outside CI too."""
    parser.addoption(
        "--run-slow", action="store_true", help="run tests marked slow (always run when CI is set)"
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``slow`` marker."""
    config.addinivalue_line(
        "markers",
        "slow: long test (every pack's conformance, big properties, the accuracy corpus); "
        "skipped in a local run unless --run-slow, always run in CI (CI=true, tox, .ci/run)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the slow tests in a quick local run; CI runs everything."""
    if os.environ.get("CI") or config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (CI runs it)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The registry of the installed plugins (core + first-party packs)."""
    return gkstd.registry()


MINIMAL = """gkstd: "1.0"
id: test/county
domain: municipal-services
title: 测试县市政服务领域基层政务公开标准目录
jurisdiction: {name: 测试县, level: 县级}
items:
  - id: gas
    name: 城镇燃气管理
    items:
      - id: gas.permit
        name: 燃气经营许可证核发
        content: [申请条件, 申请材料]
        basis:
          - {title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}
        time_limit: {kind: working_days, days: 20, text: 20个工作日}
        subject: 测试县住房和城乡建设局
        method: 主动
        channels: [政府网站]
        audience: 全社会
        levels: [县级]
"""


@pytest.fixture
def minimal_text() -> str:
    """A small, clean county catalog."""
    return MINIMAL


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A Dask client on a LocalCluster of two single-threaded worker processes, started
    once for the test session (the distributed check and the distributed audit share it)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the extra is not installed
        pytest.skip("pip install 'gkstd[distributed]'")
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as made,
    ):
        yield made
