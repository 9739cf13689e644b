"""Build .html, .docx and .pdf reports from plain report text, the way publishers print them.

Used by the reader tests and by ``bench/readers.py`` (the measured comparison that picked each
reader). LibreOffice is not needed: HTML is written by hand (with the page chrome scraped pages
carry), DOCX with python-docx (tab-separated lines become a real table), PDF with reportlab
and its built-in CJK font STSong-Light (lines hard-wrapped at a page width, table cells drawn at
column positions, as PDF text layers are).
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator

CHROME_TOP = ('<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/xxgk">信息公开</a></li>'
              '<li><a href="/hdjl">互动交流</a></li></ul></div>\n<div class="breadcrumb">首页 &gt; 文章中心 &gt; 正文</div>\n')
CHROME_BOTTOM = ('<div class="footer">主办单位：某某人民政府办公室 版权所有 网站标识码3703000001 鲁ICP备05001234号</div>\n'
                 '<script>var _hmt = _hmt || [];</script>\n')
CHROME_LINES = ("首页", "信息公开", "互动交流", "首页 > 文章中心 > 正文", "版权所有")


def blocks(text: str) -> Iterator[tuple[str, list[str]]]:
    """("p", [line]) for prose lines, ("table", rows) for runs of tab-separated lines."""
    table: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            table.append(line)
            continue
        if table:
            yield "table", table
            table = []
        if line.strip():
            yield "p", [line]
    if table:
        yield "table", table


def build_html(text: str) -> bytes:
    body = []
    for kind, lines in blocks(text):
        if kind == "p":
            body.append(f"<p>{html.escape(lines[0])}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r.split("\t")) + "</tr>"
                           for r in lines)
            body.append(f"<table border=1>{rows}</table>")
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title>'
            '<style>p{margin:0}</style></head><body>\n' + CHROME_TOP + '<div class="article">\n'
            + "\n".join(body) + "\n</div>\n" + CHROME_BOTTOM + "</body></html>")
    return page.encode("utf-8")


def build_docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for kind, lines in blocks(text):
        if kind == "p":
            d.add_paragraph(lines[0])
            continue
        rows = [r.split("\t") for r in lines]
        width = max(len(r) for r in rows)
        t = d.add_table(rows=len(rows), cols=width)
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                t.cell(i, j).text = c
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def build_pdf(text: str, wrap: int = 38) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 800

    def line_at(x: float, s: str, size: float = 11) -> None:
        c.setFont("STSong-Light", size)
        c.drawString(x, y, s)

    for kind, lines in blocks(text):
        for line in lines:
            if kind == "p":
                parts = [line[i:i + wrap] for i in range(0, len(line), wrap)] or [""]
                for part in parts:
                    line_at(40, part)
                    y -= 16
                    if y < 40:
                        c.showPage()
                        y = 800
            else:
                cells = line.split("\t")
                x = 20.0
                for cell in cells:
                    line_at(x, cell, 6)
                    x += max(30, 6 * len(cell) + 8)
                y -= 12
                if y < 40:
                    c.showPage()
                    y = 800
    c.save()
    return buf.getvalue()
