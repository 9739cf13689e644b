"""A test corpus: report texts written for the tests, each with every fact it states.

Free-form cases are written by hand, one phrasing family each; template cases are printed
from a table of numbers in the layouts scrapers produce (tab-separated with empty leading
cells, cells split over lines, digits run together, a cell missing), so the expected cells
are the numbers the table was printed from. ``tests/test_corpus.py`` holds every case to it.
These are unit cases written with the rules, not a measure of accuracy: that is the real corpus
(tests/real/, scored by bench/accuracy.py into docs/accuracy.md).

An expected fact is (measure, dimension, subject, value, approx).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Expected = tuple[str, str | None, str | None, float, bool]

@dataclass
class Case:
    name: str
    text: str
    expected: list[Expected]
    #: finding codes the case must raise
    flags: set[str] = field(default_factory=set)
    #: why the extractor does not yet get this case right (the test expects a failure)
    known_miss: str | None = None


def _freeform(name: str, title: str, body: str, expected: list[Expected], flags: set[str] | None = None,
              known_miss: str | None = None) -> Case:
    return Case(name, f"{title}\n\n{body.strip()}\n", expected, flags or set(), known_miss)


CASES: list[Case] = [
    _freeform(
        "ff01_total_categories_shares", "桓台县交通运输局2015年政府信息公开工作年度报告", """
一、概述
2015年，县交通运输局认真贯彻《条例》。
二、主动公开政府信息情况
2015年，县交通运输局主动公开政府信息40条，全文电子化率达100%。其中政策法规4条，占总数的10%；业务工作36条，占总数的90%。
三、依申请公开政府信息情况
2015年无信息公开申请。
四、收费及减免情况
未收取任何费用。
五、行政复议、行政诉讼情况
没有发生行政复议和行政诉讼案件。
""", [("proactive_total", None, None, 40, False), ("electronic_rate", None, None, 100, False),
      ("proactive_category", "政策法规", None, 4, False), ("proactive_category_share", "政策法规", None, 10, False),
      ("proactive_category", "业务工作", None, 36, False), ("proactive_category_share", "业务工作", None, 90, False),
      ("requests_received", None, None, 0, False), ("fees_collected", None, None, 0, False),
      ("review_cases", None, None, 0, False), ("litigation_cases", None, None, 0, False)]),
    _freeform(
        "ff02_chinese_numerals_approx", "临淄区民政局2016年政府信息公开工作年度报告", """
一、主动公开政府信息情况
全年主动公开政府信息一千五百余条。
二、依申请公开情况
全年共收到政府信息公开申请三十一件。
""", [("proactive_total", None, None, 1500, True), ("requests_received", None, None, 31, False)]),
    _freeform(
        "ff03_channels_all", "淄博市国土资源局2013年政府信息公开工作年度报告", """
一、政府信息公开申请的办理情况
2013年共受理政府信息公开申请12件。其中当面申请3件，占总数的25%；传真申请1件；通过电子邮件申请2件；网上申请6件，占总数的50%。
""", [("requests_received", None, None, 12, False),
      ("requests_by_channel", "当面", None, 3, False), ("requests_by_channel_share", "当面", None, 25, False),
      ("requests_by_channel", "传真", None, 1, False), ("requests_by_channel", "电子邮件", None, 2, False),
      ("requests_by_channel", "网上", None, 6, False), ("requests_by_channel_share", "网上", None, 50, False)]),
    _freeform(
        "ff04_outcomes", "临淄区人力资源和社会保障局2017年政府信息公开工作年度报告", """
一、依申请公开政府信息情况
2017年共收到政府信息公开申请9件，已全部按时答复。其中予以公开5件，部分公开1件，不予公开1件，信息不存在2件。
""", [("requests_received", None, None, 9, False), ("requests_outcome", "公开", None, 5, False),
      ("requests_outcome", "部分公开", None, 1, False), ("requests_outcome", "不予公开", None, 1, False),
      ("requests_outcome", "信息不存在", None, 2, False)]),
    _freeform(
        "ff05_review_litigation_counts", "淄博市住房和城乡建设局2016年政府信息公开工作年度报告", """
一、因政府信息公开申请提起行政复议、行政诉讼的情况
2016年，因政府信息公开引发行政复议2件，行政诉讼1件。
""", [("review_cases", None, None, 2, False), ("litigation_cases", None, None, 1, False)]),
    _freeform(
        "ff06_fees_yuan", "桓台县财政局2012年政府信息公开工作年度报告", """
