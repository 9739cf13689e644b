"""The measure rules on sentences quoted from the real corpus (tests/real/raw, file named on
each case), and properties that hold for any text (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gikdata.extract.report import extract_source, to_json
from gikdata.read.decode import SourceText

TITLE = "平潭综合实验区社会事业局政府信息公开工作年度报告\n"


def run(body: str, title: str = TITLE):
    text = title + body
    return extract_source(SourceText(path="case.txt", text=text, encoding="utf-8", sha256="0" * 64,
                                     size=len(text)))


def own(report, measure: str) -> list[tuple]:
    return sorted((f.dimension, f.value) for f in report.facts if f.measure == measure and f.subject is None)


def summary(body: str, title: str = TITLE) -> dict:
    return to_json(run(body, title))["summary"]


# ---- proactive totals: a count is the total only when its clause says 主动公开 by this body -----

@pytest.mark.parametrize(("body", "total"), [
    # 0176: 制作、获取 and 历年累计 are distractors in their own clauses
    ("2018年度，制作、获取政府信息290条，主动公开政府信息290条。历年累计主动公开政府信息872条。", 290),
    # 0010: the superset published on the portal, then 其中主动公开; 行政处罚决定 is no disclosure
    ("共在区党工委管委会门户网站发布政府信息（文件）575份，其中主动公开317份，立案查处各类违法行为并作出行政处罚决定204起。", 317),
    # 0088: a plain 公开 in a sentence about 主动公开; 其他应主动公开的政府信息 is a category label
    ("我局通过政府门户网站主动公开应主动公开的政府信息，全年公开政府信息共228条，其中为民办实事类信息1条，"
     "其他应主动公开的政府信息12条。", 228),
    # 0074: the running total, then 其中 the year's part
    ("截止2016年12月31日，我局在平潭综合实验区管委会门户网站累计主动公开政府信息1224条，全文电子化达100%。"
     "其中2016年度我局共主动公开政府信息207条。", 207),
    # 0130: a count named by 信息数 without its unit
    ("全年印发公文类政府信息共510条，其中主动公开信息数169，依申请公开信息数317条，不予公开24条。", 169),
    # 0105: what a body publishes on a website is proactively disclosed; later counts are parts
    ("2021年我局共在“平潭综合实验区党工委管委会”门户网站公开政府信息267条，信息类别包括行政法规、规章和规范性文件4条；"
     "在“基层政务公开标准化规范化建设”专题专栏公开信息83条。", 267),
])
def test_proactive_total_from_real_sentences(body, total):
    assert summary(body)["proactive_total"] == total


@pytest.mark.parametrize("body", [
    "全年公开政府信息共228条。",  # 0088 without its first clause: nothing says 主动
    "编制《平潭综合实验区精准扶贫工作政策问答手册》，提出50条精准扶贫有关问题进行解读。",  # 0148
    "2024年制作、获取政府信息总数467条。",  # 0004: another year, and a distractor
    "通过政务新媒体“平潭综合执法与应急管理局”微信公众平台发表文章200余篇。",  # 0010
])
def test_distractors_are_no_total(body):
    assert own(run(body), "proactive_total") == []


def test_a_year_in_a_document_title_is_no_other_year():
    title = "张店区安全生产监督管理局2015年政府信息公开工作年度报告\n"
    assert summary("根据《2014年政府信息公开工作要点》，2015年我局主动公开政府信息40条。", title)["proactive_total"] == 40
    assert summary("2014年我局主动公开政府信息38条。", title)["proactive_total"] is None


def test_plain_disclosure_of_government_information_under_an_inline_heading():
    body = ("(一)主动公开情况金井片区管理局认真落实政府信息公开工作要求，做到应公开尽公开。"
            "全年公开公文类政府信息共118条，其中行政法规、规章和规范性文件5条、重大建设项目的批准和实施情况4条。")  # 0092
    s = summary(body)
    assert s["proactive_total"] == 118
    assert [c["count"] for c in s["categories"]] == [5, 4]


def test_a_plain_count_of_documents_under_the_heading_is_no_total():
    body = "(一)主动公开情况\n四是开设“惠企纾困政策汇总”栏目，发布政策文件20件。"  # 0123
    assert own(run(body), "proactive_total") == []


def test_counts_under_the_categories_heading_are_parts():
    body = ("（一） 主动公开政府信息的数量 2015年我局制作、获取政府信息706条，主动公开政府信息706条。"
            "（二） 主动公开政府信息的主要类别 2015年我局主动公开日常工作的各类公告通知12条，主要新闻动态4条，"
            "各类招标信息243条。")  # 0034
    assert summary(body)["proactive_total"] == 706


def test_approximate_total_is_a_lower_bound():
    s = summary("2025年，实验区政府门户网站累计主动公开政府信息7700余条。")  # 0015
    assert s["proactive_total"] == 7700 and s["proactive_total_approx"] is True


# ---- categories: only inside a breakdown of a total, the label whole -------------------------

def test_category_label_is_whole():
    s = summary("我局通过政府门户网站主动公开应主动公开的政府信息，全年公开政府信息共228条，其中为民办实事类信息1条，民政扶贫救灾社会保障就业类信息65条，"
                "科教文体卫生类信息144条，安全生产、应急管理类信息5条，其他应主动公开的政府信息12条。")  # 0088
    names = [c["name"] for c in s["categories"]]
    assert "安全生产、应急管理类信息" in names and "应急管理类信息" not in names
    assert sum(c["count"] for c in s["categories"]) == 227  # the report's own parts miss 1 of 228


def test_categories_against_total_is_a_finding():
    report = run("我局主动公开政府信息，全年公开政府信息共228条，其中为民办实事类信息1条，科教文体卫生类信息226条。")
    assert "category_sum_mismatch" in {f.code for f in report.flags}  # 227 of 228: both kept


def test_numbers_outside_a_breakdown_are_no_categories():
    body = ("2019年，我局主动公开的173条，其中公示公告类46条、政策解读类1条、行政许可77条。（七）加强组织领导。"
            "编制《政策问答手册》，提出50条精准扶贫有关问题进行解读。")  # 0148
    assert [(c["name"], c["count"]) for c in summary(body)["categories"]] == [
        ("公示公告类", 46), ("政策解读类", 1), ("行政许可", 77)]


def test_breakdown_announced_in_a_later_sentence():
    body = ("（一）主动公开政府信息的数量我局2017年主动公开政府信息461条。（二）主动公开政府信息的类别"
            "在公开的信息中，属于规范性文件信息共396条；属于工作动态、通知公告等方面的信息有65条。")  # 0214
    assert [(c["name"], c["count"]) for c in summary(body)["categories"]] == [
        ("规范性文件信息", 396), ("工作动态、通知公告等方面的信息", 65)]


def test_sub_items_in_parentheses_are_not_categories():
    body = ("2013年，在主动公开的32条政府信息中，为民办实事类信息20条（其中村级公益事业一事一议奖补项目8条；"
            "家电下乡进度通报12条）；规划计划类信息4条。")  # 0030
    assert [(c["name"], c["count"]) for c in summary(body)["categories"]] == [("为民办实事类信息", 20), ("规划计划类信息", 4)]


# ---- the statistics table of free-form reports --------------------------------------------

STAT = ("统计表 指标名称 计量单位 2012年度 历年累计 主动公开信息数 条 19 33 其中：1、网站公开 条 19 33 "
        "2、政府公报公开 条 0 0 受理依申请公开信息总数 条 0 0 行政复议数 件 0 0 行政诉讼数 件 0 0")  # 0190


def test_statistics_table_rows():
    s = summary(STAT)
    assert (s["proactive_total"], s["requests_received"], s["review_cases"], s["litigation_cases"]) == (19, 0, 0, 0)


def test_run_together_cells_split_only_by_the_prose():
    table = "指标名称单位2017年历年累计主动公开文件数条10774其中:1.政府网站公开数条10774"  # 0056
    assert summary("我局2017年主动公开政府信息107条。" + table)["proactive_total"] == 107
    report = run(table)
    assert own(report, "proactive_total") == []
    assert "stat_table_ambiguous" in {f.code for f in report.flags}


@pytest.mark.parametrize(("row", "fee"), [
    ("五、信息处理费收取情况通知收取件数通知收取金额（元）实际收取金额（元）信息处理费收取情况000", 0),  # 0142
    ("通知收取件数通知收取金额（元）实际收取金额（元）信息处理费收取情况18000", 0),  # 0007: 1|800|0 or 180|0|0
    ("通知收取件数通知收取金额（元）实际收取金额（元）信息处理费收取情况 2 300 300", 300),
])
def test_fee_table_collected_cell(row, fee):
    assert summary(row)["fees_collected"] == fee


def test_fee_table_ambiguous_collected_cell_is_null():
    assert summary("通知收取件数通知收取金额（元）实际收取金额（元）信息处理费收取情况2300300")["fees_collected"] is None


def test_table_wins_over_prose_and_both_are_kept():
    report = run("本局共主动公开政府信息18条。" + STAT)  # 0190: prose 18, table 19
    assert to_json(report)["summary"]["proactive_total"] == 19
    assert {v for _, v in own(report, "proactive_total")} == {18, 19}


# ---- requests, review, litigation, fees stated in prose ---------------------------------------

@pytest.mark.parametrize(("body", "measure", "value"), [
    ("2018年，我局收到1条信息公开申请，按规定不属于公开内容，不予公开。", "requests_received", 1),  # 0176
    ("2017年我局收到1项有关政府信息公开的申请。", "requests_received", 1),  # 0021
    ("2016年度，我局无依申请公开的政府信息。", "requests_received", 0),  # 0216
    ("2023年接收通过邮寄、网络提交的各类政府信息公开申请21件。", "requests_received", 21),  # 0132
    ("我局共收到政府信息公开申请7份。", "requests_received", 7),  # 0135
    ("全年共收到3件依申请公开申请，均已按时答复。", "requests_received", 3),  # the genre's wording
    ("2017年度未发生针对本部门有关政府信息公开事务的行政复议案、行政诉讼案。", "review_cases", 0),  # 0214
    ("2017年度未发生针对本部门有关政府信息公开事务的行政复议案、行政诉讼案。", "litigation_cases", 0),
    ("本机关依申请提供政府信息，不收取费用。", "fees_collected", 0),  # 0159
    ("根据《条例》及相关规定，我局依申请提供政府信息，不向申请人收取任何费用。", "fees_collected", 0),  # 0007
    ("因政府信息公开申请提起的行政复议和行政诉讼均为0。", "litigation_cases", 0),  # the genre's wording
    ("四、收费及减免情况 无收费及减免情况", "fees_collected", 0),  # 0204
])
def test_prose_measures(body, measure, value):
    assert summary(body)[measure] == value


# ---- properties -----------------------------------------------------------------------------

_ALPHABET = list("0123456789一二三十百余多约近条件项份篇次元,，;；:：。、()（）其中共累计主动公开发布政府信息网站"
                 "制作获取依申请历年我局区管委本年全年类申请收到行政复议诉讼收费无未没有统计表指标名称计量单位年度 \n")
_TEXT = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_never_raises_and_spans_slice_back(body):
    text = TITLE + body
    report = run(body)
    for f in report.facts:
        assert text[f.start:f.end] == f.evidence
        assert f.start <= f.value_start < f.value_end <= f.end
        assert f.value >= 0
    to_json(report)


@pytest.mark.parametrize(("numeral", "value"), [("三十一", 31), ("一千五百", 1500), ("一百零五", 105),
                                               ("一千零一十", 1010), ("二〇一四", 2014), ("两千", 2000)])
def test_chinese_numerals(numeral, value):
    from gikdata.extract.numbers import chinese_to_int
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize("numeral", ["十十", "三十十", "百千"])
def test_malformed_chinese_numerals_are_no_numbers(numeral):
    from gikdata.extract.numbers import chinese_to_int
    with pytest.raises(ValueError):
        chinese_to_int(numeral)


@pytest.mark.parametrize("body", ["主动公开政府信息" + "1" * 5000 + "条", "主动公开政府信息" + "一" * 5000 + "条",
                                  "指标名称计量单位2012年度历年累计主动公开信息数条" + "1" * 5000])
def test_long_digit_runs_give_no_number(body):
    assert own(run(body), "proactive_total") == []
