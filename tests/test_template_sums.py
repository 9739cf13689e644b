"""Template sum checks on hand-made cells: a table that does not add up is reported, one that
does is not (the printed cells stay as data either way)."""

from __future__ import annotations

from gikdata.extract.checks import check_facts
from gikdata.model import Fact

COLS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def cells(group: str, values: tuple[int, ...]) -> list[Fact]:
    return [Fact("template_review_litigation", f"{group}|{col}", float(v), "件", False, 0, 1, "x", "t", 0, 1)
            for col, v in zip(COLS, values, strict=True)]


def codes(facts: list[Fact]) -> list[str]:
    return [f.code for f in check_facts(facts)]


def test_review_group_that_adds_up_is_quiet():
    assert "template_review_sum" not in codes(cells("行政复议", (1, 0, 1, 0, 2)))


def test_review_group_that_does_not_add_up_is_reported():
    flags = [f for f in check_facts(cells("行政复议", (1, 0, 1, 0, 3))) if f.code == "template_review_sum"]
    assert len(flags) == 1 and flags[0].level == "warning"
    assert "sum to 2" in flags[0].message and "总计 says 3" in flags[0].message


def test_each_litigation_group_is_checked_on_its_own():
    facts = cells("行政诉讼/未经复议直接起诉", (0, 0, 0, 0, 0)) + cells("行政诉讼/复议后起诉", (2, 0, 0, 0, 1))
    flags = [f for f in check_facts(facts) if f.code == "template_review_sum"]
    assert [f.message.split(":")[0] for f in flags] == ["行政诉讼/复议后起诉"]