一、政府信息公开的收费及减免情况
2012年，依申请提供政府信息收取检索、复制费用共计120元。
""", [("fees_collected", None, None, 120, False)]),
    _freeform(
        "ff07_fees_wanyuan", "淄博市公安局2011年政府信息公开工作年度报告", """
一、收费及减免情况
全年收取信息处理费0.5万元。
""", [("fees_collected", None, None, 0.5, False)]),
    _freeform(
        "ff08_staff", "临淄区教育局2014年政府信息公开工作年度报告", """
一、组织领导和制度建设
我局配备了3名专职工作人员，兼职人员5名，负责政府信息公开日常工作，并设立了2个政府信息查阅点。
""", [("staff", "专职", None, 3, False), ("staff", "兼职", None, 5, False),
      ("disclosure_points", "查阅点", None, 2, False)]),
    _freeform(
        "ff09_hotline_consultations", "淄博市卫生局2013年政府信息公开工作年度报告", """
一、政府信息公开工作情况
全年政务公开热线共接听1200余次，其中政务公开咨询电话800余次。
""", [("hotline_calls", None, None, 1200, True), ("consultations", None, None, 800, True)]),
    _freeform(
        "ff10_normative_documents", "临淄区人民政府2015年政府信息公开工作年度报告", """
一、概述
全区政府信息公开工作稳步推进。区政府全年共印发规范性文件12件，均已公开。
""", [("normative_documents", None, None, 12, False)]),
    _freeform(
        "ff11_by_body_whole_government", "桓台县人民政府2014年政府信息公开工作年度报告", """
一、政府信息公开申请的办理情况
2014年全县申请总数为20件，其中县政府及工作部门16件，乡镇政府4件。
""", [("requests_received", None, None, 20, False), ("requests_by_body", "县政府及工作部门", None, 16, False),
      ("requests_by_body", "乡镇政府", None, 4, False)]),
    _freeform(
        "ff12_department_subject", "临淄区人民政府2014年政府信息公开工作年度报告", """
一、主动公开政府信息情况
2014年，全区主动公开政府信息2000余条。
区水利局在区政府网站主动公开信息30条，其中政策文件10条；工作动态20条。
""", [("proactive_total", None, None, 2000, True), ("proactive_total", None, "区水利局", 30, False),
      ("proactive_category", "政策文件", "区水利局", 10, False),
      ("proactive_category", "工作动态", "区水利局", 20, False)]),
    _freeform(
        "ff13_units", "淄博市环保局政府信息公开工作年度报告", """
一、主动公开政府信息情况
市环保局共各类信息500条。其中:局机关信息400条,占信息总量的80%;局属各单位信息100条,占信息总量的20%。
""", [("proactive_total", None, None, 500, False), ("proactive_by_unit", "局机关", None, 400, False),
      ("proactive_by_unit_share", "局机关", None, 80, False), ("proactive_by_unit", "局属各单位", None, 100, False),
      ("proactive_by_unit_share", "局属各单位", None, 20, False)]),
    _freeform(
        "ff14_none_words", "桓台县林业局2016年政府信息公开工作年度报告", """
一、依申请公开情况
2016年，我局没有接到政府信息公开申请。
二、收费情况
无信息公开收费及减免情况。
三、行政复议和行政诉讼
无因政府信息公开申请提起的行政复议案件，也无行政诉讼案件。
""", [("requests_received", None, None, 0, False), ("fees_collected", None, None, 0, False),
      ("review_cases", None, None, 0, False), ("litigation_cases", None, None, 0, False)]),
    _freeform(
        "ff15_wan_and_approx_prefix", "山东省发展和改革委员会2012年政府信息公开工作年度报告", """
一、主动公开政府信息情况
2012年主动公开政府信息约1.2万条。
""", [("proactive_total", None, None, 12000, True)]),
    _freeform(
        "ff16_channel_lists", "淄博市安全生产监督管理局政府信息公开工作年度报告", """
一、主动公开政府信息情况
局还在市政府网站、市安监局网站、日报等公开信息300条。
""", [("proactive_total", "市政府网站、市安监局网站、日报", None, 300, False)]),
    _freeform(
        "ff17_no_invented_pairing", "临淄区统计局2015年政府信息公开工作年度报告", """
