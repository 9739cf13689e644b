"""Readers for .html, .docx and .pdf: files built by tests/builders.py read back to the text
the corpus case was written as, so extraction finds the same facts."""

from __future__ import annotations

import pytest
from builders import CHROME_LINES, build_docx, build_html, build_pdf
from corpus_cases import CASES

from gikdata.errors import InputError
from gikdata.extract.report import extract_file
from gikdata.read.containers import cells_to_tabs, fix_cjk_compat, html_to_text
from gikdata.read.decode import read_source

BY_NAME = {c.name: c for c in CASES}


def facts(report) -> set[tuple]:
    return {(f.measure, f.dimension, f.subject, float(f.value), f.approx) for f in report.facts}


def expected(case) -> set[tuple]:
    return {(m, d, s, float(v), a) for m, d, s, v, a in case.expected}


@pytest.mark.parametrize("name", ["ff01_total_categories_shares", "ff04_outcomes", "tpl01_2021_tabs",
                                  "tpl02_2019_tabs"])
@pytest.mark.parametrize("suffix,build", [(".html", build_html), (".docx", build_docx)])
def test_html_and_docx_read_back_every_fact(tmp_path, name, suffix, build):
    case = BY_NAME[name]
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(build(case.text))
    report = extract_file(path)
    assert facts(report) == expected(case)
    for f in report.facts:
        assert report.text[f.start:f.end] == f.evidence


def test_html_page_chrome_is_dropped(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(build_html(BY_NAME["ff01_total_categories_shares"].text))
    text = read_source(path).text
    assert not any(line.strip() in CHROME_LINES for line in text.split("\n"))
    assert "版权所有" not in text and "_hmt" not in text
    assert text.startswith("桓台县交通运输局2015年政府信息公开工作年度报告")


def test_html_breadcrumb_outside_any_chrome_element():
    text = html_to_text("<body><p>首页 > 文章中心 > 正文</p><p>当前位置：首页 > 信息公开</p>"
                        "<p>主动公开政府信息31条。</p><p>【打印本页】【关闭窗口】</p></body>")
    assert text == "主动公开政府信息31条。\n"


def test_html_in_gb18030(tmp_path):
    path = tmp_path / "gbk.htm"
    path.write_bytes(build_html("临淄区民政局2016年报告\n主动公开政府信息12条。").decode().encode("gb18030"))
    src = read_source(path)
    assert "主动公开政府信息12条" in src.text and src.encoding == "html/gb18030"


@pytest.mark.parametrize("name", ["tpl01_2021_tabs", "tpl02_2019_tabs"])
def test_pdf_template_tables_read_back(tmp_path, name):
    case = BY_NAME[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build_pdf(case.text))
    got = facts(extract_file(path))
    want = {f for f in expected(case) if f[0] in ("template_requests", "template_review_litigation")}
    assert want <= got


@pytest.mark.parametrize("name", ["ff03_channels_all", "ff24_thousands_separator_and_list", "ff01_total_categories_shares",
                                  "tpl09_2021_numbers_wrapped"])
def test_pdf_hard_wrapped_lines_are_rejoined(tmp_path, name):
    case = BY_NAME[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build_pdf(case.text))  # prose wrapped every 38 characters, as PDFs print it
    assert facts(extract_file(path)) == expected(case)


def test_kangxi_radicals_and_compatibility_ideographs_map_one_to_one():
    assert fix_cjk_compat("⼀⼆⼋条，⾏政") == "一二八条，行政"
    assert fix_cjk_compat("\uf900\U0002F800") == "豈丽"
    assert fix_cjk_compat("主动公开31条") == "主动公开31条"


def test_cell_gaps_become_tabs_only_on_table_rows():
    assert cells_to_tabs("行政处罚 0 3 12") == "行政处罚\t0\t3\t12"
    assert cells_to_tabs("2014 年主动公开 31 条") == "2014 年主动公开 31 条"


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_broken_container_is_an_input_error(tmp_path, suffix):
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"PK\x03\x04 not really a container" * 4)
    with pytest.raises(InputError):
        read_source(path)


def test_ingest_a_folder_of_mixed_formats(tmp_path):
    import duckdb
    from click.testing import CliRunner

    from gikdata.cli import main

    case = BY_NAME["tpl01_2021_tabs"]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.html").write_bytes(build_html(case.text))
    (raw / "b.docx").write_bytes(build_docx(case.text))
    (raw / "c.pdf").write_bytes(build_pdf(case.text))
    db = tmp_path / "gik.duckdb"
    result = CliRunner().invoke(main, ["-q", "ingest", str(raw), "--db", str(db)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    rows = con.sql("select r.encoding, count(*) from facts f join reports r using (report_id) "
                   "where f.measure = 'template_requests' group by 1 order by 1").fetchall()
    assert rows == [("docx", 175), ("html/utf-8", 175), ("pdf", 175)]


@pytest.mark.parametrize("suffix", [".html", ".docx", ".pdf"])
def test_any_bytes_read_or_fail_cleanly(tmp_path, suffix):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(st.binary(max_size=300))
    def check(data):
        path = tmp_path / f"x{suffix}"
        path.write_bytes(data)
        try:
            src = read_source(path)
        except InputError:
            return
        extract_file(path)  # whatever text came out, extraction does not raise
        assert isinstance(src.text, str)

    check()
