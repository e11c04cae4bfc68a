"""What a pack's author declares a rule with is checked when the rule is declared: a
mistake is an :class:`ArgumentError` in Chinese (English in ``message_en``) naming the
file and line of the declaration, the rule, the argument and how to write it, never
Python's own words about ``Text.__init__``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from gkstd.diagnostics.arguments import ArgumentError
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.messages import Message
from gkstd.diagnostics.rule import Rule, rule

HERE = Path(__file__).resolve()

ARGS: dict[str, Any] = {
    "code": "XX101",
    "severity": Severity.WARNING,
    "title": ("标题", "Title"),
    "rationale": ("理由", "Why"),
    "basis": "依据",
    "bad": "id: a\nname: A",
    "good": "id: a\nname: A",
}


@pytest.mark.parametrize(
    ("argument", "value", "shown"),
    [
        ("title", "事项没有公开内容", "str '事项没有公开内容'"),
        ("title", "标题", "str '标题'"),  # two characters: had become zh 标, en 题
        ("title", ("只有中文",), "tuple ('只有中文',)"),
        ("title", ("中文", "English", "多余"), "tuple"),
        ("title", ("中文", None), "tuple ('中文', None)"),
        ("rationale", "条例第十二条要求公开目录。", "str '条例第十二条要求公开目录。'"),
        ("fix", "请补充公开内容", "str '请补充公开内容'"),
        ("messages", "事项“{name}”没有公开内容。", "str '事项“{name}”没有公开内容。'"),
        ("messages", ("事项“{name}”没有公开内容。",), "tuple"),
        ("messages", {"default": "事项“{name}”没有公开内容。"}, "str"),
        ("messages", {"partial": ("中文",)}, "tuple ('中文',)"),
    ],
)
def test_a_bilingual_argument_that_is_no_pair_is_refused_in_chinese_naming_the_place(
    argument: str, value: Any, shown: str
) -> None:
    with pytest.raises(ArgumentError) as info:
        rule(**{**ARGS, argument: value})
    line = sys._getframe().f_lineno - 1
    error = info.value
    assert isinstance(error, TypeError)  # what Python raised before, still catchable as such
    zh, en = error.message, error.message_en
    assert str(error) == zh
    assert zh.startswith(f"{HERE}:{line} rule('XX101', {argument}=")
    assert en.startswith(f"{HERE}:{line} rule('XX101', {argument}=")
    assert "应为一对文本 (中文, English)" in zh
    assert f"收到 {shown}" in zh
    assert "expected a pair of texts (中文, English)" in en
    assert "请写成" in zh
    assert "write" in en.lower()
    for text in (zh, en):
        assert "__init__" not in text
        assert "positional argument" not in text
    if isinstance(value, str):
        assert "一个字符串只有一种语言" in zh
        assert "One string holds one language only" in en


def test_a_title_given_alone_is_shown_as_the_chinese_of_the_pair_to_write() -> None:
    with pytest.raises(ArgumentError) as info:
        rule(**{**ARGS, "title": "事项没有公开内容"})
    assert 'title=("事项没有公开内容", "English …")' in info.value.message
    assert 'title=("事项没有公开内容", "English …")' in info.value.message_en


def test_a_named_message_that_is_no_pair_names_its_variant() -> None:
    with pytest.raises(ArgumentError) as info:
        rule(**{**ARGS, "messages": {"default": ("中文", "English"), "partial": "部分"}})
    assert "rule('XX101', messages={'partial': …})" in info.value.message
    assert 'messages={"partial": ("中文消息“{name}”", "English message {name!r}")}' in (
        info.value.message
    )


def test_a_rule_built_directly_is_refused_with_its_argument_named() -> None:
    """``Rule(...)`` without :func:`rule`: the messages still refused in Chinese."""
    with pytest.raises(ArgumentError, match=r"Rule\(messages=…\)：应为一对文本"):
        Rule(
            "XX101",
            Severity.INFO,
            Text("标题", "Title"),
            Text("理由", "Why"),
            "依据",
            rule(**ARGS).bad,
            rule(**ARGS).good,
            messages="只有中文",  # type: ignore[arg-type]
        )


def test_the_accepted_spellings_of_a_pair_still_work() -> None:
    declared = rule(
        **{
            **ARGS,
            "title": ["标题", "Title"],  # a list of two texts, as YAML or JSON gives it
            "rationale": Text("理由", "Why"),
            "fix": ("改法", "Fix"),
            "messages": {"default": ("“{name}”", "{name!r}"), "other": Message("甲", "a")},
        }
    )
    assert declared.title == Text("标题", "Title")
    assert declared.rationale == Text("理由", "Why")
    assert declared.fix == Text("改法", "Fix")
    assert declared.messages["default"].fields == {"name"}
    assert declared.messages["other"] == Message("甲", "a")
    assert rule(**{**ARGS, "messages": ("“{name}”", "{name!r}")}).messages["default"].zh == (
        "“{name}”"
    )
    assert rule(**{**ARGS, "fix": None}).fix is None
