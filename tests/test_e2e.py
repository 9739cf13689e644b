"""End to end: ingest the seeds, render every brief kind with the CLI, open each brief and the
index in headless Chromium with the network blocked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import open_page, screenshot
from conftest import RAW

pytestmark = pytest.mark.e2e
GIK = str(Path(sys.executable).parent / "gik")
AGENCY_BRIEFS = ["370303-emergency_management.html", "370303-government.html",
                 "371500-z30e52d-emergency_management.html"]
OTHER_BRIEFS = ["compare-emergency_management.html", "corpus_overview.html"]
PAGES = [*AGENCY_BRIEFS, *OTHER_BRIEFS, "index.html"]


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
            assert (briefs / href).exists(), f"{name}: {href}"


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
