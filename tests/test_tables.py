"""The template-table repairs: a reading is used only when the row's arithmetic proves it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gikdata.extract.tables import solve


def test_printed_as_many_numbers_as_columns_is_read_as_printed():
    assert solve(["1", "2", "0", "0", "0", "0", "9"], (7,)) == ([1, 2, 0, 0, 0, 0, 9], "ok")


def test_digit_run_with_one_reading_is_repaired():
    assert solve(["102000012"], (7,)) == ([10, 2, 0, 0, 0, 0, 12], "repaired")


def test_article20_run_has_no_arithmetic_and_stays_null():
    # 行政处罚0312: 0, 3 and 12? or 0, 31, 2? nothing in the table can tell
    assert solve(["0312"], (3,)) == (None, "unparsed")


def test_missing_cell_of_an_all_zero_row_is_proved():
    assert solve(["0"] * 6, (7,)) == ([0] * 7, "repaired")


def test_missing_cell_of_a_non_zero_row_is_not_guessed():
    assert solve(["1", "0", "0", "0", "0", "1"], (7,)) == (None, "unparsed")


def test_long_runs_give_up_quickly():
    assert solve(["7" * 80], (5, 5, 5)) == (None, "unparsed")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=6, max_size=6))
def test_a_run_repair_is_never_wrong(applicants):
    row = [*applicants, sum(applicants)]
    values, status = solve(["".join(map(str, row))], (7,))
    if status == "repaired":
        assert values == row  # unique readings are the printed row; otherwise null
    else:
        assert values is None
