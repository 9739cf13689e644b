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


# ---------------------------------------------------------------------------------------------
# Whole tables as a crawler saved them: one line, cells run together (quoted from
# ../shared/corpus/real/raw, file named in each test).

from gikdata.extract.report import extract_source, to_json  # noqa: E402
from gikdata.extract.tables import parse_tables  # noqa: E402
from gikdata.read.decode import SourceText  # noqa: E402
from gikdata.read.normalise import normalise  # noqa: E402

# 0016_pingtan-transport-constr-2025-104920.txt, sections 二 to 四 as printed (one line)
PAGE_2025 = (
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1024"
    "第二十条第（五）项信息内容本年处理决定数量行政许可0第二十条第（六）项信息内容本年处理决定数量行政处罚0行政强制0"
    "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0三、收到和处理政府信息公开申请情况（本列数据的勾稽"
    "关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律"
    "服务机构其他一、本年新收政府信息公开申请数量2100000 21 二、上年结转政府信息公开申请数量000000 0 三、本年度办理结果 "
    "（一）予以公开100000010（二）部分公开（区分处理的，只计这一情形，不计其他情形）100000 1 （三）不予公开1.属于国家秘密"
    "00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益00000005.属于三类内部事务信息"
    "00000006.属于四类过程性信息00000007.属于行政执法案卷00000008.属于行政查询事项0000000（四）无法提供 1.本机关不掌握相关"
    "政府信息1000000102.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请"
    "00000002.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取"
    "信息0000000（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请000000 0 2.申请人逾期未按收费"
    "通知要求缴纳费用、行政机关不再处理其政府信息公开申请000000 03.其他0000000（七）总计210000021四、结转下年度继续办理"
    "0000000四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后"
    "起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计315090000000000五、存在的主要问题及改进情况")


def tables_of(text: str):
    return parse_tables(normalise(text))


def test_one_line_page_reads_all_three_tables():
    t = tables_of(PAGE_2025)
    v = t.as_dict()
    assert t.version == "2021"
    assert v["article20"]["规章"] == {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0}
    assert v["article20"]["行政规范性文件"] == {"本年制发件数": None, "本年废止件数": None, "现行有效件数": None}
    assert v["article20"]["行政事业性收费"] == {"本年收费金额（单位：万元）": 0.0}
    req = v["requests"]
    assert req["一、本年新收政府信息公开申请数量"]["总计"] == 21
    assert req["(一)予以公开"] == {"自然人": 10, "商业企业": 0, "科研机构": 0, "社会公益组织": 0, "法律服务机构": 0,
                               "其他": 0, "总计": 10}
    # '1.本机关不掌握相关政府信息1000000102.没有…': the next row's number 2. is not a digit of this row
    assert req["(四)无法提供/1.本机关不掌握相关政府信息"]["总计"] == 10
    assert req["(六)其他处理/3.其他"]["总计"] == 0
    assert req["(七)总计"]["总计"] == 21 and req["四、结转下年度继续办理"]["总计"] == 0
    assert "(六)其他处理" not in req  # a heading over its three sub-rows in 2021, no cells
    rl = v["review_litigation"]
    assert rl["行政复议"] == {"结果维持": 3, "结果纠正": 1, "其他结果": 5, "尚未审结": 0, "总计": 9}
    assert rl["行政诉讼/复议后起诉"]["总计"] == 0
    flagged = " ".join(f.message for f in t.flags if f.code == "template_table_unparsed")
    assert "行政规范性文件" in flagged


def test_value_spans_point_at_the_printed_digits():
    norm = normalise(PAGE_2025)
    t = parse_tables(norm)
    cell = next(f for f in t.facts if f.dimension == "(一)予以公开|自然人")
    assert PAGE_2025[cell.value_start:cell.value_end] == "10"
    assert PAGE_2025[cell.start:cell.end] == cell.evidence and "予以公开" in cell.evidence


def test_2019_header_and_signed_change():
    # 0148_pingtan-agri-rural-2019-80562.txt
    text = ("第二十条第（一）项信息内容本年新 制作数量本年新 公开数量对外公开总数量规章000规范性文件000第二十条第（五）项信息内容"
            "上一年项目数量本年增/减处理决定数量行政许可7700其他对外管理服务事项000第二十条第（八）项信息内容上一年项目数量本年"
            "增/减行政事业性收费16减12第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购 4838518699.09元 三、收到和"
            "处理政府信息公开申请情况")
    t = tables_of(text)
    v = t.as_dict()["article20"]
    assert t.version == "2019"
    assert v["规范性文件"] == {"本年新制作数量": 0, "本年新公开数量": 0, "对外公开总数量": 0}
    assert v["行政许可"] == {"上一年项目数量": None, "本年增/减": None, "处理决定数量": 0}
    assert v["行政事业性收费"] == {"上一年项目数量": 16, "本年增/减": -12}
    assert v["政府集中采购"] == {"采购项目数量": None, "采购总金额": None}


