"""End to end: ingest the seeds, render briefs with the CLI, open them in headless Chromium
with the network blocked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import dump_dom, screenshot
from conftest import RAW

pytestmark = pytest.mark.e2e
GIK = str(Path(sys.executable).parent / "gik")


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e")
    db, out = work / "gik.duckdb", work / "briefs"
    subprocess.run([GIK, "-q", "ingest", "--db", str(db), str(RAW)], check=True)
    r = subprocess.run([GIK, "-q", "briefs", "--db", str(db), "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


def test_one_brief_per_dated_agency_and_an_index(briefs):
    names = sorted(p.name for p in briefs.glob("*.html"))
    assert names == ["370303-emergency_management.html", "370303-government.html",
                     "371500-z30e52d-emergency_management.html", "index.html"]
    index = (briefs / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"]+)"', index):
        assert (briefs / href).exists(), href


def test_brief_is_self_contained(briefs):
    page = (briefs / "370303-emergency_management.html").read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]*\ssrc="https?:', page), "a script is loaded from the network"
    assert not re.search(r'<link[^>]*\shref="https?:', page), "a stylesheet is loaded from the network"
    assert "jp-InputArea-editor" not in page.split("</style>")[-1], "a code cell is shown"
    assert "import " not in re.sub(r"<script.*?</script>", "", page, flags=re.S).split("</style>")[-1]


def test_brief_draws_its_charts_offline_with_chinese_text(briefs):
    dom = dump_dom(briefs / "370303-emergency_management.html")
    assert dom.count('class="main-svg"') >= 2, "plotly did not draw the charts"
    assert "张店区应急管理局" in dom
    text = re.sub(r"<[^>]+>", "", dom)
    assert "2014年31条，2017年26条，减少5条（-16%）" in text
    assert "区安监局累计主动公开政府信息31条" in dom  # the evidence sentence (whitespace folded)
    assert re.search(r"<html[^>]*lang=\"zh\"", dom)


def test_screenshot_is_not_blank(briefs, tmp_path):
    png = screenshot(briefs / "370303-emergency_management.html", tmp_path / "brief.png")
    assert png.stat().st_size > 50_000  # a blank page compresses to a few KB