一、主动公开政府信息情况
2015年主动公开政府信息20条。其中统计数据12条。占总数的60%工作动态8条,占总数的40%
""", [("proactive_total", None, None, 20, False), ("proactive_category", "统计数据", None, 12, False),
      ("proactive_category", "工作动态", None, 8, False),
      ("proactive_category_share", "工作动态", None, 40, False)]),
    _freeform(
        "ff18_distractors", "临淄区商务局2015年政府信息公开工作年度报告", """
一、概述
全年为农民工追讨工资150余万元，接待来访群众300余人次。办理人大建议12件。
""", []),
    _freeform(
        "ff22_channels_do_not_add_up", "淄博市民政局2014年政府信息公开工作年度报告", """
一、政府信息公开申请的办理情况
2014年共收到政府信息公开申请10件。其中网上申请6件，信函申请3件。
""", [("requests_received", None, None, 10, False), ("requests_by_channel", "网上", None, 6, False),
      ("requests_by_channel", "信函", None, 3, False)], {"parts_sum_mismatch"}),
    # Cases written after the rules, from phrasings seen in published reports (first measured
    # before any rule was changed for them: requests recall 0.977, review/litigation 0.923).
    _freeform(
        "ff23_requests_as_matters", "桓台县财政局2015年政府信息公开工作年度报告", """
一、依申请公开政府信息情况
本年度共受理依申请公开事项3件，均在规定时限内予以答复，其中同意公开2件，因信息不存在未能提供1件。
""", [("requests_received", None, None, 3, False), ("requests_outcome", "公开", None, 2, False),
      ("requests_outcome", "信息不存在", None, 1, False)]),
    _freeform(
        "ff24_thousands_separator_and_list", "临淄区人民政府2016年政府信息公开工作年度报告", """
一、主动公开政府信息情况
全年通过区政府门户网站主动公开政府信息1,234条，其中机构概况15条、政策法规120条、规划计划30条、业务动态1069条。
""", [("proactive_total", None, None, 1234, False), ("proactive_category", "机构概况", None, 15, False),
      ("proactive_category", "政策法规", None, 120, False), ("proactive_category", "规划计划", None, 30, False),
      ("proactive_category", "业务动态", None, 1069, False)]),
    _freeform(
        "ff25_staff_in_words", "淄博市教育局2013年政府信息公开工作年度报告", """
一、组织机构建设
我局政府信息公开工作由办公室负责，配备专职工作人员两名。
""", [("staff", "专职", None, 2, False)]),
    _freeform(
        "ff26_review_litigation_together", "淄博市公安局2016年政府信息公开工作年度报告", """
一、行政复议、行政诉讼情况
2016年，因政府信息公开申请发生行政复议、行政诉讼各1件。
""", [("review_cases", None, None, 1, False), ("litigation_cases", None, None, 1, False)]),
    _freeform(
        "ff27_outcomes_with_de", "临淄区民政局2017年政府信息公开工作年度报告", """
一、依申请公开情况
全年共收到政府信息公开申请5件，已全部办结。其中予以公开的3件，部分公开的1件，不予公开的1件。
""", [("requests_received", None, None, 5, False), ("requests_outcome", "公开", None, 3, False),
      ("requests_outcome", "部分公开", None, 1, False), ("requests_outcome", "不予公开", None, 1, False)]),
    _freeform(
        "ff28_chinese_numeral_requests", "张店区民政局2015年政府信息公开工作年度报告", """
一、依申请公开情况
共收到政府信息公开申请十二件，均已按期答复。
""", [("requests_received", None, None, 12, False)]),
    _freeform(
        "ff29_consultations_about", "桓台县教育局2014年政府信息公开工作年度报告", """
一、政府信息公开工作情况
全年受理政府信息公开咨询约300人次，均当场答复。
""", [("consultations", None, None, 300, True)]),
    _freeform(
        "ff30_handled_not_a_body", "张店区人民政府2015年政府信息公开工作年度报告", """
一、政府信息公开申请的办理情况
2015年全区申请总数为15件，其中办结14件，转下年办理1件。
""", [("requests_received", None, None, 15, False)]),
    _freeform(
        "ff31_shared_count", "临淄区财政局2016年政府信息公开工作年度报告", """
