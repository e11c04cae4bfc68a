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


def test_writing_pauses_the_collector_and_restores_it() -> None:
    """A node per value: the collector is off while PyYAML represents them, and left as it
    was found (on or off) afterwards."""
    import gc

    seen: list[bool] = []

    class Spy(str):
        pass

    def represent(dumper_: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        seen.append(gc.isenabled())
        return dumper_.represent_str(str(value))

    for cls in (dumper._Dumper, dumper._FAST):
        if cls is not None:
            cls.add_representer(Spy, represent)
    try:
        was = gc.isenabled()
        try:
            for state in (True, False):
                (gc.enable if state else gc.disable)()
                assert dumper._yaml({"name": Spy("名称")}) == "name: 名称\n"
                assert gc.isenabled() is state
        finally:
            (gc.enable if was else gc.disable)()
    finally:
        for cls in (dumper._Dumper, dumper._FAST):
            if cls is not None:
                cls.yaml_representers.pop(Spy, None)
    assert seen
    assert not any(seen)
