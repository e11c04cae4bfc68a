"""What a pack's author declares a rule with is checked when the rule is declared: a
mistake is an :class:`ArgumentError` in Chinese (English in ``message_en``) naming the
file and line of the declaration, the rule, the argument and how to write it, never
Python's own words about ``Text.__init__``; a check function the engine cannot call is
refused then too, not found as a GK000 when it runs."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs
import pytest

import gkstd
from gkstd.diagnostics.arguments import ArgumentError
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.messages import Message
from gkstd.diagnostics.rule import Example, Rule, rule
from gkstd.diagnostics.ruleargs import check_function
from gkstd.plugins.manager import build_registry
from gkstd.plugins.registry import Registry
from gkstd.rules.engine import run_rules

HERE = Path(__file__).resolve()
EXAMPLE = HERE.parents[1] / "examples" / "zichuan-municipal-services.yaml"

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


@pytest.mark.parametrize(
    ("argument", "value", "where", "shown"),
    [
        ("bad", 123, "bad=…)：", "int 123"),
        ("good", {"id": "a"}, "good=…)：", "dict"),
        ("bad", Example(123), "Example(text=…)", "int 123"),  # type: ignore[arg-type]
        ("good", Example("x", "itme"), "Example(scope=…)", "str 'itme'"),  # type: ignore[arg-type]
        ("bad", Example("x", encoding="utf9"), "Example(encoding=…)", "str 'utf9'"),
        ("bad", Example("x", parent=5), "Example(parent=…)", "int 5"),  # type: ignore[arg-type]
    ],
)
def test_an_example_that_cannot_run_is_refused_where_it_is_declared(
    argument: str, value: Any, where: str, shown: str
) -> None:
    """A number, a dict, or an Example of the wrong kinds given as a rule's example had
    been accepted, and failed later in the conformance kit or the rule's documentation,
    far from the declaration."""
    with pytest.raises(ArgumentError) as info:
        rule(**{**ARGS, argument: value})
    line = sys._getframe().f_lineno - 1
    zh, en = info.value.message, info.value.message_en
    assert zh.startswith(f"{HERE}:{line} rule('XX101', {argument}=")
    assert where in zh
    assert f"收到 {shown}" in zh
    assert f"got {shown}" in en
    assert rule(**{**ARGS, argument: Example("id: a\nname: A")}).code == "XX101"  # fine


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


# -- the check function: callable as the engine calls it ---------------------------------


def one_argument(item: Any) -> list[Any]:
    return []


def three_arguments(item: Any, ctx: Any, extra: Any) -> list[Any]:
    return []


def keyword_context(item: Any, *, ctx: Any) -> list[Any]:
    return []


async def asynchronous(item: Any, ctx: Any) -> list[Any]:
    return []


def line_of(function: Any) -> str:
    return f"{HERE}:{function.__code__.co_firstlineno}"


@pytest.mark.parametrize("scope", ["item", "catalog"])
@pytest.mark.parametrize(
    ("function", "zh", "en"),
    [
        (one_argument, "它只接受 1 个参数，引擎传入两个", "it takes 1 argument(s)"),
        (three_arguments, "它需要 3 个参数，引擎只传两个", "it requires 3 arguments"),
        (keyword_context, "参数 ctx 必须以关键字传入", "keyword-only parameter(s) ctx"),
        (asynchronous, "是 async 函数", "it is an async function"),
    ],
    ids=["one", "three", "keyword", "async"],
)
def test_a_check_function_of_the_wrong_signature_is_refused_when_the_rule_is_made(
    function: Any, zh: str, en: str, scope: str
) -> None:
    """It used to be found only when it ran: a GK000 on every catalog checked."""
    declared = rule(**{**ARGS, "scope": scope})
    with pytest.raises(ArgumentError) as info:
        declared(function)  # @rule(...) above the function
    error = info.value
    assert isinstance(error, TypeError)
    first, kind = ("catalog", "Catalog") if scope == "catalog" else ("item", "Item")
    name = function.__name__
    assert error.message.startswith(f"{line_of(function)} 规则 XX101 的检查函数 {name}(")
    assert zh in error.message
    assert f"gkstd 的规则引擎以 {name}({first}, ctx) 调用它" in error.message
    assert f"请写成 def {name}({first}: {kind}, ctx: CheckContext) -> Iterator[Finding]" in (
        error.message
    )
    assert error.message_en.startswith(f"{line_of(function)} rule XX101: the check function")
    assert en in error.message_en
    assert f"calls it as {name}({first}, ctx)" in error.message_en
    assert "positional argument but" not in error.message + error.message_en


def test_a_check_that_is_no_function_is_refused() -> None:
    with pytest.raises(ArgumentError, match="规则 XX101 的检查函数 check：不是函数（收到 int 42）"):
        rule(**ARGS)(42)  # type: ignore[arg-type]


def test_a_rule_built_directly_is_checked_too() -> None:
    declared = rule(**ARGS)
    with pytest.raises(ArgumentError, match="规则 XX101 的检查函数 one_argument"):
        attrs.evolve(declared, check=one_argument)
    with pytest.raises(ArgumentError, match="规则 XX102 的检查函数 three_arguments"):
        Rule(
            "XX102",
            Severity.INFO,
            declared.title,
            declared.rationale,
            "依据",
            declared.bad,
            declared.good,
            check=three_arguments,
        )


def test_what_the_engine_can_call_is_accepted_and_runs() -> None:
    """Extra parameters with defaults, ``*args``, a generator, a callable object, a
    partial: the engine calls each as ``check(item, ctx)``."""

    def defaulted(item: Any, ctx: Any, strict: bool = False) -> list[Any]:
        return []

    def variadic(*args: Any) -> list[Any]:
        return []

    def generator(item: Any, ctx: Any, /) -> Iterator[Any]:
        yield from ()

    class Callable_:
        def __call__(self, item: Any, ctx: Any) -> list[Any]:
            return []

    checks = [defaulted, variadic, generator, Callable_(), functools.partial(three_arguments, 1)]
    catalog, _ = gkstd.load(EXAMPLE)
    assert catalog is not None
    ctx = CheckContext(catalog=catalog)
    for check in checks:
        for scope in ("item", "catalog"):
            declared = rule(**{**ARGS, "scope": scope})(check)
            assert run_rules(catalog, [declared], ctx) == []  # no GK000: it was called


def test_no_first_party_rule_is_refused(registry: Registry) -> None:
    checked = [r for r in registry.rules.values() if r.check is not None]
    assert len(checked) > 20
    for declared in checked:
        check_function(declared.check, declared.code, declared.scope)


def test_a_pack_with_such_a_rule_fails_to_load_naming_the_rule_and_the_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the pack is loaded (gkstd domains, validate, conformance), not when a catalog
    is checked; the other plugins load."""
    source = tmp_path / "pack_wrong_check.py"
    source.write_text(
        "from gkstd import Severity, rule\n"
        "\n"
        '@rule("XX101", Severity.INFO, ("标题", "Title"), ("理由", "Why"), "依据",\n'
        '      bad="id: a\\nname: A", good="id: a\\nname: A")\n'
        "def no_context(item):\n"
        "    return []\n",
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "pack_wrong_check", raising=False)
    point = metadata.EntryPoint(name="wrong-check", value="pack_wrong_check", group="gkstd")
    reg = build_registry(entry_points=[point])
    status = next(p for p in reg.plugins if p.name == "wrong-check")
    assert status.status == "failed"
    zh = status.error or ""
    assert f"{source}:3 规则 XX101 的检查函数 no_context(item)：它只接受 1 个参数" in zh
    assert "请写成 def no_context(item: Item, ctx: CheckContext)" in zh
    assert zh.count(f"{source}:3") == 1  # the place once, not again by the plugin host
    assert "其他插件照常加载" in zh
    assert "GK101" in reg.rules  # the core plugin loaded


@pytest.mark.parametrize(
    ("messages", "says", "says_en"),
    [
        (("事项“{name}”缺少内容", "Item {title} has no content"), "中英文字段不一致", "differ"),
        (("文件 {file} 有误", "file {file} is wrong"), "是保留名称", "reserved"),
    ],
)
def test_a_message_template_that_cannot_be_used_is_said_in_both_languages(
    messages: tuple[str, str], says: str, says_en: str
) -> None:
    """The fields of a rule's message: the two languages' differ, or one is reserved; the
    error names this file and line, in Chinese and English (it had been English only)."""
    with pytest.raises(ValueError, match=says) as caught:  # (a ValueError, as always)
        rule(**{**ARGS, "messages": messages})
    error = caught.value
    assert isinstance(error, gkstd.GkstdError)
    assert says in error.message
    assert says_en in error.message_en
    assert f"{HERE}:" in error.message