一、行政复议、行政诉讼情况
2016年，本机关政府信息公开行政复议和行政诉讼案件0件。
二、其他
2016年行政复议、行政诉讼2件。
""", [("review_cases", None, None, 0, False), ("litigation_cases", None, None, 0, False)]),
    _freeform(
        "ff19_near_thousand_and_two_cases", "桓台县民政局2013年政府信息公开工作年度报告", """
一、主动公开政府信息情况
2013年主动公开政府信息近千条。
二、行政复议、行政诉讼情况
全年发生政府信息公开行政复议案件两起，行政诉讼案件1起。
""", [("proactive_total", None, None, 1000, True), ("review_cases", None, None, 2, False),
      ("litigation_cases", None, None, 1, False)]),
    _freeform(
        "ff20_approx_after_unit", "淄博市公安局2012年政府信息公开工作年度报告", """
一、依申请公开情况
全年共收到政府信息公开申请60件左右。
""", [("requests_received", None, None, 60, True)]),
    _freeform(
        "ff21_department_requests", "临淄区人民政府2016年政府信息公开工作年度报告", """
一、政府信息公开申请的办理情况
2016年全区申请总数为8件。区国土资源局收到政府信息公开申请5件，其中予以公开4件，不予公开1件。
""", [("requests_received", None, None, 8, False), ("requests_received", None, "区国土资源局", 5, False),
      ("requests_outcome", "公开", "区国土资源局", 4, False),
      ("requests_outcome", "不予公开", "区国土资源局", 1, False)]),
]


# ---------------------------------------------------------------------------------------------
# Template reports printed from numbers.

A20_2021 = [
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
    ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
]
A20_2019 = [
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政许可", "其他对外管理服务事项")),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",)),
]
#: (printed label cells, key) of the request matrix rows; 2019 has one (六) row.
_REQ_HEAD = [("一、本年新收政府信息公开申请数量\t", "一、本年新收政府信息公开申请数量"),
             ("二、上年结转政府信息公开申请数量\t", "二、上年结转政府信息公开申请数量"),
             ("三、本年度办理结果\t（一）予以公开", "(一)予以公开"),
             ("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
              "(二)部分公开(区分处理的,只计这一情形,不计其他情形)")]
_SUBS = {
    "（三）不予公开": ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                 "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"],
    "（四）无法提供": ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
    "（五）不予处理": ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                 "5.要求行政机关确认或重新出具已获取信息"],
    "（六）其他处理": ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                 "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"],
}
REQ_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_GROUPS = ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _ascii_key(s: str) -> str:
    return s.translate({0xFF08: "(", 0xFF09: ")", 0xFF0C: ",", 0xFF1A: ":"})


def request_rows(layout: str) -> list[tuple[str, str]]:
    """(printed label cells, key) for every data row but (七) and 四, in print order."""
    rows = list(_REQ_HEAD)
    for group, subs in _SUBS.items():
        if layout == "2019" and group == "（六）其他处理":
            rows.append((f"\t{group}", _ascii_key(group)))
            continue
        for i, sub in enumerate(subs):
            rows.append((f"\t{group if i == 0 else ''}\t{sub}", f"{_ascii_key(group)}/{sub}"))
    return rows


def request_matrix(layout: str, new: list[int], carried: list[int], seed: int) -> dict[str, list[int]]:
    """A consistent matrix: outcome leaves spread the handled requests; 四 carries the rest."""
    leaves = [k for _, k in request_rows(layout)[2:]]
    values: dict[str, list[int]] = {k: [0] * 6 for k in leaves}
    carry_out = []
    for col in range(6):
        handled = new[col] + carried[col] - (1 if (new[col] + carried[col]) > 2 else 0)
        carry_out.append(new[col] + carried[col] - handled)
        for j in range(handled):
            values[leaves[(seed + col * 3 + j * 5) % len(leaves)]][col] += 1
    out = {"一、本年新收政府信息公开申请数量": new, "二、上年结转政府信息公开申请数量": carried, **values}
    out["(七)总计"] = [sum(values[k][c] for k in leaves) for c in range(6)]
    out["四、结转下年度继续办理"] = carry_out
    return {k: [*v, sum(v)] for k, v in out.items()}


def _fmt(values: list[int], style: str) -> str:
    if style == "run":
        return "".join(str(v) for v in values)
    if style == "missing":
        return "\t".join(str(v) for v in values[1:])
    return "\t".join(str(v) for v in values)


def template_text(name: str, layout: str, a20: dict[str, list[float]], req: dict[str, list[int]],
                  review: list[int], style: str = "tabs") -> str:
    """A 2019 or 2021 template report, its tables flattened the way ``style`` says."""
    lines = [f"{name}{'2020' if layout == '2019' else '2022'}年政府信息公开工作年度报告", "",
             "一、总体情况", f"{name}认真贯彻落实《中华人民共和国政府信息公开条例》。", "",
             "二、主动公开政府信息情况", ""]
    for head, cols, rows in (A20_2019 if layout == "2019" else A20_2021):
        lines.append(head + "\t" * len(cols))
        lines += ["信息内容", *cols] if style == "cells" else ["信息内容\t" + "\t".join(cols)]
        for r in rows:
            vals = a20[r]
            cells = [f"{v:g}" for v in vals]
            if style == "cells":
                lines += [r, *cells]
            else:
                lines.append(f"{r}{''.join(cells)}" if style == "run" and len(vals) > 1 else f"{r}\t" + "\t".join(cells))
    lines += ["", "三、收到和处理政府信息公开申请情况", "",
              "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\t\t\t\t\t\t",
              "\t自然人\t法人或其他组织\t\t\t\t\t总计", "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"]
    rows = [*request_rows(layout), ("\t（七）总计", "(七)总计"), ("四、结转下年度继续办理\t", "四、结转下年度继续办理")]
    for label, key in rows:
        if style == "split":
            lines += [label, "\t" + _fmt(req[key], "tabs")]
        elif style == "cells":  # one cell per line, as some PDF text layers come out
            lines += [label.strip("\t").replace("\t", ""), *(str(v) for v in req[key])]
        elif style == "wrapped":  # the row's numbers run on to a second line
            lines += [label + "\t" + _fmt(req[key][:3], "tabs"), "\t" + _fmt(req[key][3:], "tabs")]
        elif style == "run":
            lines.append(label.rstrip("\t") + _fmt(req[key], "run"))
        else:
            lines.append(label + "\t" + _fmt(req[key], style))
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", "",
              "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
              "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
              "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
              *(["".join(str(v) for v in review)] if style == "run" else
                [str(v) for v in review] if style == "cells" else ["\t".join(str(v) for v in review)]),
              "", "五、存在的主要问题及改进情况", "一是公开内容还需进一步丰富。", ""]
    return "\n".join(lines)


def template_expected(layout: str, a20: dict[str, list[float]], req: dict[str, list[int | None]] | None,
                      review: list[int] | None, a20_rows: set[str] | None = None) -> list[Expected]:
    out: list[Expected] = []
    for _, cols, rows in (A20_2019 if layout == "2019" else A20_2021):
        for r in rows:
            if a20_rows is not None and r not in a20_rows:
                continue
            for c, v in zip(cols, a20[r], strict=True):
                out.append(("template_article20", f"{r}|{c}", None, v, False))  # the template's label as printed
    if req is not None:
        for key, vals in req.items():
            for c, v in zip(REQ_COLUMNS, vals, strict=True):
                if v is not None:
                    out.append(("template_requests", f"{key}|{c}", None, v, False))
        if None not in req.get("一、本年新收政府信息公开申请数量", [None]):
            out.append(("requests_received", None, None, req["一、本年新收政府信息公开申请数量"][6], False))
    if review is not None:
        for gi, g in enumerate(REVIEW_GROUPS):
            for ci, c in enumerate(REVIEW_COLUMNS):
                out.append(("template_review_litigation", f"{g}|{c}", None, review[gi * 5 + ci], False))
        out.append(("review_cases", None, None, review[4], False))
        out.append(("litigation_cases", None, None, review[9] + review[14], False))
    return out


A20_VALUES_2021 = {"规章": [0, 0, 1], "行政规范性文件": [3, 1, 12], "行政许可": [57], "行政处罚": [12],
                   "行政强制": [2], "行政事业性收费": [1.5]}
A20_VALUES_2019 = {"规章": [0, 0, 0], "规范性文件": [2, 2, 9], "行政许可": [10, -1, 35],
                   "其他对外管理服务事项": [4, 0, 6], "行政处罚": [0, 3, 12], "行政强制": [1, 0, 0],
                   "行政事业性收费": [2, 0], "政府集中采购": [3, 120.5]}
REVIEW_VALUES = [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]


AGENCIES = ["淄博市应急管理局", "临淄区应急管理局", "桓台县教育局", "张店区民政局", "淄博市生态环境局",
            "临淄区财政局"]


def _proved_with_one_gap(printed: list[int]) -> list[int | None]:
    """Oracle for a 7-cell row printed with one cell missing: place the gap anywhere, fill it
    from the row's arithmetic (never negative), keep the cells all such readings share."""
    readings = []
    for gap in range(len(printed) + 1):
        cells: list[int | None] = [*printed[:gap], None, *printed[gap:]]
        known = sum(c for c in cells[:-1] if c is not None)
        fill = known if gap == len(cells) - 1 else cells[-1] - known  # type: ignore[operator]
        if fill >= 0:
            readings.append([fill if c is None else c for c in cells])
    return [r[0][i] if len({x[i] for x in r}) == 1 else None for r in [readings] for i in range(len(printed) + 1)]


