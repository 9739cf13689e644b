"""The digit-run splitter (gikdata/extract/splits.py): rows quoted from the real corpus
(../shared/corpus/real/raw, file named in each test), and properties that hold for any input."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from gikdata.extract.splits import MAX_STEPS, agreed, readings


def values(tokens: list[str], n: int, groups: tuple[int, ...] = (), signed: frozenset[int] = frozenset()):
    found = readings(tokens, n, groups, 7, signed)
    return None if found is None else [None if p is None else p.value for p in agreed(found, n)]


# ---------------------------------------------------------------------------------------------
# Section 二 rows (no arithmetic): a cell is read only where every split agrees.

def test_one_digit_per_cell_is_forced():
    # 0048_pingtan-police-2022: '行政规范性文件417'
    assert values(["417"], 3) == [4, 1, 7]


def test_leading_zero_rule_leaves_one_split():
    # 0121_pingtan-junshan-area-2022: '行政规范性文件0011' (0|01|1 and 00|1|1 are no cells)
    assert values(["0011"], 3) == [0, 0, 11]


def test_ambiguous_run_stays_unread():
    # 0016_pingtan-transport-constr-2025: '行政规范性文件1024' is 1|0|24 or 10|2|4
    assert values(["1024"], 3) == [None, None, None]


def test_cell_every_split_agrees_on_is_read():
    # 0148_pingtan-agri-rural-2019 (2019 layout): '行政许可7700' is 7|70|0 or 77|0|0
    assert values(["7700"], 3) == [None, None, 0]


def test_signed_run_keeps_its_sign_on_the_first_cell():
    # 0116_pingtan-transport-constr-2020: '行政许可88-720' (本年增/减 is the signed column)
    assert values(["88", "-720"], 3, signed=frozenset({1})) == [88, None, None]
    # '行政事业性收费15-15' is 15 | -15
    assert values(["15", "-15"], 2, signed=frozenset({1})) == [15, -15]


def test_negative_number_outside_the_signed_column_has_no_reading():
    assert values(["88", "-720"], 3) == [None, None, None]


# ---------------------------------------------------------------------------------------------
# Section 三 and 四 rows: the groups' own arithmetic.

def test_request_row_split_by_its_total():
    # 0016_pingtan-transport-constr-2025: '本年新收政府信息公开申请数量2100000 21'
    assert values(["2100000", "21"], 7, (7,)) == [21, 0, 0, 0, 0, 0, 21]


def test_spaces_are_real_boundaries():
    # 0101_pingtan-natres-env-2021: '本年新收政府信息公开申请数量160 02 0 018'
    assert values(["160", "02", "0", "018"], 7, (7,)) == [16, 0, 0, 2, 0, 0, 18]


def test_review_row_of_seventeen_digits():
    # 0007_pingtan-market-reg-2025: '…尚未审结总计10000100000000000' (17 digits, 15 cells)
    assert values(["10000100000000000"], 15, (5, 5, 5)) == [10, 0, 0, 0, 10] + [0] * 10


def test_review_row_with_spaces():
    # 0101_pingtan-natres-env-2021: '审结总计1 02 0 312 00 012 0 00 00'
    got = values(["1", "02", "0", "312", "00", "012", "0", "00", "00"], 15, (5, 5, 5))
    assert got == [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]


def test_row_that_cannot_add_up_has_no_reading():
    # 0166_pingtan-tourism-culture-2025: '100 0 0 00' (自然人 1, 总计 0 as printed)
    assert readings(["100", "0", "0", "00"], 7, (7,)) == []
    # ... but the shape alone (7 digits for 7 cells) reads it as printed
    assert values(["100", "0", "0", "00"], 7) == [1, 0, 0, 0, 0, 0, 0]


def test_missing_cell_is_filled_only_where_every_gap_agrees():
    # 0097_pingtan-econ-dev-2021: '(一)予以公开 0 0 0 0 0 0' (six numbers for seven cells)
    assert values(["0"] * 6, 7, (7,)) == [0] * 7
    assert values(["1", "0", "0", "0", "0", "1"], 7, (7,)) == [None, None, 0, 0, 0, None, None]


def test_run_of_zeros_before_a_missing_cell():
    # 0147_pingtan-police-2019: '本年新收政府信息公开申请数量0 00000' (six zeros, seven cells)
    assert values(["0", "00000"], 7, (7,)) == [0] * 7


def test_one_group_alone_when_the_row_cannot_add_up():
    # 0158_pingtan-social-affairs-2024: '00202000001324015': 复议 adds up (0|0|2|0|2), the
    # last group has no split that does
    assert readings(["00202000001324015"], 15, (5, 5, 5)) == []
    alone = readings(["00202000001324015"], 15, (5, 5, 5), only=0)
    assert [p.value if p else None for p in agreed(alone, 15)[:5]] == [0, 0, 2, 0, 2]


# ---------------------------------------------------------------------------------------------
# Bounded work.

def test_long_run_is_refused_by_its_length():
    assert readings(["7" * 60_000], 15, (5, 5, 5)) is None


def test_search_gives_up_at_its_step_budget():
    assert MAX_STEPS < 10_000
    t = time.perf_counter()
    assert readings(["1" * 40], 7, (7,)) is None  # within the length bound, too many splits
    assert time.perf_counter() - t < 5  # generous: a hang, not a timing target (bench/ has that)


# ---------------------------------------------------------------------------------------------
# Properties.

_RUNS = st.lists(st.text(alphabet="0123456789", min_size=1, max_size=9), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(_RUNS, st.integers(min_value=1, max_value=9), st.booleans())
def test_any_reading_rejoins_to_the_digits_and_keeps_the_rules(tokens, n, with_sum):
    groups = (n,) if with_sum else ()
    found = readings(tokens, n, groups)
    if not found:
        return
    for r in found:
        assert len(r) == n
        if sum(map(len, tokens)) >= n:  # split mode: every digit used once, in order
            assert "".join(tokens[p.token][p.start:p.end] for p in r) == "".join(tokens)
            assert all(not (p.end - p.start > 1 and tokens[p.token][p.start] == "0") for p in r)
        if with_sum:
            assert sum(p.value for p in r[:-1]) == r[-1].value
        assert all(p.value >= 0 for p in r)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=6, max_size=6))
def test_a_printed_row_is_always_among_its_readings(applicants):
    row = [*applicants, sum(applicants)]
    found = readings(["".join(map(str, row))], 7, (7,))
    if found is None:  # too many readings to weigh: nothing is read
        return
    assert tuple(row) in {tuple(p.value for p in r) for r in found}
    for cell, truth in zip(agreed(found, 7), row, strict=True):
        assert cell is None or cell.value == truth  # whatever is read is right


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789-+.", min_size=1, max_size=12), max_size=20),
       st.integers(min_value=0, max_value=20))
def test_never_crashes(tokens, n):
    readings(tokens, n, (n,) if n else ())
    readings(tokens, n)
