"""The side files a check is given (``--scoring``, ``--parents``, ``--compare``) fail the
same way in the same words (:mod:`gkstd.diagnostics.sidefiles`): the file named, the
reason, the fix, in each reader's own error class; never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkstd.batch import EarlierReportError, ParentMapError, SchemeError, load_scheme
from gkstd.batch.earlier import load_earlier
from gkstd.batch.parents import load_parent_map
from gkstd.diagnostics import limits

READERS: list[tuple[Callable[[Path], Any], type[Exception], str]] = [
    (load_scheme, SchemeError, "评分方案"),
    (load_parent_map, ParentMapError, "上级目录对应表"),
    (load_earlier, EarlierReportError, "上次的检查报告"),
]


@pytest.mark.parametrize(("read", "error", "what"), READERS)
def test_each_failure_names_the_file_the_reason_and_the_fix(
    tmp_path: Path, read: Callable[[Path], Any], error: type[Exception], what: str
) -> None:
    cases: list[tuple[Path, str, str]] = []
    missing = tmp_path / "没有.yaml"
    cases.append((missing, "不存在", "no such file"))
    cases.append((tmp_path, "这是文件夹", "folder"))
    empty = tmp_path / "空.yaml"
    empty.write_bytes(b"  \n")
    cases.append((empty, "是空文件", "empty"))
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("名称: 某县".encode("gbk"))
    cases.append((gbk, "第 1 个字节不是 UTF-8", "byte 1 is not UTF-8"))
    for path, said, said_en in cases:
        with pytest.raises(error) as caught:
            read(path)
        message, english = caught.value.message, caught.value.message_en  # type: ignore[attr-defined]
        assert str(path) in message
        assert str(path) in english
        assert said in message, message
        assert said_en in english, english
        if said != "是空文件":
            continue
        assert what in message


@pytest.mark.parametrize(("read", "error", "what"), READERS)
def test_a_file_over_its_limit_is_refused_unread(
    tmp_path: Path, read: Callable[[Path], Any], error: type[Exception], what: str
) -> None:
    big = tmp_path / "大.yaml"
    big.write_bytes(b"a: b\n" * 20_000)  # 100 KB: over the scheme's 64 KB
    with (
        limits.raised(max_document_bytes=50_000, max_report_bytes=50_000),
        pytest.raises(error) as caught,
    ):
        read(big)
    assert "超过" in caught.value.message  # type: ignore[attr-defined]
    assert what in caught.value.message  # type: ignore[attr-defined]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize(("read", "error", "what"), READERS)
def test_a_pipe_nothing_writes_to_is_empty_not_a_wait(
    tmp_path: Path, read: Callable[[Path], Any], error: type[Exception], what: str
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(error, match="是空文件"):
        read(pipe)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_in_the_readers_words(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_bytes(data)
        for read, error, _ in READERS:
            said = ""
            try:
                read(path)
            except error as exc:  # refused: in the reader's words, naming the file
                said = exc.message  # type: ignore[attr-defined]
            assert not said or str(path) in said