def _template_case(name: str, layout: str, style: str, new: list[int], carried: list[int], seed: int,
                   flags: set[str] | None = None, bump: str | None = None, prose: str = "") -> Case:
    a20 = A20_VALUES_2019 if layout == "2019" else A20_VALUES_2021
    req = request_matrix(layout, new, carried, seed)
    if bump:  # a report whose table does not add up: the printed cell is data, the check says so
        req[bump] = [req[bump][0] + 1, *req[bump][1:]]
    text = template_text(AGENCIES[seed % len(AGENCIES)], layout, a20, req, REVIEW_VALUES, style)
    if prose:
        text = text.replace("（本列数据", prose + "\n\n（本列数据", 1)
    expected_req: dict[str, list[int | None]] | None = dict(req)
    a20_rows = None
    if style == "missing":
        # 6 numbers for 7 columns (自然人 dropped): a cell is proved when every placement of
        # the gap that lets the row add up gives it the same value
        expected_req = {k: _proved_with_one_gap(v[1:]) for k, v in req.items()}
    if style == "run":
        # Article 20 rows of several cells have no arithmetic: a digit run is read only where
        # its length leaves one split (规章 001 is 0|0|1; 行政规范性文件 3112 stays null)
        a20_rows = {r for r, v in a20.items() if len(v) == 1 or len("".join(f"{x:g}" for x in v)) == len(v)}
    expected = template_expected(layout, a20, expected_req, REVIEW_VALUES, a20_rows)
    if prose:
        expected.append(("requests_received", None, None, float(prose.split("申请")[-1].rstrip("件。")), False))
    return Case(name, text, expected, flags or set())


