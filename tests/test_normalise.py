"""Normalisation: examples, and properties (hypothesis) that every offset maps back."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gikdata.extract.report import extract_source
from gikdata.read.decode import SourceText
from gikdata.read.normalise import normalise, visual_width


def test_full_width_and_spaces():
    n = normalise("截止 ２０１４ 年底，累计主动公开政府信息 ３１ 条，占总数的 10％")
    assert n.text == "截止2014年底,累计主动公开政府信息31条,占总数的10%"


def test_residue_dropped_and_link_text_kept():
    n = normalise("[bookmark: _GoBack]## **六、其他**\n网站（[www.x.gov.cn](http://www.x.gov.cn)）")
    assert n.text == "六、其他\n网站(www.x.gov.cn)"


def test_latin_words_and_separate_numbers_keep_their_space():
    assert normalise("Open Government 0 0").text == "Open Government 0 0"


def test_hard_wrapped_pdf_text_is_rejoined():
    line = "区安监局高度重视和加强政府信息公开工作，延续上一年度"
    wrapped = "\n\n".join([line] * 8 + ["截止 2014 年底，区安监局累计主动公开政府信息", "31 条。", "二、组织领导"])
    n = normalise(wrapped)
    assert "政府信息31条。" in n.text
    assert "\n二、组织领导" in n.text  # headings stay on their own line


text_parts = st.lists(st.sampled_from([
    "主动公开政府信息", "３１", "31", " ", "  ", "条", "，", "。", "\n", "\n\n", "％", "%", "年", "2014",
    "**", "#", "[bookmark: x]", "其中政策法规", "占总数的", "无信息公开申请", "\t", "Ａ", "约", "余", "\r\n",
]), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(text_parts, st.text(max_size=200)))
def test_offsets_always_map_into_the_original(text):
    n = normalise(text)
    assert len(n.to_orig) == len(n.text)
    assert list(n.to_orig) == sorted(set(n.to_orig))  # strictly increasing: order is kept
    for i, ch in enumerate(n.text):
        orig = text[n.to_orig[i]]
        assert ch == orig or ch == orig.translate({0xFF05: "%"}) or (0xFF01 <= ord(orig) <= 0xFF5E) \
            or orig in "\u3000\u00a0\u2002\u2003\r\ufe52"


@settings(max_examples=200, deadline=None)
@given(st.one_of(text_parts, st.text(max_size=300)))
def test_extraction_never_raises_and_spans_slice_back(text):
    src = SourceText(path="<hypothesis>", text=text, encoding="utf-8", sha256="0" * 64, size=len(text))
    report = extract_source(src)
    for f in report.facts:
        assert text[f.start:f.end] == f.evidence
        assert f.value >= 0


def _width_by_lookup(line: str) -> int:
    """The definition visual_width implements with regex scans."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@settings(max_examples=300, deadline=None)
@given(st.one_of(text_parts, st.text(max_size=120),
                 st.text(st.characters(min_codepoint=0x1F000, max_codepoint=0x3FFFF), max_size=20)))
def test_visual_width_counts_wide_characters_twice(line):
    assert visual_width(line) == _width_by_lookup(line)


def test_visual_width_agrees_on_every_character():
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)
    assert visual_width(every) == _width_by_lookup(every)
    assert visual_width("主动公开31条") == 2 * 5 + 2