def test_2021_report_printing_the_2019_row_label_and_a_header_typo():
    # 0160_pingtan-haitan-area-2024-96894.txt: 先行有效件数 (sic), 规范性文件 under 2021 columns
    text = ("第二十条第（一）项信息内容本年制发件数本年废止件数先行有效件数规范性文件000第二十条第（五）项信息内容本年处理决定数量"
            "行政许可0三、收到和处理政府信息公开申请情况")
    v = tables_of(text).as_dict()["article20"]
    assert v["行政规范性文件"] == {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0}


def test_header_missing_a_column_is_not_trusted():
    # a (一) header naming two of its three columns would shift every cell: its rows stay unread
    text = "第二十条第（一）项信息内容本年制发件数现行有效件数规范性文件100三、收到和处理政府信息公开申请情况"
    assert "article20" not in tables_of(text).as_dict()


def test_pdf_rows_with_tabs_and_page_numbers():
    # 0002_huaian-hongze-qu-2023.pdf as pdfplumber reads it (section 二)
    text = ("二、主动公开政府信息情况\n第二十条第(一)项\n信息内容本年制发件数本年废止件数现行有效件数\n规章\t0\t0\t0\n"
            "行政规范性文件\t0\t5\t5\n第二十条第(五)项\n信息内容本年处理决定数量\n行政许可550\n第二十条第(六)项\n-2-\n"
            "信息内容本年处理决定数量\n行政处罚4119\n行政强制195\n第二十条第(八)项\n信息内容本年收费金额(单位:万元)\n"
            "行政事业性收费7730.28\n三、收到和处理政府信息公开申请情况\n")
    v = tables_of(text).as_dict()["article20"]
    assert v["行政规范性文件"] == {"本年制发件数": 0, "本年废止件数": 5, "现行有效件数": 5}
    assert v["行政处罚"] == {"本年处理决定数量": 4119}
    assert v["行政事业性收费"] == {"本年收费金额（单位：万元）": 7730.28}


def test_row_mixed_with_other_text_stays_null():
    # the same PDF: a wrapped label puts another row's numbers inside (二)'s region
    text = ("申请人情况\n自然人商业科研总计\n一、本年新收政府信息公开申请数量\t21\t0\t0\t0\t0\t0\t21\n"
            "(二)部分公开(区分处理的,只计这一情形,不\n4\t0\t0\t0\t0\t0\t4\n计其他情形)\n1\t0\t0\t0\t0\t0\t1\n"
            "1.属于国家秘密\n")
    t = tables_of(text)
    req = t.as_dict()["requests"]
    assert req["一、本年新收政府信息公开申请数量"]["总计"] == 21
    assert set(req["(二)部分公开(区分处理的,只计这一情形,不计其他情形)"].values()) == {None}


def run(text: str):
    return to_json(extract_source(SourceText(path="t.txt", text=text, encoding="utf-8", sha256="0" * 64,
                                             size=len(text))))


def test_summary_takes_a_balanced_table_total_and_reports_the_prose():
    text = PAGE_2025.replace("二、主动公开政府信息情况", "一、总体情况全年共收到政府信息公开申请20件。二、主动公开政府信息情况")
    d = run(text)
    assert d["summary"]["requests_received"] == 21 and d["summary"]["template_version"] == "2021"
    assert d["summary"]["review_cases"] == 9 and d["summary"]["litigation_cases"] == 0
    assert any(f["code"] == "conflicting_values" and "requests_received" in f["message"] for f in d["flags"])


def test_summary_leaves_a_contradicted_total_to_the_prose():
    # 0156_pingtan-agri-rural-2024-97003.txt: '本年新收…3000000' (自然人 3, 总计 0 as printed)
    text = PAGE_2025.replace("2100000 21 二、上年结转", "3000000二、上年结转")
    assert run(text)["summary"]["requests_received"] is None  # the row contradicts itself
    d = run(text.replace("二、主动公开政府信息情况", "一、总体情况全年共收到政府信息公开申请3件。二、主动公开政府信息情况"))
    assert d["summary"]["requests_received"] == 3
    assert d["summary"]["template_tables"]["requests"]["一、本年新收政府信息公开申请数量"]["总计"] == 0  # as printed
    assert "template_applicant_sum" in {f["code"] for f in d["flags"]}


