"""The YAML dumper's two emitters give the same text: libyaml's (fast) is used only where
it writes what PyYAML's would (gkstd.io.dumper)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gkstd.io import dumper

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300
) | st.sampled_from(
    ["", "1e5", "true", "～", "𠀀", "😀", "a\u2028b", " 前后空格 ", "- 列表", "#注"]
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "content", "notes"]), texts, max_size=3), texts)
def test_the_fast_emitter_never_changes_the_text(data: dict[str, str], more: str) -> None:
    document = {**data, "items": [{"id": "a", "content": [more, more * 5]}]}
    pure = yaml.dump(
        document, Dumper=dumper._Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    assert dumper._yaml(document) == pure


def test_a_character_outside_the_bmp_is_written_as_is() -> None:
    text = dumper._yaml({"name": "𠀀村😀"})
    assert "𠀀村😀" in text
    assert yaml.safe_load(text) == {"name": "𠀀村😀"}
