"""Text out of report containers: HTML pages, Word (.docx) files and PDF text layers.

Each reader was picked by a measured comparison on files the tests build themselves
(``bench/readers.py``; figures in README): HTML with the standard library's ``html.parser``
(no dependency, and we control how table cells become tabs), DOCX with python-docx (body order,
tables as tab-separated rows), PDF with pdfplumber (its text keeps the gaps between table cells,
which pypdf turns into line breaks and pdfminer drops; we turn those gaps into tabs, and rejoin
prose lines the PDF wrapped at its right margin, from the line geometry pdfplumber gives). A table always comes out as one line per row with tab-separated cells, which is the
shape ``tables`` reads.

PDF text layers often carry Kangxi radicals (U+2F00-U+2FDF: ⼀ for 一) and CJK compatibility
ideographs (U+F900-U+FAFF, U+2F800-U+2FA1F): those code points, and only those, are mapped to
the ordinary characters by NFKC, one character for one, so nothing else about the text changes.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from html.parser import HTMLParser

from ..config import MAX_EXPANDED_BYTES
from ..errors import TooLargeError

_COMPAT_RANGES = ((0x2F00, 0x2FDF), (0x2E80, 0x2EFF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def fix_cjk_compat(text: str) -> str:
    """Kangxi radicals and CJK compatibility ideographs to ordinary ideographs (1:1)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if any(lo <= cp <= hi for lo, hi in _COMPAT_RANGES):
            mapped = unicodedata.normalize("NFKC", ch)
            out.append(mapped if len(mapped) == 1 else ch)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# HTML

_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "head", "iframe", "form", "select",
              "button", "template", "svg"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr",
               "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "hr"}
#: class or id words of page chrome (menus, breadcrumbs, footers, share bars)
_CHROME = re.compile(r"nav|menu|breadcrumb|crumb|footer|foot|header|banner|sidebar|share|copyright|"
                     r"position|location|dqwz|weizhi|bottom|top-?bar|toolbar|links?$", re.I)
#: chrome lines that survive anyway: 首页 > 文章中心 > 正文, 当前位置：…, 版权所有 …, 打印本页 | 关闭窗口
_CHROME_LINE = re.compile(
    r"^(?:当前位置[:：].*|您的位置[:：].*|首页\s*(?:>|＞|»|/|›).*|.*版权所有.*|.*ICP备.*|.*网站标识码.*|"
    r"(?:[\[【]?(?:打印本页|打印|关闭窗口|关闭|收藏|分享到|字号|大|中|小|返回顶部)[\]】]?[\s|｜:：]*){1,8})$")


class _TextParser(HTMLParser):
    """Collects visible text; cells end with a tab, rows and blocks with a line break."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        skip = tag in _SKIP_TAGS or bool(names and _CHROME.search(names))
        if tag not in ("br", "hr", "img", "meta", "link", "input"):
            self.stack.append((tag, skip))
            if skip:
                self.skip_depth += 1
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, skip = self.stack.pop()
            if skip:
                self.skip_depth -= 1
            if t == tag:
                break
        if self.skip_depth:
            return
        if tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(re.sub(r"[ \r\n]+", " ", data))


def html_to_text(data: str) -> str:
    """Visible article text of an HTML page, chrome dropped, tables as tab-separated rows."""
    p = _TextParser()
    p.feed(data)
    p.close()
    lines = []
    for raw in "".join(p.parts).split("\n"):
        line = raw.strip(" ")
        line = re.sub(r"\t$", "", line)  # the tab after a row's last cell
        if line.strip() and not _CHROME_LINE.match(line.strip()):
            lines.append(line)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Expanded size: a small container may hold a great deal (a 0.5 MB .docx that expands to 150 MB
# ran 3 minutes at 3.9 GB). Checked before any reader opens the file, cheaply: a zip's members
# declare their sizes (and Python's zipfile never inflates past the declared size); a PDF's
# compressed streams are inflated chunk by chunk and counted, never held.

_CHUNK = 1 << 20
_PDF_STREAM = re.compile(rb"stream\r?\n")


def check_expanded_size(data: bytes, path: str, limit: int = MAX_EXPANDED_BYTES) -> None:
    """Raise ``TooLargeError`` when a zip (.docx) or PDF expands to more than ``limit`` bytes."""
    if data.startswith(b"PK"):
        total = zip_expanded_size(data)
    elif data.lstrip()[:5] == b"%PDF-":
        total = pdf_expanded_size(data, limit)
    else:
        return
    if total > limit:
        raise TooLargeError(path, f"a container of {len(data):,} bytes that expands to more than "
                                  f"{limit:,} bytes (the limit for one report): refused unread")


def zip_expanded_size(data: bytes) -> int:
    """The sum of the sizes a zip's members declare (0 for a broken zip: its reader says why)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return 0


