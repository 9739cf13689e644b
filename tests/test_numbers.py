"""Number patterns: the look-ahead that lets a scan skip positions changes no match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gikdata.extract.cues import NOT_IN_RUN
from gikdata.extract.numbers import APPROX_WORDS, NUMBER, NUMBER_START
from gikdata.extract.proactive import P_COUNT

WITHOUT_START = NOT_IN_RUN.removeprefix(NUMBER_START)
PIECES = ["1", "23", "4,500", "0.5", "一", "十二", "两", "百", "约", "近", "将近", "超过", "逾", "大约", "大",
          "万", "余", "多", "条", "件", "项", "公开", "信息", ",", ".", "、", "。", " ", "\n", "１", "٣"]


def test_every_start_of_a_number_passes_the_look_ahead():
    for word in APPROX_WORDS:
        assert re.match(NUMBER_START + NUMBER, word + "5")
    for ch in "0123456789零〇一二两三四五六七八九十百千":
        assert re.match(NUMBER_START, ch)
    assert re.match(NUMBER_START, "٣")  # \d is any Unicode digit, in NUMBER as here


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_look_ahead_changes_no_match(text):
    assert NOT_IN_RUN.startswith(NUMBER_START)
    slow = re.compile(P_COUNT.pattern.replace(NOT_IN_RUN, WITHOUT_START, 1))
    assert [m.group() for m in P_COUNT.finditer(text)] == [m.group() for m in slow.finditer(text)]
