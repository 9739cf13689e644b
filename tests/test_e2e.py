"""End to end: ingest the seeds, render every brief kind with the CLI, open each brief and the
index in headless Chromium with the network blocked: charts drawn, no stacked unlike units, no
words contradicting a table, every brief under the size a researcher can e-mail."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from browser import open_page, screenshot
from conftest import RAW

from gikdata.briefs import labels

pytestmark = pytest.mark.e2e
GIK = str(Path(sys.executable).parent / "gik")
AGENCY_BRIEFS = ["370303-emergency_management.html", "370303-government.html",
                 "371500-z30e52d-emergency_management.html"]
OTHER_BRIEFS = ["compare-emergency_management.html", "corpus_overview.html"]
PAGES = [*AGENCY_BRIEFS, *OTHER_BRIEFS, "index.html"]
#: A brief is e-mailed and opened alone, offline: about 1.5 MB at most (plotly.js was 4.8 MB).
MAX_BRIEF_BYTES = 1_500_000


def _values(arr: object) -> list:
    """A trace's numbers: a JSON list, or plotly's typed array ({"dtype": "f8", "bdata": base64})."""
    if isinstance(arr, dict) and "bdata" in arr:
        return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=np.dtype(arr["dtype"])).tolist()
    return list(arr or [])


def figures(page: str) -> list[tuple[list[dict], dict]]:
    """(traces, layout) of every Plotly.newPlot call in a brief, read from its JSON arguments."""
    out = []
    dec = json.JSONDecoder()
    for m in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', page):
        data, end = dec.raw_decode(page, m.end())
        layout, _ = dec.raw_decode(page, page.index("{", end))
        out.append((data, layout))
    return out


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e")
    db, out = work / "gik.duckdb", work / "briefs"
    subprocess.run([GIK, "-q", "ingest", "--db", str(db), str(RAW)], check=True)
    r = subprocess.run([GIK, "briefs", "--all", "--jobs", "2", "--db", str(db), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def pages(briefs):
    return {name: open_page(briefs / name) for name in PAGES}


def test_every_brief_kind_and_an_index(briefs):
    names = sorted(p.name for p in briefs.glob("*.html"))
    assert names == sorted(PAGES)
    assert (briefs / "manifest.json").exists()


def test_second_run_skips_unchanged_briefs(briefs):
    db = briefs.parent / "gik.duckdb"
    r = subprocess.run([GIK, "briefs", "--all", "--db", str(db), "--out", str(briefs)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "0 briefs written, 5 unchanged (skipped)" in r.stdout


@pytest.mark.parametrize("name", [*AGENCY_BRIEFS, *OTHER_BRIEFS])
def test_brief_is_self_contained_without_code(briefs, name):
    page = (briefs / name).read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]*\ssrc="https?:', page), "a script is loaded from the network"
    assert not re.search(r'<link[^>]*\shref="https?:', page), "a stylesheet is loaded from the network"
    body = page.split("</style>")[-1]
    assert "jp-InputArea-editor" not in body, "a code cell is shown"
    assert "import " not in re.sub(r"<script.*?</script>", "", page, flags=re.S).split("</style>")[-1]
    assert "@media print" in page and "Noto Sans CJK SC" in page


@pytest.mark.parametrize("name", [*AGENCY_BRIEFS, *OTHER_BRIEFS])
def test_brief_draws_its_charts_offline_without_console_errors(pages, name):
    page = pages[name]
    assert page.dom.count('class="main-svg"') >= 2, "plotly did not draw the charts"
    assert page.console == [], page.console
    assert re.search(r"<html[^>]*lang=\"zh\"", page.dom)


@pytest.mark.parametrize("name", PAGES)
def test_links_are_valid(briefs, pages, name):
    dom = re.sub(r"<script.*?</script>", "", pages[name].dom, flags=re.S)  # links in plotly.js are code
    ids = set(re.findall(r'\sid="([^"]+)"', dom))
    for href in re.findall(r'<a[^>]*\shref="([^"]+)"', dom):
        if href.startswith("#"):
            assert href[1:] in ids, f"{name}: no anchor {href}"
        elif not href.startswith(("http:", "https:", "mailto:", "javascript:")):
            target, _, anchor = href.partition("#")
            assert (briefs / target).exists(), f"{name}: {href}"
            if anchor:  # a review page, at the number
                assert f'id="{anchor}"' in (briefs / target).read_text(encoding="utf-8"), f"{name}: {href}"


@pytest.mark.parametrize("name", [*AGENCY_BRIEFS, *OTHER_BRIEFS])
def test_brief_is_small_enough_to_e_mail(briefs, name):
    assert (briefs / name).stat().st_size < MAX_BRIEF_BYTES


@pytest.mark.parametrize("name", [*AGENCY_BRIEFS, *OTHER_BRIEFS])
def test_no_chart_stacks_unlike_measures_or_draws_nothing(briefs, name):
    page = (briefs / name).read_text(encoding="utf-8")
    figs = figures(page)
    assert figs, "no chart"
    titles = {labels.label(m) for m in labels.measure_table()}
    for data, layout in figs:
        ys = [v for t in data for v in _values(t.get("y") if t.get("orientation") != "h" else t.get("x"))
              if isinstance(v, int | float)]
        assert any(ys), f"an all-zero chart: {layout.get('title')}"
        if layout.get("barmode") == "stack":
            title = layout["title"]["text"]
            assert title in titles or title.startswith(("主动公开信息分类构成", "每年报告数")), title
            assert "%" not in title and "%" not in layout.get("yaxis", {}).get("title", {}).get("text", "")


@pytest.mark.parametrize("name", AGENCY_BRIEFS)
def test_words_never_deny_a_table_beside_them(pages, name):
    dom = pages[name].dom
    for section in re.split(r"<h2", dom)[1:]:
        if "报告中没有这一部分的数字" in section:
            assert "gik-table" not in section.split("<h2")[0]
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>|<style.*?</style>", "", dom, flags=re.S))
    assert "报告中没有主动公开" not in text
    codes = "|".join(sorted(labels.measure_table(), key=len, reverse=True))
    shown = re.findall(rf"(?<![a-z_])({codes})(?![a-z_])", text)
    assert not shown, f"measure codes reach the reader: {shown}"


def test_government_brief_shows_the_part_of_the_portal(pages):
    text = re.sub(r"<[^>]+>", "", pages["370303-government.html"].dom)
    assert "政府门户网站9800余条，其中政府信息公开栏目1500余条" in text
    assert "Run with papermill" not in text


def test_agency_brief_numbers_link_to_their_evidence(pages):
    dom = pages["370303-emergency_management.html"].dom
    assert "张店区应急管理局" in dom
    text = re.sub(r"<[^>]+>", "", dom)
    assert "2014年31条，2017年26条，减少5条（-16%）" in text
    link = re.search(r'<a class="gik-ev" href="#fact-(\d+)">31条</a>', dom)
    assert link, "the summary's 31 does not link to its evidence"
    row = re.search(rf'<tr id="fact-{link.group(1)}">(.*?)</tr>', dom, flags=re.S)
    assert row and "区安监局累计主动公开政府信息31条" in row.group(1)


def test_comparison_and_overview_say_it_in_words(pages):
    compare = re.sub(r"<[^>]+>", "", pages["compare-emergency_management.html"].dom)
    assert "比较2个机关的主动公开政府信息" in compare
    overview = re.sub(r"<[^>]+>", "", pages["corpus_overview.html"].dom)
    assert "数据库有5份报告" in overview and "year_unknown" in overview


def test_index_lists_every_brief_with_when_it_was_made(pages):
    dom = pages["index.html"].dom
    for name in [*AGENCY_BRIEFS, *OTHER_BRIEFS]:
        assert f'href="{name}"' in dom
    assert re.search(r"<td>20\d\d-\d\d-\d\d \d\d:\d\d:\d\d</td>", dom)


@pytest.mark.parametrize("name", PAGES)
def test_screenshot_is_not_blank(briefs, tmp_path, name):
    png = screenshot(briefs / name, tmp_path / "page.png")
    limit = 40_000 if name == "index.html" else 80_000  # a blank page compresses to a few KB
    assert png.stat().st_size > limit


def test_a_cjk_font_is_installed_for_the_glyphs():
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert out.strip(), "no CJK font: Chinese would render as boxes (make sysdeps installs fonts-noto-cjk)"