def pdf_expanded_size(data: bytes, limit: int) -> int:
    """Bytes a PDF's Flate streams inflate to, counted up to just past ``limit``. Streams that
    are not zlib (images, encrypted ones) count their stored bytes only, i.e. nothing extra."""
    total = 0
    view = memoryview(data)
    for m in _PDF_STREAM.finditer(data):
        d = zlib.decompressobj()
        pos = m.end()
        try:
            while not d.eof and (d.unconsumed_tail or pos < len(data)) and total <= limit:
                chunk = d.unconsumed_tail or view[pos:pos + _CHUNK]
                if not d.unconsumed_tail:
                    pos += len(chunk)
                total += len(d.decompress(chunk, _CHUNK))
        except zlib.error:
            continue
        if total > limit:
            break
    return total


def pdf_is_encrypted(data: bytes, exc: BaseException | None = None) -> bool:
    """Whether a PDF that failed to open is password-protected."""
    words = f"{type(exc).__name__} {exc!r}" if exc else ""
    return "Password" in words or "Encrypt" in words or b"/Encrypt" in data


# ---------------------------------------------------------------------------------------------
# DOCX

def docx_to_text(data: bytes) -> str:
    """Paragraphs and tables of a .docx in body order; a table row is one tab-separated line
    (a merged cell repeats in python-docx: printed once)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in d.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, d).text)
        elif tag == "tbl":
            for row in Table(block, d).rows:
                cells, last = [], None
                for cell in row.cells:
                    cells.append("" if cell._tc is last else cell.text.replace("\n", ""))
                    last = cell._tc
                lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# PDF

def pdf_to_text(data: bytes) -> str:
    """The text layer of a PDF, page by page: lines wrapped at the right margin rejoined, table
    rows as tab-separated cells, CJK compatibility forms mapped."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [_page_text(page) for page in pdf.pages]
    return fix_cjk_compat("\n".join(pages))


def _page_text(page) -> str:  # noqa: ANN001 (a pdfplumber page)
    lines = [(ln["text"], ln["x0"], ln["x1"]) for ln in page.extract_text_lines()]
    return "\n".join(cells_to_tabs(t) for t in _unwrap(lines)) if lines else (page.extract_text() or "")


_NO_JOIN_END = "。！？!?：:；;”）)"


_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.](?!\d)|第[一二三四五六七八九十]+[章节条])")


def _unwrap(lines: list[tuple[str, float, float]]) -> list[str]:
    """Join a prose line that reaches the right margin to the next line: the PDF wrapped it.

    The margin is the right edge of the widest prose line (not a table row); a line counts as
    reaching it within about one character's width. A line that ends a sentence, and a line
    before a numbered heading or a table row, is never joined."""
    prose = [(x1, len(t)) for t, _, x1 in lines if _is_prose(t)]
    if not prose:
        return [t for t, _, _ in lines]
    margin = max(x1 for x1, _ in prose)
    out: list[str] = []
    for i, (text, _, _) in enumerate(lines):
        prev = lines[i - 1] if i else None
        if prev is not None and out and _wrapped(prev, margin) and not _HEADING.match(text) \
                and not _ROW_TAIL.match(text) and re.search(r"[\u4e00-\u9fff]", text):
            out[-1] += text
        else:
            out.append(text)
    return out


def _wrapped(line: tuple[str, float, float], margin: float) -> bool:
    text, x0, x1 = line
    char = (x1 - x0) / max(len(text), 1)
    return _is_prose(text) and x1 >= margin - 1.2 * char and text.rstrip()[-1:] not in _NO_JOIN_END


def _is_prose(text: str) -> bool:
    """A line of running text: long enough, with Chinese in it, not a table row."""
    return len(text) >= 15 and bool(re.search(r"[\u4e00-\u9fff]", text)) and not _ROW_TAIL.match(text)


_ROW_TAIL = re.compile(
    r"^(?P<label>.*?[^\d\s.+-])?\s*(?P<cells>(?:[-+]?\d+(?:\.\d+)?)(?:\s+[-+]?\d+(?:\.\d+)?)+)\s*$")


def cells_to_tabs(text: str) -> str:
    """A PDF table row comes out as 'label 0 3 12': where a line ends in two or more
    space-separated numbers, the spaces are cell gaps and become tabs. Prose never ends that
    way ('31 条', '2014 年' keep their spaces)."""
    out = []
    for line in text.split("\n"):
        m = _ROW_TAIL.match(line)
        if m and (m.group("label") is None or not re.search(r"\d$", m.group("label") or "")):
            label = (m.group("label") or "").strip()
            cells = m.group("cells").split()
            out.append("\t".join([label, *cells] if label else cells))
        else:
            out.append(line)
    return "\n".join(out)
