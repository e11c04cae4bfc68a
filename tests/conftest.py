"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import os

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