CASES += [
    _template_case("tpl01_2021_tabs", "2021", "tabs", [3, 1, 0, 0, 1, 0], [1, 0, 0, 0, 0, 0], 1),
    _template_case("tpl02_2019_tabs", "2019", "tabs", [5, 2, 1, 0, 0, 1], [0, 1, 0, 0, 0, 0], 2),
    _template_case("tpl03_2021_split_lines", "2021", "split", [2, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0], 3),
    _template_case("tpl04_2021_digits_run_together", "2021", "run", [1, 2, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], 4,
                   {"template_cells_repaired", "template_table_unparsed"}),
    _template_case("tpl05_2021_cell_missing", "2021", "missing", [4, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], 5,
                   {"template_table_unparsed"}),
    _template_case("tpl06_2019_split_lines", "2019", "split", [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], 6),
    _template_case("tpl09_2021_numbers_wrapped", "2021", "wrapped", [4, 0, 1, 0, 0, 2], [0, 0, 0, 0, 0, 1], 9),
    _template_case("tpl10_2019_one_cell_per_line", "2019", "cells", [3, 0, 0, 2, 0, 0], [1, 0, 0, 0, 0, 0], 10),
    _template_case("tpl07_2021_does_not_add_up", "2021", "tabs", [2, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], 7,
                   {"template_applicant_sum", "template_outcome_sum"}, bump="(一)予以公开"),
    _template_case("tpl08_prose_contradicts_table", "2021", "tabs", [2, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], 8,
                   {"conflicting_values"}, prose="本年度共收到政府信息公开申请5件。"),
]
