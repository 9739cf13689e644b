"""What briefs say and draw, checked on the seed database without a browser: every measure has a
Chinese label and unit, words come from the rows the tables show, parts of a total are never
stacked with another breakdown or a share, template tables are printed as tables, gaps are gaps."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from gikdata.briefs import agency_view, charts, compare_view, labels, overview_view, review_pages
from gikdata.briefs.html_tables import REVIEW_DIR
from gikdata.store import queries

GOVERNMENT = "370303-government"
TEMPLATE = "371500-z30e52d-emergency_management"


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_every_measure_in_the_database_has_a_chinese_label_and_unit(seed_db):
    con = queries.connect(seed_db)
    try:
        measures = {r[0] for r in con.execute("select distinct measure from facts").fetchall()}
    finally:
        con.close()
    table = labels.measure_table()
    assert measures <= set(table), measures - set(table)
    for m in table.values():
        assert re.search(r"[\u4e00-\u9fff]", m.label_zh) and m.label_en and m.kind in ("count", "share", "rate",
                                                                                        "amount")
    assert labels.label("staff") == "信息公开工作人员（人）"
    assert "proactive_category_share" not in labels.label("proactive_category_share")


def test_unknown_measures_are_marked_not_shown_bare():
    assert labels.label("new_measure_x").startswith("未登记指标")


def test_part_of_a_channel_is_said_and_shown_as_part(seed_db):
    view = agency_view.load_view(GOVERNMENT, seed_db)
    summary = _text(agency_view.summary_html(view))
    assert "报告未给出总数" in summary and "政府门户网站9800余条，其中政府信息公开栏目1500余条" in summary
    assert "没有主动公开" not in summary and "报告中没有" not in summary
    table = _text(agency_view.key_figures_html(view, "proactive"))
    assert table.index("政府门户网站") < table.index("其中政府信息公开栏目")


def test_every_number_in_a_section_sentence_is_in_its_table(seed_db):
    for agency in ("370303-emergency_management", GOVERNMENT, TEMPLATE):
        view = agency_view.load_view(agency, seed_db)
        for section in agency_view.SECTION_TITLES:
            html = agency_view.section_html(view, section)
            said = set(re.findall(r'href="#fact-(\d+)"', html.split("<table", 1)[0]))
            shown = set(re.findall(r'href="#fact-(\d+)"', agency_view.key_figures_html(view, section)))
            assert said <= shown, (agency, section, said - shown)
            if said or "<table" in html:
                assert "报告中没有这一部分的数字" not in html


def test_requests_are_never_stacked_across_breakdowns_or_with_shares(seed_db):
    view = agency_view.load_view(GOVERNMENT, seed_db)
    figs = agency_view.section_figures(view, "requests")
    stacked = [f for f in figs if f.layout.barmode == "stack"]
    assert len(stacked) == 2  # by receiving body, by channel: two figures, never one bar
    for fig in stacked:
        assert sum(t.y[0] for t in fig.data) == 15  # the parts add up to the 15 requests received
        assert "%" not in fig.layout.yaxis.title.text
    with pytest.raises(ValueError, match="share"):
        charts.breakdown_figure(view.measures, "requests_by_channel_share")


def test_all_zero_totals_are_said_not_drawn(seed_db):
    view = agency_view.load_view(TEMPLATE, seed_db)
    assert agency_view.section_figures(view, "review") == []
    assert agency_view.overview_figure(view) is None  # one non-zero measure: drawn in its section only
    note = _text(agency_view.zero_measures_html(view))
    assert "政府信息公开行政复议（件）" in note and "主动公开政府信息（条）" in note


def test_template_tables_are_printed_as_tables_with_a_sentence_when_all_zero(seed_db):
    view = agency_view.load_view(TEMPLATE, seed_db)
    html = agency_view.template_table_html(view, "template_requests")
    head = re.search(r"<thead>(.*?)</thead>", html).group(1)
    assert _text(head.replace("</th>", "|")).split("|")[1:8] == ["自然人", "商业企业", "科研机构", "社会公益组织",
                                                                 "法律服务机构", "其他", "总计"]
    rows = re.findall(r"<tr><td>([^<]+)</td>", html)
    assert rows[0].startswith("一、本年新收") and rows[-1].startswith("四、结转下年度") and len(rows) == 25
    assert "此表175个数字全部为0" in _text(html)
    article20 = agency_view.template_table_html(view, "template_article20")
    assert "全部为0" not in article20 and ">2<" in article20  # 行政处罚 2
    facts = agency_view.facts_table(view)
    assert "另有标准模板表格中的200个数字" in _text(facts) and "000000000000000" not in facts


def test_evidence_links_to_the_review_page_at_the_number(seed_db, tmp_path):
    view = agency_view.load_view("370303-emergency_management", seed_db)
    links = re.findall(rf'href="({REVIEW_DIR}/[0-9a-f]+\.html)#p(\d+)"', agency_view.facts_table(view))
    assert links
    review_pages.write_review_pages(seed_db, tmp_path)
    for page, anchor in links:
        assert f'id="p{anchor}"' in (tmp_path / page).read_text(encoding="utf-8")


def test_lines_break_at_missing_years():
    xs, ys = charts.with_gaps(pd.Series([2014, 2017]), pd.Series([31.0, 26.0]))
    assert xs == [2014, 2015, 2016, 2017] and ys == [31.0, None, None, 26.0]
    long = pd.DataFrame({"name": ["a", "a"], "year": [2014, 2017], "value": [31.0, 26.0], "index": [100.0, 84.0],
                         "rank": [1.0, 1.0], "format": ["freeform", "freeform"]})
    fig = charts.compare_figure(long, "t")
    assert list(fig.data[0].y) == [31.0, None, None, 26.0] and fig.data[0].connectgaps is False
    assert fig.layout.updatemenus[0].x == 1 and fig.layout.title.x == 0  # the menu is clear of the title


def test_overview_coverage_is_coloured_by_measures_with_every_year(seed_db):
    ov = overview_view.load_overview(seed_db)
    html = overview_view.coverage_html(ov)
    assert [int(y) for y in re.findall(r"<th>(\d{4})</th>", html)] == list(range(2014, 2024))
    template_row = re.search(r"聊城江北水城旅游度假区安全生产监督管理局</td>(.*?)</tr>", html).group(1)
    assert re.search(r">8</td>", template_row) and "206" not in _text(template_row)  # measures, not facts


def test_plotly_bundle_is_partial_vendored_and_licensed():
    js = charts.PLOTLY_JS
    assert js.exists() and (js.parent / "LICENSE").exists()
    assert 1_000_000 < js.stat().st_size < 1_300_000
    assert "plotly.js (basic - minified)" in js.read_text(encoding="utf-8")[:200]


def test_a_comparison_of_zeros_is_said_not_drawn(seed_db):
    cv = compare_view.load_compare(None, "山东省", "emergency_management", "requests_received", None, seed_db)
    assert set(cv.long["value"]) == {0} and compare_view.figure(cv) is None
    assert "各机关各年均为0，不作图" in compare_view.describe(cv)
    drawn = compare_view.load_compare(None, "山东省", "emergency_management", "proactive_total", None, seed_db)
    assert compare_view.figure(drawn) is not None


def test_category_stacks_never_exceed_the_total_they_divide(seed_db):
    view = agency_view.load_view("370303-emergency_management", seed_db)
    cats = pd.DataFrame({"year": [2014, 2014, 2017, 2017, 2017], "report_id": ["a", "a", "b", "b", "c"],
                         "category": ["x", "y", "x", "y", "x"], "count": [3.0, 7.0, 900.0, 5.0, 1.0],
                         "share": [None] * 5, "total": [31.0, 31.0, 26.0, 26.0, 26.0], "computed_share": [None] * 5})
    series = pd.DataFrame({"year": [2014, 2017], "report_id": ["a", "b"], "format": ["freeform"] * 2})
    fake = agency_view.AgencyView(view.agency, series, view.measures, cats, view.facts, view.flags)
    stackable, over = agency_view.category_years(fake)
    assert over == [2017] and set(stackable["year"]) == {2014}  # 905 > 26: not drawn; report c never stacked
    assert "2017年的分类数字之和超过报告的总数" in agency_view.category_note_html(fake)