def test_prose_restatement_chooses_among_the_splits():
    # 0134_pingtan-admin-approval-2023-86659.txt: '行政规范性文件5416' is 5|4|16 or 5|41|6 or
    # 54|1|6; the prose says 我局制定规范性文件5件 and 现行有效的规范性文件16件
    text = ("一、总体情况我局制定规范性文件5件，全面梳理了我局现行有效的规范性文件16件。二、主动公开政府信息情况"
            "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件5416第二十条第（五）项"
            "信息内容本年处理决定数量行政许可3三、收到和处理政府信息公开申请情况")
    t = tables_of(text)
    assert t.as_dict()["article20"]["行政规范性文件"] == {"本年制发件数": 5, "本年废止件数": 4, "现行有效件数": 16}
    assert "template_cells_restated" in {f.code for f in t.flags}
    # without the prose nothing fixes the split; an approximate count (余) restates nothing
    assert set(tables_of(text.split("二、", 1)[1]).as_dict()["article20"]["行政规范性文件"].values()) == {None}
    vague = text.replace("我局制定规范性文件5件，全面梳理了我局现行有效的规范性文件16件", "共发布规范性文件5余份")
    assert set(tables_of(vague).as_dict()["article20"]["行政规范性文件"].values()) == {None}


def test_prose_after_the_last_row_ends_the_table():
    # 0007_pingtan-market-reg-2025-104786.txt: '行政事业性收费0' runs into '2025年，我局…' and the
    # prose goes on to name 规章、规范性文件 (words, not rows)
    text = ("第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费02025年，我局全面梳理机构职能、政策文件，"
            "其中，公示公告重点公开市场监管相关规章、规范性文件。三、收到和处理政府信息公开申请情况")
    v = tables_of(text).as_dict()["article20"]
    assert v == {"行政事业性收费": {"本年收费金额（单位：万元）": 0.0}}


def test_label_variant_and_repeated_heading_inside_the_matrix():
    # 0009_pingtan-junshan-area-2025: '2.其他法律和行政法规禁止公开'; 0038_pingtan-tourism-culture-2019:
    # '8.属于行政查询事项0000000三、本年度办理结果（四）无法提供'
    text = PAGE_2025.replace("其他法律行政法规禁止公开", "其他法律和行政法规禁止公开").replace(
        "属于行政查询事项0000000（四）", "属于行政查询事项0000000三、本年度办理结果（四）")
    t = tables_of(text)
    req = t.as_dict()["requests"]
    assert req["(三)不予公开/1.属于国家秘密"]["总计"] == 0
    assert req["(三)不予公开/2.其他法律行政法规禁止公开"]["总计"] == 0
    assert req["(三)不予公开/8.属于行政查询事项"]["总计"] == 0


def test_column_arithmetic_across_rows_fixes_a_split():
    # 0005_pingtan-jinjing-area-2025: '本年新收…110000011' and '(七)总计110000011' are each
    # 11|0|…|11 or 1|10|0|…|11 on their own; the outcome rows (部分公开 3000003, 不掌握
    # 7000007, 逾期不补正 1000001) put 11 under 自然人 in (七), and 一 + 二 = (七) + 四 does the rest
    text = PAGE_2025
    for old, new in (("2100000 21 二", "110000011二"), ("100000010（二）", "0000000（二）"), ("100000 1 （三）", "3000003（三）"),
                     ("政府信息1000000102.", "政府信息70000072."), ("政府信息公开申请000000 0 2.", "政府信息公开申请10000012."),
                     ("（七）总计210000021", "（七）总计110000011")):
        assert old in text
        text = text.replace(old, new)
    req = tables_of(text).as_dict()["requests"]
    assert req["(七)总计"]["自然人"] == 11 and req["(七)总计"]["商业企业"] == 0
    assert req["一、本年新收政府信息公开申请数量"]["自然人"] == 11


def test_kinds_say_what_each_value_is():
    # 0158_pingtan-social-affairs-2024: review row '00202000001324015' (复议 adds up, 复议后起诉 cannot)
    d = run(PAGE_2025.replace("315090000000000", "00202000001324015"))
    s = d["summary"]
    assert (s["review_cases"], s["litigation_cases"]) == (2, None)
    assert s["kinds"]["review_cases"] == "number" and s["kinds"]["litigation_cases"] == "unreadable"
    assert s["kinds"]["requests_received"] == "number" and s["kinds"]["fees_collected"] == "not_stated"
    zero = run(PAGE_2025.replace("315090000000000", "0" * 15))["summary"]
    assert zero["review_cases"] == 0 and zero["kinds"]["review_cases"] == "none"
