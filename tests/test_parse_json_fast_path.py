"""The JSON reader skips the walk over every value only when the walk could find nothing.

``gkstd.io.parse._json_needs_inspection`` bounds from the text alone what
:func:`gkstd.io.parse.inspect_data` looks for (long texts, deep nesting, lone surrogates,
numbers with too many digits are listed by the reader itself).  Property: whenever neither
says "look", the walk finds nothing, so skipping it never hides a finding; and the
findings of ``parse_text`` are the same with and without the shortcut.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gkstd.diagnostics import limits
from gkstd.io import parse

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["\ud800", "a\udc00b", "\U00020000", "x" * 70, "1" * 40])
)
_DATA = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=30,
)


def _texts(data: Any) -> list[str]:
    """The same data written the ways a file may hold it."""
    return [
        json.dumps(data, ensure_ascii=False),
        json.dumps(data, ensure_ascii=True),
        json.dumps(data, ensure_ascii=True, indent=1),
    ]


@settings(max_examples=300, deadline=None)
@given(_DATA, st.integers(min_value=2, max_value=8), st.integers(min_value=5, max_value=60))
def test_the_shortcut_never_hides_a_finding(data: Any, depth: int, chars: int) -> None:
    with limits.raised(max_depth=depth, max_text_chars=chars, max_digits=20):
        for text in _texts({"root": data}):
            huge: list[parse.HugeNumber] = []
            loaded = parse._parse_json(text, None, huge).data
            if loaded is None or huge:
                continue  # unreadable, or the reader saw numbers the walk must report
            if parse._SURROGATE.search(text) or parse._json_needs_inspection(text):
                continue  # parse_text refuses a raw surrogate before it reads the JSON
            assert parse.inspect_data(loaded, None, {}) == []


@settings(max_examples=200, deadline=None)
@given(_DATA)
def test_parse_text_gives_the_walks_findings(data: Any) -> None:
    with limits.raised(max_depth=6, max_text_chars=50, max_digits=20):
        for text in _texts({"root": data}):
            parsed = parse.parse_text(text, "x.json")
            if parsed.data is None:
                continue  # refused: the walk ran and reported
            if parse._SURROGATE.search(text) is None:
                assert parse.inspect_data(parsed.data, "x.json", parsed.lines) == []


def test_each_bound_sends_the_text_to_the_walk() -> None:
    with limits.raised(max_depth=3, max_text_chars=30, max_digits=10):
        assert not parse._json_needs_inspection('{"a": [1, 2], "b": "短文本"}')
        assert parse._json_needs_inspection('{"a": [[[1]]]}')  # 4 brackets > 3
        assert parse._json_needs_inspection('{"a": "' + "长" * 40 + '"}')
        assert parse._json_needs_inspection('{"a": "\\ud800"}')
        huge: list[parse.HugeNumber] = []
        parse._parse_json('{"a": 12345678901, "b": 1.5}', None, huge)
        assert [h.text for h in huge] == ["12345678901"]
        assert [f.code for f in parse.parse_text('{"a": 12345678901}', "x.json").findings] == [
            "GK013"
        ]
    findings = parse.parse_text('{"a": "\\ud800"}', "x.json").findings
    assert [f.code for f in findings] == ["GK002"]
