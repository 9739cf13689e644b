"""Reading bytes: encodings detected; bad input refused with an error that names the file."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gikdata.errors import BinaryFileError, EmptyFileError, EncodingError, UnsupportedFormatError
from gikdata.read.decode import _controls, read_source

TEXT = "张店区安全生产监督管理局2014年度政府信息公开工作年度报告\n主动公开政府信息31条。"


@pytest.mark.parametrize("encoding,prefix,expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("gb18030", b"", "gb18030"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
])
def test_encodings(tmp_path, encoding, prefix, expected):
    p = tmp_path / "r.txt"
    p.write_bytes(prefix + TEXT.encode(encoding))
    src = read_source(p)
    assert src.text == TEXT and src.encoding == expected


@pytest.mark.parametrize("data,error", [
    (b"", EmptyFileError),
    (b"  \n\t ", EmptyFileError),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, BinaryFileError),
    (bytes(range(128, 256)) * 8, EncodingError),
])
def test_bad_input_names_the_file(tmp_path, data, error):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(error) as exc:
        read_source(p)
    assert str(p) in str(exc.value)


def test_unknown_suffix(tmp_path):
    p = tmp_path / "r.xyz"
    p.write_text(TEXT, encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="r.xyz"):
        read_source(p)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0x2FF), max_size=200))
def test_control_characters_are_category_cc_without_text_white_space(text):
    """The regex count of control characters matches Unicode's category Cc, \\t\\n\\v\\f\\r aside."""
    expected = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    assert _controls(text) == expected
