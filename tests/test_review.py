"""`gik review`: an offline page with every fact's number highlighted and linked, text escaped."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import seed

from gikdata.briefs.review import render_review
from gikdata.cli import main
from gikdata.extract.report import extract_file


def test_every_fact_is_linked_both_ways():
    report = extract_file(seed("003"))
    page = render_review(report)
    spans = {}
    for i, f in enumerate(report.facts):
        spans.setdefault((f.value_start, f.value_end), []).append(i)
    for i, f in enumerate(report.facts):
        assert f'id="f{i}"' in page and f'id="v{i}"' in page
        # facts read from the same number (a table cell and the headline it fills) share one link
        assert any(f'href="#f{j}"' in page for j in spans[(f.value_start, f.value_end)])
    assert "<script" not in page and "http://" not in page.replace("http://www.lcdjq", "")


def test_report_text_is_escaped(tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text("临淄区民政局2016年政府信息公开工作年度报告\n<script>alert(1)</script>主动公开政府信息12条。",
                    encoding="utf-8")
    page = render_review(extract_file(path))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert re.search(r'<mark[^>]*><a href="#f\d+">12</a></mark>', page)


def test_review_command_writes_the_page(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["review", str(seed("004")), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
